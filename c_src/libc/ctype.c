/* ctype.c: character classes of the "C" locale (ASCII). Codes 128 to 255
 * and EOF belong to no class. */
#include <ctype.h>

int isdigit(int c) {
    return c >= '0' && c <= '9';
}

int isupper(int c) {
    return c >= 'A' && c <= 'Z';
}

int islower(int c) {
    return c >= 'a' && c <= 'z';
}

int isalpha(int c) {
    return isupper(c) || islower(c);
}

int isalnum(int c) {
    return isalpha(c) || isdigit(c);
}

int isxdigit(int c) {
    return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Space, tab, newline, vertical tab, form feed and carriage return. */
int isspace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Every character from space to '~'. */
int isprint(int c) {
    return c >= ' ' && c <= '~';
}

/* Codes 0 to 31, and 127 (delete). */
int iscntrl(int c) {
    return (c >= 0 && c < ' ') || c == 127;
}

/* Every printing character but space. */
int isgraph(int c) {
    return c > ' ' && c <= '~';
}

int isblank(int c) {
    return c == ' ' || c == '\t';
}

int ispunct(int c) {
    return isprint(c) && c != ' ' && !isalnum(c);
}

int toupper(int c) {
    return islower(c) ? c - 'a' + 'A' : c;
}

int tolower(int c) {
    return isupper(c) ? c - 'A' + 'a' : c;
}
