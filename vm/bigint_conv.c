/*
 * vm/bigint_conv.c - integers to and from doubles and text, and CPython's integer hash.
 *
 * Doubles are built from their bits (sign, 11-bit biased exponent, 52-bit fraction), never
 * through libm: every conversion first reduces the exact value to an integer x of at least
 * 55 significant bits times 2^t, plus a sticky flag saying whether anything nonzero lay below
 * x's last bit. Rounding x to the 53 bits of a double (fewer below 2^-1022, where the quantum
 * stays 2^-1074) then needs only x's dropped bits and the sticky flag: above half rounds up,
 * exactly half rounds to even, which is IEEE round-half-even on the exact value. A quotient
 * num/den is reduced the same way by scaling one side by a power of two so the integer
 * quotient has 55 or 56 bits; its remainder is the sticky flag (CPython's long_true_divide
 * rounds the same way).
 *
 * hash: 2^61 - 1 is prime and 2^61 == 1 modulo it, so x * 2^30 mod (2^61 - 1) is x's 61 bits
 * rotated left by 30; folding digits in from the top needs no multiplication. A float m * 2^e
 * reduces the same way (2^e is 2^(e mod 61)), so it hashes as the equal int does.
 *
 * Text: power-of-two bases map bits to characters directly; base 10 peels nine decimal digits
 * at a time with one division of the magnitude by 10^9 (quadratic, about a millisecond for
 * 10,000 digits); parsing multiplies in as many characters at a time as fit in a digit.
 */
#include "vm/bigint.h"
#include "vm/num_text.h"
#include "mm/malloc.h"

#define DBL_FRAC_BITS   52
#define DBL_EXP_BIAS    1023
#define DBL_EXP_MAX     2047            /* biased exponent of infinities and NaNs */
#define DBL_MIN_EXP2    (-1022)         /* the exponent of the smallest normal, 2^-1022 */
#define DBL_QUANTUM_MIN (-1074)         /* the exponent of the smallest subnormal */

