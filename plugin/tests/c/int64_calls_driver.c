// Native driver for int64_calls.c: prints every result on its own line.
#include <stdint.h>
#include <stdio.h>

typedef long long i64;
typedef unsigned long long u64;

void apply(int, i64, i64, i64 *); void call_directly(i64, int, i64, i64 *); int ignore_result(i64);
void print_values(i64, u64, int); void sequence(i64, int, i64 *);

static const i64 edges[] = {0, 1, -1, INT64_MIN, INT64_MAX, 1LL << 32, (1LL << 32) - 1, -(1LL << 31), 1LL << 53, 12345678901LL, -3};
#define EDGE_COUNT (int)(sizeof edges / sizeof edges[0])

int main(void) {
    i64 out[8];
    for (int i = 0; i < EDGE_COUNT; i++) {
        for (int j = 0; j < EDGE_COUNT; j++) {
            i64 a = edges[i], b = edges[j];
            printf("%lld %lld:", a, b);
            for (int operation = 0; operation < 4; operation++) {
                if (operation == 3 && a == INT64_MIN && (b | 1) == -1) continue;
                apply(operation, a, b, out);
                printf(" %lld", out[0]);
            }
            call_directly(a, i * 7 - 20, b, out);
            printf(" direct %lld %lld %lld\n", out[0], out[1], out[2]);
        }
        print_values(edges[i], (u64)edges[i] * 3, i);
        printf("ignored %d\n", ignore_result(edges[i] & 0xffffffffff));
    }
    sequence(-42, 8, out);
    for (int i = 0; i < 8; i++) printf("sequence %lld\n", out[i]);
    return 0;
}
