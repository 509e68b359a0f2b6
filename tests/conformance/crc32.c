/* crc32.c: CRC-32 with the reflected polynomial 0xEDB88320 (as in zlib and
 * PNG), computed bit by bit and with a 256-entry table, plus CRC-32C
 * (polynomial 0x82F63B78) and Adler-32. Inputs are short strings and a
 * generated buffer, hashed in one pass and in pieces. The standard check
 * values over "123456789" are cbf43926 for CRC-32 and e3069283 for
 * CRC-32C. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t crc32_table[256];

static void build_table(uint32_t *table, uint32_t polynomial) {
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; bit++) crc = (crc & 1u) ? (crc >> 1) ^ polynomial : crc >> 1;
        table[byte] = crc;
    }
}

/* Continues a CRC: pass 0 to start, and the previous result to add bytes. */
static uint32_t crc_bitwise(uint32_t crc, const unsigned char *data, size_t length,
                            uint32_t polynomial) {
    crc = ~crc;
    for (size_t i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) {
            uint32_t mask = 0u - (crc & 1u);
            crc = (crc >> 1) ^ (polynomial & mask);
        }
    }
    return ~crc;
}

static uint32_t crc32_with_table(uint32_t crc, const unsigned char *data, size_t length) {
    crc = ~crc;
    for (size_t i = 0; i < length; i++) crc = crc32_table[(crc ^ data[i]) & 0xffu] ^ (crc >> 8);
    return ~crc;
}

static uint32_t adler32(const unsigned char *data, size_t length) {
    uint32_t a = 1;
    uint32_t b = 0;
    for (size_t i = 0; i < length; i++) {
        a = (a + data[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

int main(void) {
    const uint32_t crc32_polynomial = 0xEDB88320u;
    const uint32_t crc32c_polynomial = 0x82F63B78u;
    build_table(crc32_table, crc32_polynomial);
    printf("table[1]=%08x table[128]=%08x table[255]=%08x\n", crc32_table[1], crc32_table[128],
           crc32_table[255]);

    const char *texts[] = {
        "", "a", "abc", "123456789", "The quick brown fox jumps over the lazy dog",
        "Wikipedia", "\x01\x02\xfe\xff",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const unsigned char *bytes = (const unsigned char *)texts[i];
        size_t length = strlen(texts[i]);
        printf("\"%s\" (%zu bytes): crc32=%08x table=%08x crc32c=%08x adler32=%08x\n",
               i == 6 ? "\\x01\\x02\\xfe\\xff" : texts[i], length,
               crc_bitwise(0, bytes, length, crc32_polynomial),
               crc32_with_table(0, bytes, length), crc_bitwise(0, bytes, length, crc32c_polynomial),
               adler32(bytes, length));
    }

    /* A generated 1000-byte buffer, in one pass and in pieces of varying
     * length; both must give the same CRC. */
    unsigned char buffer[1000];
    for (int i = 0; i < 1000; i++) buffer[i] = (unsigned char)((i * i + 7 * i + 3) ^ (i >> 3));
    uint32_t whole = crc32_with_table(0, buffer, sizeof buffer);
    uint32_t pieces = 0;
    size_t offset = 0;
    size_t piece = 1;
    while (offset < sizeof buffer) {
        size_t length = piece < sizeof buffer - offset ? piece : sizeof buffer - offset;
        pieces = crc32_with_table(pieces, buffer + offset, length);
        offset += length;
        piece = piece * 2 + 1;
    }
    printf("buffer: whole=%08x pieces=%08x bitwise=%08x adler32=%08x\n", whole, pieces,
           crc_bitwise(0, buffer, sizeof buffer, crc32_polynomial), adler32(buffer, sizeof buffer));

    /* Flipping any one bit changes the CRC. */
    int detected = 0;
    for (int bit = 0; bit < 64; bit++) {
        buffer[bit * 15] ^= (unsigned char)(1u << (bit % 8));
        if (crc32_with_table(0, buffer, sizeof buffer) != whole) detected++;
        buffer[bit * 15] ^= (unsigned char)(1u << (bit % 8));
    }
    printf("single-bit errors detected: %d of 64\n", detected);
    return 0;
}
