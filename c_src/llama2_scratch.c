/* llama2_scratch.c: inference of a Llama 2 model (stories260K) inside Scratch.
 *
 * The model follows Karpathy's llama2.c: RMSNorm, rotary position embedding,
 * grouped-query attention, a SwiGLU feed-forward network, and a classifier
 * shared with the token embedding. Weights come from model_image.h, which
 * scratchc-modelpack writes (its --weights option picks the layout). Q8_0
 * layouts: every matrix has groups of 4 with one float scale per group, the
 * int8 weights packed four to a cell or one to a cell, and activations stay
 * float. The paired layout has one scale per row and two rows to a cell, and
 * the input of each product becomes integers.
 *
 * Scratch memory is one list of 32-bit cells, so this file keeps every array
 * in int, unsigned, float or double, uses no 64-bit integers, and calls no
 * libc function besides sqrtf, expf, fabs and (natively) rint.
 *
 * Build natively (the story goes to standard output, then the token ids):
 *   scratchc-modelpack --out-dir build/stories260k
 *   clang-19 -m32 -O2 -I c_src -I build/stories260k c_src/llama2_scratch.c -lm
 */
#include "scratch.h"
#include "model_image.h"

#include <float.h>
#include <math.h>

/* Keeps a function its own custom block, run without screen refresh. Inlined
 * into start_run, which runs with screen refresh, its loops would hand control
 * back to Scratch on every iteration; inlined into forward, the matmul_*
 * functions would make one very large custom block. TurboWarp makes each
 * custom block one JavaScript function, and V8 runs a very large one slower.
 * With attention, RMSNorm and RoPE inlined into forward, the story took about
 * a third more script time per token in TurboWarp: 1.9 against 1.3 ms with
 * paired weights, 3.1 against 2.6 ms packed. */
#define WARP_FUNCTION __attribute__((noinline))

/* ----------------------------------------------------------------------------
 * Settings: Scratch variables that stage sliders edit between runs. */

SCRATCH_VARIABLE("ui_steps") SCRATCH_SLIDER(1, 32) int ui_steps = GEN_STEPS;
/* 0 is greedy decoding. */
SCRATCH_VARIABLE("ui_temperature") SCRATCH_SLIDER(0.0, 2.0) double ui_temperature = 0;
/* Keeps only the k most likely tokens. 0 turns it off, and 1 is greedy. */
SCRATCH_VARIABLE("ui_top_k") SCRATCH_SLIDER(0, 100) int ui_top_k = 0;
/* Nucleus sampling threshold. Values outside (0, 1) turn it off. */
SCRATCH_VARIABLE("ui_top_p") SCRATCH_SLIDER(0.0, 1.0) double ui_top_p = 1;
/* The random generator's seed: any nonzero integer repeats a story, 0 picks a
 * random seed at the start of each run. The slider covers only part of the range. */
SCRATCH_VARIABLE("ui_seed") SCRATCH_SLIDER(0, 1000) int ui_seed = 0;
/* 1 forces the story to start with "Once upon a time,". */
SCRATCH_VARIABLE("ui_prompt_preset") SCRATCH_SLIDER(0, 1) int ui_prompt_preset = 0;
/* Counts the points where the program hands control back to Scratch. */
SCRATCH_VARIABLE("!!resets") int resets = 0;

/* Tokens per second of the current run, by Scratch's own timer from the
 * start of the run to the latest token, to two decimals.
 * NOTE: the timer advances once per frame, so a run that ends in the frame
 * it started in, as in TurboWarp's turbo mode on a fast machine, leaves 0. */
SCRATCH_VARIABLE("!!tok_per_s") double tokens_per_second = 0;

SCRATCH_MONITOR("!!status");
SCRATCH_MONITOR("!!resets");
SCRATCH_MONITOR("!!tok_per_s");

/* ----------------------------------------------------------------------------
 * Run state: activations and the key/value cache. */

