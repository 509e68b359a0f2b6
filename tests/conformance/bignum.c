/* bignum.c: arbitrary-precision unsigned integers, stored as little-endian
 * arrays of base-10000 limbs. It computes 100! (158 digits, digit sum 648),
 * 2^256 and Fibonacci(300), and divides 100! by 97 and by 10007 with
 * remainders. Printing pads inner limbs with %04u. */
#include <stdio.h>
#include <string.h>

enum { BASE = 10000, MAX_LIMBS = 64 };

struct big {
    int length; /* limbs in use (the value 0 has length 1) */
    unsigned limbs[MAX_LIMBS];
};

static void set_small(struct big *n, unsigned value) {
    memset(n, 0, sizeof *n);
    n->length = 0;
    do {
        n->limbs[n->length++] = value % BASE;
        value /= BASE;
    } while (value != 0);
}

static void multiply_small(struct big *n, unsigned factor) {
    unsigned carry = 0;
    for (int i = 0; i < n->length; i++) {
        unsigned product = n->limbs[i] * factor + carry;
        n->limbs[i] = product % BASE;
        carry = product / BASE;
    }
    while (carry != 0) {
        n->limbs[n->length++] = carry % BASE;
        carry /= BASE;
    }
}

static void add(struct big *sum, const struct big *a, const struct big *b) {
    int length = a->length > b->length ? a->length : b->length;
    unsigned carry = 0;
    for (int i = 0; i < length; i++) {
        unsigned limb = carry;
        if (i < a->length) limb += a->limbs[i];
        if (i < b->length) limb += b->limbs[i];
        sum->limbs[i] = limb % BASE;
        carry = limb / BASE;
    }
    sum->length = length;
    if (carry != 0) sum->limbs[sum->length++] = carry;
}

/* Divides n in place by a small divisor and returns the remainder. */
static unsigned divide_small(struct big *n, unsigned divisor) {
    unsigned remainder = 0;
    for (int i = n->length - 1; i >= 0; i--) {
        unsigned current = remainder * BASE + n->limbs[i];
        n->limbs[i] = current / divisor;
        remainder = current % divisor;
    }
    while (n->length > 1 && n->limbs[n->length - 1] == 0) n->length--;
    return remainder;
}

static int digit_count(const struct big *n) {
    int digits = (n->length - 1) * 4;
    for (unsigned top = n->limbs[n->length - 1]; top != 0; top /= 10) digits++;
    return digits == 0 ? 1 : digits;
}

static int digit_sum(const struct big *n) {
    int sum = 0;
    for (int i = 0; i < n->length; i++)
        for (unsigned limb = n->limbs[i]; limb != 0; limb /= 10) sum += (int)(limb % 10);
    return sum;
}

static void print_big(const char *label, const struct big *n) {
    printf("%s = %u", label, n->limbs[n->length - 1]);
    for (int i = n->length - 2; i >= 0; i--) printf("%04u", n->limbs[i]);
    printf(" (%d digits, digit sum %d)\n", digit_count(n), digit_sum(n));
}

int main(void) {
    struct big factorial;
    set_small(&factorial, 1);
    for (unsigned k = 2; k <= 100; k++) {
        multiply_small(&factorial, k);
        if (k == 10 || k == 20 || k == 50) {
            char label[16];
            sprintf(label, "%u!", k);
            print_big(label, &factorial);
        }
    }
    print_big("100!", &factorial);

    struct big power;
    set_small(&power, 1);
    for (int k = 0; k < 256; k++) multiply_small(&power, 2);
    print_big("2^256", &power);

    struct big previous;
    struct big current;
    struct big next;
    set_small(&previous, 0);
    set_small(&current, 1);
    for (int k = 2; k <= 300; k++) {
        add(&next, &previous, &current);
        previous = current;
        current = next;
    }
    print_big("F(300)", &current);

    struct big quotient = factorial;
    unsigned remainder = divide_small(&quotient, 97);
    printf("100! mod 97 = %u\n", remainder);
    print_big("100! / 97", &quotient);
    struct big big_prime_quotient = factorial;
    remainder = divide_small(&big_prime_quotient, 10007);
    printf("100! mod 10007 = %u\n", remainder);

    /* Trailing zeros of 100! by dividing out tens. */
    struct big zeros_test = factorial;
    int trailing_zeros = 0;
    for (;;) {
        struct big attempt = zeros_test;
        if (divide_small(&attempt, 10) != 0) break;
        zeros_test = attempt;
        trailing_zeros++;
    }
    printf("trailing zeros of 100!: %d\n", trailing_zeros);
    return 0;
}
