/* shifts32.c: every 32-bit shift kind with every count from 0 to 31: `<<`
 * and logical `>>` on unsigned values, and `>>` on negative and positive ints
 * (arithmetic on i386). Most counts are known only at run time, and a few
 * lines use constant counts. Also shifts of char and short operands, which
 * are promoted to int first. */
#include <stdio.h>

static volatile const unsigned patterns[] = {0x80000001u, 0xdeadbeefu, 0x00000001u, 0xffffffffu,
                                             0x12345678u};
static volatile const int signed_patterns[] = {-559038737 /* 0xdeadbeef */, -1, 1, 2147483647,
                                               -2147483647 - 1};
static volatile int count_source = 0;

int main(void) {
    unsigned a = patterns[0];
    unsigned b = patterns[1];
    unsigned c = patterns[4];
    int sa = signed_patterns[0];
    int sb = signed_patterns[4];
    int sc = signed_patterns[3];

    /* One line per count: unsigned <<, unsigned >> and signed >> for three
     * patterns each. */
    for (int k = count_source; k < 32; k++) {
        printf("%2d: shl %08x %08x %08x  lshr %08x %08x %08x  ashr %d %d %d\n", k, a << k, b << k,
               c << k, a >> k, b >> k, c >> k, sa >> k, sb >> k, sc >> k);
    }

    /* Signed << where the result still fits in an int. */
    for (int k = count_source; k < 31; k += 3) {
        printf("1<<%d=%d", k, 1 << k);
        if (k < 30) printf(" 3<<%d=%d", k, 3 << k);
        if (k < 24) printf(" 255<<%d=%d", k, 255 << k);
        putchar('\n');
    }

    /* Constant counts, which the compiler may lower differently. */
    unsigned u = patterns[3];
    int s = signed_patterns[1];
    printf("const: %08x %08x %08x %08x %08x %08x\n", u << 1, u << 16, u << 31, u >> 1, u >> 16,
           u >> 31);
    printf("const signed: %d %d %d %d\n", s >> 1, s >> 31, sa >> 4, sa >> 28);
    printf("const on INT_MAX: %d %d\n", sc >> 30, (sc >> 16) << 8);

    /* Narrow operands are promoted to int before the shift. */
    volatile unsigned char byte = 0xb5;
    volatile signed char small = -75;
    volatile unsigned short half = 0xbeef;
    volatile short signed_half = -16657;
    printf("promoted: %d %d %d %d\n", byte << 4, byte >> 3, small >> 2, (unsigned char)(byte << 4));
    printf("promoted: %d %d %d %d\n", half << 8, half >> 4, signed_half >> 4,
           (unsigned short)(half << 8));

    /* Shift-built values: a mask for each width and an extracted field. */
    for (int width = count_source + 1; width <= 32; width += 5) {
        unsigned mask = width == 32 ? 0xffffffffu : (1u << width) - 1u;
        printf("mask %2d = %08x field = %08x\n", width, mask, (b >> (32 - width)) & mask);
    }

    /* Sign extension by shifting left, then arithmetically right. */
    for (int bits = 4; bits <= 28; bits += 8) {
        unsigned field = b & ((1u << bits) - 1u);
        unsigned shifted = field << (32 - bits);
        int extended = (int)shifted >> (32 - bits);
        printf("sign-extend %2d bits of %08x: %d\n", bits, field, extended);
    }
    return 0;
}
