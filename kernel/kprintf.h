/*
 * kernel/kprintf.h - formatted output, freestanding.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %% with the length modifiers l, ll, z and h;
 * flags '-' (left-justify), '0' (zero-pad), '+', ' ' and '#'; a width and a precision,
 * each a number or '*'. %p prints 0x followed by 16 hex digits. Unknown conversions print
 * themselves verbatim, so a bad format string is visible rather than fatal.
 */
#ifndef KERNEL_KPRINTF_H
#define KERNEL_KPRINTF_H

#include <stdarg.h>
#include <stddef.h>

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
/* Like snprintf: always NUL-terminates (when n > 0), returns the length it wanted to write. */
int ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

/*
 * Console output serialisation: kprintf formats each call into a buffer and writes it while
 * holding the console lock, so lines from different CPUs do not interleave. A hook lets the SMP
 * code install the lock once it exists (NULL: single CPU, no locking).
 */
struct console_lock_ops {
    void (*lock)(void);
    void (*unlock)(void);
};
extern const struct console_lock_ops *console_lock_ops;

#endif
