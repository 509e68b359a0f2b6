// Native driver for intrinsics.c: prints every result on its own line.
#include <stdio.h>

typedef unsigned int u32;
typedef unsigned long long u64;
typedef struct { int a, b, c; double d; } Record;

u32 min_u(u32, u32); u32 max_u(u32, u32); int min_s(int, int); int max_s(int, int); int abs_s(int);
int popcount32(u32); int popcount64(u64); int clz32(u32); int ctz32(u32); int clz64(u64);
u32 bswap32(u32); u64 bswap64(u64); u32 bitreverse32(u32); u64 bitreverse64(u64); u32 rotl32(u32, u32); u32 rotr32(u32, u32); u32 funnel_left(u32, u32, u32);
float mul_add(float, float, float); double mul_add_d(double, double, double); double fused(double, double, double);
double min_num(double, double); double max_num(double, double); double truncate(double);
void copy_record(Record *, const Record *); void copy_cells(int *, const int *, int);
void move_cells(int *, const int *, int); void zero_cells(int *, int); void fill_cells(int *, int, int);
void fill_forty(int *); void copy_forty(int *, const int *);

static const u32 edges[] = {0, 1, 0xffffffffu, 0x7fffffffu, 0x80000000u, 2, 0x12345678u, 0xf0f0f0f0u};
#define EDGE_COUNT (sizeof edges / sizeof edges[0])

static void print_cells(const char *label, const int *cells, int n) {
    printf("%s:", label);
    for (int i = 0; i < n; i++) printf(" %d", cells[i]);
    printf("\n");
}

int main(void) {
    for (unsigned i = 0; i < EDGE_COUNT; i++) {
        for (unsigned j = 0; j < EDGE_COUNT; j++) {
            u32 a = edges[i], b = edges[j];
            printf("%u %u: %u %u %d %d %u %u %u\n", a, b, min_u(a, b), max_u(a, b), min_s((int)a, (int)b),
                   max_s((int)a, (int)b), rotl32(a, b), rotr32(a, b), funnel_left(a, b, j * 5));
        }
        u32 a = edges[i];
        u64 wide = ((u64)a << 32) | (a ^ 0x5555u);
        printf("%u: abs %d pop %d %d clz %d %d ctz %d bswap %u %llu\n", a, abs_s((int)a), popcount32(a),
               popcount64(wide), clz32(a), clz64(wide), ctz32(a), bswap32(a), bswap64(wide));
        printf("%u: bitreverse %u %llu\n", a, bitreverse32(a), bitreverse64(wide));
    }

    printf("fma %g %g %g\n", mul_add(1.5f, 2.0f, 0.25f), mul_add_d(-3.0, 0.5, 1.0), fused(2.0, 3.0, -1.0));
    printf("minmax %g %g %g %g\n", min_num(1.0, -2.0), max_num(1.0, -2.0), min_num(0.0 / 0.0, 3.0), max_num(4.0, 0.0 / 0.0));
    printf("trunc %g %g %g %g\n", truncate(2.75), truncate(-2.75), truncate(0.0), truncate(-0.5));

    Record from = {1, -2, 3, 4.5}, to = {0, 0, 0, 0.0};
    copy_record(&to, &from);
    printf("record %d %d %d %g\n", to.a, to.b, to.c, to.d);

    int cells[48], copy[48];
    for (int i = 0; i < 48; i++) cells[i] = i * 7 - 20;
    copy_cells(copy, cells, 48);
    print_cells("copy", copy, 48);
    copy_cells(copy, cells, 0);
    move_cells(cells + 3, cells, 20);
    print_cells("move up", cells, 24);
    move_cells(cells, cells + 5, 20);
    print_cells("move down", cells, 24);
    zero_cells(copy, 5);
    fill_cells(copy + 5, 3, 0x7f);
    fill_cells(copy + 8, 2, 0x80);
    print_cells("set", copy, 12);
    fill_forty(copy);
    print_cells("forty", copy, 41);
    copy_forty(copy, cells);
    print_cells("copy forty", copy, 41);
    return 0;
}
