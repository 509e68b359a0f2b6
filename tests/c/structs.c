/* Structs: passed and returned by value (the callee changes its own copy,
 * the caller's stays as it was), copied by assignment, and in arrays. */
#include "scratch.h"

struct big {
    int values[8];
    float scale;
};

/* Three ints: clang copies a two-int struct as one i64, and i64 values
 * are not supported yet beyond memory-to-memory copies. */
struct pair {
    int first, second, tag;
};

/* Sorts its own copy; the caller's struct must not change. */
__attribute__((noinline)) int median_of(struct big data) {
    for (int i = 1; i < 8; i++) {
        int item = data.values[i];
        int j = i - 1;
        while (j >= 0 && data.values[j] > item) {
            data.values[j + 1] = data.values[j];
            j--;
        }
        data.values[j + 1] = item;
    }
    return (int)((data.values[3] + data.values[4]) * data.scale);
}

__attribute__((noinline)) struct big make_big(int seed) {
    struct big result;
    for (int i = 0; i < 8; i++) {
        seed = (int)((unsigned)seed * 1103515245u + 12345u);
        result.values[i] = (seed >> 16) % 100;
    }
    result.scale = 0.5f;
    return result;
}

__attribute__((noinline)) struct pair swap(struct pair p) {
    struct pair result = {p.second, p.first, p.tag + 1};
    return result;
}

static struct pair table[4];

int main(void) {
    struct big data = make_big(7);
    int median = median_of(data);
    scratch_print_str("median ");
    scratch_print_int(median);
    scratch_print_str(" unsorted");
    for (int i = 0; i < 8; i++) {
        scratch_print_str(" ");
        scratch_print_int(data.values[i]);
    }
    scratch_print_newline();

    struct big copy = data;
    copy.values[0] = -1;
    scratch_print_str("copy ");
    scratch_print_int(copy.values[0]);
    scratch_print_str(" original ");
    scratch_print_int(data.values[0]);
    scratch_print_newline();

    for (int i = 0; i < 4; i++) {
        struct pair p = {i, i * i, 10 * i};
        table[i] = swap(p);
    }
    for (int i = 0; i < 4; i++) {
        scratch_print_int(table[i].first);
        scratch_print_str(",");
        scratch_print_int(table[i].second);
        scratch_print_str(",");
        scratch_print_int(table[i].tag);
        scratch_print_str(" ");
    }
    scratch_print_newline();
    return 0;
}
