/* bitfields.c: struct bit-fields. Unsigned fields of widths 1 to 16 wrap
 * modulo 2^width when assigned, signed fields hold negative values in range,
 * and each store leaves the neighbouring fields alone. Increments carry out
 * of a field and are lost. Also RGB565 pixels in an array of structs. Sizes
 * follow the i386 System V layout. */
#include <stdio.h>

struct packed_flags {
    unsigned int ready : 1;
    unsigned int mode : 3;
    unsigned int level : 4;
    unsigned int count : 8;
    unsigned int wide : 16;
};

struct signed_fields {
    signed int small : 4;  /* -8..7 */
    signed int medium : 9; /* -256..255 */
    unsigned int flag : 1;
    signed int large : 18;
};

struct pixel {
    unsigned int red : 5;
    unsigned int green : 6;
    unsigned int blue : 5;
};

static void print_flags(const char *label, struct packed_flags f) {
    printf("%s: ready=%u mode=%u level=%u count=%u wide=%u\n", label, f.ready, f.mode, f.level,
           f.count, f.wide);
}

static volatile const unsigned wide_values[] = {0u, 1u, 7u, 8u, 15u, 16u, 255u, 256u, 65535u,
                                                65536u, 70000u, 0xffffffffu};

int main(void) {
    printf("sizeof: packed_flags %zu, signed_fields %zu, pixel %zu\n", sizeof(struct packed_flags),
           sizeof(struct signed_fields), sizeof(struct pixel));

    struct packed_flags flags = {1, 5, 9, 200, 40000};
    print_flags("initial", flags);

    /* Each store keeps only the low bits of the value and leaves the other
     * fields alone. */
    for (unsigned i = 0; i < sizeof wide_values / sizeof wide_values[0]; i++) {
        unsigned v = wide_values[i];
        struct packed_flags f = flags;
        f.mode = v;
        f.level = v;
        f.count = v;
        printf("store %u: mode=%u level=%u count=%u (ready=%u wide=%u)\n", v, f.mode, f.level,
               f.count, f.ready, f.wide);
    }

    /* Increments carry out of the field and are lost. */
    struct packed_flags counter = {0, 0, 0, 0, 0};
    for (int i = 0; i < 300; i++) {
        counter.count++;
        counter.level += 3;
        counter.ready = !counter.ready;
    }
    print_flags("after 300 increments", counter);
    counter.wide = 65535;
    counter.wide += 2;
    print_flags("wide 65535 + 2", counter);

    struct signed_fields s = {-8, -256, 1, -131072};
    printf("signed: small=%d medium=%d flag=%u large=%d\n", s.small, s.medium, s.flag, s.large);
    s.small = 7;
    s.medium = 255;
    s.large = 131071;
    printf("signed: small=%d medium=%d flag=%u large=%d\n", s.small, s.medium, s.flag, s.large);
    int total = 0;
    for (int v = -8; v <= 7; v++) {
        s.small = v;
        total += s.small * 3;
    }
    printf("sum of 3*small over -8..7: %d, medium still %d\n", total, s.medium);

    /* RGB565 pixels: pack from 8-bit channels, then unpack. */
    struct pixel image[6];
    const unsigned char channels[6][3] = {{255, 0, 0},   {0, 255, 0},   {0, 0, 255},
                                          {255, 255, 255}, {128, 64, 32}, {7, 3, 250}};
    for (int i = 0; i < 6; i++) {
        image[i].red = channels[i][0] >> 3;
        image[i].green = channels[i][1] >> 2;
        image[i].blue = channels[i][2] >> 3;
    }
    for (int i = 0; i < 6; i++) {
        unsigned packed =
            (unsigned)image[i].red << 11 | (unsigned)image[i].green << 5 | image[i].blue;
        printf("pixel %d: r=%2u g=%2u b=%2u rgb565=%04x back to 8 bits: %u %u %u\n", i,
               image[i].red, image[i].green, image[i].blue, packed, image[i].red << 3,
               image[i].green << 2, image[i].blue << 3);
    }

    /* Split a 32-bit word into the fields with shifts and masks, in the
     * order the i386 layout uses (the first field in the lowest bits). */
    unsigned word = 0xbeef1234u;
    struct packed_flags decoded = {word & 1u, (word >> 1) & 7u, (word >> 4) & 15u,
                                   (word >> 8) & 255u, word >> 16};
    print_flags("decoded 0xbeef1234", decoded);
    return 0;
}
