/* long long arithmetic at the edges of the 64-bit range: the plugin splits
 * every 64-bit value into two 32-bit halves, and Scratch must compute the
 * same halves as a native build. Each value prints as its high half (signed)
 * and its low half (unsigned). */
#include "show.h"

typedef long long i64;
typedef unsigned long long u64;

/* Mutable, so the compiler cannot fold the results. */
i64 edges[] = {
    0, 1, -1, -0x7fffffffffffffffLL - 1, 0x7fffffffffffffffLL, 0x100000000LL, 0xffffffffLL, -0x80000000LL,
    0x20000000000001LL, 0x123456789abcdef0LL, -7,
};
int edge_count = 11;

static void show64(const char *label, i64 value) {
    scratch_print_str(label);
    scratch_print_int((int)(value >> 32));
    scratch_print_str(" ");
    scratch_print_uint((unsigned)value);
    scratch_print_newline();
}

/* A long long passed and returned by value, through the split convention. */
__attribute__((noinline)) static i64 multiply_add(i64 a, i64 b, i64 c) { return (i64)((u64)a * (u64)b + (u64)c); }

__attribute__((noinline)) static void pair(i64 a, i64 b) {
    u64 ua = (u64)a, ub = (u64)b;
    show64("add ", (i64)(ua + ub));
    show64("sub ", (i64)(ua - ub));
    show64("mul ", multiply_add(a, b, 0));
    show64("xor ", a ^ b);
    SHOW("compare ", (a < b) | (a <= b) << 1 | (ua < ub) << 2 | (ua >= ub) << 3 | (a == b) << 4);
    if (b != 0) {
        show64("udiv ", (i64)(ua / ub));
        show64("urem ", (i64)(ua % ub));
        if (!(b == -1 && a == edges[3])) {
            show64("sdiv ", a / b);
            show64("srem ", a % b);
        }
    }
}

__attribute__((noinline)) static void single(i64 a, int shift) {
    show64("shl ", (i64)((u64)a << shift));
    show64("ashr ", a >> shift);
    show64("lshr ", (i64)((u64)a >> shift));
    show64("shl 40 ", (i64)((u64)a << 40));
    show64("ashr 33 ", a >> 33);
    SHOW("to int ", (int)a);
    double d = (double)a;
    SHOW("to double / 2^33 ", (int)(d / 8589934592.0));
    show64("double back ", d < 9.2e18 && d >= -9.2e18 ? (i64)d : 0);
    show64("from double ", (i64)((double)(int)a * 1000003.5));
}

int main(void) {
    for (int i = 0; i < edge_count; i++) {
        single(edges[i], (i * 7) & 63);
        for (int j = 0; j < edge_count; j++) pair(edges[i], edges[j]);
    }
    return 0;
}
