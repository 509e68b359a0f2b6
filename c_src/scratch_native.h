/* scratch_native.h: the native twin of scratch.h.
 *
 * Implements the scratch.h functions in plain C so that a program written for
 * Scratch also builds natively (`clang-19 -m32`, the same 32-bit data model)
 * and prints what its Scratch build prints. Include scratch.h, not this file.
 *
 * Lists live in a small table keyed by name. Variables marked SCRATCH_VARIABLE
 * are ordinary globals here. Calling scratch_print_list() after a run prints
 * a list as `NAME: item item ...`, the format `scratchc run --print-list` uses.
 */
#ifndef SCRATCH_NATIVE_H
#define SCRATCH_NATIVE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SCRATCH_WHEN_FLAG_CLICKED
#define SCRATCH_WHEN_KEY_PRESSED(key)
#define SCRATCH_WHEN_THIS_SPRITE_CLICKED
#define SCRATCH_SCREEN_REFRESH
#define SCRATCH_VARIABLE(name)
#define SCRATCH_LIST(name)
#define SCRATCH_SLIDER(min, max)
#define SCRATCH_MONITOR(name) extern int scratch_native_monitor_unused

enum { SCRATCH_NATIVE_MAX_LISTS = 32 };

struct scratch_native_list {
    const char *name;
    double *items;
    int length;
    int capacity;
};

static struct scratch_native_list scratch_native_lists[SCRATCH_NATIVE_MAX_LISTS];
/* Whether the last character written to standard output ended a line. */
static int scratch_native_at_line_start = 1;

static struct scratch_native_list *scratch_native_find_list(const char *name) {
    for (int i = 0; i < SCRATCH_NATIVE_MAX_LISTS; i++) {
        struct scratch_native_list *list = &scratch_native_lists[i];
        if (list->name == NULL) {
            list->name = name;
            return list;
        }
        if (strcmp(list->name, name) == 0) return list;
    }
    fprintf(stderr, "scratch_native: more than %d lists\n", SCRATCH_NATIVE_MAX_LISTS);
    exit(70);
}

static void scratch_native_write(const char *text) {
    size_t length = strlen(text);
    if (length == 0) return;
    fputs(text, stdout);
    fflush(stdout);
    scratch_native_at_line_start = text[length - 1] == '\n';
}

static inline void scratch_set_text(const char *variable, const char *text) {
    (void)variable;
    (void)text;
}

static inline void scratch_say(const char *variable) { (void)variable; }

static inline void scratch_list_clear(const char *list) {
    scratch_native_find_list(list)->length = 0;
}

static inline void scratch_list_append(const char *name, double value) {
    struct scratch_native_list *list = scratch_native_find_list(name);
    if (list->length == list->capacity) {
        list->capacity = list->capacity ? 2 * list->capacity : 64;
        list->items = realloc(list->items, (size_t)list->capacity * sizeof(double));
        if (list->items == NULL) {
            fprintf(stderr, "scratch_native: out of memory\n");
            exit(70);
        }
    }
    list->items[list->length++] = value;
}

static inline int scratch_list_length(const char *list) {
    return scratch_native_find_list(list)->length;
}

static inline double scratch_list_item(const char *name, int index) {
    struct scratch_native_list *list = scratch_native_find_list(name);
    if (index < 1 || index > list->length) return 0;
    return list->items[index - 1];
}

static inline void scratch_emit_piece(const char *ids, const char *const *pieces,
                                      const char *text, int token, int strip_space) {
    (void)text;
    scratch_list_append(ids, token);
    const char *piece = pieces[token];
    if (strip_space && piece[0] == ' ') piece++;
    scratch_native_write(piece);
}

static inline double scratch_timer(void) {
    return (double)clock() / CLOCKS_PER_SEC;
}

static inline int scratch_random(int low, int high) {
    static int seeded;
    if (!seeded) {
        srand((unsigned)time(NULL));
        seeded = 1;
    }
    return low + (int)((double)rand() / ((double)RAND_MAX + 1.0) * ((double)high - low + 1.0));
}

/* Returns Math.round(x), but 0 where Scratch gives -0. It compares x - floor(x),
 * exact for |x| < 2^52, with 0.5, because floor(x + 0.5) rounds
 * 0.49999999999999994 up to 1. */
static inline double scratch_round(double x) {
    double below = floor(x);
    return x - below >= 0.5 ? below + 1.0 : below;
}

static inline void scratch_print_str(const char *text) { scratch_native_write(text); }

static inline void scratch_print_int(int value) {
    char text[16];
    snprintf(text, sizeof text, "%d", value);
    scratch_native_write(text);
}

static inline void scratch_print_uint(unsigned value) {
    char text[16];
    snprintf(text, sizeof text, "%u", value);
    scratch_native_write(text);
}

static inline void scratch_print_char(int code) {
    char text[2] = {(char)code, 0};
    scratch_native_write(text);
}

static inline void scratch_print_newline(void) { scratch_native_write("\n"); }

static inline void scratch_exit(int status) { exit(status); }

/* Prints the list as `NAME: item item ...` on a line of its own. */
static inline void scratch_print_list(const char *name) {
    struct scratch_native_list *list = scratch_native_find_list(name);
    if (!scratch_native_at_line_start) scratch_native_write("\n");
    printf("%s:", name);
    for (int i = 0; i < list->length; i++) printf(" %.17g", list->items[i]);
    printf("\n");
    fflush(stdout);
    scratch_native_at_line_start = 1;
}

#endif /* SCRATCH_NATIVE_H */
