/* Calls: several non-inlined functions with many parameters, results
 * returned by value and through pointers, calls inside loops, and a global
 * that callees update. */
#include "show.h"

int call_count;
int inputs[] = {84, 36, 1071, 462, 17, 5, 1000, 999};

__attribute__((noinline)) int gcd(int a, int b) {
    call_count++;
    while (b != 0) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

__attribute__((noinline)) int weighted_sum(int a, int b, int c, int d, int e, int f) {
    call_count++;
    return a * 1 + b * 2 + c * 3 + d * 4 + e * 5 + f * 6;
}

/* Writes the quotient and remainder of a / b through the pointers. */
__attribute__((noinline)) void divide(int a, int b, int *quotient, int *remainder) {
    call_count++;
    *quotient = a / b;
    *remainder = a % b;
}

/* Returns base^exponent mod modulus; modulus < 65536 keeps products in 32 bits. */
__attribute__((noinline)) unsigned power_mod(unsigned base, unsigned exponent, unsigned modulus) {
    call_count++;
    unsigned result = 1 % modulus;
    base %= modulus;
    while (exponent > 0) {
        if (exponent & 1u) result = result * base % modulus;
        base = base * base % modulus;
        exponent >>= 1;
    }
    return result;
}

__attribute__((noinline)) int clamp(int value, int low, int high) {
    call_count++;
    if (value < low) return low;
    if (value > high) return high;
    return value;
}

/* Calls other helpers, so frames nest three deep. */
__attribute__((noinline)) int lcm_clamped(int a, int b, int cap) {
    call_count++;
    return clamp(a / gcd(a, b) * b, 0, cap);
}

__attribute__((noinline)) float lerp(float a, float b, float t) { return a + (b - a) * t; }

int main(void) {
    for (int i = 0; i < 8; i += 2) SHOW("gcd ", gcd(inputs[i], inputs[i + 1]));
    SHOW("weighted ", weighted_sum(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5]));
    SHOW("weighted negative ", weighted_sum(-inputs[7], 3, -inputs[6], 0, 1, -2));

    for (int i = 0; i < 8; i++) {
        int q;
        int r;
        divide(inputs[i] * (i % 2 ? -1 : 1), 7 + i, &q, &r);
        scratch_print_int(q);
        scratch_print_str(" ");
        scratch_print_int(r);
        scratch_print_newline();
    }

    scratch_print_uint(power_mod(2u, 100u, 65521u));
    scratch_print_newline();
    scratch_print_uint(power_mod((unsigned)inputs[6], (unsigned)inputs[7], 40503u));
    scratch_print_newline();
    scratch_print_uint(power_mod(3u, 0u, 1u));
    scratch_print_newline();

    int total = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) total += lcm_clamped(inputs[i], inputs[j], 50000);
    SHOW("lcm total ", total);
    SHOW("lerp x1000 ", (int)(lerp(-2.0f, 6.0f, 0.3125f) * 1000.0f));
    SHOW("calls ", call_count);
    return 0;
}
