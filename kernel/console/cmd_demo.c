/*
 * kernel/console/cmd_demo.c - `demo NAME`: how Python manages memory, shown step by step with the
 * real objects, the real collector and real numbers (refcounts, heap bytes, census counts,
 * collection lines).
 *
 *   refcount     an object is freed the moment its count reaches zero
 *   cycle        a list that contains itself survives refcounting; the collector's gc_refs
 *                (update_refs, then subtract_refs) show it unreachable, and a collection frees it
 *   generations  young objects are collected often, survivors are promoted
 *   gil, interp  (kernel/console/cmd_demo_smp.c) the GIL's timeline; per-core interpreters
 *                in parallel
 *
 * The cycle demo prints gc_refs as the collector computes them: update_refs copies each
 * container's refcount, subtract_refs subtracts one for every reference from another container
 * in the set (found with the same traverse slots the collector uses). The demo computes that for
 * its own two objects, which reference only themselves, so the figures are the ones gc/collect.c
 * computes for them in the collection that follows; the collection's own line then confirms it.
 *
 * Each demo leaves the interpreter as it found it (thresholds, enabled, debug flags) and frees
 * what it made: the objects alive at the end (census) are printed against the start, with the
 * heap bytes in use beside them.
 */
#include "gc/gc.h"
#include "gc/interp.h"
#include "kernel/console/cmd_demo.h"
#include "kernel/kprintf.h"
#include "kernel/console/shell.h"
#include "mm/malloc.h"
#include "mm/platform.h"

#define GEN_DEMO_THRESHOLD0 100        /* small, so automatic collections happen within the demo */
#define GEN_DEMO_THRESHOLD1 3
#define GEN_DEMO_ROUNDS     7
#define GEN_DEMO_PER_ROUND  100        /* containers made per round */
#define GEN_DEMO_KEEP_EVERY 10         /* one in this many survives (held by the keep list) */

static size_t heap_in_use(void)
{
    static struct heap_stats hs;
    heap_get_stats(&hs);
    return hs.bytes_in_use;
}

static long census_objects(const char *type)
{
    struct gc_census_row rows[TYPE_KIND_COUNT + 8];
    size_t n = gc_object_census(rows, sizeof rows / sizeof rows[0]);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].type_name, type) == 0)
            return rows[i].objects;
    return 0;
}

static long census_total(void)
{
    struct gc_census_row rows[TYPE_KIND_COUNT + 8];
    size_t n = gc_object_census(rows, sizeof rows / sizeof rows[0]);
    long total = 0;
    for (size_t i = 0; i < n; i++)
        total += rows[i].objects;
    return total;
}

/* The closing figures of a demo: objects alive (exact) and heap bytes in use, which may stay
 * above the start while freed lists and dicts wait on their free lists for reuse (as CPython's
 * do; a full collection empties them). */
static void print_leftovers(long objects0, size_t heap0)
{
    kprintf("  objects alive: %ld at the start, %ld now; heap in use %lu bytes at the start, %lu "
            "now\n", objects0, census_total(), (unsigned long)heap0, (unsigned long)heap_in_use());
}

/* Which generation list holds `o`: 0..2, 3 for the permanent one, -1 if none. */
static int generation_of(object_t *o)
{
    struct interp *in = interp_current();
    struct gc_head *target = as_gc(o);
    for (int g = 0; g <= GC_NUM_GENERATIONS; g++) {
        struct gc_head *head = g < GC_NUM_GENERATIONS ? &in->generations[g].head : &in->permanent;
        for (struct gc_head *h = gc_next(head); h != head; h = gc_next(h))
            if (h == target)
                return g;
    }
    return -1;
}

static void print_generations(const char *when)
{
    struct interp *in = interp_current();
    long count[GC_NUM_GENERATIONS];
    gc_get_count(count);
    kprintf("  %s: objects per generation %ld / %ld / %ld, counts %ld / %ld / %ld\n", when,
            gc_list_size(&in->generations[0].head), gc_list_size(&in->generations[1].head),
            gc_list_size(&in->generations[2].head), count[0], count[1], count[2]);
}