static float x[DIM];          /* activation at the current position (dim,) */
static float xb[DIM];         /* the same inside a residual branch (dim,) */
static float xb2[DIM];        /* scratch buffer (dim,) */
static float hb[HIDDEN_DIM];  /* feed-forward hidden layer (hidden_dim,) */
static float hb2[HIDDEN_DIM]; /* feed-forward hidden layer (hidden_dim,) */
static float q[DIM];          /* query (dim,) */
static float att[N_HEADS * SEQ_LEN];               /* attention scores (n_heads, seq_len) */
static float logits[VOCAB_SIZE];                   /* output scores (vocab,) */
static float key_cache[N_LAYERS * SEQ_LEN * KV_DIM];   /* (layer, seq_len, kv_dim) */
static float value_cache[N_LAYERS * SEQ_LEN * KV_DIM]; /* (layer, seq_len, kv_dim) */

/* ----------------------------------------------------------------------------
 * Neural net blocks. */

/* x (n,) -> o (n,) = weight * x / sqrt(mean(x^2) + 1e-5). o may be x. */
WARP_FUNCTION static void rmsnorm(float *o, const float *x, const float *weight, int n) {
    float sum_of_squares = 0.0f;
    for (int j = 0; j < n; j++) {
        sum_of_squares += x[j] * x[j];
    }
    float scale = 1.0f / sqrtf(sum_of_squares / n + 1e-5f);
    for (int j = 0; j < n; j++) {
        o[j] = weight[j] * (scale * x[j]);
    }
}

/* x (n,) -> softmax(x) (n,), in place. */
static void softmax(float *x, int n) {
    float max_value = x[0];
    for (int i = 1; i < n; i++) {
        if (x[i] > max_value) max_value = x[i];
    }
    float sum = 0.0f;
    for (int i = 0; i < n; i++) {
        x[i] = expf(x[i] - max_value);
        sum += x[i];
    }
    for (int i = 0; i < n; i++) {
        x[i] /= sum;
    }
}

/* scratch-vm pays for every block it runs, and most for each statement, so
 * there the loop over a row's weights is unrolled in full and a row becomes
 * one expression. TurboWarp turns blocks into JavaScript, where a long
 * expression runs slower than a short loop (V8 inlines fewer of the helper
 * calls in it), so there the loop stays, unrolled four times. Script time
 * per token in TurboWarp, warm: paired 1.8 against 2.6 ms with the plain
 * loop (measured while attention was still inlined into forward), packed
 * 1.64 against 1.80 ms and unpacked 1.20 against 1.37 ms. Unrolling 8 or 16
 * times was no faster in any layout, and the full unroll was slower. */
#if SCRATCH_TARGET_TURBOWARP
#define ROW_LOOP _Pragma("clang loop unroll_count(4)")
#else
#define ROW_LOOP _Pragma("clang loop unroll(full)")
#endif

#ifdef PAIRED_LANE_BASE
/* Paired layout: rows 2p and 2p + 1 share the cells c_j = w(2p, j) +
 * PAIRED_LANE_BASE w(2p + 1, j), integers within +-511 and one scale per row.
 * With an integer input q, sum c_j q_j = low + PAIRED_LANE_BASE high, where
 * low and high are the two rows' sums. modelpack checked that both stay
 * under half the base and the whole sum under 2^53, so the sum is exact and
 * rounding sum / PAIRED_LANE_BASE gives high: one multiply-add per two
 * weights, and no unpacking inside the row. */
typedef double weight_cell;
#define LAYER_CELLS(rows, cols) ((rows) / 2 * (cols))
#define LAYER_SCALES(rows, cols) (rows)

/* Rounds a double within +-2^51 to an integer, halves to even. Scratch adds
 * 2^52 + 2^51 and takes it away again, which rounds so in IEEE doubles in
 * both runtimes (Scratch's `round` rounds halves up instead). Native code
 * calls rint, because the x87 unit that -m32 uses by default keeps more bits
 * than a double, and the same sum would keep the fraction. */
static inline double round_to_integer(double v) {
#if SCRATCH_TARGET
    const double shift = 6755399441055744.0;
    return (v + shift) - shift;
#else
    return rint(v);
#endif
}

/* Returns the upper row's part of a paired value v = low + PAIRED_LANE_BASE
 * high, which is high; low is then v - high * PAIRED_LANE_BASE. */
static inline double upper_lane(double v) {
    return round_to_integer(v * (1.0 / PAIRED_LANE_BASE));
}

/* The input of the next matmuls as integers within +-ACTIVATION_MAX_*, and
 * the float that each integer step stands for. */
