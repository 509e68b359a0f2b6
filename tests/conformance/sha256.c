/* sha256.c: SHA-256 as specified in FIPS 180-4, with an init/update/final
 * interface. Inputs are "abc", the empty string, the 56-byte message
 * "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" (whose padding
 * needs a second block), and 1000 repetitions of 'a' fed in uneven pieces.
 * The published digests of the first three are ba7816bf...f20015ad,
 * e3b0c442...7852b855 and 248d6a61...19db06c1. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct sha256 {
    uint32_t state[8];
    uint64_t length_in_bytes;
    unsigned char block[64];
    size_t block_used;
};

/* The first 32 bits of the fractional parts of the cube roots of the first
 * 64 primes. */
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

static uint32_t rotate_right(uint32_t x, int count) { return (x >> count) | (x << (32 - count)); }

static void sha256_init(struct sha256 *hash) {
    /* The first 32 bits of the fractional parts of the square roots of the
     * first 8 primes. */
    static const uint32_t initial_state[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(hash->state, initial_state, sizeof initial_state);
    hash->length_in_bytes = 0;
    hash->block_used = 0;
}

static void compress_block(uint32_t state[8], const unsigned char block[64]) {
    uint32_t schedule[64];
    for (int t = 0; t < 16; t++) {
        schedule[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
                      (uint32_t)block[4 * t + 2] << 8 | (uint32_t)block[4 * t + 3];
    }
    for (int t = 16; t < 64; t++) {
        uint32_t w15 = schedule[t - 15];
        uint32_t w2 = schedule[t - 2];
        uint32_t sigma0 = rotate_right(w15, 7) ^ rotate_right(w15, 18) ^ (w15 >> 3);
        uint32_t sigma1 = rotate_right(w2, 17) ^ rotate_right(w2, 19) ^ (w2 >> 10);
        schedule[t] = schedule[t - 16] + sigma0 + schedule[t - 7] + sigma1;
    }

    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int t = 0; t < 64; t++) {
        uint32_t sum1 = rotate_right(e, 6) ^ rotate_right(e, 11) ^ rotate_right(e, 25);
        uint32_t choose = (e & f) ^ (~e & g);
        uint32_t temp1 = h + sum1 + choose + round_constants[t] + schedule[t];
        uint32_t sum0 = rotate_right(a, 2) ^ rotate_right(a, 13) ^ rotate_right(a, 22);
        uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        uint32_t temp2 = sum0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + temp1;
        d = c;
        c = b;
        b = a;
        a = temp1 + temp2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

static void sha256_update(struct sha256 *hash, const void *data, size_t length) {
    const unsigned char *bytes = data;
    hash->length_in_bytes += length;
    while (length > 0) {
        size_t room = 64 - hash->block_used;
        size_t take = length < room ? length : room;
        memcpy(hash->block + hash->block_used, bytes, take);
        hash->block_used += take;
        bytes += take;
        length -= take;
        if (hash->block_used == 64) {
            compress_block(hash->state, hash->block);
            hash->block_used = 0;
        }
    }
}

/* Pads the message with 0x80, zeros and the 64-bit big-endian bit length,
 * then writes the digest as 32 big-endian bytes. */
static void sha256_final(struct sha256 *hash, unsigned char digest[32]) {
    uint64_t bit_length = hash->length_in_bytes * 8;
    hash->block[hash->block_used++] = 0x80;
    if (hash->block_used > 56) {
        memset(hash->block + hash->block_used, 0, 64 - hash->block_used);
        compress_block(hash->state, hash->block);
        hash->block_used = 0;
    }
    memset(hash->block + hash->block_used, 0, 56 - hash->block_used);
    for (int i = 0; i < 8; i++) hash->block[56 + i] = (unsigned char)(bit_length >> (56 - 8 * i));
    compress_block(hash->state, hash->block);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (unsigned char)(hash->state[i] >> 24);
        digest[4 * i + 1] = (unsigned char)(hash->state[i] >> 16);
        digest[4 * i + 2] = (unsigned char)(hash->state[i] >> 8);
        digest[4 * i + 3] = (unsigned char)hash->state[i];
    }
}

static void print_digest(const char *label, const unsigned char digest[32]) {
    printf("%s: ", label);
    for (int i = 0; i < 32; i++) printf("%02x", digest[i]);
    putchar('\n');
}

static void hash_string(const char *label, const char *text) {
    struct sha256 hash;
    unsigned char digest[32];
    sha256_init(&hash);
    sha256_update(&hash, text, strlen(text));
    sha256_final(&hash, digest);
    print_digest(label, digest);
}

int main(void) {
    hash_string("abc", "abc");
    hash_string("empty", "");
    hash_string("448 bits",
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
    hash_string("fox", "The quick brown fox jumps over the lazy dog");
    hash_string("55 bytes", "0123456789012345678901234567890123456789012345678901234");
    hash_string("64 bytes", "0123456789012345678901234567890123456789012345678901234567890123");

    /* 1000 times 'a', fed in pieces of 1, 2, 3, ... bytes. */
    char a_block[64];
    memset(a_block, 'a', sizeof a_block);
    struct sha256 hash;
    unsigned char digest[32];
    sha256_init(&hash);
    size_t remaining = 1000;
    for (size_t piece = 1; remaining > 0; piece = piece % 64 + 1) {
        size_t take = piece < remaining ? piece : remaining;
        sha256_update(&hash, a_block, take);
        remaining -= take;
    }
    sha256_final(&hash, digest);
    print_digest("1000 x a", digest);

    /* Hash chain: each digest is the next input. */
    unsigned char chained[32] = {0};
    for (int round = 0; round < 20; round++) {
        sha256_init(&hash);
        sha256_update(&hash, chained, sizeof chained);
        sha256_final(&hash, chained);
    }
    print_digest("20 chained", chained);
    return 0;
}
