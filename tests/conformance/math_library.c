/* math_library.c: the <math.h> functions sqrt, fabs, floor, ceil, exp, log,
 * pow, sin, cos and fmod. Inputs include exact cases (perfect squares,
 * integer powers, fmod of binary fractions) and negative arguments. Inexact
 * results print with 10 significant digits or 10 decimals, which any
 * implementation within one unit in the last place of a double reproduces.
 * Angles are in radians. */
#include <math.h>
#include <stdio.h>

static const double pi = 3.141592653589793;

static volatile const double rounding_samples[] = {0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.5, -2.5,
                                                   1e-9, -1e-9, 123456.789, -123456.789};
static volatile const double positive_samples[] = {1e-6, 0.01, 0.5, 1.0, 2.0, 10.0, 1000.0, 1e10};
static volatile const double fmod_pairs[][2] = {
    {10.5, 3.0}, {-10.5, 3.0}, {10.5, -3.0}, {-10.5, -3.0}, {7.0, 7.0}, {0.75, 0.25},
    {1e10, 7.0}, {5.5, 100.0}, {-0.0, 1.0}, {9.875, 0.125},
};
static volatile const double pow_pairs[][2] = {
    {2.0, 10.0}, {2.0, -3.0}, {-2.0, 3.0}, {-2.0, 4.0}, {10.0, 0.0}, {0.0, 5.0},
    {9.0, 0.5},  {2.0, 0.5},  {1.5, 2.5},  {10.0, -5.0}, {0.5, 30.0}, {1.0001, 10000.0},
};

int main(void) {
    for (unsigned i = 0; i < sizeof rounding_samples / sizeof rounding_samples[0]; i++) {
        double x = rounding_samples[i];
        printf("x=%g: fabs=%g floor=%g ceil=%g\n", x, fabs(x), floor(x), ceil(x));
    }

    for (int n = 0; n <= 12; n++) {
        double square = (double)(n * n);
        printf("sqrt(%d)=%g sqrt(%d)=%.10f\n", n * n, sqrt(square), n, sqrt((double)n));
    }

    for (unsigned i = 0; i < sizeof positive_samples / sizeof positive_samples[0]; i++) {
        double x = positive_samples[i];
        printf("x=%g: sqrt=%.10g log=%.10g exp(-x/10)=%.10g\n", x, sqrt(x), log(x),
               exp(-x / 10.0 > -700.0 ? -x / 10.0 : -700.0));
    }
    for (int n = -10; n <= 10; n += 4) printf("exp(%d)=%.10g\n", n, exp((double)n));
    printf("log(exp(1))=%.10f exp(log(10))=%.10f\n", log(exp(1.0)), exp(log(10.0)));

    for (unsigned i = 0; i < sizeof pow_pairs / sizeof pow_pairs[0]; i++) {
        double base = pow_pairs[i][0];
        double exponent = pow_pairs[i][1];
        printf("pow(%g, %g) = %.10g\n", base, exponent, pow(base, exponent));
    }

    for (unsigned i = 0; i < sizeof fmod_pairs / sizeof fmod_pairs[0]; i++) {
        double x = fmod_pairs[i][0];
        double y = fmod_pairs[i][1];
        printf("fmod(%g, %g) = %g\n", x, y, fmod(x, y));
    }

    /* sin and cos over two turns in steps of pi/12, and at a few larger
     * arguments. */
    for (int step = -24; step <= 24; step += 3) {
        double angle = step * (pi / 12.0);
        printf("angle %3d*pi/12: sin=%.10f cos=%.10f\n", step, sin(angle), cos(angle));
    }
    volatile const double wide_angles[] = {0.001, 1.0, 10.0, 100.0, 1000.0, -12345.678};
    for (unsigned i = 0; i < sizeof wide_angles / sizeof wide_angles[0]; i++) {
        double angle = wide_angles[i];
        printf("sin(%g)=%.10f cos(%g)=%.10f\n", angle, sin(angle), angle, cos(angle));
    }

    /* Identities that hold to the printed precision. */
    double identity_error = 0.0;
    for (int k = 0; k < 200; k++) {
        double angle = k * 0.05 - 5.0;
        double s = sin(angle);
        double c = cos(angle);
        double error = fabs(s * s + c * c - 1.0);
        if (error > identity_error) identity_error = error;
    }
    printf("max |sin^2 + cos^2 - 1| below 1e-15: %d\n", identity_error < 1e-15);
    printf("rounding to nearest by floor(x + 0.5): %g %g %g\n", floor(2.5 + 0.5), floor(-2.5 + 0.5),
           floor(0.49999 + 0.5));
    return 0;
}
