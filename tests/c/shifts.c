/* Shifts: <<, unsigned >> and signed >>, by constant counts and by every
 * variable count from 0 to 31. */
#include "scratch.h"

unsigned patterns[] = {1u, 0x80000001u, 0xdeadbeefu, 0x7fffffffu};
int signed_values[] = {-1, -12345, 12345, -2147483647 - 1};

__attribute__((noinline)) unsigned shl(unsigned x, int n) { return x << n; }
__attribute__((noinline)) unsigned lshr(unsigned x, int n) { return x >> n; }
__attribute__((noinline)) int ashr(int x, int n) { return x >> n; }

int main(void) {
    for (int n = 0; n < 32; n++) {
        scratch_print_int(n);
        for (int k = 0; k < 4; k++) {
            scratch_print_str(" ");
            scratch_print_uint(shl(patterns[k], n));
            scratch_print_str(" ");
            scratch_print_uint(lshr(patterns[k], n));
            scratch_print_str(" ");
            scratch_print_int(ashr(signed_values[k], n));
        }
        scratch_print_newline();
    }

    /* Constant counts, inlined into main. */
    for (int k = 0; k < 4; k++) {
        unsigned u = patterns[k];
        int s = signed_values[k];
        scratch_print_uint(u << 1);
        scratch_print_str(" ");
        scratch_print_uint(u << 7);
        scratch_print_str(" ");
        scratch_print_uint(u << 31);
        scratch_print_str(" ");
        scratch_print_uint(u >> 1);
        scratch_print_str(" ");
        scratch_print_uint(u >> 24);
        scratch_print_str(" ");
        scratch_print_uint(u >> 31);
        scratch_print_str(" ");
        scratch_print_int(s >> 1);
        scratch_print_str(" ");
        scratch_print_int(s >> 4);
        scratch_print_str(" ");
        scratch_print_int(s >> 31);
        scratch_print_str(" ");
        scratch_print_int((int)((unsigned)s << 3));
        scratch_print_newline();
    }

    /* A mask of every third bit, and how many arithmetic shifts take INT_MIN to -1. */
    unsigned mask = 0;
    for (int n = 0; n < 32; n += 3) mask |= 1u << n;
    scratch_print_uint(mask);
    scratch_print_newline();
    int walker = -2147483647 - 1;
    int steps = 0;
    while (walker != -1) {
        walker >>= 1;
        steps++;
    }
    scratch_print_int(steps);
    scratch_print_newline();
    return 0;
}
