/* qsort_records.c: the C library's qsort over three element types: ints
 * that include INT_MIN and INT_MAX (so the comparison must not subtract),
 * string pointers ordered by strcmp, and structs ordered by several keys.
 * Each comparison function is a total order, so the result does not depend
 * on the algorithm inside qsort, which need not be stable. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct record {
    char name[12];
    int team;
    double score;
};

static int compare_ints(const void *a, const void *b) {
    int x = *(const int *)a;
    int y = *(const int *)b;
    return (x > y) - (x < y);
}

static int compare_ints_descending(const void *a, const void *b) { return compare_ints(b, a); }

static int compare_strings(const void *a, const void *b) {
    const char *x = *(const char *const *)a;
    const char *y = *(const char *const *)b;
    return strcmp(x, y);
}

/* By team ascending, then score descending, then name ascending. */
static int compare_records(const void *a, const void *b) {
    const struct record *x = a;
    const struct record *y = b;
    if (x->team != y->team) return x->team < y->team ? -1 : 1;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->name, y->name);
}

int main(void) {
    int numbers[] = {5, -3, INT_MAX, 0, INT_MIN, 17, -3, 99, 1, -1000000, 42, INT_MAX - 1, 8, 0};
    size_t number_count = sizeof numbers / sizeof numbers[0];
    qsort(numbers, number_count, sizeof numbers[0], compare_ints);
    printf("ascending:");
    for (size_t i = 0; i < number_count; i++) printf(" %d", numbers[i]);
    putchar('\n');
    qsort(numbers, number_count, sizeof numbers[0], compare_ints_descending);
    printf("descending:");
    for (size_t i = 0; i < number_count; i++) printf(" %d", numbers[i]);
    putchar('\n');

    const char *words[] = {"pear", "apple", "fig", "Banana", "apricot", "app", "cherry",
                           "banana", "date", "Apple", "zucchini", "", "kiwi", "grape"};
    size_t word_count = sizeof words / sizeof words[0];
    qsort(words, word_count, sizeof words[0], compare_strings);
    for (size_t i = 0; i < word_count; i++) printf("word %zu: [%s]\n", i, words[i]);

    struct record records[] = {
        {"ada", 2, 91.5},   {"bob", 1, 78.0},   {"cyd", 2, 91.5},   {"dee", 3, 60.25},
        {"eve", 1, 88.75},  {"fay", 3, 99.0},   {"gus", 2, 45.5},   {"hal", 1, 78.0},
        {"ivy", 3, 60.25},  {"jon", 2, 100.0},  {"kim", 1, 12.125}, {"lea", 3, 0.5},
    };
    size_t record_count = sizeof records / sizeof records[0];
    qsort(records, record_count, sizeof records[0], compare_records);
    for (size_t i = 0; i < record_count; i++)
        printf("team %d %-4s %7.3f\n", records[i].team, records[i].name, records[i].score);

    /* A larger array: a permutation of -300..299 (277 is coprime to 600),
     * scaled by 3, sorted and checked. */
    enum { BIG = 600 };
    int *big = malloc(BIG * sizeof *big);
    if (big == NULL) return 1;
    for (int i = 0; i < BIG; i++) big[i] = ((i * 277) % BIG - BIG / 2) * 3;
    qsort(big, BIG, sizeof *big, compare_ints);
    int in_order = 1;
    for (int i = 1; i < BIG; i++)
        if (big[i - 1] >= big[i]) in_order = 0;
    printf("big: strictly increasing=%d first=%d last=%d\n", in_order, big[0], big[BIG - 1]);
    free(big);

    /* Sorting zero and one elements is allowed. */
    qsort(numbers, 0, sizeof numbers[0], compare_ints);
    qsort(numbers, 1, sizeof numbers[0], compare_ints);
    printf("first after empty sorts: %d\n", numbers[0]);
    return 0;
}
