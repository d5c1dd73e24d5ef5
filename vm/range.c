/*
 * vm/range.c - range objects and their iterator (Objects/rangeobject.c).
 *
 * A range keeps start, stop, step and its length as int objects (what the start/stop/step
 * attributes, repr and == hand out); indexing, containment and iteration compute with C
 * integers when the bounds fit in int64, and creation, int indexing and int containment fall
 * back to int objects beyond that (range(10**20)[-1]); iteration, slicing, index() and count()
 * of such a range raise OverflowError naming the operation, where CPython would carry on.
 *
 * Containment of an int is O(1) (range_contains_long); other objects are compared with each
 * item, as CPython does. == compares the sequences (equal lengths, then start, then step where
 * they matter), and hash is hash((len, start, step)) with None for what does not matter, so
 * equal ranges hash equal. Ranges are atomic (ints only): not GC containers.
 */
#include "vm/types_init.h"

#define AS_RANGE(o) ((struct range_object *)(o))

/* o (an int) as an int64: int_fits_i64 covers two digits, int_to_i64 the rest of int64. */
static bool as_i64(object_t *o, int64_t *v)
{
    if (int_fits_i64(o, v))
        return true;
    if (int_to_i64(o, v) == 0)
        return true;
    vm_err_clear();
    return false;
}

/* The fields as C integers; -1 with OverflowError if one does not fit. */
struct range_c {
    int64_t start, stop, step, len;
};

static int range_as_c(object_t *o, struct range_c *c, const char *what)
{
    struct range_object *r = AS_RANGE(o);
    if (!as_i64(r->start, &c->start) || !as_i64(r->stop, &c->stop) ||
        !as_i64(r->step, &c->step) || !as_i64(r->length, &c->len)) {
        vm_err_format(exc_OverflowError, "%s: range bounds beyond 64 bits are not supported",
                      what);
        return -1;
    }
    return 0;
}

static int64_t range_len_c(int64_t start, int64_t stop, int64_t step)
{
    /* In unsigned arithmetic: stop - start cannot overflow there. */
    if (step > 0)
        return start < stop ? (int64_t)(((uint64_t)stop - (uint64_t)start - 1) / (uint64_t)step + 1)
                            : 0;
    return start > stop
               ? (int64_t)(((uint64_t)start - (uint64_t)stop - 1) / (0 - (uint64_t)step) + 1)
               : 0;
}

/* A new range from three ints (references taken). */
/* a op b on ints (new reference or NULL). */
static object_t *arith(object_t *a, int op, object_t *b)
{
    return vm_binary_op(a, b, op);
}

/* The length of a range beyond int64, with int objects (compute_range_length):
 * (hi - lo - 1) // |step| + 1 when lo < hi, else 0. */
static object_t *length_big(object_t *start, object_t *stop, object_t *step)
{
    bool up = int_sign(step) > 0;
    object_t *lo = up ? start : stop, *hi = up ? stop : start, *abs_step, *t, *u, *one;
    int lt = vm_richcompare_bool(lo, hi, CMP_LT);
    if (lt <= 0)
        return lt < 0 ? NULL : int_from_i64(0);
    abs_step = up ? (incref(step), step) : vm_negative(step);
    one = int_from_i64(1);
    t = abs_step && one ? arith(hi, NB_SUBTRACT, lo) : NULL;
    u = t ? arith(t, NB_SUBTRACT, one) : NULL;
    XDECREF(t);
    t = u ? arith(u, NB_FLOOR_DIVIDE, abs_step) : NULL;
    XDECREF(u);
    u = t ? arith(t, NB_ADD, one) : NULL;
    XDECREF(t);
    XDECREF(one);
    XDECREF(abs_step);
    return u;
}

static object_t *range_make(object_t *start, object_t *stop, object_t *step)
{
    int64_t a, b, s;
    struct range_object *r;
    object_t *length;

    if (as_i64(start, &a) && as_i64(stop, &b) && as_i64(step, &s))
        length = int_from_i64(range_len_c(a, b, s));
    else
        length = length_big(start, stop, step);
    if (!length)
        return NULL;
    r = (struct range_object *)object_alloc(&range_type, sizeof *r);
    if (!r) {
        decref(length);
        return vm_err_nomemory();
    }
    r->length = length;
    incref(start);
    incref(stop);
    incref(step);
    r->start = start;
    r->stop = stop;
    r->step = step;
    return &r->ob;
}

