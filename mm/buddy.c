/*
 * mm/buddy.c - binary buddy allocator (Knuth, TAOCP vol. 1, 2.5; Linux mm/page_alloc.c).
 *
 * Free blocks of each order sit on a doubly linked list threaded through the blocks themselves,
 * so the allocator needs no memory beyond one state byte per page. The buddy of the block at
 * address a of order k is at a ^ (PAGE_SIZE << k); freeing merges a block with its buddy while the
 * buddy is free and of the same order, and allocating splits larger blocks down.
 *
 * State byte per page (only the first page of a block carries block information; every other page
 * of a block is PAGE_STATE_TAIL, which is what makes "free of an address inside a block" and
 * "free of something never allocated" detectable in O(1)):
 *   PAGE_STATE_RESERVED  not managed: a hole, the kernel image, firmware tables
 *   PAGE_STATE_TAIL      inside a block whose first page describes it
 *   FREE_HEAD | order    first page of a free block of that order
 *   USED_HEAD | order    first page of an allocated block of that order
 * Merging turns the absorbed buddy's head into a tail; splitting turns the upper half's first page
 * into a head. So each operation touches O(PAGE_MAX_ORDER) state bytes, never O(block size).
 */
#include "mm/buddy.h"

#define PAGE_STATE_RESERVED 0xFF
#define PAGE_STATE_TAIL     0x00
#define PAGE_STATE_FREE     0x80
#define PAGE_STATE_USED     0x40
#define PAGE_STATE_ORDER    0x3F

#define BLOCK_BYTES(order) (PAGE_SIZE << (order))

static size_t page_index(const struct buddy_zone *z, uintptr_t addr)
{
    return (addr - z->base) >> PAGE_SHIFT;
}

static bool in_zone(const struct buddy_zone *z, uintptr_t addr)
{
    return addr >= z->base && page_index(z, addr) < z->npages;
}

static void list_init(struct buddy_free_block *head)
{
    head->next = head->prev = head;
}

static void list_push(struct buddy_free_block *head, struct buddy_free_block *b)
{
    b->next = head->next;
    b->prev = head;
    head->next->prev = b;
    head->next = b;
}

static void list_remove(struct buddy_free_block *b)
{
    b->prev->next = b->next;
    b->next->prev = b->prev;
}

size_t buddy_state_bytes(size_t npages)
{
    return npages;
}

void buddy_init(struct buddy_zone *z, uintptr_t base, size_t npages, uint8_t *state)
{
    /* Buddy addresses are computed relative to base, so it must be aligned like the largest
     * block for "buddy = addr ^ size" to pair blocks that are also adjacent in memory. */
    if (base & (BLOCK_BYTES(PAGE_MAX_ORDER) - 1))
        platform_panic("buddy_init: base 0x%lx not aligned to %lu KiB", (unsigned long)base,
                       (unsigned long)(BLOCK_BYTES(PAGE_MAX_ORDER) >> 10));
    z->base = base;
    z->npages = npages;
    z->state = state;
    memset(state, PAGE_STATE_RESERVED, npages);
    for (unsigned k = 0; k <= PAGE_MAX_ORDER; k++) {
        list_init(&z->free_list[k]);
        z->free_blocks[k] = 0;
    }
    z->free_pages = 0;
    z->managed_pages = 0;
}

/* Insert a free block of the given order, merging with free buddies as far as possible. */
static void release_block(struct buddy_zone *z, uintptr_t addr, unsigned order)
{
    while (order < PAGE_MAX_ORDER) {
        uintptr_t buddy = z->base + ((addr - z->base) ^ BLOCK_BYTES(order));
        if (!in_zone(z, buddy) || page_index(z, buddy) + (1u << order) > z->npages ||
            z->state[page_index(z, buddy)] != (PAGE_STATE_FREE | order))
            break;
        list_remove((struct buddy_free_block *)buddy);
        z->free_blocks[order]--;
        /* The higher of the two becomes a tail of the merged block. */
        z->state[page_index(z, addr > buddy ? addr : buddy)] = PAGE_STATE_TAIL;
        if (buddy < addr)
            addr = buddy;
        order++;
    }
    z->state[page_index(z, addr)] = PAGE_STATE_FREE | order;
    list_push(&z->free_list[order], (struct buddy_free_block *)addr);
    z->free_blocks[order]++;
}

