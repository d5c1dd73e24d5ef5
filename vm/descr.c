/*
 * vm/descr.c - descriptors of built-in types (Objects/descrobject.c): method descriptors
 * (list.append), member descriptors (a getter/setter pair), and slot wrappers (int.__add__,
 * object.__init__) that call a static type's C slot.
 *
 * A descriptor found on the type through an instance binds: method descriptors to a builtin
 * function with self, slot wrappers to a "method-wrapper" (here also a builtin function with
 * self). They are atomic objects (they reference only static data and their type, which lives
 * forever), so they are not tracked.
 */
#include "vm/builtin.h"
#include "vm/slots.h"

struct method_descr {
    struct object ob;
    struct type *owner;
    const struct method_def *def;
};

struct member_descr {
    struct object ob;
    struct type *owner;
    const struct member_def *def;
};

static void descr_dealloc(object_t *o)
{
    object_free(o, o->type->basic_size);
}

object_t *method_descr_new(struct type *t, const struct method_def *m)
{
    if (m->flags & METH_STATIC) {
        object_t *f = builtin_function_new(m, NULL);
        if (!f)
            return NULL;
        struct wrapper_object *w =
            (struct wrapper_object *)gc_alloc(&staticmethod_type, sizeof *w);
        if (!w) {
            decref(f);
            return vm_err_nomemory();
        }
        w->callable = f;
        w->dict = NULL;
        gc_track(&w->ob);
        return &w->ob;
    }
    struct method_descr *d =
        (struct method_descr *)object_alloc(&method_descr_type, sizeof *d);
    if (!d)
        return vm_err_nomemory();
    d->owner = t;
    d->def = m;
    return &d->ob;
}

