/* format.c: the printf formatting core shared by every printf-like function.
 *
 * format_output walks the format, reads each argument with va_arg and
 * writes the converted text with output_text and its relatives. Integer,
 * character, string and pointer conversions live here, floating-point ones
 * in format_float.c.
 *
 * The Scratch backend has no 64-bit integers, so a long long argument
 * (%lld, %llu, %llx, %jd, ...) is read as two unsigned halves, low half
 * first, which is how i386 passes it, and converted with 32-bit arithmetic.
 */
#include "libc_internal.h"

/* Length modifiers, by the size of the argument they select. */
enum length_modifier {
    LENGTH_INT,       /* none, z, t: 32 bits */
    LENGTH_LONG,      /* l: 32 bits, but a wide string for %ls */
    LENGTH_CHAR,      /* hh */
    LENGTH_SHORT,     /* h */
    LENGTH_LONG_LONG, /* ll, j: 64 bits */
    LENGTH_LONG_DOUBLE, /* L */
};

/* Maximum digits of a 64-bit value: 22 in octal. */
enum { MAX_INTEGER_DIGITS = 22 };

/* The output state of output_begin. Kind and count are read or written for
 * every piece of output, so they live in Scratch variables on the Scratch
 * target. */
static int output_kind LIBC_SCRATCH_VARIABLE("!libc.output_kind");
static unsigned output_length LIBC_SCRATCH_VARIABLE("!libc.output_length");
static char *output_buffer;
static size_t output_capacity;

void output_begin(enum output_kind kind, char *buffer, size_t capacity) {
    output_kind = kind;
    output_length = 0;
    output_buffer = buffer;
    output_capacity = capacity;
}

/* Returns how many more characters fit in the buffer before its NUL. */
static size_t buffer_room(void) {
    return output_length + 1 < output_capacity ? output_capacity - 1 - output_length : 0;
}

void output_char(int c) {
    if (output_kind == OUTPUT_CONSOLE) {
        console_put_char(c);
    } else if (output_kind == OUTPUT_BUFFER && buffer_room() > 0) {
        output_buffer[output_length] = (char)c;
    }
    output_length++;
}

/* The destination is checked and the count updated once per call, not per
 * character: on the Scratch target each of them costs a dozen blocks. */
void output_text(const char *text, int length) {
    if (length <= 0) return;
    if (output_kind == OUTPUT_CONSOLE) {
        for (int i = 0; i < length; i++) console_put_char((unsigned char)text[i]);
    } else if (output_kind == OUTPUT_BUFFER) {
        size_t room = buffer_room();
        size_t stored = (size_t)length < room ? (size_t)length : room;
        char *destination = output_buffer + output_length;
        for (size_t i = 0; i < stored; i++) destination[i] = text[i];
    }
    output_length += (unsigned)length;
}

void output_repeated(int c, int count) {
    if (count <= 0) return;
    if (output_kind == OUTPUT_CONSOLE) {
        for (int i = 0; i < count; i++) console_put_char(c);
    } else if (output_kind == OUTPUT_BUFFER) {
        size_t room = buffer_room();
        size_t stored = (size_t)count < room ? (size_t)count : room;
        char *destination = output_buffer + output_length;
        for (size_t i = 0; i < stored; i++) destination[i] = (char)c;
    }
    output_length += (unsigned)count;
}

size_t output_count(void) {
    return output_length;
}

static int text_length(const char *text) {
    int length = 0;
    while (text[length] != '\0') length++;
    return length;
}

int begin_field(const struct format_spec *spec, const char *prefix, int zeros,
                int body_length, bool zero_fill) {
    int prefix_length = text_length(prefix);
    int length = prefix_length + zeros + body_length;
    int padding = spec->width > length ? spec->width - length : 0;

    if (zero_fill && spec->zero_pad && !spec->left_align) {
        zeros += padding;
        padding = 0;
    }
    if (!spec->left_align) {
        output_repeated(' ', padding);
        padding = 0;
    }
    output_text(prefix, prefix_length);
    output_repeated('0', zeros);
    return padding;
}

/* Divides the 64-bit value high:low by `divisor` (2 to 65535) in place and
 * returns the remainder. It divides 16 bits at a time, so each partial
 * dividend stays below divisor * 2^16 and fits in 32 bits. */
