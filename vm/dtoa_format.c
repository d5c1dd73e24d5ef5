/*
 * vm/dtoa_format.c - doubles to text with a format code and precision, and repr.
 *
 * Two steps, as in CPython's PyOS_double_to_string:
 *   digits  a digit string d1..dn without trailing zeros and a point position decpt
 *           (|x| ~ 0.d1..dn * 10^decpt): the shortest round-trip digits for 'r'
 *           (vm/dtoa_shortest.c), else exact: N = round(|x| * 10^s) half-even, computed as
 *           the big-integer quotient of m * 2^e * 10^s by the powers that are negative (the
 *           double is m * 2^e), with the remainder deciding the rounding. 'f' takes
 *           s = precision; 'e' and 'g' take s = digits - 1 - floor(log10|x|), estimated from
 *           the bit length and corrected once when N comes out a digit too long.
 *   layout  those digits as a window of an infinite string of zeros ...000d1..dn000...: the
 *           window starts at the first digit (or one zero before the point when decpt <= 0)
 *           and ends at the last digit, or further where the format pads with zeros ('e'
 *           and 'f' to the precision, '#g' to the significant digits, ".0" for
 *           DTOA_ADD_DOT_0). 'e' always, 'g' when decpt <= -4 or decpt is past the precision,
 *           and 'r' when decpt <= -4 or decpt > 16 use an exponent instead (the window's point
 *           goes after the first digit); the exponent has a sign and at least two digits.
 *           A point with nothing after it is dropped unless '#'.
 */
#include "vm/dtoa.h"
#include "vm/bigint.h"
#include "mm/malloc.h"

/* Whether to print an exponent, as CPython decides for each code. */
static bool wants_exponent(char code, int decpt, int precision, unsigned flags)
{
    switch (code) {
    case 'e':
        return true;
    case 'g':
        return decpt <= -4 || decpt > (flags & DTOA_ADD_DOT_0 ? precision - 1 : precision);
    case 'r':
        return decpt <= -4 || decpt > 16;
    default:
        return false;
    }
}

/* Positions [from, to) of the infinite string ...000 digits[0..nd) 000...: zeros left of 0. */
static char *window(char *p, const char *digits, int nd, int from, int to)
{
    if (from < 0) {
        int zeros = (to < 0 ? to : 0) - from;
        memset(p, '0', (size_t)zeros);
        p += zeros;
        from += zeros;
    }
    if (from < to && from < nd) {
        int n = (to < nd ? to : nd) - from;
        memcpy(p, digits + from, (size_t)n);
        p += n;
        from += n;
    }
    if (from < to) {
        memset(p, '0', (size_t)(to - from));
        p += to - from;
    }
    return p;
}

/* Write sign, digits in their window, exponent; returns the length (see the top comment). */
static size_t layout(char *buf, const char *digits, int nd, int decpt, bool negative, char code,
                     int precision, unsigned flags, bool upper)
{
    char *p = buf;
    bool use_exp = wants_exponent(code, decpt, precision, flags);
    int end = nd, exp = 0;
    if (code == 'e')
        end = precision;
    else if (code == 'f')
        end = decpt + precision;
    else if (code == 'g' && (flags & DTOA_ALT))
        end = precision;
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int start = decpt <= 0 ? decpt - 1 : 0;
    int min_end = decpt + (!use_exp && (flags & DTOA_ADD_DOT_0) ? 1 : 0);
    if (end < min_end)
        end = min_end;
    if (end < nd)
        end = nd;

    if (negative)
        *p++ = '-';
    else if (flags & DTOA_SIGN)
        *p++ = '+';
    p = window(p, digits, nd, start, decpt);
    /* the point, unless nothing follows it (then only with '#') */
    if (decpt < end || (flags & DTOA_ALT))
        *p++ = '.';
    p = window(p, digits, nd, decpt, end);
    if (use_exp) {
        unsigned mag = (unsigned)(exp < 0 ? -exp : exp);
        *p++ = upper ? 'E' : 'e';
        *p++ = exp < 0 ? '-' : '+';
        if (mag >= 100)
            *p++ = (char)('0' + mag / 100);
        *p++ = (char)('0' + mag / 10 % 10);
        *p++ = (char)('0' + mag % 10);
    }
    *p = '\0';
    return (size_t)(p - buf);
}

