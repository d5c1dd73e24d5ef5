/*
 * vm/bigint.c - signed integers with Python's operators, over the magnitudes of bigint_nat.c.
 *
 * Signs live in the size (sign-magnitude, as CPython), so + and - pick add or subtract of the
 * magnitudes by the signs. Operands of at most one digit (|v| < 2^30, most ints a program
 * sees) take a fast path in int64_t arithmetic instead. Floor division takes the truncated quotient and remainder of the
 * magnitudes and, when the signs differ and the remainder is nonzero, steps the quotient one
 * further from zero and replaces the remainder by |b| - r: the remainder then has b's sign, which
 * is Python's invariant a == (a // b) * b + a % b. Right shift of a negative rounds to minus
 * infinity the same way (one more when a set bit was shifted out).
 *
 * The bitwise operators act on infinite two's complement: each negative operand is complemented
 * digit by digit (~|x| + 1) over one digit more than the longer operand, so the top digit
 * carries the sign; a negative result is complemented back.
 *
 * pow without a modulus is left-to-right square-and-multiply into buffers of the capacity
 * bigint_pow_capacity computed; with a modulus every product is reduced by |m| (so buffers are
 * 2|m| digits), a negative exponent first replaces the base by its inverse (extended Euclid),
 * and a negative modulus shifts the result into (m, 0] as % does.
 */
#include "vm/bigint.h"
#include "mm/malloc.h"

static inline ptrdiff_t signed_size(size_t n, bool negative)
{
    return negative ? -(ptrdiff_t)n : (ptrdiff_t)n;
}

int bigint_cmp(struct bigint a, struct bigint b)
{
    if (a.size != b.size)
        return a.size < b.size ? -1 : 1;
    int c = nat_cmp(a.digit, bigint_ndigits(a), b.digit, bigint_ndigits(b));
    return a.size < 0 ? -c : c;
}

/* |a| + |b| or |a| - |b| as a signed result, with a's sign. */
static ptrdiff_t add_magnitudes(bigint_digit *out, struct bigint a, struct bigint b, bool subtract)
{
    size_t an = bigint_ndigits(a), bn = bigint_ndigits(b);
    bool negative = a.size < 0;
    if (!subtract) {
        size_t n = an >= bn ? nat_add(out, a.digit, an, b.digit, bn)
                            : nat_add(out, b.digit, bn, a.digit, an);
        return signed_size(n, negative);
    }
    int c = nat_cmp(a.digit, an, b.digit, bn);
    if (c == 0)
        return 0;
    if (c > 0)
        return signed_size(nat_sub(out, a.digit, an, b.digit, bn), negative);
    return signed_size(nat_sub(out, b.digit, bn, a.digit, an), !negative);
}

/* Whether a has at most one digit: then it fits an int32_t and the fast paths apply. */
static inline bool is_small(struct bigint a)
{
    return a.size >= -1 && a.size <= 1;
}

static inline int64_t small_value(struct bigint a)
{
    return a.size == 0 ? 0 : a.size > 0 ? (int64_t)a.digit[0] : -(int64_t)a.digit[0];
}

ptrdiff_t bigint_add(bigint_digit *out, struct bigint a, struct bigint b)
{
    if (is_small(a) && is_small(b))
        return bigint_from_int64(out, small_value(a) + small_value(b));
    return add_magnitudes(out, a, b, (a.size < 0) != (b.size < 0));
}

ptrdiff_t bigint_sub(bigint_digit *out, struct bigint a, struct bigint b)
{
    if (is_small(a) && is_small(b))
        return bigint_from_int64(out, small_value(a) - small_value(b));
    return add_magnitudes(out, a, b, (a.size < 0) == (b.size < 0));
}

int bigint_mul(bigint_digit *out, ptrdiff_t *size, struct bigint a, struct bigint b)
{
    if (is_small(a) && is_small(b)) {
        *size = bigint_from_int64(out, small_value(a) * small_value(b));
        return BIGINT_OK;
    }
    size_t n;
    int st = nat_mul(out, &n, a.digit, bigint_ndigits(a), b.digit, bigint_ndigits(b));
    *size = signed_size(n, (a.size < 0) != (b.size < 0));
    return st;
}

