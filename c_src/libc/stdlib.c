/* stdlib.c: integer helpers, number parsing, qsort and program exit.
 * The allocator is in malloc.c. */
#include "libc_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>

int abs(int value) {
    return value < 0 ? -value : value;
}

long labs(long value) {
    return value < 0 ? -value : value;
}

/* Returns the value of the digit or letter `c` in bases up to 36, or 36
 * when it is neither. */
static int digit_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 36;
}

/* Parses an integer as strtol and strtoul do: white space, a sign, a "0x"
 * prefix (base 16 or 0) or a leading 0 (base 0 means octal), then digits.
 * Stores the magnitude, clamped to `limit`, in *magnitude and whether it was
 * clamped in *overflow; returns whether a '-' came first. *end is set after
 * the last digit, or to the start of the text when there are no digits. */
static int parse_integer(const char *text, char **end, int base, unsigned long limit, unsigned long *magnitude,
                         int *overflow) {
    const char *cursor = text;
    int negative = 0;

    *magnitude = 0;
    *overflow = 0;
    /* glibc leaves *end as it is for an invalid base. */
    if (base < 0 || base == 1 || base > 36) return 0;
    if (end != NULL) *end = (char *)text;

    while (isspace((unsigned char)*cursor)) cursor++;
    if (*cursor == '+' || *cursor == '-') {
        negative = *cursor == '-';
        cursor++;
    }
    /* The "0x" prefix counts only when a hex digit follows it: "0xg" is
     * the number 0 followed by "xg". */
    if ((base == 0 || base == 16) && cursor[0] == '0' && (cursor[1] == 'x' || cursor[1] == 'X') &&
        digit_value((unsigned char)cursor[2]) < 16) {
        cursor += 2;
        base = 16;
    } else if (base == 0) {
        base = cursor[0] == '0' ? 8 : 10;
    }

    const char *digits_start = cursor;
    unsigned long value = 0;
    for (;; cursor++) {
        int digit = digit_value((unsigned char)*cursor);
        if (digit >= base) break;
        /* value * base + digit > limit, without overflowing. */
        if (value > (limit - (unsigned long)digit) / (unsigned long)base) {
            *overflow = 1;
            value = limit;
        } else {
            value = value * (unsigned long)base + (unsigned long)digit;
        }
    }
    if (cursor == digits_start) return 0;

    if (end != NULL) *end = (char *)cursor;
    *magnitude = value;
    return negative;
}

long strtol(const char *restrict text, char **restrict end, int base) {
    unsigned long magnitude;
    int overflow;
    /* The limit depends on the sign, which parse_integer finds: parse with
     * the larger limit and clamp afterwards. */
    int negative = parse_integer(text, end, base, (unsigned long)LONG_MAX + 1, &magnitude, &overflow);
    if (negative) return magnitude > (unsigned long)LONG_MAX ? LONG_MIN : -(long)magnitude;
    return magnitude > (unsigned long)LONG_MAX ? LONG_MAX : (long)magnitude;
}

/* A '-' negates the parsed value in unsigned arithmetic, as C specifies:
 * strtoul("-1", ...) is ULONG_MAX. An out-of-range magnitude gives
 * ULONG_MAX whatever the sign. */
unsigned long strtoul(const char *restrict text, char **restrict end, int base) {
    unsigned long magnitude;
    int overflow;
    int negative = parse_integer(text, end, base, ULONG_MAX, &magnitude, &overflow);
    if (overflow) return ULONG_MAX;
    return negative ? 0 - magnitude : magnitude;
}

int atoi(const char *text) {
    return (int)strtol(text, NULL, 10);
}

long atol(const char *text) {
    return strtol(text, NULL, 10);
}

/* Swaps two elements of `size` bytes, byte by byte. */
static void swap_elements(unsigned char *a, unsigned char *b, size_t size) {
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = a[i];
        a[i] = b[i];
        b[i] = byte;
    }
}

/* Moves element `root` down the max-heap of the first `count` elements
 * until neither child is larger. */
static void sift_down(unsigned char *base, size_t root, size_t count, size_t size,
                      int (*compare)(const void *, const void *)) {
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= count) return;
        if (child + 1 < count && compare(base + child * size, base + (child + 1) * size) < 0) child++;
        if (compare(base + root * size, base + child * size) >= 0) return;
        swap_elements(base + root * size, base + child * size, size);
        root = child;
    }
}

/* Heapsort: build a max-heap, then repeatedly swap its top to the end of
 * the unsorted part. No recursion and no extra memory, which suits the
 * Scratch target. */
void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *)) {
    unsigned char *bytes = base;
    if (count < 2 || size == 0) return;

    for (size_t start = count / 2; start > 0; start--) sift_down(bytes, start - 1, count, size, compare);
    for (size_t end = count - 1; end > 0; end--) {
        swap_elements(bytes, bytes + end * size, size);
        sift_down(bytes, 0, end, size, compare);
    }
}

void exit(int status) {
    scratch_exit(status);
}

void abort(void) {
    scratch_exit(134);
}
