/* Bitwise and, or, xor and not on arbitrary values, signed and unsigned,
 * plus bit counting and reversal written as loops. */
#include "scratch.h"

unsigned operands[] = {0u, 0xffffffffu, 0xdeadbeefu, 0x12345678u, 0x80000000u, 0x0f0f0f0fu, 0xcafebabeu, 7u};
int operand_count = 8;
int signed_operands[] = {-1, -2, -123456789, 987654321, 0, 1};

__attribute__((noinline)) unsigned and_(unsigned a, unsigned b) { return a & b; }
__attribute__((noinline)) unsigned or_(unsigned a, unsigned b) { return a | b; }
__attribute__((noinline)) unsigned xor_(unsigned a, unsigned b) { return a ^ b; }
__attribute__((noinline)) unsigned not_(unsigned a) { return ~a; }

/* Counts set bits by clearing the lowest one each round. */
__attribute__((noinline)) int count_bits(unsigned x) {
    int count = 0;
    while (x != 0) {
        x &= x - 1;
        count++;
    }
    return count;
}

__attribute__((noinline)) unsigned reverse_bits(unsigned x) {
    unsigned result = 0;
    for (int i = 0; i < 32; i++) {
        result = (result << 1) | (x & 1u);
        x >>= 1;
    }
    return result;
}

int main(void) {
    for (int i = 0; i < operand_count; i++) {
        unsigned a = operands[i];
        unsigned b = operands[(i * 3 + 1) % operand_count];
        scratch_print_uint(and_(a, b));
        scratch_print_str(" ");
        scratch_print_uint(or_(a, b));
        scratch_print_str(" ");
        scratch_print_uint(xor_(a, b));
        scratch_print_str(" ");
        scratch_print_uint(not_(a));
        scratch_print_str(" ");
        scratch_print_uint(a & ~b);
        scratch_print_str(" ");
        scratch_print_int(count_bits(a));
        scratch_print_str(" ");
        scratch_print_uint(reverse_bits(a));
        scratch_print_newline();
    }
    for (int i = 0; i < 6; i++) {
        int a = signed_operands[i];
        int b = signed_operands[(i + 2) % 6];
        scratch_print_int(a & b);
        scratch_print_str(" ");
        scratch_print_int(a | b);
        scratch_print_str(" ");
        scratch_print_int(a ^ b);
        scratch_print_str(" ");
        scratch_print_int(~a);
        scratch_print_str(" ");
        scratch_print_int(a & 0xff);
        scratch_print_str(" ");
        /* Masks of one inner run of bits: a multiple of 4 below 2^31, and bits 4..11. */
        scratch_print_int(a & 0x7ffffffc);
        scratch_print_str(" ");
        scratch_print_int(a & 0xff0);
        scratch_print_str(" ");
        scratch_print_int(a | 0x70000000);
        scratch_print_str(" ");
        scratch_print_int(a ^ -1);
        scratch_print_newline();
    }

    /* A xor-folded checksum over all pairs. */
    unsigned fold = 0;
    for (int i = 0; i < operand_count; i++)
        for (int j = 0; j < operand_count; j++)
            fold = (fold ^ (operands[i] & ~operands[j])) + (operands[i] | operands[j]);
    scratch_print_uint(fold);
    scratch_print_newline();
    return 0;
}
