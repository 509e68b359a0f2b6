/* struct_values.c: structs passed and returned by value: small ones of two
 * ints, ones with doubles, chars and an array member, and a large one
 * returned through memory the caller provides. Also nested structs, arrays
 * of structs, assignment as a copy, compound literals and designated
 * initializers. Callees change their copies, and the caller's values must
 * not change. */
#include <stdio.h>
#include <string.h>

struct point {
    int x;
    int y;
};

struct rectangle {
    struct point corner;
    struct point size;
};

struct mixed {
    char tag;
    short count;
    double weight;
    unsigned char flags[3];
    long long id;
};

struct polygon {
    int vertex_count;
    struct point vertices[8];
    char name[16];
};

static struct point add_points(struct point a, struct point b) {
    struct point sum = {a.x + b.x, a.y + b.y};
    a.x = 9999; /* changes only the callee's copy */
    return sum;
}

static struct point scale_point(struct point p, int factor) {
    p.x *= factor;
    p.y *= factor;
    return p;
}

static int area(struct rectangle r) { return r.size.x * r.size.y; }

static struct rectangle grow(struct rectangle r, int margin) {
    r.corner.x -= margin;
    r.corner.y -= margin;
    r.size.x += 2 * margin;
    r.size.y += 2 * margin;
    return r;
}

static int rectangles_overlap(const struct rectangle *a, const struct rectangle *b) {
    return a->corner.x < b->corner.x + b->size.x && b->corner.x < a->corner.x + a->size.x &&
           a->corner.y < b->corner.y + b->size.y && b->corner.y < a->corner.y + a->size.y;
}

static struct mixed update_mixed(struct mixed m) {
    m.tag = (char)(m.tag + 1);
    m.count = (short)(m.count * 2);
    m.weight *= 1.5;
    m.flags[1] ^= 0xff;
    m.id += 1000000000000LL;
    return m;
}

static void print_mixed(const char *label, struct mixed m) {
    printf("%s: tag=%c count=%d weight=%.3f flags=%u,%u,%u id=%lld\n", label, m.tag, m.count,
           m.weight, m.flags[0], m.flags[1], m.flags[2], m.id);
}

/* Returns a large struct, which i386 returns through memory the caller
 * provides. */
static struct polygon make_regular_shape(int vertex_count, int radius) {
    struct polygon shape;
    memset(&shape, 0, sizeof shape);
    shape.vertex_count = vertex_count;
    /* Integer points on a diamond around the origin. */
    for (int i = 0; i < vertex_count; i++) {
        int quarter = i * 4 / vertex_count;
        int step = i * 4 % vertex_count;
        int along = radius * step / vertex_count;
        switch (quarter) {
        case 0: shape.vertices[i] = (struct point){radius - along, along}; break;
        case 1: shape.vertices[i] = (struct point){-along, radius - along}; break;
        case 2: shape.vertices[i] = (struct point){-radius + along, -along}; break;
        default: shape.vertices[i] = (struct point){along, -radius + along}; break;
        }
    }
    snprintf(shape.name, sizeof shape.name, "shape-%d", vertex_count);
    return shape;
}

/* Twice the signed area of a polygon (the shoelace formula). */
static int doubled_area(struct polygon shape) {
    int sum = 0;
    for (int i = 0; i < shape.vertex_count; i++) {
        struct point a = shape.vertices[i];
        struct point b = shape.vertices[(i + 1) % shape.vertex_count];
        sum += a.x * b.y - b.x * a.y;
    }
    shape.vertices[0].x = -1; /* the caller's copy stays as it was */
    return sum;
}

int main(void) {
    struct point a = {3, -4};
    struct point b = {.y = 10, .x = 7};
    struct point c = add_points(a, b);
    printf("a=(%d,%d) b=(%d,%d) a+b=(%d,%d)\n", a.x, a.y, b.x, b.y, c.x, c.y);
    c = scale_point(add_points(c, (struct point){1, 1}), -3);
    printf("scaled=(%d,%d)\n", c.x, c.y);

    struct rectangle r = {{0, 0}, {4, 3}};
    struct rectangle bigger = grow(r, 2);
    printf("r: corner (%d,%d) size %dx%d area %d\n", r.corner.x, r.corner.y, r.size.x, r.size.y,
           area(r));
    printf("grown: corner (%d,%d) size %dx%d area %d\n", bigger.corner.x, bigger.corner.y,
           bigger.size.x, bigger.size.y, area(bigger));

    struct rectangle tiles[4];
    for (int i = 0; i < 4; i++) {
        tiles[i].corner = (struct point){i * 3, i % 2};
        tiles[i].size = (struct point){2 + i, 2};
    }
    for (int i = 0; i < 4; i++) {
        printf("tile %d overlaps:", i);
        for (int j = 0; j < 4; j++)
            if (i != j && rectangles_overlap(&tiles[i], &tiles[j])) printf(" %d", j);
        putchar('\n');
    }

    /* Assignment copies the whole struct, including its array member. */
    struct mixed original = {'a', 300, 2.25, {1, 2, 3}, 123456789012345LL};
    struct mixed copy = original;
    copy.flags[0] = 200;
    struct mixed updated = update_mixed(original);
    print_mixed("original", original);
    print_mixed("copy", copy);
    print_mixed("updated", updated);
    printf("sizeof struct mixed = %zu\n", sizeof(struct mixed));

    struct polygon shapes[3];
    for (int i = 0; i < 3; i++) shapes[i] = make_regular_shape(4 + 2 * i, 10);
    for (int i = 0; i < 3; i++) {
        printf("%s:", shapes[i].name);
        for (int v = 0; v < shapes[i].vertex_count; v++)
            printf(" (%d,%d)", shapes[i].vertices[v].x, shapes[i].vertices[v].y);
        printf(" doubled area %d, first x still %d\n", doubled_area(shapes[i]),
               shapes[i].vertices[0].x);
    }

    /* Swapping two structs through a temporary, and comparing members. */
    struct polygon first = shapes[0];
    shapes[0] = shapes[2];
    shapes[2] = first;
    printf("after swap: %s %s %s\n", shapes[0].name, shapes[1].name, shapes[2].name);
    printf("copies equal: %d\n", memcmp(&first, &shapes[2], sizeof first) == 0);
    return 0;
}
