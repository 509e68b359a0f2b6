/* strtol_atoi.c: text to integer with atoi and strtol, and back with
 * sprintf. Inputs have leading white space, signs, trailing text and no
 * digits at all. strtol runs in bases 2, 8, 10, 16 and 36, and in base 0,
 * which reads the 0x and 0 prefixes. Values outside long give LONG_MAX or
 * LONG_MIN. Also the end pointer, abs and labs. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints text with tabs and newlines written as \t and \n. */
static void print_escaped(const char *text) {
    for (; *text != '\0'; text++) {
        if (*text == '\t')
            printf("\\t");
        else if (*text == '\n')
            printf("\\n");
        else
            putchar(*text);
    }
}

static void show_strtol(const char *text, int base) {
    char *end;
    long value = strtol(text, &end, base);
    printf("strtol(\"%s\", %d) = %ld, stopped at offset %d [%s]\n", text, base, value,
           (int)(end - text), end);
}

int main(void) {
    const char *atoi_inputs[] = {
        "0", "42", "-17", "  +305", "\t\n 99 bottles", "12abc", "abc", "", "-0", "2147483647",
        "-2147483648", "007", "+-3", " - 4", "3.99",
    };
    for (size_t i = 0; i < sizeof atoi_inputs / sizeof atoi_inputs[0]; i++) {
        printf("atoi(\"");
        print_escaped(atoi_inputs[i]);
        printf("\") = %d\n", atoi(atoi_inputs[i]));
    }

    show_strtol("123", 10);
    show_strtol("-123xyz", 10);
    show_strtol("   +77", 10);
    show_strtol("ff", 16);
    show_strtol("0xFF", 16);
    show_strtol("0x1A", 0);
    show_strtol("0755", 0);
    show_strtol("0755", 10);
    show_strtol("08", 0);
    show_strtol("1011", 2);
    show_strtol("12", 2);
    show_strtol("777", 8);
    show_strtol("zz", 36);
    show_strtol("Scratch", 36);
    show_strtol("2147483647", 10);
    show_strtol("2147483648", 10);
    show_strtol("-2147483648", 10);
    show_strtol("-2147483649", 10);
    show_strtol("99999999999999999999", 10);
    show_strtol("", 10);
    show_strtol("xyz", 10);
    show_strtol("-", 10);
    show_strtol("0x", 16);
    show_strtol("  -0x7fffffff", 0);

    /* A NULL end pointer is allowed. */
    printf("no end pointer: %ld\n", strtol("31 days", NULL, 10));

    /* Parse a list of numbers by moving the end pointer along. */
    const char *list = "10, -20 ,30;0x40 50";
    const char *cursor = list;
    long total = 0;
    int count = 0;
    for (;;) {
        char *end;
        long value = strtol(cursor, &end, 0);
        if (end == cursor) {
            if (*cursor == '\0') break;
            cursor++; /* skip a separator */
            continue;
        }
        total += value;
        count++;
        cursor = end;
    }
    printf("list: %d numbers, total %ld\n", count, total);

    /* Round trip through sprintf for a range of values and every base
     * printf can write. */
    int round_trips = 0;
    for (long value = -100000; value <= 100000; value += 9999) {
        char text[40];
        sprintf(text, "%ld", value);
        long back = strtol(text, NULL, 10);
        sprintf(text, "%lx", (unsigned long)(value < 0 ? -value : value));
        long hex_back = strtol(text, NULL, 16);
        sprintf(text, "%lo", (unsigned long)(value < 0 ? -value : value));
        long octal_back = strtol(text, NULL, 8);
        long magnitude = value < 0 ? -value : value;
        if (back == value && hex_back == magnitude && octal_back == magnitude) round_trips++;
    }
    printf("round trips: %d of 21\n", round_trips);

    printf("abs: %d %d %d %d\n", abs(-5), abs(5), abs(0), abs(INT_MIN + 1));
    printf("labs: %ld %ld %ld\n", labs(-1234567L), labs(LONG_MAX), labs(LONG_MIN + 1));
    return 0;
}
