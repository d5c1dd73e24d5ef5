/*
 * vm/libm_glue.h - the few libm names float.c uses, on vm/libm.h (freestanding, the same in the
 * kernel and hosted).
 */
#ifndef VM_LIBM_GLUE_H
#define VM_LIBM_GLUE_H

#include "vm/libm.h"

#define vm_fmod     libm_fmod
#define vm_floor    libm_floor
#define vm_copysign libm_copysign
#define vm_pow      libm_pow
#define vm_fabs     libm_fabs
#define vm_isfinite libm_isfinite
#define vm_frexp    libm_frexp

/* round() of a float to an integral value, ties to even (CPython's float.__round__). */
static inline double vm_round_half_even(double x)
{
    double r = libm_floor(x + 0.5);
    if (r - x == 0.5 && libm_fmod(r, 2.0) != 0)
        r -= 1.0;
    return r;
}

#endif
