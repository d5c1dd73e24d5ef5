/*
 * kernel/console/cmd_cpu.c - the CPUs and the locks: `cpus` and `locks`.
 *
 * `cpus` reads each CPU's running thread under that CPU's run-queue lock: the scheduler holds it
 * across every switch (kernel/sched/thread.h), so while we hold it the thread cannot exit and be
 * freed under us, and the name we copy is the one running at that instant. The counters (ticks,
 * IPIs, switches) are read without the lock: single words written by their own CPU, so a read sees
 * a value that was true a moment ago, which is all a snapshot promises.
 */
#include "kernel/kprintf.h"
#include "kernel/sched/percpu.h"
#include "kernel/console/shell.h"
#include "kernel/sched/spinlock.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "mm/platform.h"

static const char *state_name(int state)
{
    switch (state) {
    case CPU_ABSENT:   return "absent";
    case CPU_STARTING: return "starting";
    case CPU_ONLINE:   return "online";
    case CPU_FAILED:   return "failed";
    }
    return "?";
}

static int run_cpus(int argc, char **argv)
{
    (void)argc, (void)argv;
    unsigned online = percpu_online();
    kprintf("%u CPUs online; TSC %lu MHz (measured on CPU 0; invariant, the same on every CPU); "
            "this console runs on CPU %u\n", online, (unsigned long)(tsc_hz() / 1000000),
            this_cpu()->id);
    kprintf("  cpu  apic  state    threads  busy%%  ticks      ipis       switches   running\n");
    for (unsigned i = 0; i < online; i++) {
        struct cpu *c = cpu_by_id(i);
        char running[THREAD_NAME_MAX + 16];
        uint64_t flags = spin_lock_irqsave(&c->rq_lock);
        if (!c->current)
            ksnprintf(running, sizeof running, "-");
        else if (c->current == c->idle)
            ksnprintf(running, sizeof running, "idle (halted)");
        else
            ksnprintf(running, sizeof running, "%s", c->current->name[0] ? c->current->name
                                                                          : "(unnamed)");
        spin_unlock_irqrestore(&c->rq_lock, flags);
        kprintf("  %-4u %-5u %-8s %-8u %-6lu %-10lu %-10lu %-10lu %s\n", c->id, c->apic_id,
                state_name(__atomic_load_n(&c->state, __ATOMIC_ACQUIRE)), thread_count_on(c),
                (unsigned long)thread_busy_percent(c), (unsigned long)c->ticks,
                (unsigned long)c->ipis_received, (unsigned long)c->context_switches, running);
    }
    return SHELL_OK;
}

SHELL_COMMAND(cmd_cpus, 160) = {
    "cpus", "", "online CPUs: APIC id, state, threads, busy share, what each runs",
    "  busy%: share of time not halted since the CPU came online. ticks/ipis: interrupts taken.\n"
    "  running: the thread on the CPU at this instant (idle means halted, waiting for work).",
    0, 0, run_cpus, NULL,
};

static int run_locks(int argc, char **argv)
{
    (void)argc, (void)argv;
    spin_print_stats();
    return SHELL_OK;
}

static int run_locks_reset(int argc, char **argv)
{
    (void)argc, (void)argv;
    spin_reset_stats();
    kprintf("locks: counters zeroed\n");
    return SHELL_OK;
}

static const struct shell_command locks_subcommands[] = {
    {"reset", "", "zero every lock's counters (before a measurement)", NULL, 0, 0,
     run_locks_reset, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL},
};

SHELL_COMMAND(cmd_locks, 180) = {
    "locks", "[reset]", "spinlocks with acquisitions, contention, spin cycles, holder",
    "  contended: acquisitions that had to wait; max spin: the longest single wait; holder: the\n"
    "  CPU holding it now (-1: free). Every lock taken at least once is listed.",
    0, 0, run_locks, locks_subcommands,
};
