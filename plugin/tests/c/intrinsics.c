// Functions whose -O2 IR uses the intrinsics that scratch-expand-intrinsics
// rewrites. intrinsics_driver.c calls them at the edges of their ranges.

typedef unsigned int u32;
typedef unsigned long long u64;

u32 min_u(u32 a, u32 b) { return a < b ? a : b; }
u32 max_u(u32 a, u32 b) { return a > b ? a : b; }
int min_s(int a, int b) { return a < b ? a : b; }
int max_s(int a, int b) { return a > b ? a : b; }
int abs_s(int a) { return a < 0 ? -a : a; }

int popcount32(u32 x) { return __builtin_popcount(x); }
int popcount64(u64 x) { return __builtin_popcountll(x); }
int clz32(u32 x) { return x ? __builtin_clz(x) : 32; }
int ctz32(u32 x) { return x ? __builtin_ctz(x) : 32; }
int clz64(u64 x) { return x ? __builtin_clzll(x) : 64; }
u32 bswap32(u32 x) { return __builtin_bswap32(x); }
u64 bswap64(u64 x) { return __builtin_bswap64(x); }
u32 bitreverse32(u32 x) { return __builtin_bitreverse32(x); }
u64 bitreverse64(u64 x) { return __builtin_bitreverse64(x); }
u32 rotl32(u32 x, u32 s) { return (x << (s & 31)) | (x >> ((32 - s) & 31)); }
u32 rotr32(u32 x, u32 s) { return (x >> (s & 31)) | (x << ((32 - s) & 31)); }
u32 funnel_left(u32 hi, u32 lo, u32 s) { return (u32)((((u64)hi << 32) | lo) << (s & 31) >> 32); }

float mul_add(float a, float b, float c) { return a * b + c; }
double mul_add_d(double a, double b, double c) { return a * b + c; }
double fused(double a, double b, double c) { return __builtin_fma(a, b, c); }
double min_num(double a, double b) { return __builtin_fmin(a, b); }
double max_num(double a, double b) { return __builtin_fmax(a, b); }
double truncate(double x) { return __builtin_trunc(x); }

typedef struct { int a, b, c; double d; } Record;

void copy_record(Record *to, const Record *from) { *to = *from; }
void copy_cells(int *to, const int *from, int n) { __builtin_memcpy(to, from, n * sizeof(int)); }
void move_cells(int *to, const int *from, int n) { __builtin_memmove(to, from, n * sizeof(int)); }
void zero_cells(int *to, int n) { __builtin_memset(to, 0, n * sizeof(int)); }
void fill_cells(int *to, int n, int byte) { __builtin_memset(to, byte, n * sizeof(int)); }
void fill_forty(int *to) { __builtin_memset(to, 0xab, 40 * sizeof(int)); }
void copy_forty(int *to, const int *from) { __builtin_memcpy(to, from, 40 * sizeof(int)); }
