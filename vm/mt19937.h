/*
 * vm/mt19937.h - the Mersenne Twister MT19937 (Matsumoto and Nishimura, ACM TOMACS 8(1), 1998),
 * exactly as CPython 3.11's _random module drives it, so a program seeded with an int draws the
 * same numbers under pymm as under CPython.
 *
 * What "exactly" covers (each is pinned by tests/vm/test_mt19937.c against tables that
 * /usr/bin/python3.11 printed, tests/vm/gen_mt19937.py):
 *   seeding    Random.seed(n) for an int n takes |n| as 32-bit words, least significant first
 *              (n == 0 gives the one-word key [0]), and runs init_by_array over them. Seeds that
 *              are not ints are hashed by CPython first (the hash as an unsigned 64-bit value, so
 *              two words), and str/bytes seeds go through sha512 in random.py: both are the
 *              caller's business; this file only takes the words.
 *   random()   two draws a, b: (a >> 5) * 2^26 + (b >> 6), divided by 2^53.
 *   bits       getrandbits(k) fills ceil(k/32) words least significant first, one draw each; the
 *              last (most significant) word keeps the top k % 32 bits of its draw (k <= 32 is the
 *              same rule for one word).
 *   state      random.getstate()[1] is the 624 state words followed by the index (0..624);
 *              setstate takes the same 625 values and rejects an index outside 0..624.
 *
 * The generator is one struct with no allocation and no global state; callers serialise access
 * (the interpreter holds the GIL while a Random object draws).
 */
#ifndef VM_MT19937_H
#define VM_MT19937_H

#include "mm/platform.h"

#define MT_N 624 /* state words */

struct mt19937 {
    uint32_t state[MT_N];
    int index; /* next word to hand out; MT_N means "twist first" */
};

/* Seed from one 32-bit value (Knuth's multiplier 1812433253 recurrence). */
void mt_init_genrand(struct mt19937 *mt, uint32_t seed);

/*
 * Seed from a key of `key_len` 32-bit words (the reference init_by_array). key_len == 0 is
 * taken as the key [0], which is what CPython passes for seed 0.
 */
void mt_init_by_array(struct mt19937 *mt, const uint32_t *key, size_t key_len);

/* The next 32 random bits. */
uint32_t mt_genrand_uint32(struct mt19937 *mt);

/* A double in [0, 1) with 53 random bits: CPython's random.random(). */
double mt_random(struct mt19937 *mt);

/* Number of 32-bit words getrandbits(k) produces: ceil(k / 32) (0 for k == 0). */
static inline size_t mt_getrandbits_words(uint64_t k)
{
    return (size_t)((k + 31) / 32);
}

/*
 * getrandbits(k) into words[0 .. mt_getrandbits_words(k)-1], least significant word first.
 * k == 0 draws nothing. The caller turns the words into an int.
 */
void mt_getrandbits(struct mt19937 *mt, uint64_t k, uint32_t *words);

/* random.getstate()[1]: the 624 state words into words[], and the index (0..624) returned. */
int mt_getstate(const struct mt19937 *mt, uint32_t words[MT_N]);

/*
 * random.setstate() with the 624 state words and the index. CPython converts each state value
 * with PyLong_AsUnsignedLong and keeps its low 32 bits (the caller does both), and accepts only
 * 0 <= index <= 624: returns -1 (state unchanged) for any other index, 0 otherwise. The caller
 * raises ValueError("invalid state") on -1.
 */
int mt_setstate(struct mt19937 *mt, const uint32_t words[MT_N], long index);

#endif /* VM_MT19937_H */
