// Native driver for irreducible.ll: prints every result on its own line.
#include <stdio.h>

int bounce(int, int);

int main(void) {
    for (int n = 0; n < 8; n++) printf("%d: %d %d %d\n", n, bounce(n, 0), bounce(n, 1), bounce(n, 5));
    return 0;
}
