/* irreducible_goto.c: control flow that clang -O2 leaves irreducible, that
 * is loops with more than one entry. Two goto labels jump into each other's
 * loop bodies, a goto enters a for loop in the middle, three labels jump
 * among themselves, and Duff's device switches into an unrolled do-while.
 * The arguments that choose the entry come from volatile tables. clang
 * inlines these functions, and with constant arguments it would resolve the
 * entry at compile time and leave only reducible loops. */
#include <stdio.h>
#include <string.h>

/* Runs a two-state machine over the bits of input, starting in state A or
 * state B. Each state has its own loop, and a set bit moves to the other
 * state's loop body. */
static unsigned two_state_walk(unsigned input, int start_in_b, int *switches) {
    unsigned accumulator = 0;
    int bit = 0;
    *switches = 0;
    if (start_in_b) goto state_b;

state_a:
    accumulator = accumulator * 3u + 1u;
    bit++;
    if (bit >= 32) goto done;
    if ((input >> bit) & 1u) {
        (*switches)++;
        goto state_b;
    }
    goto state_a;

state_b:
    accumulator = accumulator * 5u + (unsigned)bit;
    bit++;
    if (bit >= 32) goto done;
    if ((input >> bit) & 1u) {
        (*switches)++;
        goto state_a;
    }
    goto state_b;

done:
    return accumulator;
}

/* Sums first..last, but when skip_first_half is set, enters the loop body
 * after its first statement on the first iteration. */
static int enter_in_middle(int first, int last, int skip_first_half) {
    int total = 0;
    int i = first;
    if (skip_first_half) goto second_half;
    for (; i <= last; i++) {
        total += i * 100;
    second_half:
        total += i;
    }
    return total;
}

/* Copies count bytes eight at a time, jumping into the unrolled loop at the
 * position that handles the remainder first. */
static void duff_copy(unsigned char *to, const unsigned char *from, int count) {
    if (count <= 0) return;
    int rounds = (count + 7) / 8;
    switch (count % 8) {
    case 0:
        do {
            *to++ = *from++;
            /* fall through */
        case 7:
            *to++ = *from++;
            /* fall through */
        case 6:
            *to++ = *from++;
            /* fall through */
        case 5:
            *to++ = *from++;
            /* fall through */
        case 4:
            *to++ = *from++;
            /* fall through */
        case 3:
            *to++ = *from++;
            /* fall through */
        case 2:
            *to++ = *from++;
            /* fall through */
        case 1:
            *to++ = *from++;
        } while (--rounds > 0);
    }
}

/* Jumps among three labels, entering at the one that start (0, 1 or 2)
 * selects. Returns the visited labels as the digits of a base-4 number. */
static unsigned three_way(unsigned steps, int start) {
    unsigned trace = 0;
    unsigned n = 0;
    switch (start) {
    case 1: goto second;
    case 2: goto third;
    default: break;
    }
first:
    trace = trace * 4u + 1u;
    if (++n >= steps) return trace;
    if (n % 3 == 0) goto third;
second:
    trace = trace * 4u + 2u;
    if (++n >= steps) return trace;
    if (n % 2 == 0) goto first;
third:
    trace = trace * 4u + 3u;
    if (++n >= steps) return trace;
    if (n % 5 == 0) goto second;
    goto first;
}

static volatile const unsigned walk_inputs[] = {0u, 0xffffffffu, 0xaaaaaaaau, 0x12345678u,
                                                0x80000001u};
static volatile const int entry_choices[] = {0, 1, 2};
static volatile const int copy_counts[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 40};

int main(void) {
    for (unsigned i = 0; i < sizeof walk_inputs / sizeof walk_inputs[0]; i++) {
        for (int choice = 0; choice <= 1; choice++) {
            int start_in_b = entry_choices[choice];
            int switches;
            unsigned result = two_state_walk(walk_inputs[i], start_in_b, &switches);
            printf("walk %08x from %c: %u after %d switches\n", walk_inputs[i],
                   start_in_b ? 'B' : 'A', result, switches);
        }
    }

    for (int choice = 0; choice <= 1; choice++) {
        int skip = entry_choices[choice];
        printf("enter_in_middle(1, 10, %d) = %d, (5, 4, %d) = %d\n", skip,
               enter_in_middle(1, 10, skip), skip, enter_in_middle(5, 4, skip));
    }

    unsigned char source[40];
    for (int i = 0; i < 40; i++) source[i] = (unsigned char)(i * 7 + 1);
    for (unsigned i = 0; i < sizeof copy_counts / sizeof copy_counts[0]; i++) {
        int count = copy_counts[i];
        unsigned char destination[40];
        memset(destination, 0, sizeof destination);
        duff_copy(destination, source, count);
        int copied_ok = memcmp(destination, source, (size_t)count) == 0;
        int rest_untouched = 1;
        for (int i = count; i < 40; i++)
            if (destination[i] != 0) rest_untouched = 0;
        printf("duff %2d: copied=%d rest untouched=%d\n", count, copied_ok, rest_untouched);
    }

    for (int choice = 0; choice < 3; choice++) {
        int start = entry_choices[choice];
        for (unsigned steps = 1; steps <= 13; steps += 6)
            printf("three_way(%2u, %d) = %u\n", steps, start, three_way(steps, start));
    }
    return 0;
}
