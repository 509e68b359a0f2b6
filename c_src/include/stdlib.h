/* stdlib.h: memory allocation, number parsing, sorting and exit for
 * programs that scratchc compiles.
 *
 * malloc and its relatives take memory from a fixed heap inside the
 * program's data, SCRATCH_HEAP_SIZE bytes (65536 unless the library is
 * compiled with another value). They return NULL when it is full. Blocks
 * are aligned to 8 bytes.
 */
#ifndef SCRATCH_LIBC_STDLIB_H
#define SCRATCH_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *block, size_t size);
void free(void *block);

int abs(int value);
long labs(long value);
int atoi(const char *text);
long atol(const char *text);
/* strtol and strtoul clamp an out-of-range value to their type's limits,
 * as C requires, but they set no errno: this library has none. */
long strtol(const char *restrict text, char **restrict end, int base);
unsigned long strtoul(const char *restrict text, char **restrict end, int base);

/* Sorts with heapsort: O(n log n) comparisons, no recursion, not stable. */
void qsort(void *base, size_t count, size_t size, int (*compare)(const void *, const void *));

/* Stops the program with `status` as its exit code, stored in `!!exit`. */
void exit(int status) __attribute__((noreturn));
/* Stops the program with exit code 134, the code of a native SIGABRT. */
void abort(void) __attribute__((noreturn));

#endif /* SCRATCH_LIBC_STDLIB_H */
