/*
 * tests/vm/test_dtoa.c - vm/dtoa.h against CPython 3.11's repr, format and float(), and (hosted)
 * against the C library on random doubles.
 *
 * The tables (tests/vm/dtoa_cases.h, written by tests/vm/gen_dtoa.py) cover every power of two
 * (the intervals that are narrower below), the smallest subnormals, powers of ten and their
 * neighbours, exact ties, and random bit patterns. The hosted randomized tests need no oracle
 * but glibc, which rounds exactly: repr must read back (strtod), be shortest (the nearest
 * decimal one digit shorter must not read back) and be the nearest of its length when that
 * reads back; 'e', 'f' and 'g' must match snprintf; parsing must match strtod.
 */
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "tests/mm/heap_test.h"
#include "vm/dtoa.h"
#include "vm/bigint.h"

#ifdef PLATFORM_HOSTED
#include <stdio.h>
#include <stdlib.h>
#endif

struct repr_case {
    uint64_t bits;
    const char *repr;
};
struct format_case {
    uint64_t bits;
    char code;
    int precision;
    unsigned flags;
    const char *expect;
};
struct parse_case {
    const char *text;
    size_t len;
    const char *expect;     /* the double's bits in hex, or "ValueError" */
};
struct hash_case {
    uint64_t bits;
    const char *hash;       /* decimal, or "nan" */
};
struct round_case {
    uint64_t bits;
    int ndigits;
    const char *expect;     /* bits in hex, "nan" or "OverflowError" */
};
#include "tests/vm/dtoa_cases.h"

#define NCASES(table) (sizeof table / sizeof table[0])

static double from_bits(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t to_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static uint64_t hex_bits(const char *hex)
{
    uint64_t v = 0;
    for (; *hex; hex++)
        v = v * 16 + (uint64_t)(*hex <= '9' ? *hex - '0' : *hex - 'a' + 10);
    return v;
}

TEST(dtoa, repr_table)
{
    size_t failures = 0;
    for (size_t i = 0; i < NCASES(repr_cases); i++) {
        char buf[DTOA_REPR_SIZE];
        size_t len = dtoa_repr(buf, from_bits(repr_cases[i].bits));
        if ((strcmp(buf, repr_cases[i].repr) != 0 || len != strlen(buf)) && ++failures <= 10)
            ktest_fail(__FILE__, __LINE__, "repr of %016lx: expected %s, got %s",
                       (unsigned long)repr_cases[i].bits, repr_cases[i].repr, buf);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu doubles", NCASES(repr_cases));
}

TEST(dtoa, format_table)
{
    size_t base = heap_in_use(), failures = 0;
    for (size_t i = 0; i < NCASES(format_cases); i++) {
        const struct format_case *c = &format_cases[i];
        double x = from_bits(c->bits);
        size_t cap = dtoa_format_size(x, c->code, c->precision), len;
        char *buf = kmalloc(cap);
        ASSERT_NOT_NULL(buf);
        int st = dtoa_format(buf, cap, &len, x, c->code, c->precision, c->flags);
        EXPECT_EQ(st, DTOA_OK);
        if ((strcmp(buf, c->expect) != 0 || len != strlen(buf)) && ++failures <= 10)
            ktest_fail(__FILE__, __LINE__, "format %016lx '%c' precision %d flags %u: expected %.80s, got %.80s",
                       (unsigned long)c->bits, c->code, c->precision, c->flags, c->expect, buf);
        kfree(buf);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu formats", NCASES(format_cases));
    EXPECT_EQ(heap_in_use(), base);
}

TEST(dtoa, parse_table)
{
    size_t base = heap_in_use(), failures = 0;
    for (size_t i = 0; i < NCASES(parse_cases); i++) {
        const struct parse_case *c = &parse_cases[i];
        double x = 0;
        int st = dtoa_parse(c->text, c->len, &x);
        char got[24];
        if (st == DTOA_INVALID)
            memcpy(got, "ValueError", 11);
        else
            platform_snprintf(got, sizeof got, "%016lx", (unsigned long)to_bits(x));
        /* Python's NaNs from float() have no sign worth comparing: any NaN matches a NaN. */
        bool both_nan = st == DTOA_OK && x != x && strcmp(c->expect, "ValueError") != 0 &&
                        from_bits(hex_bits(c->expect)) != from_bits(hex_bits(c->expect));
        if (strcmp(got, c->expect) != 0 && !both_nan && ++failures <= 10)
            ktest_fail(__FILE__, __LINE__, "float(%.80s): expected %s, got %s (status %d)", c->text,
                       c->expect, got, st);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu texts", NCASES(parse_cases));
    EXPECT_EQ(heap_in_use(), base);
}

TEST(dtoa, format_errors_and_flags)
{
    char small[8], buf[400];
    size_t len;
    EXPECT_EQ(dtoa_format(small, sizeof small, &len, 1.0, 'f', 3, 0), DTOA_TOO_SMALL);
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 1.0, 'x', 3, 0), DTOA_BAD_CODE);
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 1.5, 'r', 0, DTOA_ADD_DOT_0), DTOA_OK);
    EXPECT_STREQ(buf, "1.5");
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 1e16, 'r', 0, DTOA_ADD_DOT_0), DTOA_OK);
    EXPECT_STREQ(buf, "1e+16");
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 2.0, 'g', 3, DTOA_ADD_DOT_0), DTOA_OK);
    EXPECT_STREQ(buf, "2.0");
    /* With ".0" to add, 'g' switches to an exponent one digit sooner: 1234.0 would show five. */
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 1234.5, 'g', 4, 0), DTOA_OK);
    EXPECT_STREQ(buf, "1234");
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 1234.5, 'g', 4, DTOA_ADD_DOT_0), DTOA_OK);
    EXPECT_STREQ(buf, "1.234e+03");
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, -0.0, 'f', 1, DTOA_NO_NEG_0 | DTOA_SIGN), DTOA_OK);
    EXPECT_STREQ(buf, "+0.0");
    EXPECT_EQ(dtoa_format(buf, sizeof buf, &len, 1.0, 'e', 0, DTOA_ALT), DTOA_OK);
    EXPECT_STREQ(buf, "1.e+00");
}

