/* formats.c: a differential test of scratchc's C library (c_src/libc).
 *
 * It calls the library through its standard headers and prints every
 * result. backend/tests/libc_native.rs builds it twice with clang-19 -m32,
 * once against glibc and once freestanding against c_src/libc, and requires
 * the two outputs to be byte-identical. So every line printed here must
 * depend only on what C and glibc define. It prints no addresses of real
 * objects, no order of equal elements after qsort, and no heap exhaustion,
 * because glibc's heap does not fill up (tests/libc/library_only.c checks
 * that part).
 *
 * Known difference, so left out: glibc prints a NaN with the sign bit set
 * as "-nan", and the library prints "nan".
 */
#include <ctype.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints one test line for `format`: the format, then what printf writes
 * and returns, then what snprintf stores and returns. */
static void check_format(const char *format, ...) {
    char buffer[2048];
    va_list args;

    printf("%s\t[", format);
    va_start(args, format);
    int printed = vprintf(format, args);
    va_end(args);

    va_start(args, format);
    int stored = vsnprintf(buffer, sizeof buffer, format, args);
    va_end(args);

    printf("] %d [%s] %d\n", printed, buffer, stored);
}

/* A 32-bit linear congruential generator, so that both builds draw the
 * same numbers. */
static unsigned random_state = 12345;

static unsigned next_random(void) {
    random_state = random_state * 1664525u + 1013904223u;
    return random_state;
}

/* Returns a random number from 0 to limit - 1, from the generator's high bits. */
static unsigned random_below(unsigned limit) {
    return (next_random() >> 8) % limit;
}

/* Integers ---------------------------------------------------------------- */

static const char *const integer_formats[] = {
    "%d",     "%i",     "%5d",      "%-5d|",    "%05d",     "%+d",     "% d",     "%+ d",    "% +d",
    "%.0d",   "%.3d",   "%8.3d",    "%-8.3d|",  "%08.3d",   "%+08d",   "% 08d",   "%-+8d|",  "%-08d|",
    "%u",     "%+u",    "% u",      "%12u",     "%-12u|",   "%012u",   "%.12u",   "%x",      "%X",
    "%o",     "%#x",    "%#X",      "%#o",      "%#.0o",    "%#.0x",   "%#5x",    "%#05x",   "%#-10x|",
    "%#10.6x", "%08x",  "%#010x",   "%#.3o",    "%hhd",     "%hhu",    "%hhx",    "%hd",     "%hu",
    "%hx",    "%#hho",  "%ld",      "%lu",      "%lx",      "%zu",     "%zd",     "%zx",     "%td",
    "%.0u",   "%.0x",   "%5.0d|",   "%+.0d",    "% .0d",    "%#.0X",   "%1d",     "%2d",     "%11d",
    "%12d",   "%.11d",  "%-+.5i|",  "%+10.4i",  "%010.4i",  "%#o %#x", "%d%d",    "%%d=%d",
};

static const int integer_values[] = {
    0,      1,     -1,     7,          -7,          42,           255,     256,         -128,   -129,
    32767,  32768, -32768, 65535,      65536,       100000,       -99999,  123456789,   -123456789,
    INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1, 0x7f, 0x80, 0xff, 0x1234, 0xdeadbeef, 1000000000,
};

static void test_integers(void) {
    int format_count = sizeof integer_formats / sizeof integer_formats[0];
    int value_count = sizeof integer_values / sizeof integer_values[0];
    for (int f = 0; f < format_count; f++) {
        for (int v = 0; v < value_count; v++) check_format(integer_formats[f], integer_values[v], integer_values[v]);
    }

    /* Widths and precisions from '*' arguments, negative ones included. */
    for (int width = -12; width <= 12; width += 3) {
        for (int precision = -2; precision <= 8; precision += 2) {
            check_format("%*.*d|", width, precision, -1234);
            check_format("%-*.*x|", width, precision, 0xabcu);
            check_format("%0*d|", width, 77);
        }
    }
}

static const char *const long_long_formats[] = {
    "%lld",   "%lli",   "%llu",   "%llx",    "%llX",   "%llo",   "%#llx",    "%#llo",   "%+lld",
    "% lld",  "%25lld", "%-25lld|", "%025lld", "%.20lld", "%.0lld", "%+.25lld", "%jd",     "%ju",
    "%jx",    "%#jX",   "%30llu", "%-#30llx|", "%022llo", "%.0llu",
};

