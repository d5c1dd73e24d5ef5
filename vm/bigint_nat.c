/*
 * vm/bigint_nat.c - unsigned magnitudes in 30-bit digits: the arithmetic core of vm/bigint.h.
 *
 * Why 30-bit digits in 32-bit words: a product of two digits plus two more digits fits in 62
 * bits, so every inner loop runs in plain uint64_t with its carry in the top bits, and a signed
 * int64_t borrow never overflows; CPython's int uses the same layout, so the interpreter can
 * keep its object layout and its hash.
 *
 * Multiplication is schoolbook below BIGINT_KARATSUBA_CUTOFF digits and Karatsuba above
 * (a = a1*B^m + a0, b = b1*B^m + b0: three half-size products z0 = a0*b0, z2 = a1*b1 and
 * (a0+a1)(b0+b1) - z0 - z2), with a lopsided product cut into slices of the short operand's
 * size so that each recursive product is balanced. Division is Knuth's algorithm D (TAOCP vol. 2,
 * 4.3.1): divisor shifted so its top digit has bit 29 set, then each quotient digit estimated
 * from the top two digits of the remainder, corrected at most twice by the third, and a final
 * add-back in the rare case the estimate was still one too big.
 *
 * Internal helpers take unnormalized operands and fill exact widths; the exported nat_*
 * functions normalize their results.
 */
#include "vm/bigint.h"
#include "mm/malloc.h"

size_t nat_normalize(const bigint_digit *a, size_t n)
{
    while (n > 0 && a[n - 1] == 0)
        n--;
    return n;
}

int nat_cmp(const bigint_digit *a, size_t an, const bigint_digit *b, size_t bn)
{
    if (an != bn)
        return an < bn ? -1 : 1;
    while (an-- > 0)
        if (a[an] != b[an])
            return a[an] < b[an] ? -1 : 1;
    return 0;
}

/* a[0..an) += b[0..bn) (an >= bn), returns the carry out of the top. */
static bigint_digit add_into(bigint_digit *a, size_t an, const bigint_digit *b, size_t bn)
{
    bigint_digit carry = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        carry += a[i] + b[i];
        a[i] = carry & BIGINT_MASK;
        carry >>= BIGINT_SHIFT;
    }
    for (; carry && i < an; i++) {
        carry += a[i];
        a[i] = carry & BIGINT_MASK;
        carry >>= BIGINT_SHIFT;
    }
    return carry;
}

/* a[0..an) -= b[0..bn) (an >= bn), returns the borrow out of the top (1 when b > a). */
static bigint_digit sub_into(bigint_digit *a, size_t an, const bigint_digit *b, size_t bn)
{
    bigint_digit borrow = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        borrow = a[i] - b[i] - borrow;
        a[i] = borrow & BIGINT_MASK;
        borrow = (borrow >> BIGINT_SHIFT) & 1;
    }
    for (; borrow && i < an; i++) {
        borrow = a[i] - borrow;
        a[i] = borrow & BIGINT_MASK;
        borrow = (borrow >> BIGINT_SHIFT) & 1;
    }
    return borrow;
}

size_t nat_add(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b, size_t bn)
{
    bigint_digit carry = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        carry += a[i] + b[i];
        out[i] = carry & BIGINT_MASK;
        carry >>= BIGINT_SHIFT;
    }
    for (; i < an; i++) {
        carry += a[i];
        out[i] = carry & BIGINT_MASK;
        carry >>= BIGINT_SHIFT;
    }
    out[i] = carry;
    return carry ? an + 1 : an;
}

size_t nat_sub(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b, size_t bn)
{
    bigint_digit borrow = 0;
    size_t i = 0;
    for (; i < bn; i++) {
        borrow = a[i] - b[i] - borrow;
        out[i] = borrow & BIGINT_MASK;
        borrow = (borrow >> BIGINT_SHIFT) & 1;
    }
    for (; i < an; i++) {
        borrow = a[i] - borrow;
        out[i] = borrow & BIGINT_MASK;
        borrow = (borrow >> BIGINT_SHIFT) & 1;
    }
    return nat_normalize(out, an);
}

size_t nat_mul_add_1(bigint_digit *a, size_t n, bigint_digit mul, bigint_digit add)
{
    bigint_twodigits carry = add;
    for (size_t i = 0; i < n; i++) {
        carry += (bigint_twodigits)a[i] * mul;
        a[i] = (bigint_digit)(carry & BIGINT_MASK);
        carry >>= BIGINT_SHIFT;
    }
    if (carry)
        a[n++] = (bigint_digit)carry;
    return nat_normalize(a, n);
}

bigint_digit nat_divrem_1(bigint_digit *out, size_t *outn, const bigint_digit *a, size_t n,
                          bigint_digit div)
{
    bigint_twodigits rem = 0;
    for (size_t i = n; i-- > 0;) {
        rem = (rem << BIGINT_SHIFT) | a[i];
        out[i] = (bigint_digit)(rem / div);
        rem %= div;
    }
    *outn = nat_normalize(out, n);
    return (bigint_digit)rem;
}