TEST(dtoa, hash_table)
{
    size_t failures = 0;
    for (size_t i = 0; i < NCASES(hash_cases); i++) {
        bool is_nan;
        char got[32];
        int64_t h = hash_double(from_bits(hash_cases[i].bits), &is_nan);
        if (is_nan)
            memcpy(got, "nan", 4);
        else
            platform_snprintf(got, sizeof got, "%ld", (long)h);
        if (strcmp(got, hash_cases[i].hash) != 0 && ++failures <= 10)
            ktest_fail(__FILE__, __LINE__, "hash of %016lx: expected %s, got %s",
                       (unsigned long)hash_cases[i].bits, hash_cases[i].hash, got);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu doubles", NCASES(hash_cases));
}

TEST(dtoa, round_table)
{
    size_t base = heap_in_use(), failures = 0;
    for (size_t i = 0; i < NCASES(round_cases); i++) {
        const struct round_case *c = &round_cases[i];
        double r = 0;
        int st = dtoa_round(from_bits(c->bits), c->ndigits, &r);
        char got[24];
        if (st == DTOA_OVERFLOW)
            memcpy(got, "OverflowError", 14);
        else if (r != r)
            memcpy(got, "nan", 4);
        else
            platform_snprintf(got, sizeof got, "%016lx", (unsigned long)to_bits(r));
        if (strcmp(got, c->expect) != 0 && ++failures <= 10)
            ktest_fail(__FILE__, __LINE__, "round(%016lx, %d): expected %s, got %s (status %d)",
                       (unsigned long)c->bits, c->ndigits, c->expect, got, st);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu rounds", NCASES(round_cases));
    EXPECT_EQ(heap_in_use(), base);
}

#ifdef PLATFORM_HOSTED
static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random finite double: random bits, or a random short decimal. */
static double random_double(void)
{
    for (;;) {
        double x = from_bits(rnd());
        if (rnd() & 1) {
            char text[40];
            snprintf(text, sizeof text, "%lue%d", (unsigned long)(rnd() % 100000000),
                     (int)(rnd() % 40) - 20);
            x = strtod(text, NULL);
        }
        if (x - x == 0)
            return x;
    }
}

/* The significant digits of an %e rendering ("-1.2345e+07" -> "12345"), trailing zeros off. */
static void e_digits(const char *e, char *out)
{
    size_t n = 0;
    for (const char *p = e; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            out[n++] = *p;
    while (n > 1 && out[n - 1] == '0')
        n--;
    out[n] = '\0';
}

TEST(dtoa, repr_random_against_libc)
{
    for (int iter = 0; iter < 100000; iter++) {
        double x = random_double();
        if (x == 0)
            continue;
        char digits[DTOA_SHORTEST_DIGITS + 1], repr[DTOA_REPR_SIZE], libc[64], libc_digits[64];
        int decpt, n = dtoa_shortest(x < 0 ? -x : x, digits, &decpt);
        digits[n] = '\0';
        dtoa_repr(repr, x);
        if (strtod(repr, NULL) != x) {
            ktest_fail(__FILE__, __LINE__, "repr %s does not read back as %.17g", repr, x);
            break;
        }
        /* shortest: the nearest decimal one digit shorter reads as another double */
        if (n > 1) {
            snprintf(libc, sizeof libc, "%.*e", n - 2, x);
            if (strtod(libc, NULL) == x) {
                ktest_fail(__FILE__, __LINE__, "repr %s of %.17g is not shortest: %s", repr, x, libc);
                break;
            }
        }
        /* nearest of its length, when the nearest reads back */
        snprintf(libc, sizeof libc, "%.*e", n - 1, x);
        e_digits(libc, libc_digits);
        if (strtod(libc, NULL) == x && strcmp(libc_digits, digits) != 0) {
            ktest_fail(__FILE__, __LINE__, "repr %s of %.17g: the nearest is %s", repr, x, libc);
            break;
        }
    }
}

TEST(dtoa, format_random_against_libc)
{
    size_t base = heap_in_use();
    static const char codes[] = "eEfFgG";
    for (int iter = 0; iter < 30000; iter++) {
        double x = random_double();
        char code = codes[rnd() % 6];
        int precision = (int)(rnd() % 30);
        unsigned flags = (unsigned)(rnd() % 2 ? DTOA_ALT : 0) | (rnd() % 2 ? DTOA_SIGN : 0);
        if ((code == 'f' || code == 'F') && (x > 1e40 || x < -1e40))
            x = x / 1e300 / 1e10;
        char fmt[16], libc[512];
        snprintf(fmt, sizeof fmt, "%%%s%s.*%c", flags & DTOA_SIGN ? "+" : "",
                 flags & DTOA_ALT ? "#" : "", code);
        snprintf(libc, sizeof libc, fmt, precision, x);
        size_t cap = dtoa_format_size(x, code, precision), len;
        char *buf = kmalloc(cap);
        ASSERT_NOT_NULL(buf);
        ASSERT_EQ(dtoa_format(buf, cap, &len, x, code, precision, flags), DTOA_OK);
        if (strcmp(buf, libc) != 0) {
            ktest_fail(__FILE__, __LINE__, "%s of %.17g: libc %s, dtoa %s", fmt, x, libc, buf);
            kfree(buf);
            break;
        }
        kfree(buf);
    }
    EXPECT_EQ(heap_in_use(), base);
}

TEST(dtoa, parse_random_against_libc)
{
    size_t base = heap_in_use();
    for (int iter = 0; iter < 30000; iter++) {
        char text[128];
        size_t n = 0, ndigits = 1 + (size_t)(rnd() % 40);
        if (rnd() % 4 == 0)
            text[n++] = '-';
        size_t point = (size_t)(rnd() % (ndigits + 1));
        for (size_t i = 0; i < ndigits; i++) {
            if (i == point)
                text[n++] = '.';
            text[n++] = (char)('0' + rnd() % 10);
        }
        n += (size_t)snprintf(text + n, sizeof text - n, "e%d", (int)(rnd() % 700) - 350);
        double ours = 0, theirs = strtod(text, NULL);
        ASSERT_EQ(dtoa_parse(text, n, &ours), DTOA_OK);
        if (to_bits(ours) != to_bits(theirs)) {
            ktest_fail(__FILE__, __LINE__, "float(%s): strtod %.17g, dtoa %.17g", text, theirs, ours);
            break;
        }
    }
    EXPECT_EQ(heap_in_use(), base);
}
#endif
