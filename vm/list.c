/*
 * vm/list.c - list's Python behaviour (Objects/listobject.c) on gc/list.c's object.
 *
 * gc/list.c owns the memory side (allocation through the free list, the one inline item,
 * dealloc, traverse, clear); this file adds every method, the sequence and number slots, repr,
 * comparison, the list iterators, and the repr recursion guard that dict and set share.
 *
 * Invariants kept here as in gc/list.c: a list is consistent (size items, each a reference)
 * whenever a reference is dropped, because the decref may run a finalizer that looks at the
 * list; so items are first detached, the list fixed up, and only then the old items dropped.
 * Capacity grows by gc/list.c's rule (list_resize); an item array always has more than
 * LIST_INLINE_ITEMS slots, and the census counts its bytes.
 *
 * sort is a stable merge sort (binary insertion sort of short runs, then bottom-up merges) on
 * (key, value) pairs, so its result is CPython's for any consistent order; reverse=True sorts
 * the reversed list and reverses back, which is how CPython keeps equal items in order. While
 * it sorts, the list is empty: code run by key functions or __lt__ that changes the list is
 * detected afterwards ("list modified during sort"), as CPython does.
 */
#include "mm/malloc.h"
#include "vm/slots.h"
#include "vm/types_init.h"

#define AS_LIST(o) ((struct list_object *)(o))

/* ---- capacity ---------------------------------------------------------------------------------- */

static int list_set_capacity(struct list_object *l, size_t want)
{
    size_t cap = (want + (want >> 3) + 6) & ~(size_t)3;
    object_t **items;
    long old_bytes = list_items_inline(l) ? 0 : (long)(l->allocated * sizeof(object_t *));

    if (want > LIST_MAX_ITEMS) {
        vm_err_nomemory();
        return -1;
    }
    if (cap > LIST_MAX_ITEMS)
        cap = LIST_MAX_ITEMS;
    if (cap <= LIST_INLINE_ITEMS)
        cap = LIST_INLINE_ITEMS + 1;
    if (list_items_inline(l)) {
        items = kmalloc(cap * sizeof(object_t *));
        if (!items && gc_collect_for_memory())
            items = kmalloc(cap * sizeof(object_t *));
        if (items)
            memcpy(items, l->u.inline_items, l->size * sizeof(object_t *));
    } else {
        items = krealloc(l->u.array, cap * sizeof(object_t *));
        if (!items && gc_collect_for_memory())
            items = krealloc(l->u.array, cap * sizeof(object_t *));
    }
    if (!items) {
        vm_err_nomemory();
        return -1;
    }
    census_adjust_bytes(&list_type, (long)(cap * sizeof(object_t *)) - old_bytes);
    l->u.array = items;
    l->allocated = (uint32_t)cap;
    return 0;
}

int list_resize(struct list_object *l, size_t n)
{
    if (n <= l->allocated)
        return 0;
    /* The collection list_set_capacity may run can change l (a finalizer appending): ask again. */
    while (n > l->allocated)
        if (list_set_capacity(l, n) < 0)
            return -1;
    return 0;
}

object_t *list_new_of_type(struct type *t)
{
    struct list_object *l;

    if (t == &list_type) {
        object_t *o = list_new();
        return o ? o : vm_err_nomemory();
    }
    /* A subclass: instance_alloc zeroes, tracks and holds the class (subclass_dealloc drops
     * it); no collection can run before the list below is made consistent. */
    l = (struct list_object *)instance_alloc(t);
    if (!l)
        return NULL;
    l->u.inline_items[0] = NULL;
    l->size = 0;
    l->allocated = LIST_INLINE_ITEMS;
    return &l->ob;
}

/* gc/list.c's list_clear for lists and their subclasses alike: detach the items, make the list
 * empty, then drop them (last first, as CPython's _list_clear). */
static void list_clear_items(object_t *o)
{
    struct list_object *l = AS_LIST(o);
    object_t *inline_copy[LIST_INLINE_ITEMS];
    object_t **items = list_items(l);
    size_t n = l->size;

    if (list_items_inline(l)) {
        memcpy(inline_copy, l->u.inline_items, sizeof inline_copy);
        items = inline_copy;
    } else {
        census_adjust_bytes(&list_type, -(long)(l->allocated * sizeof(object_t *)));
    }
    l->u.inline_items[0] = NULL;
    l->size = 0;
    l->allocated = LIST_INLINE_ITEMS;
    while (n-- > 0)
        decref(items[n]);
    if (items != inline_copy)
        kfree(items);
}

object_t *list_from_array(object_t *const *items, size_t n)
{
    object_t *o = list_new_of_type(&list_type);
    if (!o)
        return NULL;
    if (list_resize(AS_LIST(o), n) < 0) {
        decref(o);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        incref(items[i]);
        list_items_of(o)[i] = items[i];
    }
    AS_LIST(o)->size = (uint32_t)n;
    return o;
}

