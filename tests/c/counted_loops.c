/* Loops whose trip count is known on entry, which scratchc runs as
 * `repeat (n)`: steps other than 1, counting down, bounds known only at run
 * time, loops that run once, and values read after the loop. */
#include "scratch.h"

static int data[64];

__attribute__((noinline)) static int sum_stride(int start, int end, int step) {
    int sum = 0;
    for (int i = start; i < end; i += step) sum += data[i];
    return sum;
}

__attribute__((noinline)) static int count_down(int from) {
    int product = 1;
    int last = 0;
    for (int i = from; i > 0; i--) {
        product = (int)((unsigned)product * 3u + (unsigned)i);
        last = i;
    }
    return product + last;
}

__attribute__((noinline)) static int last_index(int n) {
    int i = 0;
    do {
        i++;
    } while (i != n);
    return i;
}

__attribute__((noinline)) static int nested(int rows, int cols) {
    int total = 0;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) total += data[(r * cols + c) & 63] ^ r;
    return total;
}

int main(void) {
    for (int i = 0; i < 64; i++) data[i] = i * i - 40;

    int cases[][3] = {{0, 64, 1}, {0, 64, 2}, {1, 64, 3}, {5, 6, 1}, {7, 7, 1}, {10, 3, 1}, {0, 63, 7}};
    for (int k = 0; k < 7; k++) {
        scratch_print_str("stride ");
        scratch_print_int(sum_stride(cases[k][0], cases[k][1], cases[k][2]));
        scratch_print_newline();
    }
    for (int from = -2; from <= 9; from += 3) {
        scratch_print_str("down ");
        scratch_print_int(count_down(from));
        scratch_print_newline();
    }
    for (int n = 1; n <= 40; n += 13) {
        scratch_print_str("last ");
        scratch_print_int(last_index(n));
        scratch_print_newline();
    }
    scratch_print_str("nested ");
    scratch_print_int(nested(5, 9));
    scratch_print_str(" ");
    scratch_print_int(nested(0, 9));
    scratch_print_str(" ");
    scratch_print_int(nested(3, 0));
    scratch_print_newline();
    return 0;
}
