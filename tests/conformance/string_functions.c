/* string_functions.c: the <string.h> functions strlen, strcmp, strncmp,
 * strcpy, strncpy, strcat, strchr, strrchr, strstr, memcpy, memmove (with
 * overlapping ranges in both directions), memset and memcmp. Comparisons
 * print only the sign of the result, because C specifies nothing more.
 * Positions print as offsets from the start of the string. */
#include <stdio.h>
#include <string.h>

static int sign(int x) { return (x > 0) - (x < 0); }

static void print_position(const char *label, const char *base, const char *found) {
    if (found == NULL)
        printf("%s: not found\n", label);
    else
        printf("%s: offset %d\n", label, (int)(found - base));
}

/* Prints every byte of the buffer, zeros as '.', so padding is visible. */
static void print_bytes(const char *label, const char *buffer, size_t size) {
    printf("%s: [", label);
    for (size_t i = 0; i < size; i++) putchar(buffer[i] == '\0' ? '.' : buffer[i]);
    printf("]\n");
}

int main(void) {
    const char *samples[] = {"", "a", "hello", "hello, world", "tab\there", "\xc3\xa9t\xc3\xa9"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        printf("strlen sample %zu = %zu\n", i, strlen(samples[i]));

    const char *pairs[][2] = {
        {"abc", "abc"}, {"abc", "abd"}, {"abd", "abc"}, {"ab", "abc"}, {"abc", "ab"},
        {"", ""},       {"", "a"},      {"A", "a"},     {"\xff", "a"}, {"apple", "apricot"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *a = pairs[i][0];
        const char *b = pairs[i][1];
        printf("strcmp pair %zu: %d, strncmp 2: %d, strncmp 0: %d\n", i, sign(strcmp(a, b)),
               sign(strncmp(a, b, 2)), sign(strncmp(a, b, 0)));
    }

    char buffer[32];
    strcpy(buffer, "concatenate");
    printf("strcpy: %s (%zu)\n", buffer, strlen(buffer));
    strcat(buffer, " these");
    strcat(buffer, "");
    strcat(buffer, " words");
    printf("strcat: %s (%zu)\n", buffer, strlen(buffer));
    char *returned = strcpy(buffer, "short");
    printf("strcpy returns its destination: %d, now %s\n", returned == buffer, buffer);

    /* strncpy pads with zeros and does not terminate when the source is too
     * long. */
    char padded[10];
    memset(padded, '#', sizeof padded);
    strncpy(padded, "abc", 8);
    print_bytes("strncpy short", padded, sizeof padded);
    memset(padded, '#', sizeof padded);
    strncpy(padded, "abcdefghijkl", 6);
    print_bytes("strncpy long", padded, sizeof padded);

    const char *text = "the quick brown fox jumps over the lazy dog";
    print_position("strchr q", text, strchr(text, 'q'));
    print_position("strchr z", text, strchr(text, 'z'));
    print_position("strchr !", text, strchr(text, '!'));
    print_position("strchr terminator", text, strchr(text, '\0'));
    print_position("strrchr o", text, strrchr(text, 'o'));
    print_position("strrchr t", text, strrchr(text, 't'));
    print_position("strrchr X", text, strrchr(text, 'X'));
    print_position("strstr the", text, strstr(text, "the"));
    print_position("strstr the lazy", text, strstr(text, "the lazy"));
    print_position("strstr dog", text, strstr(text, "dog"));
    print_position("strstr dogs", text, strstr(text, "dogs"));
    print_position("strstr empty", text, strstr(text, ""));
    const char *repeated = "aaab";
    print_position("strstr overlap", repeated, strstr(repeated, "aab"));

    /* Count the words by walking strchr from space to space. */
    int words = 1;
    for (const char *space = strchr(text, ' '); space != NULL; space = strchr(space + 1, ' '))
        words++;
    printf("words: %d\n", words);

    char bytes[24];
    memset(bytes, 0, sizeof bytes);
    memcpy(bytes, "0123456789", 10);
    print_bytes("memcpy", bytes, 12);
    memmove(bytes + 3, bytes, 10); /* destination after source */
    print_bytes("memmove right", bytes, 14);
    memmove(bytes, bytes + 5, 8); /* destination before source */
    print_bytes("memmove left", bytes, 14);
    memmove(bytes + 2, bytes + 2, 5); /* same place */
    print_bytes("memmove same", bytes, 14);
    memset(bytes + 4, 'x', 6);
    print_bytes("memset", bytes, 14);
    memset(bytes, 0x141, 2); /* memset converts the value to unsigned char: 'A' */
    print_bytes("memset 0x141", bytes, 14);
    memcpy(bytes + 10, "", 0);
    print_bytes("memcpy of 0 bytes", bytes, 14);

    printf("memcmp: %d %d %d %d\n", sign(memcmp("abc", "abd", 3)), sign(memcmp("abc", "abd", 2)),
           sign(memcmp("\x80", "\x7f", 1)), sign(memcmp("xyz", "xya", 3)));

    /* Large copies and fills, checked byte by byte. */
    static unsigned char big_source[1000];
    static unsigned char big_destination[1000];
    for (int i = 0; i < 1000; i++) big_source[i] = (unsigned char)(i * 13 + 5);
    memcpy(big_destination, big_source, sizeof big_source);
    printf("big memcpy equal: %d\n", memcmp(big_destination, big_source, 1000) == 0);
    memmove(big_destination + 1, big_destination, 999);
    int shifted_ok = big_destination[0] == big_source[0];
    for (int i = 1; i < 1000; i++)
        if (big_destination[i] != big_source[i - 1]) shifted_ok = 0;
    printf("big memmove by one: %d\n", shifted_ok);
    memset(big_destination, 0xee, 999);
    printf("big memset: %u %u %u\n", big_destination[0], big_destination[998],
           big_destination[999]);
    return 0;
}