void buddy_add_free(struct buddy_zone *z, uintptr_t start, uintptr_t end)
{
    uintptr_t zone_end = z->base + (z->npages << PAGE_SHIFT);

    start = (start + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
    end &= ~(uintptr_t)(PAGE_SIZE - 1);
    if (start < z->base)
        start = z->base;
    if (end > zone_end)
        end = zone_end;
    while (start < end) {
        unsigned order = PAGE_MAX_ORDER;
        /* The largest naturally aligned block that starts here and fits. */
        while (order > 0 && (((start - z->base) & (BLOCK_BYTES(order) - 1)) ||
                             start + BLOCK_BYTES(order) > end))
            order--;
        for (size_t i = 0; i < (1u << order); i++) {
            uint8_t s = z->state[page_index(z, start) + i];
            if (s != PAGE_STATE_RESERVED)
                platform_panic("buddy_add_free: page 0x%lx added twice",
                               (unsigned long)(start + i * PAGE_SIZE));
            z->state[page_index(z, start) + i] = PAGE_STATE_TAIL;
        }
        z->free_pages += 1u << order;
        z->managed_pages += 1u << order;
        release_block(z, start, order);
        start += BLOCK_BYTES(order);
    }
}

void *buddy_alloc(struct buddy_zone *z, unsigned order)
{
    unsigned k = order;
    struct buddy_free_block *b;
    uintptr_t addr;

    if (order > PAGE_MAX_ORDER)
        return NULL;
    while (k <= PAGE_MAX_ORDER && z->free_list[k].next == &z->free_list[k])
        k++;
    if (k > PAGE_MAX_ORDER)
        return NULL;
    b = z->free_list[k].next;
    list_remove(b);
    z->free_blocks[k]--;
    addr = (uintptr_t)b;
    /* Split: keep the lower half, return the upper half to the lists, until the order fits. */
    while (k > order) {
        k--;
        uintptr_t upper = addr + BLOCK_BYTES(k);
        z->state[page_index(z, upper)] = PAGE_STATE_FREE | k;
        list_push(&z->free_list[k], (struct buddy_free_block *)upper);
        z->free_blocks[k]++;
    }
    z->state[page_index(z, addr)] = PAGE_STATE_USED | order;
    z->free_pages -= 1u << order;
    return (void *)addr;
}

int buddy_block_order(const struct buddy_zone *z, const void *p)
{
    uintptr_t addr = (uintptr_t)p;
    uint8_t s;
    if (!in_zone(z, addr) || (addr & (PAGE_SIZE - 1)))
        return -1;
    s = z->state[page_index(z, addr)];
    if (s == PAGE_STATE_RESERVED || !(s & PAGE_STATE_USED) || (s & PAGE_STATE_FREE))
        return -1;
    return s & PAGE_STATE_ORDER;
}

const char *buddy_check_free(const struct buddy_zone *z, const void *block, unsigned order,
                            char *msg, size_t len)
{
    uintptr_t addr = (uintptr_t)block;
    uint8_t s;

    if (!in_zone(z, addr)) {
        platform_snprintf(msg, len, "page_free: 0x%lx is not a page this allocator manages "
                          "(zone 0x%lx-0x%lx)", (unsigned long)addr, (unsigned long)z->base,
                          (unsigned long)(z->base + (z->npages << PAGE_SHIFT)));
        return msg;
    }
    if (addr & (PAGE_SIZE - 1)) {
        platform_snprintf(msg, len, "page_free: 0x%lx is not page aligned, so it was never "
                          "handed out", (unsigned long)addr);
        return msg;
    }
    s = z->state[page_index(z, addr)];
    if (s == PAGE_STATE_RESERVED)
        platform_snprintf(msg, len, "page_free: 0x%lx is reserved memory, never handed out",
                          (unsigned long)addr);
    else if (s & PAGE_STATE_FREE)
        platform_snprintf(msg, len, "page_free: double free of 0x%lx (order %u block already free)",
                          (unsigned long)addr, s & PAGE_STATE_ORDER);
    else if (s == PAGE_STATE_TAIL)
        platform_snprintf(msg, len, "page_free: 0x%lx is inside a block, not the start of one "
                          "handed out", (unsigned long)addr);
    else if ((s & PAGE_STATE_ORDER) != order)
        platform_snprintf(msg, len, "page_free: 0x%lx freed as order %u but was allocated as "
                          "order %u", (unsigned long)addr, order, s & PAGE_STATE_ORDER);
    else
        return NULL;
    return msg;
}

bool buddy_try_free(struct buddy_zone *z, void *block, unsigned order, char *msg, size_t len)
{
    uintptr_t addr = (uintptr_t)block;
    if (buddy_check_free(z, block, order, msg, len))
        return false;
    z->state[page_index(z, addr)] = PAGE_STATE_TAIL;
    z->free_pages += 1u << order;
    release_block(z, addr, order);
    return true;
}

void buddy_free(struct buddy_zone *z, void *block, unsigned order)
{
    char msg[160];
    if (!buddy_try_free(z, block, order, msg, sizeof msg))
        platform_panic("%s", msg);
}
