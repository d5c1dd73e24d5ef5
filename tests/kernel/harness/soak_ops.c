/*
 * tests/kernel/harness/soak_ops.c - what a soak worker does (see soak.h): one operation at a time,
 * drawn from its own PRNG, with the eval-breaker check after each, so the GIL changes hands between
 * operations as it would between bytecodes.
 *
 * Heap blocks carry guard words (the size, and two values derived from it at both ends), checked
 * when the block is freed, by this CPU or another: a block that another CPU's bug overwrote, or
 * that the heap handed out twice, is counted as corrupt. Blocks cross CPUs through one mailbox
 * word per CPU: a worker frees what it finds in its own mailbox and leaves one of its blocks in
 * the next CPU's, so a steady share of frees are remote frees (the path mm/ treats specially).
 *
 * Objects: every graph a worker builds references one of its interpreter's anchors, whose counts
 * must come back exact; finalizers and weakref callbacks count themselves in the worker that made
 * the object (under the interpreter's GIL, whichever CPU runs the collection that calls them).
 */
#include "tests/kernel/harness/soak.h"
#include "gc/object.h"
#include "kernel/kprintf.h"
#include "kernel/sched/thread.h"
#include "mm/malloc.h"

#define SOAK_GUARD          0x50a4b10c6a4d5eedull
#define SOAK_RING_MAX       6       /* nodes in a cycle: 2 to this */
#define SOAK_KEEP_ONE_IN    4       /* a cycle is kept in a slot one time in 4 */
#define SOAK_DICT_KEYS      64
#define SOAK_RESURRECT_ONE_IN 8
#define SOAK_RESURRECTED_MAX 64     /* then the list of resurrected objects is emptied */
#define SOAK_IO_SLEEP_ONE_IN 4
#define SOAK_IO_SLEEP_US_MAX 200
#define SOAK_IO_CHURN_MAX   8

/* Operation weights, in percent (SOAK_OP_* order); they add up to 100. */
static const uint8_t op_weight[SOAK_OP_COUNT] = {20, 6, 22, 10, 10, 10, 15, 2, 5};

static struct {
    void *mailbox[SMP_MAX_CPUS];
} soak_mail;

/* xorshift64* (Vigna): fast, and plenty for choosing operations. */
static uint64_t rnd(struct soak_worker *w)
{
    uint64_t x = w->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    w->rng = x;
    return x * 0x2545f4914f6cdd1dull;
}

static unsigned rnd_below(struct soak_worker *w, unsigned n)
{
    return (unsigned)((rnd(w) >> 32) % n);
}

/* An allocation failed in `what`: count it, and name the first one of each worker. */
static void failed(struct soak_worker *w, const char *what, size_t bytes)
{
    if (w->alloc_failures++ == 0) {
        struct heap_stats hs;
        heap_get_stats(&hs);
        kprintf("soak: CPU %u: first allocation failure, in %s (%lu bytes); heap %lu KiB in "
                "use, %lu KiB mapped\n", w->cpu, what, (unsigned long)bytes,
                (unsigned long)(hs.bytes_in_use >> 10), (unsigned long)(hs.bytes_mapped >> 10));
    }
}

/* ---- heap blocks ------------------------------------------------------------------------------ */

static size_t random_block_bytes(struct soak_worker *w)
{
    unsigned r = rnd_below(w, 100);
    size_t bytes = r < 70 ? 24 + rnd_below(w, 488) : r < 95 ? 512 + rnd_below(w, 7680)
                                                            : 8192 + rnd_below(w, 122880);
    if (bytes > w->block_bytes_max)
        bytes = w->block_bytes_max;
    return (bytes + 7) & ~(size_t)7;
}

static void *block_new(struct soak_worker *w, size_t bytes)
{
    uint64_t *b = kmalloc(bytes);
    if (!b) {
        failed(w, "kmalloc", bytes);
        return NULL;
    }
    b[0] = bytes;
    b[1] = SOAK_GUARD ^ bytes;
    b[bytes / 8 - 1] = ~SOAK_GUARD ^ bytes;
    return b;
}

static void block_free(struct soak_worker *w, void *p)
{
    uint64_t *b = p;
    if (!b)
        return;
    if (b[1] != (SOAK_GUARD ^ b[0]) || b[0] < 24 || b[b[0] / 8 - 1] != (~SOAK_GUARD ^ b[0])) {
        if (!w->corrupt_blocks)
            kprintf("soak: CPU %u: heap block %p has bad guard words (size word %lu)\n", w->cpu,
                    p, (unsigned long)b[0]);
        w->corrupt_blocks++;
    }
    kfree(b);
}

static void op_churn(struct soak_worker *w)
{
    unsigned i = rnd_below(w, SOAK_BLOCKS);
    block_free(w, w->blocks[i]);
    w->blocks[i] = block_new(w, random_block_bytes(w));
}

