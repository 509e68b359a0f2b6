/* Recursion: functions that call themselves, directly or through another
 * function, keep their own values in each activation. */
#include "scratch.h"

__attribute__((noinline)) static int fib(int n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int ackermann(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static int is_odd(int n);

__attribute__((noinline)) static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }

__attribute__((noinline)) static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }

/* A local array in every activation: each level keeps its own frame. */
__attribute__((noinline)) static int digits_sum(int value, int depth) {
    int digits[4];
    for (int i = 0; i < 4; i++) {
        digits[i] = value % 10;
        value /= 10;
    }
    int below = depth > 0 ? digits_sum(value + depth * 37, depth - 1) : 0;
    return digits[0] + 2 * digits[1] + 3 * digits[2] + 4 * digits[3] + below;
}

/* Quicksort on a global array, recursing on both halves. */
static int data[40];

__attribute__((noinline)) static void quicksort(int low, int high) {
    if (low >= high) return;
    int pivot = data[(low + high) / 2];
    int i = low, j = high;
    while (i <= j) {
        while (data[i] < pivot) i++;
        while (data[j] > pivot) j--;
        if (i <= j) {
            int swap = data[i];
            data[i] = data[j];
            data[j] = swap;
            i++;
            j--;
        }
    }
    quicksort(low, j);
    quicksort(i, high);
}

int main(void) {
    for (int n = 0; n <= 15; n += 3) {
        scratch_print_str("fib ");
        scratch_print_int(n);
        scratch_print_str(" = ");
        scratch_print_int(fib(n));
        scratch_print_newline();
    }
    for (int m = 0; m <= 2; m++) {
        for (int n = 0; n <= 3; n++) {
            scratch_print_str("ackermann ");
            scratch_print_int(m);
            scratch_print_str(" ");
            scratch_print_int(n);
            scratch_print_str(" = ");
            scratch_print_int(ackermann(m, n));
            scratch_print_newline();
        }
    }
    scratch_print_str("even 10 = ");
    scratch_print_int(is_even(10));
    scratch_print_str(", odd 7 = ");
    scratch_print_int(is_odd(7));
    scratch_print_newline();
    scratch_print_str("digits ");
    scratch_print_int(digits_sum(98765, 6));
    scratch_print_newline();

    unsigned seed = 12345u;
    for (int i = 0; i < 40; i++) {
        seed = seed * 1103515245u + 12345u;
        data[i] = (int)((seed >> 16) % 1000u) - 500;
    }
    quicksort(0, 39);
    for (int i = 0; i < 40; i += 8) {
        scratch_print_int(data[i]);
        scratch_print_str(" ");
    }
    scratch_print_int(data[39]);
    scratch_print_newline();
    return 0;
}
