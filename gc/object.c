/*
 * gc/object.c - allocation, tracking and deallocation of objects; the trashcan; the census.
 *
 * Allocation follows CPython 3.11 (Modules/gcmodule.c _PyObject_GC_Link / PyObject_GC_Del):
 * a container allocation adds one to generation 0's count, and when the count passes threshold 0
 * (with the collector enabled and no collection running) that allocation runs
 * gc_collect_generations() before returning the new, still untracked, object; freeing a container
 * takes one off the count again. So count0 is "container allocations minus deallocations since the
 * last collection".
 *
 * Lists, dicts and small tuples are allocated through per-interpreter free lists (gc_alloc_cached,
 * described at struct gc_freelist in gc/interp.h), as CPython 3.11 does; the counts and the census
 * treat an object on a free list as freed. gc_alloc_cached, gc_free, gc_free_cached and the parts
 * every container allocation and free shares are inline in gc/interp.h: building a container is a few dozen
 * instructions besides kmalloc, and a call frame, a second lookup of the interpreter and the type's
 * kind read from memory were a fifth of them.
 *
 * The census counts live objects and their bytes per type kind, updated on every allocation and
 * free (two adds into the interpreter's census array, which stays in cache).
 *
 * Out of memory (gc_kmalloc in gc/interp.h): before an object allocation reports NULL, it runs a full
 * collection and tries once more, even with automatic collection disabled. Unreachable cycles
 * hold memory that only the collector can give back, and a kernel has no swap to hide behind, so
 * "out of memory" should mean the live objects fill the heap, not that garbage does. CPython does
 * not do this (an allocation failure raises MemoryError at once). The collection runs exactly
 * where an automatic one may (before the new object exists), so callers need no new care.
 */
#include "gc/interp.h"
#include "mm/malloc.h"

/* The automatic collection gc_new_object starts when threshold 0 is crossed (out of line, so
 * the inline allocation stays small). */
void gc_alloc_collect(struct interp *in)
{
    in->collecting = true;
    gc_collect_generations(in);
    in->collecting = false;
}

void gc_free_tracked_error(object_t *o)
{
    platform_panic("gc_free: %s object %p is still tracked", type_name(o), (void *)o);
}

static bool collect_for_memory(struct interp *in)
{
    if (in->collecting)
        return false; /* an allocation inside a finalizer or callback of a running collection */
    in->collecting = true;
    gc_collect_main_locked(in, GC_NUM_GENERATIONS - 1);
    in->collecting = false;
    return true;
}

bool gc_collect_for_memory(void)
{
    return collect_for_memory(interp_current());
}

void *gc_alloc_after_failure(struct interp *in, size_t bytes)
{
    return collect_for_memory(in) ? kmalloc(bytes) : NULL;
}

object_t *gc_alloc(const struct type *type, size_t size)
{
    struct interp *in = interp_current();
    struct gc_head *g = gc_kmalloc(in, sizeof *g + size);
    return g ? gc_new_object(in, g, type, size) : NULL;
}

void gc_freelists_clear(struct interp *in)
{
    for (int i = 0; i < GC_FREELIST_COUNT; i++) {
        struct gc_freelist *fl = &in->freelists[i];
        while (fl->first) {
            struct gc_head *g = fl->first;
            fl->first = (struct gc_head *)g->prev;
            kfree(g);
        }
        fl->count = 0;
    }
}

object_t *object_alloc(const struct type *type, size_t size)
{
    struct interp *in = interp_current();
    object_t *o = gc_kmalloc(in, size);
    if (!o)
        return NULL;
    o->refcnt = 1;
    o->type = type;
    census_add(in, type, (long)size);
    return o;
}

void object_free(object_t *o, size_t size)
{
    census_sub(interp_current(), o->type, (long)size);
    kfree(o);
}

void gc_track_error(object_t *o, uintptr_t caller)
{
    char where[64];
    platform_panic("gc_track: %s object %p is already tracked (caller %s)", type_name(o),
                   (void *)o, platform_symbolize(caller, where, sizeof where));
}

void object_dealloc(object_t *o)
{
    o->type->dealloc(o);
}

void object_refcount_error(object_t *o, uintptr_t caller)
{
    char where[64];
    platform_panic("decref: %s object %p has refcount %ld: a reference was dropped twice "
                   "(caller %s)",
                   o->type ? o->type->name : "?", (void *)o, (long)o->refcnt,
                   platform_symbolize(caller, where, sizeof where));
}

/* ---- trashcan ----------------------------------------------------------------------------------- */

void trashcan_deposit(struct interp *in, object_t *op)
{
    /* Untracked, so prev is free to chain through (FINALIZED kept in the low bit). */
    struct gc_head *g = as_gc(op);
    g->prev = (g->prev & GC_PREV_FINALIZED) | (uintptr_t)in->trash_later;
    in->trash_later = g;
}

void trashcan_destroy_chain(struct interp *in)
{
    /* The outermost dealloc has unwound: free what was parked. Those deallocs nest from depth 1
     * again and may park more, which this loop picks up (CPython 3.11
     * _PyTrash_thread_destroy_chain). */
    in->trash_nesting++;
    while (in->trash_later) {
        struct gc_head *g = in->trash_later;
        object_t *op = from_gc(g);
        in->trash_later = gc_prev(g);
        g->prev &= GC_PREV_FINALIZED;
        op->type->dealloc(op);
    }
    in->trash_nesting--;
}

/* ---- census ------------------------------------------------------------------------------------- */

static const char *const kind_names[TYPE_KIND_COUNT] = {
    [TYPE_KIND_OTHER] = "other",     [TYPE_KIND_INT] = "int",     [TYPE_KIND_STR] = "str",
    [TYPE_KIND_TUPLE] = "tuple",     [TYPE_KIND_LIST] = "list",   [TYPE_KIND_DICT] = "dict",
    [TYPE_KIND_CLASS] = "type",      [TYPE_KIND_INSTANCE] = "instance",
    [TYPE_KIND_WEAKREF] = "weakref",
};

size_t gc_object_census(struct gc_census_row *rows, size_t max)
{
    struct interp *in = interp_current();
    size_t n = 0;

    /* Built-in kinds first, "other" last. */
    for (int k = 1; k <= TYPE_KIND_COUNT && n < max; k++) {
        int kind = k % TYPE_KIND_COUNT;
        rows[n].type_name = kind_names[kind];
        rows[n].objects = in->census[kind].objects;
        rows[n].bytes = in->census[kind].bytes;
        n++;
    }
    return n;
}

void gc_print_census(void)
{
    struct gc_census_row rows[TYPE_KIND_COUNT];
    size_t n = gc_object_census(rows, TYPE_KIND_COUNT);
    long objects = 0, bytes = 0;

    platform_log("%-10s %12s %14s\n", "type", "objects", "bytes");
    for (size_t i = 0; i < n; i++) {
        platform_log("%-10s %12ld %14ld\n", rows[i].type_name, rows[i].objects, rows[i].bytes);
        objects += rows[i].objects;
        bytes += rows[i].bytes;
    }
    platform_log("%-10s %12ld %14ld\n", "total", objects, bytes);
}
