/*
 * gc/object.h - the object model: reference-counted objects, their types, and the built-in types
 * (int, str, tuple, list, dict, class/instance, weakref), after CPython 3.11's C API.
 *
 * Every object starts with `struct object` (refcount + type), as PyObject. Container types
 * (TYPE_FLAG_GC: tuple, list, dict, instance, weakref) are allocated with a two-word GC header in
 * front of the object (struct gc_head in gc/gchead.h, CPython's PyGC_Head) so the cycle collector
 * can link them into its generation lists; atomic types (int, str, class) have none and are never
 * tracked. All memory comes from kmalloc.
 *
 * Reference conventions are CPython's: constructors return a new reference; getters return a
 * borrowed one; tuple_set steals the item's reference; every other setter takes its own
 * reference. Functions that can fail for lack of memory return NULL or -1 and leave every object
 * as it was.
 *
 * Context: every function here assumes the caller holds the GIL of the current interpreter
 * (gc/interp.h); refcounts are plain, non-atomic integers, exactly as in CPython. An object belongs
 * to the interpreter that allocated it and must only be touched while that interpreter is current.
 */
#ifndef GC_OBJECT_H
#define GC_OBJECT_H

#include "mm/platform.h"

typedef struct object object_t;

/* The header of every object (PyObject). */
struct object {
    intptr_t refcnt;
    const struct type *type;
};

/* tp_traverse's visitor: return non-zero to stop the traversal early (and pass the value up). */
typedef int (*visitproc)(object_t *o, void *arg);

/* Type flags. */
#define TYPE_FLAG_GC          (1u << 0) /* container: GC header in front, may be tracked */
#define TYPE_FLAG_WEAKREFABLE (1u << 1) /* has a weak reference list (instances) */

/*
 * What the census and the collector's inlined traversals know a type as. Types defined outside
 * gc/ use TYPE_KIND_OTHER and are traversed through their traverse slot.
 */
enum type_kind {
    TYPE_KIND_OTHER,
    TYPE_KIND_INT,
    TYPE_KIND_STR,
    TYPE_KIND_TUPLE,
    TYPE_KIND_LIST,
    TYPE_KIND_DICT,
    TYPE_KIND_CLASS,
    TYPE_KIND_INSTANCE,
    TYPE_KIND_WEAKREF,
    TYPE_KIND_COUNT
};

struct number_methods;  /* vm/object.h: the interpreter's slots */
struct method_def;
struct member_def;

/*
 * A type (PyTypeObject). The first block is what memory management needs and is all gc/ reads;
 * the second block is the interpreter's (vm/object.h documents each slot), NULL where a type has
 * no such behaviour. A type is itself an object (`ob`, of type `type`), so the interpreter can
 * hand it to Python code; gc/'s own built-in types get that header and their Python slots when
 * the interpreter starts (vm_types_init), which is why they are not const.
 */
struct type {
    struct object ob;
    const char *name;
    size_t basic_size;               /* bytes of the fixed part of the object, header included */
    unsigned flags;                  /* TYPE_FLAG_* */
    enum type_kind kind;
    void (*dealloc)(object_t *self); /* refcount reached zero: release referents and memory */
    /* Call visit on every object self references (containers only). */
    int (*traverse)(object_t *self, visitproc visit, void *arg);
    /* Drop the references self holds, to break a cycle (containers only; may be NULL). */
    int (*clear)(object_t *self);
    /* PEP 442 finalizer (tp_finalize): runs at most once per object; may resurrect it. */
    void (*finalize)(object_t *self);

    /* ---- the interpreter's slots (vm/object.h) ---- */
    struct type *base;             /* tp_base; NULL only for object */
    object_t *bases;               /* tuple of types */
    object_t *mro;                 /* tuple of types, C3 order */
    object_t *dict;                /* attributes: methods, descriptors, class variables */
    object_t *name_obj;            /* __name__ as a str */
    object_t *qualname;            /* __qualname__ */
    size_t dictoffset;             /* where an instance keeps its __dict__ pointer; 0: none */
    size_t weaklistoffset;         /* where a TYPE_FLAG_WEAKREFABLE instance keeps its weak
                                    * reference list; 0: the word right after the header */
    object_t *subclasses;          /* list of weakrefs to the classes deriving from this one */
    object_t *(*repr)(object_t *self);
    object_t *(*str)(object_t *self);
    int64_t (*hash)(object_t *self);                     /* -1: error raised */
    object_t *(*richcompare)(object_t *a, object_t *b, int op); /* may return NotImplemented */
    object_t *(*call)(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames);
    object_t *(*getattro)(object_t *self, object_t *name);
    int (*setattro)(object_t *self, object_t *name, object_t *value); /* value NULL: delete */
    object_t *(*descr_get)(object_t *descr, object_t *obj, object_t *type);
    int (*descr_set)(object_t *descr, object_t *obj, object_t *value);
    object_t *(*iter)(object_t *self);
    object_t *(*iternext)(object_t *self);               /* NULL and no error: exhausted */
    object_t *(*newfunc)(struct type *type, object_t *const *args, size_t nargs,
                         object_t *kwnames);
    int (*init)(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames);
    intptr_t (*length)(object_t *self);                 /* -1: error raised */
    object_t *(*getitem)(object_t *self, object_t *key);
    int (*setitem)(object_t *self, object_t *key, object_t *value); /* value NULL: delete */
    int (*contains)(object_t *self, object_t *item);    /* -1: error raised */
    const struct number_methods *number;
    const struct method_def *methods;
    const struct member_def *members;
    unsigned vm_flags;             /* VM_TYPE_* (vm/object.h) */
};