int bigint_divmod(bigint_digit *q, ptrdiff_t *qsize, bigint_digit *r, ptrdiff_t *rsize,
                  struct bigint a, struct bigint b)
{
    size_t an = bigint_ndigits(a), bn = bigint_ndigits(b), qn = 0, rn = 0;
    if (bn == 0)
        return BIGINT_ZERO_DIVISION;
    if (is_small(a) && is_small(b)) {
        /* C truncates toward zero; Python floors: step down when the signs differ. */
        int64_t x = small_value(a), y = small_value(b), quot = x / y, rest = x % y;
        if (rest != 0 && ((rest < 0) != (y < 0))) {
            quot--;
            rest += y;
        }
        if (q)
            *qsize = bigint_from_int64(q, quot);
        if (r)
            *rsize = bigint_from_int64(r, rest);
        return BIGINT_OK;
    }
    bool signs_differ = (a.size < 0) != (b.size < 0);
    /* The remainder decides the floor adjustment, so compute it even when r is not wanted. */
    bigint_digit *rem = r ? r : kmalloc(bn * sizeof *rem);
    if (!rem)
        return BIGINT_NOMEM;
    int st = nat_divrem(q, &qn, rem, &rn, a.digit, an, b.digit, bn);
    if (st == BIGINT_OK && signs_differ && rn > 0) {
        if (q)
            qn = nat_mul_add_1(q, qn, 1, 1);
        if (r)
            rn = nat_sub(r, b.digit, bn, r, rn);
    }
    if (q)
        *qsize = signed_size(qn, signs_differ && qn > 0);
    if (r)
        *rsize = signed_size(rn, b.size < 0);
    else
        kfree(rem);
    return st;
}

ptrdiff_t bigint_lshift(bigint_digit *out, struct bigint a, uint64_t bits)
{
    return signed_size(nat_lshift(out, a.digit, bigint_ndigits(a), bits), a.size < 0);
}

ptrdiff_t bigint_rshift(bigint_digit *out, struct bigint a, uint64_t bits)
{
    size_t an = bigint_ndigits(a);
    size_t n = nat_rshift(out, a.digit, an, bits);
    if (a.size >= 0)
        return (ptrdiff_t)n;
    if (nat_low_bits_nonzero(a.digit, an, bits))
        n = nat_mul_add_1(out, n, 1, 1);
    return -(ptrdiff_t)n;
}

ptrdiff_t bigint_invert(bigint_digit *out, struct bigint a)
{
    static const bigint_digit one = 1;
    struct bigint one_ref = {&one, 1};
    /* ~a == -(a + 1) */
    return -bigint_add(out, a, one_ref);
}

uint64_t bigint_bit_length(struct bigint a)
{
    return nat_bit_length(a.digit, bigint_ndigits(a));
}

/* Digit i of x in two's complement (x's complement stream carried in *carry). */
static inline bigint_digit twos_digit(struct bigint x, size_t i, bigint_digit *carry)
{
    bigint_digit d = i < bigint_ndigits(x) ? x.digit[i] : 0;
    if (x.size >= 0)
        return d;
    d = (d ^ BIGINT_MASK) + *carry;
    *carry = d >> BIGINT_SHIFT;
    return d & BIGINT_MASK;
}

enum bitwise_op { OP_AND, OP_OR, OP_XOR };

static ptrdiff_t bitwise(bigint_digit *out, struct bigint a, struct bigint b, enum bitwise_op op)
{
    size_t an = bigint_ndigits(a), bn = bigint_ndigits(b);
    size_t n = (an > bn ? an : bn) + 1;
    bool na = a.size < 0, nb = b.size < 0, negative;
    bigint_digit ca = 1, cb = 1;
    for (size_t i = 0; i < n; i++) {
        bigint_digit x = twos_digit(a, i, &ca), y = twos_digit(b, i, &cb);
        out[i] = op == OP_AND ? x & y : op == OP_OR ? x | y : x ^ y;
    }
    negative = op == OP_AND ? na && nb : op == OP_OR ? na || nb : na != nb;
    if (negative) {
        bigint_digit c = 1;
        for (size_t i = 0; i < n; i++) {
            bigint_digit d = (out[i] ^ BIGINT_MASK) + c;
            c = d >> BIGINT_SHIFT;
            out[i] = d & BIGINT_MASK;
        }
    }
    return signed_size(nat_normalize(out, n), negative);
}

ptrdiff_t bigint_and(bigint_digit *out, struct bigint a, struct bigint b)
{
    return bitwise(out, a, b, OP_AND);
}

ptrdiff_t bigint_or(bigint_digit *out, struct bigint a, struct bigint b)
{
    return bitwise(out, a, b, OP_OR);
}

ptrdiff_t bigint_xor(bigint_digit *out, struct bigint a, struct bigint b)
{
    return bitwise(out, a, b, OP_XOR);
}

ptrdiff_t bigint_from_uint64(bigint_digit *out, uint64_t v)
{
    size_t n = 0;
    while (v) {
        out[n++] = (bigint_digit)(v & BIGINT_MASK);
        v >>= BIGINT_SHIFT;
    }
    return (ptrdiff_t)n;
}

