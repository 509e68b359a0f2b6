/* format_float.c: %f, %e and %g, printed exactly as glibc prints them.
 *
 * glibc prints the exact decimal value of a double, rounded to the
 * requested digits with ties going to the even digit. This file does the
 * same in three steps:
 *   1. split the magnitude into mantissa * 2^exponent, the mantissa an
 *      integer below 2^53, by scaling with powers of two (exact, and no
 *      access to the bits of the double, which Scratch does not have);
 *   2. compute the exact decimal digits of mantissa * 2^exponent, which is
 *      mantissa * 5^-exponent / 10^-exponent for a negative exponent, as a
 *      big number in base-10^7 limbs;
 *   3. round that digit string and lay it out for the conversion.
 *
 * The limbs are doubles holding integers. Every product below stays under
 * 2^53, so double arithmetic on them is exact, and the Scratch target keeps
 * a double in one list item where an int takes four, which makes each limb
 * access a single read or write.
 */
#include "libc_internal.h"

/* Base of a limb: seven decimal digits. */
#define LIMB_BASE 1e7
enum { LIMB_DIGITS = 7 };
/* The largest factors multiply_limbs takes: a limb times either, plus a
 * carry, stays below 2^53 (10^7 * 5^11 < 2^49, 10^7 * 2^29 < 2^53). */
#define FIVE_TO_THE_11 48828125.0
#define TWO_TO_THE_29 536870912.0
/* The largest exact value, mantissa * 5^1074 with the mantissa below 2^53
 * (the smallest normal numbers), has 767 digits: 110 limbs. */
enum { MAX_LIMBS = 112, MAX_DIGITS = MAX_LIMBS * LIMB_DIGITS };

/* A big number, least significant limb first; the value 0 has no limbs.
 * Static, because formatting never nests and 896 bytes would weigh on the
 * stack. */
static double limbs[MAX_LIMBS];
static int limb_count;

/* The value being formatted is 0.D1 D2 ... * 10^decimal_point, where the
 * digits D1 D2 ... are those of the big number, D1 nonzero. Digits are made
 * from limbs only as far as the rounding needs them. decimal_digits
 * contains the first digit_count of them as ASCII characters, without
 * trailing zeros. next_limb is the most significant limb not yet converted
 * (-1 when none is left). nonzero_beyond is true when the digits after the
 * converted ones include a nonzero one. */
static char decimal_digits[MAX_DIGITS];
static int digit_count;
static int decimal_point;
static int next_limb;
static bool nonzero_beyond;

/* Returns floor(value / LIMB_BASE) for an integer 0 <= value < 2^53. The
 * quotient of the division is rounded, so its truncation can be one off:
 * the remainder check fixes that. */
static double limb_quotient(double value) {
    double quotient = (double)(int)(value / LIMB_BASE);
    double remainder = value - quotient * LIMB_BASE;
    if (remainder < 0) return quotient - 1;
    if (remainder >= LIMB_BASE) return quotient + 1;
    return quotient;
}

/* Multiplies the big number by `factor`, an integer from 1 to 2^29. */
static void multiply_limbs(double factor) {
    double carry = 0;
    for (int i = 0; i < limb_count; i++) {
        double product = limbs[i] * factor + carry;
        carry = limb_quotient(product);
        limbs[i] = product - carry * LIMB_BASE;
    }
    while (carry != 0) {
        double next_carry = limb_quotient(carry);
        limbs[limb_count++] = carry - next_carry * LIMB_BASE;
        carry = next_carry;
    }
}

/* Returns whether `value`, an integer from 0 to 2^53, is a multiple of
 * `power`, a power of two from 2 to 2^8. Only the low 32 bits decide, and
 * they split off exactly: both conversions to int below are in range. */
static bool is_multiple_of(double value, double power) {
    double high = (double)(int)(value * 0x1p-32);
    double low = value - high * 0x1p32;
    double quotient = (double)(int)(low / power);
    return quotient * power == low;
}

/* Returns the number of decimal digits of the limb, at least 1. */
static int limb_width(double limb) {
    int width = 1;
    for (double power = 10; width < LIMB_DIGITS && limb >= power; power *= 10) width++;
    return width;
}

/* Appends the last `width` decimal digits of the limb to decimal_digits. */
static void append_limb_digits(double limb, int width) {
    /* A limb is below 10^7, so int arithmetic takes it apart. */
    int value = (int)limb;
    char *end = decimal_digits + digit_count + width;
    for (int place = 1; place <= width; place++) {
        end[-place] = (char)('0' + value % 10);
        value /= 10;
    }
    digit_count += width;
}

static void trim_trailing_zeros(void) {
    while (digit_count > 0 && decimal_digits[digit_count - 1] == '0') digit_count--;
}

/* Converts limbs to digits until there are at least `count` digits or no
 * limb is left, and sets nonzero_beyond. Called once per value, because
 * it trims the trailing zeros of what it converted. */
