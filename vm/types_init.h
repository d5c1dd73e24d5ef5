/*
 * vm/types_init.h - the container and text types' start-up, and what their files share.
 *
 * gc/'s list, tuple and dict types are static in gc/; their Python behaviour (repr, compare,
 * methods, number slots ...) is filled in by vm_list_init(), vm_tuple_init() and vm_dict_init().
 * The types defined in vm/ (set, frozenset, bytes, range, slice, the views and iterators) are
 * static definitions; their init functions only finish what a static initializer cannot. The
 * lead's vm_types_init() calls every one of these before type_ready.
 *
 * Also here: the repr recursion guard (CPython's Py_ReprEnter/Py_ReprLeave) shared by list,
 * dict and set, the unhashable hash slot, and the str methods table the str type references.
 * Conventions as vm/object.h.
 */
#ifndef VM_TYPES_INIT_H
#define VM_TYPES_INIT_H

#include "vm/builtin.h"

void vm_list_init(void);
void vm_tuple_init(void);
void vm_dict_init(void);   /* also installs dict_key_hash/dict_key_eq: Python's hash() and == */
void vm_set_init(void);
void vm_bytes_init(void);
void vm_range_init(void);
void vm_slice_init(void);
void vm_str_methods_init(void);

/* The iterator types (their Python names as CPython's: "list_iterator" ...). */
extern struct type list_iter_type, list_reviter_type, tuple_iter_type, set_iter_type,
    range_iter_type, bytes_iter_type, dict_keyiter_type, dict_valueiter_type, dict_itemiter_type,
    dict_revkeyiter_type;

/* The types defined by these files that vm_types_init must type_ready (after the core types),
 * beyond those it lists itself (set, frozenset, bytes, range, slice): the dict views and every
 * iterator. NULL-terminated. (vm/list.c) */
extern struct type *const vm_container_types[];

/* Repr recursion guard: 0 entered (call vm_repr_leave after), 1 o is already being repr'd on this
 * thread (print "[...]"), -1 MemoryError. (vm/list.c) */
int vm_repr_enter(object_t *o);
void vm_repr_leave(object_t *o);

/* hash slot of mutable containers: TypeError "unhashable type: 'list'". (vm/list.c) */
int64_t vm_hash_unhashable(object_t *o);

/* CPython 3.11's tuple hash over any array of items (tuplehash, xxHash's round); vm/tuple.c. */
int64_t vm_hash_items(object_t *const *items, size_t n);

/* str's methods beyond the core (vm/str_methods.c), and str % args (BINARY_OP %). */
extern const struct method_def str_methods[];
object_t *str_mod_format(object_t *fmt, object_t *args);

/* A list of the given type (list or a subclass), empty; NULL with MemoryError. (vm/list.c) */
object_t *list_new_of_type(struct type *t);
/* Item i of a sequence index argument, normalised against len (negative counts from the end);
 * -1 with IndexError(msg) when out of range, or the index's TypeError. (vm/list.c) */
int vm_seq_index(object_t *key, size_t len, const char *msg, size_t *out);

/* Lexicographic comparison of two sequences (list_richcompare, tuplerichcompare): the first
 * position whose items differ decides, else the lengths do. items/size are re-read each step
 * since an __eq__ may change a list. (vm/list.c) */
object_t *vm_compare_items(object_t *a, object_t *b, int op, object_t **(*items)(object_t *),
                           size_t (*size)(object_t *));
/* The count n of seq * n (negative: 0); -1 with TypeError/OverflowError, -2: n is an instance
 * of a class, whose __rmul__ gets its turn (NotImplemented). (vm/list.c) */
intptr_t vm_repeat_count(object_t *n);
/* index()/count()'s optional start and stop (args[0..nargs), up to 2), clamped to [0, len]. */
int vm_slice_bounds(object_t *const *args, size_t nargs, size_t len, size_t *start, size_t *stop);

/* Text codecs (vm/bytes.c, vm/str_methods.c). vm_utf8_check: len when s is valid UTF-8 (and
 * *nchars its code points), else the offset of the bad sequence, its length in *bad_len and
 * CPython's reason ("invalid start byte" ...). vm_codec_name: "utf-8", "ascii", "latin-1" for
 * the spellings CPython accepts, NULL for an unknown codec. vm_str_encode: str.encode. */
size_t vm_utf8_check(const char *s, size_t len, size_t *nchars, size_t *bad_len,
                     const char **reason);
const char *vm_codec_name(object_t *encoding);
object_t *vm_str_encode(object_t *s, object_t *encoding, object_t *errors);

/* s.update(iterable) with CPython's order of work (_PySet_Update): SET_UPDATE needs it, since
 * adding a frozenset's items one by one gives another iteration order than CPython's merge
 * ({-1, -2, 7} is SET_UPDATE of a frozenset constant). 0, or -1 with an exception. */
int set_update(object_t *s, object_t *iterable);

/* A set's table is CPython's setobject.c one: entries of (key, hash). (vm/set.c) */
struct set_entry {
    object_t *key; /* NULL: never used; &set_dummy: deleted */
    int64_t hash;
};
#define SET_MIN_SIZE 8
struct set_object {
    struct object ob;
    struct weakref_object *weaklist; /* first, where weaklist_of looks */
    size_t fill;                     /* active + dummy entries */
    size_t used;                     /* active entries */
    size_t mask;                     /* table slots - 1 */
    size_t finger;                   /* where pop() searches from */
    struct set_entry *table;         /* smalltable or a kmalloc'd array */
    int64_t hash;                    /* frozenset only: -1 until computed */
    struct set_entry smalltable[SET_MIN_SIZE];
};
static inline bool IS_ANYSET(object_t *o)
{
    return type_is_subtype(type_of(o), &set_type) || type_is_subtype(type_of(o), &frozenset_type);
}

struct range_object {
    struct object ob;
    object_t *start, *stop, *step, *length; /* ints */
};

#endif /* VM_TYPES_INIT_H */
