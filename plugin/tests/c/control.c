// Functions with switches, loops with several exits and irreducible control
// flow, for scratch-structure-cfg. control_driver.c calls them.

int classify(int x) {
    switch (x) {
    case 0: return 10;
    case 1: return 11;
    case 7: return 17;
    case 100: return -1;
    case -5: return 3;
    default: return x * 2;
    }
}

int dense_switch(int x, int y) {
    int r = 0;
    switch (x & 7) {
    case 0: r = y + 1; break;
    case 1: r = y * 3; break;
    case 2: r = y - 7; // fallthrough
    case 3: r += y ^ 5; break;
    case 5: r = -y; break;
    default: r = 42;
    }
    return r;
}

int find_pair(const int *a, int n, int target) {
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            if (a[i] + a[j] == target) return i * 100 + j;
            if (a[j] < 0) goto skip;
        }
skip:
    return -1;
}

int collatz_steps(unsigned x, int limit) {
    int steps = 0;
    while (x != 1) {
        if (steps >= limit) break;
        if (x & 1) x = 3 * x + 1;
        else x /= 2;
        if (x == 16) return steps + 1000;
        steps++;
    }
    return steps;
}

// Two entries into one cycle: irreducible until fix-irreducible runs.
int irreducible(int n, int start_in_b) {
    int acc = 0;
    if (start_in_b) goto b;
a:
    acc += 3;
    if (--n <= 0) return acc;
b:
    acc *= 2;
    if (--n <= 0) return acc;
    if (acc & 4) goto b;
    goto a;
}