/* out[0..an+bn) = a * b exactly (any operands, unnormalized allowed). */
static void mul_school(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b,
                       size_t bn)
{
    memset(out, 0, (an + bn) * sizeof *out);
    for (size_t i = 0; i < an; i++) {
        bigint_twodigits carry = 0, f = a[i];
        if (f == 0)
            continue;
        for (size_t j = 0; j < bn; j++) {
            carry += out[i + j] + f * b[j];
            out[i + j] = (bigint_digit)(carry & BIGINT_MASK);
            carry >>= BIGINT_SHIFT;
        }
        out[i + bn] = (bigint_digit)carry;
    }
}

static int mul_raw(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b,
                   size_t bn);

/* Karatsuba for an >= bn > an / 2, bn >= the cutoff: out[0..an+bn). */
static int mul_karatsuba(bigint_digit *out, const bigint_digit *a, size_t an,
                         const bigint_digit *b, size_t bn)
{
    size_t m = an / 2;              /* low halves a0 = a[0..m), b0 = b[0..m); bn > m */
    size_t sn = an - m + 1;         /* a0 + a1 and b0 + b1 fit in an - m + 1 digits */
    bigint_digit *scratch = kmalloc((4 * sn) * sizeof *scratch);
    if (!scratch)
        return BIGINT_NOMEM;
    bigint_digit *sa = scratch, *sb = scratch + sn, *t = scratch + 2 * sn;
    int st;

    if ((st = mul_raw(out, a, m, b, m)) != BIGINT_OK ||
        (st = mul_raw(out + 2 * m, a + m, an - m, b + m, bn - m)) != BIGINT_OK)
        goto done;
    memcpy(sa, a + m, (an - m) * sizeof *sa);
    sa[an - m] = add_into(sa, an - m, a, m);
    memcpy(sb, b + m, (bn - m) * sizeof *sb);
    memset(sb + (bn - m), 0, (sn - (bn - m)) * sizeof *sb);
    add_into(sb, sn, b, m);
    if ((st = mul_raw(t, sa, sn, sb, sn)) != BIGINT_OK)
        goto done;
    sub_into(t, 2 * sn, out, 2 * m);                    /* - z0 */
    sub_into(t, 2 * sn, out + 2 * m, an + bn - 2 * m);  /* - z2 */
    add_into(out + m, an + bn - m, t, nat_normalize(t, 2 * sn));
done:
    kfree(scratch);
    return st;
}

static int mul_raw(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b,
                   size_t bn)
{
    if (an < bn) {
        const bigint_digit *swap = a;
        a = b, b = swap;
        size_t n = an;
        an = bn, bn = n;
    }
    if (bn < BIGINT_KARATSUBA_CUTOFF) {
        mul_school(out, a, an, b, bn);
        return BIGINT_OK;
    }
    if (2 * bn > an)
        return mul_karatsuba(out, a, an, b, bn);
    /* Lopsided: slices of a, bn digits each, each a balanced product added in place. */
    bigint_digit *slice = kmalloc(2 * bn * sizeof *slice);
    if (!slice)
        return BIGINT_NOMEM;
    memset(out, 0, (an + bn) * sizeof *out);
    for (size_t off = 0; off < an; off += bn) {
        size_t cn = an - off < bn ? an - off : bn;
        int st = mul_raw(slice, a + off, cn, b, bn);
        if (st != BIGINT_OK) {
            kfree(slice);
            return st;
        }
        add_into(out + off, an + bn - off, slice, cn + bn);
    }
    kfree(slice);
    return BIGINT_OK;
}

int nat_mul(bigint_digit *out, size_t *outn, const bigint_digit *a, size_t an,
            const bigint_digit *b, size_t bn)
{
    if (an == 0 || bn == 0) {
        *outn = 0;
        return BIGINT_OK;
    }
    int st = mul_raw(out, a, an, b, bn);
    *outn = nat_normalize(out, an + bn);
    return st;
}

size_t nat_lshift(bigint_digit *out, const bigint_digit *a, size_t an, uint64_t bits)
{
    if (an == 0)
        return 0;
    size_t whole = (size_t)(bits / BIGINT_SHIFT);
    unsigned part = (unsigned)(bits % BIGINT_SHIFT);
    out[an + whole] = 0;
    /* From the top down, so out may be a. */
    for (size_t i = an; i-- > 0;) {
        bigint_twodigits v = (bigint_twodigits)a[i] << part;
        out[i + whole + 1] |= (bigint_digit)(v >> BIGINT_SHIFT);
        out[i + whole] = (bigint_digit)(v & BIGINT_MASK);
    }
    memset(out, 0, whole * sizeof *out);
    return nat_normalize(out, an + whole + 1);
}

size_t nat_rshift(bigint_digit *out, const bigint_digit *a, size_t an, uint64_t bits)
{
    if (bits >= (uint64_t)an * BIGINT_SHIFT)
        return 0;
    size_t whole = (size_t)(bits / BIGINT_SHIFT);
    unsigned part = (unsigned)(bits % BIGINT_SHIFT);
    size_t n = an - whole;
    for (size_t i = 0; i < n; i++) {
        bigint_twodigits v = a[i + whole];
        if (i + whole + 1 < an)
            v |= (bigint_twodigits)a[i + whole + 1] << BIGINT_SHIFT;
        out[i] = (bigint_digit)((v >> part) & BIGINT_MASK);
    }
    return nat_normalize(out, n);
}

