/* tests/kernel/test_cmdline.c - option parsing, including every kind of malformed input, and the
 * number and boolean parser it shares with the console (kernel/parse.c). */
#include "kernel/cmdline.h"
#include "kernel/parse.h"
#include "tests/ktest.h"

static const struct opt_spec specs[] = {
    {"test", OPT_FLAG, 0, 0, 0, ""},
    {"mm.debug", OPT_BOOL, 0, 1, 0, ""},
    {"gil.interval_us", OPT_UINT, 1, 1000000, 5000, ""},
    {"name", OPT_STRING, 0, 0, 0, ""},
};
#define N (sizeof specs / sizeof specs[0])

struct warnings {
    int count;
    char last[160];
};

static void collect(void *ctx, const char *msg)
{
    struct warnings *w = ctx;
    size_t n = strlen(msg);
    if (n >= sizeof w->last)
        n = sizeof w->last - 1;
    memcpy(w->last, msg, n);
    w->last[n] = '\0';
    w->count++;
}

static bool has(const char *hay, const char *needle)
{
    for (size_t n = strlen(needle); *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return true;
    return false;
}

static int parse(const char *line, struct opt_value *v, struct warnings *w)
{
    w->count = 0;
    w->last[0] = '\0';
    return cmdline_parse(line, specs, N, v, collect, w);
}

TEST(cmdline, well_formed)
{
    struct opt_value v[N];
    struct warnings w;
    EXPECT_EQ(parse("  test=mm.*   mm.debug=on gil.interval_us=0x10 name=abc ", v, &w), 0);
    EXPECT_TRUE(v[0].set);
    EXPECT_STREQ(v[0].str, "mm.*");
    EXPECT_TRUE(v[1].set);
    EXPECT_EQ(v[1].num, 1);
    EXPECT_EQ(v[2].num, 16);
    EXPECT_STREQ(v[3].str, "abc");
    EXPECT_EQ(parse("test", v, &w), 0);
    EXPECT_TRUE(v[0].set);
    EXPECT_STREQ(v[0].str, "");
    EXPECT_FALSE(v[1].set);
    EXPECT_EQ(v[2].num, 5000);        /* defaults when absent */
    EXPECT_EQ(parse("", v, &w), 0);
    EXPECT_EQ(parse(NULL, v, &w), 0);
    EXPECT_FALSE(v[0].set);
}

TEST(cmdline, malformed_gets_warning_and_default)
{
    struct opt_value v[N];
    struct warnings w;

    EXPECT_EQ(parse("gil.interval_us", v, &w), 1);          /* missing '=' */
    EXPECT_TRUE(has(w.last, "needs a value"));
    EXPECT_EQ(v[2].num, 5000);
    EXPECT_EQ(parse("mm.debug=", v, &w), 1);                 /* empty value */
    EXPECT_TRUE(has(w.last, "empty value"));
    EXPECT_FALSE(v[1].set);
    EXPECT_EQ(parse("test=", v, &w), 1);
    EXPECT_FALSE(v[0].set);
    EXPECT_EQ(parse("frobnicate=1 test", v, &w), 1);         /* unknown key; the rest still parses */
    EXPECT_TRUE(has(w.last, "unknown option 'frobnicate'"));
    EXPECT_TRUE(v[0].set);
    EXPECT_EQ(parse("mm.debug=maybe", v, &w), 1);
    EXPECT_TRUE(has(w.last, "not a boolean"));
    EXPECT_EQ(parse("gil.interval_us=12abc", v, &w), 1);
    EXPECT_TRUE(has(w.last, "not a number"));
    EXPECT_EQ(parse("gil.interval_us=0", v, &w), 1);
    EXPECT_TRUE(has(w.last, "out of range"));
    EXPECT_EQ(parse("gil.interval_us=99999999999999999999999", v, &w), 1);   /* overflow */
    EXPECT_EQ(v[2].num, 5000);
    EXPECT_EQ(parse("=5", v, &w), 1);
    EXPECT_TRUE(has(w.last, "no option name"));
}

TEST(cmdline, overlong_input)
{
    struct opt_value v[N];
    struct warnings w;
    char line[400];

    memset(line, 'k', 300);
    memcpy(line + 300, "=1 test", 8);
    EXPECT_EQ(parse(line, v, &w), 1);
    EXPECT_TRUE(has(w.last, "overlong name"));
    EXPECT_TRUE(v[0].set);                                    /* parsing went on */

    memcpy(line, "name=", 5);
    memset(line + 5, 'v', 200);
    line[205] = '\0';
    EXPECT_EQ(parse(line, v, &w), 1);
    EXPECT_TRUE(has(w.last, "overlong value"));
    EXPECT_FALSE(v[3].set);
}

/* The edges both callers rely on: the whole 64-bit range, overflow told from junk, and junk
 * after an overflow named as junk. */
TEST(cmdline, shared_number_and_boolean_parser)
{
    uint64_t n = 7;
    bool b = false;

    EXPECT_EQ(parse_u64("0", &n), PARSE_OK);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(parse_u64("0xFFFFffffFFFFffff", &n), PARSE_OK);
    EXPECT_EQ(n, UINT64_MAX);
    EXPECT_EQ(parse_u64("18446744073709551615", &n), PARSE_OK);
    EXPECT_EQ(n, UINT64_MAX);
    n = 7;
    EXPECT_EQ(parse_u64("18446744073709551616", &n), PARSE_TOO_BIG);
    EXPECT_EQ(parse_u64("0x10000000000000000", &n), PARSE_TOO_BIG);
    EXPECT_EQ(parse_u64("99999999999999999999x", &n), PARSE_NOT_A_NUMBER);
    EXPECT_EQ(parse_u64("", &n), PARSE_NOT_A_NUMBER);
    EXPECT_EQ(parse_u64("0x", &n), PARSE_NOT_A_NUMBER);
    EXPECT_EQ(parse_u64("12a", &n), PARSE_NOT_A_NUMBER);
    EXPECT_EQ(parse_u64("-1", &n), PARSE_NOT_A_NUMBER);
    EXPECT_EQ(parse_u64(" 1", &n), PARSE_NOT_A_NUMBER);
    EXPECT_EQ(n, 7);                                          /* untouched when refused */

    for (int i = 0; parse_bool_words[i]; i++) {
        b = i % 2;
        EXPECT_TRUE(parse_bool(parse_bool_words[i], &b));
        EXPECT_EQ(b, i % 2 == 0);
    }
    EXPECT_FALSE(parse_bool("On", &b));
    EXPECT_FALSE(parse_bool("", &b));
    EXPECT_FALSE(parse_bool("2", &b));
}
