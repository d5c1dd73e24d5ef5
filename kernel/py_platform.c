/*
 * kernel/py_platform.c - what the interpreter (vm/) needs from the kernel: its output on the
 * serial console (stdout and stderr are the same line, "\n" sent as CR LF), a nanosecond clock
 * from the TSC, sleeping that gives the CPU away, and where the running thread's stack ends so
 * deep C recursion raises RecursionError before it reaches the guard page.
 */
#include "kernel/arch/tsc.h"
#include "kernel/arch/uart.h"
#include "kernel/py_platform.h"
#include "kernel/sched/thread.h"
#include "vm/vm.h"

/* Bytes of stack left unused when the interpreter starts refusing to nest deeper: the C code
 * between two checks (a dunder slot, a builtin, a collection's finalizers) fits in it. */
#define PY_STACK_MARGIN (6 * 1024)

extern char boot_stack[];

static void console_write(int fd, const char *data, size_t len)
{
    (void)fd;
    uart_write(data, len);
}

static uint64_t tsc_ns(void)
{
    uint64_t hz = tsc_hz(), c = platform_cycles();
    return hz ? (uint64_t)((unsigned __int128)c * 1000000000u / hz) : 0;
}

static void sleep_ns(uint64_t ns)
{
    thread_sleep_us(ns / 1000);
}

static uintptr_t stack_limit(void)
{
    struct thread *t = this_thread();
    uintptr_t base = t && t->stack.base ? t->stack.base : (uintptr_t)boot_stack;
    return base + PY_STACK_MARGIN;
}

void py_platform_init(void)
{
    vm_platform.write = console_write;
    vm_platform.monotonic_ns = tsc_ns;
    vm_platform.sleep_ns = sleep_ns;
    vm_platform.stack_limit = stack_limit;
}