static void op_remote_free(struct soak_worker *w)
{
    unsigned n = percpu_online(), next = (w->cpu + 1) % n;
    void *theirs = __atomic_exchange_n(&soak_mail.mailbox[w->cpu], NULL, __ATOMIC_ACQUIRE);
    unsigned i = rnd_below(w, SOAK_BLOCKS);
    void *expected = NULL;

    /* paired with the release below on the CPU that left it: its guard words are visible */
    block_free(w, theirs);
    if (w->blocks[i] && next != w->cpu &&
        __atomic_compare_exchange_n(&soak_mail.mailbox[next], &expected, w->blocks[i], false,
                                    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        w->blocks[i] = NULL;
}

void soak_drain_mailboxes(void)
{
    struct soak_worker sink = {0};
    for (unsigned c = 0; c < SMP_MAX_CPUS; c++)
        block_free(&sink, __atomic_exchange_n(&soak_mail.mailbox[c], NULL, __ATOMIC_ACQUIRE));
    if (sink.corrupt_blocks)
        soak_worker_of(0)->corrupt_blocks += sink.corrupt_blocks;
}

/* ---- objects ---------------------------------------------------------------------------------- */

static void finalize(object_t *self)
{
    object_t *owner = instance_getattr(self, "owner");
    struct soak_worker *w;

    if (!owner)
        return;     /* its owner attribute could not be set: not counted as due either */
    w = soak_worker_of((unsigned)int_value(owner));
    w->finalized++;
    if (instance_getattr(self, "again") && list_append(w->si->resurrected, self) == 0)
        w->resurrections++;
}

static void weakref_callback(object_t *ref, void *arg)
{
    (void)ref;
    ((struct soak_worker *)arg)->callbacks++;
}

bool soak_interp_setup(struct soak_interp *si)
{
    object_t *t;
    si->plain = class_new("SoakNode", NULL);
    si->finalizable = class_new("SoakFinal", finalize);
    si->resurrected = list_new();
    si->anchors[0] = int_new(12345);
    si->anchors[1] = str_new("anchor");
    si->anchors[2] = list_new();
    si->anchors[3] = dict_new();
    si->anchors[4] = t = tuple_new(2);
    if (t) {
        tuple_set(t, 0, int_new(1));
        tuple_set(t, 1, str_new("two"));
    }
    si->anchors[5] = si->plain ? instance_new(si->plain) : NULL;
    si->anchors[6] = list_new();
    si->anchors[7] = int_new(-1);
    if (!si->plain || !si->finalizable || !si->resurrected)
        return false;
    for (unsigned i = 0; i < SOAK_ANCHORS; i++) {
        if (!si->anchors[i])
            return false;
        si->anchor_refs[i] = refcount(si->anchors[i]);
    }
    return true;
}

static object_t *anchor(struct soak_worker *w)
{
    return w->si->anchors[rnd_below(w, SOAK_ANCHORS)];
}

/* A new list, dict or plain instance. */
static object_t *new_node(struct soak_worker *w, unsigned kind)
{
    switch (kind % 3) {
    case 0: return list_new();
    case 1: return dict_new();
    default: return instance_new(w->si->plain);
    }
}

/* Make `from` reference `to`: append (list), under int `key` (dict) or attribute `name`
 * (instance); -1 without memory. */
static int link(object_t *from, object_t *to, long key, const char *name)
{
    if (from->type == &list_type)
        return list_append(from, to);
    if (from->type == &dict_type) {
        object_t *k = int_new(key);
        int r = k ? dict_set(from, k, to) : -1;
        XDECREF(k);
        return r;
    }
    return instance_setattr(from, name, to);
}

static void keep(struct soak_worker *w, object_t *o)
{
    unsigned i = 1 + rnd_below(w, SOAK_SLOTS - 1);      /* slot 0 is the worker's dict */
    object_t *old = w->slots[i];
    incref(o);
    w->slots[i] = o;
    XDECREF(old);
}

static void op_cycle(struct soak_worker *w)
{
    object_t *ring[SOAK_RING_MAX] = {0};
    unsigned n = 2 + rnd_below(w, SOAK_RING_MAX - 1), made = 0;
    bool ok = true;

    for (; made < n; made++)
        if (!(ring[made] = new_node(w, rnd_below(w, 3))))
            break;
    ok = made == n;
    for (unsigned i = 0; ok && i < n; i++)
        ok = link(ring[i], ring[(i + 1) % n], (long)i, "next") == 0;
    if (ok)
        ok = link(ring[0], anchor(w), SOAK_DICT_KEYS, "anchor") == 0;
    if (!ok)
        failed(w, "a cycle", 0);
    else if (rnd_below(w, SOAK_KEEP_ONE_IN) == 0)
        keep(w, ring[0]);
    for (unsigned i = 0; i < made; i++)
        decref(ring[i]);
}

static void op_dict(struct soak_worker *w)
{
    object_t *d = w->slots[0], *key;
    if (!d && !(d = w->slots[0] = dict_new())) {
        failed(w, "the dict", 0);
        return;
    }
    key = int_new((long)rnd_below(w, SOAK_DICT_KEYS));
    if (!key) {
        failed(w, "the dict", 0);
        return;
    }
    if (rnd_below(w, 3) == 0) {
        dict_del(d, key);
    } else {
        unsigned r = rnd_below(w, 3);
        object_t *value = r == 0 ? anchor(w) : r == 1 ? w->slots[1 + rnd_below(w, SOAK_SLOTS - 1)]
                                                      : key;
        if (value && dict_set(d, key, value) < 0)
            failed(w, "the dict", 0);
    }
    decref(key);
}

static void op_weakref(struct soak_worker *w)
{
    unsigned i = rnd_below(w, SOAK_WEAKREFS);
    object_t *target = instance_new(w->si->plain), *ref, *old = w->weakrefs[i];

    if (!target) {
        failed(w, "a weakref", 0);
        return;
    }
    if (old) {
        w->weakrefs[i] = NULL;
        if (weakref_get(old))
            w->weakrefs_dropped_early++;    /* its target is garbage not yet collected */
        decref(old);
    }
    if (rnd_below(w, 2) && instance_setattr(target, "me", target) < 0)
        failed(w, "a weakref", 0);
    if (instance_setattr(target, "anchor", anchor(w)) < 0)
        failed(w, "a weakref", 0);
    ref = weakref_new(target, weakref_callback, w);
    if (!ref)
        failed(w, "a weakref", 0);
    else {
        w->weakrefs[i] = ref;
        w->callbacks_due++;
    }
    decref(target);     /* dies now (callback at once) or in a collection (self-cycle) */
}

static void op_finalizer(struct soak_worker *w)
{
    object_t *o = instance_new(w->si->finalizable), *owner = int_new((long)w->index);
    if (!o || !owner || instance_setattr(o, "owner", owner) < 0) {
        failed(w, "a finalizable instance", 0);
    } else {
        w->finalizers_due++;
        if (rnd_below(w, SOAK_RESURRECT_ONE_IN) == 0 && instance_setattr(o, "again", anchor(w)) < 0)
            failed(w, "a finalizable instance", 0);
        if (rnd_below(w, 2) && instance_setattr(o, "me", o) < 0)
            failed(w, "a finalizable instance", 0);
    }
    XDECREF(owner);
    XDECREF(o);
}

static void op_drop(struct soak_worker *w)
{
    object_t *resurrected = w->si->resurrected;
    unsigned i = rnd_below(w, SOAK_SLOTS);     /* CLEAR_REF names its slot twice */
    CLEAR_REF(w->slots[i]);
    /* Resurrected objects were finalized once; dropping them frees them without a second call. */
    if (list_len(resurrected) > SOAK_RESURRECTED_MAX)
        list_clear(resurrected);
}

static void op_collect(struct soak_worker *w)
{
    unsigned r = rnd_below(w, 100);
    gc_collect(r < 70 ? 0 : r < 95 ? 1 : 2);
}

static void op_io(struct soak_worker *w)
{
    unsigned churn = 1 + rnd_below(w, SOAK_IO_CHURN_MAX);
    bool sleep = rnd_below(w, SOAK_IO_SLEEP_ONE_IN) == 0;
    uint64_t sleep_us = 1 + rnd_below(w, SOAK_IO_SLEEP_US_MAX);

    gil_blocking_begin();
    /* The heap blocks are this worker's own: no GIL needed, and the heap runs concurrently. */
    for (unsigned k = 0; k < churn; k++)
        op_churn(w);
    if (sleep)
        thread_sleep_us(sleep_us);
    gil_blocking_end();
}

static void (*const ops[SOAK_OP_COUNT])(struct soak_worker *) = {
    op_churn, op_remote_free, op_cycle, op_dict, op_weakref, op_finalizer, op_drop, op_collect,
    op_io,
};

static enum soak_op pick(struct soak_worker *w)
{
    unsigned r = rnd_below(w, 100);
    for (unsigned k = 0; k < SOAK_OP_COUNT; k++) {
        if (r < op_weight[k])
            return (enum soak_op)k;
        r -= op_weight[k];
    }
    return SOAK_OP_CHURN;
}

void soak_worker_loop(struct soak_worker *w)
{
    uint64_t total = 0;

    while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
        enum soak_op k = pick(w);
        ops[k](w);
        w->ops[k]++;
        __atomic_store_n(&w->ops_total, ++total, __ATOMIC_RELAXED);
        gil_eval_breaker();
    }
    /* The heap blocks now; the objects in the interpreter's final checks
     * (tests/kernel/harness/soak.c). */
    for (unsigned i = 0; i < SOAK_BLOCKS; i++) {
        block_free(w, w->blocks[i]);
        w->blocks[i] = NULL;
    }
}