static double quantized_input[HIDDEN_DIM];
static double input_step;

/* Makes x (n,) the input of the next matmuls: quantized_input_j =
 * round(x_j * ACTIVATION_MAX_* / max |x|), and input_step = max |x| /
 * ACTIVATION_MAX_*, the float that one integer step stands for. */
__attribute__((always_inline)) static inline void prepare_input(const float *x, int n) {
    double largest = 0;
    for (int j = 0; j < n; j++) {
        double magnitude = fabs(x[j]);
        if (magnitude > largest) largest = magnitude;
    }
    double activation_max = n == HIDDEN_DIM ? ACTIVATION_MAX_HIDDEN : ACTIVATION_MAX_DIM;
    double to_integer = largest > 0 ? activation_max / largest : 0;
    input_step = largest / activation_max;
    for (int j = 0; j < n; j++) {
        quantized_input[j] = round_to_integer(x[j] * to_integer);
    }
}

/* W (d,n) @ input (n,) -> xout (d,), for the input prepare_input made. Pair p
 * of rows is the cells from p * n. Only inlined into the matmul_* functions
 * below, with n constant, so that the reads of the input have constant
 * addresses. */
__attribute__((always_inline)) static inline void matmul(float *xout, const float *x, const weight_cell *cells,
                                                         const float *scales, int n, int d) {
    (void)x;
    double step = input_step;
    for (int p = 0; p < d / 2; p++) {
        const weight_cell *pair = cells + p * n;
        double sum = 0;
        ROW_LOOP
        for (int j = 0; j < n; j++) {
            sum += pair[j] * quantized_input[j];
        }
        double high = upper_lane(sum);
        double low = sum - high * PAIRED_LANE_BASE;
        xout[2 * p] = low * (scales[2 * p] * step);
        xout[2 * p + 1] = high * (scales[2 * p + 1] * step);
    }
}

/* Row `row` of a paired matrix (., n) -> xout (n,), dequantized. */
static void dequantize_row(float *xout, const weight_cell *cells, const float *scales, int row, int n) {
    const weight_cell *pair = cells + row / 2 * n;
    float scale = scales[row];
    int upper = row % 2;
    for (int j = 0; j < n; j++) {
        double high = upper_lane(pair[j]);
        double weight = upper ? high : pair[j] - high * PAIRED_LANE_BASE;
        xout[j] = weight * scale;
    }
}

#else
/* Q8_0 weights come in one of two layouts (scratchc-modelpack --weights).
 * Each group of Q8_GROUP_SIZE weights has one scale.
 *
 * Unpacked: one int8 to a cell.
 *
 * Packed: one cell per group, c = w0 + 256 w1 + 65536 w2 + 16777216 w3 (signed
 * base-256 digits). Each digit is within +-127, so the rounded quotient
 * f_k = round(c / 256^k) is w_k + 256 w_(k+1) + ..., and w_k = f_k - 256 f_(k+1).
 * Then sum w_k x_k = sum f_k y_k with y_k = x_k - 256 x_(k-1) (y_0 = x_0): a
 * product needs three roundings instead of four byte extractions. The sums
 * are taken in double: the terms cancel, but by an estimate about 29 bits
 * remain, more than a float has. */
typedef int weight_cell;
#if Q8_WEIGHTS_PER_CELL != 1 && Q8_WEIGHTS_PER_CELL != 4
#error "Q8_WEIGHTS_PER_CELL must be 1 or 4"
#endif
/* The cells and the scales of one layer of a (rows, cols) matrix. */
#define LAYER_CELLS(rows, cols) ((rows) * (cols) / Q8_WEIGHTS_PER_CELL)
#define LAYER_SCALES(rows, cols) ((rows) * (cols) / Q8_GROUP_SIZE)

#if Q8_WEIGHTS_PER_CELL == 4
/* round(c / 2^bits) of a packed cell c. No quotient is a tie, so how
 * halves round does not matter. For scratch-vm it is one `round` block of
 * the exact quotient: fewer blocks than the floor of a sum. TurboWarp ran
 * the story about a quarter slower with `round` (Chromium 156), and native
 * code calls libm for floor under -m32, so both keep the floor of a sum,
 * which stays below 2^31 for every packed cell (`>>` floors). */
