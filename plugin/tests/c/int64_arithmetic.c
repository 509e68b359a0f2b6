// Integer arithmetic, compares, shifts, casts, conversions and memory on
// long long, for scratch-split-i64. int64_arithmetic_driver.c calls these
// functions at the edges of the 64-bit range. Results leave through
// pointers, never as long long return values: the split changes how a
// function returns a long long, but not how memory stores one. Sums,
// products and left shifts that may overflow are computed unsigned, where
// C defines them to wrap.

typedef long long i64;
typedef unsigned long long u64;

void arithmetic(i64 a, i64 b, i64 *out) {
    u64 ua = (u64)a, ub = (u64)b;
    out[0] = (i64)(ua + ub);
    out[1] = (i64)(ua - ub);
    out[2] = (i64)(ua * ub);
    out[3] = a & b;
    out[4] = a | b;
    out[5] = a ^ b;
    out[6] = (i64)(0 - ua);
    out[7] = ~a;
    out[8] = (i64)(ua * 1000003);
    out[9] = (i64)(ua + 0x100000001ULL);
}

void division(i64 a, i64 b, i64 *out) {
    out[0] = a / b;
    out[1] = a % b;
}

void unsigned_division(u64 a, u64 b, u64 *out) {
    out[0] = a / b;
    out[1] = a % b;
}

void constant_division(i64 a, u64 b, i64 *out) {
    out[0] = a / 10;
    out[1] = a % 10;
    out[2] = (i64)(b / 1000000007ULL);
    out[3] = (i64)(b % 0x100000000ULL);
    out[4] = a / -3;
}

// One bit per predicate, so one number shows all ten results.
int compare(i64 a, i64 b) {
    u64 ua = (u64)a, ub = (u64)b;
    return (a == b) | (a != b) << 1 | (a < b) << 2 | (a <= b) << 3 | (a > b) << 4 | (a >= b) << 5 |
           (ua < ub) << 6 | (ua <= ub) << 7 | (ua > ub) << 8 | (ua >= ub) << 9;
}

// Compares with constants, whose low halves are 0 or 0xffffffff in some
// cases, where the split compares the high halves only.
int compare_constants(i64 a) {
    u64 ua = (u64)a;
    return (a < 0) | (a >= 0) << 1 | (a > -1) << 2 | (a <= -1) << 3 | (a == 0) << 4 | (a != 0) << 5 |
           (a < (1LL << 32)) << 6 | (a >= (5LL << 32)) << 7 | (ua > 0x3ffffffffULL) << 8 |
           (a <= -4294967297LL) << 9 | (ua < 12345) << 10 | (a > 0x7fffffff) << 11 |
           (ua >= 0x8000000000000000ULL) << 12 | (a == 0x100000000LL) << 13;
}

i64 shift_out[3 * 64];

// Every constant shift count: a macro writes the three shifts by k.
#define SHIFTS(k)                                                                                  \
    shift_out[3 * (k)] = (i64)((u64)a << (k));                                                     \
    shift_out[3 * (k) + 1] = a >> (k);                                                             \
    shift_out[3 * (k) + 2] = (i64)((u64)a >> (k));
#define SHIFTS_8(k) SHIFTS(k) SHIFTS(k + 1) SHIFTS(k + 2) SHIFTS(k + 3) SHIFTS(k + 4) SHIFTS(k + 5) SHIFTS(k + 6) SHIFTS(k + 7)

void shift_constant(i64 a) {
    SHIFTS_8(0) SHIFTS_8(8) SHIFTS_8(16) SHIFTS_8(24) SHIFTS_8(32) SHIFTS_8(40) SHIFTS_8(48) SHIFTS_8(56)
}

void shift_variable(i64 a, int n, i64 *out) {
    out[0] = (i64)((u64)a << n);
    out[1] = a >> n;
    out[2] = (i64)((u64)a >> n);
}

// A 64-bit shift count, of which only the low half matters.
void shift_by_wide_count(i64 a, i64 n, i64 *out) {
    out[0] = (i64)((u64)a << n);
    out[1] = a >> n;
}

