/*
 * vm/instance.c - instances of classes defined in Python (Objects/typeobject.c's subtype_dealloc,
 * subtype_traverse, subtype_clear).
 *
 * An instance of a class deriving from object (or from an exception, whose layout starts the same
 * way) is struct instance_layout or its exception extension: weaklist, __dict__, then the base's
 * fields. An instance of a subclass of another built-in type (list, dict, int...) has that type's
 * layout with a __dict__ pointer appended at the type's dictoffset. Instances are GC containers,
 * and hold a reference to their class (a heap type), which dealloc drops last, as CPython does.
 *
 * Finalization: a class with __del__ has a finalize slot (vm/slots.c); dealloc runs it first
 * through gc_call_finalizer (PEP 442: once per object), and stops if __del__ resurrected the
 * object.
 */
#include "vm/builtin.h"
#include "vm/slots.h"

static struct type *solid_base(const struct type *t)
{
    while (t->vm_flags & VM_TYPE_HEAP)
        t = t->base;
    return (struct type *)t;
}

object_t *instance_alloc(struct type *t)
{
    object_t *o = gc_alloc(t, t->basic_size);
    if (!o)
        return vm_err_nomemory();
    memset((char *)o + sizeof(struct object), 0, t->basic_size - sizeof(struct object));
    if (t->vm_flags & VM_TYPE_HEAP)
        incref((object_t *)t);
    gc_track(o);
    return o;
}

/* Run __del__ (PEP 442) on an untracked object whose count reached zero: true when it
 * resurrected the object (which then stays tracked and is never finalized again). */
static bool finalize_resurrects(object_t *o)
{
    struct gc_head *g = as_gc(o);
    if (!o->type->finalize || (g->prev & GC_PREV_FINALIZED))
        return false;
    /* Resurrect for the call; tracked, so a collection inside the finalizer sees it. */
    gc_track(o);
    o->refcnt = 1;
    g->prev |= GC_PREV_FINALIZED;
    o->type->finalize(o);
    if (--o->refcnt != 0)
        return true;
    gc_untrack(o);
    return false;
}

static void clear_slot_values(object_t *o, struct type *base)
{
    for (size_t off = base->basic_size; off < o->type->basic_size; off += sizeof(object_t *))
        CLEAR_REF(*(object_t **)((char *)o + off));
}

void instance_dealloc(object_t *o)
{
    struct type *t = type_of(o);
    struct instance_layout *in = (struct instance_layout *)o;

    gc_untrack(o);
    if (finalize_resurrects(o))
        return;
    if (in->weaklist)
        object_clear_weakrefs(o);
    TRASHCAN_BEGIN(o)
    CLEAR_REF(in->dict);
    struct type *base = solid_base(t);
    clear_slot_values(o, base);
    if (base != &object_type && base->clear)
        base->clear(o); /* an exception's args, traceback, context... */
    gc_free(o, t->basic_size);
    decref((object_t *)t);
    TRASHCAN_END
}

/* The attribute values of an owned dict, as CPython 3.11 visits inline values. */
static int visit_values(object_t *dict, visitproc visit, void *arg)
{
    struct dict_object *d = (struct dict_object *)dict;
    for (size_t i = 0; i < d->nentries; i++)
        if (d->table[i].key) {
            int r = visit(d->table[i].value, arg);
            if (r)
                return r;
        }
    return 0;
}

int instance_traverse(object_t *o, visitproc visit, void *arg)
{
    struct instance_layout *in = (struct instance_layout *)o;
    struct type *base = solid_base(o->type);
    int r;
    if (in->dict) {
        r = ((struct dict_object *)in->dict)->owned ? visit_values(in->dict, visit, arg)
                                                     : visit(in->dict, arg);
        if (r)
            return r;
    }
    if (base != &object_type && base->traverse && (r = base->traverse(o, visit, arg)))
        return r;
    for (size_t off = base->basic_size; off < o->type->basic_size; off += sizeof(object_t *)) {
        object_t *v = *(object_t **)((char *)o + off); /* __slots__ values */
        if (v && (r = visit(v, arg)))
            return r;
    }
    return visit((object_t *)o->type, arg);
}


int instance_clear(object_t *o)
{
    struct instance_layout *in = (struct instance_layout *)o;
    struct type *base = solid_base(o->type);
    CLEAR_REF(in->dict);
    clear_slot_values(o, base);
    if (base != &object_type && base->clear)
        base->clear(o);
    return 0;
}

/* Subclasses of list, dict and the other built-in containers: the base's dealloc frees the
 * object; the __dict__ and the class reference are ours. */
void subclass_dealloc(object_t *o)
{
    struct type *t = type_of(o);
    object_t **dictp = object_dict_slot(o);

    gc_untrack(o);
    if (finalize_resurrects(o))
        return;
    struct type *solid = solid_base(t);
    if (!(solid->flags & TYPE_FLAG_GC)) {
        /* int and str subclasses: the base frees without a GC header, so free here */
        size_t size = solid->kind == TYPE_KIND_INT
                          ? sizeof(struct int_object) +
                                (size_t)(((struct int_object *)o)->size < 0
                                             ? -((struct int_object *)o)->size
                                             : ((struct int_object *)o)->size) * sizeof(uint32_t)
                          : sizeof(struct str_object) + ((struct str_object *)o)->len + 1;
        gc_free(o, size);
        decref((object_t *)t);
        return;
    }
    gc_track(o); /* the base's dealloc untracks */
    if (dictp)
        CLEAR_REF(*dictp);
    if ((t->flags & TYPE_FLAG_WEAKREFABLE) && *weaklist_of(o))
        object_clear_weakrefs(o);
    solid_base(t)->dealloc(o);
    decref((object_t *)t);
}

int subclass_traverse(object_t *o, visitproc visit, void *arg)
{
    object_t **dictp = object_dict_slot(o);
    struct type *base = solid_base(o->type);
    int r;
    if (dictp && *dictp && (r = visit(*dictp, arg)))
        return r;
    if (base->traverse && (r = base->traverse(o, visit, arg)))
        return r;
    return visit((object_t *)o->type, arg);
}

int subclass_clear(object_t *o)
{
    object_t **dictp = object_dict_slot(o);
    struct type *base = solid_base(o->type);
    if (dictp)
        CLEAR_REF(*dictp);
    if (base->clear)
        base->clear(o);
    return 0;
}
