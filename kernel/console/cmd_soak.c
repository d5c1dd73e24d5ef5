/*
 * kernel/console/cmd_soak.c - `soak SECONDS` (tests/kernel/harness/soak.c) and `oom [MIB]`
 * (tests/kernel/harness/oom.c): the reliability runs, from the console. Both poll Ctrl-C through
 * shell_interrupted and still check and report what ran before it.
 */
#include "tests/kernel/harness/oom.h"
#include "kernel/console/shell.h"
#include "tests/kernel/harness/soak.h"

#define OOM_LIMIT_MIB_MAX 65536

static int run_soak(int argc, char **argv)
{
    uint64_t seconds;
    (void)argc;
    if (!shell_parse_u64("SECONDS", argv[1], 1, SOAK_SECONDS_MAX, &seconds))
        return SHELL_ERR;
    return soak_run(seconds, shell_interrupted) ? SHELL_OK : SHELL_ERR;
}

SHELL_COMMAND(cmd_soak, 200) = {
    "soak", "SECONDS", "mixed workloads on every CPU, then check nothing leaked",
    "  SECONDS is 1 to 86400: half with every CPU under one shared GIL, half with an interpreter\n"
    "  per CPU. Each CPU's worker mixes heap churn (with cross-CPU frees), cycles, dicts,\n"
    "  weakrefs with callbacks, finalizers (some resurrecting), drops, collections and GIL-free\n"
    "  I/O sections. Then checks: refcounts exact, finalizers and callbacks ran once each, census\n"
    "  and heap back at their baselines, every CPU progressed; prints ok/not ok per check and a\n"
    "  PASS/FAIL line. Ctrl-C stops early (what ran is still checked). Boot option: soak=SECONDS.",
    1, 1, run_soak, NULL,
};

static int run_oom(int argc, char **argv)
{
    uint64_t mib = 0;
    if (argc > 1 && !shell_parse_u64("MIB", argv[1], 1, OOM_LIMIT_MIB_MAX, &mib))
        return SHELL_ERR;
    return oom_run((size_t)mib << 20, shell_interrupted) ? SHELL_OK : SHELL_ERR;
}

SHELL_COMMAND(cmd_oom, 210) = {
    "oom", "[MIB]", "run the heap out of memory and check the kernel recovers",
    "  1: garbage cycles with automatic gc off (allocations collect when memory is short: none\n"
    "  may fail); 2: live objects until a call returns NULL/-1 (it must leave its container as\n"
    "  it was); 3: drop all, check heap bytes and free pages are back, allocate again. MIB holds\n"
    "  the heap to that much more than it has (1 to 65536); default: all of memory (boot with a\n"
    "  small -m, e.g. MEM=32M, to keep it short). Ctrl-C skips to the recovery step.",
    0, 1, run_oom, NULL,
};
