/* pointer_arith.c: pointer arithmetic over arrays of char, short, int,
 * long long, double and structs. It steps pointers, takes differences
 * (ptrdiff_t) and byte distances through uintptr_t, compares pointers into
 * one array and indexes backwards from a middle pointer. Also pointers to
 * pointers and pointers to arrays (int (*)[4]) over a 2-D array. Only
 * differences are printed, never an address. The byte distances follow the
 * i386 layout: long long and double take 8 bytes, and a struct of a short
 * and an int takes 8. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pair {
    short tag;
    int value;
};

static int sum_range(const int *begin, const int *end) {
    int sum = 0;
    while (begin < end) sum += *begin++;
    return sum;
}

static void swap_pointers(int **a, int **b) {
    int *t = *a;
    *a = *b;
    *b = t;
}

static int sum_rows(int (*rows)[4], int row_count) {
    int sum = 0;
    for (int (*row)[4] = rows; row < rows + row_count; row++)
        for (int *cell = *row; cell < *row + 4; cell++) sum += *cell;
    return sum;
}

int main(void) {
    char chars[16];
    short shorts[16];
    int ints[16];
    long long longs[16];
    double doubles[16];
    struct pair pairs[16];
    for (int i = 0; i < 16; i++) {
        chars[i] = (char)('a' + i);
        shorts[i] = (short)(i * -100);
        ints[i] = i * i;
        longs[i] = (long long)i << 40;
        doubles[i] = i / 4.0;
        pairs[i].tag = (short)i;
        pairs[i].value = 1000 - i;
    }

    printf("byte distances of element 5: char %u short %u int %u long long %u double %u pair %u\n",
           (unsigned)((uintptr_t)&chars[5] - (uintptr_t)chars),
           (unsigned)((uintptr_t)&shorts[5] - (uintptr_t)shorts),
           (unsigned)((uintptr_t)&ints[5] - (uintptr_t)ints),
           (unsigned)((uintptr_t)&longs[5] - (uintptr_t)longs),
           (unsigned)((uintptr_t)&doubles[5] - (uintptr_t)doubles),
           (unsigned)((uintptr_t)&pairs[5] - (uintptr_t)pairs));

    char *c = chars + 3;
    short *s = shorts + 3;
    int *p = ints + 3;
    long long *l = longs + 3;
    double *d = doubles + 3;
    struct pair *q = pairs + 3;
    c += 4;
    s += 4;
    p += 4;
    l += 4;
    d += 4;
    q += 4;
    printf("after +3+4: %c %d %d %lld %.2f %d/%d\n", *c, *s, *p, *l, *d, q->tag, q->value);
    printf("negative indices: %c %d %d %lld %.2f %d\n", c[-7], s[-2], p[-3], l[-1] >> 40, d[-6],
           q[-5].value);
    printf("differences: %td %td %td %td\n", c - chars, &ints[15] - p, p - &ints[15], q - pairs);
    printf("comparisons: %d %d %d %d\n", p > ints, p < ints + 7, p == &ints[7], p != ints + 8);

    /* A pointer one past the end may be formed and compared, not read. */
    int *end = ints + 16;
    printf("sum of all ints: %d, of 4..7: %d, of empty range: %d\n", sum_range(ints, end),
           sum_range(ints + 4, ints + 8), sum_range(end, end));

    printf("sizeof array %zu, sizeof pointer %zu, element count %zu\n", sizeof ints, sizeof p,
           sizeof ints / sizeof ints[0]);

    /* Walk a string with a char pointer and count until the terminator. */
    const char *text = "pointer walk";
    const char *cursor = text;
    while (*cursor != '\0') cursor++;
    printf("length by walking: %td, last char '%c'\n", cursor - text, cursor[-1]);

    /* Pointers to pointers. */
    int first = 1;
    int second = 2;
    int *a = &first;
    int *b = &second;
    int **handle = &a;
    **handle = 10;
    swap_pointers(&a, &b);
    *a += 5;
    printf("first=%d second=%d *a=%d *b=%d\n", first, second, *a, *b);

    int *table[3] = {&ints[1], &ints[4], &ints[9]};
    int **walker = table;
    int product = 1;
    for (int i = 0; i < 3; i++) product *= **walker++;
    printf("product through pointer table: %d\n", product);

    /* A 2-D array through pointers to its rows. */
    int grid[5][4];
    for (int r = 0; r < 5; r++)
        for (int col = 0; col < 4; col++) grid[r][col] = r * 10 + col;
    int (*row)[4] = grid + 2;
    printf("row 2: %d %d %d %d, row 3 col 1: %d\n", (*row)[0], (*row)[1], row[0][2], row[0][3],
           row[1][1]);
    printf("sum of rows: %d, sum of last two: %d\n", sum_rows(grid, 5), sum_rows(grid + 3, 2));
    int *flat = &grid[0][0];
    printf("flat index 13: %d, row distance %td ints\n", flat[13], &grid[3][0] - &grid[1][0]);

    /* offsetof and member pointers inside a struct array. */
    struct pair *middle = &pairs[8];
    int *value_pointer = &middle->value;
    printf("offsetof value %zu, value via pointer %d, tag of next %d\n",
           offsetof(struct pair, value), *value_pointer, (middle + 1)->tag);
    return 0;
}