ptrdiff_t bigint_from_int64(bigint_digit *out, int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    ptrdiff_t n = bigint_from_uint64(out, mag);
    return v < 0 ? -n : n;
}

bool bigint_to_int64(struct bigint a, int64_t *v)
{
    size_t n = bigint_ndigits(a);
    if (nat_bit_length(a.digit, n) > 64)
        return false;
    uint64_t mag = 0;
    for (size_t i = n; i-- > 0;)
        mag = (mag << BIGINT_SHIFT) | a.digit[i];
    if (a.size >= 0) {
        if (mag > (uint64_t)INT64_MAX)
            return false;
        *v = (int64_t)mag;
    } else {
        if (mag > (uint64_t)INT64_MAX + 1)
            return false;
        *v = (int64_t)(0 - mag);
    }
    return true;
}

/* ---- pow ----------------------------------------------------------------------------------- */

int bigint_pow_capacity(struct bigint a, struct bigint e, size_t max_digits, size_t *capacity)
{
    uint64_t abits = bigint_bit_length(a);
    int64_t exp;
    if (abits <= 1 || bigint_ndigits(e) == 0) {    /* 0, 1, -1 or e == 0 */
        *capacity = 2;      /* the running products are written two digits wide */
        return BIGINT_OK;
    }
    if (!bigint_to_int64(e, &exp) || exp > (int64_t)1 << 40)
        return BIGINT_OVERFLOW;
    /* |a| < 2^abits, so |a|^e < 2^(abits * e). */
    uint64_t bits = abits * (uint64_t)exp;
    /* Each intermediate product is written at the full width of its operands, which may
     * round up by a digit each: hence + 2. */
    if (bits / exp != abits || bits / BIGINT_SHIFT + 2 > max_digits)
        return BIGINT_OVERFLOW;
    *capacity = (size_t)(bits / BIGINT_SHIFT + 2);
    return BIGINT_OK;
}

/* A scratch signed integer with a fixed capacity, for pow and the modular inverse. */
struct scratch_int {
    bigint_digit *digit;
    ptrdiff_t size;
};

static inline struct bigint view(const struct scratch_int *s)
{
    return (struct bigint){s->digit, s->size};
}

/* out = (x * y) mod m, m > 0 of mn digits, x and y in [0, m); product scratch 2 * mn. */
static int mulmod(struct scratch_int *out, struct bigint x, struct bigint y, struct bigint m,
                  bigint_digit *product)
{
    ptrdiff_t pn;
    size_t rn = 0;
    int st = bigint_mul(product, &pn, x, y);
    if (st == BIGINT_OK)
        st = nat_divrem(NULL, NULL, out->digit, &rn, product, (size_t)pn, m.digit,
                        bigint_ndigits(m));
    out->size = (ptrdiff_t)rn;
    return st;
}

/* out = x^-1 mod m (x in [0, m), m > 1): extended Euclid keeping only the coefficient of x. */
static int inverse_mod(struct scratch_int *out, struct bigint x, struct bigint m)
{
    size_t mn = bigint_ndigits(m), cap = 2 * mn + 2;
    bigint_digit *mem = kmalloc(7 * cap * sizeof *mem);
    if (!mem)
        return BIGINT_NOMEM;
    /* Invariants: r0 == t0 * x (mod m), r1 == t1 * x (mod m), |t0|, |t1| <= m. */
    struct scratch_int r0 = {mem, 0}, r1 = {mem + cap, 0}, t0 = {mem + 2 * cap, 0},
                       t1 = {mem + 3 * cap, 1}, q = {mem + 4 * cap, 0}, rem = {mem + 5 * cap, 0},
                       tmp = {mem + 6 * cap, 0};
    int st = BIGINT_OK;
    memcpy(r0.digit, m.digit, mn * sizeof *mem);
    r0.size = (ptrdiff_t)mn;
    memcpy(r1.digit, x.digit, bigint_ndigits(x) * sizeof *mem);
    r1.size = x.size;
    t1.digit[0] = 1;
    while (r1.size != 0) {
        if ((st = bigint_divmod(q.digit, &q.size, rem.digit, &rem.size, view(&r0), view(&r1))) ||
            (st = bigint_mul(tmp.digit, &tmp.size, view(&q), view(&t1))))
            goto done;
        /* (r0, r1) = (r1, rem); (t0, t1) = (t1, t0 - q * t1), rotating the buffers: the new
         * t1 goes where q was, and the old r0 and t0 buffers become rem and q. */
        ptrdiff_t tn = bigint_sub(q.digit, view(&t0), view(&tmp));
        bigint_digit *free_r = r0.digit, *free_t = t0.digit;
        r0 = r1, r1 = rem, rem.digit = free_r;
        t0 = t1, t1 = (struct scratch_int){q.digit, tn}, q.digit = free_t;
    }
    if (r0.size != 1 || r0.digit[0] != 1) {
        st = BIGINT_NOT_INVERTIBLE;
        goto done;
    }
    st = bigint_divmod(NULL, NULL, out->digit, &out->size, view(&t0), m);
done:
    kfree(mem);
    return st;
}

