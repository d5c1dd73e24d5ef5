/*
 * gc/control.c - the gc module's interface (gc/gc.h) over the current interpreter: collect,
 * enable/disable, counts, thresholds, stats, freeze, debug flags, gc.garbage, callbacks,
 * get_objects/referrers/referents, and the GC_DEBUG_STATS line (Modules/gcmodule.c's gc_*_impl).
 */
#include "gc/interp.h"
#include "gc/types.h"

long gc_collect(int generation)
{
    struct interp *in = interp_current();
    long n;

    if (generation < 0 || generation >= GC_NUM_GENERATIONS)
        return -1;
    if (in->collecting)
        return 0; /* already collecting: don't do anything (as CPython) */
    in->collecting = true;
    n = gc_collect_main_locked(in, generation);
    in->collecting = false;
    return n;
}

void gc_enable(void)
{
    interp_current()->enabled = true;
}

void gc_disable(void)
{
    interp_current()->enabled = false;
}

bool gc_isenabled(void)
{
    return interp_current()->enabled;
}

void gc_get_count(long count[3])
{
    struct interp *in = interp_current();
    for (int i = 0; i < GC_NUM_GENERATIONS; i++)
        count[i] = in->generations[i].count;
}

void gc_set_threshold(long t0, long t1, long t2)
{
    struct interp *in = interp_current();
    in->generations[0].threshold = t0;
    in->generations[1].threshold = t1;
    in->generations[2].threshold = t2;
}

void gc_get_threshold(long t[3])
{
    struct interp *in = interp_current();
    for (int i = 0; i < GC_NUM_GENERATIONS; i++)
        t[i] = in->generations[i].threshold;
}

bool gc_is_tracked(object_t *o)
{
    return object_is_gc(o) && gc_tracked(o);
}

bool gc_is_finalized(object_t *o)
{
    return object_is_gc(o) && (as_gc(o)->prev & GC_PREV_FINALIZED);
}

void gc_get_stats(struct gc_stats out[3])
{
    struct interp *in = interp_current();
    for (int i = 0; i < GC_NUM_GENERATIONS; i++)
        out[i] = in->stats[i];
}

static void set_generation(struct gc_head *list, unsigned gen)
{
    for (struct gc_head *g = gc_next(list); g != list; g = gc_next(g))
        gc_set_gen(g, gen);
}

/* gc.freeze: everything tracked now moves to the permanent generation, ignored by collections.
 * O(objects), where CPython's is O(1): each header names its generation (gc/gchead.h). */
void gc_freeze(void)
{
    struct interp *in = interp_current();
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        set_generation(&in->generations[i].head, GC_GEN_PERMANENT);
        gc_list_merge(&in->generations[i].head, &in->permanent);
        in->generations[0].count = 0;
    }
}

void gc_unfreeze(void)
{
    struct interp *in = interp_current();
    set_generation(&in->permanent, GC_NUM_GENERATIONS - 1);
    gc_list_merge(&in->permanent, &in->generations[GC_NUM_GENERATIONS - 1].head);
}

long gc_get_freeze_count(void)
{
    return gc_list_size(&interp_current()->permanent);
}

void gc_set_debug(unsigned flags)
{
    interp_current()->debug = flags;
}

unsigned gc_get_debug(void)
{
    return interp_current()->debug;
}

void gc_set_debug_sink(gc_debug_sink_fn sink, void *arg)
{
    struct interp *in = interp_current();
    in->debug_sink = sink;
    in->debug_sink_arg = arg;
}

object_t *gc_garbage(void)
{
    struct interp *in = interp_current();
    if (!in->garbage)
        in->garbage = list_new();
    return in->garbage;
}

int gc_callback_add(gc_callback_fn cb, void *arg)
{
    struct interp *in = interp_current();
    if (in->ncallbacks == GC_MAX_CALLBACKS)
        return -1;
    in->callbacks[in->ncallbacks].fn = cb;
    in->callbacks[in->ncallbacks].arg = arg;
    in->ncallbacks++;
    return 0;
}

