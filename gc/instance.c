/*
 * gc/instance.c - classes and their instances (Objects/typeobject.c: heap types, subtype_dealloc,
 * subtype_traverse, subtype_clear; Objects/dictobject.c's shared keys).
 *
 * A class is an atomic object of type "type" that embeds the type of its instances, as a CPython
 * heap type is both: type_name(instance) is the class name, and the class's finalizer is that
 * type's PEP 442 finalize slot. Every instance holds a reference to its class.
 *
 * Attributes follow CPython 3.11's inline values: the class keeps the attribute names (shared by
 * all its instances, each name copied once), and an instance keeps only the values, the first
 * INSTANCE_INLINE_SLOTS inside itself. So an instance and its attributes are one tracked object - a
 * self-referencing instance is one unreachable object, not two - and setting an attribute usually
 * allocates nothing. Instances are tracked from creation and carry a weak reference list.
 *
 * Dealloc (subtype_dealloc): untrack; trashcan; if the type has a finalizer that has not run yet,
 * track again and call it with the object temporarily alive (PyObject_CallFinalizerFromDealloc),
 * stopping if it resurrected the object; then clear weak references (running their callbacks),
 * drop the attributes, free, and drop the class.
 */
#include "gc/types.h"
#include "mm/malloc.h"

static void class_dealloc(object_t *o)
{
    struct class_object *c = (struct class_object *)o;
    long key_bytes = (long)(c->keys_allocated * sizeof(char *));

    for (size_t i = 0; i < c->nkeys; i++) {
        key_bytes += (long)strlen(c->keys[i]) + 1;
        kfree(c->keys[i]);
    }
    kfree(c->keys);
    census_adjust_bytes(&class_type, -key_bytes);
    object_free(o, sizeof *c + strlen(c->name) + 1);
}

struct type class_type = {
    .name = "type",
    .basic_size = sizeof(struct class_object),
    .kind = TYPE_KIND_CLASS,
    .dealloc = class_dealloc,
};

static inline struct instance_object *as_instance(object_t *o, const char *who)
{
    if (o->type->kind != TYPE_KIND_INSTANCE)
        platform_panic("%s: object %p is a %s, not an instance", who, (void *)o, type_name(o));
    return (struct instance_object *)o;
}

static inline struct class_object *class_of(object_t *o)
{
    return (struct class_object *)((char *)o->type -
                                   __builtin_offsetof(struct class_object, instance_type));
}

bool object_is_instance(const object_t *o)
{
    return o->type->kind == TYPE_KIND_INSTANCE;
}

class_t *instance_class(object_t *o)
{
    return class_of(&as_instance(o, "instance_class")->ob);
}

object_t *class_as_object(class_t *cls)
{
    return &cls->ob;
}

/* Index of attribute `name` in the class's keys, or -1. */
static long key_index(struct class_object *c, const char *name)
{
    for (size_t i = 0; i < c->nkeys; i++)
        if (strcmp(c->keys[i], name) == 0)
            return (long)i;
    return -1;
}

/* Index of `name`, adding it to the class's keys if new; -1 without memory. */
static long key_index_add(struct class_object *c, const char *name)
{
    long i = key_index(c, name);
    size_t len;
    char *copy;

    if (i >= 0)
        return i;
    if (c->nkeys == c->keys_allocated) {
        size_t allocated = c->keys_allocated ? c->keys_allocated * 2 : 8;
        char **keys = krealloc(c->keys, allocated * sizeof *keys);
        if (!keys)
            return -1;
        census_adjust_bytes(&class_type, (long)((allocated - c->keys_allocated) * sizeof *keys));
        c->keys = keys;
        c->keys_allocated = allocated;
    }
    len = strlen(name);
    copy = kmalloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, name, len + 1);
    census_adjust_bytes(&class_type, (long)(len + 1));
    c->keys[c->nkeys] = copy;
    return (long)c->nkeys++;
}

/* Drop every attribute, each slot emptied before its reference goes (the drop may run code that
 * looks at the instance). */
static void instance_drop_values(struct instance_object *in)
{
    for (size_t i = 0; i < in->nslots; i++) {
        object_t *v = in->values[i];
        if (v) {
            in->values[i] = NULL;
            decref(v);
        }
    }
}

