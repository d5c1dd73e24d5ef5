/*
 * vm/dtoa_parse.c - float(text): decimal text to the nearest double.
 *
 * The syntax is Python's float(): surrounding whitespace (Unicode whitespace and digits count
 * as ASCII, vm/num_text.h), an optional sign, then 'inf', 'infinity' or 'nan' in any case, or
 * digits with an optional point and an optional exponent (e or E, optional sign, digits);
 * single underscores may stand between two digits anywhere. The value is read as an integer D
 * of significant digits and a power of ten, D * 10^p, and converted the first way that applies:
 *   - far outside the double range (digits + p > 310 or < -330): infinity or zero;
 *   - D < 10^15 and |p| <= 22: D and 10^|p| are exact doubles, so one IEEE multiplication or
 *     division is the correctly rounded result (Clinger's fast path);
 *   - D < 2^64: D times the 126-bit 10^p of vm/dtoa_pow10.c gives the top 64 bits of the value
 *     with an error far below their last bit, which decides the rounding unless the bits
 *     dropped are exactly half of the last kept one (a tie, or too close to tell) or the
 *     result is subnormal (the idea of Eisel and Lemire's fast path);
 *   - otherwise exactly: D * 10^p, or D / 10^-p, as big integers rounded half-even by
 *     vm/bigint's nat_ratio_to_double.
 * Digits beyond the 800th are replaced by one sticky 1 when any of them is nonzero: a value
 * halfway between two doubles has at most 767 significant digits, so the shortened value lies
 * on the same side of every halfway point and rounds the same.
 */
#include "vm/dtoa.h"
#include "vm/dtoa_impl.h"
#include "vm/bigint.h"
#include "vm/num_text.h"
#include "mm/malloc.h"

#define MAX_SIG_DIGITS 800
#define EXP_CLAMP      100000      /* beyond this the result is 0 or infinity anyway */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

static bool matches_word(const char *p, size_t n, const char *word)
{
    if (strlen(word) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(p[i]) != word[i])
            return false;
    return true;
}

