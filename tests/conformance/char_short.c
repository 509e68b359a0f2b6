/* char_short.c: arithmetic on char and short. unsigned char 255 + 1 wraps
 * to 0 when stored, and values above 127 stored in a signed char become
 * negative. A short keeps the low 16 bits of an out-of-range int, because
 * clang defines that conversion as modulo 2^16. Operands are promoted to int
 * before arithmetic. Arrays of char and short live in memory as single bytes
 * and 16-bit halves. */
#include <stdio.h>

static volatile const int samples[] = {0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
                                       70000, -1, -128, -129, -32768, -32769, -70000};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

/* Two's-complement sums of bytes, stored back into each narrow type. */
static unsigned char add_unsigned_char(unsigned char a, unsigned char b) { return a + b; }
static signed char add_signed_char(signed char a, signed char b) { return (signed char)(a + b); }
static short add_short(short a, short b) { return (short)(a + b); }

int main(void) {
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        int v = samples[i];
        printf("%d: uchar=%u schar=%d char=%d ushort=%u short=%d\n", v, (unsigned char)v,
               (signed char)v, (char)v, (unsigned short)v, (short)v);
    }

    unsigned char byte = (unsigned char)samples[4];
    byte = byte + 1;
    printf("unsigned char 255 + 1 = %u\n", byte);
    byte = (unsigned char)samples[2];
    byte++;
    byte++;
    printf("unsigned char 127 + 2 = %u\n", byte);
    byte = 0;
    byte--;
    printf("unsigned char 0 - 1 = %u\n", byte);

    signed char small = (signed char)samples[2];
    small = (signed char)(small + 1);
    printf("signed char 127 + 1 stored = %d\n", small);
    printf("promoted before storing: %d\n", (signed char)samples[2] + 1);

    short half = (short)samples[6];
    half = (short)(half + 1);
    printf("short 32767 + 1 stored = %d\n", half);
    unsigned short unsigned_half = (unsigned short)samples[8];
    unsigned_half++;
    printf("unsigned short 65535 + 1 = %u\n", unsigned_half);

    /* Arithmetic in int after promotion: no wrap until the result is stored. */
    unsigned char x = 200;
    unsigned char y = 100;
    int wide_sum = x + y;
    unsigned char narrow_sum = (unsigned char)(x + y);
    printf("200 + 100: int %d, unsigned char %u, product %d\n", wide_sum, narrow_sum, x * y);
    printf("comparisons after promotion: %d %d\n", (signed char)samples[4] < 0,
           (unsigned char)samples[11] > 0);
    printf("sign extension into unsigned: %u %u\n", (unsigned)(signed char)samples[3],
           (unsigned)(short)samples[7]);

    /* Compound assignments that wrap at every step. */
    unsigned char accumulator = 7;
    signed char signed_accumulator = 7;
    short short_accumulator = 7;
    for (int i = 0; i < 20; i++) {
        accumulator += 37;
        accumulator *= 3;
        signed_accumulator = (signed char)(signed_accumulator * 5 + 11);
        short_accumulator = (short)(short_accumulator * 7 + 12345);
    }
    printf("accumulators: %u %d %d\n", accumulator, signed_accumulator, short_accumulator);

    printf("helpers: %u %d %d %u\n", add_unsigned_char(250, 10),
           add_signed_char(100, 100), add_short(30000, 30000),
           (unsigned)add_unsigned_char(1, 2));

    /* A loop counter of type unsigned char that wraps around. */
    int steps = 0;
    for (unsigned char c = 250; c != 4; c++) steps++;
    printf("unsigned char counter from 250 to 4 took %d steps\n", steps);

    /* Byte and half-word arrays in memory, written and read element by
     * element. */
    unsigned char bytes[32];
    signed char signed_bytes[32];
    short halves[16];
    unsigned short unsigned_halves[16];
    for (int i = 0; i < 32; i++) {
        bytes[i] = (unsigned char)(i * 37 + 200);
        signed_bytes[i] = (signed char)(i * 29 - 100);
    }
    for (int i = 0; i < 16; i++) {
        halves[i] = (short)(i * 5000 - 30000);
        unsigned_halves[i] = (unsigned short)(i * 9000 + 1000);
    }
    int byte_sum = 0;
    int signed_byte_sum = 0;
    int half_sum = 0;
    unsigned unsigned_half_sum = 0;
    for (int i = 0; i < 32; i++) {
        byte_sum += bytes[i];
        signed_byte_sum += signed_bytes[i];
    }
    for (int i = 0; i < 16; i++) {
        half_sum += halves[i];
        unsigned_half_sum += unsigned_halves[i];
    }
    printf("array sums: %d %d %d %u\n", byte_sum, signed_byte_sum, half_sum, unsigned_half_sum);
    printf("bytes:");
    for (int i = 0; i < 32; i += 4) printf(" %u/%d", bytes[i], signed_bytes[i]);
    printf("\nhalves:");
    for (int i = 0; i < 16; i += 3) printf(" %d/%u", halves[i], unsigned_halves[i]);
    printf("\n");

    /* Overwriting one byte must leave its neighbours alone. */
    bytes[5] = 0xff;
    bytes[6] = 0;
    halves[3] = -1;
    printf("neighbours: %u %u %u %u | %d %d %d\n", bytes[4], bytes[5], bytes[6], bytes[7],
           halves[2], halves[3], halves[4]);
    return 0;
}
