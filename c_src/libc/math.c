/* math.c: pow, sin and cos, computed in C.
 *
 * Scratch's blocks for these do not match C. Its sin and cos take degrees
 * and round their result to 10 decimals, and its pow would have to be
 * exp(y * ln x), which takes no negative base. So scratchc cc compiles
 * programs with -fno-builtin-pow, -sin and -cos (and the float forms), and
 * calls of them reach the definitions below. The other functions of math.h
 * become Scratch blocks, which compute them as JavaScript's Math does. */

#include <math.h>

/* pi/2 as the sum of three doubles: the first two have 33 significant bits,
 * so k * PI_OVER_2_HIGH and k * PI_OVER_2_MIDDLE are exact for |k| < 2^20,
 * and subtracting them from x loses nothing. */
static const double PI_OVER_2_HIGH = 0x1.921fb544p+0;
static const double PI_OVER_2_MIDDLE = 0x1.0b4611a6p-34;
static const double PI_OVER_2_LOW = 0x1.3198a2e037073p-69;
static const double TWO_OVER_PI = 0x1.45f306dc9c883p-1;

/* Writes r in [-pi/4, pi/4] with x = r + k * pi/2 and returns k mod 4. For
 * |x| beyond about 1.6 million the products are no longer exact and r is
 * only an estimate. */
static int reduce_to_quadrant(double x, double *r) {
    double k = floor(x * TWO_OVER_PI + 0.5);
    *r = ((x - k * PI_OVER_2_HIGH) - k * PI_OVER_2_MIDDLE) - k * PI_OVER_2_LOW;
    double quadrant = k - 4.0 * floor(k / 4.0);
    return (int)quadrant;
}

/* sin(r) for |r| <= pi/4: the Taylor series to r^17, whose next term is
 * below 1e-19, summed from the smallest term up. */
static double sine_near_zero(double r) {
    double r2 = r * r;
    double sum = 1.0 / 355687428096000.0;          /* 1 / 17! */
    sum = sum * r2 - 1.0 / 1307674368000.0;        /* 1 / 15! */
    sum = sum * r2 + 1.0 / 6227020800.0;           /* 1 / 13! */
    sum = sum * r2 - 1.0 / 39916800.0;             /* 1 / 11! */
    sum = sum * r2 + 1.0 / 362880.0;               /* 1 / 9! */
    sum = sum * r2 - 1.0 / 5040.0;                 /* 1 / 7! */
    sum = sum * r2 + 1.0 / 120.0;                  /* 1 / 5! */
    sum = sum * r2 - 1.0 / 6.0;                    /* 1 / 3! */
    return r + r * r2 * sum;
}

/* cos(r) for |r| <= pi/4: the Taylor series to r^18, summed from the
 * smallest term up. */
static double cosine_near_zero(double r) {
    double r2 = r * r;
    double sum = -1.0 / 6402373705728000.0;        /* 1 / 18! */
    sum = sum * r2 + 1.0 / 20922789888000.0;       /* 1 / 16! */
    sum = sum * r2 - 1.0 / 87178291200.0;          /* 1 / 14! */
    sum = sum * r2 + 1.0 / 479001600.0;            /* 1 / 12! */
    sum = sum * r2 - 1.0 / 3628800.0;              /* 1 / 10! */
    sum = sum * r2 + 1.0 / 40320.0;                /* 1 / 8! */
    sum = sum * r2 - 1.0 / 720.0;                  /* 1 / 6! */
    sum = sum * r2 + 1.0 / 24.0;                   /* 1 / 4! */
    return 1.0 - 0.5 * r2 + r2 * r2 * sum;
}

double sin(double x) {
    /* sin(-0) is -0, which the sum below would turn into +0. */
    if (x == 0.0) return x;
    double r;
    switch (reduce_to_quadrant(x, &r)) {
    case 0: return sine_near_zero(r);
    case 1: return cosine_near_zero(r);
    case 2: return -sine_near_zero(r);
    default: return -cosine_near_zero(r);
    }
}

double cos(double x) {
    double r;
    switch (reduce_to_quadrant(x, &r)) {
    case 0: return cosine_near_zero(r);
    case 1: return -sine_near_zero(r);
    case 2: return -cosine_near_zero(r);
    default: return sine_near_zero(r);
    }
}

/* x^y. A whole exponent is done by repeated squaring, which is exact while
 * the powers fit in 53 bits and takes any base, negative ones too; other
 * exponents go through exp(y * log(x)), which needs x > 0. */
double pow(double x, double y) {
    if (y == 0.0 || x == 1.0) return 1.0;
    if (y == floor(y) && fabs(y) <= 1073741824.0) {
        unsigned remaining = (unsigned)fabs(y);
        double result = 1.0;
        double square = x;
        while (remaining != 0) {
            if (remaining & 1u) result *= square;
            remaining >>= 1;
            if (remaining != 0) square *= square;
        }
        return y < 0.0 ? 1.0 / result : result;
    }
    if (x == 0.0) return y > 0.0 ? 0.0 : HUGE_VAL;
    if (x < 0.0) return NAN;
    return exp(y * log(x));
}

float sinf(float x) { return (float)sin(x); }
float cosf(float x) { return (float)cos(x); }
float powf(float x, float y) { return (float)pow(x, y); }