static unsigned divide_pair(unsigned *high, unsigned *low, unsigned divisor) {
    unsigned piece3 = *high >> 16, piece2 = *high & 0xFFFF;
    unsigned piece1 = *low >> 16, piece0 = *low & 0xFFFF;
    unsigned current;

    current = piece3;
    piece3 = current / divisor;
    current = (current % divisor) << 16 | piece2;
    piece2 = current / divisor;
    current = (current % divisor) << 16 | piece1;
    piece1 = current / divisor;
    current = (current % divisor) << 16 | piece0;
    piece0 = current / divisor;

    *high = piece3 << 16 | piece2;
    *low = piece1 << 16 | piece0;
    return current % divisor;
}

/* Writes the digits of high:low in `base` at the end of `digits`, which
 * has room for MAX_INTEGER_DIGITS, and returns how many there are (at
 * least one). They end at digits[MAX_INTEGER_DIGITS - 1]. */
static int unsigned_digits(unsigned high, unsigned low, unsigned base, bool uppercase, char *digits) {
    const char *alphabet = uppercase ? "0123456789ABCDEF" : "0123456789abcdef";
    int start = MAX_INTEGER_DIGITS;

    /* While the value needs more than 32 bits, divide it as a pair. */
    while (high != 0) digits[--start] = alphabet[divide_pair(&high, &low, base)];
    /* The common case: 32-bit division, a few operations per digit. */
    do {
        digits[--start] = alphabet[low % base];
        low /= base;
    } while (low != 0);
    return MAX_INTEGER_DIGITS - start;
}

/* Formats the magnitude high:low of an integer conversion in `base`:
 * %d and %i (with `sign` '-', '+', ' ' or 0), %u, %o, %x, %X, and %p
 * (`pointer` true, which always has the "0x" prefix). */
static void format_integer(const struct format_spec *spec, unsigned high, unsigned low, char sign, unsigned base,
                           bool pointer) {
    bool uppercase = spec->conversion == 'X';
    char digits[MAX_INTEGER_DIGITS];
    int digit_count = unsigned_digits(high, low, base, uppercase, digits);
    const char *first_digit = digits + MAX_INTEGER_DIGITS - digit_count;
    /* Tested on the digits: `high == 0 && low == 0` would become a bitwise
     * or, which costs a loop on the Scratch target. */
    bool is_zero = digit_count == 1 && *first_digit == '0';
    char prefix[4];
    int prefix_length = 0;
    int zeros = 0;

    /* Precision 0 prints no digits for the value 0. */
    if (spec->precision == 0 && is_zero) digit_count = 0;
    if (spec->precision > digit_count) zeros = spec->precision - digit_count;

    if (sign != 0) prefix[prefix_length++] = sign;
    if (pointer || (spec->alternate && base == 16 && !is_zero)) {
        prefix[prefix_length++] = '0';
        prefix[prefix_length++] = uppercase ? 'X' : 'x';
    }
    prefix[prefix_length] = '\0';
    /* '#' with %o makes the first digit a 0. */
    if (spec->alternate && base == 8 && zeros == 0 && (digit_count == 0 || *first_digit != '0')) {
        zeros = 1;
    }

    /* The '0' flag is ignored when a precision is given. */
    int trailing = begin_field(spec, prefix, zeros, digit_count, spec->precision < 0);
    output_text(first_digit, digit_count);
    output_repeated(' ', trailing);
}

/* Returns the sign character of a signed conversion: '-' for a negative
 * value, else '+' or ' ' as the flags ask, else 0 for none. */
static char sign_character(const struct format_spec *spec, bool negative) {
    if (negative) return '-';
    if (spec->plus_sign) return '+';
    if (spec->space_sign) return ' ';
    return 0;
}

/* Formats %d or %i of the 64-bit value high:low. */
static void format_signed(const struct format_spec *spec, unsigned high, unsigned low) {
    bool negative = (high & 0x80000000u) != 0;
    if (negative) {
        /* Two's complement negation of the pair. */
        low = ~low + 1;
        high = ~high + (low == 0);
    }
    format_integer(spec, high, low, sign_character(spec, negative), 10, false);
}

/* Formats %d or %i of a 32-bit value, first cut to char or short by the
 * length modifier. */
