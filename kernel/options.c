/*
 * kernel/options.c - every boot option the kernel knows, in one table.
 * Later subsystems add their rows here; cmdline.c does the parsing and the warnings.
 */
#include "kernel/options.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "mm/platform.h"

static const struct opt_spec specs[] = {
    {"test", OPT_FLAG, 0, 0, 0, "run the in-kernel test suite and exit (test=PATTERN: a subset)"},
    {"bench", OPT_FLAG, 0, 0, 0, "run the in-kernel benchmarks and exit (bench=NAME: one)"},
    {"mm.debug", OPT_BOOL, 0, 1, 0, "heap debug mode: poison freed memory and check it on reuse, "
                                    "redzones checked on free"},
    {"mm.fence", OPT_UINT, 0, 1000000000, 0,
     "heap sampler: every Nth allocation of each CPU gets a page of its own before an "
     "unmapped guard page, unmapped when freed (overflows and uses after free trap); 0 = off"},
    {"crash", OPT_STRING, 0, 0, 0, "fault on purpose after boot (ud, de, pf, bp, stack, panic, "
                                   "smp-panic, fence-oob, fence-uaf): "
                                   "tests the fatal-error path"},
    {"gil.interval_us", OPT_UINT, 100, 1000000, 5000,
     "GIL switch interval in microseconds (CPython's sys.setswitchinterval; default 5000)"},
    {"soak", OPT_UINT, 1, 86400, 0, "run the soak test for this many seconds on every CPU and "
                                    "exit with its verdict (console: soak SECONDS)"},
    {"py.run", OPT_STRING, 0, 0, 0, "run these Python programs (NAME,NAME...; @: the run list "
                                    "run.txt) between markers, then power off"},
    {"py.start", OPT_STRING, 0, 0, 0, "run these Python programs at boot, then the console "
                                      "(make run PY=FILE)"},
    {"py.args", OPT_STRING, 0, 0, 0, "sys.argv[1:] of the one program of py.run or py.start "
                                     "(A,B,...)"},
};
#define NOPTIONS (sizeof specs / sizeof specs[0])

static struct opt_value values[NOPTIONS];

static void warn_console(void *ctx, const char *message)
{
    (void)ctx;
    kprintf("cmdline: warning: %s\n", message);
}

int options_parse(const char *cmdline)
{
    return cmdline_parse(cmdline, specs, NOPTIONS, values, warn_console, NULL);
}

const struct opt_value *option(const char *key)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strcmp(specs[i].key, key) == 0)
            return &values[i];
    panic("option: '%s' is not in the option table", key);
}

void options_print(void)
{
    static const char *const kinds[] = {"flag", "bool", "number", "text"};
    for (size_t i = 0; i < NOPTIONS; i++)
        kprintf("  %-18s %-6s %s\n", specs[i].key, kinds[specs[i].kind], specs[i].help);
}
