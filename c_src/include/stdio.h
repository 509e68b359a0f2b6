/* stdio.h: formatted output for programs that scratchc compiles to Scratch.
 *
 * Standard output is the Scratch list `stdout`: each finished line becomes
 * one item, and the text after the last '\n' stays in the variable
 * `!!line`. There is no input and there are no files. `stderr` is accepted
 * wherever a FILE * is, but what is written to it is dropped. The functions
 * still return the counts that a successful write would return.
 *
 * printf and friends follow C99 and match glibc's output byte for byte,
 * with these exceptions. Every NaN prints as "nan", because the sign of a
 * NaN cannot be read without its bits. %a, %A, the long double directives
 * (%Lf, ...) and %ls (wide strings) are not supported, and such a directive
 * is printed as it is. %lc prints the low byte of its argument.
 */
#ifndef SCRATCH_LIBC_STDIO_H
#define SCRATCH_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

/* A stream: only stdout and stderr exist. */
typedef struct scratch_stream FILE;

extern FILE scratch_stdout_stream;
extern FILE scratch_stderr_stream;
#define stdout (&scratch_stdout_stream)
#define stderr (&scratch_stderr_stream)

int putchar(int c);
int puts(const char *text);
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int fputs(const char *text, FILE *stream);
/* Does nothing and returns 0, because output is never buffered. */
int fflush(FILE *stream);

int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int fprintf(FILE *stream, const char *format, ...) __attribute__((format(printf, 2, 3)));
int sprintf(char *buffer, const char *format, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buffer, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));
int vprintf(const char *format, va_list args) __attribute__((format(printf, 1, 0)));
int vfprintf(FILE *stream, const char *format, va_list args) __attribute__((format(printf, 2, 0)));
int vsprintf(char *buffer, const char *format, va_list args) __attribute__((format(printf, 2, 0)));
int vsnprintf(char *buffer, size_t size, const char *format, va_list args)
    __attribute__((format(printf, 3, 0)));

#endif /* SCRATCH_LIBC_STDIO_H */
