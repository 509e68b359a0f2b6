/* sieve.c: the sieve of Eratosthenes up to 20000 over a global bool array.
 * It prints the primes below 200, the count below each power of ten, twin
 * primes, the largest gap and a checksum, and counts Goldbach partitions of
 * a few even numbers. */
#include <stdbool.h>
#include <stdio.h>

enum { LIMIT = 20000 };

static bool is_composite[LIMIT + 1];

int main(void) {
    is_composite[0] = true;
    is_composite[1] = true;
    for (int p = 2; p * p <= LIMIT; p++) {
        if (is_composite[p]) continue;
        for (int multiple = p * p; multiple <= LIMIT; multiple += p) is_composite[multiple] = true;
    }

    printf("primes below 200:\n");
    int on_line = 0;
    for (int n = 2; n < 200; n++) {
        if (is_composite[n]) continue;
        printf("%4d", n);
        if (++on_line == 10) {
            putchar('\n');
            on_line = 0;
        }
    }
    if (on_line != 0) putchar('\n');

    int count = 0;
    int next_power = 10;
    int twin_pairs = 0;
    int largest_gap = 0;
    int gap_start = 0;
    int previous = 0;
    unsigned checksum = 0;
    for (int n = 2; n <= LIMIT; n++) {
        if (n == next_power) {
            printf("primes below %d: %d\n", n, count);
            next_power *= 10;
        }
        if (is_composite[n]) continue;
        count++;
        checksum = checksum * 31u + (unsigned)n;
        if (previous != 0) {
            if (n - previous == 2) twin_pairs++;
            if (n - previous > largest_gap) {
                largest_gap = n - previous;
                gap_start = previous;
            }
        }
        previous = n;
    }
    printf("primes up to %d: %d\n", LIMIT, count);
    printf("largest prime: %d\n", previous);
    printf("twin prime pairs: %d\n", twin_pairs);
    printf("largest gap: %d after %d\n", largest_gap, gap_start);
    printf("checksum: %u\n", checksum);

    /* Goldbach: the number of ways to write a few even numbers as a sum of
     * two primes. */
    for (int even = 100; even <= LIMIT; even *= 3) {
        int ways = 0;
        for (int p = 2; p <= even / 2; p++)
            if (!is_composite[p] && !is_composite[even - p]) ways++;
        printf("%d = p + q in %d ways\n", even, ways);
    }
    return 0;
}
