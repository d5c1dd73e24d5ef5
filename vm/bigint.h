/*
 * vm/bigint.h - arbitrary-precision integers with Python's semantics, for the int object.
 *
 * Representation (CPython's): a magnitude is an array of 30-bit digits in uint32_t, least
 * significant first, normalized (no leading zero digit; zero has no digits). A signed integer is
 * a `struct bigint` view: the digits and a signed size, sign * digit count, as CPython's ob_size.
 * Nothing here owns memory: the caller passes output buffers whose capacity (in digits) each
 * function documents, so the int object can allocate itself at the right size and call in. Only
 * multiplication (Karatsuba), division, pow, text and float conversion take scratch memory from
 * kmalloc, and report BIGINT_NOMEM when it runs out, leaving their outputs unspecified.
 *
 * Two layers:
 *   nat_*     unsigned magnitudes (digit pointer + digit count), the mpn-style core that
 *             vm/dtoa.c also uses. Counts are size_t; results are normalized counts.
 *   bigint_*  signed integers with Python's operators: floor division and modulo (the
 *             remainder takes the divisor's sign), arithmetic shifts (floor for negatives),
 *             bitwise operators on infinite two's complement, pow with an optional modulus
 *             (a negative exponent needs one: the modular inverse), hash as CPython 3.11,
 *             conversions to and from int64, double (correctly rounded, half-even) and text.
 *
 * Aliasing: an output may be the same array as its first input where a function says so;
 * otherwise outputs must not overlap inputs.
 *
 * Errors the caller turns into Python exceptions (the messages are CPython's; the caller adds
 * the value where CPython shows it):
 *   BIGINT_ZERO_DIVISION  "integer division or modulo by zero" (for //, %, divmod),
 *                         "division by zero" (true division), "pow() 3rd argument cannot be 0"
 *   BIGINT_OVERFLOW       "int too large to convert to float" (to double),
 *                         "integer division result too large for a float" (true division),
 *                         "cannot convert float infinity to integer" (from double)
 *   BIGINT_NOT_A_NUMBER   "cannot convert float NaN to integer"
 *   BIGINT_NOT_INVERTIBLE "base is not invertible for the given modulus" (pow, ValueError)
 *   BIGINT_INVALID_TEXT   "invalid literal for int() with base %d: %R" (ValueError)
 *   BIGINT_BAD_BASE       "int() base must be >= 2 and <= 36, or 0" (ValueError)
 *   BIGINT_NEGATIVE_EXPONENT  pow(a, e) with e < 0 and no modulus: the caller computes the
 *                         float power instead, as CPython does
 *   BIGINT_NOMEM          MemoryError
 */
#ifndef VM_BIGINT_H
#define VM_BIGINT_H

#include "mm/platform.h"

typedef uint32_t bigint_digit;
typedef uint64_t bigint_twodigits;

#define BIGINT_SHIFT 30
#define BIGINT_BASE  ((bigint_digit)1 << BIGINT_SHIFT)
#define BIGINT_MASK  (BIGINT_BASE - 1)

/* Digits enough for any int64_t / uint64_t (64 bits in 30-bit digits). */
#define BIGINT_INT64_DIGITS 3
/* Digits enough for the integer part of any finite double (< 2^1024). */
#define BIGINT_DOUBLE_DIGITS 35

enum bigint_status {
    BIGINT_OK = 0,
    BIGINT_NOMEM,
    BIGINT_ZERO_DIVISION,
    BIGINT_OVERFLOW,
    BIGINT_NOT_A_NUMBER,
    BIGINT_NOT_INVERTIBLE,
    BIGINT_INVALID_TEXT,
    BIGINT_BAD_BASE,
    BIGINT_NEGATIVE_EXPONENT,
};

/* A signed integer: digit[0..|size|-1], least significant first, normalized; sign of size. */
struct bigint {
    const bigint_digit *digit;
    ptrdiff_t size;
};

static inline size_t bigint_ndigits(struct bigint a)
{
    return (size_t)(a.size < 0 ? -a.size : a.size);
}

static inline struct bigint bigint_neg(struct bigint a)
{
    a.size = -a.size;
    return a;
}

static inline struct bigint bigint_abs(struct bigint a)
{
    a.size = (ptrdiff_t)bigint_ndigits(a);
    return a;
}

/* ---- magnitudes ---------------------------------------------------------------------------- */

