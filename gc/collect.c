/*
 * gc/collect.c - CPython 3.11's generational cycle collector (Modules/gcmodule.c), for the
 * objects of gc/object.h.
 *
 * Reference counting frees everything except cycles. To find those, every container is tracked
 * in one of three generation lists (gc/gchead.h). Collecting generation g merges generations
 * 0..g into one list, `young`, and then:
 *
 *   update_refs       copies each object's refcount into gc_refs (the prev word of its header,
 *                     which is why the list is singly linked until move_unreachable is done) and
 *                     sets COLLECTING, marking it a member of the set.
 *   subtract_refs     for every reference from one member to another, subtracts 1 from the
 *                     target's gc_refs. What is left counts references from outside the set.
 *                     The first collection pass does both at once (update_and_subtract_refs): an
 *                     object's gc_refs is set up the first time the pass meets it, as a list member
 *                     or as a referent, whichever comes first; membership of a referent is read
 *                     from the generation bits of its header. One walk over the set instead of
 *                     two: a large collection is bound by memory traffic, and this saves one of
 *                     CPython's three walks. The resurrection check uses the two separate passes.
 *   move_unreachable  walks young once: an object with gc_refs > 0 is reachable, and whatever it
 *                     references is marked reachable (gc_refs = 1) or, if already moved to the
 *                     unreachable list, moved back to the end of young to be scanned again; an
 *                     object with gc_refs == 0 moves to `unreachable` (tentatively). Members of
 *                     `unreachable` are marked in their prev word (GC_PREV_UNREACHABLE, spare
 *                     generation bits; CPython flags the next word instead, which then takes a
 *                     pass over the garbage to undo), so the walk needs no recursion, no memory
 *                     beyond the headers, and leaves `unreachable` an ordinary list.
 *   (untracking)      tuples whose items are all atomic or untracked are untracked (always), and
 *                     dicts likewise (full collections only); done as move_unreachable passes each
 *                     survivor, where CPython makes separate passes (untrack_tuples,
 *                     untrack_dicts) over the same survivors with the same test.
 *   survivors         move to the next older generation (a full collection keeps them in 2).
 *   handle_weakrefs   clears every weakref to an unreachable object (and every unreachable
 *                     weakref) before any finalizer can run; a weakref's callback runs only if the
 *                     weakref itself is not garbage (Modules/gc_weakref.txt).
 *   finalize_garbage  calls each PEP 442 finalizer once per object's lifetime (FINALIZED bit).
 *   handle_resurrected_objects
 *                     a finalizer may have made garbage reachable again, so the unreachable set is
 *                     analysed again from scratch (update/subtract/move); what is reachable now is
 *                     resurrected - it and everything it reaches survive into the old generation.
 *   delete_garbage    calls clear on what is still unreachable to break the cycles; refcounting
 *                     then frees it. With GC_DEBUG_SAVEALL the objects go to gc_garbage() instead.
 *
 * The weakref, finalizer and resurrection phases are skipped when the unreachable set holds no
 * weakref, no weakly referenced object and no object with a finalizer still to run (noticed by
 * move_unreachable as objects move to the unreachable list): with no code to run, nothing can be
 * resurrected.
 *
 * When collections happen (collect_generations): an allocation that lifts generation 0's count
 * above threshold 0 collects the oldest generation whose count exceeds its threshold; collecting
 * g zeroes the counts of 0..g and adds one to g+1's. Generation 2 is collected only if the
 * objects that entered it since the last full collection (long_lived_pending) exceed 25% of
 * those it had then (long_lived_total): without that rule building a large live structure takes
 * quadratic time (bpo-4074).
 *
 * The traversal in the hot loops is inlined for the built-in containers (gc/traverse.h), and each
 * walk is compiled once per combination of its parameters a collection uses (the generation, the
 * survivors' generation, dict untracking, the lockstep: always_inline copies with constants), so
 * the inner loops test nothing that is fixed for the whole walk. The lockstep of gc/traverse.h
 * runs only where it pays, in full collections and in a generation 0 that grew past its size. This
 * file finds the garbage; gc/garbage.c runs the weakref, finalizer and clearing phases on it.
 *
 * Why the walks look as they do: they are bound by the instructions they run and by the chain of
 * `next` loads from one header to the next, more than by memory bandwidth. So lists are dispatched
 * ahead of the switch, the lockstep is a pointer cursor tested only in the copies that use it,
 * each walk reads an object's link before it stores into the object (so the next load is not
 * ordered behind those stores), and gc_refs is set up with one add of the shifted refcount.
 * docs/gc.md has the measurements behind these choices, how far a collection is from a bare walk
 * over the same headers (`gc-bench floor`), and the variants that were measured and not kept.
 *
 * Context: runs with the interpreter's GIL held and in->collecting set (no nested collections).
 */
