/* story_native.c: times the native build of c_src/llama2_scratch.c token by
 * token, for scripts/bench.sh.
 *
 * It includes llama2_scratch.c, so it calls the very forward() and sample()
 * that the Scratch build runs, and generates STEPS tokens greedily from BOS
 * RUNS times. The runs before the last are warm-up. It prints the ids and
 * every token's time in seconds of the last run (forward plus sample, by
 * CLOCK_MONOTONIC):
 *   ids: 403 407 ...
 *   seconds: 0.000123 0.000119 ...
 *
 * Build: clang-19 -m32 -O2 -I c_src -I build/stories260k tests/bench/story_native.c -lm
 * Run:   ./a.out [STEPS [RUNS]]   (defaults 32 and 5)
 */
#define main llama2_scratch_main
#include "llama2_scratch.c"
#undef main

#include <time.h>

static double now_seconds(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    int steps = argc > 1 ? atoi(argv[1]) : 32;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (steps < 1 || steps > SEQ_LEN || runs < 1) {
        fprintf(stderr, "usage: story_native [STEPS (1 to %d) [RUNS (at least 1)]]\n", SEQ_LEN);
        return 2;
    }

    static double seconds[SEQ_LEN];
    static int ids[SEQ_LEN];
    int count = 0;
    for (int run = 0; run < runs; run++) {
        int token = BOS_TOKEN;
        count = 0;
        for (int pos = 0; pos < steps; pos++) {
            double started = now_seconds();
            forward(token, pos);
            int next = sample(0.0f, 0, 1.0f);
            seconds[pos] = now_seconds() - started;
            if (next == BOS_TOKEN || next == EOS_TOKEN) break;
            ids[count++] = next;
            token = next;
        }
    }

    printf("ids:");
    for (int i = 0; i < count; i++) printf(" %d", ids[i]);
    printf("\nseconds:");
    for (int i = 0; i < count; i++) printf(" %.9f", seconds[i]);
    printf("\n");
    return 0;
}