/* Out of line: what decref does when the count reaches zero, and its misuse report. */
void object_dealloc(object_t *o);
void object_refcount_error(object_t *o, uintptr_t caller) __attribute__((noreturn));

/* Take a reference. */
static inline void incref(object_t *o)
{
    o->refcnt++;
}

/*
 * Drop a reference; the object is deallocated when the last one goes. A count that is already
 * zero or negative means a reference was dropped twice: report it rather than free twice.
 */
static inline void decref(object_t *o)
{
    if (__builtin_expect(o->refcnt <= 0, 0))
        object_refcount_error(o, CALLER_ADDR());
    if (--o->refcnt == 0)
        object_dealloc(o);
}

#define INCREF(o)  incref((object_t *)(o))
#define DECREF(o)  decref((object_t *)(o))
#define XINCREF(o) do { object_t *xo_ = (object_t *)(o); if (xo_) incref(xo_); } while (0)
#define XDECREF(o) do { object_t *xo_ = (object_t *)(o); if (xo_) decref(xo_); } while (0)
/* Py_CLEAR: set the slot to NULL first, then drop the reference it held. The slot's address is
 * taken once, so CLEAR_REF(a[i++]) clears the very slot whose reference it drops. */
#define CLEAR_REF(slot) do {                                                 \
        __typeof__(slot) *cs_ = &(slot);                                     \
        object_t *co_ = (object_t *)*cs_;                                    \
        if (co_) { *cs_ = NULL; decref(co_); }                               \
    } while (0)

static inline intptr_t refcount(const object_t *o)
{
    return o->refcnt;
}

static inline const char *type_name(const object_t *o)
{
    return o->type->name;
}

static inline bool object_is_gc(const object_t *o)
{
    return (o->type->flags & TYPE_FLAG_GC) != 0;
}

/* ---- built-in types ---------------------------------------------------------------------------- */

extern struct type int_type, str_type, tuple_type, list_type, dict_type, class_type,
    weakref_type;

/* int and str are atomic: they reference nothing and are never tracked. */
object_t *int_new(long v);
long int_value(object_t *o); /* the int must fit in a long */
object_t *str_new(const char *s);
object_t *str_new_len(const char *s, size_t len, size_t nchars); /* valid UTF-8, nchars counted */
const char *str_value(object_t *o);
/* The hash every str gets (Python's hash(str)). */
int64_t str_hash_bytes(const char *s, size_t len);

/* tuple: fixed size, items start NULL; tuple_set steals the item's reference. */
object_t *tuple_new(size_t n);
void tuple_set(object_t *t, size_t i, object_t *item);
object_t *tuple_get(object_t *t, size_t i);
size_t tuple_len(object_t *t);

/* list: list_set returns -1 for an index out of range; list_get returns NULL then; list_append
 * returns -1 without memory or beyond 2^32 - 9 items. */
object_t *list_new(void);
int list_append(object_t *l, object_t *item);
object_t *list_get(object_t *l, size_t i);
int list_set(object_t *l, size_t i, object_t *item);
size_t list_len(object_t *l);
void list_clear(object_t *l);

/* dict: insertion-ordered; keys compared with dict_key_hash/dict_key_eq (gc/types.h): ints and
 * strs by value until the interpreter installs Python's hash() and ==. dict_set: 0, -1 without
 * memory, -2 when hashing or comparing a key raised. dict_get: NULL when absent (or on such an
 * error). dict_del: 0 removed, -1 absent, -2 error. The _hashed forms take the key's hash. */
object_t *dict_new(void);
int dict_set(object_t *d, object_t *key, object_t *value);
object_t *dict_get(object_t *d, object_t *key);
int dict_del(object_t *d, object_t *key);
int dict_set_hashed(object_t *d, object_t *key, int64_t hash, object_t *value);
object_t *dict_get_hashed(object_t *d, object_t *key, int64_t hash, int *error);
int dict_del_hashed(object_t *d, object_t *key, int64_t hash);
void dict_clear(object_t *d);
/* An instance's attribute dict (CPython 3.11's inline values): untracked for good, its owner
 * walks its values. dict_release makes it an ordinary dict again (its __dict__ was taken), tracked
 * when it holds containers. */
void dict_set_owned(object_t *d);
void dict_release(object_t *d);
size_t dict_len(object_t *d);

/*
 * Classes are atomic objects of type "type" (class_as_object gives the object; drop the creator's
 * reference with decref(class_as_object(cls)) - instances keep their class alive). Each class
 * carries its own instance type, as CPython's heap types do, so type_name(instance) is the class
 * name and the finalizer is that type's PEP 442 finalize slot.
 */
typedef struct class_object class_t;
class_t *class_new(const char *name, void (*finalizer)(object_t *self));
object_t *class_as_object(class_t *cls);
class_t *instance_class(object_t *o);
/* Instances: the attributes live inside the instance (one object, as CPython 3.11's inline
 * values). instance_setattr with a NULL value deletes: 0 deleted, -1 absent. */
object_t *instance_new(class_t *cls);
int instance_setattr(object_t *o, const char *name, object_t *value);
object_t *instance_getattr(object_t *o, const char *name);
bool object_is_instance(const object_t *o);

/*
 * Weak references (to instances: NULL for a target whose type has no weak reference list, as
 * CPython's TypeError, or for lack of memory). The callback runs once the target dies, with the
 * weakref alive and already dead-pointing, unless the weakref itself died first or is garbage in
 * the same collection.
 */
object_t *weakref_new(object_t *target, void (*callback)(object_t *ref, void *arg), void *arg);
object_t *weakref_get(object_t *ref);

#endif /* GC_OBJECT_H */