#include "gc/collect.h"

/* ---- update_refs / subtract_refs ---------------------------------------------------------------- */

/* gc_refs = refcount, COLLECTING set; returns the number of objects. */
static long update_refs(struct gc_head *containers)
{
    long n = 0;
    for (struct gc_head *g = gc_next(containers); g != containers; g = gc_next(g)) {
        object_t *op = from_gc(g);
        if (__builtin_expect(op->refcnt <= 0, 0))
            platform_panic("gc: tracked %s object %p has refcount %ld during a collection",
                           type_name(op), (void *)op, (long)op->refcnt);
        /* The generation bits go: these are members of an unreachable list being analysed
         * again, and GC_PREV_UNREACHABLE must not stay set on them. */
        g->prev = (g->prev & GC_PREV_FINALIZED) | GC_PREV_COLLECTING |
                  ((uintptr_t)op->refcnt << GC_REFS_SHIFT);
        n++;
    }
    return n;
}

/* Make g (whose prev word is p) a member of the collected set: gc_refs = refcount (minus what
 * is already known). */
static inline void gc_init_refs(struct gc_head *g, uintptr_t p, object_t *op, intptr_t minus)
{
    if (__builtin_expect(op->refcnt <= 0, 0))
        platform_panic("gc: tracked %s object %p has refcount %ld during a collection",
                       type_name(op), (void *)op, (long)op->refcnt);
    /* COLLECTING is clear in p, so adding it is or-ing it. */
    g->prev = (p & (GC_PREV_FINALIZED | GC_PREV_GEN_MASK)) +
              ((uintptr_t)op->refcnt << GC_REFS_SHIFT) + (GC_PREV_COLLECTING - minus * GC_REFS_ONE);
}

/* A reference from a member to op: count it against op if op is in the collected set
 * (generations 0..max_gen; tracked; COLLECTING says its gc_refs are set up already).
 * max_gen_bits is max_gen in the header's generation field. */
static inline void visit_update_subtract(object_t *op, uintptr_t max_gen_bits)
{
    struct gc_head *g;
    uintptr_t p;

    if (!object_is_gc(op))
        return;
    g = as_gc(op);
    p = g->prev;
    if (p & GC_PREV_COLLECTING) {
        if (__builtin_expect(p < GC_REFS_ONE, 0))
            platform_panic("gc: %s object %p has more references from its generation than its "
                           "refcount: a reference was not counted", type_name(op), (void *)op);
        g->prev = p - GC_REFS_ONE;
    } else if (gc_head_is_tracked(g) && (p & GC_PREV_GEN_MASK) <= max_gen_bits) {
        gc_init_refs(g, p, op, 1);
    }
}

static int visit_update_subtract_cb(object_t *op, void *max_gen_bits)
{
    visit_update_subtract(op, *(uintptr_t *)max_gen_bits);
    return 0;
}

/*
 * update_refs and subtract_refs in one pass over young = [gen g][gen 0][gen 1]..., counting the
 * objects of each generation: first_of[i] is the first member that came from generation i < g
 * (NULL if it was empty).
 */
