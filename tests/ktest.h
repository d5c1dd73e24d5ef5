/*
 * tests/ktest.h - the one test framework, for the in-kernel suite and the hosted suite alike.
 *
 * Registering: TEST(suite, name) { ... } places a descriptor in the `ktests` linker section, so a
 * new test needs no central list: the runner walks the section from __start_ktests to
 * __stop_ktests (the kernel's linker.ld defines them; GNU ld defines them for hosted builds).
 *
 * Checking: EXPECT_* records a failure with file:line, the expression and both values, and lets
 * the test go on; ASSERT_* does the same and then ends the test (it unwinds to the runner with
 * klongjmp, so it also works from helper functions).
 *
 * Expecting a panic or a CPU fault: EXPECT_PANIC(substring, statement) runs the statement with a
 * catch point armed. The panic path (platform_panic, or the kernel's exception handler) prints its
 * report as always and hands it to platform_panic_catcher, which the runner points at its own:
 * with a catch point armed on this CPU it copies the report and unwinds to the EXPECT_PANIC, which
 * passes if the report contains `substring`; with none armed, the running test fails with the
 * report and the runner moves on to the next test. Only state the statement was changing is lost,
 * so tests should expect panics from operations that check before they modify (as the page and
 * heap checks do). EXPECT_PANIC passes the statement's failure to return as a failure too.
 *
 * Output is KTAP version 1: "KTAP version 1", "1..N", a "# suite.name: N us" diagnostic and an
 * "ok N suite.name" / "not ok N suite.name" line per test, then exactly one closing line
 * "N passed, N failed[, N skipped]".
 */
#ifndef TESTS_KTEST_H
#define TESTS_KTEST_H

#include "mm/platform.h"

#ifdef PLATFORM_HOSTED
#include <setjmp.h>
typedef sigjmp_buf kjmp_buf;
#define ksetjmp(buf)       sigsetjmp(buf, 1)
#define klongjmp(buf, val) siglongjmp(buf, val)
#else
/* rbx, rbp, r12-r15, rsp, rip, rflags: see kernel/arch/setjmp.S. */
typedef uint64_t kjmp_buf[9];
int  ksetjmp(kjmp_buf buf) __attribute__((returns_twice));
void klongjmp(kjmp_buf buf, int val) __attribute__((noreturn));
#endif

struct ktest {
    const char *suite;
    const char *name;
    void (*fn)(void);
    const char *file;
    int line;
};

#define KTEST_SECTION __attribute__((used, section("ktests"), aligned(8)))

#define TEST(suite, name)                                                                         \
    static void ktest_fn_##suite##_##name(void);                                                  \
    static const struct ktest ktest_desc_##suite##_##name KTEST_SECTION = {                       \
        #suite, #name, ktest_fn_##suite##_##name, __FILE__, __LINE__};                            \
    static void ktest_fn_##suite##_##name(void)

/* Record a failure of the running test (printf-style details). */
void ktest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* End the running test now (after a failure was recorded). */
void ktest_abort(void) __attribute__((noreturn));
/* Mark the running test skipped with a reason and end it. */
void ktest_skip(const char *reason) __attribute__((noreturn));
/* Print a "# " diagnostic line inside the running test's output. */
void ktest_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define KT_CHECK_(cond, fatal, ...)                                                               \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            ktest_fail(__FILE__, __LINE__, __VA_ARGS__);                                          \
            if (fatal)                                                                            \
                ktest_abort();                                                                    \
        }                                                                                         \
    } while (0)

