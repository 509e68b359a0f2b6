/* Loops: nested loops, break and continue, early return from inside a loop,
 * a while loop with two exits, do-while, and loops counting down. */
#include "show.h"

/* Non-const globals, so clang cannot fold the loops away. */
int starts[] = {1, 6, 27, 97, 871};
int weights[] = {9, 14, 3, 27, 41, 8, 2, 33, 16, 5};
int weight_count = 10;

/* Returns the first i < limit with (start + i * step) % 7 == 3, or -1. */
__attribute__((noinline)) int find_first(int start, int step, int limit) {
    for (int i = 0; i < limit; i++) {
        if ((start + i * step) % 7 == 3) return i;
    }
    return -1;
}

/* Returns the Collatz step count of n, or minus max_steps when it takes longer. */
__attribute__((noinline)) int collatz_steps(unsigned n, int max_steps) {
    int steps = 0;
    while (n != 1) {
        if (steps == max_steps) return -steps;
        n = (n & 1) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

/* Sums weights while the total stays within `cap`. The loop leaves either at
 * the end of the array or through the break. Returns index reached * 1000 + sum. */
__attribute__((noinline)) int sum_until(int cap) {
    int i = 0;
    int sum = 0;
    while (i < weight_count) {
        if (sum + weights[i] > cap) break;
        sum += weights[i];
        i++;
    }
    return i * 1000 + sum;
}

__attribute__((noinline)) int digit_sum(unsigned n) {
    int sum = 0;
    do {
        sum += n % 10;
        n /= 10;
    } while (n != 0);
    return sum;
}

int main(void) {
    for (int k = 0; k < 5; k++) {
        SHOW("find_first ", find_first(starts[k], k + 2, 10));
        SHOW("find_first none ", find_first(starts[k] * 7, 7, 6));
    }
    for (int k = 0; k < 5; k++) {
        SHOW("collatz ", collatz_steps((unsigned)starts[k], 200));
        SHOW("collatz capped ", collatz_steps((unsigned)starts[k], 20));
    }
    SHOW("sum_until 0 ", sum_until(0));
    SHOW("sum_until 50 ", sum_until(50));
    SHOW("sum_until 1000 ", sum_until(1000));

    /* Nested loops: skip rows divisible by 3, stop a row once i * j passes 60. */
    int pairs = 0;
    unsigned checksum = 0;
    for (int i = 1; i < 20; i++) {
        if (i % 3 == 0) continue;
        for (int j = i + 1; j < 30; j++) {
            if (i * j > 60) break;
            if ((i + j) % 4 == 0) continue;
            pairs++;
            checksum = checksum * 31u + (unsigned)(i * 100 + j);
        }
    }
    SHOW("pairs ", pairs);
    SHOW("pairs checksum ", (int)checksum);

    /* Three nested loops with a counted inner body. */
    int cube = 0;
    for (int a = 0; a < 6; a++)
        for (int b = a; b < 6; b++)
            for (int c = b; c < 6; c++) cube += a * 36 + b * 6 + c;
    SHOW("cube ", cube);

    /* Counting down with an unsigned index that stops at zero. */
    unsigned down = 0;
    for (unsigned u = 10; u-- > 0;) down = down * 3 + u;
    SHOW("down ", (int)down);

    for (int k = 0; k < 5; k++) SHOW("digit_sum ", digit_sum((unsigned)starts[k] * 12345u));
    SHOW("digit_sum max ", digit_sum(4294967295u));
    return 0;
}