/* ---- refcount ------------------------------------------------------------------------------- */

static struct {
    bool finalized, weakref_called;
    uint64_t freed_at;
} refdemo;

static void demo_finalizer(object_t *self)
{
    (void)self;
    refdemo.freed_at = platform_cycles();
    refdemo.finalized = true;
    kprintf("    -> finalizer of Demo runs (refcount reached zero)\n");
}

static void demo_weakref_callback(object_t *ref, void *arg)
{
    (void)ref, (void)arg;
    refdemo.weakref_called = true;
    kprintf("    -> weakref callback: the Demo instance is gone\n");
}

static int run_demo_refcount(int argc, char **argv)
{
    (void)argc, (void)argv;
    size_t heap0 = heap_in_use();
    long objects0 = census_total();
    refdemo.finalized = refdemo.weakref_called = false;

    kprintf("demo refcount: an object is freed the moment its reference count reaches zero\n");
    class_t *cls = class_new("Demo", demo_finalizer);
    object_t *holder = list_new();
    object_t *x = cls ? instance_new(cls) : NULL;
    object_t *wr = x ? weakref_new(x, demo_weakref_callback, NULL) : NULL;
    if (!cls || !holder || !x || !wr) {
        XDECREF(wr);
        XDECREF(x);
        XDECREF(holder);
        if (cls)
            decref(class_as_object(cls));
        return shell_error("out of memory setting up");
    }
    size_t heap1 = heap_in_use();
    kprintf("1. x = Demo(): refcount %ld; instances alive: %ld; heap in use %lu -> %lu bytes\n",
            (long)refcount(x), census_objects("instance"), (unsigned long)heap0, (unsigned long)heap1);
    if (list_append(holder, x) < 0)
        kprintf("   (out of memory appending; the steps below still hold)\n");
    kprintf("2. holder.append(x): refcount %ld (the list holds a reference)\n", (long)refcount(x));
    DECREF(x);
    kprintf("3. del x: refcount %ld; weakref still resolves: %s\n",
            list_len(holder) ? (long)refcount(list_get(holder, 0)) : 0L,
            weakref_get(wr) ? "yes" : "no");
    kprintf("4. holder.clear(): drops the last reference...\n");
    struct gc_stats stats0[GC_NUM_GENERATIONS], stats1[GC_NUM_GENERATIONS];
    gc_get_stats(stats0);
    uint64_t t0 = platform_cycles();
    list_clear(holder);
    uint64_t t1 = platform_cycles();
    kprintf("   inside that call (%lu cycles in all): the finalizer %s %lu cycles after it began, "
            "the weakref callback %s;\n   weakref now resolves: %s; instances alive: %ld\n",
            (unsigned long)(t1 - t0), refdemo.finalized ? "ran" : "did NOT run",
            (unsigned long)(refdemo.finalized ? refdemo.freed_at - t0 : 0),
            refdemo.weakref_called ? "ran" : "did NOT run", weakref_get(wr) ? "yes" : "no",
            census_objects("instance"));
    gc_get_stats(stats1);
    long collections = 0;
    for (int g = 0; g < GC_NUM_GENERATIONS; g++)
        collections += stats1[g].collections - stats0[g].collections;
    kprintf("   collections meanwhile: %ld (refcounting alone freed it)\n", collections);
    DECREF(wr);
    DECREF(holder);
    decref(class_as_object(cls));
    kprintf("result: %s\n", refdemo.finalized && refdemo.weakref_called
                                 ? "freed at refcount zero" : "NOT freed at refcount zero");
    print_leftovers(objects0, heap0);
    return refdemo.finalized && refdemo.weakref_called ? SHELL_OK : SHELL_ERR;
}

/* ---- cycle ---------------------------------------------------------------------------------- */

