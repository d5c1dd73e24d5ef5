/*
 * tests/vm/test_bigint.c - vm/bigint.h against CPython 3.11, and against its own identities.
 *
 * The table (tests/vm/bigint_cases.h, written by tests/vm/gen_bigint.py) holds operands in hex
 * and what CPython computed; each case runs the operation into buffers of exactly the documented
 * capacity followed by guard digits, so writing past a documented capacity fails the test as
 * surely as a wrong result. The randomized tests check what needs no oracle: a == q*b + r with
 * Python's signs for every division, Karatsuba against schoolbook, text round trips. Every test
 * checks the heap returns to its baseline.
 */
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "tests/mm/heap_test.h"
#include "vm/bigint.h"

struct bigint_case {
    const char *op, *a, *b, *c, *expect;
};
#include "tests/vm/bigint_cases.h"

#define GUARD_DIGITS 4
#define GUARD_VALUE  0xdeadbeefu

/* A heap number with `cap` usable digits and guard digits after them. */
struct num {
    bigint_digit *d;
    ptrdiff_t size;
    size_t cap;
};

static struct num num_new(size_t cap)
{
    struct num n = {kmalloc((cap + GUARD_DIGITS) * sizeof(bigint_digit)), 0, cap};
    ASSERT_NOT_NULL(n.d);
    for (size_t i = 0; i < GUARD_DIGITS; i++)
        n.d[cap + i] = GUARD_VALUE;
    return n;
}

static bool guards_intact(const struct num *n)
{
    for (size_t i = 0; i < GUARD_DIGITS; i++)
        if (n->d[n->cap + i] != GUARD_VALUE)
            return false;
    return true;
}

static void num_free(struct num *n)
{
    kfree(n->d);
    n->d = NULL;
}

static struct bigint ref(const struct num *n)
{
    return (struct bigint){n->d, n->size};
}

static struct num parse(const char *text, int base)
{
    size_t len = strlen(text);
    struct num n = num_new(BIGINT_TEXT_CAPACITY(len));
    int st = bigint_from_text(n.d, &n.size, text, len, base);
    ASSERT_EQ(st, BIGINT_OK);
    return n;
}

/* Text of a in base (with Python's prefixes for 2, 8, 16 when `prefix`), into a heap buffer. */
static char *text_of(struct bigint a, int base, bool prefix)
{
    size_t cap = bigint_text_capacity(a, base), len;
    char *buf = kmalloc(cap);
    ASSERT_NOT_NULL(buf);
    int st = bigint_to_text(buf, cap, &len, a, base, prefix, false);
    ASSERT_EQ(st, BIGINT_OK);
    ASSERT_EQ(strlen(buf), len);
    return buf;
}

static int64_t small(const char *decimal)
{
    int64_t v = 0;
    bool negative = *decimal == '-';
    for (const char *p = decimal + negative; *p; p++)
        v = v * 10 + (*p - '0');
    return negative ? -v : v;
}

static uint64_t double_bits(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return bits;
}

static char hexbuf[32];
static const char *bits_text(double d)
{
    platform_snprintf(hexbuf, sizeof hexbuf, "%016lx", (unsigned long)double_bits(d));
    return hexbuf;
}

static const char *status_name(int st)
{
    switch (st) {
    case BIGINT_ZERO_DIVISION: return "ZeroDivisionError";
    case BIGINT_OVERFLOW: return "OverflowError";
    case BIGINT_NOT_A_NUMBER: case BIGINT_NOT_INVERTIBLE: case BIGINT_INVALID_TEXT: return "ValueError";
    case BIGINT_BAD_BASE: return "BadBase";
    default: return "unexpected status";
    }
}

static size_t max_size(size_t x, size_t y)
{
    return x > y ? x : y;
}