int list_append_checked(object_t *o, object_t *item)
{
    struct list_object *l = AS_LIST(o);
    if (l->size == l->allocated && list_resize(l, (size_t)l->size + 1) < 0)
        return -1;
    incref(item);
    list_items(l)[l->size++] = item;
    return 0;
}

int list_insert_at(object_t *o, intptr_t where, object_t *item)
{
    struct list_object *l = AS_LIST(o);
    intptr_t n = l->size;
    object_t **items;

    if (list_resize(l, (size_t)n + 1) < 0)
        return -1;
    if (where < 0) {
        where += n;
        if (where < 0)
            where = 0;
    }
    if (where > n)
        where = n;
    items = list_items(l);
    memmove(&items[where + 1], &items[where], (size_t)(n - where) * sizeof(object_t *));
    incref(item);
    items[where] = item;
    l->size++;
    return 0;
}

/* Append everything `iterable` yields. */
int list_extend(object_t *o, object_t *iterable)
{
    struct list_object *l = AS_LIST(o);
    object_t *it, *item;

    if (IS_LIST(iterable) || IS_TUPLE(iterable)) {
        /* Copy the items first: iterable may be o itself. */
        size_t n = IS_LIST(iterable) ? list_size(iterable) : tuple_size(iterable);
        size_t base = l->size;
        if (list_resize(l, base + n) < 0)
            return -1;
        object_t **src = IS_LIST(iterable) ? list_items_of(iterable) : tuple_items(iterable);
        object_t **dst = list_items(l);
        for (size_t i = 0; i < n; i++) {
            incref(src[i]);
            dst[base + i] = src[i];
        }
        l->size = (uint32_t)(base + n);
        return 0;
    }
    it = vm_iter(iterable);
    if (!it)
        return -1;
    while ((item = vm_next(it)) != NULL) {
        int r = list_append_checked(o, item);
        decref(item);
        if (r < 0) {
            decref(it);
            return -1;
        }
    }
    decref(it);
    return vm_err_occurred() ? -1 : 0;
}

/* Replace the items with a copy of those of `items` (n of them, references taken), dropping the
 * old ones only once the list is consistent again. */
static int list_set_items(object_t *o, intptr_t lo, intptr_t hi, object_t *const *items, size_t n)
{
    struct list_object *l = AS_LIST(o);
    size_t size = l->size, removed = (size_t)(hi - lo);
    object_t **old = NULL, **arr;

    if (removed) {
        old = kmalloc(removed * sizeof(object_t *));
        if (!old) {
            vm_err_nomemory();
            return -1;
        }
    }
    if (n > removed && list_resize(l, size + n - removed) < 0) {
        kfree(old);
        return -1;
    }
    arr = list_items(l);
    if (removed)
        memcpy(old, &arr[lo], removed * sizeof(object_t *));
    memmove(&arr[lo + (intptr_t)n], &arr[hi], (size - (size_t)hi) * sizeof(object_t *));
    for (size_t i = 0; i < n; i++) {
        incref(items[i]);
        arr[lo + (intptr_t)i] = items[i];
    }
    l->size = (uint32_t)(size + n - removed);
    for (size_t i = removed; i-- > 0;)
        decref(old[i]);
    kfree(old);
    return 0;
}

/* ---- the repr recursion guard (Py_ReprEnter) ---------------------------------------------------- */

/* The objects whose repr is running, innermost last. One table serves the interpreter: the GIL
 * is held, and a repr never blocks. Freed when the outermost repr leaves, so a program that has
 * ended holds nothing. */
static struct {
    object_t **objs;
    size_t n, cap;
} repr_stack;

int vm_repr_enter(object_t *o)
{
    for (size_t i = 0; i < repr_stack.n; i++)
        if (repr_stack.objs[i] == o)
            return 1;
    if (repr_stack.n == repr_stack.cap) {
        size_t cap = repr_stack.cap ? repr_stack.cap * 2 : 16;
        object_t **objs = krealloc(repr_stack.objs, cap * sizeof(object_t *));
        if (!objs) {
            vm_err_nomemory();
            return -1;
        }
        repr_stack.objs = objs;
        repr_stack.cap = cap;
    }
    repr_stack.objs[repr_stack.n++] = o;
    return 0;
}

void vm_repr_leave(object_t *o)
{
    for (size_t i = repr_stack.n; i-- > 0;) {
        if (repr_stack.objs[i] == o) {
            memmove(&repr_stack.objs[i], &repr_stack.objs[i + 1],
                    (repr_stack.n - i - 1) * sizeof(object_t *));
            repr_stack.n--;
            break;
        }
    }
    if (repr_stack.n == 0) {
        kfree(repr_stack.objs);
        repr_stack.objs = NULL;
        repr_stack.cap = 0;
    }
}

int64_t vm_hash_unhashable(object_t *o)
{
    vm_err_format(exc_TypeError, "unhashable type: '%s'", type_name(o));
    return -1;
}

/* ---- indices ---------------------------------------------------------------------------------- */

