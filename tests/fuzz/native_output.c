/* Native stand-ins for the two scratchc builtins that the llvm-stress harness
 * calls (tests/fuzz/llvm-stress.js). They write to standard output the text
 * that the Scratch builds append to the list `stdout`: a signed decimal, then
 * the end of the line. */

#include <stdio.h>

void scratch_print_int(int value) {
    printf("%d", value);
}

void scratch_print_newline(void) {
    putchar('\n');
}