static const long long long_long_values[] = {
    0,
    1,
    -1,
    LLONG_MAX,
    LLONG_MIN,
    (long long)ULLONG_MAX,
    4294967296LL,
    4294967295LL,
    -4294967296LL,
    -4294967297LL,
    1000000000000000LL,
    -1234567890123LL,
    0x123456789abcdefLL,
    9007199254740993LL,
    10000000000000000LL,
    99999999999999999LL,
    -100000LL,
    65536LL * 65536 * 65536,
};

static void test_long_long(void) {
    int format_count = sizeof long_long_formats / sizeof long_long_formats[0];
    int value_count = sizeof long_long_values / sizeof long_long_values[0];
    for (int f = 0; f < format_count; f++) {
        for (int v = 0; v < value_count; v++) check_format(long_long_formats[f], long_long_values[v]);
    }

    /* The arguments after a 64-bit one must still line up. */
    check_format("%lld %d %s %llu %c", -5LL, 17, "after", 18446744073709551615ULL, 'z');
    check_format("%d %llx %d", 1, 0xfedcba9876543210ULL, 2);
    check_format("%.3f %lld %.3f", 1.5, LLONG_MIN, -2.25);
}

/* Characters, strings, pointers ------------------------------------------- */

static void test_characters(void) {
    const char *formats[] = {"%c", "%5c|", "%-5c|", "%05c|", "%.0c|", "%c%c%c"};
    const int values[] = {'a', 'Z', '0', ' ', '~', 200, 255, 256 + 'b', -1};
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
            check_format(formats[f], values[v], values[v], values[v]);
        }
    }
    /* A NUL character is written, but ends the snprintf copy when printed with %s. */
    check_format("a%cb", 0);
    check_format("%lc|%5lc|%-3lc|", 'w', 'i', 'd');
}

static void test_strings(void) {
    const char *formats[] = {"%s",     "%10s|",   "%-10s|", "%.3s",  "%10.3s|", "%-10.3s|",
                             "%.0s|",  "%05s|",   "%.10s",  "%1s",   "%.6s",    "%.5s|",
                             "%+s",    "% s",     "%#s",    "%-1.1s|", "%3.20s|", "%.1s"};
    const char *values[] = {"", "a", "abc", "hello, world", "tab\there", "caf\xe9", NULL};
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) check_format(formats[f], values[v]);
    }

    /* The precision bounds the read: this array has no NUL. */
    static const char unterminated[4] = {'w', 'x', 'y', 'z'};
    check_format("%.4s|%.2s|%.*s", unterminated, unterminated, 3, unterminated);
    check_format("%*s|%-*s|%.*s", 8, "right", 8, "left", -1, "negative precision");
}

static void test_pointers(void) {
    const char *formats[] = {"%p", "%20p|", "%-20p|", "%+p", "% p", "%020p", "%.8p", "%#p", "%.0p", "%-020p|", "%12.10p"};
    void *values[] = {NULL, (void *)1, (void *)0x1234, (void *)0x7fffffff, (void *)0x80000000u, (void *)0xffffffffu};
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) check_format(formats[f], values[v]);
    }
}

static void test_percent_and_counts(void) {
    check_format("100%%");
    check_format("[%5%]");
    check_format("[%-5%]");
    check_format("%d%%%d", 1, 2);
    check_format("");
    check_format("no directives at all");

    int whole = -1;
    signed char small = -1;
    short medium = -1;
    long long wide = -1;
    printf("%s%n|%d\n", "count me", &whole, 5);
    printf("%n\n", &whole);
    printf("%d\n", whole);
    printf("abc%hhn%hn%lln|\n", &small, &medium, &wide);
    printf("%d %d %lld\n", small, medium, wide);
    snprintf(NULL, 0, "12345%n", &whole);
    printf("%d\n", whole);
}

/* Floating point ---------------------------------------------------------- */