int vm_seq_index(object_t *key, size_t len, const char *msg, size_t *out)
{
    intptr_t i;
    if (vm_index_ssize(key, &i) < 0) {
        if (!vm_err_matches(exc_OverflowError))
            return -1;
        vm_err_clear();
        i = INTPTR_MAX; /* beyond any list: IndexError below */
    }
    if (i < 0)
        i += (intptr_t)len;
    if (i < 0 || (size_t)i >= len) {
        vm_err_format(exc_IndexError, "%s", msg);
        return -1;
    }
    *out = (size_t)i;
    return 0;
}

static bool is_index(object_t *o)
{
    return IS_INT(o) || (type_of(o)->number && type_of(o)->number->index);
}

/* ---- the sequence slots ------------------------------------------------------------------------ */

static intptr_t list_length(object_t *o)
{
    return (intptr_t)list_size(o);
}

static object_t *list_subscript(object_t *o, object_t *key)
{
    size_t i;
    if (is_index(key)) {
        if (vm_seq_index(key, list_size(o), "list index out of range", &i) < 0)
            return NULL;
        incref(list_items_of(o)[i]);
        return list_items_of(o)[i];
    }
    if (vm_isinstance_type(key, &slice_type)) {
        intptr_t start, stop, step, n;
        object_t *r;
        if (slice_indices(key, (intptr_t)list_size(o), &start, &stop, &step, &n) < 0)
            return NULL;
        if (step == 1)
            return list_from_array(list_items_of(o) + start, (size_t)n);
        r = list_new_of_type(&list_type);
        if (!r || list_resize(AS_LIST(r), (size_t)n) < 0) {
            XDECREF(r);
            return NULL;
        }
        for (intptr_t k = 0, cur = start; k < n; k++, cur += step) {
            object_t *item = list_items_of(o)[cur];
            incref(item);
            list_items_of(r)[k] = item;
        }
        AS_LIST(r)->size = (uint32_t)n;
        return r;
    }
    return vm_err_format(exc_TypeError, "list indices must be integers or slices, not %s",
                         type_name(key));
}

/* del l[slice] for any step. */
static int list_delete_slice(object_t *o, intptr_t start, intptr_t step, intptr_t n)
{
    struct list_object *l = AS_LIST(o);
    object_t **items, **garbage;
    size_t size = l->size, w = 0;

    if (n <= 0)
        return 0;
    if (step < 0) { /* the same items, walked forwards */
        start = start + step * (n - 1);
        step = -step;
    }
    if (step == 1)
        return list_set_items(o, start, start + n, NULL, 0);
    garbage = kmalloc((size_t)n * sizeof(object_t *));
    if (!garbage) {
        vm_err_nomemory();
        return -1;
    }
    items = list_items(l);
    for (size_t r = 0, k = 0; r < size; r++) {
        if ((intptr_t)k < n && (intptr_t)r == start + (intptr_t)k * step)
            garbage[k++] = items[r];
        else
            items[w++] = items[r];
    }
    l->size = (uint32_t)w;
    for (intptr_t k = 0; k < n; k++)
        decref(garbage[k]);
    kfree(garbage);
    return 0;
}

static int list_assign_slice(object_t *o, object_t *slice, object_t *value)
{
    intptr_t start, stop, step, n;
    object_t *seq;
    int r;

    if (slice_indices(slice, (intptr_t)list_size(o), &start, &stop, &step, &n) < 0)
        return -1;
    if (!value)
        return list_delete_slice(o, start, step, n);
    /* A copy of the new items: value may be o, or an iterator that changes o. */
    seq = vm_sequence_list(value);
    if (!seq) {
        if (vm_err_matches(exc_TypeError) && !vm_isinstance_type(value, &list_type)) {
            vm_err_clear();
            vm_err_format(exc_TypeError, step == 1 ? "can only assign an iterable"
                                                   : "must assign iterable to extended slice");
        }
        return -1;
    }
    if (step == 1) {
        if (stop < start)
            stop = start;
        r = list_set_items(o, start, stop, list_items_of(seq), list_size(seq));
    } else if ((intptr_t)list_size(seq) != n) {
        vm_err_format(exc_ValueError,
                      "attempt to assign sequence of size %zu to extended slice of size %zd",
                      list_size(seq), n);
        r = -1;
    } else {
        object_t **items = list_items_of(o);
        for (intptr_t k = 0, cur = start; k < n; k++, cur += step) {
            object_t *old = items[cur];
            incref(list_items_of(seq)[k]);
            items[cur] = list_items_of(seq)[k];
            list_items_of(seq)[k] = old; /* dropped with seq, after the list is consistent */
        }
        r = 0;
    }
    decref(seq);
    return r;
}

