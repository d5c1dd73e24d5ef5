/*
 * tests/host/platform.c - mm/platform.h for Linux userland: the hosted build of mm/ and gc/.
 *
 * pages   mmap, over-allocated and trimmed so a run of 2^order pages is naturally aligned, as the
 *         buddy allocator's are (the heap relies on that alignment to find page metadata);
 *         mprotect for platform_page_set_present.
 * CPUs    each thread takes the lowest free slot on first use and gives it back when it exits,
 *         so per-CPU caches become per-thread caches; more than PLATFORM_MAX_CPUS live threads
 *         share the last slots (slot = id % max), which is why hosted per-CPU fast paths that are
 *         lock-free on the kernel must treat a slot as possibly shared (see mm/ for how it does).
 * output  formatted into a stack buffer and written with write(2): never allocates, so it is
 *         safe inside malloc when this library is preloaded.
 * panic   report, hand it to platform_panic_catcher (the test runner) if it wants it, else abort().
 */
#define _GNU_SOURCE
#include "mm/platform.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

const struct panic_catcher *platform_panic_catcher;

void *platform_page_alloc(unsigned order)
{
    size_t size = PAGE_SIZE << order;
    size_t span = size * 2;
    char *raw, *aligned;

    if (order >= 40)
        return NULL;
    raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    aligned = (char *)(((uintptr_t)raw + size - 1) & ~(uintptr_t)(size - 1));
    if (aligned > raw)
        munmap(raw, (size_t)(aligned - raw));
    if (aligned + size < raw + span)
        munmap(aligned + size, (size_t)(raw + span - (aligned + size)));
    return aligned;
}

void platform_page_free(void *pages, unsigned order)
{
    munmap(pages, PAGE_SIZE << order);
}

bool platform_page_set_present(void *page, bool present)
{
    return mprotect(page, PAGE_SIZE, present ? PROT_READ | PROT_WRITE : PROT_NONE) == 0;
}

/* Slot ownership: bit i set while a live thread holds slot i. */
static uint64_t slots_taken;
static __thread int my_slot = -1;
static __thread bool my_slot_shared;
void (*platform_cpu_release_hook)(unsigned slot);
static pthread_key_t slot_key;
static pthread_once_t slot_once = PTHREAD_ONCE_INIT;

static void slot_release(void *arg)
{
    unsigned slot = (unsigned)(uintptr_t)arg - 1;
    if (slot < 64 && platform_cpu_release_hook)
        platform_cpu_release_hook(slot);
    if (slot < 64)
        __atomic_and_fetch(&slots_taken, ~((uint64_t)1 << slot), __ATOMIC_RELEASE);
}

static void slot_key_create(void)
{
    pthread_key_create(&slot_key, slot_release);
}

static unsigned slot_claim(void)
{
    static unsigned overflow_next;
    uint64_t taken = __atomic_load_n(&slots_taken, __ATOMIC_ACQUIRE);

    pthread_once(&slot_once, slot_key_create);
    while (~taken) {
        unsigned slot = (unsigned)__builtin_ctzll(~taken);
        if (__atomic_compare_exchange_n(&slots_taken, &taken, taken | ((uint64_t)1 << slot), false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            pthread_setspecific(slot_key, (void *)(uintptr_t)(slot + 1));
            return slot;
        }
    }
    /* Every slot is held by a live thread: share one. */
    my_slot_shared = true;
    return __atomic_fetch_add(&overflow_next, 1, __ATOMIC_RELAXED) % PLATFORM_MAX_CPUS;
}

unsigned platform_cpu_id(void)
{
    if (__builtin_expect(my_slot < 0, 0))
        my_slot = (int)slot_claim();
    return (unsigned)my_slot;
}

bool platform_cpu_shared(void)
{
    platform_cpu_id();
    return my_slot_shared;
}

unsigned platform_memory_short(void)
{
    return 0; /* threads cannot be woken to give back; each does at its next refill */
}

unsigned platform_cpu_count(void)
{
    return PLATFORM_MAX_CPUS;
}

void platform_vlog(const char *fmt, va_list ap)
{
    char buf[1024];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    (void)!write(2, buf, (size_t)n);
}

void platform_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    platform_vlog(fmt, ap);
    va_end(ap);
}

int platform_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
    return vsnprintf(buf, len, fmt, ap);
}

int platform_snprintf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

void platform_panic(const char *fmt, ...)
{
    char report[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(report, sizeof report, fmt, ap);
    va_end(ap);
    platform_log("panic: %s\n", report);
    if (platform_panic_catcher && platform_panic_catcher->wants())
        platform_panic_catcher->take(report);
    abort();
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The clocks when the program (or the preloaded library) started: platform_tsc_hz measures the
 * TSC against the monotonic clock from here, so it need not spin unless asked within 20 ms. */
static uint64_t start_ns, start_cycles;

__attribute__((constructor)) static void clocks_at_start(void)
{
    start_ns = now_ns();
    start_cycles = platform_cycles();
}

uint64_t platform_tsc_hz(void)
{
    static uint64_t hz;   /* relaxed atomics: threads that race compute the same figure */
    uint64_t known = __atomic_load_n(&hz, __ATOMIC_RELAXED);
    if (!known) {
        uint64_t t0 = start_ns, c0 = start_cycles, t1;
        if (!t0) {        /* before the constructors ran */
            t0 = now_ns();
            c0 = platform_cycles();
        }
        do
            t1 = now_ns();
        while (t1 - t0 < 20000000);
        known = (uint64_t)((unsigned __int128)(platform_cycles() - c0) * 1000000000u / (t1 - t0));
        __atomic_store_n(&hz, known, __ATOMIC_RELAXED);
    }
    return known;
}

const char *platform_symbolize(uintptr_t addr, char *buf, size_t len)
{
    Dl_info info;
    if (dladdr((void *)addr, &info) && info.dli_sname)
        snprintf(buf, len, "%s+0x%lx", info.dli_sname, (unsigned long)(addr - (uintptr_t)info.dli_saddr));
    else
        snprintf(buf, len, "0x%lx", (unsigned long)addr);
    return buf;
}
