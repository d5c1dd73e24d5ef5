/* tests/kernel/test_kprintf.c - every conversion, flag and width against expected text. */
#include "kernel/kprintf.h"
#include "tests/ktest.h"

#define CHECK_FMT(expected, ...)                                                                  \
    do {                                                                                          \
        char buf_[128];                                                                           \
        int n_ = ksnprintf(buf_, sizeof buf_, __VA_ARGS__);                                       \
        EXPECT_STREQ(buf_, expected);                                                             \
        EXPECT_EQ(n_, (int)strlen(expected));                                                     \
    } while (0)

/* Passed through volatile variables so the compiler cannot check (and reject) them at build time:
 * the point is what the formatter does at run time. */
static const char *volatile null_string;
static const char *volatile unknown_conversion = "%q";
static const char *volatile trailing_percent = "end%";

TEST(kprintf, integers)
{
    CHECK_FMT("42 -42 0", "%d %i %d", 42, -42, 0);
    CHECK_FMT("4294967295", "%u", 4294967295u);
    CHECK_FMT("-2147483648", "%d", (int)0x80000000);
    CHECK_FMT("-9223372036854775808", "%ld", (long)0x8000000000000000UL);
    CHECK_FMT("18446744073709551615", "%lu", 18446744073709551615UL);
    CHECK_FMT("ff FF deadbeef", "%x %X %lx", 255, 255, 0xdeadbeefUL);
    CHECK_FMT("12345678901", "%zu", (size_t)12345678901UL);
    CHECK_FMT("-7", "%zd", (long)-7);
    CHECK_FMT("-5 123456789012", "%lld %llu", -5LL, 123456789012ULL);
    CHECK_FMT("17 0x1f 021", "%o %#x %#o", 15, 31, 17);
}

TEST(kprintf, width_padding_justify)
{
    CHECK_FMT("[   42]", "[%5d]", 42);
    CHECK_FMT("[42   ]", "[%-5d]", 42);
    CHECK_FMT("[00042]", "[%05d]", 42);
    CHECK_FMT("[-0042]", "[%05d]", -42);
    CHECK_FMT("[  -42]", "[%5d]", -42);
    CHECK_FMT("[0000beef]", "[%08x]", 0xbeef);
    CHECK_FMT("[+7]", "[%+d]", 7);
    CHECK_FMT("[   ab]", "[%*s]", 5, "ab");
    CHECK_FMT("[ab   ]", "[%-*s]", 5, "ab");
    CHECK_FMT("[abc]", "[%.3s]", "abcdef");
    CHECK_FMT("[007]", "[%.3d]", 7);
    CHECK_FMT("[x  ]", "[%-3c]", 'x');
    CHECK_FMT("[123456]", "[%3d]", 123456);
}

TEST(kprintf, strings_pointers_percent)
{
    CHECK_FMT("hello world", "%s %s", "hello", "world");
    CHECK_FMT("(null)", "%s", null_string);
    CHECK_FMT("c=Z", "c=%c", 'Z');
    CHECK_FMT("100%", "100%%");
    CHECK_FMT("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
    CHECK_FMT("0x0000000000000000", "%p", (void *)0);
}

TEST(kprintf, truncation_and_unknown_conversions)
{
    char buf[8];
    int n = ksnprintf(buf, sizeof buf, "%s", "0123456789");
    EXPECT_EQ(n, 10);                 /* the length it wanted, like snprintf */
    EXPECT_STREQ(buf, "0123456");     /* always NUL-terminated */
    EXPECT_EQ(ksnprintf(NULL, 0, "%d", 12345), 5);
    CHECK_FMT("%q", unknown_conversion);     /* shown verbatim, not fatal */
    CHECK_FMT("end%", trailing_percent);
}