static inline double rounded_quotient(int c, int bits) {
#if SCRATCH_TARGET && !SCRATCH_TARGET_TURBOWARP
    return scratch_round(c * (1.0 / (1 << bits)));
#else
    return (c + (1 << (bits - 1))) >> bits;
#endif
}

/* y (n,) of the packed dot product, for the input of the next matmuls. */
static double packed_input[HIDDEN_DIM];
#endif

/* Makes x (n,) the input of the next matmuls: packed weights read y, and
 * unpacked ones read x itself. */
__attribute__((always_inline)) static inline void prepare_input(const float *x, int n) {
#if Q8_WEIGHTS_PER_CELL == 4
    for (int j = 0; j < n; j++) {
        packed_input[j] = j % Q8_GROUP_SIZE == 0 ? x[j] : x[j] - 256.0 * x[j - 1];
    }
#else
    (void)x;
    (void)n;
#endif
}

/* W (d,n) @ x (n,) -> xout (d,), for the x prepare_input was last given. W is
 * Q8_0: row i is the n/4 groups from group i * n/4. Only inlined into the
 * matmul_* functions below, with x and n constant, so that the reads of the
 * input have constant addresses. */
__attribute__((always_inline)) static inline void matmul(float *xout, const float *x, const weight_cell *cells,
                                                         const float *scales, int n, int d) {
    int groups = n / Q8_GROUP_SIZE;
    for (int i = 0; i < d; i++) {
        const weight_cell *row = cells + i * (n / Q8_WEIGHTS_PER_CELL);
        const float *row_scales = scales + i * groups;
        float sum = 0.0f;
        ROW_LOOP
        for (int g = 0; g < groups; g++) {
#if Q8_WEIGHTS_PER_CELL == 4
            int c = row[g];
            const double *y = packed_input + g * Q8_GROUP_SIZE;
            float dot = (float)(c * y[0] + rounded_quotient(c, 8) * y[1] + rounded_quotient(c, 16) * y[2] +
                                rounded_quotient(c, 24) * y[3]);
#else
            const weight_cell *w = row + g * Q8_GROUP_SIZE;
            const float *xg = x + g * Q8_GROUP_SIZE;
            float dot = w[0] * xg[0] + w[1] * xg[1] + w[2] * xg[2] + w[3] * xg[3];
#endif
            sum += row_scales[g] * dot;
        }
        xout[i] = sum;
    }
}

/* Row `row` of a Q8_0 matrix (., n) -> xout (n,), dequantized. */
static void dequantize_row(float *xout, const weight_cell *cells, const float *scales, int row, int n) {
    const weight_cell *row_cells = cells + row * (n / Q8_WEIGHTS_PER_CELL);
    const float *row_scales = scales + row * (n / Q8_GROUP_SIZE);
    for (int g = 0; g < n / Q8_GROUP_SIZE; g++) {
        float scale = row_scales[g];
        float *out = xout + Q8_GROUP_SIZE * g;
#if Q8_WEIGHTS_PER_CELL == 4
        int c = row_cells[g];
        double f1 = rounded_quotient(c, 8);
        double f2 = rounded_quotient(c, 16);
        double f3 = rounded_quotient(c, 24);
        out[0] = (c - 256 * f1) * scale;
        out[1] = (f1 - 256 * f2) * scale;
        out[2] = (f2 - 256 * f3) * scale;
        out[3] = f3 * scale;
#else
        for (int k = 0; k < Q8_GROUP_SIZE; k++) {
            out[k] = row_cells[Q8_GROUP_SIZE * g + k] * scale;
        }
#endif
    }
}
#endif

/* Makes xb, or hb, the input of the next matmul_xb, or matmul_hb. */
WARP_FUNCTION static void prepare_xb(void) {
    prepare_input(xb, DIM);
}

WARP_FUNCTION static void prepare_hb(void) {
    prepare_input(hb, HIDDEN_DIM);
}

/* W (d, DIM) @ xb -> xout (d,). */
WARP_FUNCTION static void matmul_xb(float *xout, const weight_cell *cells, const float *scales, int d) {
    matmul(xout, xb, cells, scales, DIM, d);
}

