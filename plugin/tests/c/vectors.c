// Loops that clang's vectorizers turn into vector code and vector
// reductions when the target has SSE2 (built with -msse2 in the tests).
// vectors_driver.c calls them.

void scale_add(float *out, const float *x, const float *w, float s, int n) {
    for (int i = 0; i < n; i++) out[i] = w[i] * (s * x[i]) + out[i];
}

float dot(const float *a, const float *b, int n) {
    float sum = 0.0f;
    for (int i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
}

int sum_ints(const int *a, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) sum += a[i] * 3 - 1;
    return sum;
}

int max_int(const int *a, int n) {
    int best = a[0];
    for (int i = 1; i < n; i++) best = a[i] > best ? a[i] : best;
    return best;
}

unsigned xor_all(const unsigned *a, int n) {
    unsigned x = 0;
    for (int i = 0; i < n; i++) x ^= a[i] >> 3;
    return x;
}
