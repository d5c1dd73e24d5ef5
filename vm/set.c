/*
 * vm/set.c - set and frozenset (Objects/setobject.c).
 *
 * The table is CPython's: an array of (key, hash) entries, open addressing that first looks at
 * LINEAR_PROBES neighbouring slots (cache-friendly) and then jumps by CPython's perturbation
 * (i = 5i + 1 + perturb, perturb >>= 5). An unused slot has key NULL and hash 0; a deleted one
 * holds the dummy key with hash -1. The table is resized when fill (active + dummy) reaches 3/5
 * of the slots, to 4x the active entries (2x beyond 50000). Tables of up to SET_MIN_SIZE slots
 * live inside the object. With the same probe order, growth rule and insertion order as
 * CPython, a set iterates in CPython's order: `print({3, 1, 2})` prints what CPython prints.
 *
 * The operations keep CPython's order of work too (which set is iterated, which one is copied
 * first), since it decides the result's iteration order: union copies the left operand and adds
 * the right's; intersection walks the smaller set; difference copies or walks as CPython does.
 *
 * Sets are GC containers, tracked once consistent; a key's __eq__ may change the set it is
 * being compared in, so every lookup restarts when the table or the entry changed under it. An
 * iterator raises "Set changed size during iteration" when the set's size changed.
 */
#include "mm/malloc.h"
#include "vm/slots.h"
#include "vm/types_init.h"

#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

#define AS_SET(o) ((struct set_object *)(o))

/* The deleted-entry marker: never a real key. */
static struct object set_dummy = {.refcnt = 1 << 30, .type = &object_type};
#define DUMMY (&set_dummy)

static bool is_set(object_t *o)
{
    return type_is_subtype(type_of(o), &set_type);
}

static bool is_frozenset(object_t *o)
{
    return type_is_subtype(type_of(o), &frozenset_type);
}

/* ---- the table -------------------------------------------------------------------------------- */