static const double double_values[] = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    0.2,
    0.3,
    1.0 / 3,
    2.0 / 3,
    -1.0 / 3,
    1.0 / 7,
    0.5,
    1.5,
    2.5,
    3.5,
    -0.5,
    -2.5,
    0.25,
    0.125,
    0.375,
    0.0625,
    1.005,
    2.675,
    0.045,
    123.456,
    -123.456,
    9.5,
    99.5,
    999.5,
    0.05,
    0.15,
    0.95,
    0.995,
    9.995,
    0.9999999,
    999999.5,
    9999995.0,
    5e-5,
    1e-4,
    1e-5,
    0.000123456,
    123456789.0,
    4294967296.0,
    4294967295.5,
    9007199254740993.0,
    18446744073709551616.0,
    1e15,
    1e16,
    1e17,
    1e21,
    1e22,
    1e23,
    1e100,
    -1e100,
    1e-100,
    1e300,
    1e-300,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    2.2250738585072014e-308,
    2.2250738585072009e-308,
    1.1125369292536007e-308,
    4.9406564584124654e-324,
    -4.9406564584124654e-324,
    2.220446049250313e-16,
    3.141592653589793,
    2.718281828459045,
    6.02214076e23,
    6.62607015e-34,
    65536.0,
    1e-7,
    0.00001,
    100000.0,
    999999.0,
    1000000.0,
    1234567.0,
    0.1f,
    16777217.0f,
    INFINITY,
    -INFINITY,
    NAN,
    HUGE_VAL,
};

static const char *const double_formats[] = {
    "%f",       "%e",       "%g",        "%F",        "%E",         "%G",       "%10.3f|",   "%-10.3f|",
    "%+f",      "% f",      "%+ f",      "%010.3f",   "%-010.3f|",  "%+010.3e", "%-+12.4g|", "%#.0f",
    "%#.0e",    "%#g",      "%#.3g",     "%#G",       "%012g",      "%.0e",     "%20.10e|",  "%.30f",
    "%.40e",    "%.17g",    "%.16g",     "%.15g",     "%.1g",       "%.0g",     "%#.0g",     "%#.1g",
    "%.2g",     "%.3g",     "%.20g",     "%#.20g",    "%30.20g|",   "%-30.20e|", "%.25f",    "%1f",
    "%.999f|",  "%-+#015.2e|", "% 015.4G|", "%+.3F",  "%#-12.0E|",  "%.*f",     "%.*e",      "%.*g",
    "%*.3f|",   "%-*g|",
};

static void test_double_table(void) {
    int format_count = sizeof double_formats / sizeof double_formats[0];
    int value_count = sizeof double_values / sizeof double_values[0];
    for (int f = 0; f < format_count; f++) {
        const char *format = double_formats[f];
        int takes_star = strchr(format, '*') != NULL;
        for (int v = 0; v < value_count; v++) {
            if (takes_star) {
                check_format(format, 12, double_values[v]);
            } else {
                check_format(format, double_values[v]);
            }
        }
    }
}

/* Every precision from 0 to 20 with each conversion, on every value. */
static void test_double_precisions(void) {
    const char conversions[] = {'f', 'e', 'g', 'E', 'G'};
    int value_count = sizeof double_values / sizeof double_values[0];
    char format[32];
    for (int precision = 0; precision <= 20; precision++) {
        for (size_t c = 0; c < sizeof conversions; c++) {
            snprintf(format, sizeof format, "%%.%d%c", precision, conversions[c]);
            for (int v = 0; v < value_count; v++) check_format(format, double_values[v]);
            snprintf(format, sizeof format, "%%#.%d%c", precision, conversions[c]);
            for (int v = 0; v < value_count; v++) check_format(format, double_values[v]);
        }
    }
}

/* Powers of ten and two, and their neighbors, at small and large exponents. */
static void test_double_powers(void) {
    double power = 1.0;
    for (int exponent = 0; exponent <= 308; exponent++) {
        check_format("%.20e %.3g %f", power, power, power);
        check_format("%.17g %g %.0e", 1 / power, 1 / power, 1 / power);
        power *= 10;
    }
    double two = 1.0;
    for (int exponent = 0; exponent <= 1023; exponent += 7) {
        check_format("%.17g %.0f", two, two);
        check_format("%.20g %.30e", 1 / two, 1 / two);
        two *= 128;
    }
    /* Every binary exponent of the subnormal range. */
    double tiny = 4.9406564584124654e-324;
    for (int exponent = -1074; exponent < -1000; exponent++) {
        check_format("%.17g %.3e %.1100f|", tiny, tiny, tiny);
        tiny *= 2;
    }
}

