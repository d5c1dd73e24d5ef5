/*
 * gc/dict.c - dicts: CPython's compact, insertion-ordered table (Objects/dictobject.c).
 *
 * The entries array keeps items in insertion order; a separate index array of mask + 1 slots is
 * the open-addressed hash table (CPython's probe: i = 5i + 1 + perturb, perturb >>= 5, so every
 * slot is reached). The index array holds at most 2/3 of its slots in use (live or deleted
 * entries): a full entries array means a resize, which compacts the deleted entries away. Keys
 * are hashed and compared with dict_key_hash and dict_key_eq: by value for gc/'s ints and strs,
 * and Python's hash() and == once the interpreter installs them. Those may fail (a key's
 * __hash__ or __eq__ raising): the table is left consistent and the operation reports the error.
 * A key's __eq__ may even change the dict; CPython restarts the lookup then, and so do we (the
 * version number tells).
 *
 * Lazy tracking (CPython's MAINTAIN_TRACKING and _PyDict_MaybeUntrack): a new dict is untracked;
 * it becomes tracked the first time a key or value that may be tracked (any container except an
 * untracked tuple) is stored, and a full collection untracks dicts that hold only such atomic
 * objects again (untrack_dicts in gc/collect.c). A dict of ints and strs thus costs the collector
 * nothing.
 */
#include "gc/types.h"
#include "mm/malloc.h"

#define DICT_MIN_SLOTS 8
#define DICT_ERROR     ((struct dict_entry *)-1)

static inline struct dict_object *as_dict(object_t *d, const char *who)
{
    const struct type *t = d->type;
    while (t && t != &dict_type) /* a subclass of dict defined in Python */
        t = t->base;
    if (!t)
        platform_panic("%s: object %p is a %s, not a dict", who, (void *)d, type_name(d));
    return (struct dict_object *)d;
}

static int64_t int_key_hash(const struct int_object *i)
{
    /* The int's value mod 2^61 - 1, as Python's hash(int), for one- and two-digit ints. */
    intptr_t n = i->size < 0 ? -i->size : i->size;
    uint64_t v = 0;
    for (intptr_t k = n; k-- > 0;)
        v = ((v << 30) | i->digit[k]) % (((uint64_t)1 << 61) - 1);
    int64_t h = i->size < 0 ? -(int64_t)v : (int64_t)v;
    return h == -1 ? -2 : h;
}

static int64_t default_key_hash(object_t *key)
{
    if (key->type == &int_type)
        return int_key_hash((struct int_object *)key);
    if (key->type == &str_type)
        return ((struct str_object *)key)->hash;
    platform_panic("dict: key %p is a %s; dict keys must be int or str", (void *)key,
                   type_name(key));
}

static int default_key_eq(object_t *a, object_t *b)
{
    if (a->type != b->type)
        return 0;
    if (a->type == &int_type) {
        struct int_object *x = (struct int_object *)a, *y = (struct int_object *)b;
        intptr_t n = x->size < 0 ? -x->size : x->size;
        return x->size == y->size && memcmp(x->digit, y->digit, (size_t)n * 4) == 0;
    }
    struct str_object *sa = (struct str_object *)a, *sb = (struct str_object *)b;
    return sa->len == sb->len && memcmp(sa->data, sb->data, sa->len) == 0;
}

int64_t (*dict_key_hash)(object_t *key) = default_key_hash;
int (*dict_key_eq)(object_t *a, object_t *b) = default_key_eq;

static inline size_t usable_entries(size_t slots)
{
    return slots * 2 / 3;
}

/* The index slot holding key's entry (*slot), or where it would go (*slot, returns NULL);
 * DICT_ERROR when comparing raised. */