static void insert_clean(struct set_entry *table, size_t mask, object_t *key, int64_t hash)
{
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    struct set_entry *e;

    for (;;) {
        e = &table[i];
        if (!e->key)
            goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (!e->key)
                    goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found:
    e->key = key;
    e->hash = hash;
}

static int table_resize(struct set_object *s, size_t minused)
{
    size_t newsize = SET_MIN_SIZE;
    struct set_entry *old = s->table, *table;
    struct set_entry small_copy[SET_MIN_SIZE];
    size_t oldmask = s->mask;

    while (newsize <= minused)
        newsize <<= 1;
    if (old == s->smalltable) {
        memcpy(small_copy, s->smalltable, sizeof small_copy);
        old = small_copy;
    }
    if (newsize == SET_MIN_SIZE) {
        table = s->smalltable;
    } else {
        table = kmalloc(newsize * sizeof *table);
        if (!table && gc_collect_for_memory())
            table = kmalloc(newsize * sizeof *table);
        if (!table) {
            vm_err_nomemory();
            return -1;
        }
    }
    memset(table, 0, newsize * sizeof *table);
    s->mask = newsize - 1;
    s->table = table;
    for (size_t i = 0; i <= oldmask; i++)
        if (old[i].key && old[i].key != DUMMY)
            insert_clean(table, s->mask, old[i].key, old[i].hash);
    s->fill = s->used;
    if (old != small_copy) {
        census_adjust_bytes(&set_type, -(long)((oldmask + 1) * sizeof *old));
        kfree(old);
    }
    if (table != s->smalltable)
        census_adjust_bytes(&set_type, (long)(newsize * sizeof *table));
    return 0;
}

static int keys_equal(object_t *startkey, object_t *key)
{
    if (startkey->type == &str_type && key->type == &str_type)
        return str_eq(startkey, key);
    return vm_richcompare_bool(startkey, key, CMP_EQ);
}

/* The entry holding key, or the unused entry where the probe ended (key NULL); NULL with an
 * exception when a comparison raised. */
static struct set_entry *lookkey(struct set_object *s, object_t *key, int64_t hash)
{
restart:;
    size_t mask = s->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        struct set_entry *e = &s->table[i];
        int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key)
                return e;
            if (e->hash == hash) {
                object_t *startkey = e->key;
                struct set_entry *table = s->table;
                if (startkey == key)
                    return e;
                incref(startkey);
                int cmp = keys_equal(startkey, key);
                decref(startkey);
                if (cmp < 0)
                    return NULL;
                if (table != s->table || e->key != startkey)
                    goto restart;
                if (cmp > 0)
                    return e;
                mask = s->mask;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Add key (a new reference is taken): 0, or -1 with an exception. */
static int add_entry(struct set_object *s, object_t *key, int64_t hash)
{
    struct set_entry *freeslot, *e;
    size_t mask, perturb, i;

    incref(key);
restart:
    mask = s->mask;
    i = (size_t)hash & mask;
    freeslot = NULL;
    perturb = (size_t)hash;
    for (;;) {
        e = &s->table[i];
        int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            if (e->hash == 0 && !e->key)
                goto found_unused_or_dummy;
            if (e->hash == hash) {
                object_t *startkey = e->key;
                struct set_entry *table = s->table;
                if (startkey == key)
                    goto found_active;
                incref(startkey);
                int cmp = keys_equal(startkey, key);
                decref(startkey);
                if (cmp > 0)
                    goto found_active;
                if (cmp < 0) {
                    decref(key);
                    return -1;
                }
                if (table != s->table || e->key != startkey)
                    goto restart;
                mask = s->mask;
            } else if (e->hash == -1) {
                freeslot = e;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        s->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    s->fill++;
    s->used++;
    e->key = key;
    e->hash = hash;
    if (s->fill * 5 < mask * 3)
        return 0;
    return table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
found_active:
    decref(key);
    return 0;
}

static int64_t set_key_hash(object_t *key)
{
    if (key->type == &str_type)
        return ((struct str_object *)key)->hash;
    return vm_hash(key);
}

static int add_key(struct set_object *s, object_t *key)
{
    int64_t hash = set_key_hash(key);
    return hash == -1 ? -1 : add_entry(s, key, hash);
}

/* 1 present, 0 absent, -1 error. */
static int contains_entry(struct set_object *s, object_t *key, int64_t hash)
{
    struct set_entry *e = lookkey(s, key, hash);
    return e ? e->key != NULL : -1;
}

/* 1 found and discarded, 0 absent, -1 error. */
static int discard_entry(struct set_object *s, object_t *key, int64_t hash)
{
    struct set_entry *e = lookkey(s, key, hash);
    object_t *old;
    if (!e)
        return -1;
    if (!e->key)
        return 0;
    old = e->key;
    e->key = DUMMY;
    e->hash = -1;
    s->used--;
    decref(old);
    return 1;
}

/* A set used as a key of contains/discard/remove is looked up as the frozenset of its items
 * (CPython's set_contains_key & co). Returns the key to use (new reference) or NULL. */
static object_t *key_for_lookup(object_t *key, int64_t *hash)
{
    *hash = set_key_hash(key);
    if (*hash != -1) {
        incref(key);
        return key;
    }
    if (!is_set(key) || !vm_err_matches(exc_TypeError))
        return NULL;
    vm_err_clear();
    object_t *f = set_new_from(&frozenset_type, key);
    if (!f)
        return NULL;
    *hash = set_key_hash(f);
    if (*hash == -1) {
        decref(f);
        return NULL;
    }
    return f;
}

static int contains_key(struct set_object *s, object_t *key)
{
    int64_t hash;
    object_t *k = key_for_lookup(key, &hash);
    int r;
    if (!k)
        return -1;
    r = contains_entry(s, k, hash);
    decref(k);
    return r;
}

static int discard_key(struct set_object *s, object_t *key)
{
    int64_t hash;
    object_t *k = key_for_lookup(key, &hash);
    int r;
    if (!k)
        return -1;
    r = discard_entry(s, k, hash);
    decref(k);
    return r;
}

/* Detach the table, then drop the keys (consistent first). */
static void set_drop_entries(struct set_object *s)
{
    struct set_entry *table = s->table, small_copy[SET_MIN_SIZE];
    size_t mask = s->mask;

    if (s->fill == 0 && table == s->smalltable)
        return;
    if (table == s->smalltable) {
        memcpy(small_copy, s->smalltable, sizeof small_copy);
        table = small_copy;
    }
    memset(s->smalltable, 0, sizeof s->smalltable);
    s->table = s->smalltable;
    s->mask = SET_MIN_SIZE - 1;
    s->fill = s->used = 0;
    s->finger = 0;
    for (size_t i = 0; i <= mask; i++)
        if (table[i].key && table[i].key != DUMMY)
            decref(table[i].key);
    if (table != small_copy) {
        census_adjust_bytes(&set_type, -(long)((mask + 1) * sizeof *table));
        kfree(table);
    }
}

/* ---- the object ------------------------------------------------------------------------------- */

static object_t *set_alloc(struct type *t)
{
    struct set_object *s;
    if (t->vm_flags & VM_TYPE_HEAP) {
        /* A subclass: zeroed, tracked and holding its class (instance_alloc); nothing can
         * collect before the table below is set. */
        s = (struct set_object *)instance_alloc(t);
        if (!s)
            return NULL;
    } else {
        s = (struct set_object *)gc_alloc(t, t->basic_size);
        if (!s)
            return vm_err_nomemory();
        memset((char *)s + sizeof(struct object), 0, t->basic_size - sizeof(struct object));
        gc_track(&s->ob);
    }
    s->table = s->smalltable;
    s->mask = SET_MIN_SIZE - 1;
    s->hash = -1;
    return &s->ob;
}

static void set_dealloc(object_t *o)
{
    struct set_object *s = AS_SET(o);
    gc_untrack(o);
    if (s->weaklist)
        object_clear_weakrefs(o);
    TRASHCAN_BEGIN(o)
    set_drop_entries(s);
    gc_free(o, o->type->basic_size);
    TRASHCAN_END
}

static int set_traverse(object_t *o, visitproc visit, void *arg)
{
    struct set_object *s = AS_SET(o);
    for (size_t i = 0; i <= s->mask; i++) {
        object_t *k = s->table[i].key;
        if (k && k != DUMMY) {
            int r = visit(k, arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int set_tp_clear(object_t *o)
{
    set_drop_entries(AS_SET(o));
    return 0;
}

/* Merge another set's entries (set_merge): same-shaped empty tables are copied slot by slot,
 * which keeps the other's order exactly. */
static int merge_set(struct set_object *s, struct set_object *other)
{
    if (s == other || other->used == 0)
        return 0;
    if ((s->fill + other->used) * 5 >= s->mask * 3 &&
        table_resize(s, (s->used + other->used) * 2) < 0)
        return -1;
    if (s->fill == 0 && s->mask == other->mask && other->fill == other->used) {
        for (size_t i = 0; i <= other->mask; i++) {
            object_t *k = other->table[i].key;
            if (k) {
                incref(k);
                s->table[i] = other->table[i];
            }
        }
        s->fill = other->fill;
        s->used = other->used;
        return 0;
    }
    if (s->fill == 0) {
        s->fill = s->used = other->used;
        for (size_t i = 0; i <= other->mask; i++) {
            object_t *k = other->table[i].key;
            if (k && k != DUMMY) {
                incref(k);
                insert_clean(s->table, s->mask, k, other->table[i].hash);
            }
        }
        return 0;
    }
    for (size_t i = 0; i <= other->mask; i++) {
        struct set_entry e = other->table[i];
        if (e.key && e.key != DUMMY) {
            incref(e.key);
            int r = add_entry(s, e.key, e.hash);
            decref(e.key);
            if (r < 0)
                return -1;
        }
    }
    return 0;
}

/* set_update_internal: a set, a dict (its keys, with their stored hashes) or any iterable. */
static int update_internal(struct set_object *s, object_t *other)
{
    object_t *it, *k;

    if (IS_ANYSET(other))
        return merge_set(s, AS_SET(other));
    if (type_of(other) == &dict_type) {
        struct dict_object *d = (struct dict_object *)other;
        if ((s->fill + d->used) * 5 >= s->mask * 3 && table_resize(s, (s->used + d->used) * 2) < 0)
            return -1;
        for (size_t i = 0; i < d->nentries; i++) {
            struct dict_entry *e = &d->table[i];
            if (e->key) {
                object_t *key = e->key;
                incref(key);
                int r = add_entry(s, key, e->hash);
                decref(key);
                if (r < 0)
                    return -1;
            }
        }
        return 0;
    }
    it = vm_iter(other);
    if (!it)
        return -1;
    while ((k = vm_next(it)) != NULL) {
        int r = add_key(s, k);
        decref(k);
        if (r < 0) {
            decref(it);
            return -1;
        }
    }
    decref(it);
    return vm_err_occurred() ? -1 : 0;
}

object_t *set_new_from(struct type *t, object_t *iterable)
{
    object_t *s = set_alloc(t);
    if (s && iterable && update_internal(AS_SET(s), iterable) < 0)
        CLEAR_REF(s);
    return s;
}

int set_update(object_t *s, object_t *iterable)
{
    return update_internal(AS_SET(s), iterable);
}

int set_add_item(object_t *s, object_t *key)
{
    return add_key(AS_SET(s), key);
}

int set_contains_item(object_t *s, object_t *key)
{
    return contains_key(AS_SET(s), key);
}

/* The type a result of an operation on `o` has: set for set and its subclasses, frozenset for
 * frozenset's (make_new_set_basetype). */
static struct type *base_type(object_t *o)
{
    return is_set(o) ? &set_type : &frozenset_type;
}

static object_t *set_copy(object_t *o)
{
    return set_new_from(base_type(o), o);
}

/* ---- hash, repr, compare ---------------------------------------------------------------------- */

static uint64_t shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL;
}

static int64_t frozenset_hash(object_t *o)
{
    struct set_object *s = AS_SET(o);
    uint64_t hash = 0;

    if (s->hash != -1)
        return s->hash;
    /* xor is order-independent, as a set's hash must be; only the active entries count
     * (CPython xors in every slot and cancels the unused and dummy ones: the same value). */
    for (size_t i = 0; i <= s->mask; i++)
        if (s->table[i].key && s->table[i].key != DUMMY)
            hash ^= shuffle_bits((uint64_t)s->table[i].hash);
    hash ^= ((uint64_t)s->used + 1) * 1927868237ULL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923ULL;
    if (hash == (uint64_t)-1)
        hash = 590923713ULL;
    s->hash = (int64_t)hash;
    return s->hash;
}

static object_t *set_repr(object_t *o)
{
    struct set_object *s = AS_SET(o);
    object_t *keys, *r = NULL;
    struct strbuf b;
    int g;

    if (s->used == 0)
        return str_format_c("%s()", type_name(o));
    g = vm_repr_enter(o);
    if (g != 0)
        return g > 0 ? str_format_c("%s(...)", type_name(o)) : NULL;
    keys = vm_sequence_list(o);
    if (keys) {
        sb_init(&b);
        if (type_of(o) != &set_type) {
            sb_puts(&b, type_name(o));
            sb_putc(&b, '(');
        }
        sb_putc(&b, '{');
        for (size_t i = 0; i < list_size(keys); i++) {
            if (i)
                sb_puts(&b, ", ");
            if (sb_put_repr(&b, list_items_of(keys)[i]) < 0) {
                sb_free(&b);
                decref(keys);
                vm_repr_leave(o);
                return NULL;
            }
        }
        sb_putc(&b, '}');
        if (type_of(o) != &set_type)
            sb_putc(&b, ')');
        r = sb_finish(&b);
        decref(keys);
    }
    vm_repr_leave(o);
    return r;
}

/* a <= b as sets: 1, 0, -1 error. */
static int issubset(object_t *a, object_t *b)
{
    struct set_object *s = AS_SET(a);
    if (s->used > AS_SET(b)->used)
        return 0;
    for (size_t i = 0; i <= s->mask; i++) {
        struct set_entry e = s->table[i];
        if (e.key && e.key != DUMMY) {
            incref(e.key);
            int r = contains_entry(AS_SET(b), e.key, e.hash);
            decref(e.key);
            if (r <= 0)
                return r;
        }
    }
    return 1;
}

static object_t *not_implemented(void)
{
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *set_richcompare(object_t *a, object_t *b, int op)
{
    size_t la, lb;
    int r;

    if (!IS_ANYSET(a) || !IS_ANYSET(b))
        return not_implemented();
    la = AS_SET(a)->used;
    lb = AS_SET(b)->used;
    switch (op) {
    case CMP_EQ:
    case CMP_NE:
        if (la != lb)
            return vm_bool(op == CMP_NE);
        if (is_frozenset(a) && is_frozenset(b) && AS_SET(a)->hash != -1 &&
            AS_SET(b)->hash != -1 && AS_SET(a)->hash != AS_SET(b)->hash)
            return vm_bool(op == CMP_NE);
        r = issubset(a, b);
        return r < 0 ? NULL : vm_bool((r == 1) == (op == CMP_EQ));
    case CMP_LE:
        r = issubset(a, b);
        break;
    case CMP_GE:
        r = issubset(b, a);
        break;
    case CMP_LT:
        r = la < lb ? issubset(a, b) : 0;
        break;
    default: /* CMP_GT */
        r = la > lb ? issubset(b, a) : 0;
        break;
    }
    return r < 0 ? NULL : vm_bool(r);
}

/* ---- the operations --------------------------------------------------------------------------- */

static object_t *set_union_of(object_t *so, object_t *const *others, size_t n)
{
    object_t *r = set_copy(so);
    for (size_t i = 0; r && i < n; i++)
        if (update_internal(AS_SET(r), others[i]) < 0)
            CLEAR_REF(r);
    return r;
}

/* set_intersection: the result follows the smaller operand's order when both are sets. */
static object_t *intersection(object_t *so, object_t *other)
{
    object_t *result, *it, *k;

    if (so == other)
        return set_copy(so);
    result = set_alloc(base_type(so));
    if (!result)
        return NULL;
    if (IS_ANYSET(other)) {
        object_t *a = so, *b = other;
        if (AS_SET(b)->used > AS_SET(a)->used) {
            a = other;
            b = so;
        }
        /* walk b (the smaller), keep what a has */
        struct set_object *sb = AS_SET(b);
        for (size_t i = 0; i <= sb->mask; i++) {
            struct set_entry e = sb->table[i];
            if (!e.key || e.key == DUMMY)
                continue;
            incref(e.key);
            int in = contains_entry(AS_SET(a), e.key, e.hash);
            if (in > 0)
                in = add_entry(AS_SET(result), e.key, e.hash) < 0 ? -1 : 1;
            decref(e.key);
            if (in < 0) {
                decref(result);
                return NULL;
            }
        }
        return result;
    }
    it = vm_iter(other);
    if (!it) {
        decref(result);
        return NULL;
    }
    while ((k = vm_next(it)) != NULL) {
        int64_t hash = set_key_hash(k);
        int in = hash == -1 ? -1 : contains_entry(AS_SET(so), k, hash);
        if (in > 0)
            in = add_entry(AS_SET(result), k, hash) < 0 ? -1 : 1;
        decref(k);
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

/* Exchange the contents of two sets (set_swap_bodies): the in-place operations build their
 * result aside, then swap it in, so an error leaves the set as it was. */
static void swap_bodies(object_t *x, object_t *y)
{
    struct set_object *a = AS_SET(x), *b = AS_SET(y);
    bool a_small = a->table == a->smalltable, b_small = b->table == b->smalltable;
    struct set_entry *a_table = a->table, *b_table = b->table, small[SET_MIN_SIZE];
    size_t t;

    t = a->fill, a->fill = b->fill, b->fill = t;
    t = a->used, a->used = b->used, b->used = t;
    t = a->mask, a->mask = b->mask, b->mask = t;
    t = a->finger, a->finger = b->finger, b->finger = t;
    memcpy(small, a->smalltable, sizeof small);
    memcpy(a->smalltable, b->smalltable, sizeof small);
    memcpy(b->smalltable, small, sizeof small);
    a->table = b_small ? a->smalltable : b_table;
    b->table = a_small ? b->smalltable : a_table;
    a->hash = b->hash = -1;
}

static int difference_update(struct set_object *s, object_t *other)
{
    object_t *it, *k;

    if (&s->ob == other) {
        set_drop_entries(s);
        return 0;
    }
    if (IS_ANYSET(other)) {
        struct set_object *o = AS_SET(other);
        for (size_t i = 0; i <= o->mask; i++) {
            struct set_entry e = o->table[i];
            if (e.key && e.key != DUMMY) {
                incref(e.key);
                int r = discard_entry(s, e.key, e.hash);
                decref(e.key);
                if (r < 0)
                    return -1;
            }
        }
    } else {
        it = vm_iter(other);
        if (!it)
            return -1;
        while ((k = vm_next(it)) != NULL) {
            int r = discard_key(s, k);
            decref(k);
            if (r < 0) {
                decref(it);
                return -1;
            }
        }
        decref(it);
        if (vm_err_occurred())
            return -1;
    }
    /* More than a quarter of the slots dummies: compact them away, as CPython does. */
    if (s->fill - s->used <= s->mask / 4)
        return 0;
    return table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

static object_t *difference(object_t *so, object_t *other)
{
    object_t *result;
    size_t other_size;

    if (IS_ANYSET(other))
        other_size = AS_SET(other)->used;
    else if (type_of(other) == &dict_type)
        other_size = dict_len(other);
    else
        goto copy_and_difference;
    if ((AS_SET(so)->used >> 2) > other_size)
        goto copy_and_difference;
    result = set_alloc(base_type(so));
    if (!result)
        return NULL;
    for (size_t i = 0; i <= AS_SET(so)->mask; i++) {
        struct set_entry e = AS_SET(so)->table[i];
        int in;
        if (!e.key || e.key == DUMMY)
            continue;
        incref(e.key);
        if (IS_ANYSET(other)) {
            in = contains_entry(AS_SET(other), e.key, e.hash);
        } else {
            int error = 0;
            in = dict_get_hashed(other, e.key, e.hash, &error) != NULL;
            if (error)
                in = -1;
        }
        if (in == 0)
            in = add_entry(AS_SET(result), e.key, e.hash);
        decref(e.key);
        if (in < 0) {
            decref(result);
            return NULL;
        }
    }
    return result;
copy_and_difference:
    result = set_copy(so);
    if (result && difference_update(AS_SET(result), other) < 0)
        CLEAR_REF(result);
    return result;
}

static int symmetric_difference_update(struct set_object *s, object_t *other)
{
    object_t *otherset;

    if (&s->ob == other) {
        set_drop_entries(s);
        return 0;
    }
    if (type_of(other) == &dict_type) {
        struct dict_object *d = (struct dict_object *)other;
        for (size_t i = 0; i < d->nentries; i++) {
            struct dict_entry *e = &d->table[i];
            if (!e->key)
                continue;
            object_t *key = e->key;
            int64_t hash = e->hash;
            incref(key);
            int r = discard_entry(s, key, hash);
            if (r == 0)
                r = add_entry(s, key, hash);
            decref(key);
            if (r < 0)
                return -1;
        }
        return 0;
    }
    if (IS_ANYSET(other)) {
        otherset = other;
        incref(otherset);
    } else {
        otherset = set_new_from(&set_type, other);
        if (!otherset)
            return -1;
    }
    struct set_object *o = AS_SET(otherset);
    for (size_t i = 0; i <= o->mask; i++) {
        struct set_entry e = o->table[i];
        if (!e.key || e.key == DUMMY)
            continue;
        incref(e.key);
        int r = discard_entry(s, e.key, e.hash);
        if (r == 0)
            r = add_entry(s, e.key, e.hash);
        decref(e.key);
        if (r < 0) {
            decref(otherset);
            return -1;
        }
    }
    decref(otherset);
    return 0;
}

static object_t *symmetric_difference(object_t *so, object_t *other)
{
    object_t *r = set_new_from(base_type(so), other);
    if (r && symmetric_difference_update(AS_SET(r), so) < 0)
        CLEAR_REF(r);
    return r;
}

/* ---- number slots ----------------------------------------------------------------------------- */

static object_t *set_or(object_t *a, object_t *b)
{
    if (!IS_ANYSET(a) || !IS_ANYSET(b))
        return not_implemented();
    return set_union_of(a, &b, 1);
}

static object_t *set_and(object_t *a, object_t *b)
{
    if (!IS_ANYSET(a) || !IS_ANYSET(b))
        return not_implemented();
    return intersection(a, b);
}

static object_t *set_sub(object_t *a, object_t *b)
{
    if (!IS_ANYSET(a) || !IS_ANYSET(b))
        return not_implemented();
    return difference(a, b);
}

static object_t *set_xor(object_t *a, object_t *b)
{
    if (!IS_ANYSET(a) || !IS_ANYSET(b))
        return not_implemented();
    return symmetric_difference(a, b);
}

static object_t *return_self(object_t *a, int r)
{
    if (r < 0)
        return NULL;
    incref(a);
    return a;
}

static object_t *set_ior(object_t *a, object_t *b)
{
    if (!IS_ANYSET(b))
        return not_implemented();
    return return_self(a, update_internal(AS_SET(a), b));
}

static object_t *set_iand(object_t *a, object_t *b)
{
    object_t *tmp;
    if (!IS_ANYSET(b))
        return not_implemented();
    tmp = intersection(a, b);
    if (!tmp)
        return NULL;
    swap_bodies(a, tmp);
    decref(tmp);
    incref(a);
    return a;
}

static object_t *set_isub(object_t *a, object_t *b)
{
    if (!IS_ANYSET(b))
        return not_implemented();
    return return_self(a, difference_update(AS_SET(a), b));
}

static object_t *set_ixor(object_t *a, object_t *b)
{
    if (!IS_ANYSET(b))
        return not_implemented();
    return return_self(a, symmetric_difference_update(AS_SET(a), b));
}

static int set_to_bool(object_t *o)
{
    return AS_SET(o)->used != 0;
}

static const struct number_methods set_number = {
    .binary = {[NB_OR] = set_or, [NB_AND] = set_and, [NB_SUBTRACT] = set_sub, [NB_XOR] = set_xor},
    .inplace = {[NB_OR] = set_ior, [NB_AND] = set_iand, [NB_SUBTRACT] = set_isub,
                [NB_XOR] = set_ixor},
    .to_bool = set_to_bool,
};

static const struct number_methods frozenset_number = {
    .binary = {[NB_OR] = set_or, [NB_AND] = set_and, [NB_SUBTRACT] = set_sub, [NB_XOR] = set_xor},
    .to_bool = set_to_bool,
};

/* ---- methods ---------------------------------------------------------------------------------- */

static object_t *m_add(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    if (vm_check_args("set.add", nargs, kw, 1, 1) < 0)
        return NULL;
    return add_key(AS_SET(self), args[0]) < 0 ? NULL : vm_none_ref();
}

static object_t *m_discard(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    if (vm_check_args("set.discard", nargs, kw, 1, 1) < 0)
        return NULL;
    return discard_key(AS_SET(self), args[0]) < 0 ? NULL : vm_none_ref();
}

static object_t *m_remove(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    int r;
    if (vm_check_args("set.remove", nargs, kw, 1, 1) < 0)
        return NULL;
    r = discard_key(AS_SET(self), args[0]);
    if (r < 0)
        return NULL;
    if (r == 0) {
        vm_err_set_key(args[0]);
        return NULL;
    }
    return vm_none_ref();
}

static object_t *m_pop(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct set_object *s = AS_SET(self);
    struct set_entry *e, *limit;
    object_t *key;

    (void)args;
    if (vm_check_args("set.pop", nargs, kw, 0, 0) < 0)
        return NULL;
    if (s->used == 0)
        return vm_err_format(exc_KeyError, "pop from an empty set");
    e = s->table + (s->finger & s->mask);
    limit = s->table + s->mask;
    while (!e->key || e->key == DUMMY) {
        e++;
        if (e > limit)
            e = s->table;
    }
    key = e->key;
    e->key = DUMMY;
    e->hash = -1;
    s->used--;
    s->finger = (size_t)(e - s->table) + 1;
    return key; /* the set's reference passes to the caller */
}

static object_t *m_clear(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("set.clear", nargs, kw, 0, 0) < 0)
        return NULL;
    set_drop_entries(AS_SET(self));
    return vm_none_ref();
}

static object_t *m_copy(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("copy", nargs, kw, 0, 0) < 0)
        return NULL;
    if (type_of(self) == &frozenset_type) {
        incref(self);
        return self;
    }
    return set_copy(self);
}

static object_t *m_update(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    if (vm_check_args("set.update", nargs, kw, 0, SIZE_MAX) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (update_internal(AS_SET(self), args[i]) < 0)
            return NULL;
    return vm_none_ref();
}

static object_t *m_union(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    if (vm_check_args("union", nargs, kw, 0, SIZE_MAX) < 0)
        return NULL;
    return set_union_of(self, args, nargs);
}

static object_t *m_intersection(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kw)
{
    object_t *r;
    if (vm_check_args("intersection", nargs, kw, 0, SIZE_MAX) < 0)
        return NULL;
    if (nargs == 0)
        return set_copy(self);
    incref(self);
    r = self;
    for (size_t i = 0; i < nargs; i++) {
        object_t *next = intersection(r, args[i]);
        decref(r);
        if (!next)
            return NULL;
        r = next;
    }
    return r;
}

static object_t *m_intersection_update(object_t *self, object_t *const *args, size_t nargs,
                                       object_t *kw)
{
    object_t *tmp = m_intersection(self, args, nargs, kw);
    if (!tmp)
        return NULL;
    swap_bodies(self, tmp);
    decref(tmp);
    return vm_none_ref();
}

static object_t *m_difference(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *r;
    if (vm_check_args("difference", nargs, kw, 0, SIZE_MAX) < 0)
        return NULL;
    if (nargs == 0)
        return set_copy(self);
    r = difference(self, args[0]);
    for (size_t i = 1; r && i < nargs; i++)
        if (difference_update(AS_SET(r), args[i]) < 0)
            CLEAR_REF(r);
    return r;
}

static object_t *m_difference_update(object_t *self, object_t *const *args, size_t nargs,
                                     object_t *kw)
{
    if (vm_check_args("difference_update", nargs, kw, 0, SIZE_MAX) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (difference_update(AS_SET(self), args[i]) < 0)
            return NULL;
    return vm_none_ref();
}

static object_t *m_symmetric_difference(object_t *self, object_t *const *args, size_t nargs,
                                        object_t *kw)
{
    if (vm_check_args("symmetric_difference", nargs, kw, 1, 1) < 0)
        return NULL;
    return symmetric_difference(self, args[0]);
}

static object_t *m_symmetric_difference_update(object_t *self, object_t *const *args,
                                               size_t nargs, object_t *kw)
{
    if (vm_check_args("symmetric_difference_update", nargs, kw, 1, 1) < 0)
        return NULL;
    return symmetric_difference_update(AS_SET(self), args[0]) < 0 ? NULL : vm_none_ref();
}

/* The argument as a set (issubset & co take any iterable); new reference. */
static object_t *as_anyset(object_t *o)
{
    if (IS_ANYSET(o)) {
        incref(o);
        return o;
    }
    return set_new_from(&set_type, o);
}

static object_t *m_issubset(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *o;
    int r;
    if (vm_check_args("issubset", nargs, kw, 1, 1) < 0 || !(o = as_anyset(args[0])))
        return NULL;
    r = issubset(self, o);
    decref(o);
    return r < 0 ? NULL : vm_bool(r);
}

static object_t *m_issuperset(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *o;
    int r;
    if (vm_check_args("issuperset", nargs, kw, 1, 1) < 0 || !(o = as_anyset(args[0])))
        return NULL;
    r = issubset(o, self);
    decref(o);
    return r < 0 ? NULL : vm_bool(r);
}

static object_t *m_isdisjoint(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *tmp;
    if (vm_check_args("isdisjoint", nargs, kw, 1, 1) < 0)
        return NULL;
    tmp = intersection(self, args[0]);
    if (!tmp)
        return NULL;
    bool empty = AS_SET(tmp)->used == 0;
    decref(tmp);
    return vm_bool(empty);
}

static object_t *m_contains(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    int r;
    if (vm_check_args("__contains__", nargs, kw, 1, 1) < 0)
        return NULL;
    r = contains_key(AS_SET(self), args[0]);
    return r < 0 ? NULL : vm_bool(r);
}

#define COMMON_METHODS                                                                            \
    {"copy", m_copy, 0}, {"union", m_union, 0}, {"intersection", m_intersection, 0},              \
        {"difference", m_difference, 0}, {"symmetric_difference", m_symmetric_difference, 0},     \
        {"issubset", m_issubset, 0}, {"issuperset", m_issuperset, 0},                             \
        {"isdisjoint", m_isdisjoint, 0}, {"__contains__", m_contains, 0}

static const struct method_def set_method_defs[] = {
    {"add", m_add, 0},
    {"discard", m_discard, 0},
    {"remove", m_remove, 0},
    {"pop", m_pop, 0},
    {"clear", m_clear, 0},
    {"update", m_update, 0},
    {"intersection_update", m_intersection_update, 0},
    {"difference_update", m_difference_update, 0},
    {"symmetric_difference_update", m_symmetric_difference_update, 0},
    COMMON_METHODS,
    {NULL, NULL, 0},
};

static const struct method_def frozenset_method_defs[] = {
    COMMON_METHODS,
    {NULL, NULL, 0},
};

/* ---- slots ------------------------------------------------------------------------------------ */

static intptr_t set_length(object_t *o)
{
    return (intptr_t)AS_SET(o)->used;
}

static int set_contains(object_t *o, object_t *key)
{
    return contains_key(AS_SET(o), key);
}

static object_t *set_newfunc(struct type *t, object_t *const *args, size_t nargs,
                             object_t *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames; /* set.__new__ makes it empty; __init__ fills it */
    return set_alloc(t);
}

static int set_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    if (kwnames && tuple_size(kwnames) && type_of(self) == &set_type) {
        vm_err_format(exc_TypeError, "set() takes no keyword arguments");
        return -1;
    }
    if (nargs > 1) {
        vm_err_format(exc_TypeError, "set expected at most 1 argument, got %zu", nargs);
        return -1;
    }
    set_drop_entries(AS_SET(self));
    return nargs ? update_internal(AS_SET(self), args[0]) : 0;
}

static object_t *frozenset_newfunc(struct type *t, object_t *const *args, size_t nargs,
                                   object_t *kwnames)
{
    if (kwnames && tuple_size(kwnames) && t == &frozenset_type)
        return vm_err_format(exc_TypeError, "frozenset() takes no keyword arguments");
    if (nargs > 1)
        return vm_err_format(exc_TypeError, "frozenset expected at most 1 argument, got %zu",
                             nargs);
    if (nargs == 1 && t == &frozenset_type && type_of(args[0]) == &frozenset_type) {
        incref(args[0]);
        return args[0];
    }
    return set_new_from(t, nargs ? args[0] : NULL);
}

/* ---- iterator --------------------------------------------------------------------------------- */

struct set_iter {
    struct object ob;
    object_t *set;  /* NULL once exhausted */
    size_t used;    /* the set's size when iteration started */
    size_t pos;
    size_t left;
};

static void set_iter_dealloc(object_t *o)
{
    gc_untrack(o);
    XDECREF(((struct set_iter *)o)->set);
    gc_free(o, sizeof(struct set_iter));
}

static int set_iter_traverse(object_t *o, visitproc visit, void *arg)
{
    object_t *s = ((struct set_iter *)o)->set;
    return s ? visit(s, arg) : 0;
}

static int set_iter_clear(object_t *o)
{
    CLEAR_REF(((struct set_iter *)o)->set);
    return 0;
}

static object_t *set_iter_next(object_t *o)
{
    struct set_iter *it = (struct set_iter *)o;
    struct set_object *s;

    if (!it->set)
        return NULL;
    s = AS_SET(it->set);
    if (it->used != s->used) {
        vm_err_format(exc_RuntimeError, "Set changed size during iteration");
        it->used = SIZE_MAX;
        return NULL;
    }
    while (it->pos <= s->mask) {
        object_t *k = s->table[it->pos++].key;
        if (k && k != DUMMY) {
            it->left--;
            incref(k);
            return k;
        }
    }
    CLEAR_REF(it->set);
    return NULL;
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

static object_t *set_iter_length_hint(object_t *self, object_t *const *args, size_t nargs,
                                      object_t *kw)
{
    struct set_iter *it = (struct set_iter *)self;
    (void)args;
    if (vm_check_args("__length_hint__", nargs, kw, 0, 0) < 0)
        return NULL;
    return int_from_u64(it->set && it->used == AS_SET(it->set)->used ? it->left : 0);
}

static const struct method_def set_iter_methods[] = {
    {"__length_hint__", set_iter_length_hint, 0},
    {NULL, NULL, 0},
};

struct type set_iter_type = {
    .name = "set_iterator",
    .basic_size = sizeof(struct set_iter),
    .flags = TYPE_FLAG_GC,
    .dealloc = set_iter_dealloc,
    .traverse = set_iter_traverse,
    .clear = set_iter_clear,
    .iter = iter_self,
    .iternext = set_iter_next,
    .methods = set_iter_methods,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

static object_t *set_iter(object_t *o)
{
    struct set_iter *it = (struct set_iter *)gc_alloc(&set_iter_type, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    incref(o);
    it->set = o;
    it->used = it->left = AS_SET(o)->used;
    it->pos = 0;
    gc_track(&it->ob);
    return &it->ob;
}

struct type set_type = {
    .name = "set",
    .basic_size = sizeof(struct set_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .kind = TYPE_KIND_OTHER,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_tp_clear,
    .repr = set_repr,
    .hash = vm_hash_unhashable,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .newfunc = set_newfunc,
    .init = set_init,
    .length = set_length,
    .contains = set_contains,
    .number = &set_number,
    .methods = set_method_defs,
    .vm_flags = VM_TYPE_BASETYPE,
};

struct type frozenset_type = {
    .name = "frozenset",
    .basic_size = sizeof(struct set_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .kind = TYPE_KIND_OTHER,
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_tp_clear,
    .repr = set_repr,
    .hash = frozenset_hash,
    .richcompare = set_richcompare,
    .iter = set_iter,
    .newfunc = frozenset_newfunc,
    .length = set_length,
    .contains = set_contains,
    .number = &frozenset_number,
    .methods = frozenset_method_defs,
    .vm_flags = VM_TYPE_BASETYPE,
};

void vm_set_init(void)
{
}