/* Returns a double from random bits: a 53-bit mantissa scaled by 2 to a
 * random power from -1100 to 970, so subnormals and large numbers occur. */
static double random_double(void) {
    double mantissa = (double)(next_random() >> 11) * 4294967296.0 + next_random();
    int exponent = (int)random_below(2071) - 1100;
    double value = mantissa;
    for (; exponent > 0; exponent--) value *= 2;
    for (; exponent < 0; exponent++) value *= 0.5;
    return next_random() & 1 ? -value : value;
}

/* Random values with random flags, widths, precisions and conversions. */
static void test_random_doubles(void) {
    const char conversions[] = "fFeEgG";
    const char flags[] = "-+ #0";
    char format[40];
    for (int i = 0; i < 4000; i++) {
        double value;
        switch (random_below(4)) {
        case 0:
            value = random_double();
            break;
        case 1:
            /* Halves, quarters and eighths: exact ties for rounding. */
            value = (double)(int)random_below(200000) / (double)(1 << random_below(4));
            break;
        case 2:
            /* Decimal fractions near ordinary magnitudes. */
            value = (double)(int)random_below(10000000) / 1000.0 - 5000.0;
            break;
        default:
            value = (double)next_random() * 1e-3 * (double)next_random();
            break;
        }

        int length = 0;
        format[length++] = '%';
        for (int f = 0; f < 5; f++) {
            if (random_below(4) == 0) format[length++] = flags[f];
        }
        if (random_below(2)) length += snprintf(format + length, 8, "%u", random_below(30));
        if (random_below(3)) length += snprintf(format + length, 8, ".%u", random_below(25));
        format[length++] = conversions[random_below(6)];
        format[length] = '\0';
        check_format(format, value);
    }
}

