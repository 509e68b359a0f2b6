/* Code that clang turns into LLVM intrinsics, which the plugin expands:
 * popcount, count leading and trailing zeros, byte swap, rotates (funnel
 * shifts), abs, min and max, and memset and memcpy of int arrays. */
#include "scratch.h"

unsigned words[] = {1u, 0x80000000u, 0xdeadbeefu, 0x00f00000u, 0x12345678u, 0xffffffffu};
int word_count = 6;
int signed_words[] = {-7, 12, -2147483647, 0, 2147483647, -1};

__attribute__((noinline)) unsigned rotate_left(unsigned x, int n) { return (x << n) | (x >> ((32 - n) & 31)); }
__attribute__((noinline)) unsigned rotate_right(unsigned x, int n) { return (x >> n) | (x << ((32 - n) & 31)); }
__attribute__((noinline)) int absolute(int x) { return x < 0 ? -x : x; }
__attribute__((noinline)) int smaller(int a, int b) { return a < b ? a : b; }
__attribute__((noinline)) unsigned larger_unsigned(unsigned a, unsigned b) { return a > b ? a : b; }

int main(void) {
    for (int i = 0; i < word_count; i++) {
        unsigned x = words[i];
        scratch_print_int(__builtin_popcount(x));
        scratch_print_str(" ");
        scratch_print_int(__builtin_clz(x));
        scratch_print_str(" ");
        scratch_print_int(__builtin_ctz(x));
        scratch_print_str(" ");
        scratch_print_uint(__builtin_bswap32(x));
        scratch_print_str(" ");
        scratch_print_uint(rotate_left(x, i * 5 + 1));
        scratch_print_str(" ");
        scratch_print_uint(rotate_right(x, i * 7));
        scratch_print_str(" ");
        scratch_print_uint((x << 8) | (x >> 24));
        scratch_print_newline();
    }
    for (int i = 0; i < 6; i++) {
        int a = signed_words[i];
        int b = signed_words[(i + 1) % 6];
        scratch_print_int(absolute(a));
        scratch_print_str(" ");
        scratch_print_int(smaller(a, b));
        scratch_print_str(" ");
        scratch_print_uint(larger_unsigned((unsigned)a, (unsigned)b));
        scratch_print_newline();
    }

    /* Zeroing and copying loops that clang rewrites as memset and memcpy. */
    int buffer[24];
    int mirror[24];
    for (int i = 0; i < 24; i++) buffer[i] = 0;
    for (int i = 0; i < word_count; i++) buffer[i * 3] = signed_words[i];
    for (int i = 0; i < 24; i++) mirror[i] = buffer[i];
    int checksum = 0;
    for (int i = 0; i < 24; i++) checksum = checksum * 3 + (mirror[i] & 0xffff);
    scratch_print_int(checksum);
    scratch_print_newline();
    scratch_print_int(mirror[15]);
    scratch_print_newline();
    return 0;
}
