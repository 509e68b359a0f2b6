/* sprintf_buffers.c: sprintf and snprintf into char buffers. Both return the
 * length the whole output needs, even when snprintf truncates. snprintf is
 * tried at sizes 0, 1, just short and exact, and with a NULL buffer to
 * measure. Bytes past the terminator stay untouched, and a line is built
 * piece by piece at a moving offset. */
#include <stdio.h>
#include <string.h>

/* Prints the buffer with '.' for zero bytes and '~' for untouched filler. */
static void show(const char *label, const char *buffer, size_t size) {
    printf("%s: [", label);
    for (size_t i = 0; i < size; i++) {
        char c = buffer[i];
        if (c == '\0')
            c = '.';
        else if (c == '\x7f')
            c = '~';
        putchar(c);
    }
    printf("]\n");
}

int main(void) {
    char buffer[32];

    int length = sprintf(buffer, "%d-%s-%c", 42, "abc", 'z');
    printf("sprintf returned %d, strlen %zu, text \"%s\"\n", length, strlen(buffer), buffer);
    length = sprintf(buffer, "%s", "");
    printf("empty: returned %d, first byte %d\n", length, buffer[0]);
    length = sprintf(buffer, "%08.3f|%-6x|%+lld", -3.14159, 0xbeefu, 123456789012LL);
    printf("mixed: returned %d, \"%s\"\n", length, buffer);

    /* snprintf with every size from 0 to past the full length. */
    const char *full = "hello, world";
    for (size_t size = 0; size <= 14; size += (size < 3 || size > 10) ? 1 : 4) {
        memset(buffer, 0x7f, sizeof buffer);
        int needed = snprintf(buffer, size, "%s", full);
        char label[24];
        sprintf(label, "size %2zu -> %d", size, needed);
        show(label, buffer, 15);
    }

    int measured = snprintf(NULL, 0, "%d items at %.2f each", 1234, 5.5);
    printf("measured length: %d\n", measured);
    char exact[24];
    int written = snprintf(exact, (size_t)measured + 1, "%d items at %.2f each", 1234, 5.5);
    printf("exact fit: %d \"%s\"\n", written, exact);

    /* Truncation in the middle of a number and of a padded field. */
    memset(buffer, 0x7f, sizeof buffer);
    written = snprintf(buffer, 6, "%d", -123456789);
    show("number cut", buffer, 10);
    printf("  returned %d\n", written);
    memset(buffer, 0x7f, sizeof buffer);
    written = snprintf(buffer, 8, "[%*s]", 10, "pad");
    show("padding cut", buffer, 10);
    printf("  returned %d\n", written);

    /* Building a line at a moving offset, the way a report is assembled. */
    char line[64];
    size_t offset = 0;
    for (int i = 1; i <= 12; i++) {
        int added = snprintf(line + offset, sizeof line - offset, "%s%d^2=%d", i > 1 ? ", " : "",
                             i, i * i);
        if (added < 0 || (size_t)added >= sizeof line - offset) {
            printf("stopped at %d: needed %d with %zu left\n", i, added, sizeof line - offset);
            break;
        }
        offset += (size_t)added;
    }
    printf("line (%zu): %s\n", offset, line);

    /* Numbers to text and back to numbers by hand. */
    char digits[16];
    int digit_sum = 0;
    int number_length = sprintf(digits, "%u", 4294967295u);
    for (int i = 0; i < number_length; i++) digit_sum += digits[i] - '0';
    printf("digits of UINT_MAX: %s, sum %d\n", digits, digit_sum);

    char table[6][20];
    for (int row = 0; row < 6; row++)
        sprintf(table[row], "%-4s|%5.1f|%03d", row % 2 ? "odd" : "even", row * 2.5, row * 7);
    for (int row = 0; row < 6; row++) printf("row %d: %s\n", row, table[row]);

    /* sprintf into a buffer that is then the argument of another sprintf. */
    char inner[16];
    char outer[40];
    sprintf(inner, "<%s>", "x");
    sprintf(outer, "%s%s%s", inner, inner, inner);
    printf("nested: %s (%zu)\n", outer, strlen(outer));
    return 0;
}