/* Random integers with random flags, widths, precisions, lengths and conversions. */
static void test_random_integers(void) {
    const char conversions[] = "diuxXo";
    const char flags[] = "-+ #0";
    const char *lengths[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
    char format[40];
    for (int i = 0; i < 3000; i++) {
        int length = 0;
        format[length++] = '%';
        for (int f = 0; f < 5; f++) {
            if (random_below(4) == 0) format[length++] = flags[f];
        }
        if (random_below(2)) length += snprintf(format + length, 8, "%u", random_below(25));
        if (random_below(3)) length += snprintf(format + length, 8, ".%u", random_below(25));
        const char *modifier = lengths[random_below(8)];
        length += snprintf(format + length, 8, "%s%c", modifier, conversions[random_below(6)]);

        unsigned low = next_random() >> random_below(32);
        unsigned high = next_random() >> random_below(32);
        if (modifier[0] == 'l' && modifier[1] == 'l') {
            check_format(format, (long long)((unsigned long long)high << 32 | low));
        } else if (modifier[0] == 'j') {
            check_format(format, (long long)((unsigned long long)high << 32 | low));
        } else {
            check_format(format, low);
        }
    }
}

/* snprintf, sprintf and the stream functions ------------------------------ */

static int call_vsprintf(char *buffer, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int length = vsprintf(buffer, format, args);
    va_end(args);
    return length;
}

static void test_buffers(void) {
    char buffer[64];
    for (size_t size = 0; size <= 12; size++) {
        memset(buffer, 'Z', sizeof buffer);
        buffer[sizeof buffer - 1] = '\0';
        int length = snprintf(buffer, size, "%d-%s-%.2f", 12345, "abc", 2.5);
        printf("snprintf size %u returns %d, buffer [%s]\n", (unsigned)size, length, buffer);
    }
    printf("snprintf NULL returns %d\n", snprintf(NULL, 0, "%s%lld", "0123456789", LLONG_MIN));

    int length = sprintf(buffer, "%s|%5d|%-5x|%e", "sprintf", 42, 255u, 1e-10);
    printf("sprintf returns %d, buffer [%s]\n", length, buffer);
    length = call_vsprintf(buffer, "%c%c%c %g", 'v', 's', 'p', 0.5);
    printf("vsprintf returns %d, buffer [%s]\n", length, buffer);

    char *long_output = malloc(5000);
    length = sprintf(long_output, "%4000d|%.500f", 7, 1.0 / 3);
    printf("long sprintf returns %d, strlen %u, tail [%s]\n", length, (unsigned)strlen(long_output),
           long_output + 3990);
    free(long_output);
}

static void test_streams(void) {
    printf("putchar returns %d\n", putchar('x'));
    printf("putchar returns %d\n", putchar(-56));
    printf("putchar returns %d\n", putchar(256 + 'y'));
    printf("puts returns %d\n", puts("a line from puts"));
    printf("puts returns %d\n", puts(""));
    printf("fputs returns %d\n", fputs("fputs to stdout\n", stdout));
    printf("fputs stderr returns %d\n", fputs("fputs to stderr\n", stderr));
    printf("fputc returns %d\n", fputc('q', stdout));
    printf("fputc stderr returns %d\n", fputc(300, stderr));
    printf("putc returns %d\n", putc('r', stdout));
    printf("fprintf returns %d\n", fprintf(stdout, "%s %d\n", "fprintf to stdout", 1));
    printf("fprintf stderr returns %d\n", fprintf(stderr, "%s %d\n", "fprintf to stderr", 2));
    printf("fflush returns %d\n", fflush(stdout));
    printf("printf returns %d\n", printf("%s %5.1f %c\n", "printf", 9.75, '!'));
    putchar('\n');
    printf("text then newline through putchar");
    putchar('\n');
}

/* string.h ------------------------------------------------------------------ */

static int sign_of(int value) {
    return (value > 0) - (value < 0);
}

static void print_bytes(const char *label, const char *bytes, size_t count) {
    printf("%s:", label);
    for (size_t i = 0; i < count; i++) printf(" %d", (unsigned char)bytes[i]);
    printf("\n");
}

static void test_string_functions(void) {
    char buffer[32];

    memset(buffer, 'x', sizeof buffer);
    memcpy(buffer, "0123456789", 10);
    print_bytes("memcpy", buffer, 12);
    memmove(buffer + 2, buffer, 8);
    print_bytes("memmove up", buffer, 12);
    memcpy(buffer, "0123456789", 10);
    memmove(buffer, buffer + 3, 7);
    print_bytes("memmove down", buffer, 12);
    memmove(buffer, buffer, 5);
    print_bytes("memmove same", buffer, 12);
    memset(buffer, 300, 4);
    memset(buffer + 4, 0, 0);
    print_bytes("memset", buffer, 8);
    printf("memset returns its argument: %d\n", memset(buffer, 0, 1) == buffer);
    printf("memcpy returns its argument: %d\n", memcpy(buffer, "a", 1) == buffer);
    printf("memmove returns its argument: %d\n", memmove(buffer, buffer + 1, 1) == buffer);

    printf("memcmp: %d %d %d %d %d\n", sign_of(memcmp("abc", "abd", 3)), sign_of(memcmp("abc", "abd", 2)),
           sign_of(memcmp("b", "a", 1)), sign_of(memcmp("\x80", "\x7f", 1)), sign_of(memcmp("x", "y", 0)));
    const char *haystack = "hello, world";
    printf("memchr: %d %d %d\n", (int)((const char *)memchr(haystack, 'o', 12) - haystack),
           memchr(haystack, 'z', 12) == NULL, memchr(haystack, 'd', 11) == NULL);

    printf("strlen: %u %u %u\n", (unsigned)strlen(""), (unsigned)strlen("a"), (unsigned)strlen(haystack));
    printf("strcmp: %d %d %d %d %d %d\n", sign_of(strcmp("", "")), sign_of(strcmp("a", "")),
           sign_of(strcmp("", "a")), sign_of(strcmp("abc", "abd")), sign_of(strcmp("abd", "abc")),
           sign_of(strcmp("\xff", "a")));
    printf("strncmp: %d %d %d %d %d\n", sign_of(strncmp("abcdef", "abcxyz", 3)),
           sign_of(strncmp("abcdef", "abcxyz", 4)), sign_of(strncmp("ab", "abc", 5)),
           sign_of(strncmp("abc", "ab", 5)), sign_of(strncmp("x", "y", 0)));

    printf("strcpy: [%s]\n", strcpy(buffer, "copied"));
    printf("strcat: [%s]\n", strcat(buffer, " and joined"));
    printf("strcat empty: [%s]\n", strcat(buffer, ""));
    memset(buffer, 'x', sizeof buffer);
    strncpy(buffer, "abc", 6);
    print_bytes("strncpy pads", buffer, 8);
    memset(buffer, 'x', sizeof buffer);
    strncpy(buffer, "abcdefgh", 4);
    print_bytes("strncpy cuts", buffer, 8);

    const char *text = "a,b,,c,";
    printf("strchr: %d %d %d\n", (int)(strchr(text, ',') - text), (int)(strchr(text, '\0') - text),
           strchr(text, 'z') == NULL);
    printf("strrchr: %d %d %d\n", (int)(strrchr(text, ',') - text), (int)(strrchr(text, '\0') - text),
           strrchr(text, 'z') == NULL);
    printf("strchr 256+'b': %d\n", (int)(strchr(text, 256 + 'b') - text));
    const char *repetitive = "aaab";
    printf("strstr: %d %d %d %d %d\n", (int)(strstr(haystack, "world") - haystack),
           (int)(strstr(haystack, "") - haystack), strstr(haystack, "worlds") == NULL,
           (int)(strstr(repetitive, "aab") - repetitive), strstr("", "a") == NULL);
}

/* ctype.h ------------------------------------------------------------------- */

static void test_ctype(void) {
    /* One line per function: the character classes of EOF and of 0 to 255. */
    int (*const functions[])(int) = {isdigit, isalpha, isalnum, isspace,  isupper, islower,
                                     isprint, ispunct, isxdigit, iscntrl, isgraph, isblank};
    const char *names[] = {"isdigit", "isalpha", "isalnum", "isspace",  "isupper", "islower",
                           "isprint", "ispunct", "isxdigit", "iscntrl", "isgraph", "isblank"};
    for (size_t f = 0; f < sizeof functions / sizeof functions[0]; f++) {
        printf("%-8s ", names[f]);
        for (int c = -1; c <= 255; c++) putchar(functions[f](c) ? '1' : '0');
        putchar('\n');
    }
    printf("toupper:");
    for (int c = -1; c <= 255; c++) {
        if (toupper(c) != c) printf(" %d>%d", c, toupper(c));
    }
    printf("\ntolower:");
    for (int c = -1; c <= 255; c++) {
        if (tolower(c) != c) printf(" %d>%d", c, tolower(c));
    }
    printf("\n");
}

/* stdlib.h ------------------------------------------------------------------ */

static void test_number_parsing(void) {
    printf("abs: %d %d %d %d\n", abs(0), abs(-5), abs(5), abs(INT_MIN + 1));
    printf("labs: %ld %ld %ld\n", labs(0), labs(-123456789L), labs(LONG_MAX));

    const char *texts[] = {"42",         "  42",       "-17abc",     "+5",          "",           "abc",
                           "2147483647", "2147483648", "-2147483648", "-2147483649", "99999999999", "  \t\n\v\f\r12",
                           "-",          "+",          " + 1",       "0",           "-0",         "007",
                           "08",         "0x",         "0xg",        "0x1A",        "0X1a",       "-0x7fffffff",
                           "0X80000000", "0xffffffff", "z",          "Z",           "zz",         "1e5",
                           "4294967295", "4294967296", "-4294967295", "-4294967296", "0b101",     "777777777777"};
    const int bases[] = {0, 2, 8, 10, 16, 36};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *text = texts[t];
        printf("[%s] atoi %d atol %ld", text, atoi(text), atol(text));
        for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            char *end;
            long value = strtol(text, &end, bases[b]);
            char *unsigned_end;
            unsigned long unsigned_value = strtoul(text, &unsigned_end, bases[b]);
            printf(" | %d: %ld +%d %lu +%d", bases[b], value, (int)(end - text), unsigned_value,
                   (int)(unsigned_end - text));
        }
        printf("\n");
    }
    printf("strtol without end: %ld %lu\n", strtol("123", NULL, 10), strtoul("456", NULL, 10));

    /* Invalid bases: the result is 0. */
    const int invalid_bases[] = {-1, 1, 37};
    for (size_t b = 0; b < sizeof invalid_bases / sizeof invalid_bases[0]; b++) {
        char *end = NULL;
        long value = strtol("  11", &end, invalid_bases[b]);
        printf("strtol base %d: %ld, end %s\n", invalid_bases[b], value, end == NULL ? "untouched" : "set");
    }
}

