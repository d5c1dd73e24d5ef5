/*
 * vm/tuple.c - tuple's Python behaviour (Objects/tupleobject.c) on gc/tuple.c's object.
 *
 * gc/tuple.c owns allocation (one free list per small length), dealloc and traverse, and the
 * collector untracks tuples of atomic items lazily. This file adds repr, hash, comparison,
 * + and *, indexing and slicing, index/count, the iterator and tuple(iterable).
 *
 * The hash is CPython 3.11's tuplehash exactly (one xxHash64 round per item over the items'
 * hashes, then the length folded in), so hash((1, 2)) prints what CPython prints. The empty
 * tuple is one shared object, as in CPython (`() is ()`).
 */
#include "vm/types_init.h"

static object_t *empty_tuple;

object_t *tuple_empty(void)
{
    if (!empty_tuple) {
        empty_tuple = tuple_new(0);
        if (!empty_tuple)
            return vm_err_nomemory();
    }
    incref(empty_tuple);
    return empty_tuple;
}

object_t *tuple_from_array(object_t *const *items, size_t n)
{
    object_t *t;
    if (n == 0)
        return tuple_empty();
    t = tuple_new(n);
    if (!t)
        return vm_err_nomemory();
    for (size_t i = 0; i < n; i++) {
        incref(items[i]);
        tuple_items(t)[i] = items[i];
    }
    return t;
}

object_t *tuple_pack(size_t n, ...)
{
    object_t *items[16], *t;
    va_list ap;

    if (n > 16)
        return vm_err_format(exc_SystemError, "tuple_pack: %zu items (at most 16)", n);
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        items[i] = va_arg(ap, object_t *);
    va_end(ap);
    t = tuple_from_array(items, n);
    return t;
}

/* ---- hash ------------------------------------------------------------------------------------- */

#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

