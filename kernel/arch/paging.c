/*
 * kernel/arch/paging.c - single pages of the identity map made present or not, after boot.
 *
 * boot/entry.S maps the first 64 GiB one to one: the first 16 MiB with 4 KiB pages (boot_pt),
 * the rest with 2 MiB pages. To take away one 4 KiB page elsewhere (the guard pages of the heap's
 * sampler, mm/fence.c) its 2 MiB page is split on first use: a fresh page table maps the same 512
 * pages with the same bits, and the directory entry is pointed at it. The mapping before and
 * after the split is the same, so a CPU still holding the 2 MiB translation in its TLB reads and
 * writes the same memory; it just does not see a page taken away later until that entry goes
 * (the same imprecision as any change flushed only locally, see mm/fence.c). Page tables made
 * by a split are never freed: the sampler's pool, their only user, is kept for good.
 *
 * Every table lives in identity-mapped memory, so a table's physical address is its address.
 * Entries are written with single 8-byte stores, as other CPUs' page walks read them at any time.
 */
#include "kernel/arch/paging.h"
#include "kernel/arch/io.h"
#include "kernel/memory.h"
#include "kernel/sched/spinlock.h"

#define PTE_PRESENT   0x1ull
#define PTE_HUGE      0x80ull               /* in a directory entry: maps 2 MiB */
#define PTE_ADDR_MASK 0x000ffffffffff000ull
#define PTE_LOW_BITS  0x1full               /* present, write, user, write-through, cache off */
#define ENTRIES       512
#define LARGE_PAGE    ((uintptr_t)2 << 20)

static struct spinlock paging_lock = SPINLOCK_INIT("paging");

static uint64_t *table_of(uint64_t entry)
{
    return (uint64_t *)(uintptr_t)(entry & PTE_ADDR_MASK);
}

static unsigned index_at(uintptr_t addr, unsigned shift)
{
    return (unsigned)(addr >> shift) & (ENTRIES - 1);
}

/* Replace the 2 MiB mapping in *pde by a page table of 512 identical 4 KiB mappings.
 * Context: paging_lock. */
static bool split_large(uint64_t *pde, uintptr_t addr)
{
    uint64_t *pt = page_alloc(0);
    uint64_t large = *pde;

    if (!pt)
        return false;
    for (unsigned i = 0; i < ENTRIES; i++)
        pt[i] = ((large & PTE_ADDR_MASK) + ((uint64_t)i << 12)) | (large & PTE_LOW_BITS);
    __atomic_store_n(pde, (uint64_t)(uintptr_t)pt | (large & PTE_LOW_BITS), __ATOMIC_RELEASE);
    invlpg(addr & ~(LARGE_PAGE - 1));   /* drops the 2 MiB translation on this CPU */
    return true;
}

bool paging_set_present(uintptr_t addr, bool present)
{
    uint64_t flags = spin_lock_irqsave(&paging_lock);
    uint64_t *pml4 = table_of(read_cr3());
    uint64_t *pdpt = table_of(pml4[index_at(addr, 39)]);
    uint64_t *pd = table_of(pdpt[index_at(addr, 30)]);
    uint64_t *pde = &pd[index_at(addr, 21)];

    if ((*pde & PTE_HUGE) && !split_large(pde, addr)) {
        spin_unlock_irqrestore(&paging_lock, flags);
        return false;
    }
    uint64_t *pte = &table_of(*pde)[index_at(addr, 12)];
    uint64_t entry = present ? *pte | PTE_PRESENT : *pte & ~PTE_PRESENT;
    __atomic_store_n(pte, entry, __ATOMIC_RELEASE);
    invlpg(addr);
    spin_unlock_irqrestore(&paging_lock, flags);
    return true;
}