/* Heap ---------------------------------------------------------------------- */

enum { BLOCK_COUNT = 200 };

/* Every result of an allocation that the test only compares with NULL
 * goes through here: a volatile store makes the allocation observable,
 * because clang may otherwise assume that an unused malloc succeeds. */
static void *volatile last_allocation;

static const char *describe_allocation(void *block) {
    last_allocation = block;
    return last_allocation != NULL ? "block" : "NULL";
}

/* Returns the number of bytes of the block that differ from `fill`. */
static int count_wrong(const unsigned char *block, size_t size, unsigned char fill) {
    int wrong = 0;
    for (size_t i = 0; i < size; i++) wrong += block[i] != fill;
    return wrong;
}

static void test_heap(void) {
    static unsigned char *blocks[BLOCK_COUNT];
    static size_t sizes[BLOCK_COUNT];
    int wrong = 0, misaligned = 0, missing = 0;

    /* Many small blocks, each filled with its own byte. */
    for (int i = 0; i < BLOCK_COUNT; i++) {
        sizes[i] = 1 + (size_t)(i * 37 % 120);
        blocks[i] = malloc(sizes[i]);
        if (blocks[i] == NULL) {
            missing++;
            continue;
        }
        misaligned += (size_t)blocks[i] % 8 != 0;
        memset(blocks[i], i, sizes[i]);
    }
    for (int i = 0; i < BLOCK_COUNT; i++) {
        if (blocks[i] != NULL) wrong += count_wrong(blocks[i], sizes[i], (unsigned char)i);
    }
    printf("heap: %d blocks missing, %d misaligned, %d bytes wrong\n", missing, misaligned, wrong);

    /* Free every other block and refill the gaps with blocks of other sizes. */
    for (int i = 0; i < BLOCK_COUNT; i += 2) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    for (int i = 0; i < BLOCK_COUNT; i += 2) {
        sizes[i] = 1 + (size_t)(i * 53 % 90);
        blocks[i] = malloc(sizes[i]);
        if (blocks[i] == NULL) {
            missing++;
            continue;
        }
        misaligned += (size_t)blocks[i] % 8 != 0;
        memset(blocks[i], 255 - i, sizes[i]);
    }
    wrong = 0;
    for (int i = 0; i < BLOCK_COUNT; i++) {
        unsigned char fill = (unsigned char)(i % 2 == 0 ? 255 - i : i);
        if (blocks[i] != NULL) wrong += count_wrong(blocks[i], sizes[i], fill);
    }
    printf("heap after reuse: %d blocks missing, %d misaligned, %d bytes wrong\n", missing, misaligned, wrong);
    for (int i = 0; i < BLOCK_COUNT; i++) free(blocks[i]);

    /* realloc growth from 1 byte to 6000, one step at a time of varying size,
     * must keep what was written. */
    unsigned char *growing = NULL;
    size_t size = 0;
    int lost = 0, failed = 0;
    for (size_t step = 1; size < 6000; step = step * 2 % 997 + 1) {
        unsigned char *grown = realloc(growing, size + step);
        if (grown == NULL) {
            failed++;
            break;
        }
        growing = grown;
        for (size_t i = 0; i < size; i++) lost += growing[i] != (unsigned char)(i * 7);
        for (size_t i = size; i < size + step; i++) growing[i] = (unsigned char)(i * 7);
        size += step;
        /* A small block in between keeps the next growth from always
         * happening in place. */
        free(malloc(16));
    }
    printf("realloc growth to %u bytes: %d failed, %d bytes lost\n", (unsigned)size, failed, lost);

    /* Shrinking keeps the start. */
    growing = realloc(growing, 100);
    lost = 0;
    for (size_t i = 0; growing != NULL && i < 100; i++) lost += growing[i] != (unsigned char)(i * 7);
    printf("realloc shrink: %s, %d bytes lost\n", growing != NULL ? "block" : "NULL", lost);
    free(growing);

    /* calloc returns zeroed memory, even where freed blocks left data. */
    unsigned char *dirty = malloc(3000);
    memset(dirty, 0xAB, 3000);
    free(dirty);
    unsigned char *clean = calloc(750, 4);
    printf("calloc: %s, %d nonzero bytes\n", clean != NULL ? "block" : "NULL",
           clean != NULL ? count_wrong(clean, 3000, 0) : -1);
    free(clean);

    /* Requests that no heap can satisfy. */
    printf("malloc(0xffffff00): %s\n", describe_allocation(malloc(0xffffff00u)));
    printf("calloc overflow: %s\n", describe_allocation(calloc(0x10000, 0x10001)));
    printf("calloc(65536, 65536): %s\n", describe_allocation(calloc(65536, 65536)));
    unsigned char *survivor = malloc(10);
    memcpy(survivor, "keep this", 10);
    printf("realloc(0xffffff00): %s, old block [%s]\n", describe_allocation(realloc(survivor, 0xffffff00u)),
           (char *)survivor);
    printf("realloc to 0: %s\n", describe_allocation(realloc(survivor, 0)));
    free(NULL);
    unsigned char *fresh = realloc(NULL, 12);
    printf("realloc(NULL, 12): %s\n", describe_allocation(fresh));
    free(fresh);
    void *empty = malloc(0);
    printf("malloc(0): %s\n", describe_allocation(empty));
    free(empty);
}