/* The count of a after dropping leading zero digits. */
size_t nat_normalize(const bigint_digit *a, size_t n);
/* -1, 0, 1 as a <, ==, > b (both normalized). */
int nat_cmp(const bigint_digit *a, size_t an, const bigint_digit *b, size_t bn);
/* out = a + b; needs an >= bn; out capacity an + 1; out may be a. Returns the count. */
size_t nat_add(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b, size_t bn);
/* out = a - b; needs a >= b; out capacity an; out may be a. Returns the count. */
size_t nat_sub(bigint_digit *out, const bigint_digit *a, size_t an, const bigint_digit *b, size_t bn);
/* a = a * mul + add in place (mul, add < BIGINT_BASE); a has room for n + 1. Returns the count. */
size_t nat_mul_add_1(bigint_digit *a, size_t n, bigint_digit mul, bigint_digit add);
/* out = a / div, returns a % div (0 < div < BIGINT_BASE); out capacity n; out may be a.
 * *outn gets the count of the quotient. */
bigint_digit nat_divrem_1(bigint_digit *out, size_t *outn, const bigint_digit *a, size_t n,
                          bigint_digit div);
/* out = a * b; out capacity an + bn, not overlapping a or b. Karatsuba above
 * BIGINT_KARATSUBA_CUTOFF digits (scratch from kmalloc). *outn gets the count. */
int nat_mul(bigint_digit *out, size_t *outn, const bigint_digit *a, size_t an,
            const bigint_digit *b, size_t bn);
/* q = a / b, r = a % b (Knuth's algorithm D; bn > 0). q capacity an - bn + 1 (at least 1), r
 * capacity bn; either may be NULL when not wanted. Neither may overlap a or b. */
int nat_divrem(bigint_digit *q, size_t *qn, bigint_digit *r, size_t *rn, const bigint_digit *a,
               size_t an, const bigint_digit *b, size_t bn);
/* out = a << bits; out capacity an + bits / 30 + 1; out may be a. Returns the count. */
size_t nat_lshift(bigint_digit *out, const bigint_digit *a, size_t an, uint64_t bits);
/* out = a >> bits; out capacity an; out may be a. Returns the count. */
size_t nat_rshift(bigint_digit *out, const bigint_digit *a, size_t an, uint64_t bits);
/* Number of bits of a (0 for zero). */
uint64_t nat_bit_length(const bigint_digit *a, size_t an);
/* Whether any of the low `bits` bits of a is set. */
bool nat_low_bits_nonzero(const bigint_digit *a, size_t an, uint64_t bits);

#define BIGINT_KARATSUBA_CUTOFF 48

/* ---- signed integers with Python's operators ----------------------------------------------- */

/* -1, 0, 1 as a <, ==, > b. */
int bigint_cmp(struct bigint a, struct bigint b);
/* out = a + b, a - b; out capacity max(|a|, |b|) + 1. Return the signed size. */
ptrdiff_t bigint_add(bigint_digit *out, struct bigint a, struct bigint b);
ptrdiff_t bigint_sub(bigint_digit *out, struct bigint a, struct bigint b);
/* out = a * b; out capacity |a| + |b|. */
int bigint_mul(bigint_digit *out, ptrdiff_t *size, struct bigint a, struct bigint b);
/*
 * Floor division: q = a // b, r = a % b (r has b's sign, a == q * b + r). q capacity
 * max(|a| - |b| + 2, 1), r capacity |b|; either may be NULL. BIGINT_ZERO_DIVISION when b == 0.
 */
int bigint_divmod(bigint_digit *q, ptrdiff_t *qsize, bigint_digit *r, ptrdiff_t *rsize,
                  struct bigint a, struct bigint b);
/*
 * pow(a, e) for e >= 0 (output capacity from bigint_pow_capacity), or pow(a, e, m) when m.digit
 * is not NULL (capacity |m|; e < 0 uses the inverse of a modulo m). The result of pow(a, e, m)
 * has m's sign, as a % m.
 */
int bigint_pow(bigint_digit *out, ptrdiff_t *size, struct bigint a, struct bigint e,
               const struct bigint *m);
