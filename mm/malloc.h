/*
 * mm/malloc.h - the kernel heap: the general-purpose allocator everything else allocates from.
 *
 * Semantics are the C standard's, and glibc's where the standard leaves room: kmalloc(0) returns a
 * unique pointer that can be freed; kfree(NULL) does nothing; kcalloc whose n*size overflows
 * returns NULL; krealloc(NULL, n) is kmalloc(n) and keeps the contents up to the smaller size;
 * every block is aligned to at least HEAP_MIN_ALIGN bytes; kmalloc_aligned accepts any power of two
 * up to HEAP_MAX_ALIGN. Running out of memory returns NULL and leaves the heap usable.
 *
 * Freeing a block twice or freeing a pointer the heap never handed out is always detected and
 * reported through platform_panic, naming the pointer, its size class and the caller.
 *
 * Context: callable from any CPU (hosted: any thread) with no lock held; never from an interrupt
 * handler. Never sleeps. The design is described at the top of mm/malloc.c.
 */
#ifndef MM_MALLOC_H
#define MM_MALLOC_H

#include "mm/platform.h"

#define HEAP_MIN_ALIGN 16
#define HEAP_MAX_ALIGN ((size_t)1 << 20)

/* Number of size classes: 1..HEAP_NCLASSES-1 are 16 B .. 64 KiB; 0 is krealloc's growth area. */
#define HEAP_NCLASSES 45

void  *kmalloc(size_t size);
void   kfree(void *ptr);
void  *kcalloc(size_t n, size_t size);
void  *krealloc(void *ptr, size_t size);
/* `align` must be a power of two <= HEAP_MAX_ALIGN (else NULL); blocks of any alignment are
 * freed with kfree. */
void  *kmalloc_aligned(size_t align, size_t size);
/* Bytes usable at ptr (>= the size asked for); 0 for NULL. */
size_t kmalloc_usable_size(const void *ptr);

struct heap_class_stats {
    size_t size;        /* block size of this class in bytes */
    size_t in_use;      /* blocks handed out and not yet freed */
    size_t free;        /* blocks carved from pages held for this class and free */
};

struct heap_stats {
    size_t bytes_in_use;    /* bytes in blocks handed out (block sizes, not requested sizes) */
    size_t bytes_peak;      /* highest bytes_in_use seen (sampled when the heap takes memory
                               and at every heap_get_stats, see mm/heap_stats.c) */
    size_t bytes_mapped;    /* bytes held from the page allocator, metadata included */
    uint64_t nallocs;       /* successful allocations so far */
    uint64_t nfrees;        /* frees so far */
    size_t large_in_use;    /* blocks in runs of pages of their own, in use: those larger than
                               the biggest class, and smaller ones placed so when memory is
                               too fragmented for a new segment (mm/malloc.c) */
    /* index 0: the realloc growth areas (one block per CPU, see krealloc) */
    struct heap_class_stats classes[HEAP_NCLASSES];
};

/* Snapshot of the heap's counters. Exact when no other CPU is allocating at the same time. */
void heap_get_stats(struct heap_stats *out);

/*
 * Debug mode: freed blocks are poisoned and checked when reused (writes after free), and every
 * block gets a redzone with a canary checked on free (overflows). Blocks remember the mode they
 * were allocated in, so switching at any time is safe. The kernel calls heap_set_debug(true) for
 * the boot option mm.debug=1; hosted builds start in debug mode when built with -DHEAP_DEBUG_DEFAULT=1.
 */
void heap_set_debug(bool on);
bool heap_debug_enabled(void);

/*
 * The heap's options as text (mm/heap_options.c): "debug", "debug=0|1", "fence=N", separated by
 * commas, e.g. KMALLOC_OPTIONS=debug,fence=100 for the preloaded library.
 * heap_options_parse fills *out and returns true, or writes what is wrong (the option and its
 * offset) to err and returns false, leaving *out alone. heap_options_apply parses text and
 * applies it; on a bad option it logs one line, "SOURCE: unknown option 'x' at offset N (...);
 * defaults kept", applies nothing and returns false. NULL or "" applies nothing.
 */
struct heap_options {
    bool debug;
    uint32_t fence_every;        /* 0: the sampler stays off */
};
bool heap_options_parse(const char *text, struct heap_options *out, char *err, size_t err_len);
bool heap_options_apply(const char *source, const char *text);

/*
 * Give cached empty segments and large spans back to the page allocator now (the heap otherwise
 * keeps a bounded cache of them: SEGMENT_CACHE_MAX and LARGE_CACHE_* in mm/heap.h). Returns the
 * bytes released.
 */
size_t heap_trim(void);
/* This CPU is going idle: push the cross-CPU frees it holds in batches to their owners now, so
 * they can reuse those blocks and release their pages while this CPU sleeps (mm/heap_remote.c),
 * and, if another CPU ran out of memory since this heap last looked, give back the empty pages
 * it keeps. Call from the CPU's own thread context, outside any heap call (the kernel's idle
 * loop, which a CPU that runs out wakes with platform_memory_short). */
void heap_cpu_idle(void);

/*
 * Refuse to hold more than `bytes` from the page allocator (0 = no limit, the default), as if
 * memory ended there. For tests of exhaustion and recovery, which must reach NULL the same way
 * hosted (where mmap would go on for terabytes) and in the kernel.
 */
void heap_set_page_limit(size_t bytes);

#endif /* MM_MALLOC_H */