static void format_signed_int(const struct format_spec *spec, enum length_modifier length, int value) {
    if (length == LENGTH_CHAR) value = (signed char)value;
    if (length == LENGTH_SHORT) value = (short)value;
    bool negative = value < 0;
    unsigned magnitude = negative ? 0u - (unsigned)value : (unsigned)value;
    format_integer(spec, 0, magnitude, sign_character(spec, negative), 10, false);
}

/* Formats %u, %o, %x or %X of the 64-bit value high:low. The '+' and ' '
 * flags do not apply to them. */
static void format_unsigned(const struct format_spec *spec, unsigned high, unsigned low) {
    unsigned base = 16;
    if (spec->conversion == 'u') base = 10;
    if (spec->conversion == 'o') base = 8;
    format_integer(spec, high, low, 0, base, false);
}

/* Returns the value of an unsigned argument cut to unsigned char or
 * unsigned short by the length modifier. */
static unsigned narrow_unsigned(unsigned value, enum length_modifier length) {
    if (length == LENGTH_CHAR) return (unsigned char)value;
    if (length == LENGTH_SHORT) return (unsigned short)value;
    return value;
}

/* Formats %s: a NULL pointer prints as "(null)", or as nothing when the
 * precision is below 6, as glibc does. */
static void format_string(const struct format_spec *spec, const char *text) {
    if (text == NULL) text = spec->precision >= 0 && spec->precision < 6 ? "" : "(null)";

    /* Read no further than the precision: the text need not end in NUL. */
    int length = 0;
    while ((spec->precision < 0 || length < spec->precision) && text[length] != '\0') length++;

    int trailing = begin_field(spec, "", 0, length, false);
    output_text(text, length);
    output_repeated(' ', trailing);
}

/* Formats %c. */
static void format_char(const struct format_spec *spec, int c) {
    int trailing = begin_field(spec, "", 0, 1, false);
    output_char((unsigned char)c);
    output_repeated(' ', trailing);
}

/* Formats %p. glibc prints NULL as "(nil)" and any other pointer as "0x"
 * and lowercase hex digits, which the '+' and ' ' flags can sign. */
static void format_pointer(const struct format_spec *spec, const void *pointer) {
    if (pointer == NULL) {
        int trailing = begin_field(spec, "", 0, 5, false);
        output_text("(nil)", 5);
        output_repeated(' ', trailing);
        return;
    }
    format_integer(spec, 0, (unsigned)(size_t)pointer, sign_character(spec, false), 16, true);
}

/* Stores the count of characters produced so far through the %n argument. */
static void store_count(void *target, enum length_modifier length, size_t count) {
    switch (length) {
    case LENGTH_CHAR:
        *(signed char *)target = (signed char)count;
        break;
    case LENGTH_SHORT:
        *(short *)target = (short)count;
        break;
    case LENGTH_LONG_LONG:
        /* A long long in two 32-bit halves, low half first (little-endian). */
        ((unsigned *)target)[0] = (unsigned)count;
        ((unsigned *)target)[1] = 0;
        break;
    default:
        *(int *)target = (int)count;
        break;
    }
}

/* Parses the flags after a '%' into `spec` and returns the position after them. */
static const char *parse_flags(const char *cursor, struct format_spec *spec) {
    for (;; cursor++) {
        if (*cursor == '-') spec->left_align = true;
        else if (*cursor == '+') spec->plus_sign = true;
        else if (*cursor == ' ') spec->space_sign = true;
        else if (*cursor == '#') spec->alternate = true;
        else if (*cursor == '0') spec->zero_pad = true;
        else return cursor;
    }
}

/* Parses a decimal width or precision into `number` and returns the
 * position after it. Values beyond 2^31 - 1 are clamped near that. */
static const char *parse_number(const char *cursor, int *number) {
    *number = 0;
    while (*cursor >= '0' && *cursor <= '9') {
        if (*number <= 214748363) *number = *number * 10 + (*cursor - '0');
        cursor++;
    }
    return cursor;
}

/* Applies a width read from a '*' argument: a negative one is the '-' flag
 * and its absolute value. */
static void set_width_argument(struct format_spec *spec, int width) {
    if (width < 0) {
        spec->left_align = true;
        width = width == -2147483647 - 1 ? 2147483647 : -width;
    }
    spec->width = width;
}