static inline double double_from_bits(uint64_t bits)
{
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

static inline uint64_t double_bits(double d)
{
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    return bits;
}

static inline int bit_length64(uint64_t x)
{
    return x ? 64 - __builtin_clzll(x) : 0;
}

/*
 * The double nearest (x + f) * 2^t where 0 <= f < 1 and f > 0 exactly when `sticky`
 * (x must then carry at least two bits below the double's last). Sets *overflow beyond DBL_MAX.
 */
static double round_to_double(uint64_t x, int64_t t, bool sticky, bool *overflow)
{
    *overflow = false;
    if (x == 0)
        return 0.0;
    int64_t high = bit_length64(x) - 1 + t;
    int64_t quantum = (high > DBL_MIN_EXP2 ? high : DBL_MIN_EXP2) - DBL_FRAC_BITS;
    uint64_t m;
    if (quantum <= t) {
        m = x << (t - quantum);                 /* exact: fewer than 53 bits */
    } else {
        int64_t drop = quantum - t;
        uint64_t rest, half;
        if (drop > 64)
            return 0.0;                         /* below half the smallest subnormal */
        if (drop == 64) {
            m = 0, rest = x, half = (uint64_t)1 << 63;
        } else {
            m = x >> drop;
            rest = x & (((uint64_t)1 << drop) - 1);
            half = (uint64_t)1 << (drop - 1);
        }
        if (rest > half || (rest == half && (sticky || (m & 1))))
            m++;
        if (m >> (DBL_FRAC_BITS + 1)) {         /* rounded up to 2^53 */
            m >>= 1;
            quantum++;
        }
    }
    if (m >> DBL_FRAC_BITS == 0)                /* subnormal (or zero): quantum is 2^-1074 */
        return double_from_bits(m);
    int64_t biased = quantum + DBL_FRAC_BITS + DBL_EXP_BIAS;
    if (biased >= DBL_EXP_MAX) {
        *overflow = true;
        return double_from_bits((uint64_t)DBL_EXP_MAX << DBL_FRAC_BITS);
    }
    return double_from_bits(((uint64_t)biased << DBL_FRAC_BITS) |
                            (m & (((uint64_t)1 << DBL_FRAC_BITS) - 1)));
}

/* a >> shift, when that is known to be below 2^64 (four digits reach past bit 64). */
static uint64_t bits_from(const bigint_digit *a, size_t an, uint64_t shift)
{
    size_t whole = (size_t)(shift / BIGINT_SHIFT);
    unsigned part = (unsigned)(shift % BIGINT_SHIFT);
    uint64_t v = whole < an ? a[whole] >> part : 0;
    for (size_t i = 1; i < 4 && whole + i < an && BIGINT_SHIFT * i - part < 64; i++)
        v |= (uint64_t)a[whole + i] << (BIGINT_SHIFT * i - part);
    return v;
}

int bigint_to_double(struct bigint a, double *out)
{
    size_t an = bigint_ndigits(a);
    uint64_t bits = nat_bit_length(a.digit, an);
    uint64_t shift = bits > 55 ? bits - 55 : 0;
    bool overflow;
    if (bits > 1025) {
        *out = a.size < 0 ? -double_from_bits(0x7ffull << 52) : double_from_bits(0x7ffull << 52);
        return BIGINT_OVERFLOW;
    }
    double d = round_to_double(bits_from(a.digit, an, shift), (int64_t)shift,
                               nat_low_bits_nonzero(a.digit, an, shift), &overflow);
    *out = a.size < 0 ? -d : d;
    return overflow ? BIGINT_OVERFLOW : BIGINT_OK;
}

int bigint_from_double(bigint_digit *out, ptrdiff_t *size, double x)
{
    uint64_t bits = double_bits(x);
    int biased = (int)((bits >> DBL_FRAC_BITS) & DBL_EXP_MAX);
    uint64_t frac = bits & (((uint64_t)1 << DBL_FRAC_BITS) - 1);
    bool negative = bits >> 63;
    if (biased == DBL_EXP_MAX)
        return frac ? BIGINT_NOT_A_NUMBER : BIGINT_OVERFLOW;
    *size = 0;
    if (biased < DBL_EXP_BIAS)                  /* |x| < 1 */
        return BIGINT_OK;
    uint64_t m = frac | ((uint64_t)1 << DBL_FRAC_BITS);
    int exp2 = biased - DBL_EXP_BIAS - DBL_FRAC_BITS;   /* |x| = m * 2^exp2 */
    size_t n;
    if (exp2 <= 0) {
        n = (size_t)bigint_from_uint64(out, m >> -exp2);
    } else {
        n = (size_t)bigint_from_uint64(out, m);
        n = nat_lshift(out, out, n, (uint64_t)exp2);
    }
    *size = negative ? -(ptrdiff_t)n : (ptrdiff_t)n;
    return BIGINT_OK;
}

int nat_ratio_to_double(const bigint_digit *num, size_t numn, const bigint_digit *den, size_t denn,
                        int64_t exp2, double *out, bool *overflow)
{
    /* num / den * 2^exp2 lies in [2^(e - 1), 2^(e + 1)). */
    int64_t e = (int64_t)nat_bit_length(num, numn) - (int64_t)nat_bit_length(den, denn) + exp2;
    *overflow = false;
    if (e >= 1025) {
        *overflow = true;
        *out = double_from_bits((uint64_t)DBL_EXP_MAX << DBL_FRAC_BITS);
        return BIGINT_OK;
    }
    if (e <= DBL_QUANTUM_MIN - 2) {             /* below half the smallest subnormal */
        *out = 0.0;
        return BIGINT_OK;
    }
    /* x = floor(value / 2^t) gets 55 or 56 bits (fewer for subnormals, whose quantum is fixed). */
    int64_t t = (e - 1 > DBL_MIN_EXP2 ? e - 1 : DBL_MIN_EXP2) - DBL_FRAC_BITS - 2;
    int64_t shift = exp2 - t;
    uint64_t up = shift > 0 ? (uint64_t)shift : 0, down = shift < 0 ? (uint64_t)-shift : 0;
    size_t nn = numn + up / BIGINT_SHIFT + 1, dn = denn + down / BIGINT_SHIFT + 1;
    bigint_digit *mem = kmalloc((nn + dn + 3 + dn) * sizeof *mem);
    if (!mem)
        return BIGINT_NOMEM;
    bigint_digit *n = mem, *d = mem + nn, *q = d + dn, *r = q + 3;
    size_t qn, rn;
    nn = nat_lshift(n, num, numn, up);
    dn = nat_lshift(d, den, denn, down);
    /* The quotient has at most 56 bits: q needs 2 digits (3 with the divider's slack). */
    int st = nat_divrem(q, &qn, r, &rn, n, nn, d, dn);
    if (st == BIGINT_OK)
        *out = round_to_double(bits_from(q, qn, 0), t, rn != 0, overflow);
    kfree(mem);
    return st;
}

int bigint_true_divide(struct bigint a, struct bigint b, double *out)
{
    size_t an = bigint_ndigits(a), bn = bigint_ndigits(b);
    bool negative = (a.size < 0) != (b.size < 0), overflow;
    if (bn == 0)
        return BIGINT_ZERO_DIVISION;
    if (an == 0) {
        *out = negative ? -0.0 : 0.0;
        return BIGINT_OK;
    }
    /* Both exact as doubles: one IEEE division is correctly rounded. */
    if (nat_bit_length(a.digit, an) <= 53 && nat_bit_length(b.digit, bn) <= 53) {
        double x = (double)bits_from(a.digit, an, 0), y = (double)bits_from(b.digit, bn, 0);
        *out = negative ? -(x / y) : x / y;
        return BIGINT_OK;
    }
    double d;
    int st = nat_ratio_to_double(a.digit, an, b.digit, bn, 0, &d, &overflow);
    if (st != BIGINT_OK)
        return st;
    if (overflow)
        return BIGINT_OVERFLOW;
    *out = negative ? -d : d;
    return BIGINT_OK;
}

/* ---- hash ---------------------------------------------------------------------------------- */

#define HASH_BITS    61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

int64_t bigint_hash(struct bigint a)
{
    uint64_t x = 0;
    for (size_t i = bigint_ndigits(a); i-- > 0;) {
        /* x = (x * 2^30 + digit) mod (2^61 - 1) */
        x = ((x << BIGINT_SHIFT) & HASH_MODULUS) | (x >> (HASH_BITS - BIGINT_SHIFT));
        x += a.digit[i];
        if (x >= HASH_MODULUS)
            x -= HASH_MODULUS;
    }
    int64_t h = a.size < 0 ? -(int64_t)x : (int64_t)x;
    return h == -1 ? -2 : h;
}

int64_t hash_double(double x, bool *is_nan)
{
    uint64_t bits = double_bits(x), m = bits & (((uint64_t)1 << DBL_FRAC_BITS) - 1);
    int biased = (int)((bits >> DBL_FRAC_BITS) & DBL_EXP_MAX);
    bool negative = bits >> 63;
    *is_nan = false;
    if (biased == DBL_EXP_MAX) {
        if (m) {
            *is_nan = true;
            return 0;
        }
        return negative ? -314159 : 314159;
    }
    int e = DBL_QUANTUM_MIN;
    if (biased) {
        m |= (uint64_t)1 << DBL_FRAC_BITS;
        e = biased - DBL_EXP_BIAS - DBL_FRAC_BITS;
    }
    /* m < 2^53 < 2^61 - 1, and 2^e == 2^(e mod 61) modulo it: rotate m's 61 bits by that. */
    int r = ((e % HASH_BITS) + HASH_BITS) % HASH_BITS;
    uint64_t h = r ? ((m << r) & HASH_MODULUS) | (m >> (HASH_BITS - r)) : m;
    if (h >= HASH_MODULUS)
        h -= HASH_MODULUS;
    int64_t v = negative ? -(int64_t)h : (int64_t)h;
    return v == -1 ? -2 : v;
}

/* ---- text ---------------------------------------------------------------------------------- */

static int bits_per_char(int base)
{
    return base == 2 ? 1 : base == 8 ? 3 : base == 16 ? 4 : 0;
}

size_t bigint_text_capacity(struct bigint a, int base)
{
    uint64_t bits = bigint_bit_length(a);
    int k = bits_per_char(base);
    /* log10(2) < 0.30103: 10^(bits * 0.30103) > 2^bits */
    uint64_t chars = k ? (bits + (uint64_t)k - 1) / (uint64_t)k : bits * 30103 / 100000 + 1;
    return (size_t)chars + 1 /* zero */ + 1 /* sign */ + 2 /* prefix */ + 1 /* NUL */;
}

int bigint_to_text(char *buf, size_t cap, size_t *len, struct bigint a, int base, bool prefix,
                   bool upper)
{
    const char *alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    size_t an = bigint_ndigits(a), need = bigint_text_capacity(a, base);
    int k = bits_per_char(base);
    if (cap < need)
        return BIGINT_OVERFLOW;
    /* Digits are written backwards from the end of buf, then moved to the front. */
    char *end = buf + cap, *p = end;
    if (an == 0) {
        *--p = '0';
    } else if (k) {
        uint64_t bits = nat_bit_length(a.digit, an);
        for (uint64_t at = 0; at < bits; at += (uint64_t)k)
            *--p = alphabet[bits_from(a.digit, an, at) & ((1u << k) - 1)];
    } else if (base == 10 && an <= 2) {
        /* below 2^60: in one machine word, no scratch */
        for (uint64_t v = bits_from(a.digit, an, 0); v; v /= 10)
            *--p = (char)('0' + v % 10);
    } else if (base == 10) {
        bigint_digit *rest = kmalloc(an * sizeof *rest);
        if (!rest)
            return BIGINT_NOMEM;
        memcpy(rest, a.digit, an * sizeof *rest);
        size_t n = an;
        while (n > 0) {
            bigint_digit chunk = nat_divrem_1(rest, &n, rest, n, 1000000000);
            for (int i = 0; i < 9 && (n > 0 || chunk); i++, chunk /= 10)
                *--p = (char)('0' + chunk % 10);
        }
        kfree(rest);
    } else {
        return BIGINT_BAD_BASE;
    }
    if (prefix && base != 10) {
        *--p = base == 2 ? 'b' : base == 8 ? 'o' : 'x';
        *--p = '0';
    }
    if (a.size < 0)
        *--p = '-';
    *len = (size_t)(end - p);
    memmove(buf, p, *len);
    buf[*len] = '\0';
    return BIGINT_OK;
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* int(text, base) for text already rewritten to ASCII (vm/num_text.h). */
static int from_ascii(bigint_digit *out, ptrdiff_t *size, const char *text, size_t len, int base)
{
    size_t lead = num_text_space_len(text, len, false);
    const char *p = text + lead, *end = p + (len - lead);
    end -= num_text_space_len(p, (size_t)(end - p), true);
    bool negative = false, after_prefix = false, only_zeros = true;
    if (p < end && (*p == '+' || *p == '-'))
        negative = *p++ == '-';
    if (p + 1 < end && p[0] == '0') {
        char c = (char)(p[1] | 0x20);
        int prefixed = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (prefixed && (base == 0 || base == prefixed)) {
            base = prefixed;
            p += 2;
            after_prefix = true;
        }
    }
    bool decimal_by_default = base == 0;
    if (base == 0)
        base = 10;
    /* Check the syntax and count the digits first. */
    size_t ndigits = 0;
    bool prev_digit = after_prefix;     /* an underscore may follow a digit or a prefix */
    for (const char *s = p; s < end; s++) {
        if (*s == '_') {
            if (!prev_digit)
                return BIGINT_INVALID_TEXT;
            prev_digit = false;
        } else if (digit_value(*s) < base) {
            prev_digit = true;
            ndigits++;
            if (*s != '0')
                only_zeros = false;
        } else {
            return BIGINT_INVALID_TEXT;
        }
    }
    if (ndigits == 0 || !prev_digit)
        return BIGINT_INVALID_TEXT;
    /* Base 0 reads "010" as an error, not as octal (but "00" and "0_0" are zero). */
    if (decimal_by_default && p[0] == '0' && !only_zeros)
        return BIGINT_INVALID_TEXT;
    size_t n = 0;
    int k = bits_per_char(base) ? bits_per_char(base) : (base == 32 ? 5 : base == 4 ? 2 : 0);
    if (k) {
        uint64_t at = 0;
        for (const char *s = end; s-- > p;) {
            if (*s == '_')
                continue;
            bigint_digit v = (bigint_digit)digit_value(*s);
            size_t i = (size_t)(at / BIGINT_SHIFT);
            unsigned part = (unsigned)(at % BIGINT_SHIFT);
            if (part == 0)
                out[i] = 0;
            out[i] |= (v << part) & BIGINT_MASK;
            if (part + (unsigned)k > BIGINT_SHIFT)
                out[i + 1] = v >> (BIGINT_SHIFT - part);
            at += (uint64_t)k;
        }
        n = nat_normalize(out, (size_t)((at + BIGINT_SHIFT - 1) / BIGINT_SHIFT));
    } else {
        /* Multiply in chunks of characters whose value fits a digit: base^chunk < 2^30. */
        bigint_digit chunk_base = 1, chunk = 0;
        for (const char *s = p; s < end; s++) {
            if (*s == '_')
                continue;
            chunk = chunk * (bigint_digit)base + (bigint_digit)digit_value(*s);
            chunk_base *= (bigint_digit)base;
            if (chunk_base > BIGINT_BASE / (bigint_digit)base) {
                n = nat_mul_add_1(out, n, chunk_base, chunk);
                chunk_base = 1, chunk = 0;
            }
        }
        if (chunk_base > 1)
            n = nat_mul_add_1(out, n, chunk_base, chunk);
    }
    *size = negative ? -(ptrdiff_t)n : (ptrdiff_t)n;
    return BIGINT_OK;
}

int bigint_from_text(bigint_digit *out, ptrdiff_t *size, const char *text, size_t len, int base)
{
    if (base != 0 && (base < 2 || base > 36))
        return BIGINT_BAD_BASE;
    char *ascii;
    size_t ascii_len;
    if (!num_text_to_ascii(text, len, &ascii, &ascii_len))
        return BIGINT_NOMEM;
    if (!ascii)
        return from_ascii(out, size, text, len, base);
    int st = from_ascii(out, size, ascii, ascii_len, base);
    kfree(ascii);
    return st;
}
