/*
 * vm/libm_impl.h - what the files of vm/libm share: double-double arithmetic, bit access, the
 * generated tables (vm/libm_tables.c) and the cores one function family lends another.
 *
 * Double-double: a value is the unevaluated sum hi + lo of two doubles with |lo| <= ulp(hi)/2,
 * about 106 bits. The error-free building blocks are two_sum (Knuth: a + b = s + e exactly) and
 * two_prod (a * b = p + e exactly: Dekker's splitting into 26-bit halves, or one fma where the
 * compiler targets it). Everything else (dd_add, dd_mul, dd_div, dd_sqrt) loses only a few units
 * of 2^-104 relative, so a function evaluated in double-double and rounded once at the end is
 * correctly rounded except when the exact result lies within ~2^-100 of a midpoint between two
 * doubles. The blocks rely on IEEE binary64 with round-to-nearest and on the compiler keeping the
 * order of operations: never build vm/ with -ffast-math (fp contraction into fma is harmless only
 * because two_prod avoids Dekker's form when fma exists).
 *
 * Range: two_prod splits by multiplying by 2^27 + 1, so its operands must stay below 2^995, and
 * products of tiny operands lose exactness once the error terms go subnormal (below ~2^-969);
 * callers keep dd arithmetic within those bounds and treat huge and tiny arguments apart.
 */
#ifndef VM_LIBM_IMPL_H
#define VM_LIBM_IMPL_H

#include "vm/libm.h"

struct dd {
    double hi, lo;
};

static inline uint64_t libm_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

static inline double libm_from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* 2^e as a double, for -1022 <= e <= 1023. */
static inline double libm_pow2(int e)
{
    return libm_from_bits((uint64_t)(e + 1023) << 52);
}

/* The unbiased exponent of a finite non-zero normal x: x = m * 2^e with 1 <= |m| < 2. */
static inline int libm_exponent(double x)
{
    return (int)((libm_bits(x) >> 52) & 0x7ff) - 1023;
}

static inline struct dd dd_make(double hi, double lo)
{
    struct dd r = {hi, lo};
    return r;
}

/* a + b exactly as s + e, no condition on the operands. */
static inline struct dd two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return dd_make(s, (a - (s - bb)) + (b - bb));
}

/* a + b exactly as s + e when |a| >= |b| (or a == 0). */
static inline struct dd fast_two_sum(double a, double b)
{
    double s = a + b;
    return dd_make(s, b - (s - a));
}

/* a * b exactly as p + e (|a|, |b| < 2^995, and the product's error term not subnormal). */
static inline struct dd two_prod(double a, double b)
{
    double p = a * b;
#ifdef __FMA__
    return dd_make(p, __builtin_fma(a, b, -p));
#else
    const double split = 134217729.0; /* 2^27 + 1 */
    double ta = a * split, ah = ta - (ta - a), al = a - ah;
    double tb = b * split, bh = tb - (tb - b), bl = b - bh;
    return dd_make(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
#endif
}

static inline struct dd dd_neg(struct dd a)
{
    return dd_make(-a.hi, -a.lo);
}

static inline struct dd dd_add(struct dd a, struct dd b)
{
    struct dd s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}

static inline struct dd dd_add_d(struct dd a, double b)
{
    struct dd s = two_sum(a.hi, b);
    s.lo += a.lo;
    return fast_two_sum(s.hi, s.lo);
}

static inline struct dd dd_sub(struct dd a, struct dd b)
{
    return dd_add(a, dd_neg(b));
}

static inline struct dd dd_mul(struct dd a, struct dd b)
{
    struct dd p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}

static inline struct dd dd_mul_d(struct dd a, double b)
{
    struct dd p = two_prod(a.hi, b);
    p.lo += a.lo * b;
    return fast_two_sum(p.hi, p.lo);
}

/* Exact scaling by 2^e (the caller keeps both parts normal). */
static inline struct dd dd_scale_exact(struct dd a, int e)
{
    double s = libm_pow2(e);
    return dd_make(a.hi * s, a.lo * s);
}

/* a / b: three quotient digits, each correcting the remainder of the last. */
static inline struct dd dd_div(struct dd a, struct dd b)
{
    double q1 = a.hi / b.hi;
    struct dd r = dd_sub(a, dd_mul_d(b, q1));
    double q2 = r.hi / b.hi;
    r = dd_sub(r, dd_mul_d(b, q2));
    double q3 = r.hi / b.hi;
    struct dd q = fast_two_sum(q1, q2);
    return dd_add_d(q, q3);
}

/* sqrt(a) for a > 0: one Newton correction of the double square root. */
static inline struct dd dd_sqrt(struct dd a)
{
    double s = libm_sqrt(a.hi);
    struct dd sq = two_prod(s, s);
    double e = ((a.hi - sq.hi) - sq.lo + a.lo) / (2 * s);
    return fast_two_sum(s, e);
}

/*
 * round((hi + lo) * 2^e) to a double, hi + lo a normalised dd: exact scaling while the result is
 * normal, overflow to infinity, and one correct rounding (ties to even, lo breaking them) when it
 * is subnormal. vm/libm_bits.c.
 */
double libm_dd_scale(double hi, double lo, int e);

/* x * 2^e exactly while the result is normal or overflows (pieces of one sign, so no
 * intermediate result rounds). */
double libm_mul_pow2(double x, int e);

/* Cores lent between files (arguments as each comment says). */

/* exp(x.hi + x.lo) = 2^*m * result, |x.hi| <= 746: result in [0.7, 1.5) as a dd. */
struct dd libm_exp_core(struct dd x, int *m);
/* expm1(x) as a dd for |x| <= 45, |x| >= 2^-60. */
struct dd libm_expm1_dd(double x);
/* log(a.hi + a.lo) as a dd for a positive finite normal normalised dd. */
struct dd libm_log_dd(struct dd a);
/* atan(t) as a dd for 0 <= t.hi <= 2^66. */
struct dd libm_atan_dd(struct dd t);

/* Generated constants and tables (vm/libm_tables.c; tests/vm/gen_libm_tables.py says what). */
extern const double libm_ln2_64_1, libm_ln2_64_2, libm_ln2_64_3, libm_inv_ln2_64;
extern const double libm_ln2_hi, libm_ln2_lo;
extern const struct dd libm_ln2, libm_inv_ln2, libm_inv_ln10, libm_pi, libm_pi_2;
extern const struct dd libm_third, libm_sixth;
extern const struct dd libm_exp2_tab[64];
extern const double libm_log_inv[128];
extern const struct dd libm_log_tab[128];
extern const struct dd libm_sincos_tab[53][2];
extern const struct dd libm_atan_tab[65];
extern const uint64_t libm_two_over_pi[20];

#endif /* VM_LIBM_IMPL_H */
