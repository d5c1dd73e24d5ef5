/*
 * vm/dtoa_shortest.c - the shortest decimal that reads back as a given double (repr's digits).
 *
 * The algorithm is Schubfach (Raffaello Giulietti, "The Schubfach way to render doubles",
 * 2020). A positive double is v = c * 2^q. Every real in its rounding interval R reads back as
 * v: R runs half an ulp either side of v, except that below a power of two (c = 2^52) the ulp
 * underneath is half as wide; R's ends belong to it when c is even, because reading rounds
 * ties to even. Choose k = floor(log10(width of R)) (for the symmetric interval, width 2^q;
 * else 3/4 * 2^q), so R is between 1 and 10 units of 10^k wide. Then:
 *   - at most one multiple of 10^(k+1) lies in R; if one does it is the only shortest
 *     candidate (nothing shorter fits: R is narrower than 10^(k+1));
 *   - otherwise s = floor(v / 10^k) and s + 1 straddle v, at least one of them is in R, and
 *     the shortest decimals are those: take the one in R, or if both are, the closer to v,
 *     the even one on a tie.
 * That is what CPython's repr prints (David Gay's shortest mode picks the same: shortest,
 * then closest, then even).
 *
 * The scaled values v, and R's ends, times 4 / 10^k are computed in 64 bits: multiply
 * 4c << h by g = 10^-k rounded up to 126 bits (vm/dtoa_pow10.h, written by
 * vm/gen_dtoa_pow10.py) and keep the top bits, rounding to odd (the lowest bit records an
 * inexact product). With g rounded up and rounding to odd, a scaled value compares with an
 * exact multiple of 4 as the exact real does, except when the real is that multiple exactly
 * or within one unit above it, which the rounding cannot tell apart: an end of R can be
 * exactly a candidate decimal (5.9844320000000005e+21's lower end is 5.984432e+21, in R since
 * c is even), so when the scaled end is one above a multiple of 4 and its remainder is below
 * g's error, the end is compared exactly in big integers (rare: about 2^-60 of doubles). g is exact
 * where 10^-k fits in 126 bits, so that a double exactly halfway between s and s + 1 (this
 * happens, e.g. 2^50 + 0.25) is seen as a tie and rounds to even, as CPython does. The paper's
 * two-digit minimum (for Java) is not applied: Python prints '5e-324'.
 *
 * floor(log10(2^q)), floor(log10(3/4 * 2^q)) and floor(log2(10^e)) are multiplications by
 * fixed-point constants, which the generator checks exactly over the whole range used.
 */
#include "vm/dtoa.h"
#include "vm/dtoa_impl.h"
#include "vm/bigint.h"

typedef unsigned __int128 u128;

#define FRAC_BITS 52
#define HIDDEN_BIT ((uint64_t)1 << FRAC_BITS)

/* A scaled value: floor(g * x / 2^127) with its lowest bit set when that left a remainder
 * (rounding to odd), and whether the remainder is so small that the exact value, which g
 * overestimates by less than x units of 2^-127, may have had none. */
struct scaled {
    uint64_t value;
    bool maybe_exact;
};

static inline struct scaled scale_round_odd(const uint64_t g[2], uint64_t x)
{
    u128 low = (u128)g[1] * x, high = (u128)g[0] * x;
    u128 middle = (low >> 64) + (uint64_t)high;
    uint64_t w0 = (uint64_t)low, w1 = (uint64_t)middle;
    uint64_t w2 = (uint64_t)(high >> 64) + (uint64_t)(middle >> 64);
    uint64_t fraction_high = w1 & (((uint64_t)1 << 63) - 1);   /* the remainder: these, w0 */
    bool inexact = fraction_high != 0 || w0 != 0;
    return (struct scaled){((w2 << 1) | (w1 >> 63)) | inexact,
                           fraction_high == 0 && w0 >> 62 == 0};
}

/* a *= 10^n in place; returns the count. */
static size_t mul_pow10(bigint_digit *a, size_t an, int n)
{
    for (; n >= 9; n -= 9)
        an = nat_mul_add_1(a, an, 1000000000, 0);
    bigint_digit rest = 1;
    while (n-- > 0)
        rest *= 10;
    return nat_mul_add_1(a, an, rest, 0);
}

/*
 * Whether an end of R, end_units * 2^(q-2), is exactly cand * 10^k: both sides as integers
 * (negative powers moved across), on the stack.
 */
static bool end_equals(uint64_t end_units, int q, uint64_t cand, int k)
{
    bigint_digit left[96], right[96];
    size_t ln = (size_t)bigint_from_uint64(left, end_units);
    size_t rn = (size_t)bigint_from_uint64(right, cand);
    if (q - 2 > 0)
        ln = nat_lshift(left, left, ln, (uint64_t)(q - 2));
    else
        rn = nat_lshift(right, right, rn, (uint64_t)(2 - q));
    if (k < 0)
        ln = mul_pow10(left, ln, -k);
    else
        rn = mul_pow10(right, rn, k);
    return nat_cmp(left, ln, right, rn) == 0;
}

