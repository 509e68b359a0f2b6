/* A switch-driven state machine: a tokenizer for a small expression
 * language, plus a dense switch with fall-through and a sparse switch. */
#include "scratch.h"

enum state { START, NUMBER, ZERO, HEX, IDENTIFIER, COMMENT };
enum kind { KIND_NUMBER = 1, KIND_IDENTIFIER = 2, KIND_OPERATOR = 3 };

/* The characters of "total = 12 + 0x1F * 3; # note\nx9 = total - 0 + 07;\n". */
int text[] = {
    't', 'o', 't', 'a', 'l', ' ', '=', ' ', '1', '2', ' ', '+', ' ', '0', 'x', '1', 'F', ' ', '*',
    ' ', '3', ';', ' ', '#', ' ', 'n', 'o', 't', 'e', '\n', 'x', '9', ' ', '=', ' ', 't', 'o', 't',
    'a', 'l', ' ', '-', ' ', '0', ' ', '+', ' ', '0', '7', ';', '\n',
};
int text_length = 51;
int token_count;

/* Prints one token as "token KIND VALUE". The kind prints as a number: had
 * each case printed its own literal, clang -O2 would turn the switch into a
 * lookup table of string pointers, which the backend rejects because
 * scratch_print_str needs a string literal. */
__attribute__((noinline)) void emit(int kind, int value) {
    token_count++;
    int printed_value;
    switch (kind) {
    case KIND_NUMBER:
        printed_value = value;
        break;
    case KIND_IDENTIFIER:
        printed_value = value % 100000;
        break;
    default:
        printed_value = -value;
        break;
    }
    scratch_print_str("token ");
    scratch_print_int(kind);
    scratch_print_str(" ");
    scratch_print_int(printed_value);
    scratch_print_newline();
}

int is_digit(int c) { return c >= '0' && c <= '9'; }
int is_letter(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int hex_value(int c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Runs the tokenizer over `text`. A character that ends a token is read
 * again in the START state. */
__attribute__((noinline)) void tokenize(void) {
    enum state state = START;
    int value = 0;
    int i = 0;
    while (i <= text_length) {
        int c = i < text_length ? text[i] : ' ';
        int consumed = 1;
        switch (state) {
        case START:
            if (c == '0') {
                state = ZERO;
                value = 0;
            } else if (is_digit(c)) {
                state = NUMBER;
                value = c - '0';
            } else if (is_letter(c)) {
                state = IDENTIFIER;
                value = c;
            } else if (c == '#') {
                state = COMMENT;
            } else if (c != ' ' && c != '\n') {
                emit(KIND_OPERATOR, c);
            }
            break;
        case ZERO:
            if (c == 'x' || c == 'X') {
                state = HEX;
            } else if (is_digit(c)) {
                state = NUMBER;
                value = c - '0';
            } else {
                emit(KIND_NUMBER, 0);
                state = START;
                consumed = 0;
            }
            break;
        case NUMBER:
            if (is_digit(c)) {
                value = value * 10 + (c - '0');
            } else {
                emit(KIND_NUMBER, value);
                state = START;
                consumed = 0;
            }
            break;
        case HEX:
            if (hex_value(c) >= 0) {
                value = value * 16 + hex_value(c);
            } else {
                emit(KIND_NUMBER, value);
                state = START;
                consumed = 0;
            }
            break;
        case IDENTIFIER:
            if (is_letter(c) || is_digit(c)) {
                value = value * 31 + c;
            } else {
                emit(KIND_IDENTIFIER, value);
                state = START;
                consumed = 0;
            }
            break;
        case COMMENT:
            if (c == '\n') state = START;
            break;
        }
        i += consumed;
    }
}

/* A dense switch whose cases fall through into each other. */
__attribute__((noinline)) int days_in_month(int month, int leap) {
    int days = 0;
    switch (month) {
    case 2:
        days = leap ? 29 : 28;
        break;
    case 4:
    case 6:
    case 9:
    case 11:
        days = 30;
        break;
    case 1:
    case 3:
    case 5:
    case 7:
    case 8:
    case 10:
    case 12:
        days = 31;
        break;
    default:
        days = -1;
    }
    return days;
}

/* A sparse switch with fall-through that accumulates. */
__attribute__((noinline)) int sparse(int key) {
    int result = 0;
    switch (key) {
    case 1000000:
        result += 1;
        /* fall through */
    case 1000:
        result += 10;
        /* fall through */
    case -5:
        result += 100;
        break;
    case 77:
        result = -77;
        break;
    default:
        result = key % 9;
    }
    return result;
}

int main(void) {
    tokenize();
    scratch_print_str("tokens ");
    scratch_print_int(token_count);
    scratch_print_newline();

    int year_days = 0;
    for (int month = 0; month <= 13; month++) {
        int days = days_in_month(month, month % 2);
        scratch_print_int(days);
        scratch_print_newline();
        if (days > 0) year_days += days;
    }
    scratch_print_int(year_days);
    scratch_print_newline();

    int keys[] = {1000000, 1000, -5, 77, 0, 23, -40};
    for (int k = 0; k < 7; k++) {
        scratch_print_int(sparse(keys[k]));
        scratch_print_newline();
    }
    return 0;
}