/* W (d, HIDDEN_DIM) @ hb -> xout (d,). */
WARP_FUNCTION static void matmul_hb(float *xout, const weight_cell *cells, const float *scales, int d) {
    matmul(xout, hb, cells, scales, HIDDEN_DIM, d);
}

/* Rotates each pair (2i, 2i + 1) of every head of vec (n,) by position pos's
 * angle for that pair (RoPE), in place. */
WARP_FUNCTION static void rope(float *vec, int n, int pos) {
    const float *cos_row = rope_cos + pos * (HEAD_SIZE / 2);
    const float *sin_row = rope_sin + pos * (HEAD_SIZE / 2);
    for (int i = 0; i < n; i += 2) {
        int pair = (i % HEAD_SIZE) / 2;
        float v0 = vec[i];
        float v1 = vec[i + 1];
        vec[i] = v0 * cos_row[pair] - v1 * sin_row[pair];
        vec[i + 1] = v0 * sin_row[pair] + v1 * cos_row[pair];
    }
}

/* Attention of query head h at position pos over the layer's cached keys and
 * values, into its slice of xb. Each group of N_HEADS / N_KV_HEADS query
 * heads shares one key/value head. */
WARP_FUNCTION static void attend(int h, const float *layer_keys, const float *layer_values, int pos) {
    const float *q_head = q + h * HEAD_SIZE;
    float *scores = att + h * SEQ_LEN;
    int kv_offset = (h / (N_HEADS / N_KV_HEADS)) * HEAD_SIZE;

    float max_score = -FLT_MAX;
    for (int t = 0; t <= pos; t++) {
        const float *k_t = layer_keys + t * KV_DIM + kv_offset;
        float score = 0.0f;
        for (int i = 0; i < HEAD_SIZE; i++) {
            score += q_head[i] * k_t[i];
        }
        score /= sqrtf(HEAD_SIZE);
        scores[t] = score;
        if (score > max_score) max_score = score;
    }

    /* The softmax of the scores weighs the values. One pass sums both the
     * weights exp(score - max_score) and the weighted values, which stay in
     * locals (Scratch variables), and the division by the weights' sum comes
     * last. A softmax pass and then the weighted sum took 151,000 instead of
     * 123,000 blocks per token in scratch-vm (paired weights). */
    float weight_sum = 0.0f;
    float out[HEAD_SIZE];
    for (int i = 0; i < HEAD_SIZE; i++) {
        out[i] = 0.0f;
    }
    for (int t = 0; t <= pos; t++) {
        const float *v_t = layer_values + t * KV_DIM + kv_offset;
        float weight = expf(scores[t] - max_score);
        weight_sum += weight;
        for (int i = 0; i < HEAD_SIZE; i++) {
            out[i] += weight * v_t[i];
        }
    }
    float *out_head = xb + h * HEAD_SIZE;
    for (int i = 0; i < HEAD_SIZE; i++) {
        out_head[i] = out[i] / weight_sum;
    }
}

/* Runs the transformer on `token` at position `pos` and leaves the scores of
 * the next token in `logits`. The key/value cache must hold positions 0 to
 * pos - 1 of the same sequence. */
