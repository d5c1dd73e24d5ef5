/*
 * tests/test_ktest.c - the framework checks itself: pattern matching, and that EXPECT_PANIC
 * catches a panic, names a missing one, and leaves the test running afterwards.
 */
#include "tests/ktest.h"

TEST(ktest, match_prefix_and_glob)
{
    EXPECT_TRUE(ktest_match(NULL, "mm.page"));
    EXPECT_TRUE(ktest_match("", "mm.page"));
    EXPECT_TRUE(ktest_match("mm", "mm.page"));
    EXPECT_FALSE(ktest_match("gc", "mm.page"));
    EXPECT_TRUE(ktest_match("*.page", "mm.page"));
    EXPECT_TRUE(ktest_match("m?.p*e", "mm.page"));
    EXPECT_FALSE(ktest_match("*.pages", "mm.page"));
    EXPECT_TRUE(ktest_match("*", ""));
}

static int reached_after_panic;

static void panics_with(const char *what)
{
    platform_panic("deliberate: %s", what);
}

TEST(ktest, expect_panic_catches_and_continues)
{
    reached_after_panic = 0;
    EXPECT_PANIC("deliberate: one", panics_with("one"));
    reached_after_panic = 1;
    EXPECT_EQ(reached_after_panic, 1);
    EXPECT_PANIC("deliberate: two", panics_with("two"));
    EXPECT_TRUE(strncmp(ktest_last_panic(), "deliberate: two", 15) == 0);
}
