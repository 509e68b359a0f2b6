/* show.h: prints one labelled value per line of the list `stdout`, for the
 * differential test programs in this folder. */
#ifndef SHOW_H
#define SHOW_H

#include "scratch.h"

/* Prints `label` followed by the int `value` as one line. */
#define SHOW(label, value)                                                                         \
    do {                                                                                           \
        scratch_print_str(label);                                                                  \
        scratch_print_int(value);                                                                  \
        scratch_print_newline();                                                                   \
    } while (0)

/* Prints `label` followed by the unsigned `value` as one line. */
#define SHOW_U(label, value)                                                                       \
    do {                                                                                           \
        scratch_print_str(label);                                                                  \
        scratch_print_uint(value);                                                                 \
        scratch_print_newline();                                                                   \
    } while (0)

#endif /* SHOW_H */
