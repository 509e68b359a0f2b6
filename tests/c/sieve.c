/* The sieve of Eratosthenes up to 1000. main returns the prime count
 * (168), so the exit code is checked too. */
#include "scratch.h"

enum { LIMIT = 1000 };

int composite[LIMIT + 1];

int main(void) {
    for (int i = 2; i * i <= LIMIT; i++) {
        if (composite[i]) continue;
        for (int j = i * i; j <= LIMIT; j += i) composite[j] = 1;
    }

    int count = 0;
    int sum = 0;
    int twins = 0;
    int largest_gap = 0;
    int previous = 0;
    for (int n = 2; n <= LIMIT; n++) {
        if (composite[n]) continue;
        count++;
        sum += n;
        if (n < 100) {
            scratch_print_int(n);
            scratch_print_newline();
        }
        if (previous != 0) {
            if (n - previous == 2) twins++;
            if (n - previous > largest_gap) largest_gap = n - previous;
        }
        previous = n;
    }
    scratch_print_str("count ");
    scratch_print_int(count);
    scratch_print_newline();
    scratch_print_str("sum ");
    scratch_print_int(sum);
    scratch_print_newline();
    scratch_print_str("twin pairs ");
    scratch_print_int(twins);
    scratch_print_newline();
    scratch_print_str("largest gap ");
    scratch_print_int(largest_gap);
    scratch_print_newline();
    scratch_print_str("largest prime ");
    scratch_print_int(previous);
    scratch_print_newline();
    return count;
}
