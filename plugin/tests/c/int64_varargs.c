// A variadic function that reads long long arguments, for scratch-split-i64.
// clang lowers va_arg on i386 to loads from the argument area, where a long
// long is two 32-bit slots, low first: exactly what a split argument fills.
// The full pipeline rejects va_start, so only scratch-split-i64 runs on this
// file. int64_varargs_driver.c calls it.
#include <stdarg.h>

typedef long long i64;

__attribute__((noinline)) static i64 weighted_sum(int count, ...) {
    va_list arguments;
    va_start(arguments, count);
    i64 sum = 0;
    for (int i = 0; i < count; i++) {
        int weight = va_arg(arguments, int);
        i64 value = va_arg(arguments, i64);
        sum += value * weight;
    }
    va_end(arguments);
    return sum;
}

void sums(i64 a, i64 b, i64 c, i64 *out) {
    out[0] = weighted_sum(0);
    out[1] = weighted_sum(1, 3, a);
    out[2] = weighted_sum(3, 1, a, -2, b, 5, c);
}
