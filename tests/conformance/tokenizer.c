/* tokenizer.c: a character-level state machine written as a switch on the
 * current state. It splits a small C-like source text into identifiers,
 * decimal, octal and hexadecimal numbers, string literals with escapes, and
 * one- and two-character operators, and it skips blanks and comments. A
 * second part evaluates integer expressions from the same tokens by
 * precedence climbing. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum state {
    STATE_START,
    STATE_IDENTIFIER,
    STATE_DECIMAL,
    STATE_ZERO,
    STATE_HEX,
    STATE_OCTAL,
    STATE_STRING,
    STATE_STRING_ESCAPE,
    STATE_SLASH,
    STATE_LINE_COMMENT,
    STATE_BLOCK_COMMENT,
    STATE_BLOCK_COMMENT_STAR,
    STATE_OPERATOR,
};

enum token_kind { TOKEN_IDENTIFIER, TOKEN_NUMBER, TOKEN_STRING, TOKEN_OPERATOR, TOKEN_END };

struct token {
    enum token_kind kind;
    char text[32];
    long value;
};

static const char *kind_name(enum token_kind kind) {
    switch (kind) {
    case TOKEN_IDENTIFIER: return "identifier";
    case TOKEN_NUMBER: return "number";
    case TOKEN_STRING: return "string";
    case TOKEN_OPERATOR: return "operator";
    case TOKEN_END: return "end";
    }
    return "?";
}

static int is_two_character_operator(char first, char second) {
    static const char *const pairs[] = {"==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "->", "++"};
    for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][0] == first && pairs[i][1] == second) return 1;
    return 0;
}

/* Splits source into at most max_tokens tokens and returns how many it
 * found, the last being TOKEN_END. Returns -1 on an invalid character, an
 * unterminated string or comment, a token longer than 31 characters, or more
 * tokens than fit. */
static int tokenize(const char *source, struct token *tokens, int max_tokens) {
    enum state state = STATE_START;
    int count = 0;
    int length = 0;
    struct token current = {TOKEN_END, "", 0};
    size_t position = 0;

    for (;;) {
        char c = source[position];
        int consumed = 1;
        /* Each step appends at most one character, so this check keeps room
         * for the terminator. */
        if (length >= (int)sizeof current.text - 1) return -1;
        switch (state) {
        case STATE_START:
            length = 0;
            current.value = 0;
            if (c == '\0') {
                consumed = 0;
                break;
            }
            if (isspace((unsigned char)c)) break;
            current.text[length++] = c;
            if (isalpha((unsigned char)c) || c == '_') {
                state = STATE_IDENTIFIER;
            } else if (c == '0') {
                state = STATE_ZERO;
            } else if (isdigit((unsigned char)c)) {
                current.value = c - '0';
                state = STATE_DECIMAL;
            } else if (c == '"') {
                length = 0;
                state = STATE_STRING;
            } else if (c == '/') {
                state = STATE_SLASH;
            } else if (strchr("+-*%()<>=!&|;,{}^~", c) != NULL) {
                state = STATE_OPERATOR;
            } else {
                return -1;
            }
            break;
        case STATE_IDENTIFIER:
            if (isalnum((unsigned char)c) || c == '_') {
                current.text[length++] = c;
            } else {
                current.kind = TOKEN_IDENTIFIER;
                consumed = 0;
                state = STATE_START;
            }
            break;
        case STATE_ZERO:
            if (c == 'x' || c == 'X') {
                current.text[length++] = c;
                state = STATE_HEX;
            } else if (c >= '0' && c <= '7') {
                consumed = 0;
                state = STATE_OCTAL;
            } else {
                current.kind = TOKEN_NUMBER;
                consumed = 0;
                state = STATE_START;
            }
            break;
        case STATE_DECIMAL:
            if (isdigit((unsigned char)c)) {
                current.text[length++] = c;
                current.value = current.value * 10 + (c - '0');
            } else {
                current.kind = TOKEN_NUMBER;
                consumed = 0;
                state = STATE_START;
            }
            break;
        case STATE_HEX:
            if (isxdigit((unsigned char)c)) {
                current.text[length++] = c;
                int digit = isdigit((unsigned char)c) ? c - '0'
                                                      : tolower((unsigned char)c) - 'a' + 10;
                current.value = current.value * 16 + digit;
            } else {
                current.kind = TOKEN_NUMBER;
                consumed = 0;
                state = STATE_START;
            }
            break;
        case STATE_OCTAL:
            if (c >= '0' && c <= '7') {
                current.text[length++] = c;
                current.value = current.value * 8 + (c - '0');
            } else {
                current.kind = TOKEN_NUMBER;
                consumed = 0;
                state = STATE_START;
            }
            break;
        case STATE_STRING:
            if (c == '\\') {
                state = STATE_STRING_ESCAPE;
            } else if (c == '"') {
                current.kind = TOKEN_STRING;
                state = STATE_START;
            } else if (c == '\0') {
                return -1;
            } else {
                current.text[length++] = c;
            }
            break;
        case STATE_STRING_ESCAPE:
            if (c == '\0') return -1;
            switch (c) {
            case 'n': current.text[length++] = '\n'; break;
            case 't': current.text[length++] = '\t'; break;
            default: current.text[length++] = c; break;
            }
            state = STATE_STRING;
            break;
        case STATE_SLASH:
            if (c == '/') {
                state = STATE_LINE_COMMENT;
            } else if (c == '*') {
                state = STATE_BLOCK_COMMENT;
            } else {
                current.kind = TOKEN_OPERATOR;
                consumed = 0;
                state = STATE_START;
            }
            break;
        case STATE_LINE_COMMENT:
            if (c == '\n' || c == '\0') {
                consumed = c != '\0';
                state = STATE_START;
            }
            break;
        case STATE_BLOCK_COMMENT:
            if (c == '*') state = STATE_BLOCK_COMMENT_STAR;
            if (c == '\0') return -1;
            break;
        case STATE_BLOCK_COMMENT_STAR:
            if (c == '/')
                state = STATE_START;
            else if (c != '*')
                state = STATE_BLOCK_COMMENT;
            if (c == '\0') return -1;
            break;
        case STATE_OPERATOR:
            if (is_two_character_operator(current.text[0], c)) {
                current.text[length++] = c;
            } else {
                consumed = 0;
            }
            current.kind = TOKEN_OPERATOR;
            state = STATE_START;
            break;
        }

        /* A token is complete when the machine went back to the start state
         * with a token kind set. */
        if (state == STATE_START && current.kind != TOKEN_END) {
            current.text[length] = '\0';
            if (count == max_tokens - 1) return -1;
            tokens[count++] = current;
            current.kind = TOKEN_END;
        }
        if (c == '\0' && state == STATE_START && !consumed) break;
        if (consumed) position++;
    }
    tokens[count].kind = TOKEN_END;
    strcpy(tokens[count].text, "");
    tokens[count].value = 0;
    return count + 1;
}

