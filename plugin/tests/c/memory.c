// Functions whose -O2 IR has byte-offset GEPs that scratch-rescale-gep
// rewrites to 32-bit cells. memory_driver.c calls them.

typedef struct { int key; float weight; int next[3]; } Node;

int table[4][5];
Node nodes[6];
int *middle = &table[2][1];          // constant GEP in a global initializer
int **chain = &middle;
float *weights[2] = {&nodes[1].weight, &nodes[4].weight};

int sum_row(int row) {
    int s = 0;
    for (int i = 0; i < 5; i++) s += table[row][i];
    return s;
}

int sum_strided(const int *p, int n, int stride) {
    int s = 0;
    for (int i = 0; i < n; i += stride) s += p[i];
    return s;
}

int byte_walk(const int *p, int n) {
    const char *bytes = (const char *)p;
    int s = 0;
    for (int i = 0; i < n; i++) s += *(const int *)(bytes + 4 * i + 8);
    return s;
}

int linked_sum(int start) {
    int s = 0;
    for (int i = start, steps = 0; i >= 0 && steps < 10; i = nodes[i].next[1], steps++) s += nodes[i].key;
    return s;
}

float weight_at(int k) { return *weights[k & 1]; }

long long wide_sum(const long long *p, int n) {
    long long s = 0;
    for (int i = 0; i < n; i++) s += p[i];
    return s;
}

int middle_plus(int k) { return (*chain)[k]; }
