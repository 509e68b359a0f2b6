/* 32-bit wrap-around: unsigned add, subtract and multiply overflow,
 * INT_MAX + 1 computed in unsigned, and hashes built from ^ and *. */
#include <limits.h>

#include "show.h"

unsigned big[] = {4294967295u, 2147483648u, 3735928559u, 3405691582u, 65537u, 123456789u};
int ints[] = {INT_MAX, INT_MIN, -1, 46341, -46341};
/* Byte values of "scratchc" followed by 0..15. */
int bytes[] = {115, 99, 114, 97, 116, 99, 104, 99, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
int byte_count = 24;

__attribute__((noinline)) unsigned fnv1a(int count) {
    unsigned hash = 2166136261u;
    for (int i = 0; i < count; i++) {
        hash ^= (unsigned)bytes[i];
        hash *= 16777619u;
    }
    return hash;
}

/* MurmurHash3's 32-bit finalizer. */
__attribute__((noinline)) unsigned fmix32(unsigned h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

__attribute__((noinline)) unsigned xorshift32(unsigned x) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

int main(void) {
    for (int i = 0; i < 6; i++) {
        unsigned a = big[i];
        unsigned b = big[(i + 1) % 6];
        SHOW_U("add ", a + b);
        SHOW_U("sub ", a - b);
        SHOW_U("mul ", a * b);
        SHOW_U("square ", a * a);
        SHOW_U("neg ", -a);
        SHOW_U("plus one ", a + 1u);
    }
    for (int i = 0; i < 5; i++) {
        int v = ints[i];
        SHOW("plus one wrapped ", (int)((unsigned)v + 1u));
        SHOW("minus one wrapped ", (int)((unsigned)v - 1u));
        SHOW("square wrapped ", (int)((unsigned)v * (unsigned)v));
        SHOW("times 3 wrapped ", (int)((unsigned)v * 3u));
    }
    SHOW("INT_MAX + 1 ", (int)((unsigned)ints[0] + 1u));

    SHOW_U("fnv1a 8 ", fnv1a(8));
    SHOW_U("fnv1a all ", fnv1a(byte_count));

    unsigned h = 1;
    for (int i = 0; i < 8; i++) {
        h = fmix32(h + (unsigned)i);
        SHOW_U("fmix32 ", h);
    }

    unsigned x = 2463534242u;
    for (int i = 0; i < 100; i++) x = xorshift32(x);
    SHOW_U("xorshift32 100 ", x);

    /* Numerical Recipes LCG: products reach 2^53 and beyond before wrapping. */
    unsigned lcg = big[5];
    unsigned lcg_sum = 0;
    for (int i = 0; i < 200; i++) {
        lcg = lcg * 1664525u + 1013904223u;
        lcg_sum += lcg;
    }
    SHOW_U("lcg ", lcg);
    SHOW_U("lcg sum ", lcg_sum);

    /* Signed multiply that wraps, done in unsigned to stay defined. */
    int product = 1;
    for (int i = 1; i <= 20; i++) product = (int)((unsigned)product * (unsigned)(i * 7 - 3));
    SHOW("product ", product);
    return 0;
}
