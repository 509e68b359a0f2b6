// Native driver for int64_arithmetic.c: prints every result on its own line.
// It calls the functions with edge values and with pseudo-random values of
// every magnitude, so no result is known when the tested file is compiled.
#include <stdint.h>
#include <stdio.h>

typedef long long i64;
typedef unsigned long long u64;

void arithmetic(i64, i64, i64 *); void division(i64, i64, i64 *); void unsigned_division(u64, u64, u64 *);
void constant_division(i64, u64, i64 *); int compare(i64, i64); int compare_constants(i64);
void shift_constant(i64); void shift_variable(i64, int, i64 *); void shift_by_wide_count(i64, i64, i64 *);
void extend(int, unsigned, short, unsigned short, signed char, unsigned char, _Bool, i64 *);
void truncate(i64, int *);
void to_floating(i64, double *, float *);
void from_double(double, i64 *); void from_double_unsigned(double, u64 *);
void from_float(float, i64 *); void from_float_unsigned(float, u64 *);
void fold(const i64 *, int, i64 *); void fibonacci(int, i64 *); void xorshift(u64 *, int, u64 *);
void bit_counts(u64, u64, int, i64 *); void deposit(int, i64, i64 *); void table_entry(i64, i64 *);
void volatile_copy(volatile i64 *, volatile const i64 *); int load_through(int *, i64);
extern i64 shift_out[3 * 64];

static const i64 edges[] = {
    0, 1, -1, INT64_MIN, INT64_MAX, INT64_MIN + 1, INT64_MAX - 1,
    1LL << 32, (1LL << 32) - 1, (1LL << 32) + 1, -(1LL << 32), 1LL << 31, -(1LL << 31), (1LL << 31) - 1,
    1LL << 53, (1LL << 53) + 1, (1LL << 53) - 1, -(1LL << 53) - 1, 1LL << 63 >> 1,
    0x123456789abcdef0LL, -0x0fedcba987654321LL, 10, -7, 3, 0xffffLL, 0x1ffffLL << 31,
};
#define EDGE_COUNT (int)(sizeof edges / sizeof edges[0])

// Values that round differently when a conversion to float rounds twice
// (through double first), and float ties.
static const u64 float_traps[] = {
    (1ULL << 60) + (1ULL << 36) + 1, (1ULL << 60) + (1ULL << 36), (1ULL << 60) + (3ULL << 36) - 1,
    (1ULL << 63) + (1ULL << 39) + 1, (1ULL << 63) + (1ULL << 39), UINT64_MAX, (1ULL << 54) + (1ULL << 30) + 1,
    (1ULL << 24) + 1, (1ULL << 24) + 3, (1ULL << 53) + (1ULL << 29) + 1, (1ULL << 53) + (1ULL << 29),
    (1ULL << 35) + (1ULL << 11) + 1, (1ULL << 36) + (1ULL << 12) + 1, 0x7fffff8000000001ULL,
};

static u64 random_state = 0x9e3779b97f4a7c15ULL;

// A value with a random magnitude: random bits shifted right by 0 to 63.
static i64 next_random(void) {
    random_state = random_state * 6364136223846793005ULL + 1442695040888963407ULL;
    u64 bits = random_state ^ (random_state >> 29);
    return (i64)(bits >> (random_state >> 58));
}

static void print_values(const char *label, const i64 *values, int n) {
    printf("%s:", label);
    for (int i = 0; i < n; i++) printf(" %lld", values[i]);
    printf("\n");
}

static void print_pair(i64 a, i64 b) {
    i64 out[10];
    arithmetic(a, b, out);
    printf("%lld %lld: ", a, b);
    print_values("arithmetic", out, 10);
    printf("  compare %x\n", compare(a, b));
    if (b != 0 && !(a == INT64_MIN && b == -1)) {
        division(a, b, out);
        print_values("  division", out, 2);
    }
    if (b != 0) {
        u64 unsigned_out[2];
        unsigned_division((u64)a, (u64)b, unsigned_out);
        printf("  unsigned division: %llu %llu\n", unsigned_out[0], unsigned_out[1]);
    }
}

static void print_conversions(i64 a) {
    double doubles[2];
    float floats[2];
    to_floating(a, doubles, floats);
    printf("%lld to floating: %.17g %.17g %.9g %.9g\n", a, doubles[0], doubles[1], (double)floats[0],
           (double)floats[1]);
}

