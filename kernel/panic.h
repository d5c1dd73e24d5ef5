/*
 * kernel/panic.h - fatal errors: report, then stop the machine (or unwind to a test expecting it).
 *
 * panic() prints "PANIC on CPU n: message", the caller and a backtrace, then hands the message
 * to platform_panic_catcher (the test runner's catch point) if it wants it. If nothing catches
 * it, the other CPUs are stopped (panic_smp_ops, installed by the SMP code) and QEMU exits with
 * the failure status.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void vpanic_at(uintptr_t caller, uintptr_t rbp, const char *fmt, va_list ap) __attribute__((noreturn));

/* Print a backtrace by walking frame pointers from rbp (compiled with -fno-omit-frame-pointer). */
void backtrace_print(uintptr_t rbp);

/*
 * A fatal report (panic and unhandled exceptions) is: caught = panic_will_be_caught() (asked
 * before anything is printed), panic_report_begin(), the report's lines, then
 * panic_report_finish(summary, caught). begin disables interrupts and takes the console for the
 * whole report; on a nested panic (a panic while this CPU is already reporting one) it prints a
 * short line and stops at once, since the first report may be what broke. finish hands `summary`
 * to the test runner when caught, or else stops the other CPUs and exits QEMU with failure.
 */
bool panic_will_be_caught(void);
void panic_report_begin(void);
void panic_report_finish(const char *summary, bool caught) __attribute__((noreturn));

/* Installed by the SMP code: serialise reports between CPUs and halt the other CPUs. */
struct panic_smp_ops {
    void (*report_lock)(void);    /* first panicking CPU wins; others wait here */
    void (*report_unlock)(void);
    void (*stop_others)(void);
};
extern const struct panic_smp_ops *panic_smp_ops;

#endif
