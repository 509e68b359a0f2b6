/* Control flow that is not a plain loop. The goto loop is irreducible in the C
 * source (it has two entry points), unless clang restructures it first. The for loop leaves
 * through its condition, a break or a return, each with different live values. */
#include "scratch.h"

int data[] = {3, 8, 1, 9, 4, 7, 2, 6};

/* Alternates between the `even` and `odd` blocks, entering at either one. */
__attribute__((noinline)) int irreducible(int start, int n) {
    int i = 0;
    int acc = 0;
    if (start & 1) goto odd;
even:
    acc += data[i & 7];
    i++;
    if (i >= n) return acc;
odd:
    acc = acc * 3 - i;
    i++;
    if (i < n) goto even;
    return acc * 2;
}

__attribute__((noinline)) int multi_exit(int limit) {
    int found = -1;
    int i;
    int j = 0;
    for (i = 0; i < 8; i++) {
        j += data[i];
        if (data[i] == limit) {
            found = i;
            break;
        }
        if (j > 25) return -j;
    }
    return found * 100 + i * 10 + j;
}

int main(void) {
    for (int s = 0; s < 4; s++) {
        scratch_print_int(irreducible(s, 5 + s));
        scratch_print_newline();
    }
    for (int limit = 0; limit < 10; limit++) {
        scratch_print_int(multi_exit(limit));
        scratch_print_newline();
    }
    return 0;
}
