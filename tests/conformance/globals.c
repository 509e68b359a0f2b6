/* globals.c: global and static variables with initializers. They include
 * scalars of each type (a negative zero double and 64-bit values among them),
 * a global char array, partly initialized arrays whose rest is zero, a 2-D
 * table, an array of structs and a table of string pointers. Some pointers
 * are initialized to addresses of other globals. Static locals keep their
 * values between calls, and globals are changed at run time. */
#include <stdio.h>
#include <string.h>

int counter = 10;
unsigned mask = 0xf0f0f0f0u;
double ratio = 0.375;
double negative_zero = -0.0;
long long big_number = -9000000000000000000LL;
unsigned long long big_unsigned = 18000000000000000000ULL;
short small_number = -1234;
unsigned char byte_value = 200;
signed char signed_byte = -100;
char letter = 'G';
int uninitialized_int;
double uninitialized_double;

char greeting[] = "Hello, globals!";
char padded_name[12] = "abc";
const char constant_text[] = "read-only";
unsigned char byte_table[8] = {1, 2, 4, 8, 16, 32, 64, 128};
short short_table[5] = {-1, 2, -3};
int partly_set[10] = {5, 6, 7};
int grid[3][4] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
double weights[4] = {0.5, -1.25, 1e10, 3.0};

struct planet {
    const char *name;
    int moons;
    double radius_km;
    char symbol;
};

struct planet planets[] = {
    {"Mercury", 0, 2439.7, 'M'}, {"Venus", 0, 6051.8, 'V'}, {"Earth", 1, 6371.0, 'E'},
    {"Mars", 2, 3389.5, 'm'},    {"Jupiter", 95, 69911.0, 'J'},
};

const char *const weekday_names[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday"};

struct config {
    int version;
    char label[8];
    int limits[3];
    struct planet *home;
};

struct config settings = {3, "cfg", {100, 200}, &planets[2]};

int *pointer_into_grid = &grid[1][2];
char *pointer_into_greeting = greeting + 7;
const char *const *weekend = &weekday_names[5];

static int file_static = 77;

static int next_ticket(void) {
    static int ticket = 1000;
    return ticket++;
}

static unsigned running_hash(const char *text) {
    static unsigned state = 2166136261u;
    for (const char *p = text; *p != '\0'; p++) state = (state ^ (unsigned char)*p) * 16777619u;
    return state;
}

int main(void) {
    printf("scalars: %d %x %.3f %f %lld %llu %d %u %d %c\n", counter, mask, ratio, negative_zero,
           big_number, big_unsigned, small_number, byte_value, signed_byte, letter);
    printf("zero-initialized: %d %f\n", uninitialized_int, uninitialized_double);

    printf("greeting: %s (sizeof %zu, strlen %zu)\n", greeting, sizeof greeting, strlen(greeting));
    printf("padded_name:");
    for (size_t i = 0; i < sizeof padded_name; i++) printf(" %d", padded_name[i]);
    printf("\nconstant_text: %s\n", constant_text);

    printf("byte_table:");
    for (int i = 0; i < 8; i++) printf(" %u", byte_table[i]);
    printf("\nshort_table:");
    for (int i = 0; i < 5; i++) printf(" %d", short_table[i]);
    printf("\npartly_set:");
    for (int i = 0; i < 10; i++) printf(" %d", partly_set[i]);
    printf("\ngrid:");
    for (int row = 0; row < 3; row++)
        for (int column = 0; column < 4; column++) printf(" %d", grid[row][column]);
    printf("\nweights: %g %g %g %g\n", weights[0], weights[1], weights[2], weights[3]);

    for (size_t i = 0; i < sizeof planets / sizeof planets[0]; i++)
        printf("planet %zu: %-8s moons=%2d radius=%8.1f symbol=%c\n", i, planets[i].name,
               planets[i].moons, planets[i].radius_km, planets[i].symbol);
    for (int day = 0; day < 7; day++) printf("day %d: %s\n", day, weekday_names[day]);

    printf("settings: version %d label %s limits %d %d %d home %s\n", settings.version,
           settings.label, settings.limits[0], settings.limits[1], settings.limits[2],
           settings.home->name);
    printf("pointer_into_grid: %d, next %d\n", *pointer_into_grid, pointer_into_grid[1]);
    printf("pointer_into_greeting: %s\n", pointer_into_greeting);
    printf("weekend: %s and %s\n", weekend[0], weekend[1]);

    /* Changing globals at run time, through names and through pointers. */
    counter += 5;
    *pointer_into_grid = -7;
    pointer_into_greeting[0] = 'G';
    greeting[0] = 'J';
    planets[3].moons++;
    settings.home = &planets[3];
    settings.limits[2] = settings.limits[0] + settings.limits[1];
    byte_value = (unsigned char)(byte_value + 100);
    negative_zero = -negative_zero;
    printf("changed: counter %d grid[1][2] %d greeting %s byte %u zero %f\n", counter, grid[1][2],
           greeting, byte_value, negative_zero);
    printf("changed settings: home %s with %d moons, limits[2] %d\n", settings.home->name,
           settings.home->moons, settings.limits[2]);

    /* Static locals keep their values between calls. */
    for (int i = 0; i < 3; i++) printf("ticket %d\n", next_ticket());
    printf("hash after \"ab\": %08x\n", running_hash("ab"));
    printf("hash after \"cd\" too: %08x\n", running_hash("cd"));
    file_static++;
    printf("file_static: %d\n", file_static);
    return 0;
}
