/* conditionals_bool.c: conditional expressions and bool. min, max, clamp and
 * sign are written with nested ?:, and a conditional picks the pointer to
 * assign through. Inside ?: the usual arithmetic conversions apply, so int
 * and unsigned give unsigned. Also conversions of ints, doubles and pointers
 * to bool, bool arithmetic, and short-circuit && and || with counted side
 * effects. */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

static volatile const int samples[] = {-100, -1, 0, 1, 7, 100, INT_MIN, INT_MAX};
enum { SAMPLE_COUNT = sizeof samples / sizeof samples[0] };

static int evaluations;

static bool check(bool value) {
    evaluations++;
    return value;
}

static int minimum(int a, int b) { return a < b ? a : b; }
static int maximum(int a, int b) { return a > b ? a : b; }
static int clamp(int x, int low, int high) { return x < low ? low : x > high ? high : x; }
static int sign(int x) { return x > 0 ? 1 : x < 0 ? -1 : 0; }

static const char *describe(int x) {
    return x == 0              ? "zero"
           : x < 0 && x % 2    ? "negative odd"
           : x < 0             ? "negative even"
           : x % 2             ? "positive odd"
                               : "positive even";
}

/* Picks with a mask instead of a branch: all ones when condition is true. */
static int select_by_mask(bool condition, int if_true, int if_false) {
    unsigned mask = 0u - (unsigned)condition;
    return (int)(((unsigned)if_true & mask) | ((unsigned)if_false & ~mask));
}

int main(void) {
    for (int i = 0; i < SAMPLE_COUNT; i++) {
        int x = samples[i];
        printf("%d: min0=%d max0=%d clamp=%d sign=%d %s mask=%d abs=%u\n", x, minimum(x, 0),
               maximum(x, 0), clamp(x, -10, 10), sign(x), describe(x),
               select_by_mask(x > 5, 5, x), x < 0 ? 0u - (unsigned)x : (unsigned)x);
    }

    /* Assign through the pointer that a conditional picks. */
    int left = 0;
    int right = 0;
    for (int i = 0; i < 10; i++) *(i % 3 == 0 ? &left : &right) += i;
    printf("left=%d right=%d\n", left, right);

    /* With an int and an unsigned operand, ?: has type unsigned, so -1
     * becomes UINT_MAX and compares as such. */
    volatile int pick_first = 1;
    unsigned converted = pick_first ? -1 : 1u;
    printf("converted=%u greater than 0: %d\n", converted, (pick_first ? -1 : 1u) > 0);
    long long wide = pick_first ? -1 : 1LL;
    printf("with long long the value stays %lld\n", wide);
    double mixed = pick_first ? 1 : 0.5;
    printf("with double the value is %.1f\n", mixed);

    /* Conversion to bool: any nonzero value is true, including fractions,
     * and the result is exactly 0 or 1. */
    int number = 42;
    int *pointer = &number;
    int *null_pointer = NULL;
    volatile double half = 0.5;
    volatile double negative_zero = -0.0;
    bool flags[] = {(bool)samples[0], (bool)samples[2], (bool)256, (bool)half, (bool)negative_zero,
                    (bool)pointer, (bool)null_pointer, (bool)(unsigned char)256};
    printf("bool conversions:");
    for (int i = 0; i < 8; i++) printf(" %d", flags[i]);
    putchar('\n');

    bool total = true;
    total += true; /* 1 + 1 converts back to bool: still true */
    int sum = true + true + false;
    bool toggled = !total;
    printf("bool arithmetic: %d %d %d sizeof(bool)=%zu\n", total, sum, toggled, sizeof(bool));
    int five = samples[5] / 20;
    int minus_two = samples[1] * 2;
    int zero = samples[2];
    printf("logical results: %d %d %d %d %d\n", five && minus_two, zero || minus_two, !five, !zero,
           (five > zero) + (zero > five));

    /* Short-circuit evaluation: the right side runs only when needed. */
    for (int a = 0; a <= 1; a++) {
        for (int b = 0; b <= 1; b++) {
            evaluations = 0;
            bool both = check(a) && check(b);
            int and_calls = evaluations;
            evaluations = 0;
            bool either = check(a) || check(b);
            printf("a=%d b=%d: and=%d (%d calls) or=%d (%d calls)\n", a, b, both, and_calls, either,
                   evaluations);
        }
    }
    int divisor = 0;
    int guarded = divisor != 0 && 10 / divisor > 1;
    printf("guarded division: %d\n", guarded);

    /* A conditional chain in a loop: FizzBuzz for 1..20 on one line. */
    for (int n = 1; n <= 20; n++) {
        const char *word = n % 15 == 0 ? "FizzBuzz"
                           : n % 5 == 0  ? "Buzz"
                           : n % 3 == 0  ? "Fizz"
                                         : NULL;
        if (word != NULL)
            printf("%s", word);
        else
            printf("%d", n);
        putchar(n < 20 ? ' ' : '\n');
    }
    int fizz_numbers = 0;
    for (int n = 1; n <= 20; n++) fizz_numbers += (n % 3 != 0 && n % 5 != 0) ? n : 0;
    printf("sum of plain numbers: %d\n", fizz_numbers);
    return 0;
}
