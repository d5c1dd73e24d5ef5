/*
 * vm/libm.h - the C math library of the interpreter's float, math module and complex abs:
 * freestanding (the kernel has no libm), our own argument reductions and polynomials
 * (tests/vm/gen_libm_tables.py makes the tables), x86_64 SSE2 doubles.
 *
 * Accuracy: Python prints floats with repr (shortest round-trip digits), so a result one ulp off
 * CPython's prints differently. CPython calls the platform libm (glibc here), whose functions
 * are close to correctly rounded; so these aim at correct rounding: sqrt, fmod, floor, ceil,
 * trunc, modf, frexp, ldexp, fabs and copysign are exact, and every other function is evaluated
 * in double-double (vm/libm_impl.h) and rounded once, which is correctly rounded unless the exact
 * value lies within about 2^-70 ulp of a midpoint. tests/vm/test_libm.c bounds each function's
 * distance to glibc in ulps on a fixed pseudo-random sample and checks the special values; the
 * README's figures give the fraction of results bit-identical to glibc.
 *
 * Special values follow C99 Annex F (pow's 25 cases, atan2's signed zeros and infinities, ...).
 * No errno and no floating-point exception flags: the caller classifies results as CPython's
 * math module does after the call (a NaN from non-NaN arguments is a domain error, ValueError;
 * an infinity from finite arguments is OverflowError for exp/pow/cosh/..., ValueError for a pole
 * such as log(0)).
 *
 * Naming: libm_NAME for C's NAME, so the hosted build can link them beside glibc's for the tests.
 */
#ifndef VM_LIBM_H
#define VM_LIBM_H

#include "mm/platform.h"

/* Classification: gcc and clang expand these builtins inline (no library call). */
static inline bool libm_isnan(double x)
{
    return __builtin_isnan(x);
}

static inline bool libm_isinf(double x)
{
    return __builtin_isinf(x);
}

static inline bool libm_isfinite(double x)
{
    return __builtin_isfinite(x);
}

/* Exact: vm/libm_bits.c */
double libm_sqrt(double x);
double libm_fabs(double x);
double libm_copysign(double x, double sign);
double libm_floor(double x);
double libm_ceil(double x);
double libm_trunc(double x);
double libm_modf(double x, double *int_part);
double libm_frexp(double x, int *exp);
double libm_ldexp(double x, int exp);
double libm_fmod(double x, double y);

/* Exponentials and logarithms: vm/libm_exp.c */
double libm_exp(double x);
double libm_expm1(double x);
double libm_log(double x);
double libm_log1p(double x);
double libm_log2(double x);
double libm_log10(double x);
double libm_pow(double x, double y);

/* Trigonometric: vm/libm_trig.c (exact reduction for every argument) */
double libm_sin(double x);
double libm_cos(double x);
double libm_tan(double x);

/* Inverse trigonometric: vm/libm_atrig.c */
double libm_atan(double x);
double libm_atan2(double y, double x);
double libm_asin(double x);
double libm_acos(double x);

/* Hyperbolic and hypot: vm/libm_hyp.c */
double libm_sinh(double x);
double libm_cosh(double x);
double libm_tanh(double x);
double libm_asinh(double x);
double libm_acosh(double x);
double libm_atanh(double x);
double libm_hypot(double x, double y);

#endif /* VM_LIBM_H */
