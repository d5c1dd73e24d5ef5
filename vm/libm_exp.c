/*
 * vm/libm_exp.c - exp, expm1, log, log1p, log2, log10 and pow, in double-double.
 *
 * exp: x = k ln2/64 + r with k = round(64 x / ln2), so exp(x) = 2^(k div 64) 2^((k mod 64)/64)
 * e^r. ln2/64 is split in three (a 36-bit head, so k times it is exact for |k| < 2^17, then two
 * more doubles), which keeps r exact to ~2^-150; |r| <= ln2/128 < 2^-7.4, where Taylor's series
 * to r^8 leaves 2^-86. r^2/2 is kept as a dd, the rest in double (its rounding is below 2^-78).
 *
 * log: a = 2^e m with 1 <= m < 2. The top 7 fraction bits of m pick c_j = 1 + (j + 1/2)/128 and
 * a double inv_j ~ 1/c_j; t = m inv_j - 1 is then exact as a dd (two_prod) with |t| <= 2^-8,
 * and log(a) = e ln2 - log(inv_j) + log1p(t), the middle term from the generated table (exact
 * for the double inv_j, so inv_j's own rounding costs nothing). log1p(t) is Taylor's series to
 * t^10 (remainder 2^-84 relative), t^2 and t^3 terms in dd. Within 2^-8 of 1 the table is skipped
 * (t = a - 1 is exact there), so log(1 + tiny) keeps its relative accuracy instead of cancelling.
 *
 * pow(x, y) = exp(y log x) with log x as a dd: y log x is then known to ~2^-100 relative, which
 * exp needs since its argument's absolute error becomes the result's relative error.
 */
#include "vm/libm_impl.h"

/* exp(x) overflows above this and is below half the least subnormal under the other. */
#define EXP_OVERFLOW  709.78271289338400
#define EXP_UNDERFLOW -745.13321910194122

/*
 * The reduction and the series: returns e^r - 1 as a dd and sets *k, for x = k ln2/64 + r
 * (|x.hi| <= 746).
 */
static struct dd exp_reduced(struct dd x, int *k)
{
    double kd = (x.hi * libm_inv_ln2_64 + 0x1.8p52) - 0x1.8p52; /* round to an integer */
    *k = (int)kd;
    /* r = x - k ln2/64: the first difference is exact (Sterbenz), the next product exact. */
    struct dd r = two_sum(x.hi - kd * libm_ln2_64_1, x.lo);
    r = dd_sub(r, two_prod(kd, libm_ln2_64_2));
    r = dd_add_d(r, -kd * libm_ln2_64_3);

    double rh = r.hi;
    double tail = rh * rh * rh *
                  (1.0 / 6 + rh * (1.0 / 24 + rh * (1.0 / 120 + rh * (1.0 / 720 +
                   rh * (1.0 / 5040 + rh * (1.0 / 40320))))));
    struct dd r2 = dd_mul(r, r);
    return dd_add_d(dd_add(r, dd_make(r2.hi * 0.5, r2.lo * 0.5)), tail);
}

struct dd libm_exp_core(struct dd x, int *m)
{
    int k;
    struct dd p = exp_reduced(x, &k);
    int j = k & 63;
    struct dd t = libm_exp2_tab[j];

    *m = (k - j) / 64;
    return dd_add(t, dd_mul(t, p));
}

double libm_exp(double x)
{
    if (libm_isnan(x))
        return x;
    if (x > EXP_OVERFLOW + 1)
        return __builtin_inf();
    if (x < EXP_UNDERFLOW - 1)
        return 0.0;
    int m;
    struct dd e = libm_exp_core(dd_make(x, 0.0), &m);
    return libm_dd_scale(e.hi, e.lo, m);
}

struct dd libm_expm1_dd(double x)
{
    int k, m;
    struct dd p = exp_reduced(dd_make(x, 0.0), &k);
    if (k == 0)
        return p; /* |x| < ln2/128: the series itself, with its relative accuracy */
    struct dd e = libm_exp_core(dd_make(x, 0.0), &m);
    return dd_add_d(dd_scale_exact(e, m), -1.0); /* |e^x - 1| > 2^-8: no ruinous cancellation */
}

double libm_expm1(double x)
{
    if (libm_isnan(x))
        return x;
    if (x > EXP_OVERFLOW + 1)
        return __builtin_inf();
    if (x < -40)
        return -1.0; /* e^x < 2^-57: -1 + e^x rounds to -1 */
    if (libm_fabs(x) < 0x1p-60)
        return x; /* x + x^2/2 rounds to x */
    if (x > 40) {
        int m;
        struct dd e = libm_exp_core(dd_make(x, 0.0), &m);
        if (m > 1000) /* -1 is far below the last bit */
            return libm_dd_scale(e.hi, e.lo, m);
        e = dd_add_d(dd_scale_exact(e, m - 60), -0x1p-60);
        return libm_dd_scale(e.hi, e.lo, 60);
    }
    struct dd r = libm_expm1_dd(x);
    return r.hi + r.lo;
}

/* log1p(t) for |t.hi| <= 2^-8 (t a dd). */
static struct dd log1p_small(struct dd t)
{
    struct dd t2 = dd_mul(t, t), t3 = dd_mul(t2, t);
    double th = t.hi, t4 = t2.hi * t2.hi;
    double tail = t4 * (-1.0 / 4 + th * (1.0 / 5 + th * (-1.0 / 6 + th * (1.0 / 7 +
                   th * (-1.0 / 8 + th * (1.0 / 9 + th * (-1.0 / 10)))))));
    struct dd s = dd_add(t, dd_make(-0.5 * t2.hi, -0.5 * t2.lo));
    s = dd_add(s, dd_mul(t3, libm_third));
    return dd_add_d(s, tail);
}