/* pow(a, e, m) for m != 0. */
static int pow_mod(bigint_digit *out, ptrdiff_t *size, struct bigint a, struct bigint e,
                   struct bigint m)
{
    struct bigint mabs = bigint_abs(m);
    size_t mn = bigint_ndigits(m);
    bigint_digit *mem = kmalloc((4 * mn + 2) * sizeof *mem);
    if (!mem)
        return BIGINT_NOMEM;
    bigint_digit *product = mem;                         /* 2 * mn + 2 */
    struct scratch_int base = {mem + 2 * mn + 2, 0}, acc = {mem + 3 * mn + 2, 0};
    int st = bigint_divmod(NULL, NULL, base.digit, &base.size, a, mabs);
    if (st == BIGINT_OK && e.size < 0 && !(mn == 1 && m.digit[0] == 1))
        st = inverse_mod(&base, view(&base), mabs);
    if (st != BIGINT_OK)
        goto done;
    /* acc = 1 mod |m| */
    acc.digit[0] = 1;
    acc.size = mn == 1 && m.digit[0] == 1 ? 0 : 1;
    size_t en = bigint_ndigits(e);
    for (uint64_t bit = nat_bit_length(e.digit, en); bit-- > 0;) {
        struct scratch_int next = {out, 0};
        if ((st = mulmod(&next, view(&acc), view(&acc), mabs, product)))
            goto done;
        memcpy(acc.digit, next.digit, (size_t)next.size * sizeof *mem);
        acc.size = next.size;
        if (e.digit[bit / BIGINT_SHIFT] >> (bit % BIGINT_SHIFT) & 1) {
            if ((st = mulmod(&next, view(&acc), view(&base), mabs, product)))
                goto done;
            memcpy(acc.digit, next.digit, (size_t)next.size * sizeof *mem);
            acc.size = next.size;
        }
    }
    /* A negative modulus: the result lies in (m, 0], as acc % m. */
    if (m.size < 0 && acc.size != 0)
        *size = -(ptrdiff_t)nat_sub(out, m.digit, mn, acc.digit, (size_t)acc.size);
    else {
        memcpy(out, acc.digit, (size_t)acc.size * sizeof *mem);
        *size = acc.size;
    }
done:
    kfree(mem);
    return st;
}

int bigint_pow(bigint_digit *out, ptrdiff_t *size, struct bigint a, struct bigint e,
               const struct bigint *m)
{
    if (m) {
        if (m->size == 0)
            return BIGINT_ZERO_DIVISION;
        return pow_mod(out, size, a, e, *m);
    }
    if (e.size < 0)
        return BIGINT_NEGATIVE_EXPONENT;
    size_t cap;
    int st = bigint_pow_capacity(a, e, SIZE_MAX / 2 / sizeof *out, &cap);
    if (st != BIGINT_OK)
        return st;
    bigint_digit *tmp = kmalloc(cap * sizeof *tmp);
    if (!tmp)
        return BIGINT_NOMEM;
    /* The running product alternates between out and tmp; nat_mul cannot work in place. */
    bigint_digit *acc = out, *spare = tmp;
    size_t accn = 1, en = bigint_ndigits(e);
    acc[0] = 1;
    for (uint64_t bit = nat_bit_length(e.digit, en); bit-- > 0;) {
        size_t n;
        if ((st = nat_mul(spare, &n, acc, accn, acc, accn)))
            break;
        bigint_digit *swap = acc;
        acc = spare, spare = swap, accn = n;
        if (e.digit[bit / BIGINT_SHIFT] >> (bit % BIGINT_SHIFT) & 1) {
            if ((st = nat_mul(spare, &n, acc, accn, a.digit, bigint_ndigits(a))))
                break;
            swap = acc;
            acc = spare, spare = swap, accn = n;
        }
    }
    if (acc != out)
        memcpy(out, acc, accn * sizeof *out);
    /* A negative base keeps its sign for odd exponents. */
    bool odd = en > 0 && (e.digit[0] & 1);
    *size = signed_size(accn, a.size < 0 && odd);
    kfree(tmp);
    return st;
}
