/*
 * vm/bigint_glue.h - int operations beyond 64 bits and int <-> text/float conversions
 * (vm/bigint_glue.c), the slow paths of vm/int.c.
 */
#ifndef VM_BIGINT_GLUE_H
#define VM_BIGINT_GLUE_H

#include "vm/builtin.h"

object_t *int_alloc_digits(size_t n);
object_t *int_big_binary(int op, object_t *a, object_t *b);
object_t *int_big_truediv(object_t *a, object_t *b);
object_t *int_big_pow(object_t *a, object_t *b, object_t *mod);
object_t *int_big_negate(object_t *a);
object_t *int_big_copy(object_t *a);
object_t *int_big_as_subclass(struct type *t, object_t *value);
object_t *int_format_spec(object_t *self, object_t *spec);
object_t *int_to_bytes_method(object_t *self, object_t *const *args, size_t nargs,
                              object_t *kwnames);
object_t *int_from_bytes_method(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kwnames);
int int_compare(object_t *a, object_t *b);
object_t *vm_cmp_result(int c, int op);
object_t *int_divmod(object_t *a, object_t *b);

#endif