static size_t special(char *buf, double x, unsigned flags, bool upper)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bool nan = (bits & (((uint64_t)1 << 52) - 1)) != 0, negative = (bits >> 63) && !nan;
    char *p = buf;
    if (negative)
        *p++ = '-';
    else if (flags & DTOA_SIGN)
        *p++ = '+';
    memcpy(p, nan ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 4);
    return (size_t)(p - buf) + 3;
}

static bool is_finite(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return ((bits >> 52) & 0x7ff) != 0x7ff;
}

size_t dtoa_repr(char *buf, double x)
{
    if (!is_finite(x))
        return special(buf, x, 0, false);
    char digits[DTOA_SHORTEST_DIGITS];
    int decpt = 1, nd = 1;
    bool negative = x < 0 || (x == 0 && 1 / x < 0);
    if (x == 0)
        digits[0] = '0';
    else
        nd = dtoa_shortest(x, digits, &decpt);
    return layout(buf, digits, nd, decpt, negative, 'r', 0, DTOA_ADD_DOT_0, false);
}

size_t dtoa_format_size(double x, char code, int precision)
{
    (void)x;
    /* sign, 309 integral digits for 'f', point, ".0", 'e-308', NUL, and room to spare */
    size_t fixed = code == 'f' || code == 'F' ? 320 : 0;
    return fixed + (size_t)(precision > 0 ? precision : 0) + 40;
}

/* value = m * 2^e exactly, for finite |x| > 0. */
static void decompose(double x, uint64_t *m, int *e)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7ff);
    *m = bits & (((uint64_t)1 << 52) - 1);
    if (biased == 0) {
        *e = -1074;
    } else {
        *m |= (uint64_t)1 << 52;
        *e = biased - 1075;
    }
}

/* a *= 10^s in place (room for it); returns the count. */
static size_t mul_pow10(bigint_digit *a, size_t n, int s)
{
    for (; s >= 9; s -= 9)
        n = nat_mul_add_1(a, n, 1000000000, 0);
    bigint_digit rest = 1;
    while (s-- > 0)
        rest *= 10;
    return nat_mul_add_1(a, n, rest, 0);
}

/*
 * The decimal text of round(m * 2^e * 10^s) (half-even) into a kmalloc'd string; *n its
 * length (0 for a zero result).
 */
static int scaled_round(uint64_t m, int e, int s, char **text, size_t *n)
{
    int up2 = e > 0 ? e : 0, down2 = e < 0 ? -e : 0, up10 = s > 0 ? s : 0, down10 = s < 0 ? -s : 0;
    size_t num_cap = (size_t)(60 + up2 + 4 * up10) / BIGINT_SHIFT + 4;
    size_t den_cap = (size_t)(1 + down2 + 4 * down10) / BIGINT_SHIFT + 4;
    bigint_digit *mem = kmalloc((2 * num_cap + 2 * den_cap + 1) * sizeof *mem);
    if (!mem)
        return DTOA_NOMEM;
    bigint_digit *num = mem, *den = num + num_cap, *q = den + den_cap, *r = q + num_cap;
    size_t nn = (size_t)bigint_from_uint64(num, m), dn = 1, qn, rn;
    den[0] = 1;
    nn = mul_pow10(num, nn, up10);
    nn = nat_lshift(num, num, nn, (uint64_t)up2);
    dn = mul_pow10(den, dn, down10);
    dn = nat_lshift(den, den, dn, (uint64_t)down2);
    int st = nat_divrem(q, &qn, r, &rn, num, nn, den, dn);
    if (st == BIGINT_OK && rn > 0) {
        /* Half-even: compare 2r with the divisor. */
        rn = nat_lshift(r, r, rn, 1);
        int c = nat_cmp(r, rn, den, dn);
        if (c > 0 || (c == 0 && qn > 0 && (q[0] & 1)))
            qn = nat_mul_add_1(q, qn, 1, 1);
    }
    if (st == BIGINT_OK) {
        struct bigint value = {q, (ptrdiff_t)qn};
        size_t cap = bigint_text_capacity(value, 10);
        *text = kmalloc(cap);
        if (!*text)
            st = BIGINT_NOMEM;
        else if ((st = bigint_to_text(*text, cap, n, value, 10, false, false)) != BIGINT_OK)
            kfree(*text);
        else if (qn == 0)
            *n = 0;
    }
    kfree(mem);
    return st == BIGINT_OK ? DTOA_OK : DTOA_NOMEM;
}

/*
 * Exact digits of finite |x| > 0: `count` significant digits (fixed = false) or `count` digits
 * after the point (fixed = true), rounded half-even; trailing zeros dropped.
 */