uint64_t nat_bit_length(const bigint_digit *a, size_t an)
{
    if (an == 0)
        return 0;
    return (uint64_t)(an - 1) * BIGINT_SHIFT + (uint64_t)(32 - __builtin_clz(a[an - 1]));
}

bool nat_low_bits_nonzero(const bigint_digit *a, size_t an, uint64_t bits)
{
    size_t whole = (size_t)(bits / BIGINT_SHIFT);
    for (size_t i = 0; i < whole && i < an; i++)
        if (a[i])
            return true;
    if (whole >= an)
        return false;
    return (a[whole] & (((bigint_digit)1 << (bits % BIGINT_SHIFT)) - 1)) != 0;
}

/*
 * Knuth D on u[0..un] (un + 1 digits, top digit possibly zero) by v[0..vn), v's top digit
 * normalized, vn >= 2: quotient digits into q[0..un-vn], remainder left in u[0..vn).
 */
static void divrem_knuth(bigint_digit *q, bigint_digit *u, size_t un, const bigint_digit *v,
                         size_t vn)
{
    bigint_twodigits vtop = v[vn - 1], vnext = v[vn - 2];
    for (size_t j = un - vn + 1; j-- > 0;) {
        bigint_digit *uj = u + j;
        bigint_twodigits top = ((bigint_twodigits)uj[vn] << BIGINT_SHIFT) | uj[vn - 1];
        bigint_twodigits qhat = top / vtop, rhat = top % vtop;
        while (qhat >= BIGINT_BASE ||
               qhat * vnext > ((rhat << BIGINT_SHIFT) | uj[vn - 2])) {
            qhat--;
            rhat += vtop;
            if (rhat >= BIGINT_BASE)
                break;
        }
        /* uj[0..vn] -= qhat * v */
        int64_t borrow = 0;
        bigint_twodigits carry = 0;
        for (size_t i = 0; i < vn; i++) {
            carry += qhat * v[i];
            int64_t t = (int64_t)uj[i] - (int64_t)(carry & BIGINT_MASK) + borrow;
            carry >>= BIGINT_SHIFT;
            uj[i] = (bigint_digit)t & BIGINT_MASK;
            borrow = t >> BIGINT_SHIFT;     /* 0 or -1: arithmetic shift */
        }
        int64_t t = (int64_t)uj[vn] - (int64_t)carry + borrow;
        uj[vn] = (bigint_digit)t & BIGINT_MASK;
        if (t < 0) {
            /* qhat was one too big: add v back (the carry out cancels the borrow). */
            qhat--;
            add_into(uj, vn + 1, v, vn);
            uj[vn] &= BIGINT_MASK;
        }
        q[j] = (bigint_digit)qhat;
    }
}

int nat_divrem(bigint_digit *q, size_t *qn, bigint_digit *r, size_t *rn, const bigint_digit *a,
               size_t an, const bigint_digit *b, size_t bn)
{
    if (nat_cmp(a, an, b, bn) < 0) {
        if (q)
            *qn = 0;
        if (r) {
            memcpy(r, a, an * sizeof *r);
            *rn = an;
        }
        return BIGINT_OK;
    }
    if (bn == 1) {
        bigint_digit *quot = q, rem;
        size_t n;
        if (!quot && !(quot = kmalloc(an * sizeof *quot)))
            return BIGINT_NOMEM;
        rem = nat_divrem_1(quot, &n, a, an, b[0]);
        if (q)
            *qn = n;
        else
            kfree(quot);
        if (r) {
            r[0] = rem;
            *rn = rem ? 1 : 0;
        }
        return BIGINT_OK;
    }
    unsigned shift = BIGINT_SHIFT - (unsigned)(32 - __builtin_clz(b[bn - 1]));
    /* u: a shifted, an + 1 digits; v: b shifted, bn digits (and the zero nat_lshift writes
     * above them); the quotient, an - bn + 1 digits, when the caller does not want it. */
    bigint_digit *scratch = kmalloc((an + 1 + bn + 1 + (q ? 0 : an - bn + 1)) * sizeof *scratch);
    if (!scratch)
        return BIGINT_NOMEM;
    bigint_digit *u = scratch, *v = scratch + an + 1, *quot = q ? q : v + bn + 1;
    memset(u, 0, (an + 1) * sizeof *u);
    nat_lshift(u, a, an, shift);
    nat_lshift(v, b, bn, shift);    /* the top digit does not grow: out[bn] stays 0 */
    divrem_knuth(quot, u, an, v, bn);
    if (q)
        *qn = nat_normalize(q, an - bn + 1);
    if (r)
        *rn = nat_rshift(r, u, nat_normalize(u, bn), shift);
    kfree(scratch);
    return BIGINT_OK;
}
