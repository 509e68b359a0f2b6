/* bit_tricks.c: bit manipulation written by hand. Population count is
 * computed three ways: a bit loop, clearing the lowest set bit, and the
 * parallel SWAR sum. Also parity, bit reversal, byte swap, rotations, leading
 * and trailing zero counts, rounding up to a power of two, Gray code and
 * Morton interleaving. clang 19 -O2 turns some of these into the intrinsics
 * llvm.ctpop, llvm.bswap, llvm.bitreverse and llvm.fshl. */
#include <stdint.h>
#include <stdio.h>

static volatile const uint32_t samples[] = {0u,          1u,          0x80000000u, 0xffffffffu,
                                            0xdeadbeefu, 0x12345678u, 0x00f000f0u, 0x55555555u,
                                            0x7fffffffu, 0x00010000u};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

static int popcount_loop(uint32_t x) {
    int count = 0;
    for (int bit = 0; bit < 32; bit++) count += (x >> bit) & 1u;
    return count;
}

static int popcount_clear_lowest(uint32_t x) {
    int count = 0;
    while (x != 0) {
        x &= x - 1;
        count++;
    }
    return count;
}

/* Adds bits in pairs, then nibbles, then bytes, and sums the bytes with a
 * multiply. */
static int popcount_parallel(uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (int)((x * 0x01010101u) >> 24);
}

static int parity(uint32_t x) {
    x ^= x >> 16;
    x ^= x >> 8;
    x ^= x >> 4;
    x ^= x >> 2;
    x ^= x >> 1;
    return (int)(x & 1u);
}

static uint32_t reverse_loop(uint32_t x) {
    uint32_t reversed = 0;
    for (int bit = 0; bit < 32; bit++) {
        reversed = (reversed << 1) | (x & 1u);
        x >>= 1;
    }
    return reversed;
}

static uint32_t reverse_swaps(uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}

static uint32_t byte_swap(uint32_t x) {
    return (x >> 24) | ((x >> 8) & 0x0000ff00u) | ((x << 8) & 0x00ff0000u) | (x << 24);
}

/* Rotate by count mod 32. A count of 0 returns x unchanged, so no shift
 * reaches 32. */
static uint32_t rotate_left(uint32_t x, unsigned count) {
    count &= 31u;
    return count == 0 ? x : (x << count) | (x >> (32u - count));
}

static uint32_t rotate_right(uint32_t x, unsigned count) {
    count &= 31u;
    return count == 0 ? x : (x >> count) | (x << (32u - count));
}

static uint8_t rotate_byte_left(uint8_t x, unsigned count) {
    count &= 7u;
    return (uint8_t)((x << count) | (x >> ((8u - count) & 7u)));
}

static int leading_zeros(uint32_t x) {
    if (x == 0) return 32;
    int count = 0;
    while ((x & 0x80000000u) == 0) {
        x <<= 1;
        count++;
    }
    return count;
}

static int trailing_zeros(uint32_t x) {
    if (x == 0) return 32;
    int count = 0;
    while ((x & 1u) == 0) {
        x >>= 1;
        count++;
    }
    return count;
}

/* Returns the smallest power of two >= x for 1 <= x <= 2^31. The result
 * wraps to 0 when x is 0 or above 2^31. */
static uint32_t next_power_of_two(uint32_t x) {
    x--;
    x |= x >> 1;
    x |= x >> 2;
    x |= x >> 4;
    x |= x >> 8;
    x |= x >> 16;
    return x + 1;
}

static uint32_t spread_bits(uint32_t x) {
    x &= 0xffffu;
    x = (x | (x << 8)) & 0x00ff00ffu;
    x = (x | (x << 4)) & 0x0f0f0f0fu;
    x = (x | (x << 2)) & 0x33333333u;
    x = (x | (x << 1)) & 0x55555555u;
    return x;
}

static int popcount64(uint64_t x) {
    int count = 0;
    while (x != 0) {
        x &= x - 1;
        count++;
    }
    return count;
}

int main(void) {
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        uint32_t x = samples[i];
        printf("%08x: pop=%d/%d/%d parity=%d rev=%08x/%08x bswap=%08x clz=%d ctz=%d low=%08x\n", x,
               popcount_loop(x), popcount_clear_lowest(x), popcount_parallel(x), parity(x),
               reverse_loop(x), reverse_swaps(x), byte_swap(x), leading_zeros(x),
               trailing_zeros(x), x & (0u - x));
    }

    uint32_t pattern = samples[4];
    for (unsigned count = 0; count <= 36; count += 4)
        printf("rotate %2u: left %08x right %08x\n", count, rotate_left(pattern, count),
               rotate_right(pattern, count));
    uint32_t round_trip = pattern;
    for (unsigned count = 1; count < 32; count++)
        round_trip = rotate_right(rotate_left(round_trip, count), count);
    printf("rotate round trip unchanged: %d\n", round_trip == pattern);
    printf("byte rotations of 0x81:");
    for (unsigned count = 0; count < 9; count++) printf(" %02x", rotate_byte_left(0x81, count));
    putchar('\n');

    printf("next power of two:");
    const uint32_t sizes[] = {1u, 2u, 3u, 5u, 17u, 1000u, 65536u, 65537u, 0x40000001u, 0x80000000u};
    for (int i = 0; i < 10; i++) printf(" %u", next_power_of_two(sizes[i]));
    putchar('\n');

    printf("gray codes:");
    for (uint32_t n = 0; n < 16; n++) printf(" %u", n ^ (n >> 1));
    putchar('\n');
    int gray_ok = 1;
    for (uint32_t n = 0; n < 1000; n++) {
        uint32_t g1 = n ^ (n >> 1);
        uint32_t g2 = (n + 1) ^ ((n + 1) >> 1);
        if (popcount_clear_lowest(g1 ^ g2) != 1) gray_ok = 0;
    }
    printf("neighbouring gray codes differ in one bit: %d\n", gray_ok);

    printf("morton:");
    for (uint32_t y = 0; y < 3; y++)
        for (uint32_t x = 0; x < 3; x++)
            printf(" (%u,%u)=%u", x, y, spread_bits(x) | (spread_bits(y) << 1));
    printf("\nmorton of (0xffff, 0): %08x\n", spread_bits(0xffffu));

    uint64_t wide = ((uint64_t)samples[4] << 32) | samples[5];
    printf("64-bit popcount of %016llx: %d\n", (unsigned long long)wide, popcount64(wide));

    /* Set, clear, toggle and test single bits. */
    uint32_t flags = 0;
    for (int bit = 0; bit < 32; bit += 3) flags |= 1u << bit;
    flags &= ~(1u << 9);
    flags ^= 1u << 31;
    flags ^= 1u << 0;
    printf("flags %08x, bit 12 set: %d, bit 9 set: %d\n", flags, (flags >> 12) & 1u,
           (flags >> 9) & 1u);
    return 0;
}