static inline __attribute__((always_inline)) long
update_and_subtract_refs_gen(struct gc_head *young, const int generation, const bool use_lockstep,
                             struct gc_head *const first_of[], long examined[])
{
    const uintptr_t max_gen_bits = (uintptr_t)generation << GC_PREV_GEN_SHIFT;
    /* The slow visit's argument: a copy, so the constant above stays a constant. */
    uintptr_t max_gen_bits_arg = max_gen_bits;
    struct gc_head *boundary[GC_NUM_GENERATIONS + 1]; /* where the next generation begins */
    int boundary_gen[GC_NUM_GENERATIONS + 1];
    int nboundaries = 0, next_boundary = 0, current = generation;
    struct gc_head *at;
    struct lockstep ls = {0};
    object_t *item;
    long n = 0, total = 0;

    for (int i = 0; i < generation; i++) {
        if (first_of[i]) {
            boundary_gen[nboundaries] = i;
            boundary[nboundaries++] = first_of[i];
        }
    }
    boundary[nboundaries] = NULL; /* matches no member */
    at = boundary[0];

    for (struct gc_head *g = gc_next(young), *next; g != young; g = next) {
        object_t *op = from_gc(g);
        /* Read the link first: this pass never changes it, and the compiler cannot know that
         * the stores below leave it alone, so it would wait for them before the next object's
         * load could start. */
        next = gc_next(g);
        if (__builtin_expect(g == at, 0)) {
            examined[current] = n;
            total += n;
            current = boundary_gen[next_boundary++];
            at = boundary[next_boundary];
            n = 0;
        }
        uintptr_t p = g->prev;
        if (!(p & GC_PREV_COLLECTING))
            gc_init_refs(g, p, op, 0);
        /* The lockstep's item before g's referents: a lockstep started by g then trails the
         * walk by one object, so its items (the objects right after g) have been set up as
         * members already and need only the subtraction. */
        if (use_lockstep && __builtin_expect(lockstep_running(&ls), 0) &&
            (item = lockstep_take(&ls)))
            visit_update_subtract(item, max_gen_bits);
        FOR_EACH_REFERENT(op, child, visit_update_subtract(child, max_gen_bits),
                          visit_update_subtract_cb, &max_gen_bits_arg, use_lockstep ? &ls : NULL);
        n++;
    }
    while (use_lockstep && (item = lockstep_take(&ls)))
        visit_update_subtract(item, max_gen_bits);
    examined[current] = n;
    return total + n;
}

/* The pass above with the generation and the use of a lockstep constant (a copy for each
 * combination a collection uses): a small young collection's walk then tests no boundary and no
 * lockstep, and tests generation bits against zero. */
static long update_and_subtract_refs(struct gc_head *young, int generation, bool use_lockstep,
                                     struct gc_head *const first_of[], long examined[])
{
    if (!use_lockstep && generation == 0)
        return update_and_subtract_refs_gen(young, 0, false, first_of, examined);
    if (!use_lockstep && generation == 1)
        return update_and_subtract_refs_gen(young, 1, false, first_of, examined);
    if (generation == GC_NUM_GENERATIONS - 1)
        return update_and_subtract_refs_gen(young, GC_NUM_GENERATIONS - 1, true, first_of,
                                            examined);
    return update_and_subtract_refs_gen(young, generation, true, first_of, examined);
}

static inline void visit_decref_inline(object_t *op)
{
    if (object_is_gc(op)) {
        struct gc_head *g = as_gc(op);
        if (gc_is_collecting_head(g)) {
            if (__builtin_expect(gc_get_refs(g) == 0, 0))
                platform_panic("gc: %s object %p has more references from its generation "
                               "than its refcount: a reference was not counted",
                               type_name(op), (void *)op);
            g->prev -= GC_REFS_ONE;
        }
    }
}

