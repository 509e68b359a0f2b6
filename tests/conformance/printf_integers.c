/* printf_integers.c: printf's integer and character conversions (%d %i %u
 * %x %X %o %c %s %%) with widths, precisions and `*` arguments. Flags are
 * - 0 + space and #, and length modifiers hh h l ll z. Square brackets show
 * where padding starts and ends. */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>

static volatile const int samples[] = {0, 1, -1, 42, -42, 255, 65535, INT_MAX, INT_MIN};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

int main(void) {
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        int v = samples[i];
        unsigned u = (unsigned)v;
        printf("[%d] [%i] [%u] [%x] [%X] [%o] [%5d] [%-5d] [%05d] [%+d] [% d]\n", v, v, u, u, u,
               u, v, v, v, v, v);
        printf("  [%.3d] [%8.3d] [%-8.3d] [%+.0d] [%#x] [%#X] [%#o] [%#10x] [%-#10o] [%010u]\n", v,
               v, v, v, u, u, u, u, u, u);
    }

    /* A precision of zero prints nothing for the value zero, except that
     * %#o still prints its single 0. */
    printf("zero with precision 0: [%.0d] [%.0u] [%.0x] [%#.0o] [%5.0d]\n", 0, 0u, 0u, 0u, 0);
    /* The 0 flag is ignored when a precision is given. */
    printf("ignored zero flag: [%08.3d] [%+08d] [% 08d]\n", 42, 42, 42);

    /* Widths and precisions from arguments, including a negative width,
     * which means left alignment. */
    for (int width = -6; width <= 6; width += 3)
        printf("star width %2d: [%*d] [%*s]\n", width, width, 123, width, "ab");
    for (int precision = 0; precision <= 6; precision += 2)
        printf("star precision %d: [%.*d] [%.*s]\n", precision, precision, 77, precision,
               "abcdefgh");
    printf("both stars: [%*.*d] [%-*.*x]\n", 9, 4, -5, 7, 3, 255u);

    /* Length modifiers: hh and h convert the argument to char or short first.
     * l is 32 bits on i386, ll is 64 bits and z is size_t. */
    printf("hh: [%hhd] [%hhu] [%hhx] [%hhd]\n", 300, 300, -1, 127 + 1);
    printf("h: [%hd] [%hu] [%hx] [%hd]\n", 70000, 70000, -1, 32768);
    printf("l: [%ld] [%lu] [%lx] [%li]\n", -123456789L, 4000000000UL, 0xdeadbeefUL, LONG_MIN);
    printf("ll: [%lld] [%llu] [%llx] [%llX] [%llo]\n", LLONG_MIN, ULLONG_MAX, 0x123456789abcdefULL,
           0xfedcba987654321ULL, 01234567012345670123ULL);
    printf("ll with flags: [%+25lld] [%-25lld] [%025lld] [%#llx]\n", 1234567890123LL,
           -1234567890123LL, -1234567890123LL, 0xabcdefULL);
    size_t size = sizeof(long long) * 1000;
    printf("z: [%zu] [%zx] [%8zu] [%zd]\n", size, size, (size_t)12, (ptrdiff_t)-3);

    /* Characters and strings. */
    printf("c: [%c] [%3c] [%-3c] [%c%c%c]\n", 'A', 'b', 'c', 'x', 'y', 'z');
    printf("s: [%s] [%10s] [%-10s] [%.3s] [%10.2s] [%s]\n", "hello", "right", "left", "truncate",
           "cut", "");
    printf("percent: [%%] [100%%] [%5s%%]\n", "50");

    /* Many conversions in one call, to check argument order. */
    printf("mixed: %d %s %c %u %x %lld %d %s %d\n", 1, "two", '3', 4u, 5u, 6LL, 7, "eight", 9);

    /* printf returns the number of characters written. */
    int written = printf("count me\n");
    int written_wide = printf("[%20d]\n", -1);
    printf("returned: %d %d\n", written, written_wide);

    /* putchar and puts. */
    for (char c = 'a'; c <= 'z'; c += 5) putchar(c);
    putchar('\n');
    puts("puts adds a newline");
    puts("");
    puts("after an empty line");
    return 0;
}
