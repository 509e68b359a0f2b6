/* function_tables.c: calls through function pointers. It uses a table of
 * named binary operations, callbacks passed to map and fold helpers, a lookup
 * that returns a function pointer, and structs of function pointers as a
 * hand-made vtable. A state machine's states are functions. Function pointers
 * are compared for equality, and no address is printed. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef int (*binary_operation)(int, int);

static int add(int a, int b) { return a + b; }
static int subtract(int a, int b) { return a - b; }
static int multiply(int a, int b) { return a * b; }
static int divide(int a, int b) { return b == 0 ? 0 : a / b; }
static int remainder_of(int a, int b) { return b == 0 ? 0 : a % b; }
static int maximum(int a, int b) { return a > b ? a : b; }
static int bitwise_xor(int a, int b) { return a ^ b; }

static const struct {
    const char *name;
    binary_operation apply;
} operations[] = {
    {"add", add}, {"sub", subtract}, {"mul", multiply}, {"div", divide},
    {"rem", remainder_of}, {"max", maximum}, {"xor", bitwise_xor},
};
enum { OPERATION_COUNT = sizeof operations / sizeof operations[0] };

static binary_operation find_operation(const char *name) {
    for (int i = 0; i < OPERATION_COUNT; i++)
        if (strcmp(operations[i].name, name) == 0) return operations[i].apply;
    return NULL;
}

static void map(int *values, int count, int (*transform)(int)) {
    for (int i = 0; i < count; i++) values[i] = transform(values[i]);
}

static int fold(const int *values, int count, int initial, binary_operation combine) {
    int accumulator = initial;
    for (int i = 0; i < count; i++) accumulator = combine(accumulator, values[i]);
    return accumulator;
}

static int square(int x) { return x * x; }
static int negate(int x) { return -x; }
static int halve(int x) { return x / 2; }

/* A tiny vtable: each shape kind supplies its own area and name. */
struct shape;
struct shape_operations {
    double (*area)(const struct shape *);
    const char *(*kind)(void);
};
struct shape {
    const struct shape_operations *operations;
    double a;
    double b;
};

static double rectangle_area(const struct shape *s) { return s->a * s->b; }
static double triangle_area(const struct shape *s) { return s->a * s->b / 2.0; }
static double square_area(const struct shape *s) { return s->a * s->a; }
static const char *rectangle_kind(void) { return "rectangle"; }
static const char *triangle_kind(void) { return "triangle"; }
static const char *square_kind(void) { return "square"; }

static const struct shape_operations rectangle_operations = {rectangle_area, rectangle_kind};
static const struct shape_operations triangle_operations = {triangle_area, triangle_kind};
static const struct shape_operations square_operations = {square_area, square_kind};

/* A state machine whose states are functions returning the next state:
 * it accepts strings of the form a+b*c (one or more a, any b, one c). */
struct state;
typedef const struct state *(*state_function)(char);
struct state {
    const char *name;
    state_function next;
};
static const struct state *after_start(char c);
static const struct state *after_a(char c);
static const struct state *after_b(char c);
static const struct state *after_c(char c);
static const struct state *after_reject(char c);
static const struct state start_state = {"start", after_start};
static const struct state a_state = {"a", after_a};
static const struct state b_state = {"b", after_b};
static const struct state c_state = {"c", after_c};
static const struct state reject_state = {"reject", after_reject};

static const struct state *after_start(char c) { return c == 'a' ? &a_state : &reject_state; }
static const struct state *after_a(char c) {
    if (c == 'a') return &a_state;
    if (c == 'b') return &b_state;
    if (c == 'c') return &c_state;
    return &reject_state;
}
static const struct state *after_b(char c) {
    if (c == 'b') return &b_state;
    if (c == 'c') return &c_state;
    return &reject_state;
}
static const struct state *after_c(char c) {
    (void)c;
    return &reject_state;
}
static const struct state *after_reject(char c) {
    (void)c;
    return &reject_state;
}

int main(void) {
    const int left[] = {17, -17, 100, 0, 2147483647};
    const int right[] = {5, 5, -7, 3, 2};
    for (int i = 0; i < OPERATION_COUNT; i++) {
        printf("%s:", operations[i].name);
        for (int j = 0; j < 5; j++) {
            if (operations[i].apply == multiply && j == 4) continue; /* would overflow */
            if (operations[i].apply == add && j == 4) continue;      /* would overflow */
            printf(" %d", operations[i].apply(left[j], right[j]));
        }
        putchar('\n');
    }

    const char *names[] = {"mul", "xor", "pow", "rem"};
    for (int i = 0; i < 4; i++) {
        binary_operation operation = find_operation(names[i]);
        if (operation == NULL)
            printf("%s: not found\n", names[i]);
        else
            printf("%s(12, 5) = %d, is mul: %d\n", names[i], operation(12, 5),
                   operation == multiply);
    }

    int values[8] = {3, -1, 4, -1, 5, -9, 2, 6};
    int (*const transforms[])(int) = {square, negate, halve};
    for (int t = 0; t < 3; t++) {
        map(values, 8, transforms[t]);
        printf("after transform %d:", t);
        for (int i = 0; i < 8; i++) printf(" %d", values[i]);
        printf(" | sum=%d max=%d\n", fold(values, 8, 0, add), fold(values, 8, values[0], maximum));
    }

    struct shape shapes[] = {
        {&rectangle_operations, 3.0, 4.5},
        {&triangle_operations, 5.0, 3.0},
        {&square_operations, 2.5, 0.0},
        {&triangle_operations, 0.5, 0.25},
    };
    double total_area = 0.0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        double area = shapes[i].operations->area(&shapes[i]);
        total_area += area;
        printf("%s area %.4f\n", shapes[i].operations->kind(), area);
    }
    printf("total area %.4f\n", total_area);

    const char *inputs[] = {"ac", "aabbbc", "abc", "bc", "a", "aacc", "aaaaaaac", ""};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const struct state *state = &start_state;
        for (const char *p = inputs[i]; *p != '\0'; p++) state = state->next(*p);
        printf("\"%s\": ends in %s, %s\n", inputs[i], state->name,
               state == &c_state ? "accepted" : "rejected");
    }

    /* A pointer to a function pointer, and a call through a conditional. */
    binary_operation chosen = add;
    binary_operation *handle = &chosen;
    printf("through handle: %d\n", (*handle)(40, 2));
    *handle = subtract;
    printf("after reassignment: %d\n", chosen(40, 2));
    volatile int flag = 1;
    printf("conditional callee: %d\n", (flag ? multiply : divide)(6, 7));
    return 0;
}
