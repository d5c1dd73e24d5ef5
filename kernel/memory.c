/*
 * kernel/memory.c - setting up and locking the kernel's page allocator.
 *
 * At boot: find the highest usable address, place the page-state array (one byte per page) in the
 * first usable range above everything that must be kept, then add every available range minus the
 * exclusions. Exclusions are handled by clipping each range against a short sorted list.
 */
#include "kernel/memory.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/sched/spinlock.h"

extern char _kernel_start[], _kernel_end[];

static struct buddy_zone zone;
static struct spinlock zone_lock = SPINLOCK_INIT("page allocator");
static uint64_t unmanaged_bytes;

struct range {
    uintptr_t start, end;
};

static uintptr_t align_up(uintptr_t v, uintptr_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Add [start, end) minus the excluded ranges (sorted by start, non-overlapping). */
static void add_clipped(uintptr_t start, uintptr_t end, const struct range *ex, int nex)
{
    for (int i = 0; i < nex && start < end; i++) {
        if (ex[i].end <= start || ex[i].start >= end)
            continue;
        if (ex[i].start > start)
            buddy_add_free(&zone, start, ex[i].start);
        start = ex[i].end;
    }
    if (start < end)
        buddy_add_free(&zone, start, end);
}

void memory_init(const struct boot_info *bi)
{
    uintptr_t top = 0, state_at = 0, keep_below;
    size_t npages, state_bytes;
    struct range ex[4 + BOOT_MODULES_MAX];
    int nex = 4;

    for (unsigned i = 0; i < bi->mmap_count; i++) {
        const struct boot_mmap_entry *e = &bi->mmap[i];
        uint64_t end = e->base + e->length;
        if (e->type != MB2_MEMORY_AVAILABLE)
            continue;
        if (end > IDENTITY_MAP_LIMIT) {
            unmanaged_bytes += end - (e->base > IDENTITY_MAP_LIMIT ? e->base : IDENTITY_MAP_LIMIT);
            end = IDENTITY_MAP_LIMIT;
        }
        if (end > top)
            top = end;
    }
    if (!top)
        panic("memory_init: the memory map lists no usable RAM");
    npages = top >> PAGE_SHIFT;
    state_bytes = align_up(buddy_state_bytes(npages), PAGE_SIZE);

    /* The state array goes in the first available range above the image and boot information. */
    keep_below = (uintptr_t)_kernel_end > bi->info_end ? (uintptr_t)_kernel_end : bi->info_end;
    for (unsigned i = 0; i < bi->module_count; i++)
        if (bi->modules[i].end > keep_below)
            keep_below = bi->modules[i].end;
    keep_below = align_up(keep_below, PAGE_SIZE);
    for (unsigned i = 0; i < bi->mmap_count && !state_at; i++) {
        const struct boot_mmap_entry *e = &bi->mmap[i];
        uintptr_t s = align_up(e->base > keep_below ? e->base : keep_below, PAGE_SIZE);
        if (e->type == MB2_MEMORY_AVAILABLE && s + state_bytes <= e->base + e->length &&
            s + state_bytes <= IDENTITY_MAP_LIMIT)
            state_at = s;
    }
    if (!state_at)
        panic("memory_init: no room for the %lu-byte page state array", (unsigned long)state_bytes);
    buddy_init(&zone, 0, npages, (uint8_t *)state_at);

    ex[0] = (struct range){0, LOW_MEMORY_RESERVED};
    ex[1] = (struct range){(uintptr_t)_kernel_start, (uintptr_t)_kernel_end};
    ex[2] = (struct range){bi->info_start & ~(PAGE_SIZE - 1), align_up(bi->info_end, PAGE_SIZE)};
    ex[3] = (struct range){state_at, state_at + state_bytes};
    /* The boot modules (the program archives) stay where GRUB put them, for good. */
    for (unsigned i = 0; i < bi->module_count; i++)
        ex[nex++] = (struct range){bi->modules[i].start & ~(PAGE_SIZE - 1),
                                   align_up(bi->modules[i].end, PAGE_SIZE)};
    /* Sort the exclusions by start (insertion sort). */
    for (int i = 1; i < nex; i++)
        for (int j = i; j > 0 && ex[j].start < ex[j - 1].start; j--) {
            struct range t = ex[j];
            ex[j] = ex[j - 1];
            ex[j - 1] = t;
        }
    for (unsigned i = 0; i < bi->mmap_count; i++) {
        const struct boot_mmap_entry *e = &bi->mmap[i];
        uint64_t end = e->base + e->length;
        if (e->type != MB2_MEMORY_AVAILABLE || e->base >= IDENTITY_MAP_LIMIT)
            continue;
        add_clipped(e->base, end > IDENTITY_MAP_LIMIT ? IDENTITY_MAP_LIMIT : end, ex, nex);
    }
}

void *page_alloc(unsigned order)
{
    uint64_t flags = spin_lock_irqsave(&zone_lock);
    void *p = buddy_alloc(&zone, order);
    spin_unlock_irqrestore(&zone_lock, flags);
    return p;
}

void page_free(void *block, unsigned order)
{
    char msg[160];
    uint64_t flags = spin_lock_irqsave(&zone_lock);
    bool ok = buddy_try_free(&zone, block, order, msg, sizeof msg);
    spin_unlock_irqrestore(&zone_lock, flags);
    /* Panic only after unlocking: a test that expects this panic goes on using the allocator. */
    if (!ok)
        panic("%s", msg);
}

void memory_get_stats(struct memory_stats *out)
{
    uint64_t flags = spin_lock_irqsave(&zone_lock);
    out->managed_pages = zone.managed_pages;
    out->free_pages = zone.free_pages;
    for (unsigned k = 0; k <= PAGE_MAX_ORDER; k++)
        out->free_blocks[k] = zone.free_blocks[k];
    out->unmanaged_bytes = unmanaged_bytes;
    spin_unlock_irqrestore(&zone_lock, flags);
}

size_t memory_free_bytes(void)
{
    struct memory_stats ms;
    memory_get_stats(&ms);
    return ms.free_pages * PAGE_SIZE;
}
