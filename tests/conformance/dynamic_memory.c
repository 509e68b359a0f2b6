/* dynamic_memory.c: heap use beyond single nodes. calloc returns zeroed
 * memory, a vector grows by realloc and keeps its contents, realloc(NULL, n)
 * allocates and free(NULL) does nothing. Also a growable string builder, a
 * ragged 2-D array of row pointers, and a chained hash table that counts
 * words. Every block is freed, so the live-block counter ends at zero. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int live_blocks;

static void *checked_malloc(size_t size) {
    void *block = malloc(size);
    if (block == NULL) {
        puts("malloc failed");
        exit(1);
    }
    live_blocks++;
    return block;
}

static void checked_free(void *block) {
    if (block != NULL) live_blocks--;
    free(block);
}

struct vector {
    int *items;
    size_t length;
    size_t capacity;
};

static void vector_push(struct vector *v, int item) {
    if (v->length == v->capacity) {
        size_t new_capacity = v->capacity == 0 ? 4 : v->capacity * 2;
        int *grown = realloc(v->items, new_capacity * sizeof *grown);
        if (grown == NULL) exit(1);
        if (v->items == NULL) live_blocks++;
        v->items = grown;
        v->capacity = new_capacity;
    }
    v->items[v->length++] = item;
}

struct string_builder {
    char *text;
    size_t length;
    size_t capacity;
};

static void append(struct string_builder *builder, const char *piece) {
    size_t piece_length = strlen(piece);
    if (builder->length + piece_length + 1 > builder->capacity) {
        size_t new_capacity = builder->capacity == 0 ? 8 : builder->capacity;
        while (builder->length + piece_length + 1 > new_capacity) new_capacity *= 2;
        char *grown = realloc(builder->text, new_capacity);
        if (grown == NULL) exit(1);
        if (builder->text == NULL) live_blocks++;
        builder->text = grown;
        builder->capacity = new_capacity;
    }
    memcpy(builder->text + builder->length, piece, piece_length + 1);
    builder->length += piece_length;
}

enum { BUCKET_COUNT = 31 };

struct entry {
    char *word;
    int count;
    struct entry *next;
};

/* FNV-1a, reduced to a bucket index. */
static unsigned bucket_of(const char *word) {
    unsigned hash = 2166136261u;
    for (const char *p = word; *p != '\0'; p++) hash = (hash ^ (unsigned char)*p) * 16777619u;
    return hash % BUCKET_COUNT;
}

static void count_word(struct entry **buckets, const char *word) {
    struct entry **link = &buckets[bucket_of(word)];
    for (; *link != NULL; link = &(*link)->next) {
        if (strcmp((*link)->word, word) == 0) {
            (*link)->count++;
            return;
        }
    }
    struct entry *entry = checked_malloc(sizeof *entry);
    entry->word = checked_malloc(strlen(word) + 1);
    strcpy(entry->word, word);
    entry->count = 1;
    entry->next = NULL;
    *link = entry;
}

int main(void) {
    /* calloc returns zeroed memory. */
    int *zeros = calloc(100, sizeof *zeros);
    if (zeros == NULL) return 1;
    live_blocks++;
    int nonzero = 0;
    for (int i = 0; i < 100; i++)
        if (zeros[i] != 0) nonzero++;
    printf("calloc nonzero entries: %d\n", nonzero);
    checked_free(zeros);

    struct vector v = {NULL, 0, 0};
    size_t capacity_changes = 0;
    size_t last_capacity = 0;
    for (int i = 0; i < 1000; i++) {
        vector_push(&v, i * i - 500 * i);
        if (v.capacity != last_capacity) {
            capacity_changes++;
            last_capacity = v.capacity;
        }
    }
    long long sum = 0;
    for (size_t i = 0; i < v.length; i++) sum += v.items[i];
    printf("vector: length %zu capacity %zu growths %zu sum %lld item[999] %d\n", v.length,
           v.capacity, capacity_changes, sum, v.items[999]);

    /* Shrinking keeps the first items. */
    int *shrunk = realloc(v.items, 10 * sizeof *shrunk);
    if (shrunk == NULL) return 1;
    v.items = shrunk;
    printf("after shrinking:");
    for (int i = 0; i < 10; i++) printf(" %d", v.items[i]);
    putchar('\n');
    checked_free(v.items);

    /* realloc(NULL, n) allocates, and free(NULL) does nothing. */
    char *fresh = realloc(NULL, 16);
    if (fresh == NULL) return 1;
    live_blocks++;
    strcpy(fresh, "from realloc");
    printf("%s\n", fresh);
    checked_free(fresh);
    free(NULL);

    struct string_builder builder = {NULL, 0, 0};
    for (int i = 0; i < 30; i++) {
        char piece[16];
        sprintf(piece, "%d%s", i * 7, i % 5 == 4 ? ";" : ",");
        append(&builder, piece);
    }
    printf("builder (%zu chars, capacity %zu): %s\n", builder.length, builder.capacity,
           builder.text);
    checked_free(builder.text);

    /* A triangle of rows, row r holding r + 1 values from Pascal's triangle. */
    enum { ROWS = 12 };
    unsigned **triangle = checked_malloc(ROWS * sizeof *triangle);
    for (int r = 0; r < ROWS; r++) {
        triangle[r] = checked_malloc((size_t)(r + 1) * sizeof **triangle);
        triangle[r][0] = 1;
        triangle[r][r] = 1;
        for (int c = 1; c < r; c++) triangle[r][c] = triangle[r - 1][c - 1] + triangle[r - 1][c];
    }
    for (int r = ROWS - 3; r < ROWS; r++) {
        printf("row %d:", r);
        for (int c = 0; c <= r; c++) printf(" %u", triangle[r][c]);
        putchar('\n');
    }
    for (int r = 0; r < ROWS; r++) checked_free(triangle[r]);
    checked_free(triangle);

    /* Word counts in a chained hash table. */
    struct entry *buckets[BUCKET_COUNT] = {NULL};
    char text[] = "the cat and the dog and the bird saw the cat chase a dog while a bird sang "
                  "and the dog slept";
    int total_words = 0;
    for (char *word = text; *word != '\0';) {
        char *space = strchr(word, ' ');
        if (space != NULL) *space = '\0';
        count_word(buckets, word);
        total_words++;
        if (space == NULL) break;
        word = space + 1;
    }
    printf("words: %d, live blocks: %d\n", total_words, live_blocks);
    const char *queries[] = {"the", "dog", "cat", "bird", "fish", "slept"};
    for (int q = 0; q < 6; q++) {
        int count = 0;
        for (struct entry *e = buckets[bucket_of(queries[q])]; e != NULL; e = e->next)
            if (strcmp(e->word, queries[q]) == 0) count = e->count;
        printf("count of %s: %d\n", queries[q], count);
    }
    int distinct = 0;
    int longest_chain = 0;
    for (int b = 0; b < BUCKET_COUNT; b++) {
        int chain = 0;
        struct entry *e = buckets[b];
        while (e != NULL) {
            struct entry *next = e->next;
            distinct++;
            chain++;
            checked_free(e->word);
            checked_free(e);
            e = next;
        }
        if (chain > longest_chain) longest_chain = chain;
    }
    printf("distinct words: %d, longest chain: %d\n", distinct, longest_chain);
    printf("live blocks at the end: %d\n", live_blocks);
    return 0;
}
