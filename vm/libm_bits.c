/*
 * vm/libm_bits.c - the exact functions of vm/libm (sqrt, rounding to integers, splitting and
 * scaling, fmod) and the scaling helpers the other files round their results with.
 *
 * None of these round except sqrt (one IEEE operation, correctly rounded by the hardware) and
 * libm_dd_scale/ldexp into the subnormal range (rounded once, to nearest even). The rest work on
 * the bit fields: sign (1), biased exponent (11) and fraction (52).
 */
#include "vm/libm_impl.h"

#define EXP_MASK  0x7ff0000000000000ull
#define FRAC_MASK 0x000fffffffffffffull
#define SIGN_MASK 0x8000000000000000ull

double libm_sqrt(double x)
{
#if defined(__x86_64__)
    /* sqrtsd: correctly rounded, NaN for x < 0; inline so no libm call is ever emitted. */
    __asm__("sqrtsd %1, %0" : "=x"(x) : "x"(x));
    return x;
#else
#error "vm/libm: libm_sqrt needs the target's square-root instruction"
#endif
}

double libm_fabs(double x)
{
    return libm_from_bits(libm_bits(x) & ~SIGN_MASK);
}

double libm_copysign(double x, double sign)
{
    return libm_from_bits((libm_bits(x) & ~SIGN_MASK) | (libm_bits(sign) & SIGN_MASK));
}

/* The fraction bits of x below its units place, for 0 <= unbiased exponent < 52. */
static uint64_t below_units(double x)
{
    return FRAC_MASK >> libm_exponent(x);
}

double libm_trunc(double x)
{
    int e = libm_exponent(x);
    if (e >= 52)
        return x; /* already an integer, or inf or NaN */
    if (e < 0)
        return libm_copysign(0.0, x);
    return libm_from_bits(libm_bits(x) & ~below_units(x));
}

double libm_floor(double x)
{
    double t = libm_trunc(x);
    /* Only negative non-integers move; t - 1 is exact there (|t| < 2^52). */
    return t != x && x < 0 ? t - 1.0 : t;
}

double libm_ceil(double x)
{
    double t = libm_trunc(x);
    if (t != x && x > 0)
        return t + 1.0;
    /* ceil(-0.5) is -0 (trunc already gives it); ceil of a negative integer is itself. */
    return t;
}

double libm_modf(double x, double *int_part)
{
    double t = libm_trunc(x);
    *int_part = t;
    if (libm_isinf(x))
        return libm_copysign(0.0, x);
    return libm_copysign(x - t, x); /* x - t is exact; NaN stays NaN */
}

double libm_frexp(double x, int *exp)
{
    uint64_t u = libm_bits(x);
    int e = (int)((u >> 52) & 0x7ff);

    if (x == 0 || e == 0x7ff) {
        *exp = 0;
        return x;
    }
    int bias = 0;
    if (e == 0) { /* subnormal: make it normal first, exactly */
        x *= 0x1p54;
        u = libm_bits(x);
        e = (int)((u >> 52) & 0x7ff);
        bias = 54;
    }
    *exp = e - 1022 - bias;
    return libm_from_bits((u & ~EXP_MASK) | (1022ull << 52));
}

double libm_mul_pow2(double x, int e)
{
    while (e > 1023) {
        x *= 0x1p1023;
        e -= 1023;
        if (libm_isinf(x))
            return x;
    }
    while (e < -1022) {
        x *= 0x1p-1022;
        e += 1022;
    }
    return x * libm_pow2(e);
}

double libm_dd_scale(double hi, double lo, int e)
{
    if (hi == 0 || !libm_isfinite(hi))
        return hi;
    int he = libm_exponent(hi);
    if (he + e >= -1022)
        return libm_mul_pow2(hi, e); /* normal (hi is already hi + lo rounded) or overflow */

    /* Subnormal: round v = |hi + lo| * 2^(e + 1074) to an integer n; the result is n * 2^-1074. */
    int s = e + 1074;
    if (he + s + 1 <= -1) /* v < 1/2 */
        return libm_copysign(0.0, hi);
    double sign = hi < 0 ? -1.0 : 1.0;
    double h = libm_mul_pow2(libm_fabs(hi), s); /* exact: normal, below 2^52 */
    double l = libm_mul_pow2(lo * sign, s);     /* |l| <= ulp(h)/2 <= 1/4 */
    double n = (h + 0x1p52) - 0x1p52;           /* h rounded to an integer, ties to even */
    struct dd frac = two_sum(h - n, l);         /* h - n is exact, in [-1/2, 1/2] */
    if (frac.hi > 0.5 || (frac.hi == 0.5 && frac.lo > 0))
        n += 1;
    else if (frac.hi < -0.5 || (frac.hi == -0.5 && frac.lo < 0))
        n -= 1;
    else if ((frac.hi == 0.5 || frac.hi == -0.5) && frac.lo == 0) {
        /* an exact tie between n and n +- 1: keep the even one */
        double other = frac.hi > 0 ? n + 1 : n - 1;
        if ((uint64_t)n & 1)
            n = other;
    }
    return sign * n * 0x1p-1074; /* exact: n <= 2^52 */
}

double libm_ldexp(double x, int exp)
{
    if (x == 0 || !libm_isfinite(x))
        return x;
    /* Clamp: beyond +-2200 every finite x overflows or underflows the same way. */
    if (exp > 2200)
        exp = 2200;
    if (exp < -2200)
        exp = -2200;
    if (libm_exponent(x) == -1023) { /* subnormal */
        x *= 0x1p54;
        exp -= 54;
    }
    return libm_dd_scale(x, 0.0, exp);
}

/* x as an integer mantissa m (x = m * 2^e, 2^52 <= m < 2^53) for finite non-zero x. */
static uint64_t int_mantissa(double x, int *e)
{
    uint64_t u = libm_bits(x);
    int be = (int)((u >> 52) & 0x7ff);
    uint64_t m = u & FRAC_MASK;

    if (be == 0) { /* subnormal: shift the leading one up to bit 52 */
        int shift = __builtin_clzll(m) - 11;
        *e = -1074 - shift;
        return m << shift;
    }
    *e = be - 1075;
    return m | (1ull << 52);
}

/*
 * fmod exactly: with |x| = mx 2^ex and |y| = my 2^ey, the remainder is (mx 2^(ex-ey) mod my)
 * 2^ey, computed by reducing mx modulo my while shifting in the exponent difference 11 bits at
 * a time (the remainder stays below 2^53, so the shifted value fits 64 bits).
 */
double libm_fmod(double x, double y)
{
    if (libm_isnan(x) || libm_isnan(y))
        return x + y;
    if (libm_isinf(x) || y == 0)
        return __builtin_nan(""); /* domain error */
    if (libm_isinf(y) || x == 0)
        return x;
    double ax = libm_fabs(x), ay = libm_fabs(y);
    if (ax < ay)
        return x;
    int ex, ey;
    uint64_t mx = int_mantissa(ax, &ex), my = int_mantissa(ay, &ey);
    uint64_t r = mx % my;
    for (int diff = ex - ey; diff > 0 && r;) {
        int step = diff < 11 ? diff : 11;
        r = (r << step) % my;
        diff -= step;
    }
    /* r 2^ey is a multiple of 2^-1074 below |y|: representable, so the scaling is exact. */
    return libm_copysign(libm_dd_scale((double)r, 0.0, ey), x);
}
