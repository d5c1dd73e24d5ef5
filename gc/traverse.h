/*
 * gc/traverse.h - the collector's inlined traversal and gc_refs helpers (internal to gc/collect.c
 * and gc/garbage.c).
 *
 * FOR_EACH_REFERENT visits the references of the built-in containers with a switch on the type's
 * kind and a loop, instead of CPython's indirect tp_traverse call per object plus an indirect
 * visit call per reference; other types go through their traverse slot. Both visit the same
 * references in the same order.
 */
#ifndef GC_TRAVERSE_H
#define GC_TRAVERSE_H

#include "gc/types.h"

#define GC_REFS_ONE ((uintptr_t)1 << GC_REFS_SHIFT)

static inline uintptr_t gc_get_refs(const struct gc_head *g)
{
    return g->prev >> GC_REFS_SHIFT;
}

static inline void gc_clear_collecting(struct gc_head *g)
{
    g->prev &= ~GC_PREV_COLLECTING;
}

/*
 * Run STMT for every referent `child` of op: inlined for the built-in containers, through the
 * traverse slot (with slow_visit/slow_arg) for the others.
 */
#define FOR_EACH_REFERENT(op, child, STMT, slow_visit, slow_arg)                                  \
    do {                                                                                          \
        object_t *fe_op_ = (op);                                                                  \
        switch (fe_op_->type->kind) {                                                             \
        case TYPE_KIND_LIST: {                                                                    \
            struct list_object *fe_l_ = (struct list_object *)fe_op_;                             \
            size_t fe_n_ = fe_l_->size;                                                           \
            object_t **fe_items_ = fe_n_ ? list_items(fe_l_) : NULL;                              \
            for (size_t fe_i_ = 0; fe_i_ < fe_n_; fe_i_++) {                                      \
                object_t *child = fe_items_[fe_i_];                                               \
                STMT;                                                                             \
            }                                                                                     \
            break;                                                                                \
        }                                                                                         \
        case TYPE_KIND_TUPLE: {                                                                   \
            struct tuple_object *fe_t_ = (struct tuple_object *)fe_op_;                           \
            for (size_t fe_i_ = 0; fe_i_ < fe_t_->size; fe_i_++) {                                \
                object_t *child = fe_t_->items[fe_i_];                                            \
                if (child) {                                                                      \
                    STMT;                                                                         \
                }                                                                                 \
            }                                                                                     \
            break;                                                                                \
        }                                                                                         \
        case TYPE_KIND_DICT: {                                                                    \
            struct dict_object *fe_d_ = (struct dict_object *)fe_op_;                             \
            if (!fe_d_->table)                                                                    \
                break;                                                                            \
            for (size_t fe_i_ = 0; fe_i_ <= fe_d_->mask; fe_i_++) {                               \
                struct dict_entry *fe_e_ = &fe_d_->table[fe_i_];                                  \
                if (fe_e_->key && fe_e_->key != DICT_DUMMY) {                                     \
                    {                                                                             \
                        object_t *child = fe_e_->key;                                             \
                        STMT;                                                                     \
                    }                                                                             \
                    {                                                                             \
                        object_t *child = fe_e_->value;                                           \
                        STMT;                                                                     \
                    }                                                                             \
                }                                                                                 \
            }                                                                                     \
            break;                                                                                \
        }                                                                                         \
        case TYPE_KIND_INSTANCE: {                                                                \
            /* The class is atomic (never tracked): only the attributes matter here. */           \
            struct instance_object *fe_in_ = (struct instance_object *)fe_op_;                    \
            for (size_t fe_i_ = 0; fe_i_ < fe_in_->nslots; fe_i_++) {                             \
                object_t *child = fe_in_->values[fe_i_];                                          \
                if (child) {                                                                      \
                    STMT;                                                                         \
                }                                                                                 \
            }                                                                                     \
            break;                                                                                \
        }                                                                                         \
        case TYPE_KIND_WEAKREF:                                                                   \
            break;                                                                                \
        default:                                                                                  \
            fe_op_->type->traverse(fe_op_, (slow_visit), (slow_arg));                             \
        }                                                                                         \
    } while (0)

/*
 * Lockstep visiting of one large list or tuple. A collection's walks are bound by memory traffic,
 * and a big container's items are usually the objects tracked right after it (a list built by
 * appending new objects): visiting all its items at once and then walking on to them touches each
 * item twice, far apart in time, so twice from memory. Instead a walk starts a lockstep on the
 * first large list or tuple it meets and then visits one of its items per object it walks past,
 * so both touches of an item fall close together. The order of visits does not matter to the
 * result (subtracting counts commutes; move_unreachable moves an object it met too early back
 * from the unreachable list, as it does for any object reached late), only to the cache. One
 * lockstep runs at a time; the walk drains it before it ends. Nothing can change the container
 * meanwhile: no user code runs during these walks.
 */
/* Only for containers whose items are unlikely to fit in cache anyway: for small ones the
 * bookkeeping costs more than it saves (measured: a 700-object gen-0 collection got slower). */
#define GC_LOCKSTEP_MIN_ITEMS 8192

struct lockstep {
    object_t *const *items;
    size_t next, end;
};

/* Start a lockstep over op's items if op is a large list or tuple and none is running. */
static inline bool lockstep_begin(struct lockstep *ls, object_t *op)
{
    object_t *const *items;
    size_t n;

    if (ls->next < ls->end)
        return false;
    if (op->type->kind == TYPE_KIND_LIST) {
        n = ((struct list_object *)op)->size;
        items = ((struct list_object *)op)->u.array; /* meaningful only if n is large */
    } else if (op->type->kind == TYPE_KIND_TUPLE) {
        items = ((struct tuple_object *)op)->items;
        n = ((struct tuple_object *)op)->size;
    } else {
        return false;
    }
    if (n < GC_LOCKSTEP_MIN_ITEMS)
        return false;
    ls->items = items;
    ls->next = 0;
    ls->end = n;
    return true;
}

/* The next item to visit, or NULL when no lockstep is running. */
static inline object_t *lockstep_take(struct lockstep *ls)
{
    while (ls->next < ls->end) {
        object_t *item = ls->items[ls->next++];
        if (item)
            return item;
    }
    return NULL;
}

#endif /* GC_TRAVERSE_H */
