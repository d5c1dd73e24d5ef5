/*
 * vm/mod_gc.c - the gc module (Modules/gcmodule.c's Python interface) over gc/gc.h: every
 * function of CPython 3.11's gc module, the DEBUG_* constants, gc.garbage and gc.callbacks.
 *
 * gc.callbacks is a Python list the program may change at any time; one C callback registered
 * with the collector calls whatever the list holds, with CPython's (phase, info) arguments.
 */
#include "vm/builtin.h"
#include "vm/thread.h"
#include "vm/vm.h"

#define GCFN(name) \
    static object_t *gcm_##name(object_t *self, object_t *const *args, size_t nargs, \
                                object_t *kwnames)

static object_t *callbacks_list;

GCFN(collect)
{
    (void)self;
    static const char *const names[] = {"generation", NULL};
    object_t *argv[1];
    if (vm_parse_args("collect", args, nargs, kwnames, names, 0, argv) < 0)
        return NULL;
    intptr_t gen = 2;
    if (argv[0] && vm_index_ssize(argv[0], &gen) < 0)
        return NULL;
    if (gen < 0 || gen > 2)
        return vm_err_format(exc_ValueError, "invalid generation");
    object_t *saved = vm_err_fetch(); /* callbacks and finalizers run with a clean slate */
    long n = gc_collect((int)gen);
    vm_err_restore(saved);
    return int_from_i64(n);
}

