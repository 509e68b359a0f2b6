/* matvec64.c: micro-benchmark of one Q8_0 matrix-vector product,
 * W (64, 64) @ x (64,) -> (64,), with four int8 weights packed per cell as
 * two's complement bytes and one float scale per group of 4. It is the loop
 * that llama2_scratch.c's matmul was before that read signed-digit cells,
 * so it times byte extraction and loop overhead.
 *
 * main() repeats the product, doubling the repetitions until one batch takes
 * at least MIN_SECONDS by scratch_timer(), then stores nanoseconds per
 * multiply-add in the variable `bench_ns_per_mac` and prints the check value
 * and the repetitions to stdout. The inputs make every product and sum exact
 * in float, so the check value is the same in every runtime. The hand-written
 * JavaScript twin is benchMatvec64 in tests/vm/bench/forward.js.
 *
 * In Scratch:  scratchc cc tests/bench/matvec64.c -o out/matvec64.sb3
 *              node tests/vm/run.js out/matvec64.sb3 --print-variable bench_ns_per_mac
 * Natively:    clang-19 -m32 -O2 -I c_src tests/bench/matvec64.c -o matvec64
 */
#include "scratch.h"

#define N 64
#define GROUPS (N / 4)

/* Seconds one timed batch must last at least. */
#ifndef MIN_SECONDS
#define MIN_SECONDS 1.0
#endif

/* Keeps the function its own custom block, run without screen refresh. */
#define WARP_FUNCTION __attribute__((noinline))

SCRATCH_VARIABLE("bench_ns_per_mac") double bench_ns_per_mac = 0;
SCRATCH_VARIABLE("bench_repetitions") int bench_repetitions = 0;
SCRATCH_VARIABLE("bench_seconds") double bench_seconds = 0;

static unsigned cells[N * GROUPS];
static float scales[N * GROUPS];
static float x[N];
static float out[N];

/* W (n, n) @ x (n,) -> out (n,), W in Q8_0 as in llama2_scratch.c's matmul.
 * It has external linkage, so clang cannot specialize it for its one call
 * site: n stays a run-time argument and the loops are not unrolled for 64. */
WARP_FUNCTION void matvec(float *result, const float *vector, const unsigned *w_cells,
                                 const float *w_scales, int n) {
    int groups = n / 4;
    for (int i = 0; i < n; i++) {
        const unsigned *row = w_cells + i * groups;
        const float *row_scales = w_scales + i * groups;
        float sum = 0.0f;
        for (int g = 0; g < groups; g++) {
            unsigned cell = row[g];
            const float *xg = vector + g * 4;
            float dot = (int)(signed char)cell * xg[0] + (int)(signed char)(cell >> 8) * xg[1] +
                        (int)(signed char)(cell >> 16) * xg[2] + (int)(signed char)(cell >> 24) * xg[3];
            sum += row_scales[g] * dot;
        }
        result[i] = sum;
    }
}

/* Weight (i, j) is ((i * 7 + j * 13) % 255) - 127, the scale of group g is
 * 2^-(g % 8) and x[j] is (j % 9 - 4) / 4. */
WARP_FUNCTION static void fill_inputs(void) {
    for (int i = 0; i < N; i++) {
        for (int g = 0; g < GROUPS; g++) {
            unsigned cell = 0;
            for (int b = 0; b < 4; b++) {
                int j = g * 4 + b;
                int weight = ((i * 7 + j * 13) % 255) - 127;
                cell |= ((unsigned)weight & 0xffu) << (8 * b);
            }
            cells[i * GROUPS + g] = cell;
        }
    }
    for (int g = 0; g < N * GROUPS; g++) {
        scales[g] = 1.0f / (float)(1 << (g % 8));
    }
    for (int j = 0; j < N; j++) {
        x[j] = (float)((j % 9) - 4) / 4.0f;
    }
}

/* Runs the product `repetitions` times. */
WARP_FUNCTION static void run_batch(int repetitions) {
    for (int r = 0; r < repetitions; r++) {
        matvec(out, x, cells, scales, N);
    }
}

/* main runs with screen refresh, so its loop hands control back to Scratch
 * once per iteration. The timer is read at the start of the iteration after
 * each batch, never in the same frame as the batch's start, because
 * TurboWarp's timer only advances between frames (it reads the runtime's
 * frame time, runtime.currentMSecs, in @turbowarp/packager 3.13.0). */
SCRATCH_SCREEN_REFRESH int main(void) {
    fill_inputs();

    int repetitions = 1;
    double started = 0;
    double seconds = 0;
    for (int round = 0;; round++) {
        double now = scratch_timer();
        if (round > 0) {
            seconds = now - started;
            if (seconds >= MIN_SECONDS || repetitions >= (1 << 29)) break;
            repetitions *= 2;
        }
        started = now;
        run_batch(repetitions);
    }
    bench_repetitions = repetitions;
    bench_seconds = seconds;
    bench_ns_per_mac = seconds * 1e9 / ((double)repetitions * N * N);

    /* The check value sum(out[i] * (i + 1)) is a multiple of 2^-9, so
     * 512 times it is a whole number that every runtime prints alike. */
    double check = 0;
    for (int i = 0; i < N; i++) {
        check += (double)out[i] * (i + 1);
    }
    scratch_print_str("check*512: ");
    scratch_print_int((int)(check * 512.0));
    scratch_print_newline();
    scratch_print_str("repetitions: ");
    scratch_print_int(repetitions);
    scratch_print_newline();
#if !SCRATCH_TARGET
    printf("bench_seconds: %.6f\nbench_ns_per_mac: %.4f\n", bench_seconds, bench_ns_per_mac);
#endif
    return 0;
}