static struct dict_entry *lookup(struct dict_object *d, object_t *key, int64_t hash,
                                 size_t *slot)
{
restart:
    if (!d->table)
        return NULL;
    size_t mask = d->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    size_t free_slot = (size_t)-1;
    for (;;) {
        int32_t ix = d->indices[i];
        if (ix == DICT_IX_EMPTY) {
            *slot = free_slot != (size_t)-1 ? free_slot : i;
            return NULL;
        }
        if (ix == DICT_IX_DUMMY) {
            if (free_slot == (size_t)-1)
                free_slot = i;
        } else {
            struct dict_entry *e = &d->table[ix];
            if (e->key == key) {
                *slot = i;
                return e;
            }
            if (e->hash == hash) {
                object_t *startkey = e->key;
                uint64_t version = d->version;
                incref(startkey);
                int eq = dict_key_eq(startkey, key);
                decref(startkey);
                if (eq < 0)
                    return DICT_ERROR;
                if (d->version != version || e->key != startkey)
                    goto restart; /* the comparison changed the dict */
                if (eq) {
                    *slot = i;
                    return e;
                }
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static size_t table_bytes(size_t slots)
{
    return usable_entries(slots) * sizeof(struct dict_entry) + slots * sizeof(int32_t);
}

/* Rebuild with room for `want` live entries, compacting deleted ones; -1 without memory. */
static int dict_resize(struct dict_object *d, size_t want)
{
    size_t slots = DICT_MIN_SLOTS;
    size_t old_slots = d->table ? d->mask + 1 : 0;
    struct dict_entry *old = d->table, *table;
    int32_t *indices;

    while (usable_entries(slots) < want)
        slots <<= 1;
    if (slots > ((size_t)1 << 30))
        return -1;
    table = kmalloc(table_bytes(slots));
    if (!table)
        return -1;
    indices = (int32_t *)(table + usable_entries(slots));
    memset(indices, 0xff, slots * sizeof(int32_t)); /* DICT_IX_EMPTY */
    size_t n = 0;
    for (size_t k = 0; k < d->nentries; k++) {
        if (!old[k].key)
            continue;
        table[n] = old[k];
        size_t perturb = (size_t)table[n].hash, i = (size_t)table[n].hash & (slots - 1);
        while (indices[i] != DICT_IX_EMPTY) {
            perturb >>= 5;
            i = (i * 5 + perturb + 1) & (slots - 1);
        }
        indices[i] = (int32_t)n++;
    }
    census_adjust_bytes(&dict_type, (long)table_bytes(slots) -
                                        (long)(old_slots ? table_bytes(old_slots) : 0));
    d->table = table;
    d->indices = indices;
    d->mask = slots - 1;
    d->nentries = n;
    kfree(old);
    return 0;
}

/* Detach the table, then drop every key and value (PyDict_Clear's order: consistent first). */
static void dict_drop_entries(struct dict_object *d)
{
    struct dict_entry *table = d->table;
    size_t n = d->nentries, slots = table ? d->mask + 1 : 0;

    if (!table)
        return;
    d->table = NULL;
    d->indices = NULL;
    d->mask = 0;
    d->used = 0;
    d->nentries = 0;
    d->version++;
    census_adjust_bytes(&dict_type, -(long)table_bytes(slots));
    for (size_t i = 0; i < n; i++) {
        if (table[i].key) {
            decref(table[i].key);
            decref(table[i].value);
        }
    }
    kfree(table);
}

void dict_clear(object_t *o)
{
    dict_drop_entries(as_dict(o, "dict_clear"));
}

static void dict_dealloc(object_t *o)
{
    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    dict_drop_entries((struct dict_object *)o);
    if (o->type == &dict_type)
        gc_free_cached(GC_FREELIST_DICT, o, sizeof(struct dict_object));
    else
        gc_free(o, o->type->basic_size);
    TRASHCAN_END
}

static int dict_traverse(object_t *o, visitproc visit, void *arg)
{
    struct dict_object *d = (struct dict_object *)o;
    for (size_t i = 0; i < d->nentries; i++) {
        struct dict_entry *e = &d->table[i];
        if (e->key) {
            int r = visit(e->key, arg);
            if (!r)
                r = visit(e->value, arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int dict_tp_clear(object_t *o)
{
    dict_drop_entries((struct dict_object *)o);
    return 0;
}

struct type dict_type = {
    .name = "dict",
    .basic_size = sizeof(struct dict_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_DICT,
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = dict_tp_clear,
};

void dict_init_empty(struct dict_object *d)
{
    d->used = d->nentries = d->mask = 0;
    d->table = NULL;
    d->indices = NULL;
    d->version = 0;
    d->owned = false;
}

void dict_set_owned(object_t *o)
{
    struct dict_object *d = as_dict(o, "dict_set_owned");
    if (gc_tracked(o))
        gc_untrack(o);
    d->owned = true;
}

void dict_release(object_t *o)
{
    struct dict_object *d = as_dict(o, "dict_release");
    if (!d->owned)
        return;
    d->owned = false;
    for (size_t i = 0; i < d->nentries; i++) {
        struct dict_entry *e = &d->table[i];
        if (e->key && (gc_may_be_tracked(e->key) || gc_may_be_tracked(e->value))) {
            gc_track(o);
            return;
        }
    }
}

object_t *dict_new(void)
{
    struct dict_object *d =
        (struct dict_object *)gc_alloc_cached(GC_FREELIST_DICT, &dict_type, sizeof *d);
    if (!d)
        return NULL;
    dict_init_empty(d);
    return &d->ob; /* untracked until a container is stored */
}

/* 0 stored, -1 no memory (nothing changed), -2 hashing or comparing raised. */
static int dict_set_once(struct dict_object *d, object_t *key, int64_t hash, object_t *value)
{
    size_t slot;
    struct dict_entry *e = lookup(d, key, hash, &slot);

    if (e == DICT_ERROR)
        return -2;
    if (!d->owned && !gc_tracked(&d->ob) && (gc_may_be_tracked(key) || gc_may_be_tracked(value)))
        gc_track(&d->ob);
    if (e) {
        object_t *old = e->value;
        incref(value);
        e->value = value;
        decref(old);
        return 0;
    }
    if (!d->table || d->nentries >= usable_entries(d->mask + 1)) {
        if (dict_resize(d, d->used + 1 + d->used / 2) < 0)
            return -1;
        e = lookup(d, key, hash, &slot); /* the free slot moved; the key is still absent */
        if (e == DICT_ERROR)
            return -2;
    }
    incref(key);
    incref(value);
    e = &d->table[d->nentries];
    e->hash = hash;
    e->key = key;
    e->value = value;
    d->indices[slot] = (int32_t)d->nentries++;
    d->used++;
    d->version++;
    return 0;
}

int dict_set_hashed(object_t *o, object_t *key, int64_t hash, object_t *value)
{
    struct dict_object *d = as_dict(o, "dict_set");
    int r = dict_set_once(d, key, hash, value);

    /* Out of memory for a larger table: a full collection may free cycles. It may also run
     * finalizers that change this dict (even store this key), so the set starts again from the
     * lookup. */
    if (__builtin_expect(r == -1, 0) && gc_collect_for_memory())
        r = dict_set_once(d, key, hash, value);
    return r;
}

int dict_set(object_t *o, object_t *key, object_t *value)
{
    int64_t hash = dict_key_hash(key);
    return hash == -1 ? -2 : dict_set_hashed(o, key, hash, value);
}

object_t *dict_get_hashed(object_t *o, object_t *key, int64_t hash, int *error)
{
    size_t slot;
    struct dict_entry *e = lookup(as_dict(o, "dict_get"), key, hash, &slot);
    if (e == DICT_ERROR) {
        *error = 1;
        return NULL;
    }
    return e ? e->value : NULL;
}

object_t *dict_get(object_t *o, object_t *key)
{
    int error = 0;
    int64_t hash = dict_key_hash(key);
    return hash == -1 ? NULL : dict_get_hashed(o, key, hash, &error);
}

int dict_del_hashed(object_t *o, object_t *key, int64_t hash)
{
    struct dict_object *d = as_dict(o, "dict_del");
    size_t slot;
    struct dict_entry *e = lookup(d, key, hash, &slot);
    object_t *old_key, *old_value;

    if (e == DICT_ERROR)
        return -2;
    if (!e)
        return -1;
    old_key = e->key;
    old_value = e->value;
    e->key = NULL;
    e->value = NULL;
    d->indices[slot] = DICT_IX_DUMMY;
    d->used--;
    d->version++;
    decref(old_key);
    decref(old_value);
    return 0;
}

int dict_del(object_t *o, object_t *key)
{
    int64_t hash = dict_key_hash(key);
    return hash == -1 ? -2 : dict_del_hashed(o, key, hash);
}

size_t dict_len(object_t *o)
{
    return as_dict(o, "dict_len")->used;
}