int gc_callback_remove(gc_callback_fn cb, void *arg)
{
    struct interp *in = interp_current();
    for (int i = 0; i < in->ncallbacks; i++) {
        if (in->callbacks[i].fn == cb && in->callbacks[i].arg == arg) {
            memmove(&in->callbacks[i], &in->callbacks[i + 1],
                    (size_t)(in->ncallbacks - i - 1) * sizeof in->callbacks[0]);
            in->ncallbacks--;
            return 0;
        }
    }
    return -1;
}

/*
 * get_objects, get_referrers and get_referents append to their result while they walk the
 * generation lists or an object's references. Growing the result may run a collection when
 * memory is short (gc_collect_for_memory), which would move objects between the lists under the
 * walk; marking the interpreter as collecting for the walk forbids that, and the append then
 * fails cleanly (NULL for the caller) instead.
 */
static bool walk_begin(struct interp *in)
{
    bool was = in->collecting;
    in->collecting = true;
    return was;
}

static void walk_end(struct interp *in, bool was)
{
    in->collecting = was;
}

/* Append the members of list (except result itself) to result; -1 without memory. */
static int append_objects(object_t *result, struct gc_head *list)
{
    for (struct gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
        object_t *op = from_gc(g);
        if (op != result && list_append(result, op) < 0)
            return -1;
    }
    return 0;
}

object_t *gc_get_objects(int generation)
{
    struct interp *in = interp_current();
    object_t *result;

    if (generation < -1 || generation >= GC_NUM_GENERATIONS)
        return NULL;
    result = list_new();
    if (!result)
        return NULL;
    bool was = walk_begin(in);
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        if ((generation == -1 || generation == i) &&
            append_objects(result, &in->generations[i].head) < 0) {
            walk_end(in, was);
            decref(result);
            return NULL;
        }
    }
    walk_end(in, was);
    return result;
}

static int visit_is_target(object_t *op, void *target)
{
    return op == target;
}

object_t *gc_get_referrers(object_t *o)
{
    struct interp *in = interp_current();
    object_t *result = list_new();

    if (!result)
        return NULL;
    bool was = walk_begin(in);
    for (int i = 0; i < GC_NUM_GENERATIONS; i++) {
        struct gc_head *list = &in->generations[i].head;
        for (struct gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
            object_t *op = from_gc(g);
            if (op == result)
                continue;
            if (op->type->traverse(op, visit_is_target, o) && list_append(result, op) < 0) {
                walk_end(in, was);
                decref(result);
                return NULL;
            }
        }
    }
    walk_end(in, was);
    return result;
}

static int visit_append(object_t *op, void *result)
{
    return list_append(result, op) < 0 ? -1 : 0;
}

object_t *gc_get_referents(object_t *o)
{
    struct interp *in = interp_current();
    object_t *result = list_new();
    bool was;
    int failed;

    if (!result)
        return NULL;
    was = walk_begin(in);
    failed = object_is_gc(o) && o->type->traverse(o, visit_append, result) != 0;
    walk_end(in, was);
    if (failed) {
        decref(result);
        return NULL;
    }
    return result;
}

static uint64_t pause_us(const struct gc_collection_info *info)
{
    uint64_t mhz = platform_tsc_hz() / 1000000;
    return info->pause_cycles / (mhz ? mhz : 1);
}

void gc_last_collection(struct gc_collection_info *out)
{
    *out = interp_current()->last;
    out->pause_us = pause_us(out);
}

int gc_format_collection(const struct gc_collection_info *info, char *buf, size_t len)
{
    return platform_snprintf(buf, len, "gc: gen %d examined %ld/%ld/%ld unreachable %ld finalized "
                             "%ld resurrected %ld freed %ld pause %lu us\n",
                             info->generation, info->examined[0], info->examined[1],
                             info->examined[2], info->unreachable, info->finalized,
                             info->resurrected, info->freed, (unsigned long)pause_us(info));
}

void gc_print_collection(const struct gc_collection_info *info)
{
    char line[GC_DEBUG_LINE_MAX];
    gc_format_collection(info, line, sizeof line);
    platform_log("%s", line);
}
