/* linked_list.c: singly linked lists of malloc'ed nodes. It inserts at the
 * head, at the tail and in sorted position, reverses in place, deletes the
 * first match and every match, merges two sorted lists and frees every node.
 * The counter of live nodes must end at zero. */
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static int live_nodes;

static struct node *new_node(int value, struct node *next) {
    struct node *node = malloc(sizeof *node);
    if (node == NULL) {
        puts("out of memory");
        exit(1);
    }
    node->value = value;
    node->next = next;
    live_nodes++;
    return node;
}

static void free_node(struct node *node) {
    free(node);
    live_nodes--;
}

static void print_list(const char *label, const struct node *list) {
    printf("%s:", label);
    int length = 0;
    for (const struct node *node = list; node != NULL; node = node->next) {
        printf(" %d", node->value);
        length++;
    }
    printf(" (length %d)\n", length);
}

static struct node *push_front(struct node *list, int value) { return new_node(value, list); }

static struct node *push_back(struct node *list, int value) {
    struct node *node = new_node(value, NULL);
    if (list == NULL) return node;
    struct node *last = list;
    while (last->next != NULL) last = last->next;
    last->next = node;
    return list;
}

/* Inserts keeping ascending order, through a pointer to the link to change. */
static struct node *insert_sorted(struct node *list, int value) {
    struct node **link = &list;
    while (*link != NULL && (*link)->value < value) link = &(*link)->next;
    *link = new_node(value, *link);
    return list;
}

static struct node *reverse(struct node *list) {
    struct node *reversed = NULL;
    while (list != NULL) {
        struct node *next = list->next;
        list->next = reversed;
        reversed = list;
        list = next;
    }
    return reversed;
}

static struct node *delete_first(struct node *list, int value, int *found) {
    *found = 0;
    for (struct node **link = &list; *link != NULL; link = &(*link)->next) {
        if ((*link)->value == value) {
            struct node *doomed = *link;
            *link = doomed->next;
            free_node(doomed);
            *found = 1;
            break;
        }
    }
    return list;
}

static struct node *delete_all(struct node *list, int (*matches)(int), int *deleted) {
    *deleted = 0;
    struct node **link = &list;
    while (*link != NULL) {
        if (matches((*link)->value)) {
            struct node *doomed = *link;
            *link = doomed->next;
            free_node(doomed);
            (*deleted)++;
        } else {
            link = &(*link)->next;
        }
    }
    return list;
}

static struct node *merge_sorted(struct node *a, struct node *b) {
    struct node head = {0, NULL};
    struct node *tail = &head;
    while (a != NULL && b != NULL) {
        if (b->value < a->value) {
            tail->next = b;
            b = b->next;
        } else {
            tail->next = a;
            a = a->next;
        }
        tail = tail->next;
    }
    tail->next = a != NULL ? a : b;
    return head.next;
}

static void free_list(struct node *list) {
    while (list != NULL) {
        struct node *next = list->next;
        free_node(list);
        list = next;
    }
}

static int is_even(int value) { return value % 2 == 0; }
static int is_negative(int value) { return value < 0; }

int main(void) {
    struct node *list = NULL;
    print_list("empty", list);
    for (int i = 1; i <= 5; i++) list = push_front(list, i * 10);
    print_list("push_front 10..50", list);
    for (int i = 1; i <= 3; i++) list = push_back(list, -i);
    print_list("push_back -1..-3", list);
    list = reverse(list);
    print_list("reversed", list);

    int found;
    list = delete_first(list, 30, &found);
    print_list("delete 30", list);
    list = delete_first(list, 99, &found);
    printf("delete 99 found: %d\n", found);
    list = delete_first(list, -3, &found);
    print_list("delete head -3", list);
    list = delete_first(list, 50, &found);
    print_list("delete tail 50", list);

    int deleted;
    list = delete_all(list, is_negative, &deleted);
    print_list("delete negatives", list);
    printf("deleted %d, live nodes %d\n", deleted, live_nodes);

    struct node *sorted = NULL;
    const int unsorted[] = {42, 7, 19, -5, 7, 100, 0, 63, 19, 8};
    for (int i = 0; i < 10; i++) sorted = insert_sorted(sorted, unsorted[i]);
    print_list("insert_sorted", sorted);
    struct node *merged = merge_sorted(sorted, list);
    print_list("merged", merged);
    merged = delete_all(merged, is_even, &deleted);
    print_list("odd values", merged);
    printf("deleted %d evens, live nodes %d\n", deleted, live_nodes);

    /* A longer list: build, reverse twice, sum, free. */
    struct node *long_list = NULL;
    for (int i = 0; i < 2000; i++) long_list = push_front(long_list, i * 3 - 1000);
    long_list = reverse(reverse(long_list));
    long long sum = 0;
    int count = 0;
    for (struct node *node = long_list; node != NULL; node = node->next) {
        sum += node->value;
        count++;
    }
    printf("long list: count=%d sum=%lld first=%d live=%d\n", count, sum, long_list->value,
           live_nodes);

    free_list(long_list);
    free_list(merged);
    printf("after freeing everything: live nodes %d\n", live_nodes);
    return 0;
}
