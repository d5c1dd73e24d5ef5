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
            for (size_t fe_i_ = 0; fe_i_ < fe_l_->size; fe_i_++) {                                \
                object_t *child = fe_l_->items[fe_i_];                                            \
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

#endif /* GC_TRAVERSE_H */
