/*
 * vm/dtoa_impl.h - what vm/dtoa_shortest.c and vm/dtoa_parse.c share (not an API): the table
 * of 126-bit powers of ten (vm/dtoa_pow10.c, written by vm/gen_dtoa_pow10.py) and the integer
 * logarithms that index it, which the generator checks exactly over the range used.
 */
#ifndef VM_DTOA_IMPL_H
#define VM_DTOA_IMPL_H

#include "mm/platform.h"

#define DTOA_POW10_MIN (-342)
#define DTOA_POW10_MAX 324

/* g(e) = 10^e * 2^-(floor(log2(10^e)) - 125), in [2^125, 2^126): exact where an integer
 * (10^0 .. 10^54), else rounded up. {high 64 bits, low 64 bits}, index e - DTOA_POW10_MIN. */
extern const uint64_t dtoa_pow10[DTOA_POW10_MAX - DTOA_POW10_MIN + 1][2];

/* floor(log10(2^q)) for -1074 <= q <= 971 */
static inline int floor_log10_pow2(int q)
{
    return (int)(((int64_t)q * 1292913986) >> 32);
}

/* floor(log10(3/4 * 2^q)) for -1074 <= q <= 971 */
static inline int floor_log10_three_quarters_pow2(int q)
{
    return (int)(((int64_t)q * 1292913986 - 536607788) >> 32);
}

/* floor(log2(10^e)) for DTOA_POW10_MIN <= e <= DTOA_POW10_MAX */
static inline int floor_log2_pow10(int e)
{
    return (e * 1741647) >> 19;
}

#endif /* VM_DTOA_IMPL_H */