static double make_special(bool nan, bool negative)
{
    uint64_t bits = ((uint64_t)0x7ff << 52) | (nan ? (uint64_t)1 << 51 : 0);
    if (negative)
        bits |= (uint64_t)1 << 63;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* The exactly representable powers of ten, 10^0 .. 10^22. */
static const double exact_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

typedef unsigned __int128 u128;

/*
 * D * 10^p (D > 0) through the 126-bit table: false when the table does not reach p, or the
 * rounding is too close to call, or the result is subnormal; the exact path decides those.
 * g(p) overestimates 10^p * 2^-r by less than one unit, so the product P = D * g exceeds the
 * exact one by less than 2^64 units, far below bit 126 where the kept bits start: only when
 * the dropped bits are exactly half could the exact value round the other way.
 */
static bool scaled_fast(uint64_t d, int p, double *out)
{
    if (p < DTOA_POW10_MIN || p > DTOA_POW10_MAX)
        return false;
    const uint64_t *g = dtoa_pow10[p - DTOA_POW10_MIN];
    int r = floor_log2_pow10(p) - 125;          /* 10^p ~ g * 2^r */
    int lz = __builtin_clzll(d);
    uint64_t dn = d << lz;                      /* D = dn * 2^-lz, top bit set */
    u128 low = (u128)g[1] * dn, high = (u128)g[0] * dn;
    u128 middle = (low >> 64) + (uint64_t)high;
    uint64_t w1 = (uint64_t)middle, w2 = (uint64_t)(high >> 64) + (uint64_t)(middle >> 64);
    uint64_t top = (w2 << 2) | (w1 >> 62);      /* P / 2^126, in [2^61, 2^64) */
    int drop = 64 - __builtin_clzll(top) - 53;
    uint64_t m = top >> drop, rest = top & (((uint64_t)1 << drop) - 1);
    uint64_t half = (uint64_t)1 << (drop - 1);
    if (rest == half)
        return false;
    if (rest > half)
        m++;
    int64_t e2 = drop + 126 + r - lz;           /* value ~ m * 2^e2 */
    if (m >> 53) {
        m >>= 1;
        e2++;
    }
    int64_t biased = e2 + 52 + 1023;
    if (biased <= 0 || biased >= 2047)
        return false;
    uint64_t bits = ((uint64_t)biased << 52) | (m & (((uint64_t)1 << 52) - 1));
    memcpy(out, &bits, sizeof bits);
    return true;
}

/* 10^p (p >= 0) into buf; returns the count. buf has p / 9 + 2 digits. */
static size_t pow10_digits(bigint_digit *buf, int p)
{
    size_t n = 1;
    buf[0] = 1;
    for (; p >= 9; p -= 9)
        n = nat_mul_add_1(buf, n, 1000000000, 0);
    bigint_digit rest = 1;
    while (p-- > 0)
        rest *= 10;
    return nat_mul_add_1(buf, n, rest, 0);
}

/* |value| = digits[0..nd) * 10^p exactly (nd >= 1, no leading zero): the nearest double. */
static int convert(const char *digits, size_t nd, int64_t p, double *out)
{
    if ((int64_t)nd + p > 310) {
        *out = make_special(false, false);
        return DTOA_OK;
    }
    if ((int64_t)nd + p < -330) {
        *out = 0.0;
        return DTOA_OK;
    }
    if (nd <= 19) {
        uint64_t d = 0;
        for (size_t i = 0; i < nd; i++)
            d = d * 10 + (uint64_t)(digits[i] - '0');
        if (nd <= 15 && p >= -22 && p <= 22) {
            *out = p >= 0 ? (double)d * exact_pow10[p] : (double)d / exact_pow10[-p];
            return DTOA_OK;
        }
        if (scaled_fast(d, (int)p, out))
            return DTOA_OK;
    }
    size_t pn = (size_t)(p < 0 ? -p : p) / 9 + 2, dn = BIGINT_TEXT_CAPACITY(nd);
    bigint_digit *mem = kmalloc((dn + pn + pn + dn) * sizeof *mem);
    if (!mem)
        return DTOA_NOMEM;
    bigint_digit *d = mem, *pow = d + dn, *product = pow + pn;
    ptrdiff_t size;
    int st = bigint_from_text(d, &size, digits, nd, 10);
    size_t n = (size_t)size, powc = pow10_digits(pow, (int)(p < 0 ? -p : p));
    bool overflow = false;
    if (st == BIGINT_OK && p >= 0) {
        size_t prodn;
        st = nat_mul(product, &prodn, d, n, pow, powc);
        struct bigint value = {product, (ptrdiff_t)prodn};
        if (st == BIGINT_OK && bigint_to_double(value, out) == BIGINT_OVERFLOW)
            overflow = true;
    } else if (st == BIGINT_OK) {
        st = nat_ratio_to_double(d, n, pow, powc, 0, out, &overflow);
    }
    if (overflow)
        *out = make_special(false, false);
    kfree(mem);
    return st == BIGINT_OK ? DTOA_OK : DTOA_NOMEM;
}

/* float(text) for text already rewritten to ASCII (vm/num_text.h). */
static int parse_ascii(const char *text, size_t len, double *out)
{
    size_t lead = num_text_space_len(text, len, false);
    const char *p = text + lead, *end = text + len;
    end -= num_text_space_len(p, (size_t)(end - p), true);
    bool negative = false;
    if (p < end && (*p == '+' || *p == '-'))
        negative = *p++ == '-';
    size_t n = (size_t)(end - p);
    if (n > 0 && (lower(*p) == 'i' || lower(*p) == 'n')) {
        if (!matches_word(p, n, "inf") && !matches_word(p, n, "infinity") &&
            !matches_word(p, n, "nan"))
            return DTOA_INVALID;
        *out = make_special(lower(*p) == 'n', negative);
        return DTOA_OK;
    }

    /* Significant digits (no underscores, no leading zeros) and the exponent. */
    char digits[MAX_SIG_DIGITS + 2];
    size_t nd = 0, mantissa_digits = 0;
    int64_t p10 = 0;
    bool seen_point = false, dropped_nonzero = false;
    const char *s = p;
    for (; s < end; s++) {
        char c = *s;
        if (c == '_') {
            /* only between two digits */
            if (s == p || !is_digit(s[-1]) || s + 1 >= end || !is_digit(s[1]))
                goto invalid;
            continue;
        }
        if (c == '.') {
            if (seen_point)
                goto invalid;
            seen_point = true;
            continue;
        }
        if (!is_digit(c))
            break;
        mantissa_digits++;
        if (seen_point)
            p10--;
        if (nd == 0 && c == '0')
            continue;
        if (nd < MAX_SIG_DIGITS) {
            digits[nd++] = c;
        } else {
            p10++;                  /* a digit dropped before the point scales the rest */
            if (c != '0')
                dropped_nonzero = true;
        }
    }
    if (mantissa_digits == 0)
        goto invalid;
    if (s < end) {
        if (lower(*s) != 'e')
            goto invalid;
        s++;
        bool exp_negative = false;
        if (s < end && (*s == '+' || *s == '-'))
            exp_negative = *s++ == '-';
        int64_t exp = 0;
        size_t exp_digits = 0;
        for (; s < end; s++) {
            if (*s == '_' && exp_digits > 0 && s + 1 < end && is_digit(s[1]))
                continue;
            if (!is_digit(*s))
                goto invalid;
            exp_digits++;
            if (exp < EXP_CLAMP)
                exp = exp * 10 + (*s - '0');
        }
        if (exp_digits == 0)
            goto invalid;
        p10 += exp_negative ? -exp : exp;
    }
    if (dropped_nonzero) {
        digits[nd++] = '1';
        p10--;
    }
    while (nd > 0 && digits[nd - 1] == '0') {
        nd--;
        p10++;
    }
    int st = DTOA_OK;
    if (nd == 0)
        *out = 0.0;
    else
        st = convert(digits, nd, p10, out);
    if (negative)
        *out = -*out;
    return st;
invalid:
    return DTOA_INVALID;
}

int dtoa_parse(const char *text, size_t len, double *out)
{
    char *ascii;
    size_t ascii_len;
    if (!num_text_to_ascii(text, len, &ascii, &ascii_len))
        return DTOA_NOMEM;
    if (!ascii)
        return parse_ascii(text, len, out);
    int st = parse_ascii(ascii, ascii_len, out);
    kfree(ascii);
    return st;
}