/* r[i] for an int i with int objects (ranges beyond int64). */
static object_t *item_big(struct range_object *r, object_t *key)
{
    object_t *i = vm_index(key), *t, *item;
    if (!i)
        return NULL;
    if (int_sign(i) < 0) {
        t = arith(i, NB_ADD, r->length);
        decref(i);
        if (!(i = t))
            return NULL;
    }
    int ok = int_sign(i) >= 0 ? vm_richcompare_bool(i, r->length, CMP_LT) : 0;
    if (ok <= 0) {
        decref(i);
        return ok < 0 ? NULL : vm_err_format(exc_IndexError, "range object index out of range");
    }
    t = arith(i, NB_MULTIPLY, r->step);
    decref(i);
    item = t ? arith(r->start, NB_ADD, t) : NULL;
    XDECREF(t);
    return item;
}

/* x (an int) in r, with int objects: within the bounds and start + k*step for some k.
 * 1, 0, -1 error. */
static int contains_big(struct range_object *r, object_t *x)
{
    bool up = int_sign(r->step) > 0;
    int in = up ? vm_richcompare_bool(r->start, x, CMP_LE) : vm_richcompare_bool(x, r->start, CMP_LE);
    if (in > 0)
        in = up ? vm_richcompare_bool(x, r->stop, CMP_LT) : vm_richcompare_bool(r->stop, x, CMP_LT);
    if (in <= 0)
        return in;
    object_t *d = arith(x, NB_SUBTRACT, r->start), *m = d ? arith(d, NB_REMAINDER, r->step) : NULL;
    XDECREF(d);
    if (!m)
        return -1;
    in = int_sign(m) == 0;
    decref(m);
    return in;
}

static void range_dealloc(object_t *o)
{
    struct range_object *r = AS_RANGE(o);
    decref(r->start);
    decref(r->stop);
    decref(r->step);
    decref(r->length);
    object_free(o, sizeof *r);
}

static object_t *range_newfunc(struct type *t, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    object_t *v[3] = {NULL, NULL, NULL}, *r = NULL;
    (void)t;

    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "range() takes no keyword arguments");
    if (nargs == 0)
        return vm_err_format(exc_TypeError, "range expected at least 1 argument, got 0");
    if (nargs > 3)
        return vm_err_format(exc_TypeError, "range expected at most 3 arguments, got %zu", nargs);
    for (size_t i = 0; i < nargs; i++)
        if (!(v[i] = vm_index(args[i])))
            goto out;
    if (nargs == 1) {
        object_t *zero = int_from_i64(0), *one = int_from_i64(1);
        r = zero && one ? range_make(zero, v[0], one) : NULL;
        XDECREF(zero);
        XDECREF(one);
    } else if (nargs == 2) {
        object_t *one = int_from_i64(1);
        r = one ? range_make(v[0], v[1], one) : NULL;
        XDECREF(one);
    } else if (int_sign(v[2]) == 0) {
        vm_err_format(exc_ValueError, "range() arg 3 must not be zero");
    } else {
        r = range_make(v[0], v[1], v[2]);
    }
out:
    for (size_t i = 0; i < 3; i++)
        XDECREF(v[i]);
    return r;
}

static object_t *range_repr(object_t *o)
{
    struct range_object *r = AS_RANGE(o);
    int64_t step;
    if (as_i64(r->step, &step) && step == 1)
        return str_format_c("range(%R, %R)", r->start, r->stop);
    return str_format_c("range(%R, %R, %R)", r->start, r->stop, r->step);
}

static intptr_t range_length(object_t *o)
{
    struct range_c c;
    if (range_as_c(o, &c, "len") < 0)
        return -1;
    return (intptr_t)c.len;
}

static int range_to_bool(object_t *o)
{
    return int_sign(AS_RANGE(o)->length) != 0;
}

static object_t *range_item(const struct range_c *c, int64_t i)
{
    return int_from_i64(c->start + i * c->step);
}

static bool is_int_key(object_t *key)
{
    return IS_INT(key) || (type_of(key)->number && type_of(key)->number->index);
}

