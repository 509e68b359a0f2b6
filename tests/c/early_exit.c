/* scratch_exit from inside a loop in a called function: output stops there
 * and the exit code is the value passed. */
#include "scratch.h"

int limits[] = {5, 9, 3};

__attribute__((noinline)) void count_to(int limit, int stop_at) {
    for (int i = 1; i <= limit; i++) {
        scratch_print_int(i * i);
        scratch_print_newline();
        if (i == stop_at) scratch_exit(40 + i);
    }
}

int main(void) {
    count_to(limits[0], 0);
    count_to(limits[1], 7);
    scratch_print_str("not reached");
    scratch_print_newline();
    return 0;
}