static int visit_decref(object_t *op, void *arg)
{
    (void)arg;
    visit_decref_inline(op);
    return 0;
}

static void subtract_refs(struct gc_head *containers)
{
    for (struct gc_head *g = gc_next(containers); g != containers; g = gc_next(g))
        FOR_EACH_REFERENT(from_gc(g), child, visit_decref_inline(child), visit_decref, NULL,
                          NULL);
}

/* ---- move_unreachable --------------------------------------------------------------------------- */

static inline void visit_reachable_inline(object_t *op, struct gc_head *reachable)
{
    struct gc_head *g;
    uintptr_t p;

    if (!object_is_gc(op))
        return;
    g = as_gc(op);
    p = g->prev;
    /* Not in the set (another generation, or already scanned: scanning clears COLLECTING). */
    if (!(p & GC_PREV_COLLECTING))
        return;
    if (p < GC_REFS_ONE) {
        /* Not scanned yet, gc_refs 0: tell the scan it is reachable. (No member of the
         * unreachable list looks like this: its prev holds a pointer.) */
        g->prev = p + GC_REFS_ONE;
    } else if (gc_is_unreachable(g)) {
        /* Had gc_refs 0 when the scan passed it, but is reachable after all: move it back to
         * the end of young, where the scan will reach it again. */
        gc_list_move(g, reachable);
        g->prev = (g->prev & GC_PREV_FINALIZED) | GC_PREV_COLLECTING | GC_REFS_ONE;
    }
    /* else gc_refs > 0: the scan will get to it. */
}

static int visit_reachable(object_t *op, void *reachable)
{
    visit_reachable_inline(op, reachable);
    return 0;
}

/* _PyTuple_MaybeUntrack: untrack if no item could be in a cycle (an unset item: not yet). */
static bool tuple_untrackable(struct tuple_object *t)
{
    for (size_t i = 0; i < t->size; i++)
        if (!t->items[i] || gc_may_be_tracked(t->items[i]))
            return false;
    return true;
}

/* _PyDict_MaybeUntrack. */
static bool dict_untrackable(struct dict_object *d)
{
    for (size_t i = 0; i < d->nentries; i++) {
        struct dict_entry *e = &d->table[i];
        if (e->key &&
            (gc_may_be_tracked(e->key) || gc_may_be_tracked(e->value)))
            return false;
    }
    return true;
}

/*
 * g, just unlinked from young, may have been its last object: then prev is. young's prev must
 * name the real last object at all times, because visit_reachable_inline appends to young - and
 * a lockstep may still visit items after the walk has passed the last object and moved it away.
 */
static inline void gc_young_drop_last(struct gc_head *young, struct gc_head *g,
                                      struct gc_head *prev)
{
    if (__builtin_expect(young->prev == (uintptr_t)g, 0))
        young->prev = (uintptr_t)prev;
}

/*
 * What move_unreachable found: the size of the unreachable set, and whether it may hold anything
 * that would run code when freed. The two flags are noted as objects move to the unreachable list
 * tentatively, so they may be set by an object that turned out reachable: then the weakref,
 * finalizer and resurrection phases run for nothing, which is correct, only slower. Noting them
 * there saves the separate pass over the garbage that CPython makes to clear its
 * NEXT_MASK_UNREACHABLE flags (we keep that flag in the prev word, see gc/gchead.h).
 */
struct unreachable_scan {
    long size;
    long untracked;  /* tuples and dicts untracked as they survived */
    bool weakrefs;   /* may hold a weakref, or a target with weakrefs */
    bool finalizers; /* may hold an object whose finalizer has not run */
};

/*
 * Move what is unreachable from outside young into unreachable (which this initialises), restore
 * young's prev links, mark the survivors as members of generation survivor_gen (where the caller
 * will put them), and untrack the tuples (and, if untrack_dicts, dicts) that can never be in a
 * cycle. members is the size of young. Returns the number of objects left in young.
 */
