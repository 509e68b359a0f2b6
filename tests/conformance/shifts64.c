/* shifts64.c: every 64-bit shift kind with every count from 0 to 63: `<<`
 * and `>>` on uint64_t, and `>>` on negative and positive int64_t
 * (arithmetic). The counts 31, 32 and 33 matter most, because there a split
 * into two 32-bit halves changes strategy. Counts are known only at run time,
 * except in a few lines with constant counts. */
#include <stdint.h>
#include <stdio.h>

static volatile const uint64_t patterns[] = {0x8000000000000001ULL, 0xfedcba9876543210ULL,
                                             0x00000000deadbeefULL};
static volatile const int64_t signed_patterns[] = {-81985529216486896LL /* 0xfedcba9876543210 */,
                                                   9223372036854775807LL, -1LL};
static volatile int count_source = 0;

int main(void) {
    uint64_t a = patterns[0];
    uint64_t b = patterns[1];
    uint64_t c = patterns[2];
    int64_t sa = signed_patterns[0];
    int64_t sb = signed_patterns[1];

    for (int k = count_source; k < 64; k++) {
        printf("%2d: shl %016llx %016llx lshr %016llx %016llx ashr %lld %lld\n", k,
               (unsigned long long)(a << k), (unsigned long long)(c << k),
               (unsigned long long)(a >> k), (unsigned long long)(b >> k), (long long)(sa >> k),
               (long long)(sb >> k));
    }

    /* Constant counts on both sides of the 32-bit boundary. */
    printf("const shl: %llx %llx %llx %llx\n", (unsigned long long)(b << 1),
           (unsigned long long)(b << 31), (unsigned long long)(b << 32),
           (unsigned long long)(b << 63));
    printf("const lshr: %llx %llx %llx %llx\n", (unsigned long long)(b >> 1),
           (unsigned long long)(b >> 31), (unsigned long long)(b >> 32),
           (unsigned long long)(b >> 63));
    printf("const ashr: %lld %lld %lld %lld\n", (long long)(sa >> 1), (long long)(sa >> 31),
           (long long)(sa >> 32), (long long)(sa >> 63));

    /* Signed << of a positive value that stays in range. */
    int64_t one = signed_patterns[2] + 2;
    for (int k = count_source; k < 63; k += 7) printf("1<<%d = %lld\n", k, (long long)(one << k));

    /* A 64-bit rotate built from two shifts, and a shift by a count taken
     * from data. */
    uint64_t rotated = b;
    for (int k = count_source + 1; k < 64; k += 13) {
        rotated = (rotated << k) | (rotated >> (64 - k));
        printf("rotl %2d: %016llx\n", k, (unsigned long long)rotated);
    }
    uint64_t combined = 0;
    for (int i = 0; i < 64; i++) combined ^= (b >> (i & 63)) + ((uint64_t)i << (63 - i));
    printf("combined: %016llx\n", (unsigned long long)combined);
    return 0;
}
