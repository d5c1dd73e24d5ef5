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
 */
#include "gc/interp.h"
#include "mm/malloc.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>

#define MAX_OBJS    96     /* containers a run may create */
#define NROOTS      8
#define NEDGES      6      /* out-edges per container (instances: more than the inline slots) */
#define NWEAK_SLOTS 6
#define MAX_WEAKREFS 32    /* weakrefs a run may create */
#define CHAIN_MAX   160    /* deepest list chain: past GC_TRASHCAN_DEPTH */
#define MAX_OPS     2000

enum kind { K_INSTANCE, K_FINAL, K_LIST, K_DICT, K_TUPLE, K_CHAIN, K_KINDS };

struct model_object {
    object_t *ptr;               /* dereferenced only while the model says it is reachable */
    enum kind kind;
    int out[NEDGES];             /* tags of the objects it references, -1 none */
    int nitems;                  /* lists, tuples: items after the tag; chains: depth */
    bool lost;                   /* was unreachable at some point (may be dead) */
    bool resurrect;              /* K_FINAL: its finalizer keeps it alive */
    bool finalized;
    bool frozen;                 /* was tracked at the last gc_freeze (may have left since) */
};

struct model_weakref {
    object_t *ref;
    int target;
    bool callback, held;
    int calls;
};

static struct {
    struct interp *interp;
    class_t *plain, *final;
    object_t *none, *idkey, *keys[NEDGES];
    struct model_object obj[MAX_OBJS];
    int nobj;
    int root[NROOTS];
    int lazarus[MAX_OBJS];       /* objects finalizers resurrected: each holds a reference */
    int nlazarus;
    struct model_weakref weak[MAX_WEAKREFS];
    int nweak;
    int weak_slot[NWEAK_SLOTS];  /* index into weak, -1 empty */
    bool reach[MAX_OBJS];        /* from roots and lazarus */
    bool reach_roots[MAX_OBJS];  /* from roots only */
    int fired[MAX_WEAKREFS];     /* targets whose weakref callback ran during this operation */
    int nfired;
    int collecting;              /* generation between the callbacks' "start" and "stop", or -1 */
    long collections[GC_NUM_GENERATIONS];   /* seen by the callbacks */
    struct fuzz_input input;
} fz;

static const char *const attr_names[NEDGES] = {"a0", "a1", "a2", "a3", "a4", "a5"};

static unsigned next_byte(void)
{
    return fuzz_byte(&fz.input);
}

static object_t *ptr_of(int tag)
{
    return tag < 0 ? NULL : fz.obj[tag].ptr;
}

/* ---- the model's reachability ----------------------------------------------------------------- */

static void mark(bool *set, int tag)
{
    if (tag < 0 || set[tag])
        return;
    set[tag] = true;
    for (int k = 0; k < NEDGES; k++)
        mark(set, fz.obj[tag].out[k]);
}

static void compute_reachable(void)
{
    memset(fz.reach, 0, sizeof fz.reach);
    memset(fz.reach_roots, 0, sizeof fz.reach_roots);
    for (int r = 0; r < NROOTS; r++) {
        mark(fz.reach_roots, fz.root[r]);
        mark(fz.reach, fz.root[r]);
    }
    for (int i = 0; i < fz.nlazarus; i++)
        mark(fz.reach, fz.lazarus[i]);
    for (int t = 0; t < fz.nobj; t++)
        if (!fz.reach[t])
            fz.obj[t].lost = true;
}

/* The n-th reachable object (n taken modulo their number), or -1 when none is. */
static int pick_reachable(unsigned n)
{
    int count = 0;
    for (int t = 0; t < fz.nobj; t++)
        count += fz.reach[t];
    if (!count)
        return -1;
    n %= (unsigned)count;
    for (int t = 0; t < fz.nobj; t++)
        if (fz.reach[t] && n-- == 0)
            return t;
    return -1;
}

/* ---- hooks the collector calls ---------------------------------------------------------------- */

static int tag_of_instance(object_t *self)
{
    object_t *id = instance_getattr(self, "id");
    CHECK(id && id->type == &int_type, "instance %p has no int id", (void *)self);
    long t = int_value(id);
    CHECK(t >= 0 && t < fz.nobj && fz.obj[t].ptr == self, "instance %p has id %ld", (void *)self, t);
    return (int)t;
}

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

/* ---- checking --------------------------------------------------------------------------------- */

static void check_tag(int t, object_t *id, const char *where)
{
    CHECK(id && id->type == &int_type && int_value(id) == t, "object %d: %s does not hold its tag",
          t, where);
}

