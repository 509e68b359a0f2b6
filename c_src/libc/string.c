/* string.c: the <string.h> functions, byte by byte.
 *
 * Copies move one char at a time, so that in the Scratch target's byte
 * layout (one list item per byte address) every item is moved whatever
 * value it holds. Comparisons treat bytes as unsigned char, as C requires. */
#include <string.h>

void *memcpy(void *restrict destination, const void *restrict source, size_t count) {
    unsigned char *to = destination;
    const unsigned char *from = source;
    for (size_t i = 0; i < count; i++) to[i] = from[i];
    return destination;
}

/* Copies correctly when the areas overlap: backwards when the destination
 * starts after the source. */
void *memmove(void *destination, const void *source, size_t count) {
    unsigned char *to = destination;
    const unsigned char *from = source;
    if (to < from) {
        for (size_t i = 0; i < count; i++) to[i] = from[i];
    } else if (to > from) {
        for (size_t i = count; i > 0; i--) to[i - 1] = from[i - 1];
    }
    return destination;
}

void *memset(void *destination, int value, size_t count) {
    unsigned char *to = destination;
    unsigned char byte = (unsigned char)value;
    for (size_t i = 0; i < count; i++) to[i] = byte;
    return destination;
}

int memcmp(const void *left, const void *right, size_t count) {
    const unsigned char *a = left;
    const unsigned char *b = right;
    for (size_t i = 0; i < count; i++) {
        if (a[i] != b[i]) return a[i] - b[i];
    }
    return 0;
}

void *memchr(const void *bytes, int value, size_t count) {
    const unsigned char *cursor = bytes;
    unsigned char byte = (unsigned char)value;
    for (size_t i = 0; i < count; i++) {
        if (cursor[i] == byte) return (void *)(cursor + i);
    }
    return NULL;
}

size_t strlen(const char *text) {
    size_t length = 0;
    while (text[length] != '\0') length++;
    return length;
}

int strcmp(const char *left, const char *right) {
    const unsigned char *a = (const unsigned char *)left;
    const unsigned char *b = (const unsigned char *)right;
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a - *b;
}

int strncmp(const char *left, const char *right, size_t count) {
    const unsigned char *a = (const unsigned char *)left;
    const unsigned char *b = (const unsigned char *)right;
    for (size_t i = 0; i < count; i++) {
        if (a[i] != b[i]) return a[i] - b[i];
        if (a[i] == '\0') return 0;
    }
    return 0;
}

char *strcpy(char *restrict destination, const char *restrict source) {
    size_t i = 0;
    for (; source[i] != '\0'; i++) destination[i] = source[i];
    destination[i] = '\0';
    return destination;
}

/* Copies at most `count` bytes and fills the rest of them with NUL; the
 * result has no NUL when the source is `count` bytes long or longer. */
char *strncpy(char *restrict destination, const char *restrict source, size_t count) {
    size_t i = 0;
    for (; i < count && source[i] != '\0'; i++) destination[i] = source[i];
    for (; i < count; i++) destination[i] = '\0';
    return destination;
}

char *strcat(char *restrict destination, const char *restrict source) {
    strcpy(destination + strlen(destination), source);
    return destination;
}

/* Finds the first `c` in the text; the terminating NUL counts, so
 * strchr(text, '\0') points at it. */
char *strchr(const char *text, int c) {
    char target = (char)c;
    for (;; text++) {
        if (*text == target) return (char *)text;
        if (*text == '\0') return NULL;
    }
}

char *strrchr(const char *text, int c) {
    char target = (char)c;
    const char *found = NULL;
    for (;; text++) {
        if (*text == target) found = text;
        if (*text == '\0') return (char *)found;
    }
}

/* Finds the first occurrence of `needle` by trying each start in turn: the
 * simple quadratic search, enough for short needles. An empty needle is
 * found at the start. */
char *strstr(const char *haystack, const char *needle) {
    if (*needle == '\0') return (char *)haystack;
    for (; *haystack != '\0'; haystack++) {
        size_t i = 0;
        while (needle[i] != '\0' && haystack[i] == needle[i]) i++;
        if (needle[i] == '\0') return (char *)haystack;
    }
    return NULL;
}
