/* game_of_life.c: Conway's Game of Life on a 24x12 grid whose edges wrap
 * around (a torus). The grid starts with a glider, a blinker, a toad and an
 * R-pentomino and runs for 30 generations in two char arrays that swap roles.
 * It prints the population of every generation and the grid at generations
 * 0, 4 and 30. */
#include <stdio.h>
#include <string.h>

enum { WIDTH = 24, HEIGHT = 12, GENERATIONS = 30 };

static unsigned char grids[2][HEIGHT][WIDTH];

static void set_cells(unsigned char grid[HEIGHT][WIDTH], int top, int left, const char *pattern) {
    int row = top;
    int column = left;
    for (const char *p = pattern; *p != '\0'; p++) {
        if (*p == '/') {
            row++;
            column = left;
            continue;
        }
        grid[row][column] = *p == '#';
        column++;
    }
}

static int live_neighbours(unsigned char grid[HEIGHT][WIDTH], int row, int column) {
    int count = 0;
    for (int dr = -1; dr <= 1; dr++) {
        for (int dc = -1; dc <= 1; dc++) {
            if (dr == 0 && dc == 0) continue;
            int r = (row + dr + HEIGHT) % HEIGHT;
            int c = (column + dc + WIDTH) % WIDTH;
            count += grid[r][c];
        }
    }
    return count;
}

static int population(unsigned char grid[HEIGHT][WIDTH]) {
    int count = 0;
    for (int row = 0; row < HEIGHT; row++)
        for (int column = 0; column < WIDTH; column++) count += grid[row][column];
    return count;
}

static void print_grid(unsigned char grid[HEIGHT][WIDTH], int generation) {
    printf("generation %d:\n", generation);
    for (int row = 0; row < HEIGHT; row++) {
        char line[WIDTH + 1];
        for (int column = 0; column < WIDTH; column++) line[column] = grid[row][column] ? 'O' : '.';
        line[WIDTH] = '\0';
        puts(line);
    }
}

int main(void) {
    memset(grids, 0, sizeof grids);
    set_cells(grids[0], 1, 1, ".#./..#/###");  /* glider */
    set_cells(grids[0], 2, 10, "###");         /* blinker */
    set_cells(grids[0], 8, 3, ".###/###.");    /* toad */
    set_cells(grids[0], 6, 16, ".##/##./.#."); /* R-pentomino */

    int current = 0;
    print_grid(grids[current], 0);
    printf("populations: %d", population(grids[current]));
    for (int generation = 1; generation <= GENERATIONS; generation++) {
        int next = 1 - current;
        for (int row = 0; row < HEIGHT; row++) {
            for (int column = 0; column < WIDTH; column++) {
                int neighbours = live_neighbours(grids[current], row, column);
                int alive = grids[current][row][column];
                grids[next][row][column] = neighbours == 3 || (alive && neighbours == 2);
            }
        }
        current = next;
        printf(" %d", population(grids[current]));
        if (generation == 4) {
            putchar('\n');
            print_grid(grids[current], generation);
            printf("populations:");
        }
    }
    putchar('\n');
    print_grid(grids[current], GENERATIONS);
    return 0;
}
