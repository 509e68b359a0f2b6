/* stdio.c: the streams and the character, string and printf-family output
 * functions. All of them end in console_put_char, or in a buffer for
 * sprintf and snprintf. */
#include "libc_internal.h"

#include <stdio.h>

FILE scratch_stdout_stream = {0};
FILE scratch_stderr_stream = {1};

int putchar(int c) {
    unsigned char byte = (unsigned char)c;
    console_put_char(byte);
    return byte;
}

/* Returns the length of the text plus one for the newline, as glibc does. */
int puts(const char *text) {
    int length = 0;
    for (; text[length] != '\0'; length++) console_put_char((unsigned char)text[length]);
    console_put_char('\n');
    return length + 1;
}

int fputc(int c, FILE *stream) {
    unsigned char byte = (unsigned char)c;
    if (!stream->discards_output) console_put_char(byte);
    return byte;
}

int putc(int c, FILE *stream) {
    return fputc(c, stream);
}

/* Returns 1 on success, as glibc does. */
int fputs(const char *text, FILE *stream) {
    if (!stream->discards_output) {
        for (; *text != '\0'; text++) console_put_char((unsigned char)*text);
    }
    return 1;
}

int fflush(FILE *stream) {
    (void)stream;
    return 0;
}

int vfprintf(FILE *stream, const char *format, va_list args) {
    output_begin(stream->discards_output ? OUTPUT_DISCARD : OUTPUT_CONSOLE, NULL, 0);
    return format_output(format, args);
}

int vprintf(const char *format, va_list args) {
    output_begin(OUTPUT_CONSOLE, NULL, 0);
    return format_output(format, args);
}

/* Formats into `buffer`, which has room for `size` bytes: the output is cut
 * to size - 1 characters and always ends in NUL when size > 0. Returns the
 * length the whole output has. */
int vsnprintf(char *buffer, size_t size, const char *format, va_list args) {
    output_begin(OUTPUT_BUFFER, buffer, size);
    int length = format_output(format, args);
    size_t produced = output_count();
    if (size > 0) buffer[produced < size ? produced : size - 1] = '\0';
    return length;
}

int vsprintf(char *buffer, const char *format, va_list args) {
    /* The caller promises room for everything. */
    return vsnprintf(buffer, (size_t)-1, format, args);
}

int printf(const char *format, ...) {
    va_list args;
    va_start(args, format);
    int length = vprintf(format, args);
    va_end(args);
    return length;
}

int fprintf(FILE *stream, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int length = vfprintf(stream, format, args);
    va_end(args);
    return length;
}

int sprintf(char *buffer, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int length = vsprintf(buffer, format, args);
    va_end(args);
    return length;
}

int snprintf(char *buffer, size_t size, const char *format, ...) {
    va_list args;
    va_start(args, format);
    int length = vsnprintf(buffer, size, format, args);
    va_end(args);
    return length;
}