/* Parses a length modifier and returns the position after it. */
static const char *parse_length(const char *cursor, enum length_modifier *length) {
    *length = LENGTH_INT;
    switch (*cursor) {
    case 'h':
        if (cursor[1] == 'h') {
            *length = LENGTH_CHAR;
            return cursor + 2;
        }
        *length = LENGTH_SHORT;
        return cursor + 1;
    case 'l':
        if (cursor[1] == 'l') {
            *length = LENGTH_LONG_LONG;
            return cursor + 2;
        }
        *length = LENGTH_LONG;
        return cursor + 1;
    case 'j':
        *length = LENGTH_LONG_LONG;
        return cursor + 1;
    case 'z':
    case 't':
        return cursor + 1;
    case 'L':
        *length = LENGTH_LONG_DOUBLE;
        return cursor + 1;
    default:
        return cursor;
    }
}

int format_output(const char *format, va_list args) {
    const char *cursor = format;

    while (*cursor != '\0') {
        if (*cursor != '%') {
            /* Copy the literal text up to the next directive in one piece. */
            const char *literal = cursor;
            while (*cursor != '%' && *cursor != '\0') cursor++;
            output_text(literal, (int)(cursor - literal));
            continue;
        }

        /* The '*' arguments are read here, in argument order, because
         * va_list is only used in this function. */
        const char *directive = cursor;
        /* Set field by field: an aggregate initializer becomes a copy of
         * the whole struct, item by item, on the Scratch target. */
        struct format_spec spec;
        spec.left_align = spec.plus_sign = spec.space_sign = spec.alternate = spec.zero_pad = false;
        spec.width = 0;
        spec.precision = -1;
        enum length_modifier length;
        cursor = parse_flags(cursor + 1, &spec);
        if (*cursor == '*') {
            set_width_argument(&spec, va_arg(args, int));
            cursor++;
        } else {
            cursor = parse_number(cursor, &spec.width);
        }
        if (*cursor == '.') {
            cursor++;
            if (*cursor == '*') {
                /* A negative precision argument counts as no precision. */
                int precision = va_arg(args, int);
                spec.precision = precision < 0 ? -1 : precision;
                cursor++;
            } else {
                cursor = parse_number(cursor, &spec.precision);
            }
        }
        cursor = parse_length(cursor, &length);
        spec.conversion = *cursor;
        if (*cursor == '\0') {
            /* A format that ends inside a directive: print what there is. */
            output_text(directive, (int)(cursor - directive));
            break;
        }
        cursor++;

        int conversion = spec.conversion;
        switch (conversion) {
        case 'd':
        case 'i':
            if (length == LENGTH_LONG_LONG) {
                /* i386 passes a long long as two words, low word first. */
                unsigned low = va_arg(args, unsigned);
                format_signed(&spec, va_arg(args, unsigned), low);
            } else {
                format_signed_int(&spec, length, va_arg(args, int));
            }
            break;
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            if (length == LENGTH_LONG_LONG) {
                unsigned low = va_arg(args, unsigned);
                format_unsigned(&spec, va_arg(args, unsigned), low);
            } else {
                format_unsigned(&spec, 0, narrow_unsigned(va_arg(args, unsigned), length));
            }
            break;
        case 'c':
            format_char(&spec, va_arg(args, int));
            break;
        case 's':
            if (length == LENGTH_LONG) {
                /* NOTE: wide strings are not supported; the directive is
                 * printed as it is. */
                (void)va_arg(args, const void *);
                output_text(directive, (int)(cursor - directive));
            } else {
                format_string(&spec, va_arg(args, const char *));
            }
            break;
        case 'p':
            format_pointer(&spec, va_arg(args, const void *));
            break;
        case 'n':
            store_count(va_arg(args, void *), length, output_count());
            break;
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
            if (length == LENGTH_LONG_DOUBLE) {
                /* A long double: the Scratch target has none to pass. */
                output_text(directive, (int)(cursor - directive));
            } else {
                format_double(va_arg(args, double), &spec);
            }
            break;
        case 'a':
        case 'A':
            /* NOTE: hexadecimal floating point is not implemented: the
             * directive is printed as it is, and its argument skipped so
             * that the ones after it still line up. */
            if (length != LENGTH_LONG_DOUBLE) (void)va_arg(args, double);
            output_text(directive, (int)(cursor - directive));
            break;
        case '%':
            /* glibc ignores the width of %%. */
            output_char('%');
            break;
        default:
            /* An unknown directive is printed as it is, as glibc does. */
            output_text(directive, (int)(cursor - directive));
            break;
        }
    }
    return (int)output_count();
}
