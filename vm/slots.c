/*
 * vm/slots.c - dunder methods as C slots and C slots as dunder methods (Objects/typeobject.c's
 * slotdefs, reduced).
 *
 * A class that defines __repr__ gets type->repr = slot_repr, which looks __repr__ up on the
 * instance's type and calls it; the slots of a class are recomputed from its MRO whenever it is
 * made or one of its dunders is assigned (slots_install_dunders). Binary operators follow
 * CPython's protocol: slot_nb_<op>(a, b) calls a.__op__(b) when a's type defines it, and
 * b.__rop__(a) when b's type does (the abstract layer decides which operand goes first).
 *
 * The other direction: a static type's slots appear in its dict as wrapper descriptors
 * (int.__add__, object.__init__, list.__len__...) so Python code, and super(), can call them.
 */
#include "vm/builtin.h"
#include "vm/slots.h"
#include "vm/thread.h"

/* Look name up on type(self) and call it with self prepended; *found false when absent. */
static object_t *call_dunder(object_t *self, const char *name, object_t *const *args, size_t n,
                             bool *found)
{
    object_t *f = type_lookup_cstr(self->type, name);
    object_t *argv[4];

    *found = f != NULL;
    if (!f)
        return NULL;
    argv[0] = self;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    incref(f);
    object_t *r;
    if (f->type->descr_get && f->type != &function_type) {
        object_t *bound = f->type->descr_get(f, self, (object_t *)self->type);
        decref(f);
        if (!bound)
            return NULL;
        r = vm_call(bound, args, n, NULL);
        decref(bound);
        return r;
    }
    r = vm_call(f, argv, n + 1, NULL);
    decref(f);
    return r;
}

static object_t *call_required(object_t *self, const char *name, object_t *const *args,
                               size_t n)
{
    bool found;
    object_t *r = call_dunder(self, name, args, n, &found);
    if (!found)
        return vm_err_format(exc_AttributeError, "'%s' object has no attribute '%s'",
                             self->type->name, name);
    return r;
}

static object_t *slot_repr(object_t *o)
{
    object_t *r = call_required(o, "__repr__", NULL, 0);
    if (r && !IS_STR(r)) {
        vm_err_format(exc_TypeError, "__repr__ returned non-string (type %s)", r->type->name);
        CLEAR_REF(r);
    }
    return r;
}

static object_t *slot_str(object_t *o)
{
    object_t *r = call_required(o, "__str__", NULL, 0);
    if (r && !IS_STR(r)) {
        vm_err_format(exc_TypeError, "__str__ returned non-string (type %s)", r->type->name);
        CLEAR_REF(r);
    }
    return r;
}

static int64_t slot_hash(object_t *o)
{
    object_t *r = call_required(o, "__hash__", NULL, 0);
    if (!r)
        return -1;
    if (!IS_INT(r)) {
        vm_err_format(exc_TypeError, "__hash__ method should return an integer");
        decref(r);
        return -1;
    }
    int64_t h = vm_hash(r);
    decref(r);
    return h;
}

static int64_t slot_unhashable(object_t *o)
{
    vm_err_format(exc_TypeError, "unhashable type: '%s'", o->type->name);
    return -1;
}

static const char *const cmp_names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__",
                                        "__ge__"};

static object_t *slot_richcompare(object_t *a, object_t *b, int op)
{
    bool found;
    object_t *r = call_dunder(a, cmp_names[op], &b, 1, &found);
    if (!found) {
        incref(NotImplemented);
        return NotImplemented;
    }
    return r;
}

static object_t *slot_call(object_t *self, object_t *const *args, size_t nargs,
                           object_t *kwnames)
{
    object_t *f = type_lookup_cstr(self->type, "__call__");
    if (!f)
        return vm_err_format(exc_TypeError, "'%s' object is not callable", self->type->name);
    object_t *bound = method_new(f, self);
    if (!bound)
        return NULL;
    object_t *r = vm_call(bound, args, nargs, kwnames);
    decref(bound);
    return r;
}

