/*
 * vm/dict.c - dict's Python behaviour (Objects/dictobject.c) on gc/dict.c's compact table.
 *
 * gc/dict.c owns the table (insertion-ordered entries, CPython's probe, lazy tracking,
 * dealloc/traverse/clear); vm_dict_init() installs Python's hash() and == as its key hooks, so
 * any hashable key works and a key's __hash__/__eq__ raising comes back as an error here.
 * This file adds the error-aware API of vm/builtin.h, every method, the subscript slots (with
 * __missing__ for subclasses), repr, ==, | and |=, dict(...), the keys/values/items views and
 * the iterators.
 *
 * Iteration safety is CPython's: an iterator remembers the dict's `used` when it started and
 * raises "dictionary changed size during iteration" when it differs (sticky afterwards), and
 * counts the items left, so a dict whose keys were replaced at the same size raises "dictionary
 * keys changed during iteration" instead of looping. popitem takes the last entry and shrinks
 * nentries to it, as CPython does, so emptying a dict with popitem is linear.
 */
#include "vm/slots.h"
#include "vm/types_init.h"

#define AS_DICT(o) ((struct dict_object *)(o))

void dict_init_empty(struct dict_object *d); /* gc/dict.c */

/* ---- key hooks -------------------------------------------------------------------------------- */

static int64_t key_hash(object_t *key)
{
    if (key->type == &str_type)
        return ((struct str_object *)key)->hash;
    return vm_hash(key);
}

static int key_eq(object_t *a, object_t *b)
{
    if (a->type == &str_type && b->type == &str_type) {
        struct str_object *x = (struct str_object *)a, *y = (struct str_object *)b;
        return x->len == y->len && memcmp(x->data, y->data, x->len) == 0;
    }
    return vm_richcompare_bool(a, b, CMP_EQ);
}

/* ---- the API of vm/builtin.h ------------------------------------------------------------------ */

static int store_result(int r)
{
    if (r == -1)
        vm_err_nomemory();
    return r < 0 ? -1 : 0;
}

object_t *dict_lookup(object_t *d, object_t *key)
{
    int error = 0;
    int64_t hash = key_hash(key);
    object_t *v;

    if (hash == -1)
        return NULL;
    v = dict_get_hashed(d, key, hash, &error);
    return v;
}

object_t *dict_lookup_str(object_t *d, object_t *key)
{
    int error = 0;
    return dict_get_hashed(d, key, ((struct str_object *)key)->hash, &error);
}

#define CSTR_STACK_BYTES 128

object_t *dict_lookup_cstr(object_t *d, const char *s)
{
    size_t len = strlen(s), nchars = 0;
    int error = 0;
    object_t *r;

    for (size_t i = 0; i < len; i++)
        nchars += ((unsigned char)s[i] & 0xc0) != 0x80;
    if (len < CSTR_STACK_BYTES) {
        /* A str on the stack for the lookup only: the table compares it, never keeps it. */
        _Alignas(struct str_object) char buf[sizeof(struct str_object) + CSTR_STACK_BYTES];
        struct str_object *key = (struct str_object *)buf;
        key->ob.refcnt = 1;
        key->ob.type = &str_type;
        key->len = len;
        key->nchars = nchars;
        key->hash = str_hash_bytes(s, len);
        memcpy(key->data, s, len + 1);
        return dict_get_hashed(d, &key->ob, key->hash, &error);
    }
    object_t *k = str_from_utf8(s, len);
    if (!k)
        return NULL;
    r = dict_get_hashed(d, k, ((struct str_object *)k)->hash, &error);
    decref(k);
    return r;
}

int dict_store(object_t *d, object_t *key, object_t *value)
{
    int64_t hash = key_hash(key);
    if (hash == -1)
        return -1;
    return store_result(dict_set_hashed(d, key, hash, value));
}

int dict_store_cstr(object_t *d, const char *key, object_t *value)
{
    object_t *k = str_intern_cstr(key); /* borrowed: the interned table keeps it */
    if (!k)
        return -1;
    return dict_store(d, k, value);
}

int dict_remove(object_t *d, object_t *key)
{
    int64_t hash = key_hash(key);
    int r;
    if (hash == -1)
        return -1;
    r = dict_del_hashed(d, key, hash);
    if (r == -1)
        vm_err_set_key(key);
    return r < 0 ? -1 : 0;
}

