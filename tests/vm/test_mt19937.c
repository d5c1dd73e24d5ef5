/*
 * tests/vm/test_mt19937.c - vm/mt19937 against what CPython 3.11 drew for the same seeds
 * (tests/vm/mt19937_cases.h, written by tests/vm/gen_mt19937.py): random(), getrandbits(k) for
 * every k up to 100, and getstate(), compared bit for bit; setstate's round trip and its checks.
 */
#include "tests/ktest.h"
#include "vm/mt19937.h"

#include "tests/vm/mt19937_cases.h"

#define NCASES (sizeof mt_cases / sizeof mt_cases[0])

static uint64_t double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static void seed_case(struct mt19937 *mt, const struct mt_case *c)
{
    mt_init_by_array(mt, c->key, (size_t)c->key_len);
}

/* random() right after random.seed(n), and again after several twists. */
TEST(mt19937, random_matches_cpython)
{
    static struct mt19937 mt;

    for (size_t i = 0; i < NCASES; i++) {
        const struct mt_case *c = &mt_cases[i];
        seed_case(&mt, c);
        for (int j = 0; j < MT_CASE_RANDOMS; j++) {
            uint64_t got = double_bits(mt_random(&mt));
            if (got != c->random_bits[j])
                ktest_fail(__FILE__, __LINE__, "seed %s: random() #%d is 0x%016lx, CPython 0x%016lx",
                           c->seed, j, (unsigned long)got, (unsigned long)c->random_bits[j]);
        }
        for (int j = 0; j < MT_CASE_SKIP; j++)
            mt_random(&mt);
        EXPECT_EQ(double_bits(mt_random(&mt)), c->after_skip_bits);
    }
}

/* getrandbits(1), getrandbits(2), ... getrandbits(100) in turn, after the draws above. */
TEST(mt19937, getrandbits_matches_cpython)
{
    static struct mt19937 mt;
    uint32_t words[4];

    for (size_t i = 0; i < NCASES; i++) {
        const struct mt_case *c = &mt_cases[i];
        const uint32_t *want = c->getrandbits;
        seed_case(&mt, c);
        for (int j = 0; j < MT_CASE_RANDOMS + MT_CASE_SKIP + 1; j++)
            mt_random(&mt);
        for (uint64_t k = 1; k <= MT_CASE_MAX_K; k++) {
            size_t n = mt_getrandbits_words(k);
            ASSERT_LE(n, 4);
            mt_getrandbits(&mt, k, words);
            for (size_t w = 0; w < n; w++, want++)
                if (words[w] != *want)
                    ktest_fail(__FILE__, __LINE__,
                               "seed %s: getrandbits(%lu) word %zu is 0x%08x, CPython 0x%08x",
                               c->seed, (unsigned long)k, w, words[w], *want);
        }
        ASSERT_EQ(want - c->getrandbits, MT_CASE_BITS_WORDS);

        uint32_t state[MT_N];
        int index = mt_getstate(&mt, state);
        EXPECT_EQ(index, c->index);
        EXPECT_EQ(memcmp(state, c->state, sizeof state), 0);
    }
}

/* getrandbits(0) is 0 and draws nothing; 32 and 64 take whole draws. */
TEST(mt19937, getrandbits_word_edges)
{
    static struct mt19937 a, b;
    uint32_t w[2] = {0xdeadbeef, 0xdeadbeef};

    mt_init_genrand(&a, 42);
    mt_init_genrand(&b, 42);
    EXPECT_EQ(mt_getrandbits_words(0), 0);
    mt_getrandbits(&a, 0, w);
    EXPECT_EQ(w[0], 0xdeadbeef);
    mt_getrandbits(&a, 32, w);
    EXPECT_EQ(w[0], mt_genrand_uint32(&b));
    EXPECT_EQ(w[1], 0xdeadbeef);
    mt_getrandbits(&a, 64, w);
    EXPECT_EQ(w[0], mt_genrand_uint32(&b));
    EXPECT_EQ(w[1], mt_genrand_uint32(&b));
    mt_getrandbits(&a, 33, w);
    EXPECT_EQ(w[0], mt_genrand_uint32(&b));
    EXPECT_EQ(w[1], mt_genrand_uint32(&b) >> 31);
}

/* An empty key is CPython's key for seed 0. */
TEST(mt19937, empty_key_is_zero)
{
    static struct mt19937 a, b;
    static const uint32_t zero = 0;

    mt_init_by_array(&a, NULL, 0);
    mt_init_by_array(&b, &zero, 1);
    EXPECT_EQ(memcmp(&a, &b, sizeof a), 0);
    EXPECT_EQ(double_bits(mt_random(&a)), mt_cases[0].random_bits[0]);
}

/* setstate(getstate()) continues the same sequence, from any index; bad indexes change nothing. */
TEST(mt19937, setstate_round_trip_and_checks)
{
    static struct mt19937 a, b;
    static uint32_t state[MT_N];

    seed_case(&a, &mt_cases[3]);
    for (int draws = 0; draws < 700; draws += 233) {
        for (int j = 0; j < draws; j++)
            mt_genrand_uint32(&a);
        int index = mt_getstate(&a, state);
        mt_init_genrand(&b, 1);
        ASSERT_EQ(mt_setstate(&b, state, index), 0);
        for (int j = 0; j < 1000; j++)
            ASSERT_EQ(mt_genrand_uint32(&b), mt_genrand_uint32(&a));
    }

    mt_init_genrand(&b, 7);
    struct mt19937 before = b;
    EXPECT_EQ(mt_setstate(&b, state, -1), -1);
    EXPECT_EQ(mt_setstate(&b, state, MT_N + 1), -1);
    EXPECT_EQ(memcmp(&b, &before, sizeof b), 0);
    EXPECT_EQ(mt_setstate(&b, state, MT_N), 0); /* 624: twist at the next draw */
}