/* Digits needed for a ** e (e >= 0, no modulus); BIGINT_OVERFLOW when it exceeds max_digits. */
int bigint_pow_capacity(struct bigint a, struct bigint e, size_t max_digits, size_t *capacity);
/* a << bits: out capacity |a| + bits / 30 + 1. a >> bits (floor): out capacity |a| + 1. */
ptrdiff_t bigint_lshift(bigint_digit *out, struct bigint a, uint64_t bits);
ptrdiff_t bigint_rshift(bigint_digit *out, struct bigint a, uint64_t bits);
/* a & b, a | b, a ^ b on two's complement: out capacity max(|a|, |b|) + 1. ~a: max(|a|, 1) + 1. */
ptrdiff_t bigint_and(bigint_digit *out, struct bigint a, struct bigint b);
ptrdiff_t bigint_or(bigint_digit *out, struct bigint a, struct bigint b);
ptrdiff_t bigint_xor(bigint_digit *out, struct bigint a, struct bigint b);
ptrdiff_t bigint_invert(bigint_digit *out, struct bigint a);
/* int.bit_length(): bits of |a|. */
uint64_t bigint_bit_length(struct bigint a);

/* out capacity BIGINT_INT64_DIGITS. */
ptrdiff_t bigint_from_int64(bigint_digit *out, int64_t v);
ptrdiff_t bigint_from_uint64(bigint_digit *out, uint64_t v);
/* False when a does not fit (then *v is unchanged). */
bool bigint_to_int64(struct bigint a, int64_t *v);

/* float(a), correctly rounded half-even; BIGINT_OVERFLOW when it rounds beyond DBL_MAX. */
int bigint_to_double(struct bigint a, double *out);
/* int(x): x truncated toward zero; out capacity BIGINT_DOUBLE_DIGITS. BIGINT_OVERFLOW for an
 * infinity, BIGINT_NOT_A_NUMBER for a NaN. */
int bigint_from_double(bigint_digit *out, ptrdiff_t *size, double x);
/* a / b correctly rounded (CPython's long_true_divide); BIGINT_ZERO_DIVISION, BIGINT_OVERFLOW. */
int bigint_true_divide(struct bigint a, struct bigint b, double *out);
/*
 * The double nearest to num / den * 2^exp2 (num, den > 0), half-even, underflowing gradually to
 * subnormals and zero. *overflow is set (and the result is infinity) when it rounds beyond
 * DBL_MAX. Shared by true division and vm/dtoa.c's text-to-float conversion.
 */
int nat_ratio_to_double(const bigint_digit *num, size_t numn, const bigint_digit *den, size_t denn,
                        int64_t exp2, double *out, bool *overflow);

/* hash(a) as CPython 3.11: sign * (|a| mod 2^61 - 1), with -1 mapped to -2. */
int64_t bigint_hash(struct bigint a);
/*
 * hash(x) for a float as CPython 3.11: the exact value m * 2^e reduced modulo 2^61 - 1 the same
 * way, so an integral float hashes as the equal int; +-314159 for infinities. A NaN's hash is
 * its object's (CPython hashes the pointer): *is_nan is set and the result is 0.
 */
int64_t hash_double(double x, bool *is_nan);

/*
 * Text. Bases 2, 8, 10, 16 (and any 2..36 for parsing). bigint_text_capacity is enough bytes
 * for bigint_to_text of a in that base with a sign and a "0b"/"0o"/"0x" prefix, plus a NUL.
 * bigint_to_text writes digits in lowercase (upper for uppercase hex), prefixed when `prefix`,
 * NUL-terminated; *len excludes the NUL.
 */
size_t bigint_text_capacity(struct bigint a, int base);
int bigint_to_text(char *buf, size_t cap, size_t *len, struct bigint a, int base, bool prefix,
                   bool upper);

/* Digits enough for bigint_from_text of text of `len` bytes in any base. */
#define BIGINT_TEXT_CAPACITY(len) ((size_t)(len) / 5 + 2)
/*
 * int(text, base) with Python's rules: surrounding whitespace, one sign, base 0 reads a
 * 0b/0o/0x prefix (and rejects leading zeros of a nonzero decimal), bases 2/8/16 accept their
 * prefix, single underscores between digits and after a prefix. text is UTF-8 of `len` bytes;
 * Unicode whitespace and decimal digits count as their ASCII forms (vm/num_text.h).
 */
int bigint_from_text(bigint_digit *out, ptrdiff_t *size, const char *text, size_t len, int base);

#endif /* VM_BIGINT_H */
