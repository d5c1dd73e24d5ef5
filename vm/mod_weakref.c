/*
 * vm/mod_weakref.c - weak references for Python (Objects/weakrefobject.c, Modules/_weakref.c):
 * gc/'s weakref type gets Python's behaviour (call it to get the target or None, hash and ==
 * through the target, a callback called with the weakref when the target dies), and the
 * _weakref module that py/lib/weakref.py builds finalize and WeakValueDictionary on.
 *
 * A Python callback is held in the weakref's callback_obj (a strong, traversed reference, as
 * CPython's wr_callback); gc/'s C callback slot points at the trampoline that calls it. gc/
 * decides when callbacks run (never for a weakref that is itself garbage in the same
 * collection, CPython's handle_weakrefs rule).
 */
#include "vm/builtin.h"
#include "vm/thread.h"

static void call_python_callback(object_t *ref, void *arg)
{
    (void)arg;
    struct weakref_object *wr = (struct weakref_object *)ref;
    object_t *cb = wr->callback_obj;
    if (!cb)
        return;
    incref(cb);
    object_t *saved = vm_err_fetch();
    object_t *r = vm_call1(cb, ref);
    if (!r)
        vm_print_unraisable("Exception ignored in", cb);
    XDECREF(r);
    decref(cb);
    vm_err_restore(saved);
}

static object_t *weakref_make(object_t *target, object_t *callback)
{
    if (!(target->type->flags & TYPE_FLAG_WEAKREFABLE))
        return vm_err_format(exc_TypeError, "cannot create weak reference to '%s' object",
                             target->type->name);
    if (callback == None)
        callback = NULL;
    object_t *wr = weakref_new(target, callback ? call_python_callback : NULL, NULL);
    if (!wr)
        return vm_err_nomemory();
    if (callback) {
        incref(callback);
        ((struct weakref_object *)wr)->callback_obj = callback;
    }
    return wr;
}

static object_t *ref_new(struct type *t, object_t *const *args, size_t nargs,
                         object_t *kwnames)
{
    (void)t;
    if (vm_check_args("ref", nargs, kwnames, 1, 2) < 0)
        return NULL;
    /* CPython shares one callback-less weakref per target; so do we */
    if (nargs == 1 || args[1] == None) {
        struct weakref_object *w = *weaklist_of(args[0]);
        if ((args[0]->type->flags & TYPE_FLAG_WEAKREFABLE))
            for (; w; w = w->next_ref)
                if (!w->callback_obj && !w->callback && w->ob.type == &weakref_type) {
                    incref(&w->ob);
                    return &w->ob;
                }
    }
    return weakref_make(args[0], nargs > 1 ? args[1] : NULL);
}

static object_t *ref_call(object_t *self, object_t *const *args, size_t nargs,
                          object_t *kwnames)
{
    (void)args;
    if (vm_check_args("weakref", nargs, kwnames, 0, 0) < 0)
        return NULL;
    object_t *t = ((struct weakref_object *)self)->target;
    t = t ? t : None;
    incref(t);
    return t;
}

static object_t *ref_repr(object_t *self)
{
    object_t *t = ((struct weakref_object *)self)->target;
    if (!t)
        return str_format_c("<weakref at %p; dead>", (void *)self);
    return str_format_c("<weakref at %p; to '%s' at %p>", (void *)self, t->type->name,
                        (void *)t);
}

static int64_t ref_hash(object_t *self)
{
    object_t *t = ((struct weakref_object *)self)->target;
    if (!t) {
        vm_err_format(exc_TypeError, "weak object has gone away");
        return -1;
    }
    return vm_hash(t);
}

static object_t *ref_richcompare(object_t *a, object_t *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || b->type != &weakref_type) {
        incref(NotImplemented);
        return NotImplemented;
    }
    object_t *x = ((struct weakref_object *)a)->target, *y = ((struct weakref_object *)b)->target;
    if (!x || !y)
        return vm_bool((a == b) == (op == CMP_EQ));
    return vm_richcompare(x, y, op);
}

static object_t *ref_get_callback(object_t *self)
{
    object_t *cb = ((struct weakref_object *)self)->callback_obj;
    cb = cb ? cb : None;
    incref(cb);
    return cb;
}

static const struct member_def ref_members[] = {
    {"__callback__", ref_get_callback, NULL},
    {NULL, NULL, NULL},
};

void vm_weakref_init(void)
{
    weakref_type.name = "weakref.ReferenceType";
    weakref_type.newfunc = ref_new;
    weakref_type.call = ref_call;
    weakref_type.repr = ref_repr;
    weakref_type.hash = ref_hash;
    weakref_type.richcompare = ref_richcompare;
    weakref_type.members = ref_members;
}

static object_t *wr_getweakrefcount(object_t *self, object_t *const *args, size_t nargs,
                                    object_t *kwnames)
{
    (void)self;
    if (vm_check_args("getweakrefcount", nargs, kwnames, 1, 1) < 0)
        return NULL;
    long n = 0;
    if (args[0]->type->flags & TYPE_FLAG_WEAKREFABLE)
        for (struct weakref_object *w = *weaklist_of(args[0]); w; w = w->next_ref)
            n++;
    return int_from_i64(n);
}

static object_t *wr_getweakrefs(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kwnames)
{
    (void)self;
    if (vm_check_args("getweakrefs", nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *l = list_new();
    if (!l)
        return vm_err_nomemory();
    if (args[0]->type->flags & TYPE_FLAG_WEAKREFABLE)
        for (struct weakref_object *w = *weaklist_of(args[0]); w; w = w->next_ref)
            if (list_append_checked(l, &w->ob) < 0) {
                decref(l);
                return NULL;
            }
    return l;
}

static const struct method_def weakref_functions[] = {
    {"getweakrefcount", wr_getweakrefcount, 0},
    {"getweakrefs", wr_getweakrefs, 0},
    {NULL, NULL, 0},
};

object_t *vm_module_weakref(void)
{
    object_t *m = module_new("_weakref");
    if (!m)
        return NULL;
    incref(&weakref_type.ob);
    incref(&weakref_type.ob);
    if (module_add_functions(m, weakref_functions) < 0 ||
        module_add_object(m, "ref", &weakref_type.ob) < 0 ||
        module_add_object(m, "ReferenceType", &weakref_type.ob) < 0) {
        decref(m);
        return NULL;
    }
    return m;
}