static object_t *method_descr_get(object_t *descr, object_t *obj, object_t *type)
{
    struct method_descr *d = (struct method_descr *)descr;
    if (d->def->flags & METH_CLASS)
        return builtin_function_new(d->def, obj ? (object_t *)obj->type : type);
    if (!obj) {
        incref(descr);
        return descr;
    }
    if (!type_is_subtype(obj->type, d->owner))
        return vm_err_format(exc_TypeError,
                             "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                             d->def->name, d->owner->name, obj->type->name);
    return builtin_function_new(d->def, obj);
}

/* Calling the unbound descriptor: list.append(l, x). */
static object_t *method_descr_call(object_t *descr, object_t *const *args, size_t nargs,
                                   object_t *kwnames)
{
    struct method_descr *d = (struct method_descr *)descr;
    if (d->def->flags & METH_CLASS)
        return d->def->fn((object_t *)d->owner, args, nargs, kwnames);
    if (nargs < 1)
        return vm_err_format(exc_TypeError, "unbound method %s.%s() needs an argument",
                             d->owner->name, d->def->name);
    if (!type_is_subtype(args[0]->type, d->owner))
        return vm_err_format(exc_TypeError,
                             "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                             d->def->name, d->owner->name, args[0]->type->name);
    return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static object_t *method_descr_repr(object_t *o)
{
    struct method_descr *d = (struct method_descr *)o;
    return str_format_c("<method '%s' of '%s' objects>", d->def->name, d->owner->name);
}

struct type method_descr_type = {
    .name = "method_descriptor",
    .basic_size = sizeof(struct method_descr),
    .dealloc = descr_dealloc,
    .descr_get = method_descr_get,
    .call = method_descr_call,
    .repr = method_descr_repr,
};

object_t *member_descr_new(struct type *t, const struct member_def *m)
{
    struct member_descr *d =
        (struct member_descr *)object_alloc(&member_descr_type, sizeof *d);
    if (!d)
        return vm_err_nomemory();
    d->owner = t;
    d->def = m;
    return &d->ob;
}

static object_t *member_get(object_t *descr, object_t *obj, object_t *type)
{
    struct member_descr *d = (struct member_descr *)descr;
    (void)type;
    if (!obj) {
        incref(descr);
        return descr;
    }
    return d->def->get(obj);
}

static int member_set(object_t *descr, object_t *obj, object_t *value)
{
    struct member_descr *d = (struct member_descr *)descr;
    if (!d->def->set) {
        vm_err_format(exc_AttributeError, "attribute '%s' of '%s' objects is not writable",
                      d->def->name, d->owner->name);
        return -1;
    }
    return d->def->set(obj, value);
}

struct type member_descr_type = {
    .name = "getset_descriptor",
    .basic_size = sizeof(struct member_descr),
    .dealloc = descr_dealloc,
    .descr_get = member_get,
    .descr_set = member_set,
};

/* ---- slot wrappers ------------------------------------------------------------------------------ */

enum wrapped_slot {
    W_INIT, W_NEW, W_REPR, W_STR, W_HASH, W_LT, W_LE, W_EQ, W_NE, W_GT, W_GE, W_GETATTR,
    W_SETATTR, W_DELATTR, W_LEN, W_GETITEM, W_SETITEM, W_DELITEM, W_CONTAINS, W_ITER, W_NEXT,
    W_CALL, W_BOOL, W_NEG, W_POS, W_ABS, W_INVERT, W_INT, W_FLOAT, W_INDEX,
    W_BINARY,         /* + nb op */
    W_RBINARY = W_BINARY + NB_BINARY_COUNT,
    W_COUNT = W_RBINARY + NB_BINARY_COUNT
};

static const char *const wrapper_names[W_COUNT] = {
    "__init__", "__new__", "__repr__", "__str__", "__hash__", "__lt__", "__le__", "__eq__",
    "__ne__", "__gt__", "__ge__", "__getattribute__", "__setattr__", "__delattr__", "__len__",
    "__getitem__", "__setitem__", "__delitem__", "__contains__", "__iter__", "__next__",
    "__call__", "__bool__", "__neg__", "__pos__", "__abs__", "__invert__", "__int__",
    "__float__", "__index__",
    "__add__", "__and__", "__floordiv__", "__lshift__", "__matmul__", "__mul__", "__mod__",
    "__or__", "__pow__", "__rshift__", "__sub__", "__truediv__", "__xor__",
    "__radd__", "__rand__", "__rfloordiv__", "__rlshift__", "__rmatmul__", "__rmul__",
    "__rmod__", "__ror__", "__rpow__", "__rrshift__", "__rsub__", "__rtruediv__", "__rxor__",
};

struct wrapper_descr {
    struct object ob;
    struct type *owner;
    int which;
    object_t *self; /* bound: the instance */
};

static object_t *wrapper_new(struct type *owner, int which, object_t *self)
{
    struct wrapper_descr *w =
        (struct wrapper_descr *)object_alloc(&wrapper_descr_type, sizeof *w);
    if (!w)
        return vm_err_nomemory();
    w->owner = owner;
    w->which = which;
    w->self = self;
    XINCREF(self);
    return &w->ob;
}

static void wrapper_dealloc(object_t *o)
{
    XDECREF(((struct wrapper_descr *)o)->self);
    object_free(o, sizeof(struct wrapper_descr));
}

static object_t *wrapper_get(object_t *descr, object_t *obj, object_t *type)
{
    struct wrapper_descr *w = (struct wrapper_descr *)descr;
    (void)type;
    if (!obj || w->self || w->which == W_NEW) {
        incref(descr);
        return descr;
    }
    return wrapper_new(w->owner, w->which, obj);
}

static object_t *int_result(int r)
{
    return r < 0 ? NULL : vm_bool(r);
}

static object_t *none_result(int r)
{
    return r < 0 ? NULL : vm_none_ref();
}

static object_t *call_slot(struct type *t, int which, object_t *self, object_t *const *args,
                           size_t nargs, object_t *kwnames)
{
    const struct number_methods *nb = t->number;
    size_t need = 0;
    switch (which) {
    case W_INIT: return none_result(t->init(self, args, nargs, kwnames));
    case W_CALL: return t->call(self, args, nargs, kwnames);
    default: break;
    }
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "%s() takes no keyword arguments",
                             wrapper_names[which]);
    switch (which) {
    case W_SETATTR: case W_SETITEM: need = 2; break;
    case W_REPR: case W_STR: case W_HASH: case W_LEN: case W_ITER: case W_NEXT: case W_BOOL:
    case W_NEG: case W_POS: case W_ABS: case W_INVERT: case W_INT: case W_FLOAT: case W_INDEX:
        need = 0; break;
    default: need = 1; break;
    }
    if (nargs != need)
        return vm_err_format(exc_TypeError, "expected %d argument%s, got %d", (int)need,
                             need == 1 ? "" : "s", (int)nargs);
    switch (which) {
    case W_REPR: return t->repr(self);
    case W_STR: return t->str(self);
    case W_HASH: {
        int64_t h = t->hash(self);
        return h == -1 ? NULL : int_from_i64(h);
    }
    case W_LT: case W_LE: case W_EQ: case W_NE: case W_GT: case W_GE:
        return t->richcompare(self, args[0], which - W_LT);
    case W_GETATTR: return t->getattro(self, args[0]);
    case W_SETATTR: return none_result(t->setattro(self, args[0], args[1]));
    case W_DELATTR: return none_result(t->setattro(self, args[0], NULL));
    case W_LEN: {
        intptr_t n = t->length(self);
        return n < 0 ? NULL : int_from_i64(n);
    }
    case W_GETITEM: return t->getitem(self, args[0]);
    case W_SETITEM: return none_result(t->setitem(self, args[0], args[1]));
    case W_DELITEM: return none_result(t->setitem(self, args[0], NULL));
    case W_CONTAINS: return int_result(t->contains(self, args[0]));
    case W_ITER: return t->iter(self);
    case W_NEXT: {
        object_t *r = t->iternext(self);
        if (!r && !vm_err_occurred())
            vm_err_set_object((object_t *)exc_StopIteration);
        return r;
    }
    case W_BOOL: return int_result(nb->to_bool(self));
    case W_NEG: return nb->negative(self);
    case W_POS: return nb->positive(self);
    case W_ABS: return nb->absolute(self);
    case W_INVERT: return nb->invert(self);
    case W_INT: return nb->to_int(self);
    case W_FLOAT: return nb->to_float(self);
    case W_INDEX: return nb->index(self);
    default: break;
    }
    if (which >= W_RBINARY)
        return nb->binary[which - W_RBINARY](args[0], self);
    if (which == W_BINARY + NB_POWER && nb->power)
        return nb->power(self, args[0], None);
    return nb->binary[which - W_BINARY](self, args[0]);
}

static object_t *wrapper_call(object_t *o, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    struct wrapper_descr *w = (struct wrapper_descr *)o;
    if (w->which == W_NEW) {
        /* T.__new__(cls, ...): cls must be a subtype of T. */
        if (nargs < 1 || !IS_TYPE(args[0]))
            return vm_err_format(exc_TypeError, "%s.__new__(X): X is not a type object",
                                 w->owner->name);
        struct type *cls = (struct type *)args[0];
        if (!type_is_subtype(cls, w->owner))
            return vm_err_format(exc_TypeError, "%s.__new__(%s): %s is not a subtype of %s",
                                 w->owner->name, cls->name, cls->name, w->owner->name);
        return w->owner->newfunc(cls, args + 1, nargs - 1, kwnames);
    }
    if (w->self)
        return call_slot(w->owner, w->which, w->self, args, nargs, kwnames);
    if (nargs < 1)
        return vm_err_format(exc_TypeError, "descriptor '%s' of '%s' object needs an argument",
                             wrapper_names[w->which], w->owner->name);
    if (!type_is_subtype(args[0]->type, w->owner))
        return vm_err_format(exc_TypeError,
                             "descriptor '%s' requires a '%s' object but received a '%s'",
                             wrapper_names[w->which], w->owner->name, args[0]->type->name);
    return call_slot(w->owner, w->which, args[0], args + 1, nargs - 1, kwnames);
}

static object_t *wrapper_repr(object_t *o)
{
    struct wrapper_descr *w = (struct wrapper_descr *)o;
    if (w->self)
        return str_format_c("<method-wrapper '%s' of %s object>", wrapper_names[w->which],
                            w->self->type->name);
    return str_format_c("<slot wrapper '%s' of '%s' objects>", wrapper_names[w->which],
                        w->owner->name);
}

struct type wrapper_descr_type = {
    .name = "wrapper_descriptor",
    .basic_size = sizeof(struct wrapper_descr),
    .dealloc = wrapper_dealloc,
    .descr_get = wrapper_get,
    .call = wrapper_call,
    .repr = wrapper_repr,
};

/* Does t itself (not only its base) provide the slot? */
#define OWN(slot) (t->slot && (!t->base || t->slot != t->base->slot))

static int add_wrapper(struct type *t, int which)
{
    object_t *name = str_intern_cstr(wrapper_names[which]);
    if (!name)
        return -1;
    if (dict_lookup_str(t->dict, name))
        return 0; /* a method_def of the same name wins */
    object_t *w = wrapper_new(t, which, NULL);
    if (!w)
        return -1;
    int r = dict_store(t->dict, name, w);
    decref(w);
    return r;
}

int slots_add_wrappers(struct type *t)
{
    int r = 0;
    if (t->vm_flags & VM_TYPE_HEAP)
        return 0;
    if (OWN(init)) r |= add_wrapper(t, W_INIT);
    if (OWN(newfunc)) r |= add_wrapper(t, W_NEW);
    if (OWN(repr)) r |= add_wrapper(t, W_REPR);
    if (OWN(str)) r |= add_wrapper(t, W_STR);
    if (OWN(hash)) r |= add_wrapper(t, W_HASH);
    if (OWN(richcompare))
        for (int op = 0; op < 6; op++)
            r |= add_wrapper(t, W_LT + op);
    if (OWN(getattro)) r |= add_wrapper(t, W_GETATTR);
    if (OWN(setattro)) {
        r |= add_wrapper(t, W_SETATTR);
        r |= add_wrapper(t, W_DELATTR);
    }
    if (OWN(length)) r |= add_wrapper(t, W_LEN);
    if (OWN(getitem)) r |= add_wrapper(t, W_GETITEM);
    if (OWN(setitem)) {
        r |= add_wrapper(t, W_SETITEM);
        r |= add_wrapper(t, W_DELITEM);
    }
    if (OWN(contains)) r |= add_wrapper(t, W_CONTAINS);
    if (OWN(iter)) r |= add_wrapper(t, W_ITER);
    if (OWN(iternext)) r |= add_wrapper(t, W_NEXT);
    if (OWN(call)) r |= add_wrapper(t, W_CALL);
    if (OWN(number)) {
        const struct number_methods *nb = t->number;
        if (nb->to_bool) r |= add_wrapper(t, W_BOOL);
        if (nb->negative) r |= add_wrapper(t, W_NEG);
        if (nb->positive) r |= add_wrapper(t, W_POS);
        if (nb->absolute) r |= add_wrapper(t, W_ABS);
        if (nb->invert) r |= add_wrapper(t, W_INVERT);
        if (nb->to_int) r |= add_wrapper(t, W_INT);
        if (nb->to_float) r |= add_wrapper(t, W_FLOAT);
        if (nb->index) r |= add_wrapper(t, W_INDEX);
        for (int op = 0; op < NB_BINARY_COUNT; op++)
            if (nb->binary[op]) {
                r |= add_wrapper(t, W_BINARY + op);
                r |= add_wrapper(t, W_RBINARY + op);
            }
    }
    return r ? -1 : 0;
}

/* ---- __slots__ members ----------------------------------------------------------------------- */

/* One name of a class's __slots__: the value lives in the instance at `offset` (NULL: unset). */
struct slot_descr {
    struct object ob;
    struct type *owner;
    object_t *name;
    size_t offset;
};

static void slot_descr_dealloc(object_t *o)
{
    XDECREF(((struct slot_descr *)o)->name);
    object_free(o, sizeof(struct slot_descr));
}

static object_t *slot_get(object_t *descr, object_t *obj, object_t *type)
{
    struct slot_descr *d = (struct slot_descr *)descr;
    (void)type;
    if (!obj) {
        incref(descr);
        return descr;
    }
    object_t *v = *(object_t **)((char *)obj + d->offset);
    if (!v)
        return vm_err_format(exc_AttributeError, "'%s' object has no attribute '%U'",
                             obj->type->name, d->name);
    incref(v);
    return v;
}

static int slot_set(object_t *descr, object_t *obj, object_t *value)
{
    struct slot_descr *d = (struct slot_descr *)descr;
    object_t **slot = (object_t **)((char *)obj + d->offset), *old = *slot;
    if (!value && !old) {
        vm_err_format(exc_AttributeError, "'%s' object has no attribute '%U'", obj->type->name,
                      d->name);
        return -1;
    }
    XINCREF(value);
    *slot = value;
    XDECREF(old);
    return 0;
}

static object_t *slot_descr_repr(object_t *o)
{
    struct slot_descr *d = (struct slot_descr *)o;
    return str_format_c("<member '%U' of '%s' objects>", d->name, d->owner->name);
}

struct type slot_descr_type = {
    .name = "member_descriptor",
    .basic_size = sizeof(struct slot_descr),
    .dealloc = slot_descr_dealloc,
    .descr_get = slot_get,
    .descr_set = slot_set,
    .repr = slot_descr_repr,
};

object_t *slot_descr_new(struct type *owner, object_t *name, size_t offset)
{
    struct slot_descr *d = (struct slot_descr *)object_alloc(&slot_descr_type, sizeof *d);
    if (!d)
        return vm_err_nomemory();
    d->owner = owner;
    d->name = name;
    incref(name);
    d->offset = offset;
    return &d->ob;
}