struct refs_set {
    object_t *objects[2];
    long gc_refs[2];
};

static int subtract_visit(object_t *referent, void *arg)
{
    struct refs_set *set = arg;
    for (int i = 0; i < 2; i++)
        if (set->objects[i] == referent)
            set->gc_refs[i]--;
    return 0;
}

static int run_demo_cycle(int argc, char **argv)
{
    (void)argc, (void)argv;
    size_t heap0 = heap_in_use();
    long objects0 = census_total();
    kprintf("demo cycle: a list that contains itself is never freed by refcounting; the cycle\n"
            "collector finds it\n");
    gc_collect(0);
    kprintf("0. gc collect 0 first, so generation 0 holds only what this demo makes\n");
    long lists0 = census_objects("list");

    object_t *a = list_new(), *kept = list_new();
    if (!a || !kept || list_append(a, a) < 0 || list_append(kept, kept) < 0) {
        if (a)
            list_clear(a);
        if (kept)
            list_clear(kept);
        XDECREF(a);
        XDECREF(kept);
        return shell_error("out of memory setting up");
    }
    kprintf("1. a = []; a.append(a): refcount(a) = %ld (our reference + its own)\n"
            "   kept = []; kept.append(kept): refcount(kept) = %ld, and we keep our reference\n",
            (long)refcount(a), (long)refcount(kept));
    DECREF(a);
    kprintf("2. del a: refcount(a) = %ld, never zero: refcounting alone cannot free it "
            "(lists alive: %ld, were %ld)\n", (long)refcount(a), census_objects("list"), lists0);

    struct refs_set set = {{a, kept}, {refcount(a), refcount(kept)}};
    kprintf("3. what the collector computes:\n"
            "   update_refs:   gc_refs(a) = %ld, gc_refs(kept) = %ld (copies of the refcounts)\n",
            set.gc_refs[0], set.gc_refs[1]);
    for (int i = 0; i < 2; i++)
        set.objects[i]->type->traverse(set.objects[i], subtract_visit, &set);
    kprintf("   subtract_refs: gc_refs(a) = %ld, gc_refs(kept) = %ld (minus references from "
            "containers in the set)\n", set.gc_refs[0], set.gc_refs[1]);
    kprintf("   so a is %s (only referenced from inside the set) and kept is %s (a reference "
            "from outside)\n", set.gc_refs[0] == 0 ? "unreachable" : "reachable",
            set.gc_refs[1] > 0 ? "reachable" : "unreachable");

    kprintf("4. gc collect 0:\n   ");
    long found = gc_collect(0);
    struct gc_collection_info info;
    gc_last_collection(&info);
    gc_print_collection(&info);
    long lists1 = census_objects("list");
    int kept_gen = generation_of(kept);
    kprintf("   lists alive: %ld (were %ld before a was made); kept: refcount %ld, now in "
            "generation %d (survivors are promoted)\n", lists1, lists0, (long)refcount(kept),
            kept_gen);
    list_clear(kept);
    DECREF(kept);
    bool ok = found >= 1 && info.freed >= 1 && lists1 == lists0 + 1;
    kprintf("result: %s: unreachable %ld, freed %ld\n",
            ok ? "cycle found and freed by the collector" : "cycle NOT freed", info.unreachable,
            info.freed);
    print_leftovers(objects0, heap0);
    return ok ? SHELL_OK : SHELL_ERR;
}

/* ---- generations ---------------------------------------------------------------------------- */

