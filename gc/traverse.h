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
 * Lockstep visiting of one large list or tuple. A collection's walks are bound by memory traffic,
 * and a big container's items are usually the objects tracked right after it (a list built by
 * appending new objects): visiting all its items at once and then walking on to them touches each
 * item twice, far apart in time, so twice from memory. Instead a walk starts a lockstep on the
 * first large list or tuple it meets and then visits one of its items per object it walks past,
 * so both touches of an item fall close together. The order of visits does not matter to the
 * result (subtracting counts commutes; move_unreachable moves an object it met too early back
 * from the unreachable list, as it does for any object reached late), only to the cache. One
 * lockstep runs at a time; the walk drains it before it ends. Nothing can change the container
 * meanwhile: no user code runs during these walks. The walks of small young collections are
 * compiled without a lockstep at all (gc/collect.c decides, per collection).
 */
/* Only for containers whose items are unlikely to fit in cache anyway: for small ones the
 * bookkeeping costs more than it saves (measured: a 700-object gen-0 collection got slower). */
#define GC_LOCKSTEP_MIN_ITEMS 8192

/* A cursor over the items: a pointer and an end, one compare and one load per step. */
struct lockstep {
    object_t *const *next, *const *end;
};

/* Start a lockstep over a list's or tuple's n items if n is large and none is running; the
 * caller then leaves them to it. ls may be NULL: no lockstep. */
static inline bool lockstep_start(struct lockstep *ls, object_t *const *items, size_t n)
{
    if (n < GC_LOCKSTEP_MIN_ITEMS || !ls || ls->next < ls->end)
        return false;
    ls->next = items;
    ls->end = items + n;
    return true;
}

static inline bool lockstep_running(const struct lockstep *ls)
{
    return ls->next < ls->end;
}

/* The next item to visit, or NULL when no lockstep is running. */
static inline object_t *lockstep_take(struct lockstep *ls)
{
    while (ls->next < ls->end) {
        object_t *item = *ls->next++;
        if (item)
            return item;
    }
    return NULL;
}

/*
 * Run STMT for every referent `child` of op: inlined for the built-in containers, through the
 * traverse slot (with slow_visit/slow_arg) for the others. ls: NULL, or the walk's lockstep
 * (below), which takes over the items of a large list or tuple instead.
 */
#define FOR_EACH_REFERENT(op, child, STMT, slow_visit, slow_arg, ls)                              \
    do {                                                                                          \
        object_t *fe_op_ = (op);                                                                  \
        enum type_kind fe_kind_ = fe_op_->type->kind;                                             \
        /* Lists first, outside the switch: the commonest container, and one compare instead  \
         * of the jump table's bounds check and indirect jump (a gen-0 walk is bound by the   \
         * instructions it runs per object). `break` leaves the do-while: done. */            \
        if (fe_kind_ == TYPE_KIND_LIST) {                                                         \
            struct list_object *fe_l_ = (struct list_object *)fe_op_;                             \
            size_t fe_n_ = fe_l_->size;                                                           \
            if (!fe_n_)                                                                           \
                break;                                                                            \
            object_t **fe_items_ = list_items(fe_l_);                                             \
            if (lockstep_start((ls), fe_items_, fe_n_))                                           \
                break;                                                                            \
            for (size_t fe_i_ = 0; fe_i_ < fe_n_; fe_i_++) {                                      \
                object_t *child = fe_items_[fe_i_];                                               \
                STMT;                                                                             \
            }                                                                                     \
            break;                                                                                \
        }                                                                                         \
        switch (fe_kind_) {                                                                       \
        case TYPE_KIND_TUPLE: {                                                                   \
            struct tuple_object *fe_t_ = (struct tuple_object *)fe_op_;                           \
            if (lockstep_start((ls), fe_t_->items, fe_t_->size))                                  \
                break;                                                                            \
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
            for (size_t fe_i_ = 0; fe_i_ < fe_d_->nentries; fe_i_++) {                            \
                struct dict_entry *fe_e_ = &fe_d_->table[fe_i_];                                  \
                if (fe_e_->key) {                                                                 \
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

#endif /* GC_TRAVERSE_H */