static int list_ass_subscript(object_t *o, object_t *key, object_t *value)
{
    size_t i;
    if (is_index(key)) {
        if (vm_seq_index(key, list_size(o), "list assignment index out of range", &i) < 0)
            return -1;
        if (!value)
            return list_set_items(o, (intptr_t)i, (intptr_t)i + 1, NULL, 0);
        object_t *old = list_items_of(o)[i];
        incref(value);
        list_items_of(o)[i] = value;
        decref(old);
        return 0;
    }
    if (vm_isinstance_type(key, &slice_type))
        return list_assign_slice(o, key, value);
    vm_err_format(exc_TypeError, "list indices must be integers or slices, not %s",
                  type_name(key));
    return -1;
}

static int list_contains(object_t *o, object_t *item)
{
    for (size_t i = 0; i < list_size(o); i++) {
        object_t *x = list_items_of(o)[i];
        incref(x);
        int r = vm_richcompare_bool(x, item, CMP_EQ);
        decref(x);
        if (r != 0)
            return r;
    }
    return 0;
}

/* ---- repr and comparison ----------------------------------------------------------------------- */

static object_t *list_repr(object_t *o)
{
    struct strbuf b;
    int g = vm_repr_enter(o);

    if (g != 0)
        return g > 0 ? str_from_cstr("[...]") : NULL;
    sb_init(&b);
    sb_putc(&b, '[');
    /* The list may change while its items' reprs run: look at its size each time. */
    for (size_t i = 0; i < list_size(o); i++) {
        object_t *x = list_items_of(o)[i];
        if (i)
            sb_puts(&b, ", ");
        incref(x);
        int r = sb_put_repr(&b, x);
        decref(x);
        if (r < 0) {
            sb_free(&b);
            vm_repr_leave(o);
            return NULL;
        }
    }
    sb_putc(&b, ']');
    vm_repr_leave(o);
    return sb_finish(&b);
}

static object_t **list_items_fn(object_t *o)
{
    return list_items_of(o);
}

object_t *vm_compare_items(object_t *a, object_t *b, int op,
                           object_t **(*items)(object_t *), size_t (*size)(object_t *))
{
    size_t i;

    if (size(a) != size(b) && (op == CMP_EQ || op == CMP_NE))
        return vm_bool(op == CMP_NE);
    for (i = 0; i < size(a) && i < size(b); i++) {
        object_t *x = items(a)[i], *y = items(b)[i];
        if (x == y)
            continue;
        incref(x);
        incref(y);
        int eq = vm_richcompare_bool(x, y, CMP_EQ);
        decref(x);
        decref(y);
        if (eq < 0)
            return NULL;
        if (!eq)
            break;
    }
    if (i >= size(a) || i >= size(b)) {
        size_t sa = size(a), sb = size(b);
        bool r = false;
        switch (op) {
        case CMP_LT: r = sa < sb; break;
        case CMP_LE: r = sa <= sb; break;
        case CMP_EQ: r = sa == sb; break;
        case CMP_NE: r = sa != sb; break;
        case CMP_GT: r = sa > sb; break;
        case CMP_GE: r = sa >= sb; break;
        }
        return vm_bool(r);
    }
    if (op == CMP_EQ)
        return vm_bool(false);
    if (op == CMP_NE)
        return vm_bool(true);
    object_t *x = items(a)[i], *y = items(b)[i], *r;
    incref(x);
    incref(y);
    r = vm_richcompare(x, y, op);
    decref(x);
    decref(y);
    return r;
}

static size_t list_size_fn(object_t *o)
{
    return list_size(o);
}

static object_t *list_richcompare(object_t *a, object_t *b, int op)
{
    if (!IS_LIST(a) || !IS_LIST(b)) {
        incref(NotImplemented);
        return NotImplemented;
    }
    return vm_compare_items(a, b, op, list_items_fn, list_size_fn);
}

/* ---- number slots: + * += *= -------------------------------------------------------------------- */