WARP_FUNCTION static void forward(int token, int pos) {
    /* The token embedding is the input. */
    dequantize_row(x, token_embedding_cells, token_embedding_scales, token, DIM);

    for (int l = 0; l < N_LAYERS; l++) {
        /* Attention RMSNorm. */
        rmsnorm(xb, x, rms_att_weight + l * DIM, DIM);
        prepare_xb();

        /* Query, key and value. The key and value go straight into the cache. */
        float *layer_keys = key_cache + l * SEQ_LEN * KV_DIM;
        float *layer_values = value_cache + l * SEQ_LEN * KV_DIM;
        float *k = layer_keys + pos * KV_DIM;
        float *v = layer_values + pos * KV_DIM;
        matmul_xb(q, wq_cells + l * LAYER_CELLS(DIM, DIM), wq_scales + l * LAYER_SCALES(DIM, DIM), DIM);
        matmul_xb(k, wk_cells + l * LAYER_CELLS(KV_DIM, DIM), wk_scales + l * LAYER_SCALES(KV_DIM, DIM), KV_DIM);
        matmul_xb(v, wv_cells + l * LAYER_CELLS(KV_DIM, DIM), wv_scales + l * LAYER_SCALES(KV_DIM, DIM), KV_DIM);

        /* Rotary position embedding of the query and the key. */
        rope(q, DIM, pos);
        rope(k, KV_DIM, pos);

        /* Multi-head attention. */
        for (int h = 0; h < N_HEADS; h++) {
            attend(h, layer_keys, layer_values, pos);
        }

        /* Output projection and residual connection. */
        prepare_xb();
        matmul_xb(xb2, wo_cells + l * LAYER_CELLS(DIM, DIM), wo_scales + l * LAYER_SCALES(DIM, DIM), DIM);
        for (int i = 0; i < DIM; i++) {
            x[i] += xb2[i];
        }

        /* Feed-forward RMSNorm. */
        rmsnorm(xb, x, rms_ffn_weight + l * DIM, DIM);
        prepare_xb();

        /* SwiGLU: w2(silu(w1(x)) * w3(x)). */
        matmul_xb(hb, w1_cells + l * LAYER_CELLS(HIDDEN_DIM, DIM), w1_scales + l * LAYER_SCALES(HIDDEN_DIM, DIM),
                  HIDDEN_DIM);
        matmul_xb(hb2, w3_cells + l * LAYER_CELLS(HIDDEN_DIM, DIM), w3_scales + l * LAYER_SCALES(HIDDEN_DIM, DIM),
                  HIDDEN_DIM);
        for (int i = 0; i < HIDDEN_DIM; i++) {
            float gate = hb[i] / (1.0f + expf(-hb[i]));
            hb[i] = gate * hb2[i];
        }
        prepare_hb();
        matmul_hb(xb, w2_cells + l * LAYER_CELLS(DIM, HIDDEN_DIM), w2_scales + l * LAYER_SCALES(DIM, HIDDEN_DIM), DIM);

        /* Residual connection. */
        for (int i = 0; i < DIM; i++) {
            x[i] += xb[i];
        }
    }

    /* Final RMSNorm, then the classifier, which shares the token embedding. */
    rmsnorm(xb, x, rms_final_weight, DIM);
    prepare_xb();
    matmul_xb(logits, token_embedding_cells, token_embedding_scales, VOCAB_SIZE);
}

/* ----------------------------------------------------------------------------
 * Sampling, as llama2.c samples: xorshift64* random numbers, temperature,
 * softmax, then plain, top-k or nucleus (top-p) sampling. */

/* The 64-bit xorshift64* state as two 32-bit halves. */
static unsigned rng_high;
static unsigned rng_low;

/* Sorted candidates of top-k and top-p sampling, most probable first. */
static int candidate_ids[VOCAB_SIZE];
static float candidate_probs[VOCAB_SIZE];

/* Returns the upper 32 bits of the 64-bit product a * b, from 16-bit halves
 * whose products all fit in 32 bits. */
static unsigned multiply_high(unsigned a, unsigned b) {
    unsigned a_low = a & 0xffffu, a_high = a >> 16;
    unsigned b_low = b & 0xffffu, b_high = b >> 16;
    unsigned low_low = a_low * b_low;
    unsigned low_high = a_low * b_high;
    unsigned high_low = a_high * b_low;
    unsigned high_high = a_high * b_high;
    unsigned middle = (low_low >> 16) + (low_high & 0xffffu) + (high_low & 0xffffu);
    return high_high + (low_high >> 16) + (high_low >> 16) + (middle >> 16);
}

/* Seeds the generator with a 64-bit value: an int seed is sign-extended,
 * as llama2.c's conversion of its int seed to unsigned long long does. */
static void seed_random(int seed) {
    rng_low = (unsigned)seed;
    rng_high = seed < 0 ? 0xffffffffu : 0u;
}

/* xorshift64*: state ^= state >> 12; state ^= state << 25; state ^= state >> 27;
 * returns the bits 32..63 of state * 0x2545F4914F6CDD1D, bit for bit. */