bool dict_next(object_t *o, size_t *pos, object_t **key, object_t **value)
{
    struct dict_object *d = AS_DICT(o);
    while (*pos < d->nentries) {
        struct dict_entry *e = &d->table[(*pos)++];
        if (e->key) {
            if (key)
                *key = e->key;
            if (value)
                *value = e->value;
            return true;
        }
    }
    return false;
}

/* Merge the items of dict `other` (a dict whose iteration is dict's own). */
static int merge_dict(object_t *d, object_t *other, bool override)
{
    struct dict_object *o = AS_DICT(other);
    size_t used = o->used;

    if (d == other || used == 0)
        return 0;
    for (size_t i = 0; i < o->nentries; i++) {
        struct dict_entry *e = &o->table[i];
        object_t *k = e->key, *v = e->value;
        int r = 0;
        if (!k)
            continue;
        int64_t hash = e->hash;
        incref(k);
        incref(v);
        if (!override) {
            int error = 0;
            object_t *have = dict_get_hashed(d, k, hash, &error);
            if (error)
                r = -1;
            else if (!have)
                r = store_result(dict_set_hashed(d, k, hash, v));
        } else {
            r = store_result(dict_set_hashed(d, k, hash, v));
        }
        decref(k);
        decref(v);
        if (r < 0)
            return -1;
        if (o->used != used) {
            vm_err_format(exc_RuntimeError, "dict mutated during update");
            return -1;
        }
    }
    return 0;
}

int dict_merge(object_t *d, object_t *other, bool override)
{
    object_t *keys, *it, *k;

    if (IS_DICT(other) && type_of(other)->iter == dict_type.iter)
        return merge_dict(d, other, override);
    /* A mapping: its keys() and [key]. */
    keys = vm_call_method(other, "keys", NULL, 0);
    if (!keys)
        return -1;
    it = vm_iter(keys);
    decref(keys);
    if (!it)
        return -1;
    while ((k = vm_next(it)) != NULL) {
        int r = 0;
        if (!override) {
            object_t *have = dict_lookup(d, k);
            if (!have && vm_err_occurred())
                r = -1;
            else if (have) {
                decref(k);
                continue;
            }
        }
        if (r == 0) {
            object_t *v = vm_getitem(other, k);
            r = v ? dict_store(d, k, v) : -1;
            XDECREF(v);
        }
        decref(k);
        if (r < 0) {
            decref(it);
            return -1;
        }
    }
    decref(it);
    return vm_err_occurred() ? -1 : 0;
}

object_t *dict_copy(object_t *d)
{
    object_t *r = dict_new();
    if (!r)
        return vm_err_nomemory();
    if (merge_dict(r, d, true) < 0) {
        decref(r);
        return NULL;
    }
    return r;
}

/* Store the pairs an iterable yields (dict(seq), update(seq)). */
static int merge_pairs(object_t *d, object_t *seq)
{
    object_t *it = vm_iter(seq), *item;
    size_t index = 0;

    if (!it)
        return -1;
    for (; (item = vm_next(it)) != NULL; index++) {
        object_t *pair = vm_sequence_tuple(item);
        int r = -1;
        if (!pair) {
            if (vm_err_matches(exc_TypeError)) {
                vm_err_clear();
                vm_err_format(exc_TypeError,
                              "cannot convert dictionary update sequence element #%zu to a sequence",
                              index);
            }
        } else if (tuple_size(pair) != 2) {
            vm_err_format(exc_ValueError,
                          "dictionary update sequence element #%zu has length %zu; 2 is required",
                          index, tuple_size(pair));
        } else {
            r = IS_DICT(d) && type_of(d) == &dict_type
                    ? dict_store(d, tuple_items(pair)[0], tuple_items(pair)[1])
                    : vm_setitem(d, tuple_items(pair)[0], tuple_items(pair)[1]);
        }
        XDECREF(pair);
        decref(item);
        if (r < 0) {
            decref(it);
            return -1;
        }
    }
    decref(it);
    return vm_err_occurred() ? -1 : 0;
}

/* update()'s positional argument: a dict, a mapping (has keys()), or pairs. */
static int update_arg(object_t *d, object_t *arg)
{
    object_t *keys;
    int has;

    if (IS_DICT(arg))
        return dict_merge(d, arg, true);
    object_t *name = str_intern_cstr("keys"); /* borrowed */
    if (!name)
        return -1;
    has = vm_lookup_attr(arg, name, &keys);
    if (has < 0)
        return -1;
    if (has) {
        decref(keys);
        return dict_merge(d, arg, true);
    }
    return merge_pairs(d, arg);
}