static void convert_digits(int count) {
    for (; next_limb >= 0 && digit_count < count; next_limb--) {
        bool top = next_limb == limb_count - 1;
        append_limb_digits(limbs[next_limb], top ? limb_width(limbs[next_limb]) : LIMB_DIGITS);
    }
    nonzero_beyond = false;
    for (int i = next_limb; i >= 0 && !nonzero_beyond; i--) nonzero_beyond = limbs[i] != 0;
    trim_trailing_zeros();
}

/* Sets the big number and the decimal point to the exact value of
 * `magnitude`, a finite double above 0. */
static void expand_decimal(double magnitude) {
    /* Scale by powers of two into [2^52, 2^53), where every double is an
     * integer. Scaling by a power of two is exact as long as the result is
     * a normal number, which it is here, also for subnormal inputs. */
    double mantissa = magnitude;
    int exponent = 0;
    while (mantissa >= 0x1p85) {
        mantissa *= 0x1p-32;
        exponent += 32;
    }
    while (mantissa >= 0x1p57) {
        mantissa *= 0x1p-4;
        exponent += 4;
    }
    while (mantissa >= 0x1p53) {
        mantissa *= 0.5;
        exponent += 1;
    }
    while (mantissa < 0x1p20) {
        mantissa *= 0x1p32;
        exponent -= 32;
    }
    while (mantissa < 0x1p48) {
        mantissa *= 0x1p4;
        exponent -= 4;
    }
    while (mantissa < 0x1p52) {
        mantissa *= 2.0;
        exponent -= 1;
    }

    /* Drop the mantissa's trailing zero bits while the exponent is
     * negative: every bit dropped saves a factor 5 below. The smallest
     * subnormal ends at mantissa 1 and exponent -1074. */
    while (exponent <= -8 && is_multiple_of(mantissa, 256.0)) {
        mantissa *= 1.0 / 256;
        exponent += 8;
    }
    while (exponent < 0 && is_multiple_of(mantissa, 2.0)) {
        mantissa *= 0.5;
        exponent += 1;
    }

    /* magnitude = mantissa * 2^exponent. For exponent < 0 that is
     * (mantissa * 5^-exponent) * 10^exponent. */
    limb_count = 1;
    limbs[0] = mantissa;
    multiply_limbs(1);
    if (exponent >= 0) {
        int remaining = exponent;
        for (; remaining >= 29; remaining -= 29) multiply_limbs(TWO_TO_THE_29);
        double power = 1;
        for (; remaining > 0; remaining--) power *= 2;
        multiply_limbs(power);
    } else {
        int remaining = -exponent;
        for (; remaining >= 11; remaining -= 11) multiply_limbs(FIVE_TO_THE_11);
        double power = 1;
        for (; remaining > 0; remaining--) power *= 5;
        multiply_limbs(power);
    }

    /* Every limb below the top one has seven digits. */
    int total_digits = limb_width(limbs[limb_count - 1]) + LIMB_DIGITS * (limb_count - 1);
    decimal_point = total_digits + (exponent < 0 ? exponent : 0);
    digit_count = 0;
    next_limb = limb_count - 1;
}

/* Converts the digits that rounding needs, then rounds to the first `keep`
 * of them (to none when keep <= 0), to nearest with ties to even, judged on
 * the exact value. When fewer digits exist, there is nothing to round. */
static void round_digits(int keep) {
    convert_digits(keep + 1);
    if (keep >= digit_count) return;
    if (keep < 0) {
        /* The value is below a tenth of the last kept place: it rounds to 0. */
        digit_count = 0;
        return;
    }

    /* The converted digits after the first dropped one include a nonzero
     * one exactly when there are any, because trailing zeros were trimmed. */
    int first_dropped = decimal_digits[keep];
    bool more_after = digit_count > keep + 1 || nonzero_beyond;
    bool last_kept_is_odd = keep > 0 && (decimal_digits[keep - 1] - '0') % 2 != 0;
    bool round_up = first_dropped > '5' || (first_dropped == '5' && (more_after || last_kept_is_odd));

    digit_count = keep;
    if (round_up) {
        int i = keep - 1;
        while (i >= 0 && decimal_digits[i] == '9') i--;
        if (i < 0) {
            /* All nines, or nothing kept: the result is 1 at a higher place. */
            decimal_digits[0] = '1';
            digit_count = 1;
            decimal_point++;
        } else {
            decimal_digits[i]++;
            digit_count = i + 1;
        }
    }
    trim_trailing_zeros();
}

/* Writes the digits at positions first .. first + count - 1 of the digit
 * string, with zeros for the positions before or after it. */
static void put_digits(int first, int count) {
    int end = first + count;

    /* Zeros before the string, the digits inside it, zeros after it. */
    int leading = 0;
    if (first < 0) leading = end < 0 ? count : -first;
    output_repeated('0', leading);
    first += leading;
    int inside_end = end < digit_count ? end : digit_count;
    if (inside_end > first) {
        output_text(decimal_digits + first, inside_end - first);
        first = inside_end;
    }
    output_repeated('0', end - first);
}

/* Returns the length of the rounded value in fixed notation with
 * `precision` digits after the point. */
static int fixed_length(int precision, bool alternate) {
    int integer_digits = decimal_point > 0 ? decimal_point : 1;
    return integer_digits + (precision > 0 || alternate) + precision;
}