static object_t *slot_getattro(object_t *o, object_t *name)
{
    object_t *getattribute = type_lookup_cstr(o->type, "__getattribute__");
    object_t *r;
    if (getattribute && getattribute->type == &function_type) {
        object_t *argv[2] = {o, name};
        r = vm_call(getattribute, argv, 2, NULL);
    } else {
        r = object_generic_getattr(o, name);
    }
    if (r || !vm_err_matches(exc_AttributeError))
        return r;
    object_t *getattr = type_lookup_cstr(o->type, "__getattr__");
    if (!getattr)
        return NULL;
    vm_err_clear();
    object_t *argv[2] = {o, name};
    return vm_call(getattr, argv, 2, NULL);
}

static int slot_setattro(object_t *o, object_t *name, object_t *value)
{
    bool found;
    object_t *r;
    if (value) {
        object_t *argv[2] = {name, value};
        object_t *f = type_lookup_cstr(o->type, "__setattr__");
        if (!f || f->type != &function_type)
            return object_generic_setattr(o, name, value);
        r = call_dunder(o, "__setattr__", argv, 2, &found);
    } else {
        object_t *f = type_lookup_cstr(o->type, "__delattr__");
        if (!f || f->type != &function_type)
            return object_generic_setattr(o, name, NULL);
        r = call_dunder(o, "__delattr__", &name, 1, &found);
    }
    if (!r)
        return -1;
    decref(r);
    return 0;
}

static object_t *slot_descr_get(object_t *self, object_t *obj, object_t *type)
{
    object_t *f = type_lookup_cstr(self->type, "__get__");
    object_t *argv[3] = {self, obj ? obj : None, type ? type : None};
    return vm_call(f, argv, 3, NULL);
}

static int slot_descr_set(object_t *self, object_t *obj, object_t *value)
{
    bool found;
    object_t *r;
    if (value) {
        object_t *argv[2] = {obj, value};
        r = call_dunder(self, "__set__", argv, 2, &found);
    } else {
        r = call_dunder(self, "__delete__", &obj, 1, &found);
    }
    if (!found)
        vm_err_format(exc_AttributeError, value ? "__set__" : "__delete__");
    if (!r)
        return -1;
    decref(r);
    return 0;
}

static object_t *slot_iter(object_t *o)
{
    object_t *r = call_required(o, "__iter__", NULL, 0);
    if (r && !r->type->iternext) {
        vm_err_format(exc_TypeError, "iter() returned non-iterator of type '%s'",
                      r->type->name);
        CLEAR_REF(r);
    }
    return r;
}

static object_t *slot_iternext(object_t *o)
{
    object_t *r = call_required(o, "__next__", NULL, 0);
    if (!r && vm_err_matches(exc_StopIteration))
        vm_err_clear();
    return r;
}

static int slot_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    object_t *f = type_lookup_cstr(self->type, "__init__");
    object_t *bound = method_new(f, self);
    if (!bound)
        return -1;
    object_t *r = vm_call(bound, args, nargs, kwnames);
    decref(bound);
    if (!r)
        return -1;
    if (r != None) {
        vm_err_format(exc_TypeError, "__init__() should return None, not '%s'", r->type->name);
        decref(r);
        return -1;
    }
    decref(r);
    return 0;
}

static object_t *slot_new(struct type *type, object_t *const *args, size_t nargs,
                          object_t *kwnames)
{
    object_t *f = type_lookup_cstr(type, "__new__");
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    object_t **argv = kmalloc((nargs + nkw + 1) * sizeof *argv);
    if (!argv)
        return vm_err_nomemory();
    argv[0] = (object_t *)type;
    memcpy(argv + 1, args, (nargs + nkw) * sizeof *argv);
    /* __new__ is a staticmethod: unwrap it. */
    if (f->type == &staticmethod_type)
        f = ((struct wrapper_object *)f)->callable;
    object_t *r = vm_call(f, argv, nargs + 1, kwnames);
    kfree(argv);
    return r;
}

