/* scratch.h: the contract between a C program and the Scratch project that
 * scratchc makes of it.
 *
 * A program compiled for Scratch (clang target i386-none-elf, as `scratchc cc`
 * runs it) sees the declarations below, and the backend turns each of them
 * into Scratch blocks. Compiled for any other target, this header includes
 * scratch_native.h instead, which implements the same functions in plain C,
 * so the same source runs natively and prints what the Scratch build prints
 * (scratch_round below names the one exception, the sign of a zero).
 *
 * Scripts
 *   `int main(void)` runs when the green flag is clicked. Its return value,
 *   or the value passed to scratch_exit(), is stored in the variable `!!exit`.
 *   Other entry points are marked with the SCRATCH_WHEN_* attributes below.
 *   Every function runs "without screen refresh" (a warp custom block) unless
 *   it is marked SCRATCH_SCREEN_REFRESH. A loop inside a screen-refresh
 *   function hands control back to Scratch once per iteration, so the stage
 *   and the speech bubble update while it runs.
 *
 * Names
 *   Every variable and list name argument must be a string literal: the
 *   backend resolves it at compile time and creates the variable or list on
 *   the sprite. Names starting with "!!" are the runtime's own (`!!text`,
 *   `!!status`, ...); `stdout` is standard output, one list item per line.
 *
 * Standard output
 *   scratch_print_* append to the current line and scratch_print_newline()
 *   ends it: the finished line becomes one new item of the list `stdout`.
 *   Natively these write to the C standard output.
 */
#ifndef SCRATCH_H
#define SCRATCH_H

#if defined(__i386__) && defined(__ELF__) && !defined(__linux__)
#define SCRATCH_TARGET 1
#else
#define SCRATCH_TARGET 0
#endif

/* `scratchc cc --target turbowarp` defines this to 1, and to 0 for the
 * official Scratch VM, so that code can take the shape each runtime runs
 * fastest. Natively it is 0. */
#ifndef SCRATCH_TARGET_TURBOWARP
#define SCRATCH_TARGET_TURBOWARP 0
#endif

#if !SCRATCH_TARGET
#include "scratch_native.h"
#else

#define SCRATCH_ANNOTATE(text) __attribute__((annotate(text)))

/* Runs the function when the green flag is clicked, like `main`. */
#define SCRATCH_WHEN_FLAG_CLICKED SCRATCH_ANNOTATE("scratch.when_flag_clicked")
/* Runs the function when the key is pressed: "space", "a", "left arrow"... */
#define SCRATCH_WHEN_KEY_PRESSED(key) SCRATCH_ANNOTATE("scratch.when_key_pressed:" key)
/* Runs the function when the sprite is clicked. */
#define SCRATCH_WHEN_THIS_SPRITE_CLICKED SCRATCH_ANNOTATE("scratch.when_this_sprite_clicked")
/* Makes the function's custom block run with screen refresh (not warp). */
#define SCRATCH_SCREEN_REFRESH SCRATCH_ANNOTATE("scratch.screen_refresh")

/* Places a global of type int, unsigned or double in the Scratch variable
 * `name` instead of memory: loads read the variable and stores set it. Its
 * initializer is the value saved in the project; no script resets it, so a
 * stage slider on such a variable keeps what the user chose. Ints read from
 * the variable are truncated toward zero and wrapped to 32 bits. */
#define SCRATCH_VARIABLE(name) SCRATCH_ANNOTATE("scratch.variable:" name)

/* Shows a SCRATCH_VARIABLE global as a slider on the stage, from `min` to
 * `max` (numbers). Whole-number bounds make the slider step by 1. */
#define SCRATCH_SLIDER(min, max) SCRATCH_ANNOTATE("scratch.slider:" #min ":" #max)

#define SCRATCH_CONCAT_(a, b) a##b
#define SCRATCH_CONCAT(a, b) SCRATCH_CONCAT_(a, b)
/* A file-scope declaration that shows the variable `name` on the stage as a
 * readout, for example SCRATCH_MONITOR("!!status"); */
#define SCRATCH_MONITOR(name)                                                  \
    __attribute__((used)) SCRATCH_ANNOTATE("scratch.monitor:" name) static const int \
        SCRATCH_CONCAT(scratch_monitor_, __LINE__) = 0

/* Makes a `const char *const NAME[]` global the contents of the Scratch list
 * `name`, one string per item. Such a global is not placed in memory; pass it
 * to the functions below that take `pieces`. */
#define SCRATCH_LIST(name) SCRATCH_ANNOTATE("scratch.list:" name)

/* Sets the variable to the text. */
void scratch_set_text(const char *variable, const char *text);
/* Makes the sprite say the current value of the variable. */
void scratch_say(const char *variable);

/* Deletes all items of the list. */
void scratch_list_clear(const char *list);
/* Adds the number to the end of the list. */
void scratch_list_append(const char *list, double value);
/* Returns the number of items in the list. */
int scratch_list_length(const char *list);
/* Returns item `index` (1-based) of the list as a number; 0 out of range. */
double scratch_list_item(const char *list, int index);

/* Streams one generated token: adds `token` to the list `ids` and joins item
 * `token + 1` of `pieces` onto the variable `text` (without its first letter
 * when `strip_space` is nonzero and that letter is a space). It leaves the
 * speech bubble as it is: scratch_say updates it. Natively it prints the
 * piece to standard output. */
void scratch_emit_piece(const char *ids, const char *const *pieces, const char *text, int token,
                        int strip_space);

/* Returns Scratch's timer: seconds since the project started or the timer was reset. */
double scratch_timer(void);

/* Returns a random whole number from `low` to `high`, both included. */
int scratch_random(int low, int high);

/* Returns Scratch's `round` of x: the nearest whole number, halves rounded
 * up (2.5 gives 3, -2.5 gives -2, where C's round() gives -3). One block,
 * where floor(x + 0.5) takes two. A value from -0.5 up to 0 gives -0 in
 * Scratch and 0 natively; only 1 / x and printf("%g") show the difference. */
double scratch_round(double x) __attribute__((const));

/* Append a string literal, a number or one character to the current line
 * of standard output. scratch_print_char takes a character code from 0 to
 * 255 and appends that character, codes above 127 as Latin-1. It does not
 * end the line for '\n': scratch_print_newline() does. */
void scratch_print_str(const char *text);
void scratch_print_int(int value);
void scratch_print_uint(unsigned value);
void scratch_print_char(int code);
void scratch_print_newline(void);

/* Stops the program: stores `status` in `!!exit` and stops all scripts. */
void scratch_exit(int status) __attribute__((noreturn));

#endif /* SCRATCH_TARGET */
#endif /* SCRATCH_H */