static object_t *range_subscript(object_t *o, object_t *key)
{
    struct range_c c;
    if (range_as_c(o, &c, "range index") < 0) {
        if (!is_int_key(key) || !vm_err_matches(exc_OverflowError))
            return NULL;
        vm_err_clear();
        return item_big(AS_RANGE(o), key);
    }
    if (vm_isinstance_type(key, &slice_type)) {
        intptr_t start, stop, step, n;
        object_t *a, *b, *s, *r;
        if (slice_indices(key, (intptr_t)c.len, &start, &stop, &step, &n) < 0)
            return NULL;
        /* CPython's compute_slice: the slice's resolved bounds mapped through the range. */
        (void)n;
        a = int_from_i64(c.start + (int64_t)start * c.step);
        b = int_from_i64(c.start + (int64_t)stop * c.step);
        int64_t nstep = c.step * step;
        s = int_from_i64(nstep);
        r = a && b && s ? range_make(a, b, s) : NULL;
        XDECREF(a);
        XDECREF(b);
        XDECREF(s);
        return r;
    }
    if (IS_INT(key) || (type_of(key)->number && type_of(key)->number->index)) {
        size_t i;
        if (vm_seq_index(key, (size_t)c.len, "range object index out of range", &i) < 0)
            return NULL;
        return range_item(&c, (int64_t)i);
    }
    return vm_err_format(exc_TypeError, "range indices must be integers or slices, not %s",
                         type_name(key));
}

/* The index of the int v in the range, or -1 when it is not an item. */
static int64_t range_index_of(const struct range_c *c, object_t *v)
{
    int64_t x;
    uint64_t diff, step;

    if (!as_i64(v, &x))
        return -1;
    if (c->step > 0 ? (x < c->start || x >= c->stop) : (x > c->start || x <= c->stop))
        return -1;
    diff = c->step > 0 ? (uint64_t)x - (uint64_t)c->start : (uint64_t)c->start - (uint64_t)x;
    step = c->step > 0 ? (uint64_t)c->step : 0 - (uint64_t)c->step;
    return diff % step ? -1 : (int64_t)(diff / step);
}

/* Compare v with every item: the index of the first equal one, -1 none, -2 error. */
static int64_t range_scan(const struct range_c *c, object_t *v, bool count, int64_t *n)
{
    *n = 0;
    for (int64_t i = 0; i < c->len; i++) {
        object_t *item = range_item(c, i);
        if (!item)
            return -2;
        int r = vm_richcompare_bool(item, v, CMP_EQ);
        decref(item);
        if (r < 0)
            return -2;
        if (r) {
            if (!count)
                return i;
            (*n)++;
        }
    }
    return -1;
}

static int range_contains(object_t *o, object_t *v)
{
    struct range_c c;
    int64_t n, i;
    if (range_as_c(o, &c, "in range") < 0) {
        if ((type_of(v) != &int_type && type_of(v) != &bool_type) ||
            !vm_err_matches(exc_OverflowError))
            return -1;
        vm_err_clear();
        return contains_big(AS_RANGE(o), v);
    }
    if (type_of(v) == &int_type || type_of(v) == &bool_type)
        return range_index_of(&c, v) >= 0;
    i = range_scan(&c, v, false, &n);
    return i == -2 ? -1 : i >= 0;
}

static object_t *not_implemented(void)
{
    incref(NotImplemented);
    return NotImplemented;
}

/* Equal as sequences (range_equals): lengths, then start if not empty, then step if longer
 * than one item. 1, 0, -1 error. */
static int range_equal(object_t *a, object_t *b)
{
    struct range_object *x = AS_RANGE(a), *y = AS_RANGE(b);
    int r;
    if (a == b)
        return 1;
    r = vm_richcompare_bool(x->length, y->length, CMP_EQ);
    if (r != 1)
        return r;
    if (int_sign(x->length) == 0)
        return 1;
    r = vm_richcompare_bool(x->start, y->start, CMP_EQ);
    if (r != 1)
        return r;
    object_t *one = int_from_i64(1);
    if (!one)
        return -1;
    r = vm_richcompare_bool(x->length, one, CMP_EQ);
    decref(one);
    if (r != 0)
        return r < 0 ? -1 : 1;
    return vm_richcompare_bool(x->step, y->step, CMP_EQ);
}

static object_t *range_richcompare(object_t *a, object_t *b, int op)
{
    int r;
    if (type_of(a) != &range_type || type_of(b) != &range_type ||
        (op != CMP_EQ && op != CMP_NE))
        return not_implemented();
    r = range_equal(a, b);
    return r < 0 ? NULL : vm_bool((r == 1) == (op == CMP_EQ));
}

static int64_t range_hash(object_t *o)
{
    struct range_object *r = AS_RANGE(o);
    object_t *items[3] = {r->length, None, None};
    int64_t len;
    if (!as_i64(r->length, &len) || len != 0) {
        items[1] = r->start;
        if (!as_i64(r->length, &len) || len != 1)
            items[2] = r->step;
    }
    return vm_hash_items(items, 3);
}

/* ---- methods ---------------------------------------------------------------------------------- */