/* Writes the rounded value in fixed notation, as %f does. */
static void put_fixed(int precision, bool alternate) {
    if (decimal_point <= 0) {
        output_char('0');
    } else {
        put_digits(0, decimal_point);
    }
    if (precision > 0 || alternate) output_char('.');
    put_digits(decimal_point, precision);
}

/* Returns the exponent of the rounded value in scientific notation. */
static int scientific_exponent(void) {
    return limb_count == 0 ? 0 : decimal_point - 1;
}

/* Returns the length of the rounded value in scientific notation. */
static int scientific_length(int precision, bool alternate) {
    int exponent = scientific_exponent();
    int exponent_digits = exponent >= 100 || exponent <= -100 ? 3 : 2;
    return 1 + (precision > 0 || alternate) + precision + 2 + exponent_digits;
}

/* Writes the rounded value in scientific notation, as %e does: one digit,
 * the fraction, and an exponent of at least two digits. */
static void put_scientific(int precision, bool alternate, bool uppercase) {
    int exponent = scientific_exponent();

    put_digits(0, 1);
    if (precision > 0 || alternate) output_char('.');
    put_digits(1, precision);

    output_char(uppercase ? 'E' : 'e');
    output_char(exponent < 0 ? '-' : '+');
    if (exponent < 0) exponent = -exponent;
    if (exponent >= 100) output_char('0' + exponent / 100);
    output_char('0' + exponent / 10 % 10);
    output_char('0' + exponent % 10);
}

/* Rounds for %g, whose precision P counts significant digits, and
 * returns whether the value prints in scientific notation: when the
 * exponent X of the rounded value is not in -4 <= X < P. Sets *precision to
 * the digits to print after the point, without trailing zeros unless
 * `alternate` ('#') keeps them. */
static bool round_general(int *precision, bool alternate) {
    int significant = *precision == 0 ? 1 : *precision;
    int exponent_before_rounding = scientific_exponent();
    round_digits(significant);
    int exponent = scientific_exponent();

    if (exponent < -4 || exponent >= significant) {
        *precision = alternate ? significant - 1 : (digit_count > 1 ? digit_count - 1 : 0);
        /* NOTE: glibc (seen in 2.36) prints no zeros after the point when
         * rounding carries a value from below 10^P up to 10^P: "%#.3g" of
         * 999.9 is "1.e+03", where C requires "1.00e+03". This copies that. */
        if (alternate && exponent_before_rounding == significant - 1 && exponent == significant) *precision = 0;
        return true;
    }
    *precision = alternate ? significant - 1 - exponent
                           : (digit_count > decimal_point ? digit_count - decimal_point : 0);
    return false;
}

/* Writes "inf" or "nan" padded with spaces: the '0' flag does not apply. */
static void format_special(const struct format_spec *spec, const char *prefix, const char *text) {
    int trailing = begin_field(spec, prefix, 0, 3, false);
    output_text(text, 3);
    output_repeated(' ', trailing);
}

void format_double(double value, const struct format_spec *spec) {
    /* The conversion in lowercase. It is found by order ('F', 'E' and 'G'
     * sort before 'a') because clang turns c == 'f' || c == 'F' into a
     * bitwise and, which costs a loop on the Scratch target. */
    bool uppercase = spec->conversion < 'a';
    int conversion = uppercase ? spec->conversion - 'A' + 'a' : spec->conversion;
    bool alternate = spec->alternate;

    /* The sign: -0.0 is negative, found through 1 / -0.0 = -infinity.
     * NOTE: a NaN always counts as positive, because reading its sign needs
     * its bits; glibc prints "-nan" for a NaN with the sign bit set. */
    bool negative = value < 0 || (value == 0 && 1.0 / value < 0);
    const char *prefix = "";
    if (negative) {
        prefix = "-";
    } else if (spec->plus_sign) {
        prefix = "+";
    } else if (spec->space_sign) {
        prefix = " ";
    }
    double magnitude = negative ? -value : value;

    if (value != value) {
        format_special(spec, prefix, uppercase ? "NAN" : "nan");
        return;
    }
    if (magnitude > 1.7976931348623157e308) {
        format_special(spec, prefix, uppercase ? "INF" : "inf");
        return;
    }

    if (magnitude == 0) {
        limb_count = 0;
        digit_count = 0;
        decimal_point = 1;
        next_limb = -1;
    } else {
        expand_decimal(magnitude);
    }

    int precision = spec->precision < 0 ? 6 : spec->precision;
    bool scientific;
    if (conversion == 'f') {
        round_digits(decimal_point + precision);
        scientific = false;
    } else if (conversion == 'e') {
        round_digits(precision + 1);
        scientific = true;
    } else {
        scientific = round_general(&precision, alternate);
    }

    int length = scientific ? scientific_length(precision, alternate) : fixed_length(precision, alternate);
    int trailing = begin_field(spec, prefix, 0, length, true);
    if (scientific) {
        put_scientific(precision, alternate, uppercase);
    } else {
        put_fixed(precision, alternate);
    }
    output_repeated(' ', trailing);
}
