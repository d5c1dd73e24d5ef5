/*
 * tests/vm/test_format_spec.c - vm/format_spec.h against CPython 3.11's format().
 *
 * The table (tests/vm/format_spec_cases.h, written by tests/vm/gen_format_spec.py) holds ints,
 * floats and strs formatted with random specs drawn from every field of the mini-language and
 * with the documented errors; each case must give the same bytes, or the same exception with
 * the same message. Every test checks the heap returns to its baseline.
 */
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "tests/mm/heap_test.h"
#include "vm/format_spec.h"

struct format_spec_case {
    const char *kind, *value;
    size_t value_len;
    const char *spec;
    size_t spec_len;
    const char *status, *expect;
    size_t expect_len;
};
#include "tests/vm/format_spec_cases.h"

static const char *status_name(int st)
{
    switch (st) {
    case FORMAT_OK: return "ok";
    case FORMAT_VALUE_ERROR: return "ValueError";
    case FORMAT_OVERFLOW_ERROR: return "OverflowError";
    default: return "MemoryError";
    }
}

static int run_case(const struct format_spec_case *c, struct fmt_buf *out)
{
    if (strcmp(c->kind, "str") == 0)
        return format_str(out, c->value, c->value_len, c->spec, c->spec_len, "str");
    if (strcmp(c->kind, "float") == 0) {
        uint64_t bits = 0;
        for (const char *p = c->value; *p; p++)
            bits = bits * 16 + (uint64_t)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
        double x;
        memcpy(&x, &bits, sizeof x);
        return format_double(out, x, c->spec, c->spec_len, "float");
    }
    size_t len = strlen(c->value);
    bigint_digit *d = kmalloc(BIGINT_TEXT_CAPACITY(len) * sizeof *d);
    ptrdiff_t size;
    ASSERT_NOT_NULL(d);
    ASSERT_EQ(bigint_from_text(d, &size, c->value, len, 16), BIGINT_OK);
    int st = format_int(out, (struct bigint){d, size}, c->spec, c->spec_len, "int");
    kfree(d);
    return st;
}

TEST(format_spec, cpython_table)
{
    size_t base = heap_in_use(), failures = 0, n = sizeof format_spec_cases / sizeof format_spec_cases[0];
    for (size_t i = 0; i < n; i++) {
        const struct format_spec_case *c = &format_spec_cases[i];
        struct fmt_buf out;
        fmt_buf_init(&out);
        int st = run_case(c, &out);
        bool same = strcmp(status_name(st), c->status) == 0 && out.len == c->expect_len &&
                    memcmp(out.data ? out.data : "", c->expect, c->expect_len) == 0;
        if (!same && ++failures <= 12)
            ktest_fail(__FILE__, __LINE__, "case %zu: format(%s %.40s, '%s'): expected %s \"%.80s\", got %s \"%.80s\"",
                       i, c->kind, c->value, c->spec, c->status, c->expect, status_name(st),
                       out.data ? out.data : "");
        fmt_buf_free(&out);
    }
    EXPECT_EQ(failures, 0);
    ktest_note("%zu cases", n);
    EXPECT_EQ(heap_in_use(), base);
}

TEST(format_spec, parse_fields)
{
    struct format_spec spec;
    struct fmt_buf err;
    fmt_buf_init(&err);
    const char *text = "\xf0\x9f\x98\x80^+z#012_.3f";
    ASSERT_EQ(format_spec_parse(&spec, text, strlen(text), 0, '>', "float", &err), FORMAT_OK);
    EXPECT_EQ(spec.fill, 0x1f600);
    EXPECT_EQ(spec.align, '^');
    EXPECT_EQ(spec.sign, '+');
    EXPECT_TRUE(spec.no_neg_0);
    EXPECT_TRUE(spec.alternate);
    EXPECT_EQ(spec.fill, 0x1f600);      /* a given fill is not replaced by the '0' flag */
    EXPECT_EQ(spec.width, 12);
    EXPECT_EQ(spec.grouping, '_');
    EXPECT_EQ(spec.precision, 3);
    EXPECT_EQ(spec.type, 'f');
    /* '0' without a fill: zero fill and '=' alignment for numbers, not for strings */
    ASSERT_EQ(format_spec_parse(&spec, "05", 2, 0, '>', "float", &err), FORMAT_OK);
    EXPECT_EQ(spec.fill, '0');
    EXPECT_EQ(spec.align, '=');
    ASSERT_EQ(format_spec_parse(&spec, "05", 2, 's', '<', "str", &err), FORMAT_OK);
    EXPECT_EQ(spec.align, '<');
    EXPECT_EQ(spec.width, 5);
    EXPECT_EQ(err.len, 0);
    fmt_buf_free(&err);
}

TEST(format_spec, output_appends_and_errors_replace)
{
    size_t base = heap_in_use();
    struct fmt_buf out;
    fmt_buf_init(&out);
    ASSERT_TRUE(fmt_buf_append(&out, "x=", 2));
    ASSERT_EQ(format_double(&out, 0.5, ">6.2%", 5, "float"), FORMAT_OK);
    EXPECT_STREQ(out.data, "x=50.00%");
    ASSERT_EQ(format_str(&out, "abc", 3, "d", 1, "str"), FORMAT_VALUE_ERROR);
    EXPECT_STREQ(out.data, "Unknown format code 'd' for object of type 'str'");
    fmt_buf_free(&out);
    EXPECT_EQ(heap_in_use(), base);
}
