/*
 * tests/fuzz/fuzz_gc.c - libFuzzer target for the object model and the cycle collector (gc/).
 *
 * The input is a program over an object graph, run in an interpreter of its own (interp_new), so
 * runs are independent. Each operation is an opcode byte and argument bytes (missing bytes read
 * as 0). The program builds containers - instances of a plain class and of a class with a PEP 442
 * finalizer, lists, dicts, tuples, and deep list chains (the trashcan) - links and unlinks them
 * into cycles, holds them from NROOTS root slots, drops references, makes weak references (with
 * and without callbacks), changes thresholds, disables and enables the collector, freezes and
 * unfreezes, queries gc_get_objects/referrers/referents, and collects generations 0, 1 and 2 at
 * any point (thresholds down to 1 also collect inside allocations).
 *
 * A model mirrors the graph: every container has a tag (its "id" entry: attribute, item 0 or
 * dict key) and the model knows its kind and its outgoing edges. After every operation:
 *   - every object reachable in the model from the roots (and from objects a finalizer
 *     resurrected) is alive, of its kind and class, carries its tag, and holds exactly the
 *     edges the model says (a collector that frees or clears a live object shows up here, or
 *     as an ASan report when the check reads it);
 *   - a weakref whose target was never unreachable resolves to it; any other resolves to NULL
 *     or to its intact target;
 *   - a weakref callback ran at most once, with its weakref dead-pointing, and never for a
 *     target still reachable from the roots; a finalizer ran at most once per object;
 *   - after gc_collect(2) with nothing frozen, every reachable object's refcount equals the
 *     references the model knows of (no garbage is left to hold others), the census counts
 *     exactly the model's objects per type, and tracked reachable objects are listed by
 *     gc_get_objects and by gc_get_referrers of their children;
 *   - the gc callbacks see "start" and "stop" in pairs with the same generation, nothing
 *     uncollectable, and gc_get_stats counts the collections they saw; gc_collect's result is
 *     what gc_last_collection reports.
 * At the end all roots are dropped and the interpreter collected until nothing is resurrected:
 * then every finalizer has run exactly once, every weakref we still hold is dead and its callback
 * has run exactly once (CPython: the weakref outlived its target), interp_free succeeds and the
 * heap's bytes in use are back at the baseline. A failed check prints what differs and aborts.
 *
 * The model and these checks are in tests/fuzz/gc_model.[ch]; this file has the operations, the
 * hooks the collector calls (finalizer, weakref and gc callbacks) and the run.
 */
#include "mm/malloc.h"
#include "tests/fuzz/gc_model.h"

#include <stdio.h>

#define MAX_OPS     2000

static unsigned next_byte(void)
{
    return fuzz_byte(&fz.input);
}

/* ---- hooks the collector calls ---------------------------------------------------------------- */

static void on_finalize(object_t *self)
{
    int t = tag_of_instance(self);
    struct model_object *m = &fz.obj[t];
    CHECK(m->kind == K_FINAL, "finalizer ran for object %d of kind %d", t, m->kind);
    CHECK(!m->finalized, "finalizer ran twice for object %d", t);
    CHECK(gc_is_finalized(self), "object %d finalizing but not marked finalized", t);
    m->finalized = true;
    if (m->resurrect) {
        incref(self);
        fz.lazarus[fz.nlazarus++] = t;
    }
    /* Allocate inside the finalizer: with a low threshold this asks for a collection, which
     * must not nest. */
    object_t *l = list_new();
    CHECK(l, "list_new failed in a finalizer");
    decref(l);
}

static void on_weakref_dead(object_t *ref, void *arg)
{
    struct model_weakref *w = arg;
    CHECK(w >= fz.weak && w < fz.weak + fz.nweak && w->ref == ref, "callback with a stray arg");
    CHECK(w->held, "callback of weakref %d that we dropped", (int)(w - fz.weak));
    CHECK(w->calls == 0, "callback of weakref %d ran twice", (int)(w - fz.weak));
    CHECK(weakref_get(ref) == NULL, "callback of weakref %d: it still resolves", (int)(w - fz.weak));
    w->calls++;
    fz.fired[fz.nfired++] = w->target;
}

