/*
 * gc/instance.c - classes and their instances (Objects/typeobject.c: heap types, subtype_dealloc,
 * subtype_traverse, subtype_clear).
 *
 * A class is an atomic object of type "type" that embeds the type of its instances, as a CPython
 * heap type is both: type_name(instance) is the class name, and the class's finalizer is that
 * type's PEP 442 finalize slot. Every instance holds a reference to its class.
 *
 * An instance keeps its attributes inline (a small array of name/value pairs), so an instance and
 * its attributes are one tracked object, as with CPython 3.11's inline values: a self-referencing
 * instance is one unreachable object, not two. Instances are tracked from creation and carry a
 * weak reference list.
 *
 * Dealloc (subtype_dealloc): untrack; trashcan; if the type has a finalizer that has not run yet,
 * track again, call it with the object temporarily alive (PyObject_CallFinalizerFromDealloc) and
 * stop if it resurrected the object; then clear weak references (running their callbacks), drop
 * the attributes, drop the class, free.
 */
#include "gc/types.h"
#include "mm/malloc.h"

static void class_dealloc(object_t *o)
{
    struct class_object *c = (struct class_object *)o;
    object_free(o, sizeof *c + strlen(c->name) + 1);
}

const struct type class_type = {
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

bool object_is_instance(const object_t *o)
{
    return o->type->kind == TYPE_KIND_INSTANCE;
}

class_t *instance_class(object_t *o)
{
    as_instance(o, "instance_class");
    return (class_t *)((char *)o->type - __builtin_offsetof(struct class_object, instance_type));
}

object_t *class_as_object(class_t *cls)
{
    return &cls->ob;
}

static long attrs_bytes(struct instance_object *in)
{
    long bytes = (long)(in->attrs_allocated * sizeof(struct attr));
    for (size_t i = 0; i < in->nattrs; i++)
        bytes += (long)strlen(in->attrs[i].name) + 1;
    return bytes;
}

/* Detach the attributes, then drop them (subtype_clear / dict clear order). */
static void instance_drop_attrs(struct instance_object *in)
{
    struct attr *attrs = in->attrs;
    size_t n = in->nattrs;

    if (!attrs)
        return;
    census_adjust_bytes(in->ob.type, -attrs_bytes(in));
    in->attrs = NULL;
    in->nattrs = 0;
    in->attrs_allocated = 0;
    for (size_t i = 0; i < n; i++) {
        decref(attrs[i].value);
        kfree(attrs[i].name);
    }
    kfree(attrs);
}

static void instance_dealloc(object_t *o)
{
    struct instance_object *in = (struct instance_object *)o;
    struct class_object *cls = (struct class_object *)instance_class(o);
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
    instance_drop_attrs(in);
    gc_free(o, sizeof *in);
    decref(&cls->ob);
resurrected:
    TRASHCAN_END
}

static int instance_traverse(object_t *o, visitproc visit, void *arg)
{
    struct instance_object *in = (struct instance_object *)o;
    for (size_t i = 0; i < in->nattrs; i++) {
        int r = visit(in->attrs[i].value, arg);
        if (r)
            return r;
    }
    return visit(&((struct class_object *)instance_class(o))->ob, arg);
}

static int instance_tp_clear(object_t *o)
{
    instance_drop_attrs((struct instance_object *)o);
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
    return c;
}

object_t *instance_new(class_t *cls)
{
    struct instance_object *in =
        (struct instance_object *)gc_alloc(&cls->instance_type, sizeof *in);

    if (!in)
        return NULL;
    in->nattrs = 0;
    in->attrs_allocated = 0;
    in->attrs = NULL;
    in->weaklist = NULL;
    incref(&cls->ob);
    gc_track(&in->ob);
    return &in->ob;
}

static struct attr *find_attr(struct instance_object *in, const char *name)
{
    for (size_t i = 0; i < in->nattrs; i++)
        if (strcmp(in->attrs[i].name, name) == 0)
            return &in->attrs[i];
    return NULL;
}

int instance_setattr(object_t *o, const char *name, object_t *value)
{
    struct instance_object *in = as_instance(o, "instance_setattr");
    struct attr *a = find_attr(in, name);
    object_t *old;

    if (!value) {
        if (!a)
            return -1;
        old = a->value;
        census_adjust_bytes(o->type, -(long)(strlen(a->name) + 1));
        kfree(a->name);
        *a = in->attrs[--in->nattrs];
        decref(old);
        return 0;
    }
    if (a) {
        incref(value);
        old = a->value;
        a->value = value;
        decref(old);
        return 0;
    }
    size_t len = strlen(name);
    char *copy = kmalloc(len + 1);
    if (!copy)
        return -1;
    if (in->nattrs == in->attrs_allocated) {
        size_t allocated = in->attrs_allocated ? in->attrs_allocated * 2 : 4;
        struct attr *attrs = krealloc(in->attrs, allocated * sizeof *attrs);
        if (!attrs) {
            kfree(copy);
            return -1;
        }
        census_adjust_bytes(o->type,
                            (long)((allocated - in->attrs_allocated) * sizeof *attrs));
        in->attrs = attrs;
        in->attrs_allocated = allocated;
    }
    memcpy(copy, name, len + 1);
    census_adjust_bytes(o->type, (long)(len + 1));
    incref(value);
    in->attrs[in->nattrs].name = copy;
    in->attrs[in->nattrs].value = value;
    in->nattrs++;
    return 0;
}

object_t *instance_getattr(object_t *o, const char *name)
{
    struct attr *a = find_attr(as_instance(o, "instance_getattr"), name);
    return a ? a->value : NULL;
}