/* Precedence climbing over + - * / % and parentheses. */
struct parser {
    const struct token *tokens;
    int position;
};

static long parse_expression(struct parser *parser, int min_precedence);

static long parse_primary(struct parser *parser) {
    const struct token *token = &parser->tokens[parser->position++];
    if (token->kind == TOKEN_NUMBER) return token->value;
    if (token->kind == TOKEN_OPERATOR && strcmp(token->text, "(") == 0) {
        long value = parse_expression(parser, 0);
        parser->position++; /* the closing parenthesis */
        return value;
    }
    if (token->kind == TOKEN_OPERATOR && strcmp(token->text, "-") == 0)
        return -parse_primary(parser);
    return 0;
}

static int precedence(const struct token *token) {
    if (token->kind != TOKEN_OPERATOR || token->text[1] != '\0') return -1;
    switch (token->text[0]) {
    case '+':
    case '-': return 1;
    case '*':
    case '/':
    case '%': return 2;
    default: return -1;
    }
}

static long parse_expression(struct parser *parser, int min_precedence) {
    long left = parse_primary(parser);
    for (;;) {
        const struct token *operator_token = &parser->tokens[parser->position];
        int operator_precedence = precedence(operator_token);
        if (operator_precedence < min_precedence || operator_precedence < 0) break;
        parser->position++;
        long right = parse_expression(parser, operator_precedence + 1);
        switch (operator_token->text[0]) {
        case '+': left += right; break;
        case '-': left -= right; break;
        case '*': left *= right; break;
        case '/': left = right != 0 ? left / right : 0; break;
        case '%': left = right != 0 ? left % right : 0; break;
        }
    }
    return left;
}

int main(void) {
    static const char source[] =
        "int main(void) { /* block\n comment ** */ x_1 = 0x1F + 42 * (y >= 7);\n"
        "  if (a != b && c <= d || !e) s = \"tab\\there \\\"quoted\\\" end\";\n"
        "  // line comment with symbols +-*/\n"
        "  p->next++; return 017 % 3 << 2 + 0; }";
    struct token tokens[96];
    int count = tokenize(source, tokens, 96);
    printf("%d tokens\n", count);
    for (int i = 0; i < count; i++) {
        const struct token *token = &tokens[i];
        if (token->kind == TOKEN_NUMBER)
            printf("%2d %-10s %s = %ld\n", i, kind_name(token->kind), token->text, token->value);
        else
            printf("%2d %-10s [%s]\n", i, kind_name(token->kind), token->text);
    }

    static const char *const expressions[] = {
        "1 + 2 * 3", "(1 + 2) * 3", "100 / 7 % 5", "-(4 - 10) * 0x10", "2 * (3 + (4 - 1)) / 3",
        "1 - 2 - 3 - 4", "7 / -2", "0x7fff * 0x10001 - 1", "0777 - 0 + 010",
    };
    for (unsigned i = 0; i < sizeof expressions / sizeof expressions[0]; i++) {
        struct token expression_tokens[32];
        tokenize(expressions[i], expression_tokens, 32);
        struct parser parser = {expression_tokens, 0};
        printf("%s = %ld\n", expressions[i], parse_expression(&parser, 0));
    }

    struct token few[4];
    printf("invalid character: %d, too many tokens: %d, open comment: %d\n",
           tokenize("a @ b", few, 4), tokenize("a b c d e", few, 4), tokenize("/* open", few, 4));
    printf("open string: %d, trailing backslash: %d, long identifier: %d\n",
           tokenize("\"abc", few, 4), tokenize("\"abc\\", few, 4),
           tokenize("abcdefghijklmnopqrstuvwxyz0123456789", few, 4));
    return 0;
}