static object_t *not_implemented(void)
{
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *list_concat(object_t *a, object_t *b)
{
    object_t *r;
    if (!IS_LIST(a))
        return not_implemented();
    if (!IS_LIST(b)) {
        if (type_has(b, VM_TYPE_HEAP))
            return not_implemented(); /* its __radd__ may take a list */
        return vm_err_format(exc_TypeError, "can only concatenate list (not \"%s\") to list",
                             type_name(b));
    }
    r = list_from_array(list_items_of(a), list_size(a));
    if (r && list_extend(r, b) < 0)
        CLEAR_REF(r);
    return r;
}

/* The repeat count of seq * n, or -1 with the TypeError (or -2: NotImplemented). */
intptr_t vm_repeat_count(object_t *n)
{
    intptr_t c;
    if (!is_index(n)) {
        if (type_has(n, VM_TYPE_HEAP))
            return -2;
        vm_err_format(exc_TypeError, "can't multiply sequence by non-int of type '%s'",
                      type_name(n));
        return -1;
    }
    if (vm_index_ssize(n, &c) < 0) {
        if (vm_err_matches(exc_OverflowError)) {
            vm_err_clear();
            vm_err_format(exc_OverflowError, "cannot fit 'int' into an index-sized integer");
        }
        return -1;
    }
    return c < 0 ? 0 : c;
}

static object_t *list_repeat(object_t *a, object_t *b)
{
    object_t *seq = IS_LIST(a) ? a : b, *n = IS_LIST(a) ? b : a, *r;
    intptr_t c = vm_repeat_count(n);
    size_t len = list_size(seq);

    if (c == -2)
        return not_implemented();
    if (c < 0)
        return NULL;
    if (len && (size_t)c > LIST_MAX_ITEMS / len)
        return vm_err_nomemory();
    r = list_new_of_type(&list_type);
    if (!r || list_resize(AS_LIST(r), len * (size_t)c) < 0) {
        XDECREF(r);
        return NULL;
    }
    for (intptr_t k = 0; k < c; k++)
        for (size_t i = 0; i < len; i++) {
            object_t *x = list_items_of(seq)[i];
            incref(x);
            list_items_of(r)[AS_LIST(r)->size++] = x;
        }
    return r;
}

static object_t *list_inplace_concat(object_t *a, object_t *b)
{
    if (!IS_LIST(a))
        return not_implemented();
    if (list_extend(a, b) < 0)
        return NULL;
    incref(a);
    return a;
}

static object_t *list_inplace_repeat(object_t *a, object_t *b)
{
    intptr_t c;
    size_t len;

    if (!IS_LIST(a))
        return not_implemented();
    c = vm_repeat_count(b);
    if (c == -2)
        return not_implemented();
    if (c < 0)
        return NULL;
    len = list_size(a);
    if (c == 0 || len == 0) {
        list_clear_items(a);
    } else {
        if ((size_t)c > LIST_MAX_ITEMS / len)
            return vm_err_nomemory();
        if (list_resize(AS_LIST(a), len * (size_t)c) < 0)
            return NULL;
        for (intptr_t k = 1; k < c; k++)
            for (size_t i = 0; i < len; i++) {
                object_t *x = list_items_of(a)[i];
                incref(x);
                list_items_of(a)[AS_LIST(a)->size++] = x;
            }
    }
    incref(a);
    return a;
}

static int list_to_bool(object_t *o)
{
    return list_size(o) != 0;
}

static const struct number_methods list_number = {
    .binary = {[NB_ADD] = list_concat, [NB_MULTIPLY] = list_repeat},
    .inplace = {[NB_ADD] = list_inplace_concat, [NB_MULTIPLY] = list_inplace_repeat},
    .to_bool = list_to_bool,
};

/* ---- sort -------------------------------------------------------------------------------------- */

struct sort_item {
    object_t *key, *value;
};

/* a < b on keys: 1, 0, or -1 with the exception. */
static int sort_less(const struct sort_item *a, const struct sort_item *b)
{
    return vm_richcompare_bool(a->key, b->key, CMP_LT);
}

#define SORT_RUN 32

/* Binary insertion sort of v[0..n): stable (an item goes after the equal ones before it). */
static int insertion_sort(struct sort_item *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct sort_item x = v[i];
        size_t lo = 0, hi = i;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int lt = sort_less(&x, &v[mid]);
            if (lt < 0)
                return -1;
            if (lt)
                hi = mid;
            else
                lo = mid + 1;
        }
        memmove(&v[lo + 1], &v[lo], (i - lo) * sizeof *v);
        v[lo] = x;
    }
    return 0;
}

/* Merge the sorted runs v[lo..mid) and v[mid..hi) through tmp; stable: the left run wins ties.
 * On an error the items are all still in v (in some order). */
static int merge_runs(struct sort_item *v, struct sort_item *tmp, size_t lo, size_t mid, size_t hi)
{
    size_t j = mid, k;
    int lt;

    /* Already in order: nothing to merge (one comparison, as a run boundary check). */
    lt = sort_less(&v[mid], &v[mid - 1]);
    if (lt <= 0)
        return lt;
    memcpy(tmp, &v[lo], (mid - lo) * sizeof *v);
    k = lo;
    size_t t = 0, tn = mid - lo;
    while (t < tn && j < hi) {
        lt = sort_less(&v[j], &tmp[t]);
        if (lt < 0) {
            /* Put the rest back so every item is in v exactly once. */
            memmove(&v[k], &tmp[t], (tn - t) * sizeof *v);
            return -1;
        }
        v[k++] = lt ? v[j++] : tmp[t++];
    }
    while (t < tn)
        v[k++] = tmp[t++];
    return 0;
}

static int merge_sort(struct sort_item *v, size_t n)
{
    struct sort_item *tmp;

    for (size_t lo = 0; lo < n; lo += SORT_RUN)
        if (insertion_sort(v + lo, n - lo < SORT_RUN ? n - lo : SORT_RUN) < 0)
            return -1;
    if (n <= SORT_RUN)
        return 0;
    tmp = kmalloc(n * sizeof *tmp);
    if (!tmp) {
        vm_err_nomemory();
        return -1;
    }
    for (size_t width = SORT_RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            size_t mid = lo + width, hi = lo + 2 * width < n ? lo + 2 * width : n;
            if (merge_runs(v, tmp, lo, mid, hi) < 0) {
                kfree(tmp);
                return -1;
            }
        }
    }
    kfree(tmp);
    return 0;
}

