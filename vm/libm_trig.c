/*
 * vm/libm_trig.c - sin, cos and tan with an exact argument reduction for every double.
 *
 * Reduction (Payne and Hanek, "Radian reduction for trigonometric functions", SIGNUM 1983):
 * write |x| = M 2^E with M a 53-bit integer. Then x 2/pi = M sum_i b_i 2^(E-i) over the bits b_i
 * of 2/pi, and every bit with E - i >= 2 adds a multiple of 4, which changes neither the
 * quadrant nor the remainder, so only the 256 bits from i = max(1, E - 1) on are needed: their
 * product with M (a 309-bit integer, five 64-bit words) holds the quadrant in its two bits above
 * the binary point and the fraction f below it, with an error under 2^-200. f is taken in
 * [-1/2, 1/2) (moving the quadrant), normalised and read as 128 bits, so even the worst
 * double (whose remainder is about 2^-61) keeps ~120 significant bits; r = f pi/2 in dd.
 *
 * Evaluation: |r| <= pi/4 is split as c + d with c = j/64 (j = round(64 |r|)) and |d| <= 1/128;
 * sin and cos of c come from the generated table as dd, sin d and cos d - 1 from Taylor's
 * series (to d^9 and d^10: remainder under 2^-80), and the addition formulas combine them in dd.
 * Below 2^-27 sin and tan are x and cos is 1 (the next term is under half an ulp).
 */
#include "vm/libm_impl.h"

/* The 256 bits of 2/pi from bit `first` (bit 1 is the first after the binary point),
 * most significant word first. */
static void two_over_pi_window(int first, uint64_t w[4])
{
    int off = first - 1, a = off / 64, sh = off % 64;

    for (int k = 0; k < 4; k++)
        w[k] = sh ? (libm_two_over_pi[a + k] << sh) | (libm_two_over_pi[a + k + 1] >> (64 - sh))
                  : libm_two_over_pi[a + k];
}

/* Bit `n` of the little-endian multiword integer p. */
static unsigned bit_at(const uint64_t *p, int n)
{
    return (unsigned)(p[n / 64] >> (n % 64)) & 1;
}

/* 64 bits of p starting at bit `n` going up (bits below 0 read as zero). */
static uint64_t bits_from(const uint64_t *p, int n, int words)
{
    if (n <= -64)
        return 0;
    if (n < 0)
        return p[0] << -n;
    int w = n / 64, sh = n % 64;
    uint64_t v = w < words ? p[w] >> sh : 0;
    if (sh && w + 1 < words)
        v |= p[w + 1] << (64 - sh);
    return v;
}

/* |x| >= pi/4, finite: x = q pi/2 + r with |r| <= pi/4 (about); returns q mod 4. */
static int reduce(double ax, struct dd *r)
{
    uint64_t u = libm_bits(ax);
    uint64_t mant = (u & 0x000fffffffffffffull) | (1ull << 52);
    int e = (int)(u >> 52) - 1075; /* ax = mant 2^e */
    int first = e - 1 > 1 ? e - 1 : 1;
    int s = first + 255 - e; /* the product is scaled by 2^-s */
    uint64_t w[4], p[5];

    two_over_pi_window(first, w);
    unsigned __int128 carry = 0;
    for (int k = 3; k >= 0; k--) { /* p = mant * w, w's least significant word is w[3] */
        carry += (unsigned __int128)mant * w[k];
        p[3 - k] = (uint64_t)carry;
        carry >>= 64;
    }
    p[4] = (uint64_t)carry;

    int q = (int)(bit_at(p, s) | bit_at(p, s + 1) << 1);
    bool negative = bit_at(p, s - 1); /* f >= 1/2: take f - 1 and the next quadrant */
    if (negative) {
        /* 2^s - F over the fraction bits: complement and add one (bits above s don't matter) */
        unsigned __int128 c = 1;
        for (int k = 0; k < 5; k++) {
            c += (uint64_t)~p[k];
            p[k] = (uint64_t)c;
            c >>= 64;
        }
        q = (q + 1) & 3;
    }
    /* Find the fraction's leading one (below bit s) and read 128 bits from it. */
    int top = s - 1;
    while (top >= 0 && !bit_at(p, top))
        top--;
    if (top < 0) {
        *r = dd_make(0.0, 0.0);
        return q;
    }
    uint64_t hi = bits_from(p, top - 63, 5), lo = bits_from(p, top - 127, 5);
    /* value = (hi 2^64 + lo) 2^(top - 127 - s); split into non-overlapping 53 + 53 + 22 bits */
    double d1 = (double)(hi >> 11), d2 = (double)(((hi & 0x7ff) << 42) | (lo >> 22));
    double d3 = (double)(lo & 0x3fffff);
    int scale = top - 127 - s;
    struct dd f = fast_two_sum(libm_mul_pow2(d1, scale + 75), libm_mul_pow2(d2, scale + 22));
    f.lo += libm_mul_pow2(d3, scale);
    f = fast_two_sum(f.hi, f.lo);
    if (negative)
        f = dd_neg(f);
    *r = dd_mul(f, libm_pi_2);
    return q;
}