static inline __attribute__((always_inline)) long
move_unreachable_gen(struct gc_head *young, long members, struct gc_head *unreachable,
                     const bool untrack_dicts, const unsigned survivor_gen,
                     const bool use_lockstep, struct unreachable_scan *scan)
{
    const uintptr_t survivor_bits = (uintptr_t)survivor_gen << GC_PREV_GEN_SHIFT;
    struct gc_head *prev = young;
    struct gc_head *g = gc_next(young);
    struct lockstep ls = {0};
    long survivors = 0;

    /* The rare outcomes are counted in memory, leaving registers to the walk. */
    scan->untracked = 0;
    scan->weakrefs = false;
    scan->finalizers = false;

    gc_list_init(unreachable);
    for (;;) {
        /* One lockstep item per step. Its visit may append to young (never moves g, which is
         * in young and unscanned), so if the walk was at the end, look again. */
        if (use_lockstep && __builtin_expect(lockstep_running(&ls), 0)) {
            object_t *item = lockstep_take(&ls);
            if (item) {
                visit_reachable_inline(item, young);
                if (g == young)
                    g = (struct gc_head *)prev->next;
            }
        }
        if (g == young) {
            if (use_lockstep && lockstep_running(&ls))
                continue;
            break;
        }
        /* Read the link before the stores below (see update_and_subtract_refs). It changes
         * only if g is last and a visit appends to young: then prev->next has the new one. */
        struct gc_head *next = gc_next(g);
        object_t *op = from_gc(g);
        const struct type *type = op->type;
        /* The visits below never change g's own prev word: g is in young, so a visit from
         * itself finds gc_refs > 0 and leaves it. */
        uintptr_t p = g->prev;
        if (p >= GC_REFS_ONE) { /* gc_refs > 0: reachable */
            enum type_kind kind = type->kind;
            FOR_EACH_REFERENT(op, child, visit_reachable_inline(child, young), visit_reachable,
                              young, use_lockstep ? &ls : NULL);
            if (__builtin_expect(kind == TYPE_KIND_TUPLE || kind == TYPE_KIND_DICT, 0) &&
                ((kind == TYPE_KIND_TUPLE && tuple_untrackable((struct tuple_object *)op)) ||
                 (untrack_dicts && kind == TYPE_KIND_DICT &&
                  dict_untrackable((struct dict_object *)op)))) {
                /* Drop it from young: it has been scanned and stays alive, untracked. */
                prev->next = g->next;
                gc_young_drop_last(young, g, prev);
                g->next = 0;
                g->prev = p & GC_PREV_FINALIZED;
                scan->untracked++;
            } else {
                g->prev = (uintptr_t)prev | (p & GC_PREV_FINALIZED) | survivor_bits;
                prev = g;
                survivors++;
            }
        } else {
            /* Tentatively unreachable: unlink from young (singly linked until the loop ends)
             * and append to unreachable, marked so. */
            prev->next = g->next;
            gc_young_drop_last(young, g, prev);
            gc_list_append(g, unreachable);
            g->prev |= GC_PREV_UNREACHABLE;
            if (type == &weakref_type ||
                ((type->flags & TYPE_FLAG_WEAKREFABLE) && *weaklist_of(op)))
                scan->weakrefs = true;
            if (type->finalize && !(p & GC_PREV_FINALIZED))
                scan->finalizers = true;
        }
        g = next != young ? next : (struct gc_head *)prev->next;
    }
    young->prev = (uintptr_t)prev;
    scan->size = members - survivors - scan->untracked;
    return survivors;
}

/* The pass above with its flags constant (a copy for each combination a collection uses). */
static long move_unreachable(struct gc_head *young, long members, struct gc_head *unreachable,
                             bool untrack_dicts, unsigned survivor_gen, bool use_lockstep,
                             struct unreachable_scan *scan)
{
    const unsigned oldest = GC_NUM_GENERATIONS - 1;

