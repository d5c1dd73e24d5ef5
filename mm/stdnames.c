/*
 * mm/stdnames.c - the C library's allocation names as thin wrappers over the k* API.
 *
 * malloc, free, calloc and realloc are not here: they are aliases of kmalloc, kfree, kcalloc
 * and krealloc, defined at the end of mm/malloc.c (an alias must be defined where its target
 * is), so a program's malloc is kmalloc's code itself and not a jump to it.
 *
 * Linked into the kernel image (so code written against <stdlib.h> names works there) and into
 * the preloadable build/host/libkmalloc.so, but not into build/host/libkmem.a or the hosted test
 * binary, where the names belong to the system's C library (and to the sanitizers): hosted, this
 * file compiles to nothing unless HEAP_STDNAMES is defined, which only the .so rule does.
 *
 * Each wrapper ends in a tail call, so the k* function sees the program's return address and its
 * reports name the program's caller, not this file. Semantics follow glibc where the C standard
 * leaves room: malloc(0) is a unique pointer, realloc(p, 0) frees p and returns NULL,
 * posix_memalign rejects alignments that are not a power-of-two multiple of sizeof(void *),
 * memalign rounds other alignments up to a power of two, and failures set errno (hosted, through
 * heap_std_nomem, which the heap calls on every failed allocation). The preloaded library reads
 * its options from KMALLOC_OPTIONS (mm/heap_options.c) when it is loaded.
 */
#include "mm/malloc.h"

#if !defined(PLATFORM_HOSTED) || defined(HEAP_STDNAMES)

#define PUBLIC __attribute__((visibility("default")))

/* errno values of Linux (asm-generic/errno-base.h): this file may not include <errno.h>. */
#define ERRNO_ENOMEM 12
#define ERRNO_EINVAL 22

#ifdef PLATFORM_HOSTED
extern int *__errno_location(void);
#define SET_ERRNO(e) (*__errno_location() = (e))
#else
#define SET_ERRNO(e) ((void)0)
#endif

#define STD_PAGE_SIZE 4096

PUBLIC void *malloc(size_t size);
PUBLIC void free(void *ptr);
PUBLIC void *calloc(size_t n, size_t size);
PUBLIC void *realloc(void *ptr, size_t size);
PUBLIC void *reallocarray(void *ptr, size_t n, size_t size);
PUBLIC void *aligned_alloc(size_t align, size_t size);
PUBLIC int posix_memalign(void **out, size_t align, size_t size);
PUBLIC void *memalign(size_t align, size_t size);
PUBLIC void *valloc(size_t size);
PUBLIC void *pvalloc(size_t size);
PUBLIC size_t malloc_usable_size(void *ptr);

#ifdef PLATFORM_HOSTED
/* Called by the heap whenever an allocation fails (see mm/heap.h). */
void heap_std_nomem(void)
{
    SET_ERRNO(ERRNO_ENOMEM);
}

extern char *getenv(const char *name);

/* KMALLOC_OPTIONS (mm/heap_options.c), read once as the library is loaded, before the program's
 * own code runs (the dynamic loader's few allocations before it come from the heap as it is). */
__attribute__((constructor)) static void read_kmalloc_options(void)
{
    heap_options_apply("KMALLOC_OPTIONS", getenv("KMALLOC_OPTIONS"));
}
#endif

void *reallocarray(void *ptr, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        SET_ERRNO(ERRNO_ENOMEM);
        return NULL;
    }
    return realloc(ptr, total);
}

void *aligned_alloc(size_t align, size_t size)
{
    if (align == 0 || (align & (align - 1))) {
        SET_ERRNO(ERRNO_EINVAL);
        return NULL;
    }
    return (kmalloc_aligned(align, size));
}

int posix_memalign(void **out, size_t align, size_t size)
{
    void *p;
    if (align < sizeof(void *) || (align & (align - 1)))
        return ERRNO_EINVAL;
    p = kmalloc_aligned(align, size);
    if (!p)
        return ERRNO_ENOMEM;
    *out = p;
    return 0;
}

void *memalign(size_t align, size_t size)
{
    if (align & (align - 1))
        align = align > HEAP_MAX_ALIGN ? align : (size_t)1 << (64 - __builtin_clzl(align));
    return (kmalloc_aligned(align ? align : 1, size));
}

void *valloc(size_t size)
{
    return (kmalloc_aligned(STD_PAGE_SIZE, size));
}

void *pvalloc(size_t size)
{
    size_t rounded = (size + STD_PAGE_SIZE - 1) & ~(size_t)(STD_PAGE_SIZE - 1);
    if (rounded < size) {
        SET_ERRNO(ERRNO_ENOMEM);
        return NULL;
    }
    return (kmalloc_aligned(STD_PAGE_SIZE, rounded ? rounded : STD_PAGE_SIZE));
}

size_t malloc_usable_size(void *ptr)
{
    return kmalloc_usable_size(ptr);
}

#endif