#define KT_CMP_(a, op, b, fatal)                                                                  \
    do {                                                                                          \
        long kt_a_ = (long)(a), kt_b_ = (long)(b);                                                \
        KT_CHECK_(kt_a_ op kt_b_, fatal, "expected %s %s %s, got %ld (0x%lx) and %ld (0x%lx)", #a, \
                  #op, #b, kt_a_, (unsigned long)kt_a_, kt_b_, (unsigned long)kt_b_);             \
    } while (0)

#define EXPECT_TRUE(c)  KT_CHECK_((c), 0, "expected %s to be true", #c)
#define EXPECT_FALSE(c) KT_CHECK_(!(c), 0, "expected %s to be false", #c)
#define EXPECT_EQ(a, b) KT_CMP_(a, ==, b, 0)
#define EXPECT_NE(a, b) KT_CMP_(a, !=, b, 0)
#define EXPECT_LT(a, b) KT_CMP_(a, <, b, 0)
#define EXPECT_LE(a, b) KT_CMP_(a, <=, b, 0)
#define EXPECT_GT(a, b) KT_CMP_(a, >, b, 0)
#define EXPECT_GE(a, b) KT_CMP_(a, >=, b, 0)
#define EXPECT_NULL(p)     KT_CHECK_((p) == NULL, 0, "expected %s to be NULL, got %p", #p, (void *)(p))
#define EXPECT_NOT_NULL(p) KT_CHECK_((p) != NULL, 0, "expected %s not to be NULL", #p)
#define EXPECT_STREQ(a, b)                                                                        \
    do {                                                                                          \
        const char *kt_sa_ = (a), *kt_sb_ = (b);                                                  \
        KT_CHECK_(kt_sa_ && kt_sb_ && strcmp(kt_sa_, kt_sb_) == 0, 0,                             \
                  "expected %s == %s, got \"%s\" and \"%s\"", #a, #b,                             \
                  kt_sa_ ? kt_sa_ : "(null)", kt_sb_ ? kt_sb_ : "(null)");                        \
    } while (0)

#define ASSERT_TRUE(c)  KT_CHECK_((c), 1, "expected %s to be true", #c)
#define ASSERT_FALSE(c) KT_CHECK_(!(c), 1, "expected %s to be false", #c)
#define ASSERT_EQ(a, b) KT_CMP_(a, ==, b, 1)
#define ASSERT_NE(a, b) KT_CMP_(a, !=, b, 1)
#define ASSERT_LT(a, b) KT_CMP_(a, <, b, 1)
#define ASSERT_LE(a, b) KT_CMP_(a, <=, b, 1)
#define ASSERT_GT(a, b) KT_CMP_(a, >, b, 1)
#define ASSERT_GE(a, b) KT_CMP_(a, >=, b, 1)
#define ASSERT_NULL(p)     KT_CHECK_((p) == NULL, 1, "expected %s to be NULL, got %p", #p, (void *)(p))
#define ASSERT_NOT_NULL(p) KT_CHECK_((p) != NULL, 1, "expected %s not to be NULL", #p)

/* Catch points for EXPECT_PANIC; see the comment at the top. */
kjmp_buf *ktest_catch_arm(const char *expected_substring);
void ktest_catch_missed(const char *file, int line, const char *stmt);
void ktest_catch_check(const char *file, int line, const char *expected_substring);
/* The report text of the last caught panic (valid until the next one). */
const char *ktest_last_panic(void);

#define EXPECT_PANIC(substring, stmt)                                                             \
    do {                                                                                          \
        if (ksetjmp(*ktest_catch_arm(substring)) == 0) {                                          \
            stmt;                                                                                 \
            ktest_catch_missed(__FILE__, __LINE__, #stmt);                                        \
        } else {                                                                                  \
            ktest_catch_check(__FILE__, __LINE__, substring);                                     \
        }                                                                                         \
    } while (0)

/* The catcher the runner installs while it runs tests (see platform_panic_catcher). */
extern const struct panic_catcher ktest_panic_catcher;

/*
 * Run every registered test whose "suite.name" matches `pattern` (NULL or "" = all; '*' matches
 * any run of characters, '?' one character; a pattern without wildcards matches a prefix).
 * Prints KTAP and the closing line; returns the number of failed tests.
 */
int ktest_run(const char *pattern);
/*
 * Checked between tests (and between benchmarks): when it returns true the run stops, and the
 * tests not run are reported as skipped ("# SKIP interrupted"). The console points it at its
 * Ctrl-C check; NULL (the default) never stops.
 */
extern bool (*ktest_stop_requested)(void);
/* Pattern matching used by the runner, exported for its own tests and for `bench`. */
bool ktest_match(const char *pattern, const char *text);

/* Counts from the last ktest_run. */
struct ktest_summary {
    int passed, failed, skipped;
};
struct ktest_summary ktest_last_summary(void);

#endif /* TESTS_KTEST_H */
