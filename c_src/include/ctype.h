/* ctype.h: character classes of the "C" locale, the only locale there is.
 * Each function takes EOF or a value of unsigned char. Codes 128 to 255
 * belong to no class, and toupper and tolower return them unchanged. */
#ifndef SCRATCH_LIBC_CTYPE_H
#define SCRATCH_LIBC_CTYPE_H

int isdigit(int c);
int isalpha(int c);
int isalnum(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isxdigit(int c);
int iscntrl(int c);
int isgraph(int c);
int isblank(int c);
int toupper(int c);
int tolower(int c);

#endif /* SCRATCH_LIBC_CTYPE_H */