static unsigned random_u32(void) {
    rng_low ^= (rng_low >> 12) | (rng_high << 20);
    rng_high ^= rng_high >> 12;

    rng_high ^= (rng_high << 25) | (rng_low >> 7);
    rng_low ^= rng_low << 25;

    rng_low ^= (rng_low >> 27) | (rng_high << 5);
    rng_high ^= rng_high >> 27;

    /* Of the product's 64 low bits, bits 32..63 get the high half of
     * low * 0x4F6CDD1D plus the low halves of the two cross products. */
    return multiply_high(rng_low, 0x4f6cdd1du) + rng_low * 0x2545f491u + rng_high * 0x4f6cdd1du;
}

/* Returns a float in [0, 1) with 24 random bits. */
static float random_f32(void) {
    return (random_u32() >> 8) / 16777216.0f;
}

/* Returns the index of the largest of x (n,), the first one on ties. */
static int argmax(const float *x, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
        if (x[i] > x[best]) best = i;
    }
    return best;
}

/* Returns the first index whose cumulative probability in probs (n,) exceeds coin. */
static int sample_multinomial(const float *probs, int n, float coin) {
    float cdf = 0.0f;
    for (int i = 0; i < n; i++) {
        cdf += probs[i];
        if (coin < cdf) return i;
    }
    return n - 1; /* rounding left the total below coin */
}

/* Samples from probs (n,) restricted to its top_k most probable tokens (all
 * when top_k is 0) and then to the smallest prefix of those whose probability
 * passes top_p (all when top_p is 1). Ties keep the lower token id first,
 * whereas llama2.c leaves their order to qsort, which need not be stable. */
static int sample_truncated(const float *probs, int n, int top_k, float top_p, float coin) {
    /* Tokens below this cannot be in the nucleus (llama2.c's cutoff). */
    float cutoff = top_p < 1.0f ? (1.0f - top_p) / (n - 1) : 0.0f;
    int limit = top_k > 0 && top_k < n ? top_k : n;

    /* Insertion sort into the candidate arrays, keeping at most `limit`. */
    int count = 0;
    for (int i = 0; i < n; i++) {
        float p = probs[i];
        if (p < cutoff) continue;
        if (count == limit && p <= candidate_probs[limit - 1]) continue;

        int j = count < limit ? count++ : limit - 1;
        while (j > 0 && candidate_probs[j - 1] < p) {
            candidate_probs[j] = candidate_probs[j - 1];
            candidate_ids[j] = candidate_ids[j - 1];
            j--;
        }
        candidate_probs[j] = p;
        candidate_ids[j] = i;
    }

    /* Keep candidates until their cumulative probability exceeds top_p. */
    int last = count - 1;
    float cumulative = 0.0f;
    for (int i = 0; i < count; i++) {
        cumulative += candidate_probs[i];
        if (top_p < 1.0f && cumulative > top_p) {
            last = i;
            break;
        }
    }

    /* Sample within the kept candidates, scaling coin to their total. */
    float r = coin * cumulative;
    float cdf = 0.0f;
    for (int i = 0; i <= last; i++) {
        cdf += candidate_probs[i];
        if (r < cdf) return candidate_ids[i];
    }
    return candidate_ids[last];
}

/* Returns the next token from `logits`, which it overwrites with probabilities
 * unless temperature is 0 (greedy). */
WARP_FUNCTION static int sample(float temperature, int top_k, float top_p) {
    if (temperature <= 0.0f) return argmax(logits, VOCAB_SIZE);

    for (int i = 0; i < VOCAB_SIZE; i++) {
        logits[i] /= temperature;
    }
    softmax(logits, VOCAB_SIZE);

    float coin = random_f32();
    if (top_p <= 0.0f || top_p >= 1.0f) top_p = 1.0f;
    if (top_k <= 0 && top_p == 1.0f) return sample_multinomial(logits, VOCAB_SIZE, coin);
    return sample_truncated(logits, VOCAB_SIZE, top_k, top_p, coin);
}

/* Returns a random nonzero seed for ui_seed 0 (0 is xorshift's fixed point). */
static int random_seed(void) {
    return scratch_random(1, 2147483647);
}

/* ----------------------------------------------------------------------------
 * Scripts: the green flag resets the run, space or a click on the sprite
 * generates a story. */

SCRATCH_WHEN_FLAG_CLICKED void reset_run(void) {
    scratch_list_clear("!!output");
    scratch_set_text("!!text", "");
    scratch_set_text("!!status", "Edit params...");
    scratch_say("!!text");
}