static void reverse_items(object_t **items, size_t n)
{
    for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
        object_t *t = items[i];
        items[i] = items[j - 1];
        items[j - 1] = t;
    }
}

int list_reverse(object_t *o)
{
    reverse_items(list_items_of(o), list_size(o));
    return 0;
}

int list_sort(object_t *o, object_t *key, bool reverse)
{
    struct list_object *l = AS_LIST(o);
    union { object_t **array; object_t *inline_items[LIST_INLINE_ITEMS]; } saved;
    uint32_t size = l->size, allocated = l->allocated;
    object_t **items;
    struct sort_item *v = NULL;
    int r = 0;

    if (key == None)
        key = NULL;
    /* Empty the list while sorting: what user code does to it is detected afterwards. */
    memcpy(&saved, &l->u, sizeof saved);
    items = list_items_inline(l) ? saved.inline_items : saved.array;
    l->u.inline_items[0] = NULL;
    l->size = 0;
    l->allocated = LIST_INLINE_ITEMS;

    if (size > 1) {
        v = kmalloc(size * sizeof *v);
        if (!v) {
            vm_err_nomemory();
            r = -1;
        }
    }
    size_t nkeys = 0;
    if (v) {
        if (reverse)
            reverse_items(items, size);
        for (; nkeys < size; nkeys++) {
            v[nkeys].value = items[nkeys];
            v[nkeys].key = key ? vm_call1(key, items[nkeys]) : items[nkeys];
            if (!v[nkeys].key) {
                r = -1;
                break;
            }
        }
        if (nkeys == size) {
            r = merge_sort(v, size);
            /* v holds a permutation of the items even when a comparison failed. */
            for (size_t i = 0; i < size; i++)
                items[i] = v[i].value;
        }
        if (reverse)
            reverse_items(items, size);
        if (key)
            for (size_t i = 0; i < nkeys; i++)
                decref(v[i].key);
        kfree(v);
    }

    /* Put the items back; whatever user code stored in the list meanwhile is dropped. */
    bool modified = l->size != 0 || l->allocated != LIST_INLINE_ITEMS;
    object_t *inline_copy[LIST_INLINE_ITEMS];
    object_t **extra = list_items(l);
    size_t nextra = l->size;
    bool extra_inline = list_items_inline(l);
    if (extra_inline) {
        memcpy(inline_copy, l->u.inline_items, sizeof inline_copy);
        extra = inline_copy;
    } else {
        census_adjust_bytes(&list_type, -(long)(l->allocated * sizeof(object_t *)));
    }
    memcpy(&l->u, &saved, sizeof saved);
    l->size = size;
    l->allocated = allocated;
    while (nextra-- > 0)
        decref(extra[nextra]);
    if (!extra_inline)
        kfree(extra);
    if (modified && r == 0) {
        vm_err_format(exc_ValueError, "list modified during sort");
        r = -1;
    }
    return r;
}

/* ---- methods ----------------------------------------------------------------------------------- */

static object_t *none_or_null(int r)
{
    return r < 0 ? NULL : vm_none_ref();
}

static object_t *m_append(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    if (vm_check_args("list.append", nargs, kw, 1, 1) < 0)
        return NULL;
    return none_or_null(list_append_checked(self, args[0]));
}

static object_t *m_extend(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    if (vm_check_args("list.extend", nargs, kw, 1, 1) < 0)
        return NULL;
    return none_or_null(list_extend(self, args[0]));
}

static object_t *m_insert(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t where;
    if (vm_check_args("insert", nargs, kw, 2, 2) < 0 || vm_index_ssize(args[0], &where) < 0)
        return NULL;
    return none_or_null(list_insert_at(self, where, args[1]));
}

static object_t *m_pop(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    size_t i;
    object_t *item;

    if (vm_check_args("pop", nargs, kw, 0, 1) < 0)
        return NULL;
    if (list_size(self) == 0)
        return vm_err_format(exc_IndexError, "pop from empty list");
    if (nargs == 0)
        i = list_size(self) - 1;
    else if (vm_seq_index(args[0], list_size(self), "pop index out of range", &i) < 0)
        return NULL;
    item = list_items_of(self)[i];
    memmove(&list_items_of(self)[i], &list_items_of(self)[i + 1],
            (list_size(self) - i - 1) * sizeof(object_t *));
    AS_LIST(self)->size--;
    return item; /* the list's reference passes to the caller */
}

/* The first index of x in o[start:stop] (CPython's index/remove scan), or -1: absent; -2: error. */
static intptr_t list_find(object_t *o, object_t *x, size_t start, size_t stop)
{
    for (size_t i = start; i < stop && i < list_size(o); i++) {
        object_t *y = list_items_of(o)[i];
        incref(y);
        int r = vm_richcompare_bool(y, x, CMP_EQ);
        decref(y);
        if (r < 0)
            return -2;
        if (r)
            return (intptr_t)i;
    }
    return -1;
}

