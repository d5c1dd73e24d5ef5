/*
 * vm/libm_hyp.c - sinh, cosh, tanh, their inverses and hypot, from the dd cores of
 * vm/libm_exp.c.
 *
 * sinh and tanh below 1 go through expm1 (sinh x = (E + E/(E + 1))/2 and tanh x = E/(E + 2) with
 * E = expm1 of x or 2x), which keeps their relative accuracy at small x; elsewhere e^x and e^-x
 * as dd. Beyond 40, e^-x is below the last bit and the result is e^x / 2, scaled with overflow.
 * The inverses are logarithms of dd arguments: asinh x = log(x + sqrt(x^2 + 1)), acosh x =
 * log(x + sqrt(x^2 - 1)), atanh x = log((1 + x)/(1 - x))/2, each argument exact to ~2^-104, and
 * log's own path within 2^-8 of 1 keeps small results accurate. Past 2^28 the square roots are
 * x(1 +- 1/(2x^2)) and the logarithm is log x + ln 2 +- 1/(4x^2).
 * hypot: both arguments scaled by the same power of two, x^2 + y^2 exact as a dd, one dd square
 * root and one rounding.
 */
#include "vm/libm_impl.h"

/* e^x as a dd for 0 <= x <= 40 (2^m folded in, m <= 58 so the scaling is exact). */
static struct dd exp_small(double x)
{
    int m;
    struct dd e = libm_exp_core(dd_make(x, 0.0), &m);
    return dd_scale_exact(e, m);
}

/* e^|x| / 2 rounded, for |x| > 40 (finite or overflowing). */
static double half_exp(double ax)
{
    if (ax > 711)
        return __builtin_inf();
    int m;
    struct dd e = libm_exp_core(dd_make(ax, 0.0), &m);
    return libm_dd_scale(e.hi, e.lo, m - 1);
}

double libm_sinh(double x)
{
    double ax = libm_fabs(x);
    if (!libm_isfinite(x) || ax < 0x1p-27)
        return x; /* x + x^3/6 rounds to x */
    double r;
    if (ax > 40)
        r = half_exp(ax);
    else if (ax < 1) {
        struct dd e = libm_expm1_dd(ax);
        struct dd v = dd_add(e, dd_div(e, dd_add_d(e, 1.0)));
        r = 0.5 * (v.hi + v.lo);
    } else {
        struct dd e = exp_small(ax);
        struct dd v = dd_sub(e, dd_div(dd_make(1.0, 0.0), e));
        r = 0.5 * (v.hi + v.lo);
    }
    return libm_copysign(r, x);
}

double libm_cosh(double x)
{
    double ax = libm_fabs(x);
    if (libm_isnan(x))
        return x;
    if (ax < 0x1p-27)
        return 1.0; /* 1 + x^2/2 rounds to 1 */
    if (ax > 40)
        return half_exp(ax);
    struct dd e = exp_small(ax);
    struct dd v = dd_add(e, dd_div(dd_make(1.0, 0.0), e));
    return 0.5 * (v.hi + v.lo);
}

double libm_tanh(double x)
{
    double ax = libm_fabs(x);
    if (libm_isnan(x) || ax < 0x1p-27)
        return x; /* x - x^3/3 rounds to x */
    if (ax > 22)
        return libm_copysign(1.0, x); /* 1 - 2e^-2x rounds to 1 */
    struct dd e = libm_expm1_dd(2 * ax);
    struct dd v = dd_div(e, dd_add_d(e, 2.0));
    return libm_copysign(v.hi + v.lo, x);
}

/* log x + ln 2 + sign/(4x^2), for x >= 2^28 (finite): asinh and acosh of large x. */
static double log_twice(double x, double sign)
{
    struct dd l = dd_add(libm_log_dd(dd_make(x, 0.0)), libm_ln2);
    if (x < 0x1p60)
        l = dd_add_d(l, sign * 0.25 / x / x);
    return l.hi + l.lo;
}

double libm_asinh(double x)
{
    double ax = libm_fabs(x);
    if (!libm_isfinite(x) || ax < 0x1p-27)
        return x; /* x - x^3/6 rounds to x */
    double r;
    if (ax >= 0x1p28)
        r = log_twice(ax, 1.0);
    else {
        struct dd s = dd_sqrt(dd_add_d(two_prod(ax, ax), 1.0));
        struct dd l = libm_log_dd(dd_add_d(s, ax));
        r = l.hi + l.lo;
    }
    return libm_copysign(r, x);
}

double libm_acosh(double x)
{
    if (libm_isnan(x) || x == __builtin_inf())
        return x;
    if (x < 1.0)
        return __builtin_nan(""); /* domain error */
    if (x == 1.0)
        return 0.0;
    if (x >= 0x1p28)
        return log_twice(x, -1.0);
    struct dd s = dd_sqrt(dd_add_d(two_prod(x, x), -1.0));
    struct dd l = libm_log_dd(dd_add_d(s, x));
    return l.hi + l.lo;
}

double libm_atanh(double x)
{
    double ax = libm_fabs(x);
    if (libm_isnan(x) || ax < 0x1p-27)
        return x; /* x + x^3/3 rounds to x */
    if (ax > 1.0)
        return __builtin_nan("");
    if (ax == 1.0)
        return libm_copysign(__builtin_inf(), x); /* pole */
    struct dd q = dd_div(two_sum(1.0, ax), two_sum(1.0, -ax));
    struct dd l = libm_log_dd(q);
    return libm_copysign(0.5 * (l.hi + l.lo), x);
}

double libm_hypot(double x, double y)
{
    if (libm_isinf(x) || libm_isinf(y))
        return __builtin_inf(); /* even when the other is NaN */
    if (libm_isnan(x) || libm_isnan(y))
        return x + y;
    double ax = libm_fabs(x), ay = libm_fabs(y);
    if (ax < ay) {
        double t = ax;
        ax = ay, ay = t;
    }
    if (ay == 0)
        return ax;
    int ex, ey;
    libm_frexp(ax, &ex);
    libm_frexp(ay, &ey);
    if (ex - ey > 60)
        return ax; /* ax sqrt(1 + (ay/ax)^2) rounds to ax */
    double sx = libm_ldexp(ax, -ex), sy = libm_ldexp(ay, -ex); /* exact: both stay normal */
    struct dd sum = dd_add(two_prod(sx, sx), two_prod(sy, sy));
    struct dd r = dd_sqrt(sum);
    return libm_dd_scale(r.hi, r.lo, ex);
}