static object_t *m_index(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct range_c c;
    int64_t i, n;
    if (vm_check_args("index", nargs, kw, 1, 1) < 0 || range_as_c(self, &c, "index") < 0)
        return NULL;
    if (type_of(args[0]) == &int_type || type_of(args[0]) == &bool_type) {
        i = range_index_of(&c, args[0]);
        if (i >= 0)
            return int_from_i64(i);
        return vm_err_format(exc_ValueError, "%R is not in range", args[0]);
    }
    i = range_scan(&c, args[0], false, &n);
    if (i == -2)
        return NULL;
    if (i < 0)
        return vm_err_format(exc_ValueError, "sequence.index(x): x not in sequence");
    return int_from_i64(i);
}

static object_t *m_count(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct range_c c;
    int64_t n;
    if (vm_check_args("count", nargs, kw, 1, 1) < 0 || range_as_c(self, &c, "count") < 0)
        return NULL;
    if (type_of(args[0]) == &int_type || type_of(args[0]) == &bool_type)
        return int_from_i64(range_index_of(&c, args[0]) >= 0);
    if (range_scan(&c, args[0], true, &n) == -2)
        return NULL;
    return int_from_i64(n);
}

struct range_iter {
    struct object ob;
    int64_t next, step, left;
};

static object_t *range_iter_make(int64_t start, int64_t step, int64_t len)
{
    struct range_iter *it = (struct range_iter *)object_alloc(&range_iter_type, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    it->next = start;
    it->step = step;
    it->left = len;
    return &it->ob;
}

static object_t *m_reversed(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct range_c c;
    (void)args;
    if (vm_check_args("__reversed__", nargs, kw, 0, 0) < 0 ||
        range_as_c(self, &c, "reversed") < 0)
        return NULL;
    return range_iter_make(c.start + (c.len - 1) * c.step, -c.step, c.len);
}

static const struct method_def range_methods[] = {
    {"index", m_index, 0},
    {"count", m_count, 0},
    {"__reversed__", m_reversed, 0},
    {NULL, NULL, 0},
};

static object_t *get_start(object_t *o)
{
    incref(AS_RANGE(o)->start);
    return AS_RANGE(o)->start;
}
static object_t *get_stop(object_t *o)
{
    incref(AS_RANGE(o)->stop);
    return AS_RANGE(o)->stop;
}
static object_t *get_step(object_t *o)
{
    incref(AS_RANGE(o)->step);
    return AS_RANGE(o)->step;
}

static const struct member_def range_members[] = {
    {"start", get_start, NULL},
    {"stop", get_stop, NULL},
    {"step", get_step, NULL},
    {NULL, NULL, NULL},
};

static object_t *range_iter(object_t *o)
{
    struct range_c c;
    if (range_as_c(o, &c, "iter") < 0)
        return NULL;
    return range_iter_make(c.start, c.step, c.len);
}

static const struct number_methods range_number = {
    .to_bool = range_to_bool,
};

struct type range_type = {
    .name = "range",
    .basic_size = sizeof(struct range_object),
    .kind = TYPE_KIND_OTHER,
    .dealloc = range_dealloc,
    .repr = range_repr,
    .hash = range_hash,
    .richcompare = range_richcompare,
    .iter = range_iter,
    .newfunc = range_newfunc,
    .length = range_length,
    .getitem = range_subscript,
    .contains = range_contains,
    .number = &range_number,
    .methods = range_methods,
    .members = range_members,
};

/* ---- the iterator ----------------------------------------------------------------------------- */

static void range_iter_dealloc(object_t *o)
{
    object_free(o, sizeof(struct range_iter));
}

static object_t *range_iter_next(object_t *o)
{
    struct range_iter *it = (struct range_iter *)o;
    int64_t v;
    if (it->left <= 0)
        return NULL;
    v = it->next;
    it->left--;
    /* Unsigned: the step past the last item may leave int64's range. */
    it->next = (int64_t)((uint64_t)it->next + (uint64_t)it->step);
    return int_from_i64(v);
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

static object_t *range_iter_length_hint(object_t *self, object_t *const *args, size_t nargs,
                                        object_t *kw)
{
    (void)args;
    if (vm_check_args("__length_hint__", nargs, kw, 0, 0) < 0)
        return NULL;
    return int_from_i64(((struct range_iter *)self)->left);
}

static const struct method_def range_iter_methods[] = {
    {"__length_hint__", range_iter_length_hint, 0},
    {NULL, NULL, 0},
};

struct type range_iter_type = {
    .name = "range_iterator",
    .basic_size = sizeof(struct range_iter),
    .dealloc = range_iter_dealloc,
    .iter = iter_self,
    .iternext = range_iter_next,
    .methods = range_iter_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

void vm_range_init(void)
{
}
