/* matrix.c: matrix products over int and double. A 6x5 int matrix times a
 * 5x4 one checks (AB)C == A(BC) and (AB)^T = B^T A^T, and powers of a 2x2
 * matrix give Fibonacci numbers. A double product of dyadic fractions is
 * exact in any precision. Gaussian elimination with partial pivoting gives a
 * determinant and an inverse. */
#include <math.h>
#include <stdio.h>

enum { N = 6 };

static void multiply_int(int rows, int inner, int columns, const int *a, const int *b, int *out) {
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) {
            int sum = 0;
            for (int k = 0; k < inner; k++) sum += a[i * inner + k] * b[k * columns + j];
            out[i * columns + j] = sum;
        }
    }
}

static void multiply_double(int n, const double a[N][N], const double b[N][N], double out[N][N]) {
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int k = 0; k < n; k++) sum += a[i][k] * b[k][j];
            out[i][j] = sum;
        }
    }
}

static void print_int_matrix(const char *name, int rows, int columns, const int *m) {
    printf("%s (%dx%d):\n", name, rows, columns);
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < columns; j++) printf("%7d", m[i * columns + j]);
        putchar('\n');
    }
}

/* Returns the determinant of m and writes its inverse, or returns 0 when a
 * pivot is smaller than 1e-12. m is destroyed. */
static double invert(int n, double m[N][N], double inverse[N][N]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) inverse[i][j] = i == j ? 1.0 : 0.0;

    double determinant = 1.0;
    for (int column = 0; column < n; column++) {
        int pivot = column;
        for (int row = column + 1; row < n; row++)
            if (fabs(m[row][column]) > fabs(m[pivot][column])) pivot = row;
        if (fabs(m[pivot][column]) < 1e-12) return 0.0;
        if (pivot != column) {
            for (int j = 0; j < n; j++) {
                double t = m[pivot][j];
                m[pivot][j] = m[column][j];
                m[column][j] = t;
                t = inverse[pivot][j];
                inverse[pivot][j] = inverse[column][j];
                inverse[column][j] = t;
            }
            determinant = -determinant;
        }

        double scale = m[column][column];
        determinant *= scale;
        for (int j = 0; j < n; j++) {
            m[column][j] /= scale;
            inverse[column][j] /= scale;
        }
        for (int row = 0; row < n; row++) {
            if (row == column) continue;
            double factor = m[row][column];
            for (int j = 0; j < n; j++) {
                m[row][j] -= factor * m[column][j];
                inverse[row][j] -= factor * inverse[column][j];
            }
        }
    }
    return determinant;
}

int main(void) {
    int a[6 * 5];
    int b[5 * 4];
    int c[4 * 3];
    for (int i = 0; i < 6 * 5; i++) a[i] = (i * 7) % 11 - 5;
    for (int i = 0; i < 5 * 4; i++) b[i] = (i * 5) % 9 - 3;
    for (int i = 0; i < 4 * 3; i++) c[i] = i % 4 - 1 + i / 4;
    int ab[6 * 4];
    multiply_int(6, 5, 4, a, b, ab);
    print_int_matrix("A", 6, 5, a);
    print_int_matrix("B", 5, 4, b);
    print_int_matrix("AB", 6, 4, ab);

    int ab_c[6 * 3];
    int bc[5 * 3];
    int a_bc[6 * 3];
    multiply_int(6, 4, 3, ab, c, ab_c);
    multiply_int(5, 4, 3, b, c, bc);
    multiply_int(6, 5, 3, a, bc, a_bc);
    int associative = 1;
    for (int i = 0; i < 6 * 3; i++)
        if (ab_c[i] != a_bc[i]) associative = 0;
    print_int_matrix("ABC", 6, 3, ab_c);
    printf("(AB)C == A(BC): %d\n", associative);

    /* (AB)^T = B^T A^T. */
    int a_t[5 * 6];
    int b_t[4 * 5];
    int bt_at[4 * 6];
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 5; j++) a_t[j * 6 + i] = a[i * 5 + j];
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) b_t[j * 5 + i] = b[i * 4 + j];
    multiply_int(4, 5, 6, b_t, a_t, bt_at);
    int transpose_rule = 1;
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 4; j++)
            if (ab[i * 4 + j] != bt_at[j * 6 + i]) transpose_rule = 0;
    printf("(AB)^T == B^T A^T: %d\n", transpose_rule);

    /* Powers of [[1,1],[1,0]] contain Fibonacci numbers. Unsigned arithmetic
     * wraps past F(47). */
    unsigned power[4] = {1, 0, 0, 1};
    const unsigned fibonacci_step[4] = {1, 1, 1, 0};
    for (int k = 1; k <= 50; k++) {
        unsigned next[4];
        next[0] = power[0] * fibonacci_step[0] + power[1] * fibonacci_step[2];
        next[1] = power[0] * fibonacci_step[1] + power[1] * fibonacci_step[3];
        next[2] = power[2] * fibonacci_step[0] + power[3] * fibonacci_step[2];
        next[3] = power[2] * fibonacci_step[1] + power[3] * fibonacci_step[3];
        for (int i = 0; i < 4; i++) power[i] = next[i];
        if (k % 10 == 0 || k == 47) printf("F(%d) = %u\n", k, power[1]);
    }

    /* Doubles: entries are multiples of 1/8 below 8, so every product and sum
     * is exact. */
    double x[N][N];
    double y[N][N];
    double xy[N][N];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            x[i][j] = ((i * 5 + j * 3) % 13 - 6) / 8.0;
            y[i][j] = ((i * 2 + j * 7) % 11 - 5) / 4.0;
        }
    }
    multiply_double(N, x, y, xy);
    printf("XY:\n");
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) printf(" %9.5f", xy[i][j]);
        putchar('\n');
    }

    /* Determinant and inverse of a well-conditioned matrix, and the residual
     * of M * M^-1 against the identity. */
    double m[N][N];
    double copy[N][N];
    double inverse[N][N];
    double check[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            m[i][j] = (i == j ? 10.0 : 0.0) + ((i + 2 * j) % 5) - 2.0;
            copy[i][j] = m[i][j];
        }
    double determinant = invert(N, copy, inverse);
    multiply_double(N, m, inverse, check);
    double residual = 0.0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double error = fabs(check[i][j] - (i == j ? 1.0 : 0.0));
            if (error > residual) residual = error;
        }
    printf("det = %.6f\n", determinant);
    printf("inverse row 0:");
    for (int j = 0; j < N; j++) printf(" %.8f", inverse[0][j]);
    putchar('\n');
    printf("residual below 1e-12: %d\n", residual < 1e-12);

    /* A singular matrix is reported as such. */
    double singular[N][N];
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) singular[i][j] = (double)(i + j);
    printf("singular det = %.1f\n", invert(N, singular, inverse));
    return 0;
}
