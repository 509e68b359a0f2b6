/* libc_internal.h: declarations shared by the source files of this library.
 * Programs never include it. */
#ifndef SCRATCH_LIBC_INTERNAL_H
#define SCRATCH_LIBC_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* The output primitives scratch_print_char, scratch_print_newline and
 * scratch_exit. For the Scratch target, scratch.h declares them and the
 * backend lowers each call to blocks. For any other target scratch.h would
 * include scratch_native.h, which defines them on top of the system's
 * <stdio.h>, the very header this library replaces. So a native build (the
 * library's test, with tests/libc/native_output.c providing the three
 * functions) gets plain declarations here. The condition is the one by
 * which scratch.h recognizes the Scratch target.
 *
 * LIBC_SCRATCH_VARIABLE(name) keeps a global that the library touches for
 * every character in a Scratch variable instead of memory. In the bytes
 * layout, each load or store of an int in memory costs four list items and
 * the arithmetic to split or join them, where a variable costs one block.
 * Natively it does nothing. */
#if defined(__i386__) && defined(__ELF__) && !defined(__linux__)
#include "scratch.h"
#define LIBC_SCRATCH_VARIABLE(name) SCRATCH_VARIABLE(name)
#else
void scratch_print_char(int code);
void scratch_print_newline(void);
void scratch_exit(int status) __attribute__((noreturn));
#define LIBC_SCRATCH_VARIABLE(name)
#endif

/* A stream of <stdio.h>: FILE is this struct. */
struct scratch_stream {
    /* Nonzero for stderr, whose output is dropped. */
    int discards_output;
};

/* Writes one character to standard output: '\n' ends the current line.
 * Inline, because on the Scratch target a call costs more than the work. */
static inline void console_put_char(int c) {
    if (c == '\n') {
        scratch_print_newline();
    } else {
        scratch_print_char(c);
    }
}

/* The destination of formatted output. */
enum output_kind { OUTPUT_CONSOLE, OUTPUT_DISCARD, OUTPUT_BUFFER };

/* Directs the output that follows to standard output, nowhere, or
 * `buffer`, which has room for `capacity` bytes with the terminating NUL,
 * and sets the count of characters to 0. The output state is global, which
 * is safe because formatting never calls user code and so never nests. */
void output_begin(enum output_kind kind, char *buffer, size_t capacity);
/* Sends one character to the destination and counts it. */
void output_char(int c);
/* Sends `length` characters of `text`; nothing when length <= 0. */
void output_text(const char *text, int length);
/* Sends `count` copies of the character; nothing when count <= 0. */
void output_repeated(int c, int count);
/* Returns the characters counted since output_begin, also those that did
 * not fit in the buffer. */
size_t output_count(void);

/* One parsed conversion specification of a printf format. The flags are
 * bytes, so that each costs one list item in the Scratch target's memory. */
struct format_spec {
    bool left_align; /* flag '-' */
    bool plus_sign;  /* flag '+' */
    bool space_sign; /* flag ' ' */
    bool alternate;  /* flag '#' */
    bool zero_pad;   /* flag '0' */
    char conversion; /* the conversion letter, such as 'd' or 'g' */
    int width;       /* minimum field width, 0 when absent */
    int precision;   /* -1 when absent */
};

/* Writes the part of a field before its body: the spaces of a
 * right-aligned field, then `prefix` (a sign, "0x" or both, or ""), then
 * `zeros` zeros. When `zero_fill` is true the '0' flag may apply, and
 * zeros instead of spaces then widen the field. Returns how many spaces the
 * caller must write after the body, which is nonzero only for a
 * left-aligned field. */
int begin_field(const struct format_spec *spec, const char *prefix, int zeros, int body_length, bool zero_fill);

/* Formats `format` with the arguments to the destination that output_begin
 * set. Returns the number of characters produced, including those a full
 * buffer dropped. */
int format_output(const char *format, va_list args);

/* Formats a double for %f, %F, %e, %E, %g or %G. */
void format_double(double value, const struct format_spec *spec);

#endif /* SCRATCH_LIBC_INTERNAL_H */
