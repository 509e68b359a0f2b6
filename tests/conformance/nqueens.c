/* nqueens.c: the n-queens puzzle by backtracking, solved two ways: recursion
 * over rows with bool arrays for the occupied columns and diagonals, and a
 * bitmask search. Both count the solutions for n = 1 to 8 (1, 0, 0, 2, 10,
 * 4, 40, 92). The first solution for n = 6 and n = 8 is drawn as a board. */
#include <stdbool.h>
#include <stdio.h>

enum { MAX_N = 8 };

struct board {
    int n;
    int column_of_row[MAX_N];
    bool column_used[MAX_N];
    bool diagonal_used[2 * MAX_N - 1];      /* indexed by row + column */
    bool anti_diagonal_used[2 * MAX_N - 1]; /* indexed by row - column + n - 1 */
    int solutions;
    int first_solution[MAX_N];
    long nodes;
};

static void place_rows(struct board *board, int row) {
    board->nodes++;
    if (row == board->n) {
        if (board->solutions == 0)
            for (int r = 0; r < board->n; r++) board->first_solution[r] = board->column_of_row[r];
        board->solutions++;
        return;
    }
    for (int column = 0; column < board->n; column++) {
        int diagonal = row + column;
        int anti_diagonal = row - column + board->n - 1;
        if (board->column_used[column] || board->diagonal_used[diagonal] ||
            board->anti_diagonal_used[anti_diagonal])
            continue;
        board->column_used[column] = true;
        board->diagonal_used[diagonal] = true;
        board->anti_diagonal_used[anti_diagonal] = true;
        board->column_of_row[row] = column;
        place_rows(board, row + 1);
        board->column_used[column] = false;
        board->diagonal_used[diagonal] = false;
        board->anti_diagonal_used[anti_diagonal] = false;
    }
}

/* Counts completions given the attacked columns and diagonals of the next
 * row as bitmasks, where bit i is column i. */
static int count_with_masks(unsigned all_columns, unsigned columns, unsigned left, unsigned right) {
    if (columns == all_columns) return 1;
    int count = 0;
    unsigned free_squares = all_columns & ~(columns | left | right);
    while (free_squares != 0) {
        unsigned lowest = free_squares & (0u - free_squares);
        free_squares &= free_squares - 1;
        count += count_with_masks(all_columns, columns | lowest, (left | lowest) << 1,
                                  (right | lowest) >> 1);
    }
    return count;
}

static void draw(const int *column_of_row, int n) {
    for (int row = 0; row < n; row++) {
        for (int column = 0; column < n; column++)
            putchar(column_of_row[row] == column ? 'Q' : '.');
        putchar('\n');
    }
}

int main(void) {
    for (int n = 1; n <= MAX_N; n++) {
        struct board board = {0};
        board.n = n;
        place_rows(&board, 0);
        unsigned all_columns = (1u << n) - 1u;
        int by_masks = count_with_masks(all_columns, 0, 0, 0);
        printf("n=%d: solutions=%d by masks=%d nodes=%ld\n", n, board.solutions, by_masks,
               board.nodes);
        if (n == 6 || n == 8) {
            printf("first solution for n=%d:\n", n);
            draw(board.first_solution, n);
        }
    }
    return 0;
}
