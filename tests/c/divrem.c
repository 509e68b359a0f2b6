/* Division, remainder and comparison, signed and unsigned, on edge values:
 * 0, 1, -1, INT_MAX, INT_MIN and UINT_MAX among others. Skips the undefined
 * cases: division by zero and INT_MIN / -1. */
#include <limits.h>

#include "scratch.h"

int values[] = {0, 1, -1, 2, -2, 7, -7, 13, -100, INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1};
int value_count = 13;

__attribute__((noinline)) int signed_div(int a, int b) { return a / b; }
__attribute__((noinline)) int signed_rem(int a, int b) { return a % b; }
__attribute__((noinline)) unsigned unsigned_div(unsigned a, unsigned b) { return a / b; }
__attribute__((noinline)) unsigned unsigned_rem(unsigned a, unsigned b) { return a % b; }

/* Packs six comparisons of a and b into bits: signed <, <=, ==, then unsigned <, >, >=. */
__attribute__((noinline)) int compare_bits(int a, int b) {
    unsigned ua = (unsigned)a;
    unsigned ub = (unsigned)b;
    return (a < b) | (a <= b) << 1 | (a == b) << 2 | (ua < ub) << 3 | (ua > ub) << 4 | (ua >= ub) << 5;
}

int main(void) {
    for (int i = 0; i < value_count; i++) {
        for (int j = 0; j < value_count; j++) {
            int a = values[i];
            int b = values[j];
            scratch_print_int(a);
            scratch_print_str(" ");
            scratch_print_int(b);
            scratch_print_str(": ");
            if (b != 0 && !(a == INT_MIN && b == -1)) {
                scratch_print_int(signed_div(a, b));
                scratch_print_str(" ");
                scratch_print_int(signed_rem(a, b));
            } else {
                scratch_print_str("- -");
            }
            scratch_print_str(" | ");
            if (b != 0) {
                scratch_print_uint(unsigned_div((unsigned)a, (unsigned)b));
                scratch_print_str(" ");
                scratch_print_uint(unsigned_rem((unsigned)a, (unsigned)b));
            } else {
                scratch_print_str("- -");
            }
            scratch_print_str(" | ");
            scratch_print_int(compare_bits(a, b));
            scratch_print_newline();
        }
    }

    /* Constant divisors, which clang turns into multiply-high sequences. */
    for (int i = 0; i < value_count; i++) {
        int a = values[i];
        unsigned ua = (unsigned)a;
        scratch_print_int(a / 3);
        scratch_print_str(" ");
        scratch_print_int(a % 3);
        scratch_print_str(" ");
        scratch_print_int(a / -10);
        scratch_print_str(" ");
        scratch_print_int(a % -10);
        scratch_print_str(" ");
        scratch_print_int(a / 8);
        scratch_print_str(" ");
        scratch_print_int(a % 8);
        scratch_print_str(" ");
        scratch_print_uint(ua / 7u);
        scratch_print_str(" ");
        scratch_print_uint(ua % 7u);
        scratch_print_str(" ");
        scratch_print_uint(ua / 16u);
        scratch_print_str(" ");
        scratch_print_uint(ua % 16u);
        scratch_print_str(" ");
        scratch_print_uint(UINT_MAX / (ua | 1u));
        scratch_print_newline();
    }
    return 0;
}
