/*
 * tests/kbench.h - in-kernel benchmarks: registered like tests (a `kbenches` linker section),
 * run by the `bench` boot option (bench=NAME for a subset) or the console. Benchmarks measure
 * and print; they do not pass or fail (checking behaviour is the tests' job).
 *
 * Each benchmark prints its own rows through kbench_row() so every table looks the same:
 *   bench <name>: <what>  <value> <unit>  [<note>]
 */
#ifndef TESTS_KBENCH_H
#define TESTS_KBENCH_H

#include "mm/platform.h"

struct kbench {
    const char *name;
    const char *what;
    void (*fn)(void);
};

#define BENCH(bname, description)                                                                 \
    static void kbench_fn_##bname(void);                                                          \
    static const struct kbench kbench_desc_##bname                                                \
        __attribute__((used, section("kbenches"), aligned(8))) = {#bname, description,            \
                                                                  kbench_fn_##bname};             \
    static void kbench_fn_##bname(void)

/* One result line: name of the measurement, value, unit, optional note (NULL for none). */
void kbench_row(const char *measurement, uint64_t value, const char *unit, const char *note);
/* Run the benchmarks whose name matches pattern (ktest_match rules); returns how many ran. */
int kbench_run(const char *pattern);

#endif
