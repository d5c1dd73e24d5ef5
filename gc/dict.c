/*
 * gc/dict.c - dicts keyed by ints and strs, compared by value (Objects/dictobject.c's semantics,
 * a simpler table: open addressing with linear probing over a power-of-two array, at most 2/3
 * full counting deleted slots).
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

struct object dict_dummy_key; /* marks a deleted slot; never dereferenced as an object */

static inline struct dict_object *as_dict(object_t *d, const char *who)
{
    if (d->type != &dict_type)
        platform_panic("%s: object %p is a %s, not a dict", who, (void *)d, type_name(d));
    return (struct dict_object *)d;
}

static uint64_t key_hash(object_t *key, const char *who)
{
    if (key->type == &int_type) {
        uint64_t h = (uint64_t)((struct int_object *)key)->value * 0x9e3779b97f4a7c15ull;
        return h ^ (h >> 29);
    }
    if (key->type == &str_type)
        return ((struct str_object *)key)->hash;
    platform_panic("%s: key %p is a %s; dict keys must be int or str", who, (void *)key,
                   type_name(key));
}

static bool key_equal(object_t *a, object_t *b)
{
    if (a == b)
        return true;
    if (a->type != b->type)
        return false;
    if (a->type == &int_type)
        return ((struct int_object *)a)->value == ((struct int_object *)b)->value;
    struct str_object *sa = (struct str_object *)a, *sb = (struct str_object *)b;
    return sa->len == sb->len && memcmp(sa->data, sb->data, sa->len) == 0;
}

/* The slot holding key, or NULL. */
static struct dict_entry *lookup(struct dict_object *d, object_t *key, uint64_t hash)
{
    if (!d->table)
        return NULL;
    for (size_t i = hash & d->mask;; i = (i + 1) & d->mask) {
        struct dict_entry *e = &d->table[i];
        if (!e->key)
            return NULL;
        if (e->key != DICT_DUMMY && e->hash == hash && key_equal(e->key, key))
            return e;
    }
}

/* Rebuild the table with room for `used` live entries; -1 (table unchanged) without memory. */
static int dict_resize(struct dict_object *d, size_t used)
{
    size_t slots = DICT_MIN_SLOTS;
    struct dict_entry *old = d->table, *table;
    size_t old_slots = old ? d->mask + 1 : 0;

    while (slots * 2 <= used * 3 + 2)
        slots <<= 1;
    table = kcalloc(slots, sizeof *table);
    if (!table)
        return -1;
    for (size_t i = 0; i < old_slots; i++) {
        struct dict_entry *e = &old[i];
        if (e->key && e->key != DICT_DUMMY) {
            size_t j = e->hash & (slots - 1);
            while (table[j].key)
                j = (j + 1) & (slots - 1);
            table[j] = *e;
        }
    }
    census_adjust_bytes(&dict_type, (long)((slots - old_slots) * sizeof *table));
    d->table = table;
    d->mask = slots - 1;
    d->fill = d->used;
    kfree(old);
    return 0;
}

/* Detach the table, then drop every key and value (PyDict_Clear's order: consistent first). */
static void dict_drop_entries(struct dict_object *d)
{
    struct dict_entry *table = d->table;
    size_t slots = table ? d->mask + 1 : 0;

    if (!table)
        return;
    d->table = NULL;
    d->mask = 0;
    d->used = 0;
    d->fill = 0;
    census_adjust_bytes(&dict_type, -(long)(slots * sizeof *table));
    for (size_t i = 0; i < slots; i++) {
        if (table[i].key && table[i].key != DICT_DUMMY) {
            decref(table[i].key);
            decref(table[i].value);
        }
    }
    kfree(table);
}

static void dict_dealloc(object_t *o)
{
    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    dict_drop_entries((struct dict_object *)o);
    gc_free_cached(GC_FREELIST_DICT, o, sizeof(struct dict_object));
    TRASHCAN_END
}

static int dict_traverse(object_t *o, visitproc visit, void *arg)
{
    struct dict_object *d = (struct dict_object *)o;
    if (!d->table)
        return 0;
    for (size_t i = 0; i <= d->mask; i++) {
        struct dict_entry *e = &d->table[i];
        if (e->key && e->key != DICT_DUMMY) {
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

const struct type dict_type = {
    .name = "dict",
    .basic_size = sizeof(struct dict_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_DICT,
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = dict_tp_clear,
};

object_t *dict_new(void)
{
    struct dict_object *d =
        (struct dict_object *)gc_alloc_cached(GC_FREELIST_DICT, &dict_type, sizeof *d);
    if (!d)
        return NULL;
    d->used = d->fill = d->mask = 0;
    d->table = NULL;
    return &d->ob; /* untracked until a container is stored */
}

static int dict_set_once(object_t *o, object_t *key, object_t *value)
{
    struct dict_object *d = as_dict(o, "dict_set");
    uint64_t hash = key_hash(key, "dict_set");
    struct dict_entry *e = lookup(d, key, hash);
    object_t *old;

    if (!gc_tracked(o) && (gc_may_be_tracked(key) || gc_may_be_tracked(value)))
        gc_track(o);
    if (e) {
        incref(value);
        old = e->value;
        e->value = value;
        decref(old);
        return 0;
    }
    if (!d->table || (d->fill + 1) * 3 >= (d->mask + 1) * 2) {
        if (dict_resize(d, d->used + 1) < 0)
            return -1;
    }
    size_t i = hash & d->mask;
    while (d->table[i].key && d->table[i].key != DICT_DUMMY)
        i = (i + 1) & d->mask;
    if (!d->table[i].key)
        d->fill++;
    incref(key);
    incref(value);
    d->table[i].hash = hash;
    d->table[i].key = key;
    d->table[i].value = value;
    d->used++;
    return 0;
}

int dict_set(object_t *o, object_t *key, object_t *value)
{
    int r = dict_set_once(o, key, value);

    /* Out of memory for a larger table: a full collection may free cycles. It may also run
     * finalizers that change this dict (even store this key), so the set starts again from the
     * lookup. */
    if (__builtin_expect(r < 0, 0) && gc_collect_for_memory())
        r = dict_set_once(o, key, value);
    return r;
}

object_t *dict_get(object_t *o, object_t *key)
{
    struct dict_object *d = as_dict(o, "dict_get");
    struct dict_entry *e = lookup(d, key, key_hash(key, "dict_get"));
    return e ? e->value : NULL;
}

int dict_del(object_t *o, object_t *key)
{
    struct dict_object *d = as_dict(o, "dict_del");
    struct dict_entry *e = lookup(d, key, key_hash(key, "dict_del"));
    object_t *old_key, *old_value;

    if (!e)
        return -1;
    old_key = e->key;
    old_value = e->value;
    e->key = DICT_DUMMY;
    e->value = NULL;
    d->used--;
    decref(old_key);
    decref(old_value);
    return 0;
}

size_t dict_len(object_t *o)
{
    return as_dict(o, "dict_len")->used;
}
