/* switch_cases.c: switch statements of the shapes clang lowers differently.
 * Dense cases become a lookup table, and sparse and negative cases a
 * comparison tree. Also fallthrough chains, default placed between cases,
 * nested switches, and switches on char, on unsigned values above INT_MAX
 * and on long long. A switch has only a default, and break and continue
 * appear inside a switch in a loop. */
#include <stdio.h>

enum color { RED, GREEN, BLUE, YELLOW, CYAN, MAGENTA, WHITE, BLACK };

static const char *color_name(enum color color) {
    switch (color) {
    case RED: return "red";
    case GREEN: return "green";
    case BLUE: return "blue";
    case YELLOW: return "yellow";
    case CYAN: return "cyan";
    case MAGENTA: return "magenta";
    case WHITE: return "white";
    case BLACK: return "black";
    }
    return "unknown";
}

static int dense(int x) {
    switch (x) {
    case 0: return 17;
    case 1: return -4;
    case 2: return 99;
    case 3: return 0;
    case 4: return 12345;
    case 5: return 8;
    case 6: return -77;
    case 7: return 3;
    case 8: return 64;
    case 9: return 1000;
    default: return -1;
    }
}

static int sparse(int x) {
    switch (x) {
    case -1000000: return 1;
    case -5: return 2;
    case 0: return 3;
    case 7: return 4;
    case 100: return 5;
    case 4096: return 6;
    case 65537: return 7;
    case 2147483647: return 8;
    case -2147483647 - 1: return 9;
    default: return 0;
    }
}

/* Counts how many statements run when entering the chain at x. */
static int fallthrough_chain(int x) {
    int steps = 0;
    switch (x) {
    case 1:
        steps += 1;
        /* fall through */
    case 2:
        steps += 10;
        /* fall through */
    default:
        steps += 100;
        /* fall through */
    case 3:
        steps += 1000;
        break;
    case 4:
        steps += 10000;
    }
    return steps;
}

static const char *classify_char(char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
    case 'A': case 'E': case 'I': case 'O': case 'U':
        return "vowel";
    case ' ': case '\t': case '\n':
        return "space";
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return "digit";
    case '.': case ',': case '!': case '?':
        return "punctuation";
    default:
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? "consonant" : "other";
    }
}

static int unsigned_switch(unsigned x) {
    switch (x) {
    case 0u: return 1;
    case 0x7fffffffu: return 2;
    case 0x80000000u: return 3;
    case 0xfffffffeu: return 4;
    case 0xffffffffu: return 5;
    default: return 0;
    }
}

static int long_long_switch(long long x) {
    switch (x) {
    case 0LL: return 1;
    case 4294967296LL: return 2;
    case -4294967296LL: return 3;
    case 1LL << 62: return 4;
    case 5LL: return 5;
    default: return 0;
    }
}

static int nested(int outer, int inner) {
    switch (outer) {
    case 0:
        switch (inner) {
        case 0: return 0;
        case 1: return 1;
        default: return 2;
        }
    case 1:
        switch (inner) {
        case 0: return 10;
        default: break;
        }
        return 11;
    default:
        return 20 + inner;
    }
}

static int only_default(int x) {
    switch (x) {
    default: return x * 2;
    }
}

/* Inputs are read from volatile objects so that clang cannot evaluate the
 * switches at compile time. */
static volatile const int first_dense_input = -2;

int main(void) {
    printf("colors:");
    for (int c = RED; c <= BLACK + 1; c++) printf(" %s", color_name((enum color)c));
    putchar('\n');

    printf("dense:");
    for (int x = first_dense_input; x <= 11; x++) printf(" %d", dense(x));
    putchar('\n');

    static volatile const int sparse_inputs[] = {-1000000, -5, 0, 7, 100, 4096, 65537, 2147483647,
                                                 -2147483647 - 1, 1, 99, 4095, -4};
    printf("sparse:");
    for (unsigned i = 0; i < sizeof sparse_inputs / sizeof sparse_inputs[0]; i++)
        printf(" %d", sparse(sparse_inputs[i]));
    putchar('\n');

    printf("fallthrough:");
    for (int x = first_dense_input + 2; x <= 5; x++) printf(" %d", fallthrough_chain(x));
    putchar('\n');

    const char *sentence = "Hi, 2 cats ate 9 fish!\t";
    int on_line = 0;
    for (const char *p = sentence; *p != '\0'; p++) {
        char shown = *p == '\t' ? 'T' : *p;
        printf("%s'%c':%s", on_line == 0 ? "" : " ", shown, classify_char(*p));
        if (++on_line == 8 || p[1] == '\0') {
            putchar('\n');
            on_line = 0;
        }
    }

    static volatile const unsigned unsigned_inputs[] = {0u, 1u, 0x7fffffffu, 0x80000000u,
                                                        0xfffffffeu, 0xffffffffu};
    printf("unsigned:");
    for (int i = 0; i < 6; i++) printf(" %d", unsigned_switch(unsigned_inputs[i]));
    putchar('\n');

    static volatile const long long wide_inputs[] = {0LL, 4294967296LL, -4294967296LL, 1LL << 62,
                                                     5LL, 4294967297LL, (1LL << 62) + 5};
    printf("long long:");
    for (int i = 0; i < 7; i++) printf(" %d", long_long_switch(wide_inputs[i]));
    putchar('\n');

    printf("nested:");
    for (int outer = 0; outer < 3; outer++)
        for (int inner = 0; inner < 3; inner++) printf(" %d", nested(outer, inner));
    printf("\nonly default: %d %d\n", only_default(21), only_default(-4));

    /* break leaves the switch, continue the loop iteration. */
    int kept = 0;
    int skipped = 0;
    int stopped_at = -1;
    for (int i = 0; i < 100; i++) {
        switch (i % 7) {
        case 0: continue;
        case 3: skipped++; continue;
        case 5:
            if (i > 60) {
                stopped_at = i;
                goto finished;
            }
            break;
        default: break;
        }
        kept += i;
    }
finished:
    printf("kept sum %d, skipped %d, stopped at %d\n", kept, skipped, stopped_at);
    return 0;
}
