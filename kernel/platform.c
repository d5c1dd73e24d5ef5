/*
 * kernel/platform.c - mm/platform.h for the kernel: pages from the buddy zone (made present or
 * not in the identity map by kernel/arch/paging.c), output on COM1,
 * panics through kernel/panic.c, the TSC as measured at boot, names from the embedded symbols.
 */
#include "mm/platform.h"
#include "kernel/arch/ipi.h"
#include "kernel/kprintf.h"
#include "kernel/ksyms.h"
#include "kernel/memory.h"
#include "kernel/arch/paging.h"
#include "kernel/panic.h"
#include "kernel/sched/percpu.h"
#include "kernel/arch/tsc.h"

const struct panic_catcher *platform_panic_catcher;

void *platform_page_alloc(unsigned order)
{
    return page_alloc(order);
}

void platform_page_free(void *pages, unsigned order)
{
    page_free(pages, order);
}

bool platform_page_set_present(void *page, bool present)
{
    return paging_set_present((uintptr_t)page, present);
}

unsigned platform_memory_short(void)
{
    unsigned me = this_cpu()->id, asked = 0;

    for (unsigned i = 0; i < percpu_online(); i++)
        if (i != me) {
            ipi_wakeup(cpu_by_id(i));
            asked++;
        }
    return asked;
}

unsigned platform_cpu_id(void)
{
    return this_cpu()->id;
}

unsigned platform_cpu_count(void)
{
    return percpu_online();
}

void platform_vlog(const char *fmt, va_list ap)
{
    kvprintf(fmt, ap);
}

void platform_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int platform_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
    return kvsnprintf(buf, len, fmt, ap);
}

int platform_snprintf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = kvsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

void platform_panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vpanic_at(CALLER_ADDR(), (uintptr_t)__builtin_frame_address(0), fmt, ap);
}

uint64_t platform_tsc_hz(void)
{
    return tsc_hz();
}

const char *platform_symbolize(uintptr_t addr, char *buf, size_t len)
{
    return ksym_format(addr, buf, len);
}
