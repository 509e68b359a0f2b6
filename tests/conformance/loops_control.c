/* loops_control.c: loop forms and their exits. It covers for, while and
 * do-while (which runs its body at least once), loops that run zero times,
 * break and continue in nested loops, goto out of two loops, and early return
 * from a loop. Counters count down with unsigned (i-- > 0), wrap at UINT_MAX
 * or stop at INT_MAX. Also the comma operator in a for header, and Collatz
 * sequences whose length depends on the data. */
#include <limits.h>
#include <stdio.h>

/* Returns the index of the first pair (i, j), i < j, with values[i] +
 * values[j] == target, encoded as i * 100 + j, or -1. */
static int find_pair(const int *values, int count, int target) {
    for (int i = 0; i < count; i++)
        for (int j = i + 1; j < count; j++)
            if (values[i] + values[j] == target) return i * 100 + j;
    return -1;
}

static int collatz_length(unsigned n) {
    int steps = 0;
    while (n != 1) {
        n = n % 2 == 0 ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}

static volatile const int limits[] = {0, 1, 5, -3};

int main(void) {
    /* Zero-trip loops and a do-while that still runs once. */
    int runs = 0;
    for (int i = 0; i < limits[0]; i++) runs++;
    while (runs < limits[3]) runs++;
    int do_runs = 0;
    do do_runs++; while (do_runs < limits[0]);
    printf("zero-trip runs: %d, do-while runs: %d\n", runs, do_runs);

    /* continue skips multiples of 3, break stops past 40. */
    int sum = 0;
    int last = 0;
    for (int i = 1;; i++) {
        if (i % 3 == 0) continue;
        if (i > 40) break;
        sum += i;
        last = i;
    }
    printf("sum without multiples of 3 up to 40: %d (last %d)\n", sum, last);

    /* break leaves only the inner loop. */
    int inner_total = 0;
    for (int i = 0; i < 6; i++) {
        for (int j = 0; j < 6; j++) {
            if (j > i) break;
            if ((i + j) % 2 != 0) continue;
            inner_total += i * 10 + j;
        }
    }
    printf("inner loop total: %d\n", inner_total);

    /* goto leaves both loops at once. */
    int found_i = -1;
    int found_j = -1;
    for (int i = 1; i < 50; i++) {
        for (int j = i; j < 50; j++) {
            if (i * i + j * j == 25 * 25 && i > 10) {
                found_i = i;
                found_j = j;
                goto found;
            }
        }
    }
found:
    printf("first i > 10 with i^2 + j^2 = 625: %d %d\n", found_i, found_j);

    const int values[] = {8, 3, 12, 7, -4, 19, 5, 0};
    printf("pairs: %d %d %d %d\n", find_pair(values, 8, 15), find_pair(values, 8, 1),
           find_pair(values, 8, 24), find_pair(values, 8, 100));

    /* Counting down with an unsigned counter. */
    unsigned countdown_sum = 0;
    int countdown_steps = 0;
    for (unsigned i = (unsigned)limits[2] * 2; i-- > 0;) {
        countdown_sum = countdown_sum * 10 + i;
        countdown_steps++;
    }
    printf("countdown: %u in %d steps\n", countdown_sum, countdown_steps);

    /* A counter that wraps from UINT_MAX to 0, and one that stops at INT_MAX
     * without overflowing. */
    int wrap_steps = 0;
    for (unsigned u = UINT_MAX - 3; u != 3; u++) wrap_steps++;
    int top_steps = 0;
    for (int i = INT_MAX - 5;; i++) {
        top_steps++;
        if (i == INT_MAX) break;
    }
    printf("wrap steps: %d, steps up to INT_MAX: %d\n", wrap_steps, top_steps);

    /* The comma operator: two variables moving toward each other. */
    int meetings = 0;
    int left = 0;
    int right = 0;
    for (left = 0, right = 30; left < right; left += 2, right -= 3) meetings++;
    printf("comma loop: %d steps, left=%d right=%d\n", meetings, left, right);

    /* Collatz lengths: the longest chain below 1000 and a small table. */
    int longest = 0;
    unsigned longest_start = 0;
    long total_steps = 0;
    for (unsigned n = 1; n < 1000; n++) {
        int length = collatz_length(n);
        total_steps += length;
        if (length > longest) {
            longest = length;
            longest_start = n;
        }
    }
    printf("longest Collatz chain below 1000: %u with %d steps (total %ld)\n", longest_start,
           longest, total_steps);
    printf("lengths 1..15:");
    for (unsigned n = 1; n <= 15; n++) printf(" %d", collatz_length(n));
    putchar('\n');

    /* A while loop whose condition has a side effect. */
    int reads = 0;
    const char *digits = "31415926535";
    int digit_sum = 0;
    while (digits[reads++] != '\0') digit_sum += digits[reads - 1] - '0';
    printf("digit sum %d after %d reads\n", digit_sum, reads);
    return 0;
}
