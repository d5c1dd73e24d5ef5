/*
 * vm/dtoa.h - doubles to decimal text and back, exactly as CPython 3.11 prints and reads them.
 *
 *   dtoa_repr     repr(x): the shortest digits that read back as x (closest to x among the
 *                 shortest, ties to even), laid out as CPython does: exponent form when the
 *                 decimal exponent is < -4 or >= 16 ('1e+16', '1e-05'), else positional with
 *                 at least one fractional digit ('123.0', '0.0001'); 'inf', '-inf', 'nan', '-0.0'.
 *   dtoa_format   PyOS_double_to_string: 'e', 'f', 'g' (and 'E', 'F', 'G' in upper case) with a
 *                 precision, correctly rounded half-even on the exact binary value; 'r' is
 *                 repr's digits. The flags are '#' (keep the point and trailing zeros), '+',
 *                 ".0 on integral values" (format's no-type 'g' and repr) and 'z' (3.11).
 *   dtoa_round    round(x, ndigits): the exact value rounded half-even at 10^-ndigits, read back.
 *   dtoa_parse    float(text): sign, digits with single underscores between them, optional
 *                 point and exponent, 'inf'/'infinity'/'nan' in any case, surrounding
 *                 whitespace; correctly rounded half-even; overflow gives an infinity, as float()
 *                 does.
 *
 * Shortest digits come from Schubfach (vm/dtoa_shortest.c: fixed-width arithmetic and a table
 * of powers of ten); fixed precisions and parsing use exact big-integer arithmetic (vm/bigint.h),
 * with one IEEE operation where that is exact (Clinger's fast path). No libm anywhere.
 */
#ifndef VM_DTOA_H
#define VM_DTOA_H

#include "mm/platform.h"

enum dtoa_status {
    DTOA_OK = 0,
    DTOA_NOMEM,        /* MemoryError */
    DTOA_INVALID,      /* "could not convert string to float: %R" (ValueError) */
    DTOA_TOO_SMALL,    /* the caller's buffer is smaller than dtoa_format_size said */
    DTOA_BAD_CODE,     /* a format code dtoa_format does not know (a caller's bug) */
    DTOA_OVERFLOW,     /* round(): "rounded value too large to represent" (OverflowError) */
};

#define DTOA_ALT       1u   /* '#': keep a trailing point, and 'g' keeps trailing zeros */
#define DTOA_ADD_DOT_0 2u   /* an integral positional result gets ".0" */
#define DTOA_SIGN      4u   /* '+' before non-negative values (and NaN) */
#define DTOA_NO_NEG_0  8u   /* 'z': a negative value that rounds to zero prints as zero */

/* Most significant digits of any shortest repr. */
#define DTOA_SHORTEST_DIGITS 17
/* Bytes enough for dtoa_repr of any double, with its NUL. */
#define DTOA_REPR_SIZE 32

/*
 * Shortest round-trip digits of a finite nonzero |x|: digits[0..n) with no trailing zeros, and
 * *decpt such that |x| ~ 0.d1d2...dn * 10^decpt. Returns n (1 .. DTOA_SHORTEST_DIGITS).
 */
int dtoa_shortest(double x, char digits[DTOA_SHORTEST_DIGITS], int *decpt);

/* repr(x) into buf (DTOA_REPR_SIZE bytes), NUL-terminated; returns the length. */
size_t dtoa_repr(char *buf, double x);

/* Bytes enough for dtoa_format(x, code, precision) and its NUL (precision >= 0). */
size_t dtoa_format_size(double x, char code, int precision);
/*
 * Format x as CPython's PyOS_double_to_string(x, code, precision, flags): code is one of
 * e E f F g G r (precision is ignored for r). Writes a NUL-terminated string; *len excludes the
 * NUL. Scratch memory for long exact conversions comes from kmalloc.
 */
int dtoa_format(char *buf, size_t cap, size_t *len, double x, char code, int precision,
                unsigned flags);

/*
 * round(x, ndigits) as CPython 3.11's float.__round__: x rounded half-even on its exact value
 * to a multiple of 10^-ndigits (ndigits may be negative), read back as the nearest double;
 * infinities and NaNs stay, ndigits beyond the double's reach (> 323) keep x, below -308 give
 * a zero of x's sign. round(x) with no ndigits is dtoa_round(x, 0) made an int.
 */
int dtoa_round(double x, int64_t ndigits, double *out);

/* float(text) for UTF-8 text of len bytes. */
int dtoa_parse(const char *text, size_t len, double *out);

#endif /* VM_DTOA_H */
