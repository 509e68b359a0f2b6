// Native driver for provable_offsets.ll: prints every result on its own line.
#include <stdio.h>

int shifted(const int *, int); int scaled(const int *, int); int summed(const int *, int, int);
int masked(const int *, int); int walk(const int *, int); int through_globals(int);

int main(void) {
    int data[32];
    for (int i = 0; i < 32; i++) data[i] = i * i - 7;
    for (int i = 0; i < 4; i++)
        printf("%d: %d %d %d %d %d\n", i, shifted(data, i * 3), scaled(data, i), summed(data, i, i + 1),
               masked(data, i * 9), walk(data, i + 1));
    printf("globals %d\n", through_globals(100));
    return 0;
}
