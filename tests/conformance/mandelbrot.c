/* mandelbrot.c: an ASCII picture of the Mandelbrot set, 40 columns by 21
 * rows, over real parts -2 to 0.4375 and imaginary parts -1.25 to 1.25. Grid
 * steps are powers of two (1/16 and 1/8), so every starting point is an exact
 * double. Each character shows how many iterations of z = z^2 + c, up to 64,
 * a point took to leave the circle of radius 2. */
#include <stdio.h>

enum { COLUMNS = 40, ROWS = 21, MAX_ITERATIONS = 64 };

static int escape_time(double c_real, double c_imaginary) {
    double x = 0.0;
    double y = 0.0;
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
        double x_squared = x * x;
        double y_squared = y * y;
        if (x_squared + y_squared > 4.0) break;
        y = 2.0 * x * y + c_imaginary;
        x = x_squared - y_squared + c_real;
        iteration++;
    }
    return iteration;
}

int main(void) {
    static const char shades[] = " .,:;-=+*#%@";
    const int shade_count = (int)sizeof shades - 1;
    long total_iterations = 0;
    int inside = 0;

    for (int row = 0; row < ROWS; row++) {
        double c_imaginary = 1.25 - row * 0.125;
        char line[COLUMNS + 1];
        for (int column = 0; column < COLUMNS; column++) {
            double c_real = -2.0 + column * 0.0625;
            int iterations = escape_time(c_real, c_imaginary);
            total_iterations += iterations;
            if (iterations == MAX_ITERATIONS) {
                inside++;
                line[column] = '@';
            } else {
                line[column] = shades[iterations * (shade_count - 1) / MAX_ITERATIONS];
            }
        }
        line[COLUMNS] = '\0';
        printf("|%s|\n", line);
    }
    printf("points inside: %d of %d\n", inside, COLUMNS * ROWS);
    printf("total iterations: %ld\n", total_iterations);
    return 0;
}