static int run_demo_generations(int argc, char **argv)
{
    (void)argc, (void)argv;
    long saved_threshold[GC_NUM_GENERATIONS];
    struct gc_stats before[GC_NUM_GENERATIONS], after[GC_NUM_GENERATIONS];
    bool saved_enabled = gc_isenabled();
    unsigned saved_debug = gc_get_debug();
    size_t heap0 = heap_in_use();
    long objects0 = census_total();
    int result = SHELL_OK;

    gc_get_threshold(saved_threshold);
    kprintf("demo generations: young objects are collected often, survivors move to older\n"
            "generations that are collected rarely (thresholds now %ld/%ld/%ld)\n",
            saved_threshold[0], saved_threshold[1], saved_threshold[2]);
    gc_collect(2);
    object_t *keep = list_new();
    if (!keep)
        return shell_error("out of memory setting up");
    gc_set_threshold(GEN_DEMO_THRESHOLD0, GEN_DEMO_THRESHOLD1, saved_threshold[2]);
    gc_set_debug(saved_debug | GC_DEBUG_STATS);
    gc_enable();
    gc_get_stats(before);
    kprintf("0. full collection first; thresholds set to %d/%d/%ld and a line per collection:\n"
            "   a generation-0 collection starts when allocations minus deallocations exceed %d;\n"
            "   generation 1 is collected every %d generation-0 collections\n",
            GEN_DEMO_THRESHOLD0, GEN_DEMO_THRESHOLD1, saved_threshold[2], GEN_DEMO_THRESHOLD0,
            GEN_DEMO_THRESHOLD1);
    print_generations("start");
    for (int round = 1; round <= GEN_DEMO_ROUNDS && !shell_interrupted(); round++) {
        kprintf("%d. make %d lists; 1 in %d is kept, the rest are self-cycles (garbage):\n", round,
                GEN_DEMO_PER_ROUND, GEN_DEMO_KEEP_EVERY);
        for (int i = 0; i < GEN_DEMO_PER_ROUND; i++) {
            object_t *l = list_new();
            if (!l) {
                result = shell_error("out of memory in round %d", round);
                break;
            }
            if (i % GEN_DEMO_KEEP_EVERY == 0)
                list_append(keep, l);
            else
                list_append(l, l);
            DECREF(l);
        }
        print_generations("after");
    }
    gc_get_stats(after);
    long survivors = (long)list_len(keep);
    int where[GC_NUM_GENERATIONS + 1] = {0};
    for (long i = 0; i < survivors; i++) {
        int g = generation_of(list_get(keep, (size_t)i));
        if (g >= 0)
            where[g]++;
    }
    kprintf("collections during the demo: generation 0: %ld, generation 1: %ld, generation 2: %ld\n",
            after[0].collections - before[0].collections,
            after[1].collections - before[1].collections,
            after[2].collections - before[2].collections);
    kprintf("the %ld kept lists now live in generation 0: %d, 1: %d, 2: %d (older = survived more)\n",
            survivors, where[0], where[1], where[2]);

    gc_set_threshold(saved_threshold[0], saved_threshold[1], saved_threshold[2]);
    gc_set_debug(saved_debug);
    if (!saved_enabled)
        gc_disable();
    DECREF(keep);
    gc_collect(2);
    kprintf("result: young collected most often; settings restored\n");
    print_leftovers(objects0, heap0);
    return result;
}

static const struct shell_command demos[] = {
    {"refcount", "", "an object is freed the moment its count reaches zero", NULL, 0, 0,
     run_demo_refcount, NULL},
    {"cycle", "", "a self-referencing list: gc_refs before/after subtract_refs; collected", NULL,
     0, 0, run_demo_cycle, NULL},
    {"generations", "", "young objects collected often, survivors promoted", NULL, 0, 0,
     run_demo_generations, NULL},
    {"gil", "[N]", "N threads on N CPUs, one GIL: a timeline of who held it",
     "  N is 1 to the CPUs online (at most 4; default all). Runs 100 ms.", 0, 1, run_demo_gil,
     NULL},
    {"interp", "", "one interpreter per CPU: all threads advance at once", NULL, 0, 0,
     run_demo_interp, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL},
};

SHELL_COMMAND(cmd_demo, 150) = {
    "demo", "NAME", "guided demonstrations, step by step with real numbers",
    "  Each demo leaves the collector's settings as it found them and frees what it made.", 0, 0,
    NULL, demos,
};
