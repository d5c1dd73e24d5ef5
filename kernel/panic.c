/*
 * kernel/panic.c - panic(), backtraces and the common end of every fatal report.
 *
 * A report is printed before anything else is attempted, so even a panic that breaks the code
 * after it leaves its message on the console. Whether the test runner will catch the panic is
 * asked first (platform_panic_catcher): a caught panic (a test's EXPECT_PANIC, or a test that
 * panicked, which the runner records as a failure) releases the console and unwinds, leaving the
 * machine running, with the per-CPU "reporting" flag cleared so the next panic is not mistaken for
 * a nested one. An uncaught one stops the other CPUs while still holding the console, so the
 * report is the last thing on it.
 */
#include "kernel/panic.h"
#include "kernel/arch/io.h"
#include "kernel/kprintf.h"
#include "kernel/ksyms.h"
#include "kernel/arch/qemu.h"
#include "kernel/arch/trap.h"
#include "mm/platform.h"

#define BACKTRACE_MAX_FRAMES 24
#define PANIC_MSG_MAX 512

const struct panic_smp_ops *panic_smp_ops;
static volatile bool reporting[PLATFORM_MAX_CPUS];

void backtrace_print(uintptr_t rbp)
{
    char sym[96];
    kprintf("backtrace:\n");
    for (int i = 0; i < BACKTRACE_MAX_FRAMES && rbp; i++) {
        int in_guard = 0;
        /* Follow only frames on a known stack, so a corrupt chain cannot fault here. */
        if ((rbp & 7) || !trap_stack_of(rbp, &in_guard) || in_guard ||
            !trap_stack_of(rbp + 8, &in_guard) || in_guard)
            break;
        uintptr_t ret = ((uintptr_t *)rbp)[1];
        uintptr_t next = ((uintptr_t *)rbp)[0];
        if (!ret)
            break;
        /* ret - 1: name the call instruction, not whatever follows it. */
        ksym_format(ret - 1, sym, sizeof sym);
        kprintf("  #%-2d %s\n", i, sym);
        if (next <= rbp)
            break;
        rbp = next;
    }
}

void panic_report_begin(void)
{
    unsigned cpu = platform_cpu_id();
    irq_disable();
    if (reporting[cpu]) {
        kprintf("\nnested panic on CPU %u while reporting; stopping\n", cpu);
        qemu_exit(QEMU_EXIT_FAILURE);
    }
    reporting[cpu] = true;
    if (panic_smp_ops)
        panic_smp_ops->report_lock();
}

bool panic_will_be_caught(void)
{
    return platform_panic_catcher && platform_panic_catcher->wants();
}

void panic_report_finish(const char *summary, bool caught)
{
    if (caught) {
        if (panic_smp_ops)
            panic_smp_ops->report_unlock();
        reporting[platform_cpu_id()] = false;
        platform_panic_catcher->take(summary);
    }
    /* Still holding the console: the other CPUs stop before they can print another line. */
    if (panic_smp_ops)
        panic_smp_ops->stop_others();
    kprintf("system halted\n");
    qemu_exit(QEMU_EXIT_FAILURE);
}

void vpanic_at(uintptr_t caller, uintptr_t rbp, const char *fmt, va_list ap)
{
    char msg[PANIC_MSG_MAX];
    char sym[96];

    bool caught = panic_will_be_caught();

    kvsnprintf(msg, sizeof msg, fmt, ap);
    panic_report_begin();
    kprintf("\nPANIC on CPU %u: %s\n  called from %s\n", platform_cpu_id(), msg,
            ksym_format(caller - 1, sym, sizeof sym)); /* -1: the call, not what follows */
    backtrace_print(rbp);
    panic_report_finish(msg, caught);
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vpanic_at(CALLER_ADDR(), (uintptr_t)__builtin_frame_address(0), fmt, ap);
}
