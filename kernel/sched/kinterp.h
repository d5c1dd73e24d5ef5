/*
 * kernel/sched/kinterp.h - the kernel side of an interpreter: its GIL and its object heap.
 *
 * The two ways to run Python on several CPUs map onto this struct: one shared kinterp whose GIL
 * every CPU's threads contend for (CPython with threads), or one kinterp per CPU, each with its
 * own GIL and heap (multiprocessing; Python 3.12's per-interpreter GIL, PEP 684). No object crosses
 * interpreters: an object records its interpreter's id and lives in that interpreter's pages.
 *
 * The heap here is a bump allocator over whole pages for the workload objects (struct kobj),
 * touched only by threads holding this interpreter's GIL (so it needs no lock of its own), and
 * released all at once. Workloads over the real object API (gc/object.h) use gc's struct interp
 * instead: `gc` points at it, and its `gil` hook points back at our GIL
 * (tests/kernel/test_gil_objects.c).
 */
#ifndef KERNEL_KINTERP_H
#define KERNEL_KINTERP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/sched/gil.h"

struct interp;

#define KINTERP_MAX_PAGES 64

/* A workload object: a reference count updated without atomics, under the GIL. */
struct kobj {
    uint64_t refcnt;
    uint64_t value;
    uint32_t interp_id;
    struct kobj *next_free;             /* on the int free list (tests/kernel/harness/minivm.c) */
};

struct kinterp {
    struct gil gil;
    unsigned id;
    char name[24];
    void *pages[KINTERP_MAX_PAGES];
    unsigned npages;
    size_t used_in_page;                /* bytes used in pages[npages - 1] */
    uint64_t live_objects;
    struct kobj *int_freelist;          /* dead ints for reuse (tests/kernel/harness/minivm.c) */
    struct kobj true_obj, false_obj;    /* the bool singletons, immortal */
    struct interp *gc;                  /* gc's collector state when running gc/ objects, or NULL */
};

void kinterp_init(struct kinterp *in, unsigned id, const char *name);
/* A new object with refcnt 1; caller holds in->gil. Panics when the heap is full. */
struct kobj *kinterp_new(struct kinterp *in, uint64_t value);
/* Is p inside one of in's pages? */
bool kinterp_owns(const struct kinterp *in, const void *p);
/* Free every page (no thread may use the objects any more). */
void kinterp_destroy(struct kinterp *in);
/* Release every page but keep the interpreter (and its GIL statistics) usable. */
void kinterp_reset_heap(struct kinterp *in);

/* The kernel's standing interpreters for the console and benchmarks: one shared by all CPUs,
 * and one per CPU (per-core mode). Initialised on first use, from the boot CPU's main thread. */
struct kinterp *kinterp_shared(void);
struct kinterp *kinterp_core(unsigned cpu);
/* Set the switch interval of the shared interpreter and of every per-core one (console `gil
 * interval US`; the boot default is gil.interval_us). */
void kinterp_set_interval_all(uint64_t interval_us);

#endif
