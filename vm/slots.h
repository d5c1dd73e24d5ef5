/*
 * vm/slots.h - the bridge between C slots and Python dunder methods (vm/slots.c), descriptors
 * for built-in methods and members (vm/descr.c), and instances of classes (vm/instance.c).
 */
#ifndef VM_SLOTS_H
#define VM_SLOTS_H

#include "vm/object.h"

/* A heap type's slots from the dunders its MRO defines (class creation, and again when a dunder
 * is assigned on the class). */
int slots_install_dunders(struct type *t);
/* Descriptors in a static type's dict for the slots it has (__init__, __repr__, __eq__, ...), so
 * Python code can call int.__add__ or object.__init__ and super() finds them. */
int slots_add_wrappers(struct type *t);

object_t *method_descr_new(struct type *t, const struct method_def *m);
object_t *member_descr_new(struct type *t, const struct member_def *m);
/* A __slots__ name whose value an instance keeps at offset. */
object_t *slot_descr_new(struct type *owner, object_t *name, size_t offset);

/* The type of heap types: `type` with a GC header (type(cls) still answers `type`). */
extern struct type heap_type_meta;
void heap_type_dealloc(object_t *o);
int heap_type_traverse(object_t *o, visitproc visit, void *arg);
int heap_type_clear(object_t *o);
/* What type(o) answers. */
static inline object_t *vm_type_of(object_t *o)
{
    const struct type *t = o->type;
    if (!(t->vm_flags & VM_TYPE_READY))
        type_ready((struct type *)t);
    return (object_t *)(t == &heap_type_meta ? &type_type : t);
}

/* Instances of classes deriving from object (layout struct instance_layout) and of classes
 * deriving from another built-in type (its layout + a __dict__ pointer at dictoffset). */
void instance_dealloc(object_t *o);
int instance_traverse(object_t *o, visitproc visit, void *arg);
int instance_clear(object_t *o);
void subclass_dealloc(object_t *o);
int subclass_traverse(object_t *o, visitproc visit, void *arg);
int subclass_clear(object_t *o);
/* object.__new__ for a class: an instance with everything zero, tracked. */
object_t *instance_alloc(struct type *t);

#endif /* VM_SLOTS_H */