/* update(arg, **kw) and dict(arg, **kw). */
static int update_common(object_t *d, object_t *const *args, size_t nargs, object_t *kwnames,
                         const char *fname)
{
    if (nargs > 1) {
        vm_err_format(exc_TypeError, "%s expected at most 1 argument, got %zu", fname, nargs);
        return -1;
    }
    if (nargs && update_arg(d, args[0]) < 0)
        return -1;
    if (kwnames)
        for (size_t i = 0; i < tuple_size(kwnames); i++)
            if (dict_store(d, tuple_items(kwnames)[i], args[nargs + i]) < 0)
                return -1;
    return 0;
}

/* ---- subscript, contains, len ----------------------------------------------------------------- */

static object_t *dict_subscript(object_t *d, object_t *key)
{
    object_t *v = dict_lookup(d, key);
    if (v) {
        incref(v);
        return v;
    }
    if (vm_err_occurred())
        return NULL;
    if (type_of(d) != &dict_type) {
        object_t *missing = type_lookup_cstr(type_of(d), "__missing__");
        if (missing)
            return vm_call_method(d, "__missing__", &key, 1);
    }
    vm_err_set_key(key);
    return NULL;
}

static int dict_ass_subscript(object_t *d, object_t *key, object_t *value)
{
    return value ? dict_store(d, key, value) : dict_remove(d, key);
}

static int dict_contains(object_t *d, object_t *key)
{
    object_t *v = dict_lookup(d, key);
    return v ? 1 : vm_err_occurred() ? -1 : 0;
}

static intptr_t dict_length(object_t *d)
{
    return (intptr_t)AS_DICT(d)->used;
}

/* ---- repr, == --------------------------------------------------------------------------------- */

static object_t *dict_repr(object_t *o)
{
    struct dict_object *d = AS_DICT(o);
    struct strbuf b;
    bool first = true;
    int g;

    if (d->used == 0)
        return str_from_cstr("{}");
    g = vm_repr_enter(o);
    if (g != 0)
        return g > 0 ? str_from_cstr("{...}") : NULL;
    sb_init(&b);
    sb_putc(&b, '{');
    /* Each repr may change the dict: re-read the table at every step. */
    for (size_t i = 0; i < d->nentries; i++) {
        object_t *k = d->table[i].key, *v = d->table[i].value;
        int r;
        if (!k)
            continue;
        if (!first)
            sb_puts(&b, ", ");
        first = false;
        incref(k);
        incref(v);
        r = sb_put_repr(&b, k);
        if (r == 0) {
            sb_puts(&b, ": ");
            r = sb_put_repr(&b, v);
        }
        decref(k);
        decref(v);
        if (r < 0) {
            sb_free(&b);
            vm_repr_leave(o);
            return NULL;
        }
    }
    sb_putc(&b, '}');
    vm_repr_leave(o);
    return sb_finish(&b);
}

/* 1 equal, 0 not, -1 error (dict_equal). */
static int dict_equal(object_t *a, object_t *b)
{
    struct dict_object *x = AS_DICT(a);

    if (x->used != AS_DICT(b)->used)
        return 0;
    for (size_t i = 0; i < x->nentries; i++) {
        object_t *k = x->table[i].key, *v = x->table[i].value, *bv;
        int r;
        if (!k)
            continue;
        incref(k);
        incref(v);
        bv = dict_get_hashed(b, k, x->table[i].hash, &(int){0});
        if (!bv) {
            r = vm_err_occurred() ? -1 : 0;
        } else {
            incref(bv);
            r = vm_richcompare_bool(v, bv, CMP_EQ);
            decref(bv);
        }
        decref(k);
        decref(v);
        if (r <= 0)
            return r;
    }
    return 1;
}

