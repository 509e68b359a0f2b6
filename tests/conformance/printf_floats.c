/* printf_floats.c: printf's %f %e %g (and %F %E %G) on doubles, at several
 * precisions and with the flags - + space 0 #. Cases include negative zero,
 * large and small magnitudes, subnormals, DBL_MAX and infinity. printf rounds
 * the exact binary value, so 2.5 prints as 2 and 2.675 as 2.67. Every printed
 * value is a constant or an exact operation, so the output does not depend
 * on how the compiler rounds intermediate results. */
#include <float.h>
#include <stdio.h>

struct sample {
    const char *label;
    double value;
};

static volatile const struct sample samples[] = {
    {"0", 0.0},
    {"-0", -0.0},
    {"1", 1.0},
    {"-1.5", -1.5},
    {"0.5", 0.5},
    {"2.5", 2.5},
    {"0.125", 0.125},
    {"0.1", 0.1},
    {"2.675", 2.675},
    {"1e-5", 1e-5},
    {"0.000123456", 0.000123456},
    {"999999.5", 999999.5},
    {"123456789", 123456789.0},
    {"pi", 3.141592653589793},
    {"-2/3", -0.6666666666666666},
    {"1e21", 1e21},
    {"2^70", 1180591620717411303424.0},
    {"1e-300", 1e-300},
    {"1e300", 1e300},
    {"DBL_MIN", DBL_MIN},
    {"DBL_TRUE_MIN", DBL_TRUE_MIN},
    {"DBL_MAX", DBL_MAX},
};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

/* %f of values above 1e22 prints hundreds of digits, so those samples get the
 * exponent forms only. */
static const double fixed_limit = 1e22;

int main(void) {
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        double v = samples[i].value;
        printf("%s:\n", samples[i].label);
        if (v < fixed_limit && v > -fixed_limit)
            printf("  f: %f|%.0f|%.1f|%.3f|%.10f|%#.0f\n", v, v, v, v, v, v);
        printf("  e: %e|%.0e|%.2e|%.12E|%#.0e\n", v, v, v, v, v);
        printf("  g: %g|%.1g|%.3g|%.10g|%.17g|%#g|%G\n", v, v, v, v, v, v, v);
    }

    /* Ties on the exact binary value round to even digits, while values that
     * only look like ties round by their true value. */
    printf("ties: %.0f %.0f %.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, 3.5, -0.5, -2.5);
    printf("near ties: %.1f %.1f %.1f %.2f %.2f %.3f\n", 0.25, 0.35, 0.45, 1.005, 1.125, 1.0005);
    printf("carries: %.0f %.1f %.2f %.3e %.2g %.0f\n", 9.5, 9.96, 99.999, 9.9996, 9.96, 999.5);

    /* Flags and widths. */
    double pi = samples[13].value;
    double negative = samples[3].value;
    printf("[%+f] [% f] [%12.4f] [%-12.4f] [%012.4f] [%+012.4f]\n", pi, pi, pi, pi, pi, negative);
    printf("[%+e] [% e] [%15.3e] [%-15.3e] [%015.3e] [%+.3E]\n", pi, pi, pi, negative, negative,
           pi);
    printf("[%+g] [% g] [%12g] [%-12g] [%012g] [%#.3g] [%#g]\n", pi, pi, pi, negative, negative,
           1.0, 100000.0);
    printf("[%*.*f] [%-*.*e] [%.*g]\n", 10, 2, pi, 12, 1, pi, 4, pi);

    /* %g switches to exponent form when the exponent is below -4 or at least
     * the precision, and drops trailing zeros unless # is given. */
    printf("g switch: %g %g %g %g %g %g %g\n", 0.0001, 0.00001, 123456.0, 1234567.0, 100000.0,
           1000000.0, 1e-10);
    printf("g precision: %.2g %.2g %.2g %.4g %.4g %#.4g\n", 99.0, 100.0, 0.000999, 1.5, 12345.0,
           1.5);

    /* Exact decimal expansions of binary fractions. */
    printf("exact: %.20f %.30f %.25e\n", 0.1, 1.0 / 3.0, 0.2);
    printf("2^-20 = %.20f, 2^-30 = %.30f\n", 1.0 / 1048576.0, 1.0 / 1073741824.0);
    printf("DBL_MAX = %.0f\n", DBL_MAX);
    printf("2^-1074 = %.3e, DBL_EPSILON = %.17g\n", DBL_TRUE_MIN, DBL_EPSILON);

    /* Negative zero from arithmetic keeps its sign. */
    volatile double zero = 0.0;
    volatile double negative_zero = -zero;
    volatile double product = -1.0 * zero;
    printf("negative zero: %f %e %g %.0f %+.1f\n", negative_zero, negative_zero, product,
           negative_zero, zero);

    /* Infinity, stored to memory so that it is a double overflow. */
    volatile double largest = DBL_MAX;
    volatile double infinity = largest * 2.0;
    volatile double negative_infinity = -infinity;
    printf("infinity: %f %e %g %F %E %G [%8f] [%-8e] [%+g]\n", infinity, infinity, infinity,
           infinity, infinity, infinity, negative_infinity, infinity, infinity);

    /* float arguments are promoted to double. These values are exact in
     * float. */
    float f = 0.75f;
    float g = -1024.5f;
    float h = 0.0625f;
    printf("floats: %f %g %e %.2f\n", f, g, h, (double)(f + g));
    return 0;
}
