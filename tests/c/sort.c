/* Sorting: bubble sort with an early exit, insertion sort, and selection
 * sort on unsigned values above 2^31, over arrays filled by an LCG. */
#include "scratch.h"

enum { COUNT = 40 };

int numbers[COUNT];
int copy[COUNT];
unsigned unsigned_numbers[COUNT];
unsigned seed = 12345u;

__attribute__((noinline)) unsigned next_random(void) {
    seed = seed * 1103515245u + 12345u;
    return seed;
}

/* Returns the number of passes made. */
__attribute__((noinline)) int bubble_sort(int *values, int count) {
    int passes = 0;
    for (int end = count - 1; end > 0; end--) {
        int swapped = 0;
        passes++;
        for (int i = 0; i < end; i++) {
            if (values[i] > values[i + 1]) {
                int t = values[i];
                values[i] = values[i + 1];
                values[i + 1] = t;
                swapped = 1;
            }
        }
        if (!swapped) break;
    }
    return passes;
}

/* Returns the number of element moves. */
__attribute__((noinline)) int insertion_sort(int *values, int count) {
    int moves = 0;
    for (int i = 1; i < count; i++) {
        int key = values[i];
        int j = i - 1;
        while (j >= 0 && values[j] > key) {
            values[j + 1] = values[j];
            j--;
            moves++;
        }
        values[j + 1] = key;
    }
    return moves;
}

__attribute__((noinline)) void selection_sort_unsigned(unsigned *values, int count) {
    for (int i = 0; i < count - 1; i++) {
        int smallest = i;
        for (int j = i + 1; j < count; j++)
            if (values[j] < values[smallest]) smallest = j;
        unsigned t = values[i];
        values[i] = values[smallest];
        values[smallest] = t;
    }
}

__attribute__((noinline)) int count_inversions(const int *values, int count) {
    int inversions = 0;
    for (int i = 0; i < count; i++)
        for (int j = i + 1; j < count; j++)
            if (values[i] > values[j]) inversions++;
    return inversions;
}

int main(void) {
    for (int i = 0; i < COUNT; i++) {
        /* Values from -500 to 499, with repeats. */
        numbers[i] = (int)((next_random() >> 16) % 1000u) - 500;
        copy[i] = numbers[i];
        unsigned_numbers[i] = next_random();
    }
    scratch_print_str("inversions ");
    scratch_print_int(count_inversions(numbers, COUNT));
    scratch_print_newline();

    scratch_print_str("bubble passes ");
    scratch_print_int(bubble_sort(numbers, COUNT));
    scratch_print_newline();
    scratch_print_str("insertion moves ");
    scratch_print_int(insertion_sort(copy, COUNT));
    scratch_print_newline();
    scratch_print_str("bubble passes sorted ");
    scratch_print_int(bubble_sort(numbers, COUNT));
    scratch_print_newline();
    selection_sort_unsigned(unsigned_numbers, COUNT);

    int mismatches = 0;
    for (int i = 0; i < COUNT; i++) {
        if (numbers[i] != copy[i]) mismatches++;
        scratch_print_int(numbers[i]);
        scratch_print_str(" ");
        scratch_print_uint(unsigned_numbers[i]);
        scratch_print_newline();
    }
    scratch_print_str("mismatches ");
    scratch_print_int(mismatches);
    scratch_print_newline();
    return 0;
}