/* sin(r) and cos(r) as dd for |r| <= pi/4 + a little. */
static void sincos_dd(struct dd r, struct dd *sin_r, struct dd *cos_r)
{
    bool negative = r.hi < 0;
    struct dd a = negative ? dd_neg(r) : r;
    int j = (int)(a.hi * 64 + 0.5);
    struct dd d = two_sum(a.hi - j * (1.0 / 64), a.lo); /* the difference is exact (Sterbenz) */

    struct dd d2 = dd_mul(d, d), d3 = dd_mul(d2, d);
    double dh2 = d2.hi;
    /* sin d = d - d^3/6 + d^5 (1/120 - d^2/5040 + d^4/362880) */
    double stail = d3.hi * dh2 * (1.0 / 120 + dh2 * (-1.0 / 5040 + dh2 * (1.0 / 362880)));
    struct dd sd = dd_add_d(dd_sub(d, dd_mul(d3, libm_sixth)), stail);
    /* cos d - 1 = -d^2/2 + d^4 (1/24 - d^2/720 + d^4/40320 - d^6/3628800) */
    double ctail = dh2 * dh2 * (1.0 / 24 + dh2 * (-1.0 / 720 + dh2 * (1.0 / 40320 +
                                dh2 * (-1.0 / 3628800))));
    struct dd cm1 = dd_add_d(dd_make(-0.5 * d2.hi, -0.5 * d2.lo), ctail);

    if (j == 0) {
        *sin_r = sd;
        *cos_r = dd_add_d(cm1, 1.0);
    } else {
        struct dd sc = libm_sincos_tab[j][0], cc = libm_sincos_tab[j][1];
        /* sin(c + d) = sin c + sin c (cos d - 1) + cos c sin d, and cos likewise */
        *sin_r = dd_add(sc, dd_add(dd_mul(sc, cm1), dd_mul(cc, sd)));
        *cos_r = dd_add(cc, dd_sub(dd_mul(cc, cm1), dd_mul(sc, sd)));
    }
    if (negative)
        *sin_r = dd_neg(*sin_r);
}

/* Quadrant and sin/cos of the remainder of x (finite, |x| >= 2^-27). */
static int sincos_parts(double x, struct dd *s, struct dd *c)
{
    double ax = libm_fabs(x);
    struct dd r = dd_make(ax, 0.0);
    int q = 0;

    if (ax > 0.78539816339744828) /* pi/4, rounded down */
        q = reduce(ax, &r);
    sincos_dd(r, s, c);
    return q;
}

double libm_sin(double x)
{
    if (!libm_isfinite(x))
        return x - x; /* NaN, and a domain error for infinities */
    if (libm_fabs(x) < 0x1p-27)
        return x;
    struct dd s, c, v;
    int q = sincos_parts(x, &s, &c);
    v = (q & 1) ? c : s;
    if (q & 2)
        v = dd_neg(v);
    if (x < 0)
        v = dd_neg(v);
    return v.hi + v.lo;
}

double libm_cos(double x)
{
    if (!libm_isfinite(x))
        return x - x;
    if (libm_fabs(x) < 0x1p-27)
        return 1.0;
    struct dd s, c, v;
    int q = sincos_parts(x, &s, &c);
    v = (q & 1) ? dd_neg(s) : c;
    if (q & 2)
        v = dd_neg(v);
    return v.hi + v.lo;
}

double libm_tan(double x)
{
    if (!libm_isfinite(x))
        return x - x;
    if (libm_fabs(x) < 0x1p-27)
        return x;
    struct dd s, c, v;
    int q = sincos_parts(x, &s, &c);
    v = (q & 1) ? dd_neg(dd_div(c, s)) : dd_div(s, c);
    if (x < 0)
        v = dd_neg(v);
    return v.hi + v.lo;
}