static void on_gc_phase(const char *phase, int generation, long collected, long uncollectable,
                        void *arg)
{
    CHECK(arg == &fz, "gc callback with a stray arg");
    CHECK(generation >= 0 && generation < GC_NUM_GENERATIONS, "gc callback: generation %d",
          generation);
    if (strcmp(phase, "start") == 0) {
        CHECK(fz.collecting < 0, "start of gen %d inside gen %d", generation, fz.collecting);
        CHECK(collected == 0 && uncollectable == 0, "start with figures");
        fz.collecting = generation;
        return;
    }
    CHECK(strcmp(phase, "stop") == 0, "gc callback phase '%s'", phase);
    CHECK(fz.collecting == generation, "stop of gen %d, started %d", generation, fz.collecting);
    CHECK(collected >= 0 && uncollectable == 0, "stop: %ld collected, %ld uncollectable", collected,
          uncollectable);
    fz.collecting = -1;
    fz.collections[generation]++;
}

/* ---- creating objects ------------------------------------------------------------------------- */

/* Register a new object in the model and return its tag, or -1 when the run has made enough. */
static int new_tag(enum kind kind)
{
    if (fz.nobj == MAX_OBJS)
        return -1;
    struct model_object *m = &fz.obj[fz.nobj];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    for (int k = 0; k < NEDGES; k++)
        m->out[k] = -1;
    return fz.nobj++;
}

static object_t *make_int(long v)
{
    object_t *o = int_new(v);
    CHECK(o, "int_new(%ld) failed", v);
    return o;
}

static object_t *build(int t, unsigned arg)
{
    struct model_object *m = &fz.obj[t];
    object_t *o = NULL, *id = make_int(t);

    switch (m->kind) {
    case K_INSTANCE:
    case K_FINAL:
        o = instance_new(m->kind == K_FINAL ? fz.final : fz.plain);
        CHECK(o, "instance_new failed");
        CHECK(instance_setattr(o, "id", id) == 0, "setattr id");
        m->resurrect = m->kind == K_FINAL && (arg & 1);
        break;
    case K_LIST:
        o = list_new();
        CHECK(o && list_append(o, id) == 0, "list_new/append failed");
        break;
    case K_DICT:
        o = dict_new();
        CHECK(o && dict_set(o, fz.idkey, id) == 0, "dict_new/set failed");
        break;
    case K_TUPLE: {
        int n = (int)(arg % 4);
        int items[3];
        for (int i = 0; i < n; i++)
            items[i] = pick_reachable(next_byte());
        if (n && items[0] < 0)
            n = 0;
        o = tuple_new(1 + (size_t)n);
        CHECK(o, "tuple_new failed");
        incref(id);
        tuple_set(o, 0, id);
        for (int i = 0; i < n; i++) {
            incref(ptr_of(items[i]));
            tuple_set(o, 1 + (size_t)i, ptr_of(items[i]));
            m->out[i] = items[i];
        }
        m->nitems = n;
        break;
    }
    case K_CHAIN: {
        int depth = 1 + (int)(arg % CHAIN_MAX);
        object_t *inner = list_new();
        CHECK(inner, "list_new failed");
        for (int d = 1; d < depth; d++) {
            object_t *outer = list_new();
            CHECK(outer && list_append(outer, inner) == 0, "chain list failed");
            decref(inner);
            inner = outer;
        }
        o = list_new();
        CHECK(o && list_append(o, id) == 0 && list_append(o, inner) == 0, "chain top failed");
        decref(inner);
        m->nitems = depth;
        break;
    }
    case K_KINDS:
        break;
    }
    decref(id);
    m->ptr = o;
    return o;
}


/* ---- operations ------------------------------------------------------------------------------- */

static void set_root(unsigned r, int t)
{
    object_t *old = ptr_of(fz.root[r % NROOTS]);
    if (t >= 0)
        incref(ptr_of(t));
    fz.root[r % NROOTS] = t;
    if (old)
        decref(old);
}

static void op_new(enum kind kind)
{
    unsigned r = next_byte(), arg = next_byte();
    int t = new_tag(kind);
    if (t < 0)
        return;
    object_t *o = build(t, arg);
    set_root(r, t);
    decref(o);
}

