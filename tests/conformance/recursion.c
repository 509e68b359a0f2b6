/* recursion.c: recursive functions. It runs naive Fibonacci (two calls per
 * level), Ackermann's function for small arguments (A(2,3) = 9, A(3,3) =
 * 61), mutual recursion, the towers of Hanoi, Euclid's gcd and subset sums
 * by include/exclude recursion. One recursion goes 1000 calls deep, and each
 * frame keeps a local array alive across its call. Call counters show how
 * much work ran. */
#include <stdio.h>

static long call_count;

static int fibonacci(int n) {
    call_count++;
    if (n < 2) return n;
    return fibonacci(n - 1) + fibonacci(n - 2);
}

static int ackermann(int m, int n) {
    call_count++;
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_odd(unsigned n);

static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* Moves n disks from peg `from` to peg `to`, printing the first moves and
 * returning the number of moves. */
static int hanoi(int n, char from, char to, char spare, int *printed) {
    if (n == 0) return 0;
    int moves = hanoi(n - 1, from, spare, to, printed);
    if (*printed < 7) {
        printf("  move disk %d from %c to %c\n", n, from, to);
        (*printed)++;
    }
    moves++;
    moves += hanoi(n - 1, spare, to, from, printed);
    return moves;
}

static unsigned gcd(unsigned a, unsigned b) { return b == 0 ? a : gcd(b, a % b); }

/* Counts the subsets of values[index..count) whose sum is target. */
static int count_subsets(const int *values, int count, int index, int target) {
    if (index == count) return target == 0;
    return count_subsets(values, count, index + 1, target - values[index]) +
           count_subsets(values, count, index + 1, target);
}

/* Each frame fills a local array before the call and reads it after, so the
 * frames must really be kept apart. */
static int deep_sum(int depth) {
    int local[4];
    for (int i = 0; i < 4; i++) local[i] = depth * 4 + i;
    int below = depth == 0 ? 0 : deep_sum(depth - 1);
    return below + local[0] + local[1] + local[2] + local[3] - 6 * depth;
}

int main(void) {
    for (int n = 0; n <= 20; n += 4) {
        call_count = 0;
        int value = fibonacci(n);
        printf("fib(%d) = %d with %ld calls\n", n, value, call_count);
    }

    for (int m = 0; m <= 3; m++) {
        for (int n = 0; n <= 4; n++) {
            if (m == 3 && n == 4) break;
            call_count = 0;
            int value = ackermann(m, n);
            printf("A(%d,%d) = %d with %ld calls\n", m, n, value, call_count);
        }
    }

    printf("even/odd: %d %d %d %d\n", is_even(0), is_even(7), is_odd(99), is_even(500));

    int printed = 0;
    printf("hanoi with 10 disks:\n");
    int moves = hanoi(10, 'A', 'C', 'B', &printed);
    printf("  %d moves\n", moves);

    printf("gcd: %u %u %u %u\n", gcd(1071, 462), gcd(17, 5), gcd(0, 9), gcd(4294967295u, 65535u));

    const int values[] = {3, 34, 4, 12, 5, 2, 7, 9, 11, 1, 8, 6};
    for (int target = 0; target <= 40; target += 10)
        printf("subsets summing to %d: %d\n", target, count_subsets(values, 12, 0, target));

    printf("deep_sum(1000) = %d\n", deep_sum(1000));
    return 0;
}
