// Native driver for int64_varargs.c: prints every result on its own line.
#include <stdio.h>

typedef long long i64;

void sums(i64, i64, i64, i64 *);

int main(void) {
    static const i64 values[] = {0, 1, -1, 1LL << 32, -(1LL << 40) + 7, 0x123456789LL};
    i64 out[3];
    for (int i = 0; i < 6; i++) {
        sums(values[i], values[(i + 1) % 6], values[(i + 4) % 6], out);
        printf("%lld %lld %lld\n", out[0], out[1], out[2]);
    }
    return 0;
}
