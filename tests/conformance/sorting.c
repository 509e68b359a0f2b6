/* sorting.c: a hand-written quicksort and a top-down merge sort over the
 * same pseudo-random ints, duplicates and negative values included. The
 * quicksort uses median of three, insertion sort for short ranges and
 * recursion on the smaller side. Both results must be sorted, agree with each
 * other and keep the multiset of values (checked by sum and xor). */
#include <stdio.h>
#include <string.h>

enum { COUNT = 1500 };

static int original[COUNT];
static int by_quicksort[COUNT];
static int by_merge_sort[COUNT];
static int merge_buffer[COUNT];

static unsigned random_state = 12345u;

/* A 32-bit linear congruential generator. Its low bits have short periods,
 * so only the high 24 bits are used. */
static int next_random(void) {
    random_state = random_state * 1664525u + 1013904223u;
    return (int)(random_state >> 8) % 20001 - 10000;
}

static void swap(int *a, int *b) {
    int t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(int *values, int low, int high) {
    for (int i = low + 1; i <= high; i++) {
        int key = values[i];
        int j = i - 1;
        while (j >= low && values[j] > key) {
            values[j + 1] = values[j];
            j--;
        }
        values[j + 1] = key;
    }
}

/* Sorts values[low..high] (inclusive). */
static void quicksort(int *values, int low, int high) {
    while (high - low > 12) {
        int middle = low + (high - low) / 2;
        if (values[middle] < values[low]) swap(&values[middle], &values[low]);
        if (values[high] < values[low]) swap(&values[high], &values[low]);
        if (values[high] < values[middle]) swap(&values[high], &values[middle]);
        int pivot = values[middle];

        /* Hoare partition: afterwards values[low..j] <= pivot <= values[j+1..high]. */
        int i = low - 1;
        int j = high + 1;
        for (;;) {
            do i++; while (values[i] < pivot);
            do j--; while (values[j] > pivot);
            if (i >= j) break;
            swap(&values[i], &values[j]);
        }

        /* Recurse into the smaller part and loop on the larger one, which
         * bounds the recursion depth by log2(COUNT). */
        if (j - low < high - j) {
            quicksort(values, low, j);
            low = j + 1;
        } else {
            quicksort(values, j + 1, high);
            high = j;
        }
    }
    insertion_sort(values, low, high);
}

/* Sorts values[low..high) using buffer as scratch space. */
static void merge_sort(int *values, int *buffer, int low, int high) {
    if (high - low < 2) return;
    int middle = low + (high - low) / 2;
    merge_sort(values, buffer, low, middle);
    merge_sort(values, buffer, middle, high);

    int left = low;
    int right = middle;
    int out = low;
    while (left < middle && right < high)
        buffer[out++] = values[right] < values[left] ? values[right++] : values[left++];
    while (left < middle) buffer[out++] = values[left++];
    while (right < high) buffer[out++] = values[right++];
    memcpy(values + low, buffer + low, (size_t)(high - low) * sizeof values[0]);
}

static int is_sorted(const int *values, int count) {
    for (int i = 1; i < count; i++)
        if (values[i - 1] > values[i]) return 0;
    return 1;
}

static void print_summary(const char *name, const int *values) {
    long long sum = 0;
    unsigned mixed = 0;
    for (int i = 0; i < COUNT; i++) {
        sum += values[i];
        mixed ^= (unsigned)values[i] * 2654435761u;
    }
    printf("%s: sorted=%d sum=%lld xor=%08x first=%d last=%d middle=%d\n", name,
           is_sorted(values, COUNT), sum, mixed, values[0], values[COUNT - 1],
           values[COUNT / 2]);
}

int main(void) {
    for (int i = 0; i < COUNT; i++) original[i] = next_random();
    /* A run of equal values and an already sorted stretch. */
    for (int i = 100; i < 160; i++) original[i] = 42;
    for (int i = 500; i < 600; i++) original[i] = i - 550;

    memcpy(by_quicksort, original, sizeof original);
    memcpy(by_merge_sort, original, sizeof original);
    quicksort(by_quicksort, 0, COUNT - 1);
    merge_sort(by_merge_sort, merge_buffer, 0, COUNT);

    printf("first unsorted values:");
    for (int i = 0; i < 10; i++) printf(" %d", original[i]);
    putchar('\n');
    print_summary("unsorted", original);
    print_summary("quicksort", by_quicksort);
    print_summary("merge sort", by_merge_sort);
    printf("results equal: %d\n",
           memcmp(by_quicksort, by_merge_sort, sizeof by_quicksort) == 0);

    printf("every 100th value:");
    for (int i = 0; i < COUNT; i += 100) printf(" %d", by_quicksort[i]);
    putchar('\n');

    int distinct = 1;
    for (int i = 1; i < COUNT; i++)
        if (by_quicksort[i] != by_quicksort[i - 1]) distinct++;
    printf("distinct values: %d\n", distinct);

    /* Sorting already sorted and reversed input. */
    for (int i = 0; i < COUNT; i++) by_quicksort[i] = COUNT - i;
    quicksort(by_quicksort, 0, COUNT - 1);
    printf("reversed input sorted: %d first=%d last=%d\n", is_sorted(by_quicksort, COUNT),
           by_quicksort[0], by_quicksort[COUNT - 1]);
    quicksort(by_quicksort, 0, COUNT - 1);
    printf("sorted input still sorted: %d\n", is_sorted(by_quicksort, COUNT));
    return 0;
}
