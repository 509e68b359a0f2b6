/* int32_limits.c: 32-bit integer arithmetic at the edges: 0, 1, -1,
 * INT_MAX, INT_MIN and UINT_MAX. Unsigned add, sub, mul and negation wrap,
 * and signed results print where they do not overflow. Overflow is detected
 * without overflowing, and the same bits compare differently as signed and
 * unsigned. */
#include <limits.h>
#include <stdio.h>

/* Volatile so that clang reads the samples at run time instead of folding
 * every result into a constant. */
static volatile const int samples[] = {
    0, 1, -1, 2, -2, INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1,
    1000, -1000, 65535, 65536, -65536, 46341,
};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

/* The pairs use the first seven samples: 0, 1, -1, 2, -2, INT_MAX and INT_MIN. */
enum { EDGE_COUNT = 7 };

static int add_overflows(int a, int b) {
    return (b > 0 && a > INT_MAX - b) || (b < 0 && a < INT_MIN - b);
}

static int sub_overflows(int a, int b) {
    return (b < 0 && a > INT_MAX + b) || (b > 0 && a < INT_MIN + b);
}

/* Decides whether a * b leaves the int range, using only divisions that
 * cannot overflow themselves. */
static int mul_overflows(int a, int b) {
    if (a == 0 || b == 0) return 0;
    if (a > 0) {
        if (b > 0) return a > INT_MAX / b;
        return b < INT_MIN / a;
    }
    if (b > 0) return a < INT_MIN / b;
    return a < INT_MAX / b;
}

static void print_checked(const char *name, int overflows, int value) {
    if (overflows)
        printf(" %s=overflow", name);
    else
        printf(" %s=%d", name, value);
}

int main(void) {
    printf("INT_MAX=%d INT_MIN=%d UINT_MAX=%u\n", INT_MAX, INT_MIN, UINT_MAX);
    printf("INT_MAX+1 as unsigned=%u, -INT_MIN as unsigned=%u\n",
           (unsigned)INT_MAX + 1u, 0u - (unsigned)INT_MIN);

    /* One line per sample: its unsigned and hex views, negation, complement
     * and a few wrapping operations. */
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        int a = samples[i];
        unsigned u = (unsigned)a;
        printf("%d: u=%u x=%08x neg=%u not=%d inc=%u sq=%u dbl=%u half=%d sign=%d\n",
               a, u, u, 0u - u, ~a, u + 1u, u * u, u + u, a / 2,
               (a > 0) - (a < 0));
    }

    /* Every ordered pair of edge values: unsigned wraparound results, signed
     * results where they exist, and both comparisons. */
    for (int i = 0; i < EDGE_COUNT; i++) {
        for (int j = 0; j < EDGE_COUNT; j++) {
            int a = samples[i];
            int b = samples[j];
            unsigned ua = (unsigned)a;
            unsigned ub = (unsigned)b;
            printf("%d,%d: uadd=%u usub=%u umul=%u", a, b, ua + ub, ua - ub, ua * ub);
            print_checked("add", add_overflows(a, b), add_overflows(a, b) ? 0 : a + b);
            print_checked("sub", sub_overflows(a, b), sub_overflows(a, b) ? 0 : a - b);
            print_checked("mul", mul_overflows(a, b), mul_overflows(a, b) ? 0 : a * b);
            printf(" slt=%d ult=%d eq=%d sge=%d uge=%d\n", a < b, ua < ub, a == b,
                   a >= b, ua >= ub);
        }
    }

    /* Products that reach past 2^53 before wrapping, where a double-based
     * multiply would lose the low bits. */
    unsigned big = (unsigned)samples[5];
    unsigned other = (unsigned)samples[6] + 12345u;
    printf("wide products: %u %u %u\n", big * big, big * other, other * other);
    unsigned acc = 1;
    for (int i = 0; i < 40; i++) acc = acc * 2654435761u + (unsigned)i;
    printf("hash chain: %u\n", acc);
    return 0;
}
