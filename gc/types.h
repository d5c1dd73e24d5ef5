/*
 * gc/types.h - layouts of the built-in types, shared by their implementations and by the
 * collector's inlined traversals (gc/collect.c). Not for users of objects.
 */
#ifndef GC_TYPES_H
#define GC_TYPES_H

#include "gc/interp.h"

/* int: CPython's layout. |size| is the number of 30-bit digits (least significant first, the most
 * significant non-zero), its sign the number's; zero has size 0. */
struct int_object {
    struct object ob;
    intptr_t size;
    uint32_t digit[];
};

/* str: UTF-8 text, NUL-terminated, with its length in bytes and in code points. */
struct str_object {
    struct object ob;
    size_t len;    /* bytes */
    size_t nchars; /* code points (== len for ASCII) */
    int64_t hash;  /* computed at creation (dict keys, names) */
    char data[];
};

struct tuple_object {
    struct object ob;
    size_t size;
    object_t *items[]; /* NULL until set */
};

/*
 * 32 bytes, 48 with the GC header (a heap size class): a full collection's cost is mostly the
 * memory it streams through, so the object stays this small - 32-bit lengths (at most
 * LIST_MAX_ITEMS), and a list of at most one item keeps that item in the word that otherwise
 * points to the item array (allocated == LIST_INLINE_ITEMS says which). A one-item list is thus
 * one allocation instead of two: freeing garbage lists in small cycles was dominated by the second
 * kfree and the second cold block it touches (measured: 2-cycles garbage 35 -> 27 ns/object with
 * two inline items in a 64-byte object, which cost full collections of live lists 20% for the
 * larger object; this layout keeps the gain for one-item lists at no size cost). Heap item arrays
 * always have more than LIST_INLINE_ITEMS slots.
 */
#define LIST_INLINE_ITEMS 1
struct list_object {
    struct object ob;
    union {
        object_t **array;                       /* allocated > LIST_INLINE_ITEMS */
        object_t *inline_items[LIST_INLINE_ITEMS]; /* allocated == LIST_INLINE_ITEMS */
    } u;
    uint32_t size;
    uint32_t allocated;
};

static inline bool list_items_inline(const struct list_object *l)
{
    return l->allocated == LIST_INLINE_ITEMS;
}

/* Where l's items are. */
static inline object_t **list_items(struct list_object *l)
{
    return list_items_inline(l) ? l->u.inline_items : l->u.array;
}
#define LIST_MAX_ITEMS ((size_t)UINT32_MAX - 8)

/*
 * dict: CPython 3.6+'s compact ordered table. entries[0..nentries) hold the items in insertion
 * order (a deleted item keeps its place with key NULL until the next resize); indices[] is the
 * hash table proper, mask + 1 slots of DICT_IX_EMPTY, DICT_IX_DUMMY (deleted) or an index into
 * entries. One allocation holds both: entries first, then the indices.
 */
struct dict_entry {
    int64_t hash;
    object_t *key;   /* NULL: deleted */
    object_t *value;
};

#define DICT_IX_EMPTY (-1)
#define DICT_IX_DUMMY (-2)

struct dict_object {
    struct object ob;
    size_t used;              /* live entries */
    size_t nentries;          /* entries in use, deleted ones included */
    size_t mask;              /* index slots - 1; 0 with no table */
    struct dict_entry *table; /* the entries; NULL while empty and never grown */
    int32_t *indices;
    uint64_t version;         /* bumped on every insertion or deletion: iterators check it */
    bool owned;               /* an instance's attributes: walked as part of the instance, never
                               * tracked itself (CPython 3.11's inline values); see dict_release */
};

/* The hash and equality dict keys are compared with: by value for int and str until the
 * interpreter installs Python's (hash() and ==). hash returns -1 and eq -1 with an exception set
 * on failure, which the dict operations pass up as -2 / DICT_ERROR. */
extern int64_t (*dict_key_hash)(object_t *key);
extern int (*dict_key_eq)(object_t *a, object_t *b);

struct weakref_object;

/*
 * A class owns the attribute names its instances use (CPython 3.11's shared "cached keys"): an
 * instance stores only values, values[i] being the attribute named keys[i] (NULL: not set).
 */
struct class_object {
    struct object ob;
    struct type instance_type; /* the type of this class's instances (a heap type) */
    char **keys;
    size_t nkeys, keys_allocated;
    char name[];
};

#define INSTANCE_INLINE_SLOTS 4 /* attribute values stored inside the instance itself */

struct instance_object {
    struct object ob;
    struct weakref_object *weaklist;
    size_t nslots;     /* entries in values */
    object_t **values; /* inline_values, or a kmalloc'd array once more slots are needed */
    object_t *inline_values[INSTANCE_INLINE_SLOTS];
};

struct weakref_object {
    struct object ob;
    object_t *target; /* NULL once cleared */
    void (*callback)(object_t *ref, void *arg);
    void *arg;
    object_t *callback_obj; /* a Python callback (strong, traversed) the C callback calls */
    struct weakref_object *prev_ref, *next_ref; /* the target's list */
};

/* Weak references (gc/weakref.c). */
/* Unlink wr from its target and make it dead; the callback is kept (_PyWeakref_ClearRef). */
void weakref_clear_ref(struct weakref_object *wr);
/* The target is being deallocated: clear every weakref to it, then run their callbacks
 * (PyObject_ClearWeakRefs). */
void object_clear_weakrefs(object_t *target);

static inline struct weakref_object **weaklist_of(object_t *o)
{
    size_t off = o->type->weaklistoffset;
    if (off)
        return (struct weakref_object **)((char *)o + off);
    return &((struct instance_object *)o)->weaklist;
}

#endif /* GC_TYPES_H */