/* e ln2 as a dd: e times the 42-bit head is exact for |e| < 2^11. */
static struct dd times_ln2(int e)
{
    struct dd lo = two_prod((double)e, libm_ln2_lo);
    return dd_add(dd_make((double)e * libm_ln2_hi, 0.0), lo);
}

struct dd libm_log_dd(struct dd a)
{
    if (libm_fabs(a.hi - 1.0) <= 0x1p-8)
        return log1p_small(two_sum(a.hi - 1.0, a.lo)); /* a.hi - 1 is exact (Sterbenz) */
    int e = libm_exponent(a.hi);
    double m = libm_from_bits((libm_bits(a.hi) & 0x000fffffffffffffull) | (1023ull << 52));
    double mlo = libm_mul_pow2(a.lo, -e);
    if (m == 1.0 && a.lo == 0)
        return times_ln2(e); /* a power of two: exactly e ln2, so log2 gives e */
    int j = (int)((libm_bits(m) >> 45) & 127);
    double inv = libm_log_inv[j];
    struct dd p = two_prod(m, inv);
    struct dd t = two_sum(p.hi - 1.0, p.lo); /* p.hi - 1 exact: p.hi is within 2^-8 of 1 */
    t = dd_add_d(t, mlo * inv);
    struct dd r = dd_add(libm_log_tab[j], log1p_small(t));
    return e ? dd_add(times_ln2(e), r) : r;
}

/* log(x) of a positive finite x as a dd (subnormals scaled up first). */
static struct dd log_of(double x)
{
    if (libm_exponent(x) == -1023)
        return dd_sub(libm_log_dd(dd_make(x * 0x1p54, 0.0)), times_ln2(54));
    return libm_log_dd(dd_make(x, 0.0));
}

/* The special cases the four logarithms share; returns true with *r set when x is one. */
static bool log_special(double x, double *r)
{
    if (libm_isnan(x) || x == __builtin_inf()) {
        *r = x;
        return true;
    }
    if (x == 0) {
        *r = -__builtin_inf(); /* pole */
        return true;
    }
    if (x < 0) {
        *r = __builtin_nan(""); /* domain error */
        return true;
    }
    return false;
}

double libm_log(double x)
{
    double r;
    if (log_special(x, &r))
        return r;
    struct dd l = log_of(x);
    return l.hi + l.lo;
}

double libm_log2(double x)
{
    double r;
    if (log_special(x, &r))
        return r;
    struct dd l = dd_mul(log_of(x), libm_inv_ln2);
    return l.hi + l.lo;
}

double libm_log10(double x)
{
    double r;
    if (log_special(x, &r))
        return r;
    struct dd l = dd_mul(log_of(x), libm_inv_ln10);
    return l.hi + l.lo;
}

double libm_log1p(double x)
{
    if (libm_isnan(x) || x == __builtin_inf())
        return x;
    if (x == -1.0)
        return -__builtin_inf();
    if (x < -1.0)
        return __builtin_nan("");
    if (libm_fabs(x) < 0x1p-60)
        return x; /* x - x^2/2 rounds to x */
    struct dd l = libm_log_dd(two_sum(1.0, x));
    return l.hi + l.lo;
}

/* 0: y is not an integer; 1: an odd integer; 2: an even integer (every |y| >= 2^53 is). */
static int integer_kind(double y)
{
    if (libm_trunc(y) != y)
        return 0;
    if (libm_fabs(y) >= 0x1p53)
        return 2;
    return ((int64_t)y & 1) ? 1 : 2;
}

/* C99 Annex F.9.4.4, in its order. */
double libm_pow(double x, double y)
{
    if (y == 0 || x == 1.0)
        return 1.0; /* even for a NaN in the other argument */
    if (libm_isnan(x) || libm_isnan(y))
        return x + y;
    int kind = integer_kind(y); /* inf counts as an even integer here, which is never used */
    if (libm_isinf(y)) {
        double ax = libm_fabs(x);
        if (ax == 1.0)
            return 1.0;
        return (ax < 1.0) == (y < 0) ? __builtin_inf() : 0.0;
    }
    if (x == 0) {
        if (y < 0)
            return kind == 1 ? libm_copysign(__builtin_inf(), x) : __builtin_inf(); /* pole */
        return kind == 1 ? x : 0.0;
    }
    if (libm_isinf(x)) {
        bool neg_odd = x < 0 && kind == 1;
        if (y < 0)
            return neg_odd ? -0.0 : 0.0;
        return neg_odd ? -__builtin_inf() : __builtin_inf();
    }
    double sign = 1.0;
    if (x < 0) {
        if (kind == 0)
            return __builtin_nan(""); /* domain error: a negative base to a fractional power */
        if (kind == 1)
            sign = -1.0;
        x = -x;
        if (x == 1.0)
            return sign; /* (-1)^y for an integer y, however large */
    }
    struct dd l = log_of(x);
    double rough = y * l.hi;
    if (rough > EXP_OVERFLOW + 1)
        return sign * __builtin_inf();
    if (rough < EXP_UNDERFLOW - 1)
        return sign * 0.0;
    /* |y| < 2^63 here (|log x| >= 2^-54 for x != 1), so two_prod's split cannot overflow. */
    struct dd p = two_prod(y, l.hi);
    p = dd_add_d(p, y * l.lo);
    int m;
    struct dd e = libm_exp_core(p, &m);
    return sign * libm_dd_scale(e.hi, e.lo, m);
}
