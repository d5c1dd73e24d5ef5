/*
 * tests/mm/test_heap_options.c - the heap's options as text (mm/heap_options.c): what
 * KMALLOC_OPTIONS=... gives the preloaded library. Parsing only (applying debug mode or the
 * sampler would change the heap under the other tests); tools/test-preload-style runs check
 * the environment variable itself.
 */
#include "mm/malloc.h"
#include "tests/ktest.h"

static bool contains(const char *s, const char *part)
{
    for (; *s; s++) {
        size_t i = 0;
        while (part[i] && s[i] == part[i])
            i++;
        if (!part[i])
            return true;
    }
    return false;
}

TEST(heap_options, known_options_parse)
{
    struct heap_options o = {0};
    char err[160] = "";

    EXPECT_TRUE(heap_options_parse("debug,fence=100", &o, err, sizeof err));
    EXPECT_TRUE(o.debug);
    EXPECT_EQ(o.fence_every, 100u);
    EXPECT_TRUE(heap_options_parse(" debug=0 , ,fence=0", &o, err, sizeof err));
    EXPECT_FALSE(o.debug);
    EXPECT_EQ(o.fence_every, 0u);
    EXPECT_TRUE(heap_options_parse("", &o, err, sizeof err));
    EXPECT_FALSE(o.debug);
}

/* A bad option is named with its offset, and nothing of the text is taken (defaults kept). */
TEST(heap_options, unknown_option_keeps_the_defaults)
{
    struct heap_options o = {.debug = true, .fence_every = 7};
    char err[160] = "";

    EXPECT_FALSE(heap_options_parse("debug,fense=100", &o, err, sizeof err));
    EXPECT_TRUE(contains(err, "unknown option 'fense=100' at offset 6"));
    EXPECT_TRUE(o.debug);             /* *out untouched */
    EXPECT_EQ(o.fence_every, 7u);
    EXPECT_FALSE(heap_options_parse("fence=lots", &o, err, sizeof err));
    EXPECT_TRUE(contains(err, "bad value in option 'fence=lots' at offset 0"));
    EXPECT_FALSE(heap_options_parse("debug=2", &o, err, sizeof err));
    EXPECT_TRUE(contains(err, "bad value in option 'debug=2'"));
    EXPECT_FALSE(heap_options_parse("fence=99999999999", &o, err, sizeof err));
    EXPECT_FALSE(heap_options_parse("fence", &o, err, sizeof err));
    /* heap_options_apply with bad text applies nothing (and logs the one line). */
    EXPECT_FALSE(heap_options_apply("test", "verbose"));
}
