/*
 * vm/libm_atrig.c - atan, atan2, asin and acos, all through one atan core in dd.
 *
 * atan(t) for t > 1 is pi/2 - atan(1/t). For 0 <= u <= 1, c = j/64 with j = round(64 u) and
 * atan(u) = atan(c) + atan(v), v = (u - c)/(1 + u c), |v| <= 2^-7 (the table holds atan(c) as
 * dd); atan(v) is Taylor's series to v^11 (remainder below 2^-84 relative), v^3 in dd.
 * atan2(y, x) is the core at |y/x| (a dd quotient, after scaling both by the same power of two)
 * moved to its quadrant; asin(x) = atan(x / sqrt(1 - x^2)) and acos(x) = atan(sqrt(1 - x^2) / x),
 * where 1 - x^2 is exact as a dd, so neither loses accuracy near |x| = 1.
 */
#include "vm/libm_impl.h"

struct dd libm_atan_dd(struct dd t)
{
    bool inverted = t.hi > 1.0;
    struct dd u = inverted ? dd_div(dd_make(1.0, 0.0), t) : t;
    int j = (int)(u.hi * 64 + 0.5);
    double c = j * (1.0 / 64);
    struct dd v = two_sum(u.hi - c, u.lo); /* exact (Sterbenz) */

    if (j) {
        struct dd den = dd_add_d(two_prod(u.hi, c), 1.0);
        den = dd_add_d(den, u.lo * c);
        v = dd_div(v, den);
    }
    struct dd v2 = dd_mul(v, v), v3 = dd_mul(v2, v);
    double w = v2.hi;
    double tail = v3.hi * w * (1.0 / 5 + w * (-1.0 / 7 + w * (1.0 / 9 + w * (-1.0 / 11))));
    struct dd a = dd_add_d(dd_sub(v, dd_mul(v3, libm_third)), tail);
    if (j)
        a = dd_add(libm_atan_tab[j], a);
    return inverted ? dd_sub(libm_pi_2, a) : a;
}

double libm_atan(double x)
{
    if (libm_isnan(x))
        return x;
    double ax = libm_fabs(x);
    if (ax < 0x1p-27)
        return x; /* x - x^3/3 rounds to x */
    if (ax > 0x1p66)
        return libm_copysign(libm_pi_2.hi, x); /* pi/2 - 1/x rounds to pi/2 */
    struct dd a = libm_atan_dd(dd_make(ax, 0.0));
    return libm_copysign(a.hi + a.lo, x);
}

double libm_atan2(double y, double x)
{
    if (libm_isnan(x) || libm_isnan(y))
        return x + y;
    bool x_negative = libm_copysign(1.0, x) < 0; /* -0 counts as negative */
    if (y == 0)
        return x_negative ? libm_copysign(libm_pi.hi, y) : y;
    if (x == 0)
        return libm_copysign(libm_pi_2.hi, y);
    if (libm_isinf(y)) {
        if (libm_isinf(x)) {
            /* 3pi/4 = pi - pi/4 rounded once */
            struct dd q = dd_mul_d(libm_pi, 0.25);
            if (x_negative)
                q = dd_sub(libm_pi, q);
            return libm_copysign(q.hi + q.lo, y);
        }
        return libm_copysign(libm_pi_2.hi, y);
    }
    if (libm_isinf(x))
        return x_negative ? libm_copysign(libm_pi.hi, y) : libm_copysign(0.0, y);

    double ax = libm_fabs(x), ay = libm_fabs(y);
    int ex, ey;
    libm_frexp(ax, &ex);
    libm_frexp(ay, &ey);
    if (ey - ex > 60)
        return libm_copysign(libm_pi_2.hi, y); /* pi/2 -+ |x/y| rounds to pi/2 */
    if (ey - ex < -60) {
        if (x_negative)
            return libm_copysign(libm_pi.hi, y); /* pi - |y/x| rounds to pi */
        return libm_copysign(ay / ax, y); /* atan(z) = z(1 - z^2/3): z rounded once */
    }
    /* Same power of two for both: the quotient does not change and stays in dd range. */
    double sx = libm_ldexp(ax, -ex), sy = libm_ldexp(ay, -ex);
    struct dd a = libm_atan_dd(dd_div(dd_make(sy, 0.0), dd_make(sx, 0.0)));
    if (x_negative)
        a = dd_sub(libm_pi, a);
    return libm_copysign(a.hi + a.lo, y);
}

/* 1 - x^2 as a dd, for |x| < 1. */
static struct dd one_minus_square(double x)
{
    return dd_add_d(dd_neg(two_prod(x, x)), 1.0);
}

double libm_asin(double x)
{
    double ax = libm_fabs(x);
    if (libm_isnan(x))
        return x;
    if (ax > 1.0)
        return __builtin_nan(""); /* domain error */
    if (ax < 0x1p-27)
        return x; /* x + x^3/6 rounds to x */
    if (ax == 1.0)
        return libm_copysign(libm_pi_2.hi, x);
    struct dd s = dd_sqrt(one_minus_square(ax));
    struct dd a = libm_atan_dd(dd_div(dd_make(ax, 0.0), s));
    return libm_copysign(a.hi + a.lo, x);
}

double libm_acos(double x)
{
    double ax = libm_fabs(x);
    if (libm_isnan(x))
        return x;
    if (ax > 1.0)
        return __builtin_nan("");
    if (x == 1.0)
        return 0.0;
    if (x == -1.0)
        return libm_pi.hi;
    if (ax < 0x1p-60)
        return libm_pi_2.hi; /* pi/2 - x rounds to pi/2 */
    struct dd s = dd_sqrt(one_minus_square(ax));
    struct dd a = libm_atan_dd(dd_div(s, dd_make(ax, 0.0)));
    if (x < 0)
        a = dd_sub(libm_pi, a);
    return a.hi + a.lo;
}
