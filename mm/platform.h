/*
 * mm/platform.h - the narrow interface between the portable layers and the machine.
 *
 * mm/ and gc/ (and the test framework in tests/) are freestanding C that must also build as an
 * ordinary Linux library, so they never include kernel headers or libc headers directly. Everything
 * they need from below goes through the functions declared here:
 *
 *   pages      platform_page_alloc / platform_page_free: naturally aligned runs of 2^order 4 KiB
 *              pages (kernel: the buddy allocator in mm/buddy.c; hosted: mmap);
 *              platform_page_set_present makes one page inaccessible or accessible again
 *              (the guard pages of mm/fence.c; kernel: kernel/paging.c; hosted: mprotect).
 *   CPU        platform_cpu_id / platform_cpu_count: which CPU (kernel) or thread slot (hosted)
 *              is running, for per-CPU caches.
 *   output     platform_log / platform_panic: printf-style text to the console (kernel: COM1;
 *              hosted: stderr). platform_panic never returns (kernel: report and stop the machine,
 *              or unwind to a test that expects the panic; hosted: the same, or abort()).
 *   time       platform_cycles / platform_tsc_hz: the TSC and its frequency.
 *
 * Two implementations exist: kernel/platform.c and tests/host/platform.c. PLATFORM_HOSTED is
 * defined by the hosted build only.
 *
 * Format strings handed to platform_log/platform_panic use only the conversions both sides accept:
 * %d %i %u %x %ld %lu %lx %zu %p %s %c %% with width, '0', '-' and '+' flags.
 */
#ifndef MM_PLATFORM_H
#define MM_PLATFORM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  ((size_t)1 << PAGE_SHIFT)

/* The most CPUs (kernel) or concurrently registered threads (hosted) any per-CPU table holds. */
#define PLATFORM_MAX_CPUS 64

#ifdef PLATFORM_HOSTED
#include <string.h>
#else
/* The kernel's own implementations live in kernel/string.c; gcc also emits calls to these. */
void  *memset(void *dst, int byte, size_t n);
void  *memcpy(void *restrict dst, const void *restrict src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strchr(const char *s, int c);
void  *memchr(const void *s, int c, size_t n);
#endif

/* Allocate 2^order contiguous, naturally aligned pages; NULL when none are left. Never panics. */
void *platform_page_alloc(unsigned order);
/* Return pages from platform_page_alloc with the same order. */
void  platform_page_free(void *pages, unsigned order);

/*
 * Make the 4 KiB page at `page` (inside a run from platform_page_alloc) inaccessible (present =
 * false: every load and store faults) or accessible again, flushing the calling CPU's TLB entry
 * only (mm/fence.c says why that is enough). Returns false when the platform cannot (kernel: no
 * page for a page table). Kernel: kernel/paging.c; hosted: mprotect.
 */
bool platform_page_set_present(void *page, bool present);

/*
 * Memory ran out on this CPU: ask every other CPU to give back the empty pages its heap keeps
 * (mm/heap_segment.c, heap_pages_get). Kernel: a wake-up IPI to each other online CPU, so one that
 * idles runs heap_cpu_idle() (which gives back) before it halts again, and a busy one gives back
 * at its next refill anyway. Hosted: nothing (threads are not CPUs that can be woken; each gives
 * back at its next refill). Returns how many CPUs were asked: 0 means waiting for them is useless.
 */
unsigned platform_memory_short(void);

/* Index of the running CPU (hosted: the calling thread's slot), 0 <= id < platform_cpu_count(). */
unsigned platform_cpu_id(void);
/* Number of CPU slots in use (kernel: CPUs online; hosted: PLATFORM_MAX_CPUS). */
unsigned platform_cpu_count(void);

#ifdef PLATFORM_HOSTED
/*
 * Hosted only (threads are not CPUs): whether the calling thread shares its slot with another
 * live thread (more than PLATFORM_MAX_CPUS threads alive), so state kept per slot must be locked.
 */
bool platform_cpu_shared(void);
/*
 * Hosted only: called in an exiting thread just before its slot is given back, so an owner of
 * per-slot state (mm/'s per-CPU heap) can let go of it; NULL when unset.
 */
extern void (*platform_cpu_release_hook)(unsigned slot);
#endif

/* Console output; never allocates. */
void platform_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void platform_vlog(const char *fmt, va_list ap);
/* snprintf/vsnprintf with the same conversions (kernel: kvsnprintf; hosted: libc). */
int platform_snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int platform_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
/* Report a fatal error with the caller's location and stop (or unwind to a test expecting it). */
void platform_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A monotonically increasing cycle counter (the TSC). */
static inline uint64_t platform_cycles(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* Cycle-counter frequency in Hz (kernel: measured against the PIT at boot; hosted: against the
 * monotonic clock on first use). */
uint64_t platform_tsc_hz(void);

/*
 * The test runner's catch for panics (platform_panic and the kernel's CPU-exception reports).
 * Asked first, before the report is printed: wants() says whether a panic on the running CPU
 * would be caught now (a test runs here); if so, the report is printed and take() unwinds to the
 * test, never returning. Otherwise the panic stops the machine, and on the kernel it stops the
 * other CPUs while still holding the console, so nothing they print lands inside or after the
 * report. NULL when nothing catches.
 */
struct panic_catcher {
    bool (*wants)(void);
    void (*take)(const char *report) __attribute__((noreturn));
};
extern const struct panic_catcher *platform_panic_catcher;

/* The return address of the current function, for "caller" fields in error reports. */
#define CALLER_ADDR() ((uintptr_t)__builtin_return_address(0))

/*
 * Name the code at address `addr` as "function+0xoff" into buf (kernel: from the embedded symbol
 * table; hosted: dladdr or the bare address). Returns buf.
 */
const char *platform_symbolize(uintptr_t addr, char *buf, size_t len);

#endif /* MM_PLATFORM_H */
