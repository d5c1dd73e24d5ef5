/*
 * tests/ktest.c - the test runner: walks the `ktests` section, runs the tests that match a
 * pattern, catches failures, panics and faults, and prints KTAP version 1.
 *
 * Each test runs inside a catch point of the runner (run_jmp): ASSERT_* failures, skips and panics
 * that no EXPECT_PANIC is waiting for all unwind to it, so one broken test never stops the suite.
 * The state below belongs to the one CPU (hosted: thread) running the suite; a panic on any other
 * CPU while a test runs is not ours to catch and stops the machine as usual.
 */
#include "tests/ktest.h"

extern const struct ktest __start_ktests[];
extern const struct ktest __stop_ktests[];

#define REPORT_MAX 512

enum unwind_reason { UNWIND_NONE, UNWIND_ABORT, UNWIND_SKIP, UNWIND_PANIC };

static struct {
    const struct ktest *current;  /* the test running now, or NULL */
    unsigned runner_cpu;          /* the CPU that runs the suite */
    kjmp_buf run_jmp;             /* where the test's failures unwind to */
    kjmp_buf catch_jmp;           /* EXPECT_PANIC's catch point */
    bool catch_armed;
    bool failed;                  /* the current test recorded a failure */
    const char *skip_reason;
    char report[REPORT_MAX];      /* text of the last panic that reached us */
    struct ktest_summary summary;
} kt;

static bool is_wild(const char *p)
{
    for (; *p; p++)
        if (*p == '*' || *p == '?')
            return true;
    return false;
}

