/*
 * mm/buddy.h - the physical page allocator: a binary buddy allocator over ranges of usable RAM.
 *
 * A zone manages the pages of [base, base + npages * PAGE_SIZE); pages in it start reserved
 * and become allocatable through buddy_add_free(), so holes in the memory map and the kernel image
 * simply never get added. Blocks are 2^order pages, naturally aligned (relative to address 0), for
 * order 0..PAGE_MAX_ORDER.
 *
 * Not thread-safe: the caller serialises (the kernel wraps its zone in a spinlock in
 * kernel/platform.c). Misuse panics with the address and what was wrong: freeing a block twice,
 * freeing an address the zone never handed out (outside the zone, unaligned, reserved, or inside a
 * block rather than at its start), or freeing with a different order than was allocated.
 */
#ifndef MM_BUDDY_H
#define MM_BUDDY_H

#include "mm/platform.h"

#define PAGE_MAX_ORDER 14         /* largest block: 2^14 pages = 64 MiB (the heap's largest runs) */

struct buddy_free_block {          /* lives in the first bytes of each free block */
    struct buddy_free_block *next, *prev;
};

struct buddy_zone {
    uintptr_t base;               /* first managed address, aligned to the largest block */
    size_t npages;                /* pages covered by `state` */
    uint8_t *state;               /* per page: PAGE_STATE_* (see buddy.c) */
    struct buddy_free_block free_list[PAGE_MAX_ORDER + 1];   /* circular, with sentinel heads */
    size_t free_blocks[PAGE_MAX_ORDER + 1];
    size_t free_pages;            /* pages free now */
    size_t managed_pages;         /* pages ever added with buddy_add_free */
};

/*
 * Prepare a zone covering npages pages from base, which must be aligned to the largest block;
 * `state` must hold buddy_state_bytes(npages) bytes. Every page starts reserved.
 */
void buddy_init(struct buddy_zone *z, uintptr_t base, size_t npages, uint8_t *state);
size_t buddy_state_bytes(size_t npages);
/* Make the whole pages inside [start, end) allocatable (partial pages at the edges are ignored). */
void buddy_add_free(struct buddy_zone *z, uintptr_t start, uintptr_t end);

void *buddy_alloc(struct buddy_zone *z, unsigned order);        /* NULL when nothing fits */
/* Free a block; panics on misuse with a message naming the address and the problem. */
void buddy_free(struct buddy_zone *z, void *block, unsigned order);
/* The same, but on misuse writes the message to msg, changes nothing and returns false: for
 * callers that must release a lock before they panic. */
bool buddy_try_free(struct buddy_zone *z, void *block, unsigned order, char *msg, size_t len);
/* NULL when freeing (block, order) would be valid, else msg filled with what is wrong. */
const char *buddy_check_free(const struct buddy_zone *z, const void *block, unsigned order,
                            char *msg, size_t len);
/* Order of the allocated block starting at p, or -1 if p does not start an allocated block. */
int buddy_block_order(const struct buddy_zone *z, const void *p);

#endif
