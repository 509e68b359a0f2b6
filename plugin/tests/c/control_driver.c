// Native driver for control.c: prints every result on its own line.
#include <stdio.h>

int classify(int); int dense_switch(int, int); int find_pair(const int *, int, int);
int collatz_steps(unsigned, int); int irreducible(int, int);

int main(void) {
    for (int x = -6; x <= 101; x += 1)
        if (x < 10 || x > 95) printf("classify %d: %d\n", x, classify(x));
    for (int x = 0; x < 9; x++) printf("dense %d: %d %d\n", x, dense_switch(x, 9), dense_switch(x, -4));
    int a[] = {4, 9, 1, 7, -2, 8};
    for (int t = 0; t < 20; t += 3) printf("pair %d: %d\n", t, find_pair(a, 6, t));
    for (unsigned x = 1; x < 12; x++) printf("collatz %u: %d %d\n", x, collatz_steps(x, 100), collatz_steps(x, 3));
    for (int n = 0; n < 9; n++) printf("irreducible %d: %d %d\n", n, irreducible(n, 0), irreducible(n, 1));
    return 0;
}