/* Glob match: '*' any run, '?' one character. Iterative with one backtrack point. */
static bool glob(const char *p, const char *t)
{
    const char *star = NULL, *star_t = NULL;
    while (*t) {
        if (*p == '?' || (*p && *p != '*' && *p == *t)) {
            p++, t++;
        } else if (*p == '*') {
            star = p++;
            star_t = t;
        } else if (star) {
            p = star + 1;
            t = ++star_t;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return *p == '\0';
}

bool ktest_match(const char *pattern, const char *text)
{
    if (!pattern || !*pattern)
        return true;
    if (!is_wild(pattern))
        return strncmp(pattern, text, strlen(pattern)) == 0;
    return glob(pattern, text);
}

static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    kt.failed = true;
    platform_log("    # %s:%d: ", file, line);
    va_start(ap, fmt);
    platform_vlog(fmt, ap);
    va_end(ap);
    platform_log("\n");
}

void ktest_note(const char *fmt, ...)
{
    va_list ap;
    platform_log("    # ");
    va_start(ap, fmt);
    platform_vlog(fmt, ap);
    va_end(ap);
    platform_log("\n");
}

void ktest_abort(void)
{
    if (!kt.current)
        platform_panic("ktest_abort: no test is running");
    klongjmp(kt.run_jmp, UNWIND_ABORT);
}

void ktest_skip(const char *reason)
{
    if (!kt.current)
        platform_panic("ktest_skip: no test is running");
    kt.skip_reason = reason;
    klongjmp(kt.run_jmp, UNWIND_SKIP);
}

kjmp_buf *ktest_catch_arm(const char *expected_substring)
{
    (void)expected_substring;
    kt.catch_armed = true;
    kt.report[0] = '\0';
    return &kt.catch_jmp;
}

void ktest_catch_missed(const char *file, int line, const char *stmt)
{
    kt.catch_armed = false;
    ktest_fail(file, line, "expected a panic from `%s`, but it returned", stmt);
}

void ktest_catch_check(const char *file, int line, const char *expected_substring)
{
    if (!contains(kt.report, expected_substring))
        ktest_fail(file, line, "expected a panic containing \"%s\", got \"%s\"",
                   expected_substring, kt.report);
}

const char *ktest_last_panic(void)
{
    return kt.report;
}

static void copy_report(const char *report)
{
    size_t n = strlen(report);
    if (n >= REPORT_MAX)
        n = REPORT_MAX - 1;
    memcpy(kt.report, report, n);
    kt.report[n] = '\0';
}

/* Only the suite's own CPU, while a test runs, unwinds into the suite; anything else is real. */
static bool ktest_wants_panic(void)
{
    return kt.current && platform_cpu_id() == kt.runner_cpu;
}

__attribute__((noreturn)) static void ktest_take_panic(const char *report)
{
    copy_report(report);
    if (kt.catch_armed) {
        kt.catch_armed = false;
        klongjmp(kt.catch_jmp, 1);
    }
    klongjmp(kt.run_jmp, UNWIND_PANIC);
}

const struct panic_catcher ktest_panic_catcher = {ktest_wants_panic, ktest_take_panic};

static uint64_t cycles_to_us(uint64_t cycles)
{
    uint64_t hz = platform_tsc_hz();
    return hz ? cycles / (hz / 1000000 ? hz / 1000000 : 1) : 0;
}

static void run_one(const struct ktest *t, int number)
{
    volatile uint64_t start;
    int reason;

    kt.current = t;
    kt.failed = false;
    kt.catch_armed = false;
    kt.skip_reason = NULL;
    start = platform_cycles();
    reason = ksetjmp(kt.run_jmp);
    if (reason == UNWIND_NONE)
        t->fn();
    kt.current = NULL;
    kt.catch_armed = false;

    if (reason == UNWIND_PANIC)
        ktest_fail(t->file, t->line, "test panicked: %s", kt.report);
    platform_log("    # %s.%s: %lu us\n", t->suite, t->name,
                 (unsigned long)cycles_to_us(platform_cycles() - start));
    if (reason == UNWIND_SKIP) {
        kt.summary.skipped++;
        platform_log("ok %d %s.%s # SKIP %s\n", number, t->suite, t->name, kt.skip_reason);
    } else if (kt.failed) {
        kt.summary.failed++;
        platform_log("not ok %d %s.%s\n", number, t->suite, t->name);
    } else {
        kt.summary.passed++;
        platform_log("ok %d %s.%s\n", number, t->suite, t->name);
    }
}

bool (*ktest_stop_requested)(void);

static bool selected(const struct ktest *t, const char *pattern)
{
    char full[128];
    size_t ns = strlen(t->suite), nn = strlen(t->name);
    if (ns + 1 + nn + 1 > sizeof full)
        return false;
    memcpy(full, t->suite, ns);
    full[ns] = '.';
    memcpy(full + ns + 1, t->name, nn + 1);
    return ktest_match(pattern, full);
}

int ktest_run(const char *pattern)
{
    const struct ktest *t;
    int planned = 0, number = 0;
    bool stopped = false;
    const struct panic_catcher *saved_catcher = platform_panic_catcher;

    for (t = __start_ktests; t < __stop_ktests; t++)
        planned += selected(t, pattern);

    kt.summary = (struct ktest_summary){0, 0, 0};
    kt.runner_cpu = platform_cpu_id();
    platform_panic_catcher = &ktest_panic_catcher;
    platform_log("KTAP version 1\n1..%d\n", planned);
    for (t = __start_ktests; t < __stop_ktests; t++) {
        if (!selected(t, pattern))
            continue;
        if (!stopped && ktest_stop_requested && ktest_stop_requested()) {
            stopped = true;
            platform_log("# interrupted: the remaining tests are not run\n");
        }
        if (stopped) {
            kt.summary.skipped++;
            platform_log("ok %d %s.%s # SKIP interrupted\n", ++number, t->suite, t->name);
            continue;
        }
        run_one(t, ++number);
    }
    platform_panic_catcher = saved_catcher;

    if (planned == 0)
        platform_log("# no test matches \"%s\"\n", pattern ? pattern : "");
    if (kt.summary.skipped)
        platform_log("%d passed, %d failed, %d skipped\n", kt.summary.passed, kt.summary.failed,
                     kt.summary.skipped);
    else
        platform_log("%d passed, %d failed\n", kt.summary.passed, kt.summary.failed);
    return kt.summary.failed;
}

struct ktest_summary ktest_last_summary(void)
{
    return kt.summary;
}
