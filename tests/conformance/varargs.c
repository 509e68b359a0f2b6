/* varargs.c: variadic functions written with <stdarg.h>. A count-prefixed
 * sum reads ints, and a small formatter reads int, unsigned, double, char *,
 * long long and promoted char arguments in the order its kind string lists.
 * va_copy makes a second pass over the same arguments, and a va_list is
 * handed on to vprintf and vsnprintf. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int sum_ints(int count, ...) {
    va_list arguments;
    va_start(arguments, count);
    int total = 0;
    for (int i = 0; i < count; i++) total += va_arg(arguments, int);
    va_end(arguments);
    return total;
}

/* Formats each argument by its letter in `kinds`: i int, u unsigned, d
 * double, s string, L long long, c char (passed as int). Returns the number
 * of arguments read. */
static int describe(const char *kinds, ...) {
    va_list arguments;
    va_start(arguments, kinds);
    int read = 0;
    for (const char *kind = kinds; *kind != '\0'; kind++) {
        switch (*kind) {
        case 'i': printf(" int:%d", va_arg(arguments, int)); break;
        case 'u': printf(" unsigned:%u", va_arg(arguments, unsigned)); break;
        case 'd': printf(" double:%.4f", va_arg(arguments, double)); break;
        case 's': printf(" string:\"%s\"", va_arg(arguments, char *)); break;
        case 'L': printf(" long long:%lld", va_arg(arguments, long long)); break;
        case 'c': printf(" char:'%c'", (char)va_arg(arguments, int)); break;
        default: printf(" unknown kind '%c'", *kind); continue;
        }
        read++;
    }
    va_end(arguments);
    putchar('\n');
    return read;
}

/* Reads the doubles twice, through va_copy: once for the mean and once for
 * the largest distance from it. A negative value ends the list. */
static void mean_and_spread(const char *label, ...) {
    va_list arguments;
    va_list second_pass;
    va_start(arguments, label);
    va_copy(second_pass, arguments);

    double sum = 0.0;
    int count = 0;
    for (double value = va_arg(arguments, double); value >= 0.0;
         value = va_arg(arguments, double)) {
        sum += value;
        count++;
    }
    va_end(arguments);
    double mean = count > 0 ? sum / count : 0.0;

    double spread = 0.0;
    for (double value = va_arg(second_pass, double); value >= 0.0;
         value = va_arg(second_pass, double)) {
        double distance = value > mean ? value - mean : mean - value;
        if (distance > spread) spread = distance;
    }
    va_end(second_pass);
    printf("%s: count=%d mean=%.3f spread=%.3f\n", label, count, mean, spread);
}

/* Mixed 32- and 64-bit arguments, which are laid out without gaps on i386. */
static long long weighted_total(int count, ...) {
    va_list arguments;
    va_start(arguments, count);
    long long total = 0;
    for (int i = 0; i < count; i++) {
        int weight = va_arg(arguments, int);
        long long amount = va_arg(arguments, long long);
        total += weight * amount;
    }
    va_end(arguments);
    return total;
}

/* printf-style wrappers that pass their va_list on. */
static int log_line(const char *prefix, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    printf("[%s] ", prefix);
    int written = vprintf(format, arguments);
    va_end(arguments);
    return written;
}

static int format_into(char *buffer, size_t size, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    int needed = vsnprintf(buffer, size, format, arguments);
    va_end(arguments);
    return needed;
}

int main(void) {
    printf("sum of none = %d\n", sum_ints(0));
    printf("sum of 1 = %d\n", sum_ints(1, 42));
    printf("sum of 5 = %d\n", sum_ints(5, 1, -2, 3, -4, 5));
    printf("sum of 12 = %d\n", sum_ints(12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));

    char letter = 'Q';
    short small = -12345;
    float half = 0.5f;
    int read = describe("iudsLc", -7, 4000000000u, 3.14159, "text", -1234567890123456789LL, 'x');
    printf("read %d\n", read);
    read = describe("cid", letter, small, half);
    printf("read %d\n", read);
    read = describe("LiLsd", 9223372036854775807LL, 1, (long long)-1, "", -0.0);
    printf("read %d\n", read);
    describe("");

    mean_and_spread("three", 1.0, 2.0, 6.0, -1.0);
    mean_and_spread("one", 10.5, -1.0);
    mean_and_spread("none", -1.0);

    printf("weighted total = %lld\n",
           weighted_total(3, 2, 5000000000LL, -1, 7LL, 3, -4000000000LL));

    int written = log_line("info", "%d apples and %s at %.2f\n", 3, "pears", 1.25);
    printf("vprintf wrote %d characters\n", written);

    char buffer[16];
    int needed = format_into(buffer, sizeof buffer, "%s-%d-%lld", "abc", 12345, 67890123456LL);
    printf("vsnprintf needed %d, kept \"%s\" (%zu characters)\n", needed, buffer, strlen(buffer));
    needed = format_into(buffer, sizeof buffer, "%c%c", 'o', 'k');
    printf("vsnprintf needed %d, kept \"%s\"\n", needed, buffer);
    return 0;
}
