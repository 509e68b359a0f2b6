/* exit_status.c: exit(3) called from a function two calls deep ends the
 * program with status 3 after the lines printed so far, which exit flushes.
 * Nothing after the call runs. Expected exit status: 3. */
#include <stdio.h>
#include <stdlib.h>

static int steps_done;

static void finish(int status) {
    printf("finishing with status %d after %d steps\n", status, steps_done);
    printf("last line before exit\n");
    exit(status);
}

static int work(int limit) {
    for (int i = 1; i <= limit; i++) {
        steps_done = i;
        printf("step %d\n", i);
        if (i == 3) finish(i);
    }
    return limit;
}

int main(void) {
    puts("start");
    int result = work(10);
    printf("never printed: %d\n", result);
    return 0;
}