static object_t *not_implemented(void)
{
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *dict_richcompare(object_t *a, object_t *b, int op)
{
    int r;
    if (!IS_DICT(a) || !IS_DICT(b) || (op != CMP_EQ && op != CMP_NE))
        return not_implemented();
    r = dict_equal(a, b);
    if (r < 0)
        return NULL;
    return vm_bool((op == CMP_EQ) == (r == 1));
}

static object_t *dict_or(object_t *a, object_t *b)
{
    object_t *r;
    if (!IS_DICT(a) || !IS_DICT(b))
        return not_implemented();
    r = dict_copy(a);
    if (r && dict_merge(r, b, true) < 0)
        CLEAR_REF(r);
    return r;
}

static object_t *dict_ior(object_t *a, object_t *b)
{
    if (update_arg(a, b) < 0)
        return NULL;
    incref(a);
    return a;
}

static int dict_to_bool(object_t *o)
{
    return AS_DICT(o)->used != 0;
}

static const struct number_methods dict_number = {
    .binary = {[NB_OR] = dict_or},
    .inplace = {[NB_OR] = dict_ior},
    .to_bool = dict_to_bool,
};

/* ---- methods ---------------------------------------------------------------------------------- */

static object_t *m_get(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *v;
    if (vm_check_args("get", nargs, kw, 1, 2) < 0)
        return NULL;
    v = dict_lookup(self, args[0]);
    if (!v) {
        if (vm_err_occurred())
            return NULL;
        v = nargs == 2 ? args[1] : None;
    }
    incref(v);
    return v;
}

static object_t *m_setdefault(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *v;
    if (vm_check_args("setdefault", nargs, kw, 1, 2) < 0)
        return NULL;
    v = dict_lookup(self, args[0]);
    if (!v) {
        if (vm_err_occurred())
            return NULL;
        v = nargs == 2 ? args[1] : None;
        if (dict_store(self, args[0], v) < 0)
            return NULL;
    }
    incref(v);
    return v;
}

static object_t *m_pop(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *v;
    if (vm_check_args("pop", nargs, kw, 1, 2) < 0)
        return NULL;
    v = dict_lookup(self, args[0]);
    if (!v) {
        if (vm_err_occurred())
            return NULL;
        if (nargs == 2) {
            incref(args[1]);
            return args[1];
        }
        vm_err_set_key(args[0]);
        return NULL;
    }
    incref(v);
    if (dict_remove(self, args[0]) < 0) {
        decref(v);
        return NULL;
    }
    return v;
}

static object_t *m_popitem(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct dict_object *d = AS_DICT(self);
    size_t i;
    object_t *k, *v, *pair;

    (void)args;
    if (vm_check_args("popitem", nargs, kw, 0, 0) < 0)
        return NULL;
    if (d->used == 0) {
        object_t *msg = str_from_cstr("popitem(): dictionary is empty");
        if (msg) {
            vm_err_set_key(msg);
            decref(msg);
        }
        return NULL;
    }
    for (i = d->nentries; i-- > 0 && !d->table[i].key;)
        ;
    k = d->table[i].key;
    v = d->table[i].value;
    pair = tuple_pack(2, k, v);
    if (!pair)
        return NULL;
    incref(k);
    int r = dict_del_hashed(self, k, d->table[i].hash);
    decref(k);
    if (r < 0) {
        decref(pair);
        if (r == -1)
            vm_err_set_key(k);
        return NULL;
    }
    /* The popped entry was the last: later insertions reuse its place (CPython's popitem). */
    if (d->table && i < d->nentries)
        d->nentries = i;
    return pair;
}

static object_t *m_clear(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("clear", nargs, kw, 0, 0) < 0)
        return NULL;
    dict_clear(self);
    return vm_none_ref();
}

static object_t *m_copy(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("copy", nargs, kw, 0, 0) < 0)
        return NULL;
    return dict_copy(self);
}

static object_t *m_update(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return update_common(self, args, nargs, kw, "update") < 0 ? NULL : vm_none_ref();
}

static object_t *m_fromkeys(object_t *cls, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *d, *it, *k, *value;

    if (vm_check_args("fromkeys", nargs, kw, 1, 2) < 0)
        return NULL;
    value = nargs == 2 ? args[1] : None;
    d = vm_call0(cls);
    if (!d)
        return NULL;
    it = vm_iter(args[0]);
    if (!it) {
        decref(d);
        return NULL;
    }
    while ((k = vm_next(it)) != NULL) {
        int r = type_of(d) == &dict_type ? dict_store(d, k, value) : vm_setitem(d, k, value);
        decref(k);
        if (r < 0)
            break;
    }
    decref(it);
    if (vm_err_occurred()) {
        decref(d);
        return NULL;
    }
    return d;
}

static object_t *view_new(struct type *t, object_t *d);

static object_t *m_keys(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return vm_check_args("keys", nargs, kw, 0, 0) < 0 ? NULL : view_new(&dict_keys_type, self);
}

static object_t *m_values(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return vm_check_args("values", nargs, kw, 0, 0) < 0 ? NULL
                                                        : view_new(&dict_values_type, self);
}

static object_t *m_items(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return vm_check_args("items", nargs, kw, 0, 0) < 0 ? NULL : view_new(&dict_items_type, self);
}

static object_t *m_contains(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    int r;
    if (vm_check_args("__contains__", nargs, kw, 1, 1) < 0)
        return NULL;
    r = dict_contains(self, args[0]);
    return r < 0 ? NULL : vm_bool(r);
}

