/* double_arith.c: double arithmetic and conversions. Conversions from double
 * to int and unsigned truncate toward zero, and int and unsigned convert to
 * double exactly. Comparisons treat -0 and 0 as equal, and 2^53 + 1 is not a
 * double. Sums, products and quotients of ordinary values print the same at
 * 10 to 12 digits.
 *
 * The native i386 build evaluates doubles in x87 registers with 64-bit
 * significands. Results whose rounding the program inspects are therefore
 * stored to volatile variables first, which rounds them to double. */
#include <float.h>
#include <limits.h>
#include <stdio.h>

static volatile const double to_int_samples[] = {0.0,     -0.0,   0.25,  -0.25,         0.999999,
                                                 2.9,     -2.9,   100.5, -100.5,        65535.99,
                                                 -32768.7, 2147483647.9, -2147483648.9, 1e9};
static volatile const double to_unsigned_samples[] = {0.0, 0.5, 2147483648.0, 3000000000.7,
                                                      4294967295.0, 4294967295.9};
static volatile const int int_samples[] = {0, 1, -1, INT_MAX, INT_MIN, 16777217, -16777217};
static volatile const unsigned unsigned_samples[] = {0u, 1u, 2147483648u, 4294967295u};

int main(void) {
    for (unsigned i = 0; i < sizeof to_int_samples / sizeof to_int_samples[0]; i++) {
        double d = to_int_samples[i];
        int truncated = (int)d;
        printf("(int)%.6f = %d, (short)(int) = %d\n", d, truncated, (short)truncated);
    }
    for (unsigned i = 0; i < sizeof to_unsigned_samples / sizeof to_unsigned_samples[0]; i++) {
        double d = to_unsigned_samples[i];
        printf("(unsigned)%.6f = %u\n", d, (unsigned)d);
    }
    for (unsigned i = 0; i < sizeof int_samples / sizeof int_samples[0]; i++) {
        int v = int_samples[i];
        double d = v;
        printf("(double)%d = %.1f, back = %d, halved = %.2f\n", v, d, (int)d, d / 2.0);
    }
    for (unsigned i = 0; i < sizeof unsigned_samples / sizeof unsigned_samples[0]; i++) {
        unsigned u = unsigned_samples[i];
        double d = u;
        printf("(double)%uu = %.1f, back = %u\n", u, d, (unsigned)d);
    }

    /* Comparisons, including signed zeros. */
    volatile double zero = 0.0;
    volatile double negative_zero = -zero;
    printf("-0 == 0: %d, -0 < 0: %d, -0 > 0: %d, -0 <= 0: %d\n", negative_zero == zero,
           negative_zero < zero, negative_zero > zero, negative_zero <= zero);
    volatile double three = 3.0;
    volatile double minus_three = -3.0;
    printf("3 > -3: %d, -3 >= -3: %d, 3 != 3: %d, !(3 < -3): %d\n", three > minus_three,
           minus_three >= minus_three, three != three, !(three < minus_three));

    /* 2^53 + 1 rounds back to 2^53, while 2^53 + 2 is exact. */
    volatile double two_53 = 9007199254740992.0;
    volatile double plus_one = two_53 + 1.0;
    volatile double plus_two = two_53 + 2.0;
    printf("2^53+1 == 2^53: %d, 2^53+2 == 2^53: %d, %.1f %.1f\n", plus_one == two_53,
           plus_two == two_53, plus_one, plus_two);
    volatile double tiny = 1e-17;
    volatile double one_plus_tiny = 1.0 + tiny;
    printf("1 + 1e-17 == 1: %d\n", one_plus_tiny == 1.0);

    /* Machine epsilon found by halving, with every step stored as a double. */
    volatile double epsilon = 1.0;
    volatile double candidate = 2.0;
    int halvings = 0;
    while (candidate != 1.0) {
        epsilon = epsilon / 2.0;
        candidate = 1.0 + epsilon;
        halvings++;
    }
    printf("halvings until 1 + e == 1: %d, last e = %g, DBL_EPSILON = %g\n", halvings, epsilon,
           DBL_EPSILON);
    printf("DBL_DIG=%d DBL_MANT_DIG=%d DBL_MAX_EXP=%d DBL_MIN_EXP=%d FLT_MANT_DIG=%d\n", DBL_DIG,
           DBL_MANT_DIG, DBL_MAX_EXP, DBL_MIN_EXP, FLT_MANT_DIG);
    printf("FLT_MAX=%g FLT_MIN=%g FLT_EPSILON=%g\n", FLT_MAX, FLT_MIN, FLT_EPSILON);

    /* Sums, products and quotients, printed at a precision that the last
     * bits do not reach. */
    double harmonic = 0.0;
    for (int k = 1; k <= 1000; k++) harmonic += 1.0 / k;
    printf("H(1000) = %.10f\n", harmonic);
    double alternating = 0.0;
    for (int k = 0; k < 2000; k++) alternating += (k % 2 == 0 ? 4.0 : -4.0) / (2 * k + 1);
    printf("Leibniz pi after 2000 terms = %.10f\n", alternating);
    double product = 1.0;
    for (int k = 1; k <= 25; k++) product *= k;
    printf("25! as double = %.6e = %.0f\n", product, product);
    double root = 1.0;
    for (int step = 0; step < 8; step++) root = (root + 2.0 / root) / 2.0;
    printf("Newton sqrt(2) = %.12f\n", root);
    volatile double seventh = 1.0 / 7.0;
    printf("1/7 = %.15f, 22/7 = %.12f, -1/3 = %.12f\n", seventh, 22.0 / (three + 4.0),
           -1.0 / 3.0);

    /* Exact integer arithmetic in doubles up to 2^53. */
    double exact = 1.0;
    for (int k = 0; k < 52; k++) exact = exact * 2.0 + 1.0;
    printf("2^53 - 1 built by doubling = %.0f\n", exact);
    long long from_double = (long long)exact;
    printf("as long long = %lld\n", from_double);

    /* Conversions through narrow types. */
    volatile double fractional = 300.75;
    printf("(unsigned char)(int)300.75 = %u, (signed char)(int)-200.5 = %d\n",
           (unsigned char)(int)fractional, (signed char)(int)(-200.5 + zero));
    return 0;
}
