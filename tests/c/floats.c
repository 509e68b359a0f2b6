/* float and double arithmetic, conversions, the math functions that Scratch
 * computes (sqrtf, expf, fabsf, floorf) and scratch_round. Results print
 * scaled to ints.
 *
 * Scratch computes floats in double precision while the native build rounds
 * to float32 (and to x87 precision under -m32). So every scaled result here
 * is either exact in binary or at least 0.01 away from an integer, where
 * rounding differences cannot change the printed value. */
#include <math.h>

#include "show.h"

float samples[] = {1.5f, -2.25f, 3.75f, 0.5f, -7.125f, 10.0f, 2.0f, -0.375f};
int sample_count = 8;
int integers[] = {0, 1, -1, 7, -7, 1000, -123456, 16777216};
unsigned big_unsigned = 3000000000u;
/* Halves round up. Scratch gives -0 for -0.5, which prints as 0. */
double to_round[] = {2.5, -2.5, 0.5, -0.5, 3.49, -3.51, 0.49999999999999994, 1e9 + 0.5, -33554431.5, 7.0};
int to_round_count = 10;

__attribute__((noinline)) float mean(int count) {
    float sum = 0.0f;
    for (int i = 0; i < count; i++) sum += samples[i];
    return sum / (float)count;
}

__attribute__((noinline)) double newton_sqrt(double x) {
    double guess = x > 1.0 ? x / 2.0 : 1.0;
    for (int i = 0; i < 30; i++) guess = 0.5 * (guess + x / guess);
    return guess;
}

__attribute__((noinline)) float polynomial(float x) { return ((2.5f * x - 1.25f) * x + 0.5f) * x - 3.0f; }

int main(void) {
    SHOW("mean x1000 ", (int)(mean(sample_count) * 1000.0f));
    for (int i = 0; i < sample_count; i++) {
        float x = samples[i];
        scratch_print_int((int)(x * 1000.0f));
        scratch_print_str(" ");
        scratch_print_int((int)x);
        scratch_print_str(" ");
        scratch_print_int((int)floorf(x));
        scratch_print_str(" ");
        scratch_print_int((int)(fabsf(x) * 100.0f));
        scratch_print_str(" ");
        scratch_print_int((int)(sqrtf(fabsf(x)) * 1000.0f));
        scratch_print_str(" ");
        scratch_print_int((int)(expf(x / 4.0f) * 1000.0f));
        scratch_print_str(" ");
        scratch_print_int((int)(polynomial(x) * 100.0f));
        scratch_print_str(" ");
        scratch_print_int((x < 1.0f) | (x >= 2.0f) << 1 | (x == 10.0f) << 2);
        scratch_print_newline();
    }

    /* int <-> float conversions, truncating toward zero. */
    for (int i = 0; i < 8; i++) {
        float f = (float)integers[i];
        scratch_print_int((int)(f / 4.0f));
        scratch_print_str(" ");
        scratch_print_int((int)(f * -0.5f));
        scratch_print_newline();
    }
    float as_float = (float)big_unsigned;
    SHOW("unsigned to float and back ", (int)((unsigned)(as_float * 0.5f) / 1000u));
    scratch_print_uint((unsigned)as_float);
    scratch_print_newline();

    /* Doubles: an iterative square root and a harmonic sum. */
    SHOW("newton sqrt 2 x1e6 ", (int)(newton_sqrt(2.0) * 1000000.0));
    SHOW("newton sqrt 1000 x1000 ", (int)(newton_sqrt(1000.0) * 1000.0));
    double harmonic = 0.0;
    for (int n = 1; n <= 100; n++) harmonic += 1.0 / (double)n;
    SHOW("harmonic 100 x1e6 ", (int)(harmonic * 1000000.0));

    /* A float loop with a data-dependent exit. */
    float value = 1.0f;
    int halvings = 0;
    while (value > 0.001f) {
        value *= 0.5f;
        halvings++;
    }
    SHOW("halvings ", halvings);

    for (int i = 0; i < to_round_count; i++) {
        scratch_print_int((int)scratch_round(to_round[i]));
        scratch_print_str(" ");
    }
    scratch_print_newline();
    return 0;
}
