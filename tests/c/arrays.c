/* Arrays: global and local, one- and two-dimensional, with reads and
 * writes through indices computed at run time. */
#include "show.h"

int table[6] = {4, -8, 15, 16, -23, 42};
int grid[5][7];
int matrix_a[4][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}, {13, 14, 15, 16}};
int matrix_b[4][4] = {{2, 0, -1, 1}, {1, 3, 0, -2}, {0, 1, 4, 1}, {-3, 2, 1, 0}};
int size = 4;

__attribute__((noinline)) void fill_grid(int rows, int columns) {
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++) grid[r][c] = r * 10 - c * c;
}

__attribute__((noinline)) int grid_column_sum(int column) {
    int sum = 0;
    for (int r = 0; r < 5; r++) sum += grid[r][column];
    return sum;
}

int main(void) {
    fill_grid(5, 7);
    for (int c = 0; c < 7; c++) SHOW("grid column ", grid_column_sum(c));
    SHOW("grid corner ", grid[4][6]);

    /* Matrix product into a local 2D array. */
    int product[4][4];
    for (int i = 0; i < size; i++)
        for (int j = 0; j < size; j++) {
            int sum = 0;
            for (int k = 0; k < size; k++) sum += matrix_a[i][k] * matrix_b[k][j];
            product[i][j] = sum;
        }
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            scratch_print_int(product[i][j]);
            scratch_print_str(j == 3 ? "" : " ");
        }
        scratch_print_newline();
    }

    /* Pascal's triangle in a local 2D array. */
    int pascal[16][16];
    for (int n = 0; n < 16; n++) {
        pascal[n][0] = 1;
        pascal[n][n] = 1;
        for (int k = 1; k < n; k++) pascal[n][k] = pascal[n - 1][k - 1] + pascal[n - 1][k];
    }
    SHOW("pascal 15 7 ", pascal[15][7]);
    SHOW("pascal 12 4 ", pascal[12][4]);
    int row_sum = 0;
    for (int k = 0; k <= 15; k++) row_sum += pascal[15][k];
    SHOW("pascal row 15 sum ", row_sum);

    /* Prefix sums and in-place reversal of a local copy of a global array. */
    int local[6];
    for (int i = 0; i < 6; i++) local[i] = table[i];
    for (int i = 1; i < 6; i++) local[i] += local[i - 1];
    for (int i = 0, j = 5; i < j; i++, j--) {
        int t = local[i];
        local[i] = local[j];
        local[j] = t;
    }
    for (int i = 0; i < 6; i++) SHOW("prefix reversed ", local[i]);

    /* Index of the minimum and maximum. */
    int min_index = 0;
    int max_index = 0;
    for (int i = 1; i < 6; i++) {
        if (table[i] < table[min_index]) min_index = i;
        if (table[i] > table[max_index]) max_index = i;
    }
    SHOW("min index ", min_index);
    SHOW("max index ", max_index);

    /* A histogram whose indices come from the data. */
    int histogram[10] = {0};
    for (int i = 0; i < 200; i++) histogram[(i * i + 3 * i) % 10]++;
    for (int b = 0; b < 10; b++) SHOW("histogram ", histogram[b]);
    return 0;
}
