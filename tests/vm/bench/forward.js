'use strict';

// A hand-written forward pass of stories260K over typed arrays: the ceiling
// that the compiled Scratch program is compared with. It computes what
// c_src/llama2_scratch.c computes (RMSNorm with eps 1e-5, RoPE from the
// precomputed tables, grouped-query attention, SwiGLU, the classifier shared
// with the token embedding) from the same image, read from the JSON file
// that `scratchc-modelpack --json` writes: Q8_0, or the paired layout's
// per-row weights with each product's input made integers, as the C does.
// Activations live in Float32Array, so every stored value is rounded to
// float as in C.
//
// The file runs in Node (require) and in a browser page (a classic script,
// which defines `globalThis.scratchcForward`), so it uses no Node module.

(function defineForward(root) {
    /**
     * Builds the model from the parsed JSON image. A Q8_0 matrix becomes an
     * Int8Array of its weights (row-major, a cell's low byte first) and a
     * Float32Array of its group scales; a paired one an Int16Array of its
     * weights and a Float32Array of its row scales.
     */
    function loadModel(image) {
        const config = image.config;
        const paired = config.weights === 'paired';
        const matrices = {};
        for (const [name, matrix] of Object.entries(image.matrices)) {
            let weights;
            if (paired) {
                weights = Int16Array.from(matrix.weights);
            } else {
                // Typed arrays use the platform's byte order, so on a
                // little-endian machine byte 0 of a cell is its low byte.
                weights = new Int8Array(Uint32Array.from(matrix.cells).buffer);
            }
            matrices[name] = {weights, scales: Float32Array.from(matrix.scales)};
        }
        const norms = {};
        for (const [name, values] of Object.entries(image.norms)) norms[name] = Float32Array.from(values);
        const products = paired ? pairedProducts(config) : {prepareInput() {}, matvec};
        return {
            config,
            paired,
            prepareInput: products.prepareInput,
            matvec: products.matvec,
            matrices,
            norms,
            ropeCos: Float32Array.from(image.rope_cos),
            ropeSin: Float32Array.from(image.rope_sin)
        };
    }

    /**
     * W (d, n) @ x (n,) -> out (d,) for a Q8_0 matrix whose rows start at
     * weight `offset` (a multiple of n) of `weights` and group `offset / 4`
     * of `scales`.
     */
    function matvec(out, x, weights, scales, offset, n, d) {
        let w = offset;
        let g = offset >> 2;
        for (let i = 0; i < d; i++) {
            let sum = 0;
            for (let j = 0; j < n; j += 4, w += 4, g++) {
                const dot = weights[w] * x[j] + weights[w + 1] * x[j + 1] +
                    weights[w + 2] * x[j + 2] + weights[w + 3] * x[j + 3];
                sum += scales[g] * dot;
            }
            out[i] = sum;
        }
    }

    // 2^52 + 2^51: adding it and taking it away rounds a double within
    // ±2^51 to an integer, halves to even, as llama2_scratch.c rounds.
    const ROUNDING_SHIFT = 6755399441055744;

    /**
     * Returns the paired layout's two steps, as llama2_scratch.c takes them.
     * prepareInput(x, n) makes x the input of the next products: integers
     * within ±activation_max, scaled by the largest |x_j|. matvec(out, x,
     * weights, scales, offset, n, d) is W (d, n) @ that input -> out (d,),
     * for weights whose rows start at weight `offset` (a multiple of n) and
     * scale `offset / n`; it ignores x.
     */
    function pairedProducts(config) {
        const integers = new Float64Array(Math.max(config.dim, config.hidden_dim));
        let step = 0;
        return {
            prepareInput(x, n) {
                let largest = 0;
                for (let j = 0; j < n; j++) largest = Math.max(largest, Math.abs(x[j]));
                const activationMax = n === config.hidden_dim ? config.activation_max_hidden : config.activation_max_dim;
                const toInteger = largest > 0 ? activationMax / largest : 0;
                step = largest / activationMax;
                for (let j = 0; j < n; j++) integers[j] = (x[j] * toInteger + ROUNDING_SHIFT) - ROUNDING_SHIFT;
            },
            matvec(out, x, weights, scales, offset, n, d) {
                let w = offset;
                let row = offset / n;
                for (let i = 0; i < d; i++, row++) {
                    let sum = 0;
                    for (let j = 0; j < n; j++, w++) sum += weights[w] * integers[j];
                    out[i] = sum * (scales[row] * step);
                }
            }
        };
    }

    function rmsnorm(out, x, weight, weightOffset, n) {
        let sumOfSquares = 0;
        for (let j = 0; j < n; j++) sumOfSquares += x[j] * x[j];
        const scale = 1 / Math.sqrt(sumOfSquares / n + 1e-5);
        for (let j = 0; j < n; j++) out[j] = weight[weightOffset + j] * (scale * x[j]);
    }

    // Rotates each pair (2i, 2i + 1) of every head of vec[offset .. offset + n) by
    // position pos's angle for that pair.
    function rope(model, vec, offset, n, pos) {
        const half = model.config.head_size / 2;
        for (let i = 0; i < n; i += 2) {
            const table = pos * half + (i % model.config.head_size) / 2;
            const cos = model.ropeCos[table];
            const sin = model.ropeSin[table];
            const v0 = vec[offset + i];
            const v1 = vec[offset + i + 1];
            vec[offset + i] = v0 * cos - v1 * sin;
            vec[offset + i + 1] = v0 * sin + v1 * cos;
        }
    }

    /** Allocates the activations and the key/value cache of one sequence. */
    function createState(model) {
        const c = model.config;
        return {
            x: new Float32Array(c.dim),
            xb: new Float32Array(c.dim),
            xb2: new Float32Array(c.dim),
            hb: new Float32Array(c.hidden_dim),
            hb2: new Float32Array(c.hidden_dim),
            q: new Float32Array(c.dim),
            att: new Float32Array(c.n_heads * c.seq_len),
            logits: new Float32Array(c.vocab_size),
            keyCache: new Float32Array(c.n_layers * c.seq_len * c.kv_dim),
            valueCache: new Float32Array(c.n_layers * c.seq_len * c.kv_dim)
        };
    }

    /**
     * Runs the transformer on `token` at position `pos` and leaves the next
     * token's scores in state.logits. The cache must hold positions 0 to
     * pos - 1 of the same sequence.
     */
    function forward(model, state, token, pos) {
        const c = model.config;
        const m = model.matrices;
        const {x, xb, xb2, hb, hb2, q, att, keyCache, valueCache} = state;
        const dim = c.dim;
        const kvDim = c.kv_dim;
        const hidden = c.hidden_dim;
        const headSize = c.head_size;
        const headsPerKv = c.n_heads / c.n_kv_heads;

        const matvec = model.matvec;
        const prepareInput = model.prepareInput;

        // The token embedding row, dequantized, is the input.
        const embedding = m.token_embedding;
        for (let j = 0; j < dim; j++) {
            const scale = model.paired ? embedding.scales[token] : embedding.scales[(token * dim + j) >> 2];
            x[j] = embedding.weights[token * dim + j] * scale;
        }

        for (let l = 0; l < c.n_layers; l++) {
            rmsnorm(xb, x, model.norms.rms_att_weight, l * dim, dim);
            prepareInput(xb, dim);

            // The key and value go straight into the cache.
            const layerBase = l * c.seq_len * kvDim;
            const k = keyCache.subarray(layerBase + pos * kvDim, layerBase + (pos + 1) * kvDim);
            const v = valueCache.subarray(layerBase + pos * kvDim, layerBase + (pos + 1) * kvDim);
            matvec(q, xb, m.wq.weights, m.wq.scales, l * dim * dim, dim, dim);
            matvec(k, xb, m.wk.weights, m.wk.scales, l * kvDim * dim, dim, kvDim);
            matvec(v, xb, m.wv.weights, m.wv.scales, l * kvDim * dim, dim, kvDim);
            rope(model, q, 0, dim, pos);
            rope(model, k, 0, kvDim, pos);

            // Each group of headsPerKv query heads shares one key/value head.
            for (let h = 0; h < c.n_heads; h++) {
                const qOffset = h * headSize;
                const scores = h * c.seq_len;
                const kvOffset = Math.floor(h / headsPerKv) * headSize;
                let maxScore = -Infinity;
                for (let t = 0; t <= pos; t++) {
                    const kt = layerBase + t * kvDim + kvOffset;
                    let score = 0;
                    for (let i = 0; i < headSize; i++) score += q[qOffset + i] * keyCache[kt + i];
                    att[scores + t] = score / Math.sqrt(headSize);
                    maxScore = Math.max(maxScore, att[scores + t]);
                }

                // As in the C: one pass sums the softmax weights and the
                // weighted values, and the division comes last.
                let weightSum = 0;
                for (let i = 0; i < headSize; i++) xb[qOffset + i] = 0;
                for (let t = 0; t <= pos; t++) {
                    const vt = layerBase + t * kvDim + kvOffset;
                    const weight = Math.exp(att[scores + t] - maxScore);
                    weightSum += weight;
                    for (let i = 0; i < headSize; i++) xb[qOffset + i] += weight * valueCache[vt + i];
                }
                for (let i = 0; i < headSize; i++) xb[qOffset + i] /= weightSum;
            }

            prepareInput(xb, dim);
            matvec(xb2, xb, m.wo.weights, m.wo.scales, l * dim * dim, dim, dim);
            for (let i = 0; i < dim; i++) x[i] += xb2[i];

            // SwiGLU: w2(silu(w1(x)) * w3(x)).
            rmsnorm(xb, x, model.norms.rms_ffn_weight, l * dim, dim);
            prepareInput(xb, dim);
            matvec(hb, xb, m.w1.weights, m.w1.scales, l * hidden * dim, dim, hidden);
            matvec(hb2, xb, m.w3.weights, m.w3.scales, l * hidden * dim, dim, hidden);
            for (let i = 0; i < hidden; i++) {
                const gate = hb[i] / (1 + Math.exp(-hb[i]));
                hb[i] = gate * hb2[i];
            }
            prepareInput(hb, hidden);
            matvec(xb, hb, m.w2.weights, m.w2.scales, l * dim * hidden, hidden, dim);
            for (let i = 0; i < dim; i++) x[i] += xb[i];
        }

        rmsnorm(x, x, model.norms.rms_final_weight, 0, dim);
        prepareInput(x, dim);
        matvec(state.logits, x, embedding.weights, embedding.scales, 0, dim, c.vocab_size);
    }

    /** Returns the index of the largest score, the first one on ties. */
    function argmax(scores) {
        let best = 0;
        for (let i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) best = i;
        }
        return best;
    }

    /**
     * Generates up to `steps` tokens greedily from BOS, as llama2_scratch.c
     * does with temperature 0, and returns their ids and the time of each
     * token in milliseconds from `now()` (performance.now in both Node and
     * browsers).
     */
    function generateGreedy(model, steps, now) {
        const state = createState(model);
        const ids = [];
        const tokenMilliseconds = [];
        let token = model.config.bos;
        for (let pos = 0; pos < steps; pos++) {
            const started = now();
            forward(model, state, token, pos);
            const next = argmax(state.logits);
            tokenMilliseconds.push(now() - started);
            if (next === model.config.bos || next === model.config.eos) break;
            ids.push(next);
            token = next;
        }
        return {ids, tokenMilliseconds};
    }

    /**
     * Runs `warmupRuns` greedy generations of `steps` tokens for the JIT,
     * then `runs` timed ones, and returns the ids of the last, the time of
     * every timed token in milliseconds, and each timed generation's mean
     * time per token. The mean is exact to a few microseconds even where `now`
     * counts in steps of 0.1 ms, as Chromium's performance.now() does.
     */
    function timeGreedy(model, steps, warmupRuns, runs, now) {
        for (let run = 0; run < warmupRuns; run++) generateGreedy(model, steps, now);
        let ids = [];
        const tokenMilliseconds = [];
        const runMeanMilliseconds = [];
        for (let run = 0; run < runs; run++) {
            const started = now();
            const result = generateGreedy(model, steps, now);
            runMeanMilliseconds.push((now() - started) / result.tokenMilliseconds.length);
            ids = result.ids;
            tokenMilliseconds.push(...result.tokenMilliseconds);
        }
        return {ids, tokenMilliseconds, runMeanMilliseconds};
    }

    /**
     * Times the 64x64 Q8_0 matrix-vector product of the micro-benchmark
     * (tests/bench/matvec64.c fills W, its scales and x with the same
     * values) and returns nanoseconds per multiply-add. It doubles the
     * repetitions until one batch takes at least `minMilliseconds`.
     */
    function benchMatvec64(now, minMilliseconds) {
        const n = 64;
        const cells = new Uint32Array(n * n / 4);
        const scales = new Float32Array(n * n / 4);
        const x = new Float32Array(n);
        const out = new Float32Array(n);
        fillMatvec64(cells, scales, x);
        const weights = new Int8Array(cells.buffer);

        let repetitions = 1;
        for (;;) {
            const started = now();
            for (let r = 0; r < repetitions; r++) matvec(out, x, weights, scales, 0, n, n);
            const elapsed = now() - started;
            if (elapsed >= minMilliseconds) {
                return {
                    repetitions,
                    nsPerMultiplyAdd: elapsed * 1e6 / (repetitions * n * n),
                    checksum: checksum(out)
                };
            }
            repetitions *= 2;
        }
    }

    /**
     * Fills the micro-benchmark's inputs as tests/bench/matvec64.c does:
     * weight (i, j) is ((i * 7 + j * 13) % 255) - 127, the scale of group g
     * is 2^-(g % 8), x[j] is (j % 9 - 4) / 4. Every product and sum is
     * exact in float, so every runtime computes the same result.
     */
    function fillMatvec64(cells, scales, x) {
        const n = 64;
        const bytes = new Int8Array(cells.buffer);
        for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) bytes[i * n + j] = ((i * 7 + j * 13) % 255) - 127;
        }
        for (let g = 0; g < scales.length; g++) scales[g] = 1 / (1 << (g % 8));
        for (let j = 0; j < n; j++) x[j] = ((j % 9) - 4) / 4;
    }

    /** Returns the sum of out[i] * (i + 1), the check value matvec64.c prints. */
    function checksum(out) {
        let sum = 0;
        for (let i = 0; i < out.length; i++) sum += out[i] * (i + 1);
        return sum;
    }

    const api = {
        loadModel, createState, forward, argmax, generateGreedy, timeGreedy, matvec, benchMatvec64, fillMatvec64
    };
    if (typeof module === 'object' && module.exports) {
        module.exports = api;
    } else {
        root.scratchcForward = api;
    }
})(typeof globalThis === 'object' ? globalThis : this);
