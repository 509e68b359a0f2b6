// Native driver for memory.c: prints every result on its own line.
#include <stdio.h>

typedef struct { int key; float weight; int next[3]; } Node;
extern int table[4][5];
extern Node nodes[6];
int sum_row(int); int sum_strided(const int *, int, int); int byte_walk(const int *, int);
int linked_sum(int); float weight_at(int); long long wide_sum(const long long *, int); int middle_plus(int);

int main(void) {
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 5; c++) table[r][c] = r * 10 + c;
    for (int i = 0; i < 6; i++) {
        nodes[i].key = i * i;
        nodes[i].weight = i * 0.5f;
        nodes[i].next[1] = i - 1;
    }
    int data[16];
    for (int i = 0; i < 16; i++) data[i] = 1 << i;
    long long wide[4] = {1LL << 40, -3, 5, -(1LL << 35)};

    for (int r = 0; r < 4; r++) printf("row %d: %d\n", r, sum_row(r));
    printf("strided %d %d\n", sum_strided(data, 16, 3), sum_strided(data, 7, 1));
    printf("bytes %d\n", byte_walk(data, 6));
    printf("linked %d %d\n", linked_sum(5), linked_sum(2));
    printf("weights %g %g\n", weight_at(0), weight_at(1));
    printf("wide %lld\n", wide_sum(wide, 4));
    printf("middle %d %d\n", middle_plus(0), middle_plus(3));
    return 0;
}