static intptr_t slot_length(object_t *o)
{
    object_t *r = call_required(o, "__len__", NULL, 0);
    intptr_t n;
    if (!r)
        return -1;
    if (!IS_INT(r)) {
        vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                      r->type->name);
        decref(r);
        return -1;
    }
    if (vm_index_ssize(r, &n) < 0) {
        decref(r);
        return -1;
    }
    decref(r);
    if (n < 0) {
        vm_err_format(exc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

static object_t *slot_getitem(object_t *o, object_t *key)
{
    return call_required(o, "__getitem__", &key, 1);
}

static int slot_setitem(object_t *o, object_t *key, object_t *value)
{
    object_t *r;
    if (value) {
        object_t *argv[2] = {key, value};
        r = call_required(o, "__setitem__", argv, 2);
    } else {
        r = call_required(o, "__delitem__", &key, 1);
    }
    if (!r)
        return -1;
    decref(r);
    return 0;
}

static int slot_contains(object_t *o, object_t *item)
{
    bool found;
    object_t *r = call_dunder(o, "__contains__", &item, 1, &found);
    if (!found) {
        /* Fall back to iteration, as CPython's _PySequence_IterSearch. */
        object_t *it = vm_iter(o), *x;
        if (!it)
            return -1;
        while ((x = vm_next(it))) {
            int eq = vm_richcompare_bool(x, item, CMP_EQ);
            decref(x);
            if (eq != 0) {
                decref(it);
                return eq;
            }
        }
        decref(it);
        return vm_err_occurred() ? -1 : 0;
    }
    if (!r)
        return -1;
    int t = vm_is_true(r);
    decref(r);
    return t;
}

static void slot_finalize(object_t *o)
{
    object_t *saved = vm_err_fetch();
    bool found;
    object_t *r = call_dunder(o, "__del__", NULL, 0, &found);
    if (!r && found)
        vm_print_unraisable("Exception ignored in", o);
    XDECREF(r);
    vm_err_restore(saved);
}

/* ---- number slots ------------------------------------------------------------------------------ */

static const char *const nb_names[NB_BINARY_COUNT][3] = {
    [NB_ADD] = {"__add__", "__radd__", "__iadd__"},
    [NB_AND] = {"__and__", "__rand__", "__iand__"},
    [NB_FLOOR_DIVIDE] = {"__floordiv__", "__rfloordiv__", "__ifloordiv__"},
    [NB_LSHIFT] = {"__lshift__", "__rlshift__", "__ilshift__"},
    [NB_MATRIX_MULTIPLY] = {"__matmul__", "__rmatmul__", "__imatmul__"},
    [NB_MULTIPLY] = {"__mul__", "__rmul__", "__imul__"},
    [NB_REMAINDER] = {"__mod__", "__rmod__", "__imod__"},
    [NB_OR] = {"__or__", "__ror__", "__ior__"},
    [NB_POWER] = {"__pow__", "__rpow__", "__ipow__"},
    [NB_RSHIFT] = {"__rshift__", "__rrshift__", "__irshift__"},
    [NB_SUBTRACT] = {"__sub__", "__rsub__", "__isub__"},
    [NB_TRUE_DIVIDE] = {"__truediv__", "__rtruediv__", "__itruediv__"},
    [NB_XOR] = {"__xor__", "__rxor__", "__ixor__"},
};

/* a OP b for heap types: a.__op__(b), then b.__rop__(a) (CPython's SLOT1BINFULL). */
static object_t *slot_binary(int op, object_t *a, object_t *b)
{
    bool found = false;
    bool a_has = (a->type->vm_flags & VM_TYPE_HEAP) && type_lookup_cstr(a->type, nb_names[op][0]);
    bool b_has = a->type != b->type && (b->type->vm_flags & VM_TYPE_HEAP) &&
                 type_lookup_cstr(b->type, nb_names[op][1]);
    object_t *r;
    if (a_has) {
        if (b_has && type_is_subtype(b->type, a->type)) {
            r = call_dunder(b, nb_names[op][1], &a, 1, &found);
            if (r != NotImplemented)
                return r;
            decref(r);
            b_has = false;
        }
        r = call_dunder(a, nb_names[op][0], &b, 1, &found);
        if (r != NotImplemented || !b_has)
            return r;
        decref(r);
    }
    if (b_has)
        return call_dunder(b, nb_names[op][1], &a, 1, &found);
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *slot_inplace(int op, object_t *a, object_t *b)
{
    bool found;
    object_t *r = call_dunder(a, nb_names[op][2], &b, 1, &found);
    if (!found) {
        incref(NotImplemented);
        return NotImplemented;
    }
    return r;
}

#define BINSLOT(op)                                                                            \
    static object_t *slot_nb_##op(object_t *a, object_t *b) { return slot_binary(op, a, b); } \
    static object_t *slot_inb_##op(object_t *a, object_t *b) { return slot_inplace(op, a, b); }
BINSLOT(NB_ADD) BINSLOT(NB_AND) BINSLOT(NB_FLOOR_DIVIDE) BINSLOT(NB_LSHIFT)
BINSLOT(NB_MATRIX_MULTIPLY) BINSLOT(NB_MULTIPLY) BINSLOT(NB_REMAINDER) BINSLOT(NB_OR)
BINSLOT(NB_POWER) BINSLOT(NB_RSHIFT) BINSLOT(NB_SUBTRACT) BINSLOT(NB_TRUE_DIVIDE)
BINSLOT(NB_XOR)

static const binaryfunc slot_nb_funcs[NB_BINARY_COUNT] = {
    slot_nb_NB_ADD, slot_nb_NB_AND, slot_nb_NB_FLOOR_DIVIDE, slot_nb_NB_LSHIFT,
    slot_nb_NB_MATRIX_MULTIPLY, slot_nb_NB_MULTIPLY, slot_nb_NB_REMAINDER, slot_nb_NB_OR,
    slot_nb_NB_POWER, slot_nb_NB_RSHIFT, slot_nb_NB_SUBTRACT, slot_nb_NB_TRUE_DIVIDE,
    slot_nb_NB_XOR};
static const binaryfunc slot_inb_funcs[NB_BINARY_COUNT] = {
    slot_inb_NB_ADD, slot_inb_NB_AND, slot_inb_NB_FLOOR_DIVIDE, slot_inb_NB_LSHIFT,
    slot_inb_NB_MATRIX_MULTIPLY, slot_inb_NB_MULTIPLY, slot_inb_NB_REMAINDER, slot_inb_NB_OR,
    slot_inb_NB_POWER, slot_inb_NB_RSHIFT, slot_inb_NB_SUBTRACT, slot_inb_NB_TRUE_DIVIDE,
    slot_inb_NB_XOR};

#define UNSLOT(fname, dunder)                                                                  \
    static object_t *fname(object_t *a) { return call_required(a, dunder, NULL, 0); }
UNSLOT(slot_neg, "__neg__")
UNSLOT(slot_pos, "__pos__")
UNSLOT(slot_abs, "__abs__")
UNSLOT(slot_invert, "__invert__")
UNSLOT(slot_int, "__int__")
UNSLOT(slot_float, "__float__")
UNSLOT(slot_index, "__index__")

static int slot_bool(object_t *o)
{
    bool found;
    object_t *r = call_dunder(o, "__bool__", NULL, 0, &found);
    if (!found) {
        if (!type_lookup_cstr(o->type, "__len__"))
            return 1;
        intptr_t n = slot_length(o);
        return n < 0 ? -1 : n > 0;
    }
    if (!r)
        return -1;
    if (r->type != &bool_type) {
        vm_err_format(exc_TypeError, "__bool__ should return bool, returned %s", r->type->name);
        decref(r);
        return -1;
    }
    decref(r);
    return r == True;
}

/* The slot functions look the dunders up at call time, so one shared table serves every class
 * that defines any number dunder; a class defining none keeps its base's table. */
static struct number_methods heap_numbers;
static bool heap_numbers_ready;

static void init_heap_numbers(void)
{
    for (int i = 0; i < NB_BINARY_COUNT; i++) {
        heap_numbers.binary[i] = slot_nb_funcs[i];
        heap_numbers.inplace[i] = slot_inb_funcs[i];
    }
    heap_numbers.negative = slot_neg;
    heap_numbers.positive = slot_pos;
    heap_numbers.absolute = slot_abs;
    heap_numbers.invert = slot_invert;
    heap_numbers.to_int = slot_int;
    heap_numbers.to_float = slot_float;
    heap_numbers.index = slot_index;
    heap_numbers.to_bool = slot_bool;
    heap_numbers_ready = true;
}

static bool defines(struct type *t, const char *name)
{
    return type_lookup_cstr(t, name) != NULL;
}

/* Does a class in t's MRO, before the first static type, define name? */
static bool heap_defines(struct type *t, const char *name)
{
    object_t *key = str_intern_cstr(name);
    size_t n = tuple_size(t->mro);
    for (size_t i = 0; i < n; i++) {
        struct type *b = (struct type *)tuple_items(t->mro)[i];
        if (!(b->vm_flags & VM_TYPE_HEAP))
            return false;
        if (dict_lookup_str(b->dict, key))
            return true;
    }
    return false;
}

static bool heap_defines_any_number(struct type *t)
{
    static const char *const unary[] = {"__neg__", "__pos__", "__abs__", "__invert__",
                                        "__int__", "__float__", "__index__", "__bool__",
                                        "__len__", NULL};
    for (int i = 0; i < NB_BINARY_COUNT; i++)
        for (int k = 0; k < 3; k++)
            if (heap_defines(t, nb_names[i][k]))
                return true;
    for (int i = 0; unary[i]; i++)
        if (heap_defines(t, unary[i]))
            return true;
    return false;
}

int slots_install_dunders(struct type *t)
{
    if (!heap_numbers_ready)
        init_heap_numbers();
    if (heap_defines(t, "__repr__"))
        t->repr = slot_repr;
    if (heap_defines(t, "__str__"))
        t->str = slot_str;
    bool eq = false;
    for (int op = 0; op < 6; op++)
        if (heap_defines(t, cmp_names[op]))
            eq = true;
    if (eq)
        t->richcompare = slot_richcompare;
    if (heap_defines(t, "__hash__")) {
        object_t *h = type_lookup_cstr(t, "__hash__");
        t->hash = h == None ? slot_unhashable : slot_hash;
    } else if (heap_defines(t, "__eq__")) {
        /* A class that defines __eq__ without __hash__ is unhashable (its __hash__ = None). */
        if (dict_store_cstr(t->dict, "__hash__", None) < 0)
            return -1;
        t->hash = slot_unhashable;
    }
    if (heap_defines(t, "__call__"))
        t->call = slot_call;
    if (heap_defines(t, "__getattr__") || heap_defines(t, "__getattribute__"))
        t->getattro = slot_getattro;
    if (heap_defines(t, "__setattr__") || heap_defines(t, "__delattr__"))
        t->setattro = slot_setattro;
    if (heap_defines(t, "__get__"))
        t->descr_get = slot_descr_get;
    if (heap_defines(t, "__set__") || heap_defines(t, "__delete__"))
        t->descr_set = slot_descr_set;
    if (heap_defines(t, "__iter__"))
        t->iter = slot_iter;
    if (heap_defines(t, "__next__"))
        t->iternext = slot_iternext;
    if (heap_defines(t, "__init__"))
        t->init = slot_init;
    if (heap_defines(t, "__new__"))
        t->newfunc = slot_new;
    if (heap_defines(t, "__len__"))
        t->length = slot_length;
    if (heap_defines(t, "__getitem__"))
        t->getitem = slot_getitem;
    if (heap_defines(t, "__setitem__") || heap_defines(t, "__delitem__"))
        t->setitem = slot_setitem;
    if (heap_defines(t, "__contains__"))
        t->contains = slot_contains;
    else if (t->iter == slot_iter && !t->contains)
        t->contains = slot_contains;
    if (heap_defines_any_number(t))
        t->number = &heap_numbers;
    if (heap_defines(t, "__del__"))
        t->finalize = slot_finalize;
    (void)defines;
    return 0;
}
