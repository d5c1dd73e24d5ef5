/*
 * tests/host/selfcheck.c - the test framework must be able to fail. This program registers tests
 * that fail on purpose in every way a test can (a failed EXPECT, a failed ASSERT that must stop
 * the test, an unexpected panic, an EXPECT_PANIC whose statement returns, a panic with the wrong
 * text) plus one skip and one pass, runs them through the real runner, and checks the runner's
 * verdict. Its own verdict is the usual closing line, so tools/run-suite records it as a suite.
 */
#include "tests/ktest.h"

#include <stdio.h>

static int after_assert;

TEST(selfcheck, passes) { EXPECT_EQ(1 + 1, 2); }
TEST(selfcheck, expect_fails) { EXPECT_EQ(1 + 1, 3); }
TEST(selfcheck, assert_fails_and_stops)
{
    ASSERT_TRUE(0);
    after_assert = 1;
}
TEST(selfcheck, unexpected_panic) { platform_panic("boom"); }
TEST(selfcheck, expected_panic_missing) { EXPECT_PANIC("boom", (void)0); }
TEST(selfcheck, expected_panic_wrong_text) { EXPECT_PANIC("bang", platform_panic("boom")); }
TEST(selfcheck, skips) { ktest_skip("on purpose"); }

static int checks, failures;

static void check(bool ok, const char *what)
{
    checks++;
    if (!ok)
        failures++;
    printf("%s %d framework.%s\n", ok ? "ok" : "not ok", checks, what);
}

int main(void)
{
    struct ktest_summary s;
    int failed;

    fprintf(stderr, "# framework self-check: the run below fails five tests ON PURPOSE\n");
    failed = ktest_run("selfcheck");
    fprintf(stderr, "# end of the deliberate failures\n");

    s = ktest_last_summary();
    printf("KTAP version 1\n1..6\n");
    check(failed == 5, "runner_returns_the_failure_count");
    check(s.passed == 1, "one_test_passes");
    check(s.failed == 5, "five_tests_fail");
    check(s.skipped == 1, "one_test_skips");
    check(after_assert == 0, "assert_stops_the_test");
    check(ktest_run("no-such-test") == 0 && ktest_last_summary().passed == 0, "empty_selection");
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures != 0;
}
