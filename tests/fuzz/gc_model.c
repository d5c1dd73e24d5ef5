/*
 * tests/fuzz/gc_model.c - the model's reachability and the checks of tests/fuzz/fuzz_gc.c (the
 * invariants are listed at the top of that file).
 */
#include "tests/fuzz/gc_model.h"

#include <stdio.h>

struct gc_fuzz fz;
const char *const attr_names[NEDGES] = {"a0", "a1", "a2", "a3", "a4", "a5"};

/* ---- the model's reachability ----------------------------------------------------------------- */

static void mark(bool *set, int tag)
{
    if (tag < 0 || set[tag])
        return;
    set[tag] = true;
    for (int k = 0; k < NEDGES; k++)
        mark(set, fz.obj[tag].out[k]);
}

void compute_reachable(void)
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

int pick_reachable(unsigned n)
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

int tag_of_instance(object_t *self)
{
    object_t *id = instance_getattr(self, "id");
    CHECK(id && id->type == &int_type, "instance %p has no int id", (void *)self);
    long t = int_value(id);
    CHECK(t >= 0 && t < fz.nobj && fz.obj[t].ptr == self, "instance %p has id %ld", (void *)self, t);
    return (int)t;
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

void check_referents(int t)
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

void check_all(bool full_collection_done)
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
