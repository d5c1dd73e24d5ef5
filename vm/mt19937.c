/*
 * vm/mt19937.c - MT19937 as CPython's _random uses it; vm/mt19937.h states what is matched.
 *
 * The generator keeps 624 words x[0..623] of a linear recurrence over GF(2):
 *   x[k+624] = x[k+397] ^ ((upper bit of x[k] | lower 31 bits of x[k+1]) A)
 * where multiplying by A is a shift right by one and an xor with 0x9908b0df when the low bit is
 * set. The state is regenerated 624 words at a time ("twist"); each word handed out is tempered
 * by four shift-xor steps, which makes the 623-dimensional equidistribution visible in the
 * output's top bits. Nothing here is secure: the state can be recovered from 624 outputs.
 */
#include "vm/mt19937.h"

#define MT_M          397
#define MT_MATRIX_A   0x9908b0dfu /* the twist's constant vector a */
#define MT_UPPER_MASK 0x80000000u /* the most significant w-r bits (w = 32, r = 31) */
#define MT_LOWER_MASK 0x7fffffffu

void mt_init_genrand(struct mt19937 *mt, uint32_t seed)
{
    mt->state[0] = seed;
    for (uint32_t i = 1; i < MT_N; i++) {
        uint32_t prev = mt->state[i - 1];
        mt->state[i] = 1812433253u * (prev ^ (prev >> 30)) + i;
    }
    mt->index = MT_N;
}

/*
 * Mix every key word into a state seeded with 19650218, then stir once more without the key so
 * that each word depends on all of it; the first word is forced non-zero (an all-zero state
 * would only ever produce zeros).
 */
void mt_init_by_array(struct mt19937 *mt, const uint32_t *key, size_t key_len)
{
    static const uint32_t zero_key[1] = {0};
    uint32_t *x = mt->state;
    size_t i = 1, j = 0;

    if (key_len == 0) {
        key = zero_key;
        key_len = 1;
    }
    mt_init_genrand(mt, 19650218u);
    for (size_t k = MT_N > key_len ? MT_N : key_len; k; k--) {
        x[i] = (x[i] ^ ((x[i - 1] ^ (x[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
        i++, j++;
        if (i >= MT_N) {
            x[0] = x[MT_N - 1];
            i = 1;
        }
        if (j >= key_len)
            j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        x[i] = (x[i] ^ ((x[i - 1] ^ (x[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            x[0] = x[MT_N - 1];
            i = 1;
        }
    }
    x[0] = 0x80000000u;
    mt->index = MT_N;
}

/* Regenerate all 624 words; the index wraps to 0. */
static void twist(struct mt19937 *mt)
{
    uint32_t *x = mt->state;

    for (int k = 0; k < MT_N; k++) {
        uint32_t y = (x[k] & MT_UPPER_MASK) | (x[(k + 1) % MT_N] & MT_LOWER_MASK);
        x[k] = x[(k + MT_M) % MT_N] ^ (y >> 1) ^ ((y & 1) ? MT_MATRIX_A : 0);
    }
    mt->index = 0;
}

uint32_t mt_genrand_uint32(struct mt19937 *mt)
{
    if (mt->index >= MT_N)
        twist(mt);
    uint32_t y = mt->state[mt->index++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double mt_random(struct mt19937 *mt)
{
    uint32_t a = mt_genrand_uint32(mt) >> 5, b = mt_genrand_uint32(mt) >> 6;
    /* 27 + 26 bits, exact in a double; dividing by 2^53 is exact too. */
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

void mt_getrandbits(struct mt19937 *mt, uint64_t k, uint32_t *words)
{
    for (size_t i = 0; k; i++) {
        uint32_t r = mt_genrand_uint32(mt);
        if (k < 32) {
            words[i] = r >> (32 - k); /* the most significant word keeps its draw's top bits */
            break;
        }
        words[i] = r;
        k -= 32;
    }
}

int mt_getstate(const struct mt19937 *mt, uint32_t words[MT_N])
{
    memcpy(words, mt->state, sizeof mt->state);
    return mt->index;
}

int mt_setstate(struct mt19937 *mt, const uint32_t words[MT_N], long index)
{
    if (index < 0 || index > MT_N)
        return -1;
    memcpy(mt->state, words, sizeof mt->state);
    mt->index = (int)index;
    return 0;
}
