/* divrem.c: signed and unsigned 32-bit division and remainder with negative
 * operands. C truncates toward zero, so the remainder takes the sign of the
 * dividend. The unsigned forms divide the same bit patterns. The program
 * also checks the identity (a / b) * b + a % b == a, and skips INT_MIN / -1
 * because it overflows. */
#include <limits.h>
#include <stdio.h>

static volatile const int dividends[] = {7, -7, 0, 1, -1, 100, -100, 13, INT_MAX, INT_MIN};
static volatile const int divisors[] = {1, -1, 2, -2, 3, -3, 7, -7, INT_MAX, INT_MIN};

enum { DIVIDEND_COUNT = sizeof dividends / sizeof dividends[0] };
enum { DIVISOR_COUNT = sizeof divisors / sizeof divisors[0] };

int main(void) {
    int identity_failures = 0;
    for (int i = 0; i < DIVIDEND_COUNT; i++) {
        for (int j = 0; j < DIVISOR_COUNT; j++) {
            int a = dividends[i];
            int b = divisors[j];
            unsigned ua = (unsigned)a;
            unsigned ub = (unsigned)b;
            printf("%d %d:", a, b);
            if (a == INT_MIN && b == -1) {
                printf(" sdiv=overflow");
            } else {
                int q = a / b;
                int r = a % b;
                if (q * b + r != a) identity_failures++;
                printf(" q=%d r=%d", q, r);
            }
            unsigned uq = ua / ub;
            unsigned ur = ua % ub;
            if (uq * ub + ur != ua) identity_failures++;
            printf(" uq=%u ur=%u\n", uq, ur);
        }
    }
    printf("identity failures: %d\n", identity_failures);

    /* Divisions by constants, which clang turns into multiplications by a
     * magic number and shifts. */
    int constant_sum = 0;
    unsigned unsigned_sum = 0;
    for (int i = 0; i < DIVIDEND_COUNT; i++) {
        int a = dividends[i];
        unsigned ua = (unsigned)a;
        printf("%d: /3=%d %%3=%d /-5=%d %%-5=%d /8=%d %%8=%d u/3=%u u%%10=%u u/16=%u\n", a, a / 3,
               a % 3, a / -5, a % -5, a / 8, a % 8, ua / 3u, ua % 10u, ua / 16u);
        constant_sum += a / 7 + a % 7;
        unsigned_sum += ua / 7u + ua % 7u;
    }
    printf("sums: %d %u\n", constant_sum, unsigned_sum);

    /* Digits of a negative number by repeated division. */
    int n = dividends[9];
    char digits[16];
    int length = 0;
    do {
        int digit = n % 10;
        digits[length++] = (char)('0' + (digit < 0 ? -digit : digit));
        n /= 10;
    } while (n != 0);
    printf("INT_MIN digits reversed: %.*s\n", length, digits);
    return 0;
}
