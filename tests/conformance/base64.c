/* base64.c: Base64 encoding and decoding with the RFC 4648 alphabet and '='
 * padding. It encodes the RFC's test strings "", "f", "fo", ... "foobar",
 * round-trips all 256 byte values, rejects invalid input and prints a hex
 * dump. The work is byte loads and stores, shifts and masks. */
#include <stdio.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Writes the encoding of data into out (which needs 4 * ceil(length / 3) + 1
 * bytes) and returns its length. */
static size_t encode(const unsigned char *data, size_t length, char *out) {
    size_t written = 0;
    for (size_t i = 0; i < length; i += 3) {
        unsigned group = (unsigned)data[i] << 16;
        if (i + 1 < length) group |= (unsigned)data[i + 1] << 8;
        if (i + 2 < length) group |= data[i + 2];
        out[written++] = alphabet[(group >> 18) & 63u];
        out[written++] = alphabet[(group >> 12) & 63u];
        out[written++] = i + 1 < length ? alphabet[(group >> 6) & 63u] : '=';
        out[written++] = i + 2 < length ? alphabet[group & 63u] : '=';
    }
    out[written] = '\0';
    return written;
}

static int value_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Decodes text into out and returns the number of bytes, or -1 when the
 * length is not a multiple of 4, a character is outside the alphabet, or
 * padding appears anywhere but at the end. */
static int decode(const char *text, unsigned char *out) {
    size_t length = strlen(text);
    if (length % 4 != 0) return -1;
    int written = 0;
    for (size_t i = 0; i < length; i += 4) {
        int is_last = i + 4 == length;
        int padding = 0;
        if (is_last && text[i + 3] == '=') padding = text[i + 2] == '=' ? 2 : 1;
        unsigned group = 0;
        for (int k = 0; k < 4; k++) {
            int value = k >= 4 - padding ? 0 : value_of(text[i + (size_t)k]);
            if (value < 0) return -1;
            group = (group << 6) | (unsigned)value;
        }
        out[written++] = (unsigned char)(group >> 16);
        if (padding < 2) out[written++] = (unsigned char)(group >> 8);
        if (padding < 1) out[written++] = (unsigned char)group;
    }
    return written;
}

int main(void) {
    const char *vectors[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar",
                             "Scratch 3.0 compiled from C"};
    char encoded[512];
    unsigned char decoded[512];
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        size_t length = strlen(vectors[i]);
        size_t encoded_length = encode((const unsigned char *)vectors[i], length, encoded);
        int decoded_length = decode(encoded, decoded);
        int same = decoded_length == (int)length && memcmp(decoded, vectors[i], length) == 0;
        printf("\"%s\" -> \"%s\" (%zu) -> round trip %d\n", vectors[i], encoded, encoded_length,
               same);
    }

    unsigned char all_bytes[256];
    for (int i = 0; i < 256; i++) all_bytes[i] = (unsigned char)(255 - i);
    size_t encoded_length = encode(all_bytes, 256, encoded);
    printf("256 bytes -> %zu characters, first 40: %.40s\n", encoded_length, encoded);
    printf("last 12: %s\n", encoded + encoded_length - 12);
    int decoded_length = decode(encoded, decoded);
    printf("decoded %d bytes, equal %d\n", decoded_length,
           decoded_length == 256 && memcmp(decoded, all_bytes, 256) == 0);

    const char *invalid[] = {"abc", "ab!d", "a===", "=abc", "ab=c", "Zm9v====", "Zm=9"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        printf("decode \"%s\": %d\n", invalid[i], decode(invalid[i], decoded));

    /* Hex dump of a decoded message, 8 bytes a line. */
    decoded_length = decode("SGVsbG8sIFNjcmF0Y2ghAAH/fw==", decoded);
    for (int offset = 0; offset < decoded_length; offset += 8) {
        printf("%04x:", offset);
        for (int k = offset; k < offset + 8 && k < decoded_length; k++) printf(" %02x", decoded[k]);
        printf("  |");
        for (int k = offset; k < offset + 8 && k < decoded_length; k++)
            putchar(decoded[k] >= 32 && decoded[k] < 127 ? decoded[k] : '.');
        printf("|\n");
    }
    return 0;
}
