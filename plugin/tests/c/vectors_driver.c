// Native driver for vectors.c: prints every result on its own line.
#include <stdio.h>

void scale_add(float *, const float *, const float *, float, int);
float dot(const float *, const float *, int);
int sum_ints(const int *, int); int max_int(const int *, int); unsigned xor_all(const unsigned *, int);

int main(void) {
    float x[37], w[37], out[37];
    int a[37];
    unsigned u[37];
    for (int i = 0; i < 37; i++) {
        x[i] = (i % 5) * 0.5f - 1.0f;
        w[i] = (i % 3) + 0.25f;
        out[i] = i;
        a[i] = (i * 7919) % 101 - 50;
        u[i] = 0x9e3779b9u * (unsigned)i;
    }
    for (int n = 0; n <= 37; n += 9) {
        scale_add(out, x, w, 1.5f, n);
        printf("%d: %g %d %d %u\n", n, dot(x, w, n), sum_ints(a, n), n ? max_int(a, n) : 0, xor_all(u, n));
    }
    for (int i = 0; i < 37; i++) printf("%g ", out[i]);
    printf("\n");
    return 0;
}