static void print_single(i64 a) {
    i64 out[10];
    int narrow[5];
    printf("%lld: constants %x\n", a, compare_constants(a));
    constant_division(a, (u64)a, out);
    print_values("  constant division", out, 5);
    shift_constant(a);
    print_values("  constant shifts", shift_out, 3 * 64);
    for (int n = 0; n < 64; n++) {
        shift_variable(a, n, out);
        shift_by_wide_count(a, (i64)n | (i64)(n * 3) << 32, out + 3);
        printf("  shift %d: %lld %lld %lld %lld %lld\n", n, out[0], out[1], out[2], out[3], out[4]);
    }
    truncate(a, narrow);
    printf("  truncate %d %d %d %d %d\n", narrow[0], narrow[1], narrow[2], narrow[3], narrow[4]);
    bit_counts((u64)a, (u64)a * 7 + 3, (int)(a & 63), out);
    print_values("  bits", out, 8);
    print_conversions(a);
}

// Converts x, and x rounded to float, to long long and unsigned long long
// where the result is in range (out of range, the conversion is undefined).
static void print_from_floating(double x) {
    const double two_to_63 = 9223372036854775808.0;
    float single = (float)x;
    i64 result;
    u64 unsigned_result;
    printf("%.17g to i64:", x);
    if (x >= -two_to_63 && x < two_to_63) {
        from_double(x, &result);
        printf(" %lld", result);
    }
    if (single >= -two_to_63 && single < two_to_63) {
        from_float(single, &result);
        printf(" float %lld", result);
    }
    if (x > -1.0 && x < 2 * two_to_63) {
        from_double_unsigned(x, &unsigned_result);
        printf(" unsigned %llu", unsigned_result);
    }
    if (single > -1.0f && single < 2 * two_to_63) {
        from_float_unsigned(single, &unsigned_result);
        printf(" unsigned float %llu", unsigned_result);
    }
    printf("\n");
}

int main(void) {
    for (int i = 0; i < EDGE_COUNT; i++) {
        print_single(edges[i]);
        for (int j = 0; j < EDGE_COUNT; j++) print_pair(edges[i], edges[j]);
    }
    for (int i = 0; i < 300; i++) {
        i64 a = next_random(), b = next_random();
        if (i % 3 == 0) a = (i64)(0 - (u64)a);
        print_pair(a, b);
        print_conversions(a);
    }
    for (int i = 0; i < (int)(sizeof float_traps / sizeof float_traps[0]); i++) {
        print_conversions((i64)float_traps[i]);
        print_conversions(-(i64)(float_traps[i] >> 1));
    }

    static const double floating[] = {
        0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 4294967295.75, 4294967296.0, -4294967296.5, 4294967297.25,
        9007199254740993.0, 1e18, -1e18, 9223372036854774784.0, -9223372036854775808.0,
        18446744073709549568.0, 123456789.123, -2147483648.5, 2147483648.0, 16777217.0, 3e18, -3e18,
        9223371487098961920.0, 18446742974197923840.0,
    };
    for (int i = 0; i < (int)(sizeof floating / sizeof floating[0]); i++) print_from_floating(floating[i]);

    i64 out[10];
    extend(-5, 0xfffffffbu, -300, 65000, -100, 200, 1, out);
    print_values("extend", out, 8);
    extend(INT32_MIN, 0x80000000u, INT16_MIN, 0, INT8_MIN, 255, 0, out);
    print_values("extend", out, 8);

    fold(edges, EDGE_COUNT, out);
    print_values("fold", out, 3);
    for (int n = 0; n < 93; n += 7) {
        fibonacci(n, out);
        printf("fibonacci %d: %lld\n", n, out[0]);
    }
    u64 state = 88172645463325252ULL, stream[6];
    xorshift(&state, 6, stream);
    printf("xorshift %llu %llu %llu %llu %llu %llu state %llu\n", stream[0], stream[1], stream[2], stream[3],
           stream[4], stream[5], state);

    for (int i = 0; i < 3; i++) {
        deposit(i, edges[i + 5], out);
        print_values("deposit", out, 2);
    }
    for (i64 index = 0; index < 5; index++) {
        table_entry(index, out);
        print_values("table", out, 1);
    }
    volatile i64 from = INT64_MAX - 1, to = 0;
    volatile_copy(&to, &from);
    printf("volatile %lld\n", to);
    int cells[8] = {10, 11, 12, 13, 14, 15, 16, 17};
    printf("load through %d %d\n", load_through(cells, 0), load_through(cells + 7, -5));
    return 0;
}
