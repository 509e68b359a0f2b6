/* char_arrays.c: strings in char arrays handled one byte at a time. It
 * reverses in place, changes case with <ctype.h>, counts letters, tests
 * palindromes that ignore punctuation, applies ROT13, run-length encodes and
 * decodes, trims, capitalizes words and classifies every ASCII character. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void reverse_in_place(char *text) {
    size_t length = strlen(text);
    if (length < 2) return;
    for (size_t left = 0, right = length - 1; left < right; left++, right--) {
        char t = text[left];
        text[left] = text[right];
        text[right] = t;
    }
}

static void to_upper_case(char *text) {
    for (; *text != '\0'; text++) *text = (char)toupper((unsigned char)*text);
}

static int is_palindrome(const char *text) {
    size_t left = 0;
    size_t right = strlen(text);
    while (left < right) {
        if (!isalnum((unsigned char)text[left])) {
            left++;
        } else if (!isalnum((unsigned char)text[right - 1])) {
            right--;
        } else {
            if (tolower((unsigned char)text[left]) != tolower((unsigned char)text[right - 1]))
                return 0;
            left++;
            right--;
        }
    }
    return 1;
}

static void rot13(char *text) {
    for (; *text != '\0'; text++) {
        char c = *text;
        if (c >= 'a' && c <= 'z') *text = (char)('a' + (c - 'a' + 13) % 26);
        if (c >= 'A' && c <= 'Z') *text = (char)('A' + (c - 'A' + 13) % 26);
    }
}

/* Writes runs as a count followed by the character ("aaab" -> "3a1b"). */
static void run_length_encode(const char *text, char *out) {
    while (*text != '\0') {
        char c = *text;
        int run = 0;
        while (*text == c && run < 9) {
            run++;
            text++;
        }
        *out++ = (char)('0' + run);
        *out++ = c;
    }
    *out = '\0';
}

static void run_length_decode(const char *code, char *out) {
    for (; code[0] != '\0' && code[1] != '\0'; code += 2)
        for (int i = 0; i < code[0] - '0'; i++) *out++ = code[1];
    *out = '\0';
}

/* Removes leading and trailing white space by moving the text to the
 * front of the array. */
static void trim(char *text) {
    size_t start = 0;
    while (isspace((unsigned char)text[start])) start++;
    size_t end = strlen(text);
    while (end > start && isspace((unsigned char)text[end - 1])) end--;
    memmove(text, text + start, end - start);
    text[end - start] = '\0';
}

static void capitalize_words(char *text) {
    int at_word_start = 1;
    for (; *text != '\0'; text++) {
        if (isalpha((unsigned char)*text)) {
            *text = (char)(at_word_start ? toupper((unsigned char)*text)
                                         : tolower((unsigned char)*text));
            at_word_start = 0;
        } else {
            at_word_start = 1;
        }
    }
}

int main(void) {
    char text[64] = "Hello, Scratch World";
    reverse_in_place(text);
    printf("reversed: %s\n", text);
    reverse_in_place(text);
    to_upper_case(text);
    printf("upper: %s\n", text);
    char single[2] = "x";
    char empty[1] = "";
    reverse_in_place(single);
    reverse_in_place(empty);
    printf("short reversals: [%s] [%s]\n", single, empty);

    const char *pangram =
        "The five boxing wizards jump quickly; sphinx of black quartz, judge my vow!";
    int counts[26] = {0};
    int letters = 0, spaces = 0, punctuation = 0, upper = 0;
    for (const char *p = pangram; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalpha(c)) {
            counts[tolower(c) - 'a']++;
            letters++;
        }
        if (isupper(c)) upper++;
        if (isspace(c)) spaces++;
        if (ispunct(c)) punctuation++;
    }
    printf("letters=%d spaces=%d punctuation=%d upper=%d\n", letters, spaces, punctuation, upper);
    printf("counts:");
    for (int i = 0; i < 26; i++)
        if (counts[i] > 0) printf(" %c%d", 'a' + i, counts[i]);
    putchar('\n');
    int missing = 0;
    for (int i = 0; i < 26; i++)
        if (counts[i] == 0) missing++;
    printf("missing letters: %d\n", missing);

    const char *candidates[] = {"A man, a plan, a canal: Panama", "racecar", "Scratch", "",
                                "No 'x' in Nixon", "ab", "12321", "1231"};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        printf("palindrome \"%s\": %d\n", candidates[i], is_palindrome(candidates[i]));

    char secret[] = "Why did the chicken cross the road? Gb trg gb gur bgure fvqr!";
    rot13(secret);
    printf("rot13: %s\n", secret);
    rot13(secret);
    printf("rot13 twice: %s\n", secret);

    char encoded[64];
    char decoded[64];
    const char *runs = "aaaabbbcccccccccccdeeeeee  !";
    run_length_encode(runs, encoded);
    run_length_decode(encoded, decoded);
    printf("rle: %s -> %s -> round trip %d\n", runs, encoded, strcmp(runs, decoded) == 0);

    char padded[32] = "  \t  trim me please \n ";
    trim(padded);
    printf("trimmed: [%s]\n", padded);
    char blank[8] = "   ";
    trim(blank);
    printf("trimmed blank: [%s]\n", blank);

    char title[] = "the QUICK brown-fox's 2nd jump";
    capitalize_words(title);
    printf("capitalized: %s\n", title);

    /* One line per class: the ASCII characters 32..126 that belong to it. */
    static const char *class_names[] = {"alpha", "digit", "xdigit", "punct", "upper"};
    for (int class_index = 0; class_index < 5; class_index++) {
        printf("%-6s:", class_names[class_index]);
        for (int c = 32; c < 127; c++) {
            int member = 0;
            switch (class_index) {
            case 0: member = isalpha(c) != 0; break;
            case 1: member = isdigit(c) != 0; break;
            case 2: member = isxdigit(c) != 0; break;
            case 3: member = ispunct(c) != 0; break;
            case 4: member = isupper(c) != 0; break;
            }
            if (member) putchar(c);
        }
        putchar('\n');
    }
    int control = 0, space_like = 0, printable = 0, graphic = 0;
    for (int c = 0; c < 128; c++) {
        if (iscntrl(c)) control++;
        if (isspace(c)) space_like++;
        if (isprint(c)) printable++;
        if (isgraph(c)) graphic++;
    }
    printf("cntrl=%d space=%d print=%d graph=%d\n", control, space_like, printable, graphic);
    printf("tolower/toupper of non-letters: %c %c %c %c\n", tolower('1'), toupper('#'),
           tolower('Z'), toupper('a'));
    return 0;
}