static object_t *dict_iter_new(struct type *t, object_t *d);

static object_t *m_reversed(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("__reversed__", nargs, kw, 0, 0) < 0)
        return NULL;
    return dict_iter_new(&dict_revkeyiter_type, self);
}

static const struct method_def dict_method_defs[] = {
    {"get", m_get, 0},
    {"setdefault", m_setdefault, 0},
    {"pop", m_pop, 0},
    {"popitem", m_popitem, 0},
    {"keys", m_keys, 0},
    {"values", m_values, 0},
    {"items", m_items, 0},
    {"update", m_update, 0},
    {"fromkeys", m_fromkeys, METH_CLASS},
    {"copy", m_copy, 0},
    {"clear", m_clear, 0},
    {"__contains__", m_contains, 0},
    {"__reversed__", m_reversed, 0},
    {NULL, NULL, 0},
};

/* ---- dict(...) -------------------------------------------------------------------------------- */

static object_t *dict_newfunc(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    object_t *o;
    (void)args;
    (void)nargs;
    (void)kwnames; /* dict.__new__ makes it empty; __init__ fills it */
    if (t == &dict_type) {
        o = dict_new();
        return o ? o : vm_err_nomemory();
    }
    /* A subclass: zeroed (an empty dict), tracked, holding its class (instance_alloc). */
    o = instance_alloc(t);
    if (o)
        dict_init_empty(AS_DICT(o));
    return o;
}

static int dict_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    return update_common(self, args, nargs, kwnames, "dict");
}

/* ---- iterators -------------------------------------------------------------------------------- */

struct dict_iter {
    struct object ob;
    object_t *dict;  /* NULL once exhausted */
    size_t pos;      /* next entry (the reverse iterator: one past it) */
    size_t used;     /* the dict's used when iteration started; SIZE_MAX: sticky failure */
    size_t left;     /* items not yet returned */
    object_t *pair;  /* the items iterator's last result, reused while nobody else holds it */
};