/* Make src's edge k point at dst (-1: remove it). */
static void set_edge(int src, unsigned k, int dst)
{
    struct model_object *m = &fz.obj[src];
    object_t *o = m->ptr, *child = ptr_of(dst);

    k %= NEDGES;
    switch (m->kind) {
    case K_INSTANCE:
    case K_FINAL:
        if (child)
            CHECK(instance_setattr(o, attr_names[k], child) == 0, "setattr failed");
        else
            CHECK(instance_setattr(o, attr_names[k], NULL) == (m->out[k] >= 0 ? 0 : -1),
                  "delattr of %s: wrong answer", attr_names[k]);
        break;
    case K_LIST:
        if (k >= (unsigned)m->nitems) {
            if (!child || m->nitems == NEDGES)
                return;
            k = (unsigned)m->nitems++;
            CHECK(list_append(o, child) == 0, "list_append failed");
        } else {
            CHECK(list_set(o, 1 + k, child ? child : fz.none) == 0, "list_set failed");
        }
        break;
    case K_DICT:
        if (child)
            CHECK(dict_set(o, fz.keys[k], child) == 0, "dict_set failed");
        else
            CHECK(dict_del(o, fz.keys[k]) == (m->out[k] >= 0 ? 0 : -1), "dict_del: wrong answer");
        break;
    default:
        return;   /* tuples and chains are immutable here */
    }
    m->out[k] = dst;
}

static void op_weakref(void)
{
    unsigned s = next_byte() % NWEAK_SLOTS, pick = next_byte(), cb = next_byte() & 1;
    int t = pick_reachable(pick);
    int old = fz.weak_slot[s];

    if (old >= 0) {
        fz.weak[old].held = false;
        fz.weak_slot[s] = -1;
        decref(fz.weak[old].ref);
    }
    if (t < 0 || fz.nweak == MAX_WEAKREFS)
        return;
    struct model_weakref *w = &fz.weak[fz.nweak];
    object_t *ref = weakref_new(ptr_of(t), cb ? on_weakref_dead : NULL, w);
    bool instance = fz.obj[t].kind == K_INSTANCE || fz.obj[t].kind == K_FINAL;
    CHECK(instance == (ref != NULL), "weakref_new to a %s gave %p", type_name(ptr_of(t)), (void *)ref);
    if (!ref)
        return;
    *w = (struct model_weakref){ref, t, cb, true, 0};
    fz.weak_slot[s] = fz.nweak++;
}

static void collect_and_check(int generation)
{
    struct gc_collection_info info;
    long n = gc_collect(generation);

    gc_last_collection(&info);
    CHECK(n >= 0 && info.generation == generation && info.collected + info.uncollectable == n &&
              info.uncollectable == 0,
          "gc_collect(%d) = %ld, last collection: gen %d, %ld collected, %ld uncollectable",
          generation, n, info.generation, info.collected, info.uncollectable);
    CHECK(info.finalized <= info.unreachable && info.freed <= info.unreachable,
          "gen %d: %ld unreachable, %ld finalized, %ld freed", generation, info.unreachable,
          info.finalized, info.freed);
}

enum op {
    OP_NEW_INSTANCE, OP_NEW_FINAL, OP_NEW_LIST, OP_NEW_DICT, OP_NEW_TUPLE, OP_NEW_CHAIN,
    OP_LINK, OP_UNLINK, OP_ROOT, OP_DROP_ROOT, OP_WEAKREF, OP_COLLECT, OP_THRESHOLD,
    OP_ENABLE, OP_FREEZE, OP_REFERENTS, OP_COUNT
};

/* Returns whether the operation was a full collection. */
static bool run_op(enum op op)
{
    unsigned a, b;
    int src;

    switch (op) {
    case OP_NEW_INSTANCE: op_new(K_INSTANCE); break;
    case OP_NEW_FINAL:    op_new(K_FINAL); break;
    case OP_NEW_LIST:     op_new(K_LIST); break;
    case OP_NEW_DICT:     op_new(K_DICT); break;
    case OP_NEW_TUPLE:    op_new(K_TUPLE); break;
    case OP_NEW_CHAIN:    op_new(K_CHAIN); break;
    case OP_LINK:
        src = pick_reachable(next_byte());
        a = next_byte();
        b = next_byte();
        if (src >= 0)
            set_edge(src, a, pick_reachable(b));
        break;
    case OP_UNLINK:
        src = pick_reachable(next_byte());
        a = next_byte();
        if (src >= 0)
            set_edge(src, a, -1);
        break;
    case OP_ROOT:
        a = next_byte();
        set_root(a, pick_reachable(next_byte()));
        break;
    case OP_DROP_ROOT:    set_root(next_byte(), -1); break;
    case OP_WEAKREF:      op_weakref(); break;
    case OP_COLLECT:
        a = next_byte();
        if (a >= 250) {
            CHECK(gc_collect(a == 250 ? -1 : 3) == -1, "gc_collect of a bad generation");
            break;
        }
        collect_and_check((int)(a % 3));
        return a % 3 == 2;
    case OP_THRESHOLD:
        a = next_byte();
        b = next_byte();
        gc_set_threshold(a % 24, b % 6, (b >> 4) % 6);
        break;
    case OP_ENABLE:
        if (next_byte() & 1)
            gc_enable();
        else
            gc_disable();
        break;
    case OP_FREEZE:
        if (next_byte() & 1) {
            gc_freeze();
            for (int t = 0; t < fz.nobj; t++)
                fz.obj[t].frozen = true;
        } else {
            gc_unfreeze();
            for (int t = 0; t < fz.nobj; t++)
                fz.obj[t].frozen = false;
            CHECK(gc_get_freeze_count() == 0, "unfreeze left %ld frozen", gc_get_freeze_count());
        }
        break;
    case OP_REFERENTS:
        src = pick_reachable(next_byte());
        if (src >= 0)
            check_referents(src);
        break;
    case OP_COUNT:
        break;
    }
    return false;
}