    if (!use_lockstep && !untrack_dicts && survivor_gen == 1)
        return move_unreachable_gen(young, members, unreachable, false, 1, false, scan);
    if (!use_lockstep && !untrack_dicts && survivor_gen == oldest)
        return move_unreachable_gen(young, members, unreachable, false, oldest, false, scan);
    if (untrack_dicts && survivor_gen == oldest) /* a full collection */
        return move_unreachable_gen(young, members, unreachable, true, oldest, true, scan);
    return move_unreachable_gen(young, members, unreachable, untrack_dicts, survivor_gen, true,
                                scan);
}

/* ---- weakrefs, finalizers, resurrection, clearing ----------------------------------------------- */

/*
 * After finalizers: what in unreachable is reachable again (from outside it) is resurrected and
 * moves to old with everything it reaches; the rest goes to still_unreachable. update_refs sets
 * COLLECTING on every member again, so no clearing pass is needed first. Returns the size of
 * still_unreachable.
 */
static long handle_resurrected_objects(struct gc_head *unreachable,
                                       struct gc_head *still_unreachable, struct gc_head *old,
                                       unsigned old_gen)
{
    struct unreachable_scan scan;
    long members = update_refs(unreachable);
    subtract_refs(unreachable);
    move_unreachable(unreachable, members, still_unreachable, false, old_gen, true, &scan);
    gc_list_merge(unreachable, old);
    return scan.size;
}

/* ---- a collection ------------------------------------------------------------------------------- */

/* One debug line to the interpreter's sink (gc_set_debug_sink), or to the console. */
static void debug_line(struct interp *in, const char *line)
{
    if (in->debug_sink)
        in->debug_sink(line, in->debug_sink_arg);
    else
        platform_log("%s", line);
}

/* GC_DEBUG_COLLECTABLE's "gc: collectable <list 0x...>", one line per object, as CPython's
 * debug_cycle() names them. */
static void debug_objects(struct interp *in, const char *what, struct gc_head *list)
{
    char line[GC_DEBUG_LINE_MAX];
    for (struct gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
        platform_snprintf(line, sizeof line, "gc: %s <%s %p>\n", what, type_name(from_gc(g)),
                          (void *)from_gc(g));
        debug_line(in, line);
    }
}

