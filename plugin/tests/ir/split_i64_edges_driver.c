// Native driver for split_i64_edges.ll: prints every result on its own line.
#include <stdint.h>
#include <stdio.h>

typedef long long i64;

void freeze_select(_Bool, i64, i64, i64 *); int classify(i64); int offsets(int *); void running_max(const i64 *, int, i64 *);
void report_twice(i64); int cell_at(i64); int constant_cells(void); int narrow_casts(i64, _Bool, signed char, i64 *); void read_globals(i64 *);
int with_dead_block(i64);
extern int cells[4];

// Called by the split module with the halves of `value` in two slots.
void report(i64 value, int tag) { printf("report %d: %lld\n", tag, value); }

int main(void) {
    static const i64 values[] = {0, 1, -1, 1LL << 32, (1LL << 32) - 1, 0x200000001LL, INT64_MIN, INT64_MAX, 0x1ff00000077LL};
    const int count = sizeof values / sizeof values[0];
    i64 out[6];
    for (int i = 0; i < count; i++) {
        freeze_select(i & 1, values[i], values[count - 1 - i], out);
        printf("%lld: select %lld %lld classify %d dead %d\n", values[i], out[0], out[1], classify(values[i]),
               with_dead_block(values[i]));
        report_twice(values[i]);
        printf("narrow %d", narrow_casts(values[i], i & 1, (signed char)(i * 37), out));
        printf(" %lld\n", out[0]);
    }
    for (int n = 1; n <= count; n++) {
        running_max(values, n, out);
        printf("max of %d: %lld\n", n, out[0]);
    }
    printf("offsets %d %d\n", offsets(&cells[1]), offsets(&cells[3]));
    for (i64 index = 0; index < 4; index++) printf("cell %d\n", cell_at(index));
    printf("constant cells %d\n", constant_cells());
    read_globals(out);
    printf("globals %lld %lld %lld %lld %lld %lld\n", out[0], out[1], out[2], out[3], out[4], out[5]);
    return 0;
}