/* The scaled ends of R around v = c * 2^q and what deciding membership exactly needs. */
struct interval {
    uint64_t vbl, vbr;          /* 4 * R's ends / 10^k, rounded to odd */
    bool vbl_maybe_exact, vbr_maybe_exact;
    uint64_t cbl, cbr;          /* R's ends in units of 2^(q-2) */
    int q, k;
    bool open;                  /* c odd: the ends are outside R */
};

/* Whether cand * 10^k is at or above R's lower end (in R, given it is below v). */
static bool above_lower_end(const struct interval *r, uint64_t cand)
{
    if (r->vbl == (cand << 2) + 1 && r->vbl_maybe_exact)    /* maybe exactly 4 cand */
        return end_equals(r->cbl, r->q, cand, r->k) ? !r->open : false;
    return r->vbl + r->open <= cand << 2;
}

/* Whether cand * 10^k is at or below R's upper end (in R, given it is above v). */
static bool below_upper_end(const struct interval *r, uint64_t cand)
{
    if (r->vbr == (cand << 2) + 1 && r->vbr_maybe_exact)
        return end_equals(r->cbr, r->q, cand, r->k) ? !r->open : true;
    return (cand << 2) + r->open <= r->vbr;
}

/* The shortest decimal f * 10^*exp10 in v = c * 2^q's rounding interval (see the top). */
static uint64_t shortest_decimal(uint64_t c, int q, bool asymmetric, int *exp10)
{
    struct interval r = {.q = q, .open = c & 1};
    uint64_t cb = c << 2;
    r.cbr = cb + 2;
    if (asymmetric) {
        r.cbl = cb - 1;
        r.k = floor_log10_three_quarters_pow2(q);
    } else {
        r.cbl = cb - 2;
        r.k = floor_log10_pow2(q);
    }
    int h = q + floor_log2_pow10(-r.k) + 2;
    const uint64_t *g = dtoa_pow10[-r.k - DTOA_POW10_MIN];
    uint64_t vb = scale_round_odd(g, cb << h).value;
    struct scaled low = scale_round_odd(g, r.cbl << h), high = scale_round_odd(g, r.cbr << h);
    r.vbl = low.value, r.vbl_maybe_exact = low.maybe_exact;
    r.vbr = high.value, r.vbr_maybe_exact = high.maybe_exact;
    uint64_t s = vb >> 2;
    *exp10 = r.k;

    uint64_t down10 = s / 10 * 10, up10 = down10 + 10;
    bool down10_in = above_lower_end(&r, down10), up10_in = below_upper_end(&r, up10);
    if (down10_in != up10_in)
        return down10_in ? down10 : up10;

    uint64_t t = s + 1;
    bool s_in = above_lower_end(&r, s), t_in = below_upper_end(&r, t);
    if (s_in != t_in)
        return s_in ? s : t;
    /* Both in R: the closer to v (vb is 4v in units), ties to even. */
    int64_t side = (int64_t)(vb - ((s + t) << 1));
    return side < 0 || (side == 0 && !(s & 1)) ? s : t;
}

int dtoa_shortest(double x, char digits[DTOA_SHORTEST_DIGITS], int *decpt)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)((bits >> FRAC_BITS) & 0x7ff);
    uint64_t frac = bits & (HIDDEN_BIT - 1), f;
    int exp10;
    if ((bits << 1) == 0) {             /* zero, though callers handle it themselves */
        digits[0] = '0';
        *decpt = 1;
        return 1;
    }
    if (biased == 0) {
        f = shortest_decimal(frac, -1074, false, &exp10);
    } else {
        uint64_t c = frac | HIDDEN_BIT;
        int q = biased - 1075;
        /* An integer below 2^53 is its own shortest decimal (R is at most one unit wide). */
        if (q <= 0 && q > -FRAC_BITS - 1 && (c & (((uint64_t)1 << -q) - 1)) == 0) {
            f = c >> -q;
            exp10 = 0;
        } else {
            f = shortest_decimal(c, q, frac == 0 && biased > 1, &exp10);
        }
    }
    /* Trailing zeros off, the big steps first: f has up to 17 digits. */
    static const uint64_t steps[] = {100000000, 10000, 100, 10};
    static const int step_digits[] = {8, 4, 2, 1};
    for (int i = 0; i < 4; i++) {
        while (f % steps[i] == 0) {
            f /= steps[i];
            exp10 += step_digits[i];
        }
    }
    /* Digits from the end, two at a time. */
    static const char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char tmp[20], *p = tmp + sizeof tmp;
    for (; f >= 100; f /= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (f % 100), 2);
    }
    if (f >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * f, 2);
    } else {
        *--p = (char)('0' + f);
    }
    int n = (int)(tmp + sizeof tmp - p);
    memcpy(digits, p, (size_t)n);
    *decpt = exp10 + n;
    return n;
}
