/* Function pointers: a dispatch table in a global, a callback argument, a
 * pointer chosen at run time, and a comparison between pointers. */
#include "scratch.h"

typedef int (*binary_op)(int, int);

__attribute__((noinline)) static int add(int a, int b) { return a + b; }
__attribute__((noinline)) static int subtract(int a, int b) { return a - b; }
__attribute__((noinline)) static int multiply(int a, int b) { return a * b; }
__attribute__((noinline)) static int maximum(int a, int b) { return a > b ? a : b; }

static binary_op table[4] = {add, subtract, multiply, maximum};

__attribute__((noinline)) static int fold(binary_op op, const int *values, int count) {
    int result = values[0];
    for (int i = 1; i < count; i++) result = op(result, values[i]);
    return result;
}

static int counter;

__attribute__((noinline)) static void bump(void) { counter += 3; }
__attribute__((noinline)) static void reset(void) { counter = 0; }

__attribute__((noinline)) static void repeat_action(void (*action)(void), int times) {
    for (int i = 0; i < times; i++) action();
}

/* Sorts with a comparator passed as a pointer. */
__attribute__((noinline)) static int ascending(int a, int b) { return a - b; }
__attribute__((noinline)) static int descending(int a, int b) { return b - a; }

__attribute__((noinline)) static void insertion_sort(int *values, int count, int (*compare)(int, int)) {
    for (int i = 1; i < count; i++) {
        int item = values[i];
        int j = i - 1;
        while (j >= 0 && compare(values[j], item) > 0) {
            values[j + 1] = values[j];
            j--;
        }
        values[j + 1] = item;
    }
}

int main(void) {
    int values[6] = {7, -3, 12, 5, -8, 2};
    for (int k = 0; k < 4; k++) {
        scratch_print_str("fold ");
        scratch_print_int(k);
        scratch_print_str(" = ");
        scratch_print_int(fold(table[k], values, 6));
        scratch_print_newline();
    }

    binary_op chosen = values[0] > 5 ? multiply : add;
    scratch_print_str("chosen ");
    scratch_print_int(chosen(6, 7));
    scratch_print_str(chosen == multiply ? " multiply" : " other");
    scratch_print_newline();

    repeat_action(bump, 5);
    scratch_print_str("counter ");
    scratch_print_int(counter);
    repeat_action(reset, 1);
    scratch_print_str(" ");
    scratch_print_int(counter);
    scratch_print_newline();

    insertion_sort(values, 6, ascending);
    for (int i = 0; i < 6; i++) {
        scratch_print_int(values[i]);
        scratch_print_str(" ");
    }
    scratch_print_newline();
    insertion_sort(values, 6, descending);
    for (int i = 0; i < 6; i++) {
        scratch_print_int(values[i]);
        scratch_print_str(" ");
    }
    scratch_print_newline();
    return 0;
}