static object_t *m_remove(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t i;
    if (vm_check_args("list.remove", nargs, kw, 1, 1) < 0)
        return NULL;
    i = list_find(self, args[0], 0, list_size(self));
    if (i == -2)
        return NULL;
    if (i == -1)
        return vm_err_format(exc_ValueError, "list.remove(x): x not in list");
    return none_or_null(list_set_items(self, i, i + 1, NULL, 0));
}

/* Resolve index()'s optional start and stop as slice bounds against len. */
int vm_slice_bounds(object_t *const *args, size_t nargs, size_t len, size_t *start, size_t *stop)
{
    intptr_t b[2] = {0, (intptr_t)len};
    for (size_t k = 0; k < nargs && k < 2; k++) {
        if (args[k] == None && k == 1)
            continue;
        if (!is_index(args[k])) {
            vm_err_format(exc_TypeError,
                          "slice indices must be integers or have an __index__ method");
            return -1;
        }
        if (vm_index_ssize(args[k], &b[k]) < 0) {
            if (!vm_err_matches(exc_OverflowError))
                return -1;
            vm_err_clear();
            object_t *i = vm_index(args[k]);
            b[k] = i && int_sign(i) < 0 ? INTPTR_MIN / 2 : INTPTR_MAX / 2;
            XDECREF(i);
        }
        if (b[k] < 0) {
            b[k] += (intptr_t)len;
            if (b[k] < 0)
                b[k] = 0;
        }
        if (b[k] > (intptr_t)len)
            b[k] = (intptr_t)len;
    }
    *start = (size_t)b[0];
    *stop = (size_t)b[1];
    return 0;
}

static object_t *m_index(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    size_t start, stop;
    intptr_t i;
    if (vm_check_args("index", nargs, kw, 1, 3) < 0 ||
        vm_slice_bounds(args + 1, nargs - 1, list_size(self), &start, &stop) < 0)
        return NULL;
    i = list_find(self, args[0], start, stop);
    if (i == -2)
        return NULL;
    if (i == -1)
        return vm_err_format(exc_ValueError, "%R is not in list", args[0]);
    return int_from_i64(i);
}

static object_t *m_count(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    int64_t n = 0;
    if (vm_check_args("list.count", nargs, kw, 1, 1) < 0)
        return NULL;
    for (size_t i = 0; i < list_size(self); i++) {
        object_t *y = list_items_of(self)[i];
        incref(y);
        int r = vm_richcompare_bool(y, args[0], CMP_EQ);
        decref(y);
        if (r < 0)
            return NULL;
        n += r;
    }
    return int_from_i64(n);
}

static object_t *m_clear(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("list.clear", nargs, kw, 0, 0) < 0)
        return NULL;
    list_clear_items(self);
    return vm_none_ref();
}

static object_t *m_copy(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("list.copy", nargs, kw, 0, 0) < 0)
        return NULL;
    return list_from_array(list_items_of(self), list_size(self));
}

static object_t *m_reverse(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("list.reverse", nargs, kw, 0, 0) < 0)
        return NULL;
    list_reverse(self);
    return vm_none_ref();
}

static object_t *m_sort(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char *const names[] = {"key", "reverse", NULL};
    object_t *out[2] = {NULL, NULL};
    int reverse = 0;

    if (nargs > 0)
        return vm_err_format(exc_TypeError, "sort() takes no positional arguments");
    if (vm_parse_args("sort", args, nargs, kw, names, 0, out) < 0)
        return NULL;
    if (out[1] && (reverse = vm_is_true(out[1])) < 0)
        return NULL;
    return none_or_null(list_sort(self, out[0], reverse != 0));
}

static object_t *m_reversed(object_t *self, object_t *const *args, size_t nargs, object_t *kw);

static object_t *m_sizeof(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("__sizeof__", nargs, kw, 0, 0) < 0)
        return NULL;
    size_t n = sizeof(struct list_object);
    if (!list_items_inline(AS_LIST(self)))
        n += AS_LIST(self)->allocated * sizeof(object_t *);
    return int_from_u64(n);
}

static const struct method_def list_method_defs[] = {
    {"append", m_append, 0},
    {"extend", m_extend, 0},
    {"insert", m_insert, 0},
    {"pop", m_pop, 0},
    {"remove", m_remove, 0},
    {"index", m_index, 0},
    {"count", m_count, 0},
    {"clear", m_clear, 0},
    {"copy", m_copy, 0},
    {"reverse", m_reverse, 0},
    {"sort", m_sort, 0},
    {"__reversed__", m_reversed, 0},
    {"__sizeof__", m_sizeof, 0},
    {NULL, NULL, 0},
};

/* ---- construction ------------------------------------------------------------------------------ */

static object_t *list_newfunc(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames; /* list.__new__ ignores its arguments: __init__ takes them */
    return list_new_of_type(t);
}