/* ---- one run ---------------------------------------------------------------------------------- */

static void setup(void)
{
    fz.interp = interp_new();
    CHECK(fz.interp, "interp_new failed");
    interp_set_current(fz.interp);
    fz.plain = class_new("Plain", NULL);
    fz.final = class_new("Final", on_finalize);
    CHECK(fz.plain && fz.final, "class_new failed");
    fz.none = make_int(-1);
    fz.idkey = str_new("id");
    CHECK(fz.idkey, "str_new failed");
    for (int k = 0; k < NEDGES; k++)
        fz.keys[k] = make_int(k);
    for (int r = 0; r < NROOTS; r++)
        fz.root[r] = -1;
    for (int s = 0; s < NWEAK_SLOTS; s++)
        fz.weak_slot[s] = -1;
    fz.collecting = -1;
    CHECK(gc_callback_add(on_gc_phase, &fz) == 0, "gc_callback_add failed");
}

/* Drop everything, collect until no finalizer resurrects anything, and check the end state. */
static void teardown(size_t heap_base)
{
    for (int r = 0; r < NROOTS; r++)
        set_root((unsigned)r, -1);
    gc_unfreeze();
    for (int round = 0; round <= MAX_OBJS; round++) {
        /* Finalizers run by these decrefs append to fz.lazarus: drop from a copy. */
        int n = fz.nlazarus, dropping[MAX_OBJS];
        memcpy(dropping, fz.lazarus, sizeof dropping);
        fz.nlazarus = 0;
        for (int i = 0; i < n; i++)
            decref(ptr_of(dropping[i]));
        gc_collect(2);
        if (!fz.nlazarus)
            break;
    }
    CHECK(fz.nlazarus == 0, "finalizers still resurrecting after %d collections", MAX_OBJS);
    for (int t = 0; t < fz.nobj; t++)
        CHECK(fz.obj[t].kind != K_FINAL || fz.obj[t].finalized, "object %d never finalized", t);
    for (int s = 0; s < NWEAK_SLOTS; s++) {
        if (fz.weak_slot[s] < 0)
            continue;
        struct model_weakref *w = &fz.weak[fz.weak_slot[s]];
        CHECK(weakref_get(w->ref) == NULL, "weakref %d outlived everything but resolves",
              fz.weak_slot[s]);
        CHECK(w->calls == (w->callback ? 1 : 0), "weakref %d: callback ran %d times",
              fz.weak_slot[s], w->calls);
        w->held = false;
        decref(w->ref);
    }
    for (int k = 0; k < NEDGES; k++)
        decref(fz.keys[k]);
    decref(fz.none);
    decref(fz.idkey);
    decref(class_as_object(fz.plain));
    decref(class_as_object(fz.final));
    CHECK(gc_callback_remove(on_gc_phase, &fz) == 0, "gc_callback_remove: not found");
    CHECK(gc_callback_remove(on_gc_phase, &fz) == -1, "gc_callback_remove: found twice");
    interp_set_current(NULL);
    CHECK(interp_free(fz.interp) == 0, "interp_free: tracked objects remain");
    struct heap_stats s;
    heap_get_stats(&s);
    CHECK(s.bytes_in_use == heap_base, "heap bytes in use %zu after the run, %zu before",
          s.bytes_in_use, heap_base);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct heap_stats s;

    memset(&fz, 0, sizeof fz);
    fz.input = (struct fuzz_input){data, size};
    heap_get_stats(&s);
    setup();
    for (unsigned n = 0; fz.input.left && n < MAX_OPS; n++) {
        bool full = run_op((enum op)(next_byte() % OP_COUNT));
        compute_reachable();
        check_all(full);
    }
    teardown(s.bytes_in_use);
    return 0;
}