void extend(int i, unsigned u, short s, unsigned short us, signed char c, unsigned char uc, _Bool bit, i64 *out) {
    out[0] = i;
    out[1] = u;
    out[2] = s;
    out[3] = us;
    out[4] = c;
    out[5] = uc;
    out[6] = bit;
    out[7] = -(i64)bit;
}

void truncate(i64 a, int *out) {
    out[0] = (int)a;
    out[1] = (short)a;
    out[2] = (signed char)a;
    out[3] = (unsigned short)(a >> 40);
    out[4] = (_Bool)(a & 0x100000000LL);
}

// Floating results are stored: an i386 function returns a float or double
// in an x87 register with a 64-bit significand, so a returned float would
// reach the caller unrounded.
void to_floating(i64 a, double *doubles, float *floats) {
    doubles[0] = (double)a;
    doubles[1] = (double)(u64)a;
    floats[0] = (float)a;
    floats[1] = (float)(u64)a;
}

void from_double(double x, i64 *out) { *out = (i64)x; }
void from_double_unsigned(double x, u64 *out) { *out = (u64)x; }
void from_float(float x, i64 *out) { *out = (i64)x; }
void from_float_unsigned(float x, u64 *out) { *out = (u64)x; }

// Loops whose long long values become phis, a maximum that becomes a
// select or llvm.smax, and an FNV-1a hash that multiplies by a constant.
void fold(const i64 *values, int n, i64 *out) {
    u64 sum = 0, hash = 1469598103934665603ULL;
    i64 maximum = -0x7fffffffffffffffLL - 1;
    for (int i = 0; i < n; i++) {
        sum += (u64)values[i] * (u64)values[i];
        maximum = values[i] > maximum ? values[i] : maximum;
        hash = (hash ^ (u64)values[i]) * 1099511628211ULL;
    }
    out[0] = (i64)sum;
    out[1] = maximum;
    out[2] = (i64)hash;
}

void fibonacci(int n, i64 *out) {
    i64 a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        i64 next = a + b;
        a = b;
        b = next;
    }
    *out = a;
}

// xorshift64*, which mixes shifts, xors and a multiply.
void xorshift(u64 *state, int n, u64 *out) {
    u64 x = *state;
    for (int i = 0; i < n; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out[i] = x * 0x2545F4914F6CDD1DULL;
    }
    *state = x;
}

// Intrinsics that clang emits on long long, which the pass expands first.
void bit_counts(u64 a, u64 b, int n, i64 *out) {
    out[0] = __builtin_popcountll(a);
    out[1] = a ? __builtin_clzll(a) : 64;
    out[2] = a ? __builtin_ctzll(a) : 64;
    out[3] = (i64)__builtin_bswap64(a);
    out[4] = (i64)((a << (n & 63)) | (a >> ((64 - n) & 63)));
    out[5] = (i64)(a < b ? a : b);
    out[6] = (i64)a > (i64)b ? (i64)a : (i64)b;
    out[7] = (i64)a < 0 ? (i64)(0 - a) : (i64)a;
}

// Globals with long long initializers, and accesses through structs.
struct account {
    int id;
    i64 balance;
};

struct account accounts[3] = {{1, 1LL << 40}, {2, -5}, {3, 0x7fffffffffffffffLL}};
i64 table[5] = {-1, 0x123456789LL, 0, -0x7fffffffffffffffLL - 1, 42};

void deposit(int account_index, i64 amount, i64 *out) {
    struct account *account = &accounts[account_index];
    account->balance = (i64)((u64)account->balance + (u64)amount);
    out[0] = account->balance;
    out[1] = account->id;
}

// An index of type long long, which GEP truncates to 32 bits.
void table_entry(i64 index, i64 *out) { *out = (i64)((u64)table[index] * 3); }

void volatile_copy(volatile i64 *to, volatile const i64 *from) { *to = *from + 1; }

// Pointers through long long: ptrtoint, arithmetic, inttoptr.
int load_through(int *p, i64 cells) {
    u64 address = (u64)(unsigned)p + (u64)cells * 4;
    return *(int *)(unsigned)address;
}
