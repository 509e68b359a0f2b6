/* math.h: the math functions a Scratch program can call. pow, sin and cos
 * (and their float forms) are computed in C, in libc/math.c, because
 * Scratch's blocks for them differ from C's. The backend turns calls of the
 * others into Scratch blocks. A program that calls another math function
 * fails to build with an error that names it.
 *
 * NOTE: Scratch reads a NaN back as 0, so NAN and results such as sqrt(-1)
 * can turn into 0 in a running project. */
#ifndef SCRATCH_LIBC_MATH_H
#define SCRATCH_LIBC_MATH_H

#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

double sqrt(double x);
double fabs(double x);
double floor(double x);
double ceil(double x);
double exp(double x);
double log(double x);
double pow(double base, double exponent);
double sin(double x);
double cos(double x);
double fmod(double x, double y);

float sqrtf(float x);
float fabsf(float x);
float floorf(float x);
float ceilf(float x);
float expf(float x);
float logf(float x);
float powf(float base, float exponent);
float sinf(float x);
float cosf(float x);
float fmodf(float x, float y);

#endif /* SCRATCH_LIBC_MATH_H */
