/*
 * vm/slice.c - slice objects (Objects/sliceobject.c): start, stop and step, each any object
 * (None when omitted), and their resolution against a sequence's length.
 *
 * slice_indices is PySlice_GetIndicesEx: None start/stop become the ends the step points away
 * from; ints beyond intptr_t are clamped (as _PyEval_SliceIndex does) since a sequence never
 * has that many items; a zero step is ValueError. Slices are GC-tracked (they may hold any
 * object, so can be in a cycle), unhashable in 3.11, and compare as (start, stop, step) tuples.
 */
#include "vm/types_init.h"

static void slice_dealloc(object_t *o)
{
    struct slice_object *s = (struct slice_object *)o;
    gc_untrack(o);
    XDECREF(s->start);
    XDECREF(s->stop);
    XDECREF(s->step);
    gc_free(o, sizeof *s);
}

static int slice_traverse(object_t *o, visitproc visit, void *arg)
{
    struct slice_object *s = (struct slice_object *)o;
    int r = 0;
    if (s->start && (r = visit(s->start, arg)))
        return r;
    if (s->stop && (r = visit(s->stop, arg)))
        return r;
    if (s->step && (r = visit(s->step, arg)))
        return r;
    return 0;
}

static int slice_clear(object_t *o)
{
    struct slice_object *s = (struct slice_object *)o;
    CLEAR_REF(s->start);
    CLEAR_REF(s->stop);
    CLEAR_REF(s->step);
    return 0;
}

object_t *slice_new(object_t *start, object_t *stop, object_t *step)
{
    struct slice_object *s = (struct slice_object *)gc_alloc(&slice_type, sizeof *s);
    if (!s)
        return vm_err_nomemory();
    s->start = start ? start : None;
    s->stop = stop ? stop : None;
    s->step = step ? step : None;
    incref(s->start);
    incref(s->stop);
    incref(s->step);
    gc_track(&s->ob);
    return &s->ob;
}

/* An index bound (not None) as a C integer, clamped to intptr_t. */
static int slice_bound(object_t *o, intptr_t *out)
{
    int64_t v;
    object_t *i;

    if (!IS_INT(o) && !(type_of(o)->number && type_of(o)->number->index)) {
        vm_err_format(exc_TypeError,
                      "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    i = vm_index(o);
    if (!i)
        return -1;
    if (int_fits_i64(i, &v) || int_to_i64(i, &v) == 0)
        *out = (intptr_t)v;
    else {
        vm_err_clear();
        *out = int_sign(i) < 0 ? INTPTR_MIN : INTPTR_MAX;
    }
    decref(i);
    return 0;
}

int slice_indices(object_t *slice, intptr_t length, intptr_t *start, intptr_t *stop,
                  intptr_t *step, intptr_t *slicelength)
{
    struct slice_object *s = (struct slice_object *)slice;
    intptr_t st = 1, a, b;

    if (s->step != None) {
        if (slice_bound(s->step, &st) < 0)
            return -1;
        if (st == 0) {
            vm_err_format(exc_ValueError, "slice step cannot be zero");
            return -1;
        }
        if (st < -INTPTR_MAX)
            st = -INTPTR_MAX; /* so that -step cannot overflow */
    }
    if (s->start == None)
        a = st < 0 ? length - 1 : 0;
    else {
        if (slice_bound(s->start, &a) < 0)
            return -1;
        if (a < 0) {
            a += length;
            if (a < 0)
                a = st < 0 ? -1 : 0;
        } else if (a >= length) {
            a = st < 0 ? length - 1 : length;
        }
    }
    if (s->stop == None)
        b = st < 0 ? -1 : length;
    else {
        if (slice_bound(s->stop, &b) < 0)
            return -1;
        if (b < 0) {
            b += length;
            if (b < 0)
                b = st < 0 ? -1 : 0;
        } else if (b >= length) {
            b = st < 0 ? length - 1 : length;
        }
    }
    *start = a;
    *stop = b;
    *step = st;
    if (st < 0)
        *slicelength = b < a ? (a - b - 1) / (-st) + 1 : 0;
    else
        *slicelength = a < b ? (b - a - 1) / st + 1 : 0;
    return 0;
}

static object_t *slice_repr(object_t *o)
{
    struct slice_object *s = (struct slice_object *)o;
    return str_format_c("slice(%R, %R, %R)", s->start, s->stop, s->step);
}

static object_t *slice_richcompare(object_t *a, object_t *b, int op)
{
    struct slice_object *x = (struct slice_object *)a, *y = (struct slice_object *)b;
    object_t *ta, *tb, *r;

    if (!vm_isinstance_type(b, &slice_type) || !vm_isinstance_type(a, &slice_type)) {
        incref(NotImplemented);
        return NotImplemented;
    }
    if (a == b && (op == CMP_EQ || op == CMP_NE))
        return vm_bool(op == CMP_EQ);
    ta = tuple_pack(3, x->start, x->stop, x->step);
    tb = ta ? tuple_pack(3, y->start, y->stop, y->step) : NULL;
    r = tb ? vm_richcompare(ta, tb, op) : NULL;
    XDECREF(ta);
    XDECREF(tb);
    return r;
}

static object_t *slice_newfunc(struct type *t, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    (void)t;
    if (vm_check_args("slice", nargs, kwnames, 1, 3) < 0)
        return NULL;
    if (nargs == 1)
        return slice_new(None, args[0], None);
    return slice_new(args[0], args[1], nargs == 3 ? args[2] : None);
}

/* slice.indices(length): the resolved (start, stop, step). */
static object_t *slice_indices_method(object_t *self, object_t *const *args, size_t nargs,
                                      object_t *kwnames)
{
    intptr_t len, start, stop, step, n;
    object_t *a, *b, *c, *r;

    if (vm_check_args("indices", nargs, kwnames, 1, 1) < 0 || vm_index_ssize(args[0], &len) < 0)
        return NULL;
    if (len < 0)
        return vm_err_format(exc_ValueError, "length should not be negative");
    if (slice_indices(self, len, &start, &stop, &step, &n) < 0)
        return NULL;
    /* slice_indices clamps a negative-step stop at -1; indices() reports it as is. */
    a = int_from_i64(start);
    b = int_from_i64(stop);
    c = int_from_i64(step);
    r = a && b && c ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    XDECREF(b);
    XDECREF(c);
    return r;
}

static object_t *slice_get_start(object_t *o)
{
    incref(((struct slice_object *)o)->start);
    return ((struct slice_object *)o)->start;
}
static object_t *slice_get_stop(object_t *o)
{
    incref(((struct slice_object *)o)->stop);
    return ((struct slice_object *)o)->stop;
}
static object_t *slice_get_step(object_t *o)
{
    incref(((struct slice_object *)o)->step);
    return ((struct slice_object *)o)->step;
}

static const struct method_def slice_methods[] = {
    {"indices", slice_indices_method, 0},
    {NULL, NULL, 0},
};

static const struct member_def slice_members[] = {
    {"start", slice_get_start, NULL},
    {"stop", slice_get_stop, NULL},
    {"step", slice_get_step, NULL},
    {NULL, NULL, NULL},
};

struct type slice_type = {
    .name = "slice",
    .basic_size = sizeof(struct slice_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_OTHER,
    .dealloc = slice_dealloc,
    .traverse = slice_traverse,
    .clear = slice_clear,
    .repr = slice_repr,
    .hash = vm_hash_unhashable,
    .richcompare = slice_richcompare,
    .newfunc = slice_newfunc,
    .methods = slice_methods,
    .members = slice_members,
};

void vm_slice_init(void)
{
}
