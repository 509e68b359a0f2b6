// Functions that take and return long long, direct, recursive, through
// function pointers and as variadic arguments, for scratch-split-i64.
// int64_calls_driver.c calls the exported functions, which take long long
// arguments (two 32-bit stack slots either way) but return nothing wider
// than int: the split returns a long long differently from the i386 ABI.

typedef long long i64;
typedef unsigned long long u64;

int printf(const char *, ...);

// noinline keeps these calls, and so their split signatures.
__attribute__((noinline)) static i64 mix(i64 a, int k, i64 b) { return (i64)((u64)a * (u64)k + (u64)b); }

__attribute__((noinline)) static u64 power(u64 base, unsigned exponent) {
    return exponent == 0 ? 1 : base * power(base, exponent - 1);
}

__attribute__((noinline)) static i64 larger(i64 a, i64 b) { return a > b ? a : b; }
__attribute__((noinline)) static i64 difference(i64 a, i64 b) { return (i64)((u64)a - (u64)b); }
__attribute__((noinline)) static i64 product(i64 a, i64 b) { return (i64)((u64)a * (u64)b); }
__attribute__((noinline)) static i64 quotient(i64 a, i64 b) { return b == 0 ? 0 : a / (b | 1); }

static i64 (*const operations[])(i64, i64) = {larger, difference, product, quotient};

// Address-taken functions, called through pointers the driver chooses.
void apply(int operation, i64 a, i64 b, i64 *out) { *out = operations[operation & 3](a, b); }

void call_directly(i64 a, int k, i64 b, i64 *out) {
    out[0] = mix(a, k, b);
    out[1] = (i64)power((u64)b, (unsigned)k & 15);
    out[2] = mix(mix(b, 3, a), k, -1);
}

// A function returning long long whose result the caller ignores.
__attribute__((noinline)) static i64 count_calls(i64 step) {
    static i64 calls;
    calls += step;
    return calls;
}

int ignore_result(i64 step) {
    count_calls(step);
    count_calls(step);
    return (int)(count_calls(0) >> 1);
}

// Variadic calls of printf with long long arguments, which become two
// 32-bit arguments each, as the i386 ABI passes them.
void print_values(i64 a, u64 b, int c) {
    printf("values %lld %llu %d %llx %lld\n", a, b, c, b, (i64)(b >> 3));
}

// A long long returned through several calls, in a loop.
__attribute__((noinline)) static i64 next(i64 x) { return (i64)((u64)x * 6364136223846793005ULL + 1442695040888963407ULL); }

void sequence(i64 seed, int n, i64 *out) {
    i64 x = seed;
    for (int i = 0; i < n; i++) {
        x = next(x);
        out[i] = x;
    }
}