int64_t vm_hash_items(object_t *const *items, size_t n)
{
    uint64_t acc = XXPRIME_5;
    for (size_t i = 0; i < n; i++) {
        int64_t lane = vm_hash(items[i]);
        if (lane == -1)
            return -1;
        acc += (uint64_t)lane * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (uint64_t)n ^ (XXPRIME_5 ^ 3527539ULL);
    if (acc == (uint64_t)-1)
        return 1546275796;
    return (int64_t)acc;
}

static int64_t tuple_hash(object_t *o)
{
    return vm_hash_items(tuple_items(o), tuple_size(o));
}

/* ---- repr, compare ---------------------------------------------------------------------------- */

static object_t *tuple_repr(object_t *o)
{
    struct strbuf b;
    size_t n = tuple_size(o);
    int g;

    if (n == 0)
        return str_from_cstr("()");
    /* A tuple can only contain itself through a mutable container, whose guard stops the
     * recursion; CPython guards tuples too, with "(...)". */
    g = vm_repr_enter(o);
    if (g != 0)
        return g > 0 ? str_from_cstr("(...)") : NULL;
    sb_init(&b);
    sb_putc(&b, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_puts(&b, ", ");
        if (sb_put_repr(&b, tuple_items(o)[i]) < 0) {
            sb_free(&b);
            vm_repr_leave(o);
            return NULL;
        }
    }
    if (n == 1)
        sb_putc(&b, ',');
    sb_putc(&b, ')');
    vm_repr_leave(o);
    return sb_finish(&b);
}

static object_t **tuple_items_fn(object_t *o)
{
    return tuple_items(o);
}

static size_t tuple_size_fn(object_t *o)
{
    return tuple_size(o);
}

static object_t *not_implemented(void)
{
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *tuple_richcompare(object_t *a, object_t *b, int op)
{
    if (!IS_TUPLE(a) || !IS_TUPLE(b))
        return not_implemented();
    return vm_compare_items(a, b, op, tuple_items_fn, tuple_size_fn);
}

/* ---- sequence slots --------------------------------------------------------------------------- */

static intptr_t tuple_length(object_t *o)
{
    return (intptr_t)tuple_size(o);
}

static bool is_index(object_t *o)
{
    return IS_INT(o) || (type_of(o)->number && type_of(o)->number->index);
}

static object_t *tuple_subscript(object_t *o, object_t *key)
{
    size_t i;
    if (is_index(key)) {
        if (vm_seq_index(key, tuple_size(o), "tuple index out of range", &i) < 0)
            return NULL;
        incref(tuple_items(o)[i]);
        return tuple_items(o)[i];
    }
    if (vm_isinstance_type(key, &slice_type)) {
        intptr_t start, stop, step, n;
        object_t *r;
        if (slice_indices(key, (intptr_t)tuple_size(o), &start, &stop, &step, &n) < 0)
            return NULL;
        if (n == (intptr_t)tuple_size(o) && step == 1 && type_of(o) == &tuple_type) {
            incref(o);
            return o;
        }
        if (step == 1)
            return tuple_from_array(tuple_items(o) + start, (size_t)n);
        if (n == 0)
            return tuple_empty();
        r = tuple_new((size_t)n);
        if (!r)
            return vm_err_nomemory();
        for (intptr_t k = 0, cur = start; k < n; k++, cur += step) {
            incref(tuple_items(o)[cur]);
            tuple_items(r)[k] = tuple_items(o)[cur];
        }
        return r;
    }
    return vm_err_format(exc_TypeError, "tuple indices must be integers or slices, not %s",
                         type_name(key));
}

static int tuple_contains(object_t *o, object_t *item)
{
    for (size_t i = 0; i < tuple_size(o); i++) {
        int r = vm_richcompare_bool(tuple_items(o)[i], item, CMP_EQ);
        if (r != 0)
            return r;
    }
    return 0;
}

/* ---- + and * ---------------------------------------------------------------------------------- */

static object_t *tuple_concat(object_t *a, object_t *b)
{
    size_t na, nb;
    object_t *r;

    if (!IS_TUPLE(a))
        return not_implemented();
    if (!IS_TUPLE(b)) {
        if (type_has(b, VM_TYPE_HEAP))
            return not_implemented();
        return vm_err_format(exc_TypeError, "can only concatenate tuple (not \"%s\") to tuple",
                             type_name(b));
    }
    na = tuple_size(a);
    nb = tuple_size(b);
    if (nb == 0 && type_of(a) == &tuple_type) {
        incref(a);
        return a;
    }
    if (na == 0 && type_of(b) == &tuple_type) {
        incref(b);
        return b;
    }
    r = tuple_new(na + nb);
    if (!r)
        return vm_err_nomemory();
    for (size_t i = 0; i < na; i++) {
        incref(tuple_items(a)[i]);
        tuple_items(r)[i] = tuple_items(a)[i];
    }
    for (size_t i = 0; i < nb; i++) {
        incref(tuple_items(b)[i]);
        tuple_items(r)[na + i] = tuple_items(b)[i];
    }
    return r;
}

static object_t *tuple_repeat(object_t *a, object_t *b)
{
    object_t *seq = IS_TUPLE(a) ? a : b, *n = IS_TUPLE(a) ? b : a, *r;
    intptr_t c = vm_repeat_count(n);
    size_t len = tuple_size(seq);

    if (c == -2)
        return not_implemented();
    if (c < 0)
        return NULL;
    if (c == 1 && type_of(seq) == &tuple_type) {
        incref(seq);
        return seq;
    }
    if (len == 0 || c == 0)
        return tuple_empty();
    if ((size_t)c > ((size_t)1 << 40) / len)
        return vm_err_nomemory();
    r = tuple_new(len * (size_t)c);
    if (!r)
        return vm_err_nomemory();
    for (size_t k = 0, w = 0; k < (size_t)c; k++)
        for (size_t i = 0; i < len; i++, w++) {
            incref(tuple_items(seq)[i]);
            tuple_items(r)[w] = tuple_items(seq)[i];
        }
    return r;
}

static int tuple_to_bool(object_t *o)
{
    return tuple_size(o) != 0;
}

static const struct number_methods tuple_number = {
    .binary = {[NB_ADD] = tuple_concat, [NB_MULTIPLY] = tuple_repeat},
    .to_bool = tuple_to_bool,
};

/* ---- methods ---------------------------------------------------------------------------------- */

static object_t *m_index(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    size_t start, stop;
    if (vm_check_args("index", nargs, kw, 1, 3) < 0 ||
        vm_slice_bounds(args + 1, nargs - 1, tuple_size(self), &start, &stop) < 0)
        return NULL;
    for (size_t i = start; i < stop; i++) {
        int r = vm_richcompare_bool(tuple_items(self)[i], args[0], CMP_EQ);
        if (r < 0)
            return NULL;
        if (r)
            return int_from_u64(i);
    }
    return vm_err_format(exc_ValueError, "tuple.index(x): x not in tuple");
}

static object_t *m_count(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    int64_t n = 0;
    if (vm_check_args("tuple.count", nargs, kw, 1, 1) < 0)
        return NULL;
    for (size_t i = 0; i < tuple_size(self); i++) {
        int r = vm_richcompare_bool(tuple_items(self)[i], args[0], CMP_EQ);
        if (r < 0)
            return NULL;
        n += r;
    }
    return int_from_i64(n);
}

static object_t *m_getnewargs(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *copy, *r;
    (void)args;
    if (vm_check_args("__getnewargs__", nargs, kw, 0, 0) < 0)
        return NULL;
    copy = tuple_from_array(tuple_items(self), tuple_size(self));
    if (!copy)
        return NULL;
    r = tuple_pack(1, copy);
    decref(copy);
    return r;
}

static const struct method_def tuple_method_defs[] = {
    {"index", m_index, 0},
    {"count", m_count, 0},
    {"__getnewargs__", m_getnewargs, 0},
    {NULL, NULL, 0},
};

/* ---- tuple(iterable) -------------------------------------------------------------------------- */

static object_t *tuple_newfunc(struct type *t, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    object_t *items, *r;

    if (kwnames && tuple_size(kwnames) && t == &tuple_type)
        return vm_err_format(exc_TypeError, "tuple() takes no keyword arguments");
    if (nargs > 1)
        return vm_err_format(exc_TypeError, "tuple expected at most 1 argument, got %zu", nargs);
    if (t == &tuple_type) {
        if (nargs == 0)
            return tuple_empty();
        if (type_of(args[0]) == &tuple_type) {
            incref(args[0]);
            return args[0];
        }
        return vm_sequence_tuple(args[0]);
    }
    /* A subclass: its instances are tuples with the subclass's fixed part in front of nothing
     * more (basic_size covers any __dict__ slot the class added after the items' count). */
    items = nargs ? vm_sequence_tuple(args[0]) : tuple_empty();
    if (!items)
        return NULL;
    size_t n = tuple_size(items);
    r = gc_alloc(t, t->basic_size + n * sizeof(object_t *));
    if (!r) {
        decref(items);
        return vm_err_nomemory();
    }
    memset((char *)r + sizeof(struct object), 0,
           t->basic_size + n * sizeof(object_t *) - sizeof(struct object));
    if (t->vm_flags & VM_TYPE_HEAP)
        incref((object_t *)t); /* subclass_dealloc drops it */
    ((struct tuple_object *)r)->size = n;
    for (size_t i = 0; i < n; i++) {
        incref(tuple_items(items)[i]);
        tuple_items(r)[i] = tuple_items(items)[i];
    }
    decref(items);
    gc_track(r);
    return r;
}

/* ---- iterator --------------------------------------------------------------------------------- */

struct tuple_iter {
    struct object ob;
    object_t *seq; /* NULL once exhausted */
    size_t index;
};

static void tuple_iter_dealloc(object_t *o)
{
    gc_untrack(o);
    XDECREF(((struct tuple_iter *)o)->seq);
    gc_free(o, sizeof(struct tuple_iter));
}

static int tuple_iter_traverse(object_t *o, visitproc visit, void *arg)
{
    object_t *seq = ((struct tuple_iter *)o)->seq;
    return seq ? visit(seq, arg) : 0;
}

static int tuple_iter_clear(object_t *o)
{
    CLEAR_REF(((struct tuple_iter *)o)->seq);
    return 0;
}

static object_t *tuple_iter_next(object_t *o)
{
    struct tuple_iter *it = (struct tuple_iter *)o;
    if (!it->seq)
        return NULL;
    if (it->index < tuple_size(it->seq)) {
        object_t *x = tuple_items(it->seq)[it->index++];
        incref(x);
        return x;
    }
    CLEAR_REF(it->seq);
    return NULL;
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

static object_t *tuple_iter_length_hint(object_t *self, object_t *const *args, size_t nargs,
                                        object_t *kw)
{
    struct tuple_iter *it = (struct tuple_iter *)self;
    (void)args;
    if (vm_check_args("__length_hint__", nargs, kw, 0, 0) < 0)
        return NULL;
    return int_from_u64(it->seq ? tuple_size(it->seq) - it->index : 0);
}

static const struct method_def tuple_iter_methods[] = {
    {"__length_hint__", tuple_iter_length_hint, 0},
    {NULL, NULL, 0},
};

struct type tuple_iter_type = {
    .name = "tuple_iterator",
    .basic_size = sizeof(struct tuple_iter),
    .flags = TYPE_FLAG_GC,
    .dealloc = tuple_iter_dealloc,
    .traverse = tuple_iter_traverse,
    .clear = tuple_iter_clear,
    .iter = iter_self,
    .iternext = tuple_iter_next,
    .methods = tuple_iter_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

static object_t *tuple_iter(object_t *o)
{
    struct tuple_iter *it = (struct tuple_iter *)gc_alloc(&tuple_iter_type, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    incref(o);
    it->seq = o;
    it->index = 0;
    gc_track(&it->ob);
    return &it->ob;
}

void vm_tuple_init(void)
{
    tuple_type.repr = tuple_repr;
    tuple_type.hash = tuple_hash;
    tuple_type.richcompare = tuple_richcompare;
    tuple_type.iter = tuple_iter;
    tuple_type.newfunc = tuple_newfunc;
    tuple_type.length = tuple_length;
    tuple_type.getitem = tuple_subscript;
    tuple_type.contains = tuple_contains;
    tuple_type.number = &tuple_number;
    tuple_type.methods = tuple_method_defs;
    tuple_type.vm_flags |= VM_TYPE_TUPLE_SUB | VM_TYPE_BASETYPE;
}