static void instance_dealloc(object_t *o)
{
    struct instance_object *in = (struct instance_object *)o;
    struct class_object *cls = class_of(o);
    struct gc_head *g = as_gc(o);

    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    if (o->type->finalize && !(g->prev & GC_PREV_FINALIZED)) {
        /* Resurrect for the call; tracked, so a collection inside the finalizer sees it. */
        gc_track(o);
        o->refcnt = 1;
        g->prev |= GC_PREV_FINALIZED;
        o->type->finalize(o);
        if (--o->refcnt != 0)
            goto resurrected; /* it stays tracked, and will not be finalized again */
        gc_untrack(o);
    }
    if (in->weaklist)
        object_clear_weakrefs(o);
    instance_drop_values(in);
    if (in->values != in->inline_values) {
        census_adjust_bytes(o->type, -(long)(in->nslots * sizeof(object_t *)));
        kfree(in->values);
    }
    gc_free(o, sizeof *in);
    decref(&cls->ob);
resurrected:
    TRASHCAN_END
}

static int instance_traverse(object_t *o, visitproc visit, void *arg)
{
    struct instance_object *in = (struct instance_object *)o;
    for (size_t i = 0; i < in->nslots; i++) {
        if (in->values[i]) {
            int r = visit(in->values[i], arg);
            if (r)
                return r;
        }
    }
    return visit(&class_of(o)->ob, arg);
}

static int instance_tp_clear(object_t *o)
{
    instance_drop_values((struct instance_object *)o);
    return 0;
}

static const struct type instance_type_template = {
    .basic_size = sizeof(struct instance_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .kind = TYPE_KIND_INSTANCE,
    .dealloc = instance_dealloc,
    .traverse = instance_traverse,
    .clear = instance_tp_clear,
};

class_t *class_new(const char *name, void (*finalizer)(object_t *self))
{
    size_t len = strlen(name);
    struct class_object *c =
        (struct class_object *)object_alloc(&class_type, sizeof *c + len + 1);

    if (!c)
        return NULL;
    memcpy(c->name, name, len + 1);
    c->instance_type = instance_type_template;
    c->instance_type.name = c->name;
    c->instance_type.finalize = finalizer;
    c->keys = NULL;
    c->nkeys = c->keys_allocated = 0;
    return c;
}

object_t *instance_new(class_t *cls)
{
    struct instance_object *in =
        (struct instance_object *)gc_alloc(&cls->instance_type, sizeof *in);

    if (!in)
        return NULL;
    in->weaklist = NULL;
    in->nslots = INSTANCE_INLINE_SLOTS;
    in->values = in->inline_values;
    for (int i = 0; i < INSTANCE_INLINE_SLOTS; i++)
        in->inline_values[i] = NULL;
    incref(&cls->ob);
    gc_track(&in->ob);
    return &in->ob;
}

/* Make room for slot i; -1 (nothing changed) without memory. */
static int ensure_slot(struct instance_object *in, size_t i)
{
    size_t nslots = in->nslots;
    object_t **values;

    if (i < nslots)
        return 0;
    while (nslots <= i)
        nslots *= 2;
    if (in->values == in->inline_values) {
        values = kmalloc(nslots * sizeof *values);
        if (values)
            memcpy(values, in->inline_values, sizeof in->inline_values);
    } else {
        values = krealloc(in->values, nslots * sizeof *values);
    }
    if (!values)
        return -1;
    for (size_t j = in->nslots; j < nslots; j++)
        values[j] = NULL;
    census_adjust_bytes(in->ob.type,
                        (long)((nslots - (in->values == in->inline_values ? 0 : in->nslots)) *
                               sizeof *values));
    in->values = values;
    in->nslots = nslots;
    return 0;
}

/* Set attribute `name`; -1 (nothing changed but perhaps a new key in the class) without memory. */
static int instance_set_once(struct instance_object *in, const char *name, object_t *value)
{
    long i = key_index_add(class_of(&in->ob), name);
    object_t *old;

    if (i < 0 || ensure_slot(in, (size_t)i) < 0)
        return -1;
    incref(value);
    old = in->values[i];
    in->values[i] = value;
    XDECREF(old);
    return 0;
}

int instance_setattr(object_t *o, const char *name, object_t *value)
{
    struct instance_object *in = as_instance(o, "instance_setattr");
    object_t *old;
    long i;
    int r;

    if (!value) {
        i = key_index(class_of(o), name);
        if (i < 0 || (size_t)i >= in->nslots || !in->values[i])
            return -1;
        old = in->values[i];
        in->values[i] = NULL;
        decref(old);
        return 0;
    }
    r = instance_set_once(in, name, value);
    /* Out of memory: a full collection may free cycles (and may run code that sets attributes of
     * this instance, so the set starts again from the key lookup). */
    if (__builtin_expect(r < 0, 0) && gc_collect_for_memory())
        r = instance_set_once(in, name, value);
    return r;
}

object_t *instance_getattr(object_t *o, const char *name)
{
    struct instance_object *in = as_instance(o, "instance_getattr");
    long i = key_index(class_of(o), name);
    return (i >= 0 && (size_t)i < in->nslots) ? in->values[i] : NULL;
}