static int exact_digits(double ax, bool fixed, int count, char **digits, int *nd, int *decpt)
{
    uint64_t m;
    int e;
    size_t n;
    decompose(ax, &m, &e);
    if (fixed) {
        int st = scaled_round(m, e, count, digits, &n);
        if (st != DTOA_OK)
            return st;
        *decpt = (int)n - count;
    } else {
        int high_bit = 63 - __builtin_clzll(m) + e;  /* 2^high_bit <= |x| < 2^(high_bit + 1) */
        int k = (int)(((int64_t)high_bit * 1292913986) >> 32);  /* floor(log10|x|) or one less */
        for (;;) {
            int st = scaled_round(m, e, count - 1 - k, digits, &n);
            if (st != DTOA_OK)
                return st;
            if (n <= (size_t)count)
                break;
            kfree(*digits);     /* one digit too many: |x| >= 10^(k+1), or it rounded up to it */
            k++;
        }
        *decpt = k + 1;
    }
    while (n > 0 && (*digits)[n - 1] == '0')
        n--;
    *nd = (int)n;
    return DTOA_OK;
}

int dtoa_format(char *buf, size_t cap, size_t *len, double x, char code, int precision,
                unsigned flags)
{
    bool upper = code == 'E' || code == 'F' || code == 'G';
    char lower = upper ? (char)(code + ('a' - 'A')) : code;
    if (lower != 'e' && lower != 'f' && lower != 'g' && lower != 'r')
        return DTOA_BAD_CODE;
    if (lower == 'r')
        precision = 0;
    if (precision < 0)
        precision = 6;
    if (cap < dtoa_format_size(x, code, precision))
        return DTOA_TOO_SMALL;
    if (!is_finite(x)) {
        *len = special(buf, x, flags, upper);
        return DTOA_OK;
    }
    bool negative = x < 0 || (x == 0 && 1 / x < 0);
    double ax = negative ? -x : x;
    char shortest[DTOA_SHORTEST_DIGITS], zero = '0', *digits = &zero, *allocated = NULL;
    int nd = 1, decpt = 1;
    if (lower == 'e')
        precision++;                /* 'e' shows precision digits after the first */
    if (lower == 'g' && precision == 0)
        precision = 1;
    if (ax != 0) {
        if (lower == 'r') {
            nd = dtoa_shortest(ax, shortest, &decpt);
            digits = shortest;
        } else {
            int st = exact_digits(ax, lower == 'f', precision, &allocated, &nd, &decpt);
            if (st != DTOA_OK)
                return st;
            digits = allocated;
        }
    }
    if ((flags & DTOA_NO_NEG_0) && (nd == 0 || (nd == 1 && digits[0] == '0')))
        negative = false;
    *len = layout(buf, digits, nd, decpt, negative, lower, precision, flags, upper);
    kfree(allocated);
    return DTOA_OK;
}

#define ROUND_NDIGITS_MAX 323       /* past the last digit of the smallest subnormal */
#define ROUND_NDIGITS_MIN (-308)    /* past the first digit of DBL_MAX */

int dtoa_round(double x, int64_t ndigits, double *out)
{
    bool negative = x < 0 || (x == 0 && 1 / x < 0);
    *out = x;
    if (!is_finite(x) || x == 0 || ndigits > ROUND_NDIGITS_MAX)
        return DTOA_OK;
    if (ndigits < ROUND_NDIGITS_MIN) {
        *out = negative ? -0.0 : 0.0;
        return DTOA_OK;
    }
    char *digits;
    int nd, decpt;
    int st = exact_digits(negative ? -x : x, true, (int)ndigits, &digits, &nd, &decpt);
    if (st != DTOA_OK)
        return st;
    double rounded = 0;
    if (nd > 0) {
        /* the digits as text "d1..dn e(decpt - n)", read back */
        char *text = kmalloc((size_t)nd + 16);
        if (!text) {
            kfree(digits);
            return DTOA_NOMEM;
        }
        memcpy(text, digits, (size_t)nd);
        size_t len = (size_t)nd + (size_t)platform_snprintf(text + nd, 16, "e%d", decpt - nd);
        st = dtoa_parse(text, len, &rounded);
        kfree(text);
    }
    kfree(digits);
    if (st != DTOA_OK)
        return st;
    if (!is_finite(rounded))
        return DTOA_OVERFLOW;
    *out = negative ? -rounded : rounded;
    return DTOA_OK;
}
