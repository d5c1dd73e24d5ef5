/*
 * vm/float_text.h - float <-> text for float.c (vm/dtoa.h does the work) and the format-spec
 * entry point of every numeric and str __format__ (vm/format_glue.c).
 */
#ifndef VM_FLOAT_TEXT_H
#define VM_FLOAT_TEXT_H

#include "vm/builtin.h"
#include "vm/dtoa.h"

static inline size_t float_repr_text(double v, char *buf, size_t cap)
{
    (void)cap; /* callers pass at least DTOA_REPR_SIZE */
    return dtoa_repr(buf, v);
}

static inline int float_parse_text(const char *s, size_t len, double *out)
{
    return dtoa_parse(s, len, out) == 0 ? 0 : -1;
}

/* round(x, ndigits) as CPython's double_round: through the decimal text of x. */
double float_round_digits(double x, int ndigits);

/* format(o, spec) for an int, float or str o with a non-empty spec. */
object_t *vm_format_number_spec(object_t *o, object_t *spec);

#endif