static void check_object(int t)
{
    struct model_object *m = &fz.obj[t];
    object_t *o = m->ptr;
    int edges = 0;

    CHECK(o->refcnt > 0, "reachable object %d has refcount %ld", t, (long)o->refcnt);
    for (int k = 0; k < NEDGES; k++)
        edges += m->out[k] >= 0;
    switch (m->kind) {
    case K_INSTANCE:
    case K_FINAL:
        CHECK(object_is_instance(o) && instance_class(o) == (m->kind == K_FINAL ? fz.final : fz.plain),
              "object %d is a %s, not an instance of its class", t, type_name(o));
        check_tag(t, instance_getattr(o, "id"), "attribute id");
        for (int k = 0; k < NEDGES; k++)
            CHECK(instance_getattr(o, attr_names[k]) == ptr_of(m->out[k]),
                  "object %d: attribute %s is %p, model %d", t, attr_names[k],
                  (void *)instance_getattr(o, attr_names[k]), m->out[k]);
        CHECK(gc_is_tracked(o), "instance %d not tracked", t);
        CHECK(gc_is_finalized(o) == m->finalized, "object %d: finalized %d, model %d", t,
              gc_is_finalized(o), m->finalized);
        break;
    case K_LIST:
        CHECK(o->type == &list_type && list_len(o) == 1 + (size_t)m->nitems,
              "object %d: a %s of length %zu, model list of %d", t, type_name(o),
              o->type == &list_type ? list_len(o) : 0, 1 + m->nitems);
        check_tag(t, list_get(o, 0), "item 0");
        for (int k = 0; k < m->nitems; k++) {
            object_t *want = m->out[k] < 0 ? fz.none : ptr_of(m->out[k]);
            CHECK(list_get(o, 1 + (size_t)k) == want, "object %d: item %d differs", t, 1 + k);
        }
        break;
    case K_DICT:
        CHECK(o->type == &dict_type && dict_len(o) == 1 + (size_t)edges,
              "object %d: a %s of %zu entries, model dict of %d", t, type_name(o),
              o->type == &dict_type ? dict_len(o) : 0, 1 + edges);
        check_tag(t, dict_get(o, fz.idkey), "key 'id'");
        for (int k = 0; k < NEDGES; k++)
            CHECK(dict_get(o, fz.keys[k]) == ptr_of(m->out[k]), "object %d: key %d differs", t, k);
        break;
    case K_TUPLE:
        CHECK(o->type == &tuple_type && tuple_len(o) == 1 + (size_t)m->nitems,
              "object %d: a %s, model tuple of %d", t, type_name(o), 1 + m->nitems);
        check_tag(t, tuple_get(o, 0), "item 0");
        for (int k = 0; k < m->nitems; k++)
            CHECK(tuple_get(o, 1 + (size_t)k) == ptr_of(m->out[k]), "object %d: item %d", t, k);
        break;
    case K_CHAIN: {
        CHECK(o->type == &list_type && list_len(o) == 2, "chain %d: top is not a 2-list", t);
        check_tag(t, list_get(o, 0), "item 0");
        object_t *link = list_get(o, 1);
        int depth = 1;
        while (list_len(link) == 1) {
            CHECK(link->type == &list_type && link->refcnt == 1, "chain %d: link %d", t, depth);
            link = list_get(link, 0);
            depth++;
        }
        CHECK(list_len(link) == 0 && depth == m->nitems, "chain %d: depth %d, model %d", t, depth,
              m->nitems);
        break;
    }
    case K_KINDS:
        break;
    }
}

/* References the model knows of to each reachable object. */
static void count_references(long *refs)
{
    memset(refs, 0, MAX_OBJS * sizeof *refs);
    for (int r = 0; r < NROOTS; r++)
        if (fz.root[r] >= 0)
            refs[fz.root[r]]++;
    for (int i = 0; i < fz.nlazarus; i++)
        refs[fz.lazarus[i]]++;
    for (int t = 0; t < fz.nobj; t++)
        if (fz.reach[t])
            for (int k = 0; k < NEDGES; k++)
                if (fz.obj[t].out[k] >= 0)
                    refs[fz.obj[t].out[k]]++;
}

static void check_weakrefs(void)
{
    for (int s = 0; s < NWEAK_SLOTS; s++) {
        if (fz.weak_slot[s] < 0)
            continue;
        struct model_weakref *w = &fz.weak[fz.weak_slot[s]];
        struct model_object *m = &fz.obj[w->target];
        object_t *got = weakref_get(w->ref);
        if (fz.reach[w->target] && !m->lost)
            CHECK(got == m->ptr, "weakref %d to live object %d resolves to %p",
                  fz.weak_slot[s], w->target, (void *)got);
        else if (got)
            CHECK(got == m->ptr && tag_of_instance(got) == w->target,
                  "weakref %d to object %d resolves to a stranger %p", fz.weak_slot[s], w->target,
                  (void *)got);
        if (w->calls)
            CHECK(!got, "weakref %d: callback ran but it resolves", fz.weak_slot[s]);
    }
}

/* Objects per type kind: after a full collection, exactly the model's (and the fuzzer's own
 * ints, str and classes). Row i of the census is kind i + 1 (gc_object_census). */
