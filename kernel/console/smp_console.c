/*
 * kernel/console/smp_console.c - the two locks that keep output readable on SMP: the console lock
 * behind every kprintf (kernel/kprintf.h's console_lock_ops) and the panic report lock
 * (kernel/panic.h's panic_smp_ops).
 *
 * Both are plain ticket locks written here rather than struct spinlock: the debug checks of
 * struct spinlock report through panic(), which prints through kprintf, which takes the console
 * lock, so the console lock must not be one of them. Both are recursive per CPU: a panic raised
 * while this CPU prints (a fault inside the UART code, say) must still be able to print.
 *
 * The panic lock is taken first and never released by a CPU that goes on to stop the machine, so
 * the first panicking CPU's report comes out whole and any other CPU that panics waits in
 * report_lock until the stop NMI parks it.
 */
#include "kernel/arch/io.h"
#include "kernel/arch/ipi.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/sched/percpu.h"

struct recursive_lock {
    uint32_t next, owner;
    int holder;                     /* CPU id, -1 when free */
    unsigned depth;
    uint64_t saved_flags;
};

static struct recursive_lock console_lock = {0, 0, -1, 0, 0};
static struct recursive_lock report_lock = {0, 0, -1, 0, 0};

static void rlock(struct recursive_lock *l)
{
    int me = (int)this_cpu()->id;
    uint64_t flags = read_rflags();
    uint32_t ticket;
    irq_disable();
    if (__atomic_load_n(&l->holder, __ATOMIC_RELAXED) == me) {
        l->depth++;
        return;
    }
    ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    /* Paired with the release store of owner in runlock(). */
    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
        cpu_relax();
    __atomic_store_n(&l->holder, me, __ATOMIC_RELAXED);
    l->depth = 1;
    l->saved_flags = flags;
}

static void runlock(struct recursive_lock *l)
{
    uint64_t flags = l->saved_flags;
    if (--l->depth)
        return;
    __atomic_store_n(&l->holder, -1, __ATOMIC_RELAXED);
    /* Paired with the acquire load in rlock(): publishes what we printed/recorded. */
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
    if (flags & (1u << 9))
        irq_enable();
}

static void console_lock_fn(void) { rlock(&console_lock); }
static void console_unlock_fn(void) { runlock(&console_lock); }

/* A report holds the console lock from its first line to its last, so no other CPU's output
 * lands between them. Order: report lock, then console lock (kprintf takes only the latter). */
static void report_lock_fn(void)
{
    rlock(&report_lock);
    rlock(&console_lock);
}

static void report_unlock_fn(void)
{
    runlock(&console_lock);
    runlock(&report_lock);
}

/*
 * Stop every other CPU. We hold the console lock (panic_report_begin took the report lock), so the
 * others can be parked anywhere, even spinning for that lock, and our last lines still print.
 */
static void stop_others(void)
{
    ipi_stop_others();
}

static const struct console_lock_ops console_ops = {console_lock_fn, console_unlock_fn};
static const struct panic_smp_ops panic_ops = {report_lock_fn, report_unlock_fn, stop_others};

void smp_console_init(void)
{
    console_lock_ops = &console_ops;
    panic_smp_ops = &panic_ops;
}