/* Run one table case; returns the result text (heap) or a static exception name. */
static char *run_case(const struct bigint_case *c, bool *heap_text)
{
    struct num a = {0}, b = {0}, m = {0}, out = {0};
    char *result = NULL;
    int st = BIGINT_OK;
    size_t an, bn;
    *heap_text = true;
    if (strcmp(c->op, "parse") == 0) {
        size_t len = strlen(c->a);
        out = num_new(BIGINT_TEXT_CAPACITY(len));
        st = bigint_from_text(out.d, &out.size, c->a, len, (int)small(c->b));
        goto done;
    }
    if (strcmp(c->op, "from_double") == 0) {
        uint64_t bits = 0;
        for (const char *p = c->a; *p; p++)
            bits = bits * 16 + (uint64_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        double x;
        memcpy(&x, &bits, sizeof x);
        out = num_new(BIGINT_DOUBLE_DIGITS);
        st = bigint_from_double(out.d, &out.size, x);
        goto done;
    }
    a = parse(c->a, 16);
    an = bigint_ndigits(ref(&a));
    bool b_is_number = *c->b && strcmp(c->op, "lshift") && strcmp(c->op, "rshift");
    if (b_is_number)
        b = parse(c->b, 16);
    bn = bigint_ndigits(ref(&b));
    const char *op = c->op;
    if (!strcmp(op, "add") || !strcmp(op, "sub") || !strcmp(op, "and") || !strcmp(op, "or") ||
        !strcmp(op, "xor")) {
        out = num_new(max_size(an, bn) + 1);
        ptrdiff_t (*fn)(bigint_digit *, struct bigint, struct bigint) =
            !strcmp(op, "add") ? bigint_add : !strcmp(op, "sub") ? bigint_sub
            : !strcmp(op, "and") ? bigint_and : !strcmp(op, "or") ? bigint_or : bigint_xor;
        out.size = fn(out.d, ref(&a), ref(&b));
    } else if (!strcmp(op, "mul")) {
        out = num_new(an + bn);
        st = bigint_mul(out.d, &out.size, ref(&a), ref(&b));
    } else if (!strcmp(op, "floordiv")) {
        out = num_new(an >= bn ? an - bn + 2 : 1);
        st = bigint_divmod(out.d, &out.size, NULL, NULL, ref(&a), ref(&b));
    } else if (!strcmp(op, "mod")) {
        out = num_new(bn);
        st = bigint_divmod(NULL, NULL, out.d, &out.size, ref(&a), ref(&b));
    } else if (!strcmp(op, "invert")) {
        out = num_new(max_size(an, 1) + 1);
        out.size = bigint_invert(out.d, ref(&a));
    } else if (!strcmp(op, "lshift")) {
        uint64_t s = (uint64_t)small(c->b);
        out = num_new(an + s / BIGINT_SHIFT + 1);
        out.size = bigint_lshift(out.d, ref(&a), s);
    } else if (!strcmp(op, "rshift")) {
        out = num_new(an + 1);
        out.size = bigint_rshift(out.d, ref(&a), (uint64_t)small(c->b));
    } else if (!strcmp(op, "pow")) {
        size_t cap;
        ASSERT_EQ(bigint_pow_capacity(ref(&a), ref(&b), 1 << 20, &cap), BIGINT_OK);
        out = num_new(cap);
        st = bigint_pow(out.d, &out.size, ref(&a), ref(&b), NULL);
    } else if (!strcmp(op, "powmod")) {
        m = parse(c->c, 16);
        struct bigint mref = ref(&m);
        out = num_new(max_size(bigint_ndigits(mref), 1));
        st = bigint_pow(out.d, &out.size, ref(&a), ref(&b), &mref);
        if (st == BIGINT_ZERO_DIVISION)
            st = BIGINT_NOT_INVERTIBLE;     /* both are ValueError in Python */
    } else {
        /* Results that are not integers. */
        *heap_text = false;
        if (!strcmp(op, "cmp")) {
            result = (char *)(bigint_cmp(ref(&a), ref(&b)) < 0 ? "-1"
                              : bigint_cmp(ref(&a), ref(&b)) > 0 ? "1" : "0");
        } else if (!strcmp(op, "hash") || !strcmp(op, "bit_length")) {
            static char num_text[32];
            long v = !strcmp(op, "hash") ? (long)bigint_hash(ref(&a))
                                         : (long)bigint_bit_length(ref(&a));
            platform_snprintf(num_text, sizeof num_text, "%ld", v);
            result = num_text;
        } else if (!strcmp(op, "float") || !strcmp(op, "truediv")) {
            double d = 0;
            st = !strcmp(op, "float") ? bigint_to_double(ref(&a), &d)
                                      : bigint_true_divide(ref(&a), ref(&b), &d);
            result = (char *)(st == BIGINT_OK ? bits_text(d) : status_name(st));
        } else if (!strncmp(op, "str", 3)) {
            int base = (int)small(op + 3);
            *heap_text = true;
            result = text_of(ref(&a), base, true);
        } else {
            ktest_fail(__FILE__, __LINE__, "unknown op %s", op);
            result = (char *)"?";
        }
        goto free_operands;
    }
done:
    if (st != BIGINT_OK) {
        *heap_text = false;
        result = (char *)status_name(st);
    } else {
        EXPECT_TRUE(guards_intact(&out));
        EXPECT_TRUE(out.size == 0 || out.d[bigint_ndigits(ref(&out)) - 1] != 0);
        result = text_of(ref(&out), 16, false);
    }
    num_free(&out);
free_operands:
    num_free(&a);
    if (b.d)
        num_free(&b);
    if (m.d)
        num_free(&m);
    return result;
}

TEST(bigint, cpython_table)
{
    size_t base = heap_in_use(), failures = 0, n = sizeof bigint_cases / sizeof bigint_cases[0];
    for (size_t i = 0; i < n; i++) {
        const struct bigint_case *c = &bigint_cases[i];
        bool heap_text;
        char *got = run_case(c, &heap_text);
        if (strcmp(got, c->expect) != 0 && ++failures <= 12)
            ktest_fail(__FILE__, __LINE__, "case %zu: %s(%.60s, %.60s, %.40s): expected %.80s, got %.80s",
                       i, c->op, c->a, c->b, c->c, c->expect, got);
        if (heap_text)
            kfree(got);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu cases", n);
    EXPECT_EQ(heap_in_use(), base);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* n digits from the values that stress carries and the quotient estimate, top digit nonzero. */
static void random_digits(bigint_digit *d, size_t n)
{
    static const bigint_digit picks[] = {0, 1, BIGINT_MASK, BIGINT_BASE >> 1, (BIGINT_BASE >> 1) - 1,
                                         BIGINT_MASK - 1};
    for (size_t i = 0; i < n; i++) {
        uint64_t r = rnd();
        d[i] = r & 1 ? picks[(r >> 1) % 6] : (bigint_digit)(r >> 8) & BIGINT_MASK;
    }
    if (n && d[n - 1] == 0)
        d[n - 1] = 1;
}

TEST(bigint, divmod_identity_random)
{
    size_t base = heap_in_use();
    for (int iter = 0; iter < 4000; iter++) {
        size_t an = (size_t)(rnd() % 40), bn = 1 + (size_t)(rnd() % 12);
        size_t qcap = an >= bn ? an - bn + 2 : 1;
        struct num a = num_new(an), b = num_new(bn), q = num_new(qcap), r = num_new(bn),
                   prod = num_new(qcap + bn), sum = num_new(qcap + bn + 1);
        random_digits(a.d, an);
        random_digits(b.d, bn);
        a.size = rnd() & 1 ? -(ptrdiff_t)an : (ptrdiff_t)an;
        b.size = rnd() & 1 ? -(ptrdiff_t)bn : (ptrdiff_t)bn;
        ASSERT_EQ(bigint_divmod(q.d, &q.size, r.d, &r.size, ref(&a), ref(&b)), BIGINT_OK);
        /* Python's remainder: zero or b's sign, and smaller than b in magnitude. */
        EXPECT_TRUE(r.size == 0 || (r.size < 0) == (b.size < 0));
        EXPECT_LT(nat_cmp(r.d, bigint_ndigits(ref(&r)), b.d, bn), 0);
        ASSERT_EQ(bigint_mul(prod.d, &prod.size, ref(&q), ref(&b)), BIGINT_OK);
        sum.size = bigint_add(sum.d, ref(&prod), ref(&r));
        if (bigint_cmp(ref(&sum), ref(&a)) != 0) {
            ktest_fail(__FILE__, __LINE__, "q*b + r != a at iteration %d (|a| %zu, |b| %zu digits)",
                       iter, an, bn);
            iter = 1 << 30;
        }
        EXPECT_TRUE(guards_intact(&q) && guards_intact(&r) && guards_intact(&prod) &&
                    guards_intact(&sum));
        num_free(&a), num_free(&b), num_free(&q), num_free(&r), num_free(&prod), num_free(&sum);
    }
    EXPECT_EQ(heap_in_use(), base);
}

TEST(bigint, karatsuba_matches_schoolbook)
{
    size_t base = heap_in_use();
    for (int iter = 0; iter < 60; iter++) {
        size_t an = 1 + (size_t)(rnd() % 400), bn = 1 + (size_t)(rnd() % 400);
        if (iter % 4 == 0)
            bn = an;
        struct num a = num_new(an), b = num_new(bn), fast = num_new(an + bn),
                   slow = num_new(an + bn);
        random_digits(a.d, an);
        random_digits(b.d, bn);
        size_t n;
        ASSERT_EQ(nat_mul(fast.d, &n, a.d, an, b.d, bn), BIGINT_OK);
        /* schoolbook here, one row at a time with nat_mul_add_1's carry logic written out */
        memset(slow.d, 0, (an + bn) * sizeof *slow.d);
        for (size_t i = 0; i < an; i++) {
            uint64_t carry = 0;
            for (size_t j = 0; j < bn; j++) {
                carry += slow.d[i + j] + (uint64_t)a.d[i] * b.d[j];
                slow.d[i + j] = (bigint_digit)(carry & BIGINT_MASK);
                carry >>= BIGINT_SHIFT;
            }
            slow.d[i + bn] = (bigint_digit)carry;
        }
        EXPECT_EQ(n, nat_normalize(slow.d, an + bn));
        EXPECT_EQ(memcmp(fast.d, slow.d, n * sizeof *slow.d), 0);
        EXPECT_TRUE(guards_intact(&fast));
        num_free(&a), num_free(&b), num_free(&fast), num_free(&slow);
    }
    EXPECT_EQ(heap_in_use(), base);
}

TEST(bigint, text_round_trip_and_capacity)
{
    size_t base = heap_in_use();
    static const int bases[] = {2, 8, 10, 16};
    for (int iter = 0; iter < 200; iter++) {
        size_t an = (size_t)(rnd() % 60);
        struct num a = num_new(an);
        random_digits(a.d, an);
        a.size = rnd() & 1 ? -(ptrdiff_t)an : (ptrdiff_t)an;
        for (int k = 0; k < 4; k++) {
            char *text = text_of(ref(&a), bases[k], true);
            EXPECT_LE(strlen(text) + 1, bigint_text_capacity(ref(&a), bases[k]));
            struct num back = parse(text, bases[k] == 10 ? 10 : 0);
            EXPECT_EQ(bigint_cmp(ref(&back), ref(&a)), 0);
            num_free(&back);
            kfree(text);
        }
        num_free(&a);
    }
    EXPECT_EQ(heap_in_use(), base);
}

TEST(bigint, ten_thousand_decimal_digits)
{
    size_t base = heap_in_use();
    /* 10^10000 - 1: ten thousand nines, through text both ways. */
    char *nines = kmalloc(10001);
    ASSERT_NOT_NULL(nines);
    memset(nines, '9', 10000);
    nines[10000] = '\0';
    uint64_t t0 = platform_cycles();
    struct num a = parse(nines, 10);
    uint64_t t1 = platform_cycles();
    char *back = text_of(ref(&a), 10, false);
    uint64_t t2 = platform_cycles();
    EXPECT_STREQ(back, nines);
    EXPECT_EQ(bigint_bit_length(ref(&a)), 33220);
    uint64_t hz = platform_tsc_hz();
    ktest_note("10000 digits: parse %lu us, to text %lu us", (unsigned long)((t1 - t0) * 1000000 / hz),
               (unsigned long)((t2 - t1) * 1000000 / hz));
    /* Generous (sanitizers, a loaded machine): "must not take seconds". */
    EXPECT_LT((t2 - t0) / hz, 1);
    kfree(back);
    kfree(nines);
    num_free(&a);
    EXPECT_EQ(heap_in_use(), base);
}

TEST(bigint, int64_limits)
{
    static const int64_t values[] = {0, 1, -1, INT64_MAX, INT64_MIN, INT64_MIN + 1, 1 << 30,
                                     -(1 << 30), ((int64_t)1 << 60) - 1};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        struct num a = num_new(BIGINT_INT64_DIGITS);
        a.size = bigint_from_int64(a.d, values[i]);
        EXPECT_TRUE(guards_intact(&a));
        int64_t back = 12345;
        EXPECT_TRUE(bigint_to_int64(ref(&a), &back));
        EXPECT_EQ(back, values[i]);
        num_free(&a);
    }
    /* 2^63 and -2^63 - 1 do not fit; *v is left alone. */
    struct num big = parse("8000000000000000", 16), below = parse("-8000000000000001", 16);
    int64_t v = 7;
    EXPECT_FALSE(bigint_to_int64(ref(&big), &v));
    EXPECT_FALSE(bigint_to_int64(ref(&below), &v));
    EXPECT_EQ(v, 7);
    num_free(&big), num_free(&below);
}

TEST(bigint, errors)
{
    struct num a = parse("5", 10), zero = parse("0", 10), neg = parse("-2", 10);
    bigint_digit out[8];
    ptrdiff_t size;
    double d;
    EXPECT_EQ(bigint_divmod(out, &size, out + 4, &size, ref(&a), ref(&zero)), BIGINT_ZERO_DIVISION);
    EXPECT_EQ(bigint_true_divide(ref(&a), ref(&zero), &d), BIGINT_ZERO_DIVISION);
    struct bigint mzero = ref(&zero);
    EXPECT_EQ(bigint_pow(out, &size, ref(&a), ref(&a), &mzero), BIGINT_ZERO_DIVISION);
    EXPECT_EQ(bigint_pow(out, &size, ref(&a), ref(&neg), NULL), BIGINT_NEGATIVE_EXPONENT);
    size_t cap;
    struct num one = parse("1", 10);
    EXPECT_EQ(bigint_pow_capacity(ref(&one), ref(&a), 1 << 20, &cap), BIGINT_OK);
    EXPECT_EQ(cap, 2);  /* 1^5 is one digit, but the products are written two wide */
    num_free(&one);
    EXPECT_EQ(bigint_pow_capacity(ref(&neg), ref(&a), 2, &cap), BIGINT_OK);
    EXPECT_EQ(cap, 2);  /* (-2)^5: 10 bits, and a digit of slack for the running products */
    EXPECT_EQ(bigint_pow_capacity(ref(&neg), ref(&a), 1, &cap), BIGINT_OVERFLOW);
    struct num huge = parse("ffffffffff", 16);
    EXPECT_EQ(bigint_pow_capacity(ref(&neg), ref(&huge), 1 << 20, &cap), BIGINT_OVERFLOW);
    EXPECT_EQ(bigint_from_text(out, &size, "12", 2, 1), BIGINT_BAD_BASE);
    EXPECT_EQ(bigint_from_text(out, &size, "12", 2, 37), BIGINT_BAD_BASE);
    EXPECT_EQ(bigint_from_text(out, &size, "1 2", 3, 10), BIGINT_INVALID_TEXT);
    /* An embedded NUL is not whitespace and not a digit. */
    EXPECT_EQ(bigint_from_text(out, &size, "1\0", 2, 10), BIGINT_INVALID_TEXT);
    char small_buf[3];
    size_t len;
    EXPECT_EQ(bigint_to_text(small_buf, sizeof small_buf, &len, ref(&a), 10, false, false),
              BIGINT_OVERFLOW);
    num_free(&a), num_free(&zero), num_free(&neg), num_free(&huge);
}