/* qsort --------------------------------------------------------------------- */

static int compare_ints(const void *left, const void *right) {
    int a = *(const int *)left, b = *(const int *)right;
    return (a > b) - (a < b);
}

static int compare_ints_descending(const void *left, const void *right) {
    return compare_ints(right, left);
}

static int compare_strings(const void *left, const void *right) {
    return strcmp(*(const char *const *)left, *(const char *const *)right);
}

/* Three-byte records compared as a whole, so equal ones are identical. */
static int compare_records(const void *left, const void *right) {
    return memcmp(left, right, 3);
}

struct person {
    int age;
    char name[12];
};

static int compare_people(const void *left, const void *right) {
    const struct person *a = left, *b = right;
    if (a->age != b->age) return a->age < b->age ? -1 : 1;
    return strcmp(a->name, b->name);
}

static void print_ints(const char *label, const int *values, int count) {
    printf("%s:", label);
    for (int i = 0; i < count; i++) printf(" %d", values[i]);
    printf("\n");
}

static void test_qsort(void) {
    static int values[300];
    for (int count = 0; count <= 6; count++) {
        for (int i = 0; i < count; i++) values[i] = (int)random_below(5) - 2;
        qsort(values, (size_t)count, sizeof values[0], compare_ints);
        print_ints("qsort small", values, count);
    }

    for (int i = 0; i < 300; i++) values[i] = (int)(next_random() >> 1) - (1 << 30) + (int)random_below(3);
    values[7] = INT_MIN;
    values[99] = INT_MAX;
    qsort(values, 300, sizeof values[0], compare_ints);
    print_ints("qsort random", values, 300);
    qsort(values, 300, sizeof values[0], compare_ints);
    print_ints("qsort sorted", values, 300);
    qsort(values, 300, sizeof values[0], compare_ints_descending);
    print_ints("qsort descending", values, 300);

    for (int i = 0; i < 300; i++) values[i] = (int)random_below(10);
    qsort(values, 300, sizeof values[0], compare_ints);
    print_ints("qsort duplicates", values, 300);

    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "apple", "date", "", "Zebra", "elderberry"};
    qsort(words, sizeof words / sizeof words[0], sizeof words[0], compare_strings);
    printf("qsort strings:");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) printf(" [%s]", words[i]);
    printf("\n");

    static unsigned char records[3 * 40];
    for (int i = 0; i < 3 * 40; i++) records[i] = (unsigned char)random_below(4);
    qsort(records, 40, 3, compare_records);
    print_bytes("qsort records", (const char *)records, sizeof records);

    struct person people[] = {{31, "Ada"}, {25, "Grace"}, {31, "Alan"}, {19, "Linus"}, {25, "Barbara"}, {70, "Ken"}};
    qsort(people, sizeof people / sizeof people[0], sizeof people[0], compare_people);
    printf("qsort structs:");
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) printf(" %d:%s", people[i].age, people[i].name);
    printf("\n");
}

int main(void) {
    test_integers();
    test_long_long();
    test_characters();
    test_strings();
    test_pointers();
    test_percent_and_counts();
    test_double_table();
    test_double_precisions();
    test_double_powers();
    test_random_doubles();
    test_random_integers();
    test_buffers();
    test_streams();
    test_string_functions();
    test_ctype();
    test_number_parsing();
    test_heap();
    test_qsort();
    printf("done\n");
    /* exit() must end the program with this status in both builds. */
    exit(3);
}
