/* library_only.c: checks of scratchc's C library (c_src/libc) that have no
 * glibc counterpart to compare with: the fixed heap filling up, first-fit
 * reuse, growth in place, and the exit status of abort().
 *
 * backend/tests/libc_native.rs builds it natively against c_src/libc, with
 * the same -DSCRATCH_HEAP_SIZE for the library and this file, and expects
 * "failures: 0" and exit status 134 (abort). Each check prints one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCRATCH_HEAP_SIZE
#error "compile with -DSCRATCH_HEAP_SIZE=N, the heap size the library is built with"
#endif

/* Bytes of the header in front of every block, and of a block that holds
 * 1000 bytes: 1000 rounded up to a multiple of 8, plus the header. */
enum { HEADER_SIZE = 8, BLOCK_OF_1000 = 1000 + HEADER_SIZE };
enum { MAX_BLOCKS = SCRATCH_HEAP_SIZE / BLOCK_OF_1000 + 1 };

static int failures;

static void check(int passed, const char *description) {
    printf("%s: %s\n", passed ? "ok" : "FAILED", description);
    if (!passed) failures++;
}

/* Fills the heap with 1000-byte blocks and returns how many it took. */
static int fill_heap(char **blocks) {
    int count = 0;
    while (count < MAX_BLOCKS) {
        blocks[count] = malloc(1000);
        if (blocks[count] == NULL) break;
        memset(blocks[count], count, 1000);
        count++;
    }
    return count;
}

static void test_exhaustion(void) {
    static char *blocks[MAX_BLOCKS];
    int expected = SCRATCH_HEAP_SIZE / BLOCK_OF_1000;
    int count = fill_heap(blocks);
    printf("blocks of 1000 bytes: %d, expected %d\n", count, expected);
    check(count == expected, "malloc returns NULL exactly when the heap is full");

    /* What is left after the last full block fits one more block of its size. */
    size_t rest = SCRATCH_HEAP_SIZE - (size_t)count * BLOCK_OF_1000;
    char *last = rest > HEADER_SIZE ? malloc(rest - HEADER_SIZE) : NULL;
    check(rest <= HEADER_SIZE || last != NULL, "the rest of the heap is one more block");
    check(malloc(1) == NULL, "malloc(1) on a full heap returns NULL");
    check(calloc(1, 1) == NULL, "calloc on a full heap returns NULL");

    int intact = 1;
    for (int i = 0; i < count; i++) {
        for (int j = 0; j < 1000; j++) intact &= blocks[i][j] == (char)i;
    }
    check(intact, "blocks keep their contents when the heap is full");

    char *first = blocks[0];
    check(realloc(first, 2000) == NULL, "realloc that cannot grow returns NULL");
    check(first[0] == 0 && first[999] == 0, "the block survives a failed realloc");

    /* Freed in an order that leaves merging to later walks. */
    for (int i = 1; i < count; i += 2) free(blocks[i]);
    for (int i = 0; i < count; i += 2) free(blocks[i]);
    free(last);
    char *whole = malloc(SCRATCH_HEAP_SIZE - HEADER_SIZE);
    check(whole != NULL, "after freeing everything, one block spans the heap");
    free(whole);
    check(malloc(SCRATCH_HEAP_SIZE - HEADER_SIZE + 1) == NULL, "a block larger than the heap is NULL");
    check(calloc(SCRATCH_HEAP_SIZE, 2) == NULL, "calloc larger than the heap is NULL");
}

static void test_reuse(void) {
    char *a = malloc(100);
    char *b = malloc(100);
    char *c = malloc(100);
    check(a != NULL && b != NULL && c != NULL, "three blocks");
    check(a < b && b < c, "blocks are handed out in address order");
    check((size_t)a % 8 == 0 && (size_t)b % 8 == 0 && (size_t)c % 8 == 0, "blocks are 8-byte aligned");

    free(b);
    char *small = malloc(50);
    check(small == b, "first fit reuses the freed block");

    /* small took 56 + 8 bytes of b's 112; a 40-byte block fits in the rest. */
    char *tail = malloc(40);
    check(tail > small && tail < c, "the split rest of a block is reused");

    memcpy(a, "grow in place", 14);
    free(small);
    free(tail);
    char *grown = realloc(a, 200);
    check(grown == a, "realloc grows into the free blocks after it");
    check(strcmp(grown, "grow in place") == 0, "growth in place keeps the contents");

    char *moved = realloc(grown, 1000);
    check(moved != NULL && moved != grown, "realloc moves a block that cannot grow");
    check(moved != NULL && strcmp(moved, "grow in place") == 0, "a moved block keeps its contents");

    char *shrunk = realloc(moved, 10);
    check(shrunk == moved, "realloc shrinks in place");
    free(shrunk);
    free(c);
}

int main(void) {
    test_exhaustion();
    test_reuse();
    /* Run again: frees must have left the heap whole. */
    test_exhaustion();
    printf("failures: %d\n", failures);
    abort();
}