static int list_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    if (kwnames && tuple_size(kwnames) && type_of(self) == &list_type) {
        vm_err_format(exc_TypeError, "list() takes no keyword arguments");
        return -1;
    }
    if (nargs > 1) {
        vm_err_format(exc_TypeError, "list expected at most 1 argument, got %zu", nargs);
        return -1;
    }
    list_clear_items(self);
    return nargs ? list_extend(self, args[0]) : 0;
}

/* ---- iterators --------------------------------------------------------------------------------- */

struct list_iter {
    struct object ob;
    object_t *seq;  /* NULL once exhausted */
    size_t index;   /* next item; the reverse iterator counts down, index = next + 1 */
};

static object_t *list_iter_make(struct type *t, object_t *seq, size_t index)
{
    struct list_iter *it = (struct list_iter *)gc_alloc(t, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    incref(seq);
    it->seq = seq;
    it->index = index;
    gc_track(&it->ob);
    return &it->ob;
}

static void list_iter_dealloc(object_t *o)
{
    gc_untrack(o);
    XDECREF(((struct list_iter *)o)->seq);
    gc_free(o, sizeof(struct list_iter));
}

static int list_iter_traverse(object_t *o, visitproc visit, void *arg)
{
    object_t *seq = ((struct list_iter *)o)->seq;
    return seq ? visit(seq, arg) : 0;
}

static int list_iter_clear(object_t *o)
{
    CLEAR_REF(((struct list_iter *)o)->seq);
    return 0;
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

static object_t *list_iter_next(object_t *o)
{
    struct list_iter *it = (struct list_iter *)o;
    if (!it->seq)
        return NULL;
    if (it->index < list_size(it->seq)) {
        object_t *x = list_items_of(it->seq)[it->index++];
        incref(x);
        return x;
    }
    CLEAR_REF(it->seq);
    return NULL;
}

static object_t *list_reviter_next(object_t *o)
{
    struct list_iter *it = (struct list_iter *)o;
    if (!it->seq)
        return NULL;
    if (it->index > 0 && it->index <= list_size(it->seq)) {
        object_t *x = list_items_of(it->seq)[--it->index];
        incref(x);
        return x;
    }
    CLEAR_REF(it->seq);
    return NULL;
}

static object_t *list_iter_length_hint(object_t *self, object_t *const *args, size_t nargs,
                                       object_t *kw)
{
    struct list_iter *it = (struct list_iter *)self;
    (void)args;
    if (vm_check_args("__length_hint__", nargs, kw, 0, 0) < 0)
        return NULL;
    if (!it->seq)
        return int_from_i64(0);
    if (type_of(self) == &list_reviter_type)
        return int_from_u64(it->index <= list_size(it->seq) ? it->index : 0);
    return int_from_u64(it->index < list_size(it->seq) ? list_size(it->seq) - it->index : 0);
}

static const struct method_def list_iter_methods[] = {
    {"__length_hint__", list_iter_length_hint, 0},
    {NULL, NULL, 0},
};

struct type list_iter_type = {
    .name = "list_iterator",
    .basic_size = sizeof(struct list_iter),
    .flags = TYPE_FLAG_GC,
    .dealloc = list_iter_dealloc,
    .traverse = list_iter_traverse,
    .clear = list_iter_clear,
    .iter = iter_self,
    .iternext = list_iter_next,
    .methods = list_iter_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

struct type list_reviter_type = {
    .name = "list_reverseiterator",
    .basic_size = sizeof(struct list_iter),
    .flags = TYPE_FLAG_GC,
    .dealloc = list_iter_dealloc,
    .traverse = list_iter_traverse,
    .clear = list_iter_clear,
    .iter = iter_self,
    .iternext = list_reviter_next,
    .methods = list_iter_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

static object_t *list_iter(object_t *o)
{
    return list_iter_make(&list_iter_type, o, 0);
}

static object_t *m_reversed(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("__reversed__", nargs, kw, 0, 0) < 0)
        return NULL;
    return list_iter_make(&list_reviter_type, self, list_size(self));
}

struct type *const vm_container_types[] = {
    &dict_keys_type, &dict_values_type, &dict_items_type, &list_iter_type, &list_reviter_type,
    &tuple_iter_type, &set_iter_type, &range_iter_type, &bytes_iter_type, &dict_keyiter_type,
    &dict_valueiter_type, &dict_itemiter_type, &dict_revkeyiter_type, NULL,
};

void vm_list_init(void)
{
    list_type.repr = list_repr;
    list_type.hash = vm_hash_unhashable;
    list_type.richcompare = list_richcompare;
    list_type.iter = list_iter;
    list_type.newfunc = list_newfunc;
    list_type.init = list_init;
    list_type.length = list_length;
    list_type.getitem = list_subscript;
    list_type.setitem = list_ass_subscript;
    list_type.contains = list_contains;
    list_type.number = &list_number;
    list_type.methods = list_method_defs;
    list_type.vm_flags |= VM_TYPE_LIST_SUB | VM_TYPE_BASETYPE;
}
