/* int64_arith.c: 64-bit integer arithmetic with long long, int64_t and
 * uint64_t at the edges: 0, 1, -1, INT64_MAX, INT64_MIN, UINT64_MAX and the
 * 2^32 boundary. It covers add, sub, mul, div, rem and comparisons, signed and
 * unsigned, and carries across the two 32-bit halves. */
#include <stdint.h>
#include <stdio.h>

/* Volatile so that clang reads the samples at run time instead of folding
 * every result into a constant. */
static volatile const int64_t samples[] = {
    0,
    1,
    -1,
    INT64_MAX,
    INT64_MIN,
    4294967296LL,  /* 2^32 */
    4294967295LL,  /* 2^32 - 1 */
    -4294967296LL, /* -2^32 */
    81985529216486895LL, /* 0x0123456789abcdef */
    -1000000000000LL,
    7,
    -7,
};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

static int add_overflows(int64_t a, int64_t b) {
    return (b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b);
}

static int sub_overflows(int64_t a, int64_t b) {
    return (b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b);
}

static int mul_overflows(int64_t a, int64_t b) {
    if (a == 0 || b == 0) return 0;
    if (a > 0) {
        if (b > 0) return a > INT64_MAX / b;
        return b < INT64_MIN / a;
    }
    if (b > 0) return a < INT64_MIN / b;
    return a < INT64_MAX / b;
}

static void print_checked(const char *name, int overflows, int64_t value) {
    if (overflows)
        printf(" %s=overflow", name);
    else
        printf(" %s=%lld", name, (long long)value);
}

int main(void) {
    printf("INT64_MAX=%lld INT64_MIN=%lld UINT64_MAX=%llu\n", (long long)INT64_MAX,
           (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
    printf("LLONG as hex: %llx %llx %llX\n", (unsigned long long)INT64_MAX,
           (unsigned long long)INT64_MIN, (unsigned long long)UINT64_MAX);

    /* Pairs of samples: unsigned wraparound, signed results where they
     * exist, comparisons, and division where it is defined. */
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        for (int j = 0; j < SAMPLE_COUNT; j += 2) {
            int64_t a = samples[i];
            int64_t b = samples[j];
            uint64_t ua = (uint64_t)a;
            uint64_t ub = (uint64_t)b;
            printf("%lld,%lld: uadd=%llu usub=%llu umul=%llu", (long long)a, (long long)b,
                   (unsigned long long)(ua + ub), (unsigned long long)(ua - ub),
                   (unsigned long long)(ua * ub));
            print_checked("add", add_overflows(a, b), add_overflows(a, b) ? 0 : a + b);
            print_checked("sub", sub_overflows(a, b), sub_overflows(a, b) ? 0 : a - b);
            print_checked("mul", mul_overflows(a, b), mul_overflows(a, b) ? 0 : a * b);
            if (b != 0 && !(a == INT64_MIN && b == -1))
                printf(" div=%lld rem=%lld", (long long)(a / b), (long long)(a % b));
            if (ub != 0)
                printf(" udiv=%llu urem=%llu", (unsigned long long)(ua / ub),
                       (unsigned long long)(ua % ub));
            printf(" slt=%d ult=%d eq=%d\n", a < b, ua < ub, a == b);
        }
    }

    /* Carries and borrows between the low and high 32-bit halves. */
    volatile uint64_t low_full = 0xffffffffULL;
    uint64_t carried = low_full + 1;
    uint64_t borrowed = carried - 1;
    printf("carry: %llx borrow: %llx\n", (unsigned long long)carried,
           (unsigned long long)borrowed);
    uint64_t counter = 0xfffffff0ULL;
    int crossings = 0;
    for (int i = 0; i < 40; i++) {
        uint64_t next = counter + 1;
        if ((next >> 32) != (counter >> 32)) crossings++;
        counter = next;
    }
    printf("counter=%llx crossings=%d\n", (unsigned long long)counter, crossings);

    /* A multiply-accumulate chain whose products need all 64 bits. */
    uint64_t state = 88172645463325252ULL;
    for (int i = 0; i < 20; i++) state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    printf("lcg: %llu %016llx\n", (unsigned long long)state, (unsigned long long)state);

    /* 20!, its divisors up to 155 and negative quotients, in plain long long. */
    long long product = 1;
    for (int i = 1; i <= 20; i++) product *= i;
    printf("20! = %lld\n", product);
    unsigned long long factor_sum = 0;
    for (long long d = 1; d * d <= product / 100000000000000LL; d++)
        if (product % d == 0) factor_sum += (unsigned long long)d;
    printf("small divisors sum = %llu\n", factor_sum);
    long long negative = -product;
    printf("-20! / 7 = %lld, -20! %% 7 = %lld, -20! / -13 = %lld\n", negative / 7, negative % 7,
           negative / -13);
    return 0;
}
