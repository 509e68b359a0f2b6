/* return_seven.c: main returns 7 after printing, so the exit status is 7.
 * The value is computed at run time from a small loop rather than written as
 * a literal return. Expected exit status: 7. */
#include <stdio.h>

int main(void) {
    int status = 0;
    for (int i = 1; i <= 7; i++) {
        status++;
        printf("counting %d\n", status);
    }
    printf("returning %d from main\n", status);
    return status;
}