static void check_census(void)
{
    struct gc_census_row rows[TYPE_KIND_COUNT];
    long want[TYPE_KIND_COUNT] = {0};
    int held = 0;

    CHECK(gc_object_census(rows, TYPE_KIND_COUNT) == TYPE_KIND_COUNT, "census rows");
    want[TYPE_KIND_INT] = 1 + NEDGES;   /* none and the keys; below, each object's tag */
    want[TYPE_KIND_STR] = 1;
    want[TYPE_KIND_CLASS] = 2;
    for (int t = 0; t < fz.nobj; t++) {
        if (!fz.reach[t])
            continue;
        static const enum type_kind kinds[K_KINDS] = {TYPE_KIND_INSTANCE, TYPE_KIND_INSTANCE,
            TYPE_KIND_LIST, TYPE_KIND_DICT, TYPE_KIND_TUPLE, TYPE_KIND_LIST};
        want[kinds[fz.obj[t].kind]] += fz.obj[t].kind == K_CHAIN ? 1 + fz.obj[t].nitems : 1;
        want[TYPE_KIND_INT]++;
    }
    for (int s = 0; s < NWEAK_SLOTS; s++)
        held += fz.weak_slot[s] >= 0;
    want[TYPE_KIND_WEAKREF] = held;
    for (int k = 1; k < TYPE_KIND_COUNT; k++)
        CHECK(rows[k - 1].objects == want[k], "census: %ld %s objects, the model has %ld",
              rows[k - 1].objects, rows[k - 1].type_name, want[k]);
}

/* After gc_collect(2) with nothing frozen: exact refcounts, the census, and the gc_get_* views. */
static void check_after_full_collection(void)
{
    long refs[MAX_OBJS];
    count_references(refs);
    for (int t = 0; t < fz.nobj; t++)
        CHECK(!fz.reach[t] || fz.obj[t].ptr->refcnt == refs[t],
              "object %d: refcount %ld, the model knows %ld references", t,
              (long)fz.obj[t].ptr->refcnt, refs[t]);
    check_census();
    /* The list holds a reference to every object in it: refcounts are checked above. */
    object_t *all = gc_get_objects(-1);
    CHECK(all, "gc_get_objects failed");
    for (int t = 0; t < fz.nobj; t++) {
        if (!fz.reach[t])
            continue;
        object_t *o = fz.obj[t].ptr;
        bool listed = false;
        for (size_t i = 0; i < list_len(all) && !listed; i++)
            listed = list_get(all, i) == o;
        CHECK(listed == gc_is_tracked(o), "object %d: tracked %d, in gc_get_objects %d", t,
              gc_is_tracked(o), listed);
    }
    decref(all);
}

static void check_referents(int t)
{
    object_t *o = fz.obj[t].ptr;
    object_t *referents = gc_get_referents(o);
    CHECK(referents, "gc_get_referents failed");
    for (int k = 0; k < NEDGES; k++) {
        object_t *child = ptr_of(fz.obj[t].out[k]);
        if (!child)
            continue;
        bool found = false;
        for (size_t i = 0; i < list_len(referents) && !found; i++)
            found = list_get(referents, i) == child;
        CHECK(found, "object %d: child %d missing from gc_get_referents", t, fz.obj[t].out[k]);
        /* Tracked is asked after the call: its list's allocation may collect, and a collection
         * untracks tuples of untracked items. An object the model thinks frozen may have left
         * the permanent generation (untracked then, or resurrected by its finalizer). */
        object_t *referrers = gc_get_referrers(child);
        CHECK(referrers, "gc_get_referrers failed");
        found = false;
        for (size_t i = 0; i < list_len(referrers) && !found; i++)
            found = list_get(referrers, i) == o;
        CHECK(fz.obj[t].frozen ? !found || gc_is_tracked(o) : found == gc_is_tracked(o),
              "object %d (tracked %d, frozen %d) is %s gc_get_referrers of its child", t,
              gc_is_tracked(o), fz.obj[t].frozen, found ? "in" : "missing from");
        decref(referrers);
    }
    decref(referents);
}

static void check_all(bool full_collection_done)
{
    for (int t = 0; t < fz.nobj; t++)
        if (fz.reach[t])
            check_object(t);
    check_weakrefs();
    for (int i = 0; i < fz.nfired; i++)
        CHECK(!fz.reach_roots[fz.fired[i]], "weakref callback ran for object %d, still reachable",
              fz.fired[i]);
    fz.nfired = 0;
    if (full_collection_done && gc_get_freeze_count() == 0)
        check_after_full_collection();
    long count[3];
    gc_get_count(count);
    CHECK(count[0] >= 0 && count[1] >= 0 && count[2] >= 0, "negative gc counts");
    struct gc_stats stats[GC_NUM_GENERATIONS];
    gc_get_stats(stats);
    for (int g = 0; g < GC_NUM_GENERATIONS; g++)
        CHECK(stats[g].collections == fz.collections[g] && stats[g].uncollectable == 0,
              "gen %d: %ld collections (callbacks saw %ld), %ld uncollectable", g,
              stats[g].collections, fz.collections[g], stats[g].uncollectable);
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
