/* tests/kbench.c - the benchmark runner (see kbench.h). */
#include "tests/kbench.h"
#include "tests/ktest.h"

/* Weak: a build with no benchmarks has no such section, and then both are NULL. */
extern const struct kbench __start_kbenches[] __attribute__((weak));
extern const struct kbench __stop_kbenches[] __attribute__((weak));

static const struct kbench *current;

void kbench_row(const char *measurement, uint64_t value, const char *unit, const char *note)
{
    platform_log("bench %-16s %-44s %12lu %-10s%s%s\n", current ? current->name : "-", measurement,
                 (unsigned long)value, unit, note ? "  " : "", note ? note : "");
}

int kbench_run(const char *pattern)
{
    int ran = 0;
    platform_log("benchmarks: TSC %lu MHz, CPU %u of %u\n",
                 (unsigned long)(platform_tsc_hz() / 1000000), platform_cpu_id(),
                 platform_cpu_count());
    for (const struct kbench *b = __start_kbenches; b < __stop_kbenches; b++) {
        if (!ktest_match(pattern, b->name))
            continue;
        if (ktest_stop_requested && ktest_stop_requested()) {
            platform_log("# interrupted: the remaining benchmarks are not run\n");
            break;
        }
        current = b;
        platform_log("# %s: %s\n", b->name, b->what);
        b->fn();
        current = NULL;
        ran++;
    }
    platform_log("%d benchmarks run\n", ran);
    return ran;
}