GCFN(enable)
{
    (void)self;
    (void)args;
    if (vm_check_args("enable", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_enable();
    return vm_none_ref();
}

GCFN(disable)
{
    (void)self;
    (void)args;
    if (vm_check_args("disable", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_disable();
    return vm_none_ref();
}

GCFN(isenabled)
{
    (void)self;
    (void)args;
    if (vm_check_args("isenabled", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return vm_bool(gc_isenabled());
}

static object_t *triple(const long v[3])
{
    object_t *a = int_from_i64(v[0]), *b = int_from_i64(v[1]), *c = int_from_i64(v[2]);
    object_t *t = a && b && c ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return t;
}

GCFN(get_count)
{
    (void)self;
    (void)args;
    long c[3];
    if (vm_check_args("get_count", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_get_count(c);
    return triple(c);
}

GCFN(get_threshold)
{
    (void)self;
    (void)args;
    long t[3];
    if (vm_check_args("get_threshold", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_get_threshold(t);
    return triple(t);
}

GCFN(set_threshold)
{
    (void)self;
    long t[3];
    if (vm_check_args("set_threshold", nargs, kwnames, 1, 3) < 0)
        return NULL;
    gc_get_threshold(t);
    for (size_t i = 0; i < nargs; i++) {
        int64_t v;
        if (!IS_INT(args[i]))
            return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an "
                                                "integer", args[i]->type->name);
        if (int_to_i64(args[i], &v) < 0)
            return NULL;
        t[i] = (long)v;
    }
    gc_set_threshold(t[0], t[1], t[2]);
    return vm_none_ref();
}

GCFN(get_stats)
{
    (void)self;
    (void)args;
    struct gc_stats st[3];
    if (vm_check_args("get_stats", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_get_stats(st);
    object_t *l = list_new();
    if (!l)
        return vm_err_nomemory();
    for (int g = 0; g < 3; g++) {
        object_t *d = dict_new();
        if (!d || dict_store_cstr_steal(d, "collections", int_from_i64(st[g].collections)) < 0 ||
            dict_store_cstr_steal(d, "collected", int_from_i64(st[g].collected)) < 0 ||
            dict_store_cstr_steal(d, "uncollectable", int_from_i64(st[g].uncollectable)) < 0 ||
            list_append_checked(l, d) < 0) {
            XDECREF(d);
            decref(l);
            return NULL;
        }
        decref(d);
    }
    return l;
}

GCFN(get_objects)
{
    (void)self;
    static const char *const names[] = {"generation", NULL};
    object_t *argv[1];
    if (vm_parse_args("get_objects", args, nargs, kwnames, names, 0, argv) < 0)
        return NULL;
    intptr_t gen = -1;
    if (argv[0] && argv[0] != None) {
        if (vm_index_ssize(argv[0], &gen) < 0)
            return NULL;
        if (gen >= 3)
            return vm_err_format(exc_ValueError, "generation parameter must be less than the "
                                                 "number of available generations (3)");
        if (gen < 0)
            return vm_err_format(exc_ValueError, "generation parameter cannot be negative");
    }
    object_t *l = gc_get_objects((int)gen);
    return l ? l : vm_err_nomemory();
}

static object_t *for_each_arg(object_t *const *args, size_t nargs,
                              object_t *(*fn)(object_t *))
{
    object_t *all = list_new();
    if (!all)
        return vm_err_nomemory();
    for (size_t i = 0; i < nargs; i++) {
        object_t *part = fn(args[i]);
        if (!part || list_extend(all, part) < 0) {
            XDECREF(part);
            decref(all);
            return part ? NULL : vm_err_nomemory();
        }
        decref(part);
    }
    return all;
}

GCFN(get_referrers)
{
    (void)self;
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "get_referrers() takes no keyword arguments");
    return for_each_arg(args, nargs, gc_get_referrers);
}

GCFN(get_referents)
{
    (void)self;
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "get_referents() takes no keyword arguments");
    return for_each_arg(args, nargs, gc_get_referents);
}

GCFN(is_tracked)
{
    (void)self;
    if (vm_check_args("is_tracked", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return vm_bool(gc_is_tracked(args[0]));
}

GCFN(is_finalized)
{
    (void)self;
    if (vm_check_args("is_finalized", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return vm_bool(gc_is_finalized(args[0]));
}

GCFN(freeze)
{
    (void)self;
    (void)args;
    if (vm_check_args("freeze", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_freeze();
    return vm_none_ref();
}

GCFN(unfreeze)
{
    (void)self;
    (void)args;
    if (vm_check_args("unfreeze", nargs, kwnames, 0, 0) < 0)
        return NULL;
    gc_unfreeze();
    return vm_none_ref();
}

GCFN(get_freeze_count)
{
    (void)self;
    (void)args;
    if (vm_check_args("get_freeze_count", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return int_from_i64(gc_get_freeze_count());
}

GCFN(set_debug)
{
    (void)self;
    int64_t v;
    if (vm_check_args("set_debug", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_INT(args[0]))
        return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             args[0]->type->name);
    if (int_to_i64(args[0], &v) < 0)
        return NULL;
    gc_set_debug((unsigned)v);
    return vm_none_ref();
}

GCFN(get_debug)
{
    (void)self;
    (void)args;
    if (vm_check_args("get_debug", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return int_from_i64(gc_get_debug());
}

static const struct method_def gc_functions[] = {
    {"collect", gcm_collect, 0},
    {"enable", gcm_enable, 0},
    {"disable", gcm_disable, 0},
    {"isenabled", gcm_isenabled, 0},
    {"get_count", gcm_get_count, 0},
    {"get_threshold", gcm_get_threshold, 0},
    {"set_threshold", gcm_set_threshold, 0},
    {"get_stats", gcm_get_stats, 0},
    {"get_objects", gcm_get_objects, 0},
    {"get_referrers", gcm_get_referrers, 0},
    {"get_referents", gcm_get_referents, 0},
    {"is_tracked", gcm_is_tracked, 0},
    {"is_finalized", gcm_is_finalized, 0},
    {"freeze", gcm_freeze, 0},
    {"unfreeze", gcm_unfreeze, 0},
    {"get_freeze_count", gcm_get_freeze_count, 0},
    {"set_debug", gcm_set_debug, 0},
    {"get_debug", gcm_get_debug, 0},
    {NULL, NULL, 0},
};

/* The collector's callback: call everything in gc.callbacks (a snapshot, as CPython does). */
static void run_callbacks(const char *phase, int generation, long collected, long uncollectable,
                          void *arg)
{
    (void)arg;
    if (!callbacks_list || list_size(callbacks_list) == 0)
        return;
    object_t *saved = vm_err_fetch();
    object_t *snapshot = list_from_array(list_items_of(callbacks_list),
                                         list_size(callbacks_list));
    object_t *info = dict_new();
    object_t *ph = str_from_cstr(phase);
    if (snapshot && info && ph &&
        dict_store_cstr_steal(info, "generation", int_from_i64(generation)) == 0 &&
        dict_store_cstr_steal(info, "collected", int_from_i64(collected)) == 0 &&
        dict_store_cstr_steal(info, "uncollectable", int_from_i64(uncollectable)) == 0) {
        for (size_t i = 0; i < list_size(snapshot); i++) {
            object_t *r = vm_call2(list_items_of(snapshot)[i], ph, info);
            if (!r)
                vm_print_unraisable("Exception ignored in garbage collector callback",
                                    list_items_of(snapshot)[i]);
            XDECREF(r);
        }
    }
    XDECREF(snapshot);
    XDECREF(info);
    XDECREF(ph);
    vm_err_clear();
    vm_err_restore(saved);
}

static bool callback_registered;

object_t *vm_module_gc(void)
{
    object_t *m = module_new("gc");
    if (!m)
        return NULL;
    if (module_add_functions(m, gc_functions) < 0)
        goto fail;
    static const struct {
        const char *name;
        int value;
    } consts[] = {
        {"DEBUG_STATS", GC_DEBUG_STATS}, {"DEBUG_COLLECTABLE", 2}, {"DEBUG_UNCOLLECTABLE", 4},
        {"DEBUG_SAVEALL", GC_DEBUG_SAVEALL}, {"DEBUG_LEAK", 2 | 4 | GC_DEBUG_SAVEALL},
    };
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
        if (module_add_object(m, consts[i].name, int_from_i64(consts[i].value)) < 0)
            goto fail;
    object_t *garbage = gc_garbage();
    if (!garbage)
        goto fail;
    incref(garbage);
    if (module_add_object(m, "garbage", garbage) < 0)
        goto fail;
    XDECREF(callbacks_list);
    callbacks_list = list_new();
    if (!callbacks_list)
        goto fail;
    incref(callbacks_list);
    if (module_add_object(m, "callbacks", callbacks_list) < 0)
        goto fail;
    if (!callback_registered && gc_callback_add(run_callbacks, NULL) == 0)
        callback_registered = true;
    return m;
fail:
    decref(m);
    return NULL;
}

void vm_gc_module_release(void)
{
    CLEAR_REF(callbacks_list);
    object_t *garbage = gc_garbage();
    if (garbage)
        list_clear(garbage);
}
