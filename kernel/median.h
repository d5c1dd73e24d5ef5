/*
 * kernel/median.h - the median of a handful of measurements (benchmark rounds, demo runs).
 *
 * Sorts v[0..n) in place by insertion (n is a few rounds, so nothing cleverer pays) and returns
 * the middle element (the upper one for even n). Header-only and freestanding, so the kernel's
 * benchmarks and console commands and the hosted GIL tests share it.
 */
#ifndef KERNEL_MEDIAN_H
#define KERNEL_MEDIAN_H

#include <stdint.h>

static inline uint64_t median_u64(uint64_t *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && v[j] < v[j - 1]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

#endif
