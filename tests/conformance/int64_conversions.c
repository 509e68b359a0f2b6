/* int64_conversions.c: conversions between 64-bit integers and int,
 * unsigned, short, char and double. Widening sign- or zero-extends, and
 * narrowing keeps the low bits. A 64-bit value that does not fit a double's
 * 53-bit significand rounds to nearest, ties to even. Conversion from double
 * truncates toward zero. */
#include <stdint.h>
#include <stdio.h>

static volatile const int int_samples[] = {0, 1, -1, 2147483647, -2147483647 - 1, 123456, -654321};
static volatile const int64_t wide_samples[] = {
    0,
    -1,
    4294967295LL,
    4294967296LL,
    -4294967297LL,
    9223372036854775807LL,
    -9223372036854775807LL - 1,
    1311768467463790320LL, /* 0x1234567890abcdf0 */
    -81985529216486895LL,
};
/* Integers around 2^53 and 2^63, where double rounding is visible. */
static volatile const int64_t rounding_samples[] = {
    9007199254740992LL,  /* 2^53: exact */
    9007199254740993LL,  /* tie: rounds down to the even 2^53 */
    9007199254740995LL,  /* tie: rounds up to the even 2^53 + 4 */
    9007199254740997LL,  /* tie: rounds down to 2^53 + 4 */
    18014398509481987LL, /* 2^54 + 3: rounds up to 2^54 + 4 */
    -9007199254740993LL,
    9223372036854775807LL, /* rounds up to 2^63 */
    1152921504606846977LL, /* 2^60 + 1: rounds down to 2^60 */
};
static volatile const uint64_t unsigned_samples[] = {
    18446744073709551615ULL, /* rounds up to 2^64 */
    9223372036854775808ULL,  /* 2^63: exact */
    9223372036854777856ULL,  /* 2^63 + 2048: exact */
    9223372036854776833ULL,  /* just above the tie 2^63 + 1024: rounds up */
    12345678901234567890ULL,
};
static volatile const double double_samples[] = {
    0.0, -0.0, 0.5, -0.5, 1.999, -1.999, 4294967296.5, -4294967296.5,
    9007199254740991.0, -9007199254740991.0, 1e18, -1e18, 9.2e18, -9.2e18,
};
static volatile const double unsigned_double_samples[] = {
    0.0, 0.999, 4294967295.0, 9223372036854775808.0, 1.8e19, 18446744073709549568.0,
};

int main(void) {
    /* int and unsigned to 64 bits: sign extension versus zero extension. */
    for (unsigned i = 0; i < sizeof int_samples / sizeof int_samples[0]; i++) {
        int v = int_samples[i];
        int64_t sign_extended = v;
        uint64_t zero_extended = (unsigned)v;
        uint64_t sign_then_unsigned = (uint64_t)(int64_t)v;
        printf("int %d: s64=%lld u64(u32)=%llu u64(s64)=%llx\n", v, (long long)sign_extended,
               (unsigned long long)zero_extended, (unsigned long long)sign_then_unsigned);
    }

    /* Narrowing keeps the low bits. The last column converts to double. */
    for (unsigned i = 0; i < sizeof wide_samples / sizeof wide_samples[0]; i++) {
        int64_t v = wide_samples[i];
        printf("int64 %lld: u32=%u s32=%d s16=%d u8=%u hi=%u lo=%u dbl=%.1f\n", (long long)v,
               (unsigned)v, (int)v, (short)v, (unsigned char)v,
               (unsigned)((uint64_t)v >> 32), (unsigned)((uint64_t)v & 0xffffffffu), (double)v);
    }

    /* The rounded doubles pass through volatile variables because the native
     * i386 build computes in x87 registers, which hold 64-bit significands.
     * Without a store to memory, clang -O2 keeps (double)v unrounded there. */
    for (unsigned i = 0; i < sizeof rounding_samples / sizeof rounding_samples[0]; i++) {
        int64_t v = rounding_samples[i];
        volatile double d = (double)v;
        printf("round %lld -> %.1f (diff %lld)\n", (long long)v, d,
               d < 9223372036854775807.0 ? (long long)((int64_t)d - v) : 0LL);
    }

    for (unsigned i = 0; i < sizeof unsigned_samples / sizeof unsigned_samples[0]; i++) {
        uint64_t v = unsigned_samples[i];
        printf("uint64 %llu -> %.1f\n", (unsigned long long)v, (double)v);
    }

    /* double to 64 bits truncates toward zero. */
    for (unsigned i = 0; i < sizeof double_samples / sizeof double_samples[0]; i++) {
        double d = double_samples[i];
        printf("double %.3f -> int64 %lld\n", d, (long long)(int64_t)d);
    }
    for (unsigned i = 0; i < sizeof unsigned_double_samples / sizeof unsigned_double_samples[0];
         i++) {
        double d = unsigned_double_samples[i];
        printf("double %.3f -> uint64 %llu\n", d, (unsigned long long)(uint64_t)d);
    }

    /* Round trips: int64 -> double -> int64 is exact up to 2^53. */
    int exact = 0;
    int64_t step = 1;
    for (int k = 0; k < 62; k++) {
        int64_t v = step - 1;
        volatile double d = (double)v;
        if ((int64_t)d == v) exact++;
        step *= 2;
    }
    printf("2^k - 1 values that survive a double round trip: %d of 62\n", exact);

    /* Mixed expressions: int operands promoted to 64 bits before multiplying. */
    volatile int a = 100000;
    volatile int b = -300000;
    long long wide_product = (long long)a * b;
    unsigned long long unsigned_product = (unsigned long long)(unsigned)a * (unsigned)b;
    printf("widened products: %lld %llu\n", wide_product, unsigned_product);
    long long sum = 0;
    for (int i = 0; i < 100; i++) sum += (long long)a * a + i;
    printf("sum of squares: %lld avg=%.3f\n", sum, (double)sum / 100.0);
    return 0;
}