static object_t *dict_iter_new(struct type *t, object_t *d)
{
    struct dict_iter *it = (struct dict_iter *)gc_alloc(t, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    incref(d);
    it->dict = d;
    it->used = AS_DICT(d)->used;
    it->left = it->used;
    it->pos = t == &dict_revkeyiter_type ? AS_DICT(d)->nentries : 0;
    it->pair = NULL;
    gc_track(&it->ob);
    return &it->ob;
}

static void dict_iter_dealloc(object_t *o)
{
    struct dict_iter *it = (struct dict_iter *)o;
    gc_untrack(o);
    XDECREF(it->dict);
    XDECREF(it->pair);
    gc_free(o, sizeof *it);
}

static int dict_iter_traverse(object_t *o, visitproc visit, void *arg)
{
    struct dict_iter *it = (struct dict_iter *)o;
    int r;
    if (it->dict && (r = visit(it->dict, arg)))
        return r;
    return it->pair ? visit(it->pair, arg) : 0;
}

static int dict_iter_clear(object_t *o)
{
    CLEAR_REF(((struct dict_iter *)o)->dict);
    CLEAR_REF(((struct dict_iter *)o)->pair);
    return 0;
}

/* The next live entry, or NULL (exhausted, or an error raised). */
static struct dict_entry *dict_iter_step(struct dict_iter *it)
{
    struct dict_object *d = AS_DICT(it->dict);
    struct dict_entry *e = NULL;

    if (!it->dict)
        return NULL;
    if (it->used != d->used) {
        vm_err_format(exc_RuntimeError, "dictionary changed size during iteration");
        it->used = SIZE_MAX;
        return NULL;
    }
    if (type_of(&it->ob) == &dict_revkeyiter_type) {
        while (it->pos > 0 && it->pos <= d->nentries) {
            struct dict_entry *c = &d->table[--it->pos];
            if (c->key) {
                e = c;
                break;
            }
        }
    } else {
        while (it->pos < d->nentries) {
            struct dict_entry *c = &d->table[it->pos++];
            if (c->key) {
                e = c;
                break;
            }
        }
    }
    if (!e) {
        CLEAR_REF(it->dict);
        return NULL;
    }
    if (it->left == 0) {
        vm_err_format(exc_RuntimeError, "dictionary keys changed during iteration");
        CLEAR_REF(it->dict);
        return NULL;
    }
    it->left--;
    return e;
}

static object_t *dict_keyiter_next(object_t *o)
{
    struct dict_entry *e = dict_iter_step((struct dict_iter *)o);
    if (!e)
        return NULL;
    incref(e->key);
    return e->key;
}

static object_t *dict_valueiter_next(object_t *o)
{
    struct dict_entry *e = dict_iter_step((struct dict_iter *)o);
    if (!e)
        return NULL;
    incref(e->value);
    return e->value;
}

static object_t *dict_itemiter_next(object_t *o)
{
    struct dict_iter *it = (struct dict_iter *)o;
    struct dict_entry *e = dict_iter_step(it);
    object_t *pair;

    if (!e)
        return NULL;
    pair = it->pair;
    if (pair && refcount(pair) == 1 && tuple_size(pair) == 2) {
        /* Nobody kept the last pair: reuse it (CPython's dictiter_iternextitem). */
        object_t *ok = tuple_items(pair)[0], *ov = tuple_items(pair)[1];
        incref(e->key);
        incref(e->value);
        tuple_items(pair)[0] = e->key;
        tuple_items(pair)[1] = e->value;
        incref(pair);
        decref(ok);
        decref(ov);
        return pair;
    }
    pair = tuple_pack(2, e->key, e->value);
    if (!pair)
        return NULL;
    XDECREF(it->pair);
    incref(pair);
    it->pair = pair;
    return pair;
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

static object_t *dict_iter_length_hint(object_t *self, object_t *const *args, size_t nargs,
                                       object_t *kw)
{
    struct dict_iter *it = (struct dict_iter *)self;
    (void)args;
    if (vm_check_args("__length_hint__", nargs, kw, 0, 0) < 0)
        return NULL;
    return int_from_u64(it->dict && it->used == AS_DICT(it->dict)->used ? it->left : 0);
}

static const struct method_def dict_iter_methods[] = {
    {"__length_hint__", dict_iter_length_hint, 0},
    {NULL, NULL, 0},
};

#define DICT_ITER_TYPE(var, pyname, next)                                                          \
    struct type var = {                                                                            \
        .name = pyname,                                                                            \
        .basic_size = sizeof(struct dict_iter),                                                    \
        .flags = TYPE_FLAG_GC,                                                                     \
        .dealloc = dict_iter_dealloc,                                                              \
        .traverse = dict_iter_traverse,                                                            \
        .clear = dict_iter_clear,                                                                  \
        .iter = iter_self,                                                                         \
        .iternext = next,                                                                          \
        .methods = dict_iter_methods,                                                              \
        .vm_flags = VM_TYPE_ABSTRACT_NEW,                                                          \
    }

DICT_ITER_TYPE(dict_keyiter_type, "dict_keyiterator", dict_keyiter_next);
DICT_ITER_TYPE(dict_valueiter_type, "dict_valueiterator", dict_valueiter_next);
DICT_ITER_TYPE(dict_itemiter_type, "dict_itemiterator", dict_itemiter_next);
DICT_ITER_TYPE(dict_revkeyiter_type, "dict_reversekeyiterator", dict_keyiter_next);

static object_t *dict_iter(object_t *d)
{
    return dict_iter_new(&dict_keyiter_type, d);
}

/* ---- views ------------------------------------------------------------------------------------ */

struct dict_view {
    struct object ob;
    object_t *dict;
};

static object_t *view_new(struct type *t, object_t *d)
{
    struct dict_view *v = (struct dict_view *)gc_alloc(t, sizeof *v);
    if (!v)
        return vm_err_nomemory();
    incref(d);
    v->dict = d;
    gc_track(&v->ob);
    return &v->ob;
}

static object_t *view_dict(object_t *v)
{
    return ((struct dict_view *)v)->dict;
}

static void view_dealloc(object_t *o)
{
    gc_untrack(o);
    XDECREF(((struct dict_view *)o)->dict);
    gc_free(o, sizeof(struct dict_view));
}

static int view_traverse(object_t *o, visitproc visit, void *arg)
{
    object_t *d = ((struct dict_view *)o)->dict;
    return d ? visit(d, arg) : 0;
}

static int view_clear(object_t *o)
{
    CLEAR_REF(((struct dict_view *)o)->dict);
    return 0;
}

static intptr_t view_length(object_t *o)
{
    return (intptr_t)AS_DICT(view_dict(o))->used;
}

static object_t *keys_iter(object_t *o)
{
    return dict_iter_new(&dict_keyiter_type, view_dict(o));
}
static object_t *values_iter(object_t *o)
{
    return dict_iter_new(&dict_valueiter_type, view_dict(o));
}
static object_t *items_iter(object_t *o)
{
    return dict_iter_new(&dict_itemiter_type, view_dict(o));
}

static int keys_contains(object_t *o, object_t *key)
{
    return dict_contains(view_dict(o), key);
}

static int items_contains(object_t *o, object_t *item)
{
    object_t *v, *found;
    int r;
    if (!IS_TUPLE(item) || tuple_size(item) != 2)
        return 0;
    found = dict_lookup(view_dict(o), tuple_items(item)[0]);
    if (!found)
        return vm_err_occurred() ? -1 : 0;
    v = found;
    incref(v);
    r = vm_richcompare_bool(v, tuple_items(item)[1], CMP_EQ);
    decref(v);
    return r;
}

static object_t *view_repr(object_t *o)
{
    object_t *list, *r;
    int g = vm_repr_enter(o);
    if (g != 0)
        return g > 0 ? str_from_cstr("...") : NULL;
    list = vm_sequence_list(o);
    r = list ? str_format_c("%s(%R)", type_name(o), list) : NULL;
    XDECREF(list);
    vm_repr_leave(o);
    return r;
}

static bool is_setlike(object_t *o)
{
    return IS_ANYSET(o) || type_of(o) == &dict_keys_type || type_of(o) == &dict_items_type;
}

/* Every item of a is in b: 1, 0, -1 error. */
static int all_contained_in(object_t *a, object_t *b)
{
    object_t *it = vm_iter(a), *x;
    int ok = 1;
    if (!it)
        return -1;
    while ((x = vm_next(it)) != NULL) {
        ok = vm_contains(b, x);
        decref(x);
        if (ok <= 0)
            break;
    }
    decref(it);
    if (ok >= 0 && vm_err_occurred())
        return -1;
    return ok;
}

static object_t *view_richcompare(object_t *a, object_t *b, int op)
{
    intptr_t la, lb;
    int ok = 0;

    if (!is_setlike(a) || !is_setlike(b))
        return not_implemented();
    la = vm_len(a);
    lb = vm_len(b);
    if (la < 0 || lb < 0)
        return NULL;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        ok = la == lb ? all_contained_in(a, b) : 0;
        if (ok >= 0 && op == CMP_NE)
            ok = !ok;
        break;
    case CMP_LT: ok = la < lb ? all_contained_in(a, b) : 0; break;
    case CMP_LE: ok = la <= lb ? all_contained_in(a, b) : 0; break;
    case CMP_GT: ok = la > lb ? all_contained_in(b, a) : 0; break;
    case CMP_GE: ok = la >= lb ? all_contained_in(b, a) : 0; break;
    }
    return ok < 0 ? NULL : vm_bool(ok);
}

/* set(a) followed by the named in-place set method with b (views' - | ^). */
static object_t *view_set_op(object_t *a, object_t *b, const char *method)
{
    object_t *s, *r;
    /* Either operand may be the view ([1] - d.keys() works): set(a), then b's items. */
    s = set_new_from(&set_type, a);
    if (!s)
        return NULL;
    r = vm_call_method(s, method, &b, 1);
    if (!r) {
        decref(s);
        return NULL;
    }
    decref(r);
    return s;
}

static object_t *view_sub(object_t *a, object_t *b)
{
    return view_set_op(a, b, "difference_update");
}
static object_t *view_or(object_t *a, object_t *b)
{
    return view_set_op(a, b, "update");
}
static object_t *view_xor(object_t *a, object_t *b)
{
    return view_set_op(a, b, "symmetric_difference_update");
}

/* CPython 3.11's _PyDictView_Intersect: iterate the other operand, keep what self contains. */
static object_t *view_and(object_t *a, object_t *b)
{
    object_t *self = a, *other = b, *result, *it, *x;
    intptr_t ls, lo;

    if (type_of(self) != &dict_keys_type && type_of(self) != &dict_items_type) {
        self = b;
        other = a;
    }
    ls = vm_len(self);
    if (ls < 0)
        return NULL;
    if (type_of(other) == &set_type) {
        lo = vm_len(other);
        if (lo < 0)
            return NULL;
        if (ls <= lo)
            return vm_call_method(other, "intersection", &self, 1);
    }
    if (type_of(other) == &dict_keys_type || type_of(other) == &dict_items_type) {
        lo = vm_len(other);
        if (lo > ls) {
            object_t *t = self;
            self = other;
            other = t;
        }
    }
    result = set_new_from(&set_type, NULL);
    if (!result)
        return NULL;
    it = vm_iter(other);
    if (!it) {
        decref(result);
        return NULL;
    }
    while ((x = vm_next(it)) != NULL) {
        int in = type_of(self) == &dict_keys_type ? keys_contains(self, x)
                                                   : items_contains(self, x);
        if (in > 0)
            in = set_add_item(result, x) < 0 ? -1 : 1;
        decref(x);
        if (in < 0)
            break;
    }
    decref(it);
    if (vm_err_occurred()) {
        decref(result);
        return NULL;
    }
    return result;
}

static int view_to_bool(object_t *o)
{
    return AS_DICT(view_dict(o))->used != 0;
}

static const struct number_methods view_number = {
    .binary = {[NB_SUBTRACT] = view_sub, [NB_AND] = view_and, [NB_OR] = view_or,
               [NB_XOR] = view_xor},
    .to_bool = view_to_bool,
};

static const struct number_methods values_number = {
    .to_bool = view_to_bool,
};

static object_t *m_isdisjoint(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *it, *x;
    int in = 0;
    if (vm_check_args("isdisjoint", nargs, kw, 1, 1) < 0)
        return NULL;
    it = vm_iter(args[0]);
    if (!it)
        return NULL;
    while ((x = vm_next(it)) != NULL) {
        in = vm_contains(self, x);
        decref(x);
        if (in != 0)
            break;
    }
    decref(it);
    if (in < 0 || vm_err_occurred())
        return NULL;
    return vm_bool(in == 0);
}

static object_t *m_view_reversed(object_t *self, object_t *const *args, size_t nargs,
                                 object_t *kw)
{
    object_t *keys, *list, *r;
    (void)args;
    if (vm_check_args("__reversed__", nargs, kw, 0, 0) < 0)
        return NULL;
    if (type_of(self) == &dict_keys_type)
        return dict_iter_new(&dict_revkeyiter_type, view_dict(self));
    /* values and items: reversed of their list (3.8+ makes them reversible). */
    keys = vm_sequence_list(self);
    if (!keys)
        return NULL;
    list_reverse(keys);
    list = keys;
    r = vm_iter(list);
    decref(list);
    return r;
}

static const struct method_def setview_methods[] = {
    {"isdisjoint", m_isdisjoint, 0},
    {"__reversed__", m_view_reversed, 0},
    {NULL, NULL, 0},
};

static const struct method_def values_methods[] = {
    {"__reversed__", m_view_reversed, 0},
    {NULL, NULL, 0},
};

struct type dict_keys_type = {
    .name = "dict_keys",
    .basic_size = sizeof(struct dict_view),
    .flags = TYPE_FLAG_GC,
    .dealloc = view_dealloc,
    .traverse = view_traverse,
    .clear = view_clear,
    .repr = view_repr,
    .hash = vm_hash_unhashable,
    .richcompare = view_richcompare,
    .iter = keys_iter,
    .length = view_length,
    .contains = keys_contains,
    .number = &view_number,
    .methods = setview_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

struct type dict_items_type = {
    .name = "dict_items",
    .basic_size = sizeof(struct dict_view),
    .flags = TYPE_FLAG_GC,
    .dealloc = view_dealloc,
    .traverse = view_traverse,
    .clear = view_clear,
    .repr = view_repr,
    .hash = vm_hash_unhashable,
    .richcompare = view_richcompare,
    .iter = items_iter,
    .length = view_length,
    .contains = items_contains,
    .number = &view_number,
    .methods = setview_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

struct type dict_values_type = {
    .name = "dict_values",
    .basic_size = sizeof(struct dict_view),
    .flags = TYPE_FLAG_GC,
    .dealloc = view_dealloc,
    .traverse = view_traverse,
    .clear = view_clear,
    .repr = view_repr,
    .iter = values_iter,
    .length = view_length,
    .number = &values_number,
    .methods = values_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

void vm_dict_init(void)
{
    dict_key_hash = key_hash;
    dict_key_eq = key_eq;
    dict_type.repr = dict_repr;
    dict_type.hash = vm_hash_unhashable;
    dict_type.richcompare = dict_richcompare;
    dict_type.iter = dict_iter;
    dict_type.newfunc = dict_newfunc;
    dict_type.init = dict_init;
    dict_type.length = dict_length;
    dict_type.getitem = dict_subscript;
    dict_type.setitem = dict_ass_subscript;
    dict_type.contains = dict_contains;
    dict_type.number = &dict_number;
    dict_type.methods = dict_method_defs;
    dict_type.vm_flags |= VM_TYPE_DICT_SUB | VM_TYPE_BASETYPE;
}