/* Clears `!!text` and `!!output`, then generates up to ui_steps tokens from
 * BOS and streams each into them. It runs with screen refresh, so Scratch
 * can redraw the stage after every token; forward() and sample() run in warp
 * mode. The speech bubble shows the text at most every SAY_INTERVAL seconds,
 * because in TurboWarp several tokens come in one frame and a `say` of a long
 * text takes about 2 ms, a third of a token's work. At the end of the run the
 * bubble shows the whole text. */
#define SAY_INTERVAL 0.1
SCRATCH_WHEN_KEY_PRESSED("space") SCRATCH_SCREEN_REFRESH void start_run(void) {
    scratch_set_text("!!status", "Running...");
    scratch_list_clear("!!output");
    scratch_set_text("!!text", "");

    int steps = ui_steps;
    if (steps < 1) steps = 1;
    if (steps > SEQ_LEN) steps = SEQ_LEN;
    float temperature = (float)ui_temperature;
    float top_p = (float)ui_top_p;
    int top_k = ui_top_k;
    seed_random(ui_seed != 0 ? ui_seed : random_seed());
    /* The prompt is BOS alone unless the preset forces its tokens. */
    int prompt_length = ui_prompt_preset == 1 ? PROMPT_PRESET_LENGTH : 1;

    /* Each step feeds one token and picks the next: forced while inside the
     * prompt, sampled after it. BOS or EOS ends the story early. */
    int token = BOS_TOKEN;
    double started = scratch_timer();
    double bubble_updated_at = -SAY_INTERVAL;
    tokens_per_second = 0;
    for (int pos = 0; pos < steps; pos++) {
        forward(token, pos);
        int next = pos + 1 < prompt_length ? prompt_preset_tokens[pos + 1]
                                           : sample(temperature, top_k, top_p);
        if (next == BOS_TOKEN || next == EOS_TOKEN) break;

        /* The piece after BOS loses its leading space, as in SentencePiece. */
        scratch_emit_piece("!!output", vocab_pieces, "!!text", next, token == BOS_TOKEN);
        resets++;
        token = next;
        double now = scratch_timer();
        if (now - bubble_updated_at >= SAY_INTERVAL) {
            scratch_say("!!text");
            bubble_updated_at = now;
        }
        double elapsed = now - started;
        /* Two decimals: a longer number runs off the stage in its monitor. */
        if (elapsed > 0) tokens_per_second = scratch_round(100 * (pos + 1) / elapsed) / 100;
    }

    scratch_say("!!text");
    scratch_set_text("!!status", "Done.");
}

SCRATCH_WHEN_THIS_SPRITE_CLICKED SCRATCH_SCREEN_REFRESH void start_run_on_click(void) {
    start_run();
}

#if !SCRATCH_TARGET
#include <stdlib.h>
#include <string.h>

/* Natively: one run with the saved settings, changed by NAME=VALUE arguments
 * (ui_steps=32 ui_temperature=1 ui_seed=42 ...), then the token ids. */
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *value = strchr(argv[i], '=');
        if (value == NULL) {
            fprintf(stderr, "llama2_scratch: invalid argument '%s'; expected NAME=VALUE\n", argv[i]);
            return 2;
        }
        size_t length = (size_t)(value - argv[i]);
        value++;
        if (length == 8 && strncmp(argv[i], "ui_steps", length) == 0) ui_steps = atoi(value);
        else if (length == 14 && strncmp(argv[i], "ui_temperature", length) == 0) ui_temperature = atof(value);
        else if (length == 8 && strncmp(argv[i], "ui_top_k", length) == 0) ui_top_k = atoi(value);
        else if (length == 8 && strncmp(argv[i], "ui_top_p", length) == 0) ui_top_p = atof(value);
        else if (length == 7 && strncmp(argv[i], "ui_seed", length) == 0) ui_seed = atoi(value);
        else if (length == 16 && strncmp(argv[i], "ui_prompt_preset", length) == 0) ui_prompt_preset = atoi(value);
        else {
            fprintf(stderr, "llama2_scratch: unknown setting '%.*s'\n", (int)length, argv[i]);
            return 2;
        }
    }
    reset_run();
    start_run();
    scratch_print_list("!!output");
    return 0;
}
#endif