static long collect_main(struct interp *in, int generation)
{
    struct gc_collection_info info = {.generation = generation};
    struct gc_head unreachable, final_unreachable;
    struct gc_head *young, *old;
    struct gc_head *first_of[GC_NUM_GENERATIONS] = {0};
    struct unreachable_scan scan;
    unsigned old_gen;
    uint64_t t0 = platform_cycles();
    long members, survivors, still, m = 0, n = 0;
    /* The lockstep (gc/traverse.h) only pays on sets too large for the cache: full collections,
     * and a young generation that grew large (count 0 approximates its size). The walks of the
     * usual small young collections are compiled without it. */
    bool use_lockstep = generation == GC_NUM_GENERATIONS - 1 ||
                        in->generations[0].count > GC_LOCKSTEP_MIN_ITEMS;

    /* Counts first, as CPython: collecting g counts as one collection toward g+1. */
    if (generation + 1 < GC_NUM_GENERATIONS)
        in->generations[generation + 1].count += 1;
    for (int i = 0; i <= generation; i++)
        in->generations[i].count = 0;

    /* Merge the younger generations into the collected one, noting where each began so the
     * first pass can count what it examined per generation. Their headers keep naming their own
     * generation, which is <= generation: all the first pass asks. */
    young = &in->generations[generation].head;
    for (int i = 0; i < generation; i++) {
        struct gc_head *head = &in->generations[i].head;
        first_of[i] = gc_list_is_empty(head) ? NULL : gc_next(head);
        gc_list_merge(head, young);
    }
    if (generation < GC_NUM_GENERATIONS - 1) {
        old = &in->generations[generation + 1].head;
        old_gen = (unsigned)generation + 1;
    } else {
        old = young;
        old_gen = (unsigned)generation;
    }

    members = update_and_subtract_refs(young, generation, use_lockstep, first_of, info.examined);
    survivors = move_unreachable(young, members, &unreachable, young == old, old_gen, use_lockstep,
                                 &scan);
    info.unreachable = scan.size;

    if (young != old) {
        if (generation == GC_NUM_GENERATIONS - 2)
            in->long_lived_pending += survivors;
        gc_list_merge(young, old);
    } else {
        in->long_lived_pending = 0;
        in->long_lived_total = survivors;
    }

    if (in->debug & GC_DEBUG_COLLECTABLE)
        debug_objects(in, "collectable", &unreachable);

    /* Weakrefs, finalizers and resurrection (skipped when the garbage has none of them: no
     * finalizer and no weakref callback means no code can run that could resurrect anything). */
    if (scan.weakrefs)
        m = handle_weakrefs(&unreachable, old, old_gen);
    if (scan.finalizers)
        info.finalized = finalize_garbage(&unreachable);
    if (scan.weakrefs || scan.finalizers) {
        /* Finalizers may free some of the garbage by refcount; what remains and is reachable
         * again after them was resurrected. */
        long after_finalizers = gc_list_size(&unreachable);
        still = handle_resurrected_objects(&unreachable, &final_unreachable, old, old_gen);
        info.resurrected = after_finalizers - still;
    } else {
        gc_list_init(&final_unreachable);
        gc_list_merge(&unreachable, &final_unreachable);
        still = scan.size;
    }
    m += still;
    /* Clearing one object frees others of its cycle as a side effect: count what survives. */
    info.freed = still - delete_garbage(in, &final_unreachable, old, old_gen);

    in->stats[generation].collections++;
    in->stats[generation].collected += m;
    in->stats[generation].uncollectable += n;
    info.collected = m;
    info.uncollectable = n;
    /* In cycles only: microseconds when someone reads them (gc_last_collection, the stats line),
     * since hosted the clock's rate may take a wait to measure the first time. */
    info.pause_cycles = platform_cycles() - t0;
    in->last = info;
    if (in->debug & GC_DEBUG_STATS) {
        char line[GC_DEBUG_LINE_MAX];
        gc_format_collection(&info, line, sizeof line);
        debug_line(in, line);
    }
    return n + m;
}

static void invoke_callbacks(struct interp *in, const char *phase, int generation, long collected,
                             long uncollectable)
{
    /* By index, re-reading the count: a callback may add or remove callbacks. */
    for (int i = 0; i < in->ncallbacks; i++) {
        struct gc_callback_entry cb = in->callbacks[i];
        cb.fn(phase, generation, collected, uncollectable, cb.arg);
    }
}

long gc_collect_main_locked(struct interp *in, int generation)
{
    long n;
    invoke_callbacks(in, "start", generation, 0, 0);
    n = collect_main(in, generation);
    invoke_callbacks(in, "stop", generation, in->last.collected, in->last.uncollectable);
    /* CPython 3.11 clears the free lists in every full collection: after gc_collect(2) the
     * heap holds only live objects, which is what the leak checks compare. */
    if (generation == GC_NUM_GENERATIONS - 1)
        gc_freelists_clear(in);
    return n;
}

long gc_collect_generations(struct interp *in)
{
    for (int i = GC_NUM_GENERATIONS - 1; i >= 0; i--) {
        if (in->generations[i].count > in->generations[i].threshold) {
            /* bpo-4074: a full collection only once enough new long-lived objects piled up. */
            if (i == GC_NUM_GENERATIONS - 1 && in->long_lived_pending < in->long_lived_total / 4)
                continue;
            return gc_collect_main_locked(in, i);
        }
    }
    return 0;
}
