/*
 * tests/vm/test_archive.c - the program archive reader (vm/archive.c) on archives built here:
 * well-formed ones, every truncation, wrong counts, bad names and magic numbers, and the search
 * path of several archives. In the hosted suite (ASan/UBSan) and the kernel's.
 */
#include "vm/archive.h"
#include "tests/ktest.h"

#define ARC_BUF_BYTES 4096

struct arc_builder {
    uint8_t buf[ARC_BUF_BYTES];
    size_t len;
    size_t count_at;
    uint32_t count;
};

static void put32(struct arc_builder *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b->buf[b->len++] = (uint8_t)(v >> (8 * i));
}

static void set_count(struct arc_builder *b, uint32_t count)
{
    size_t saved = b->len;
    b->len = b->count_at;
    put32(b, count);
    b->len = saved;
}

static void arc_start(struct arc_builder *b)
{
    b->len = 0;
    b->count = 0;
    memcpy(b->buf, PY_ARCHIVE_MAGIC, PY_ARCHIVE_MAGIC_BYTES);
    b->len = PY_ARCHIVE_MAGIC_BYTES;
    b->count_at = b->len;
    put32(b, 0);
}

static void arc_add_raw(struct arc_builder *b, const void *name, uint32_t name_len,
                        const void *data, uint32_t size)
{
    put32(b, name_len);
    memcpy(b->buf + b->len, name, name_len);
    b->len += name_len;
    put32(b, size);
    memcpy(b->buf + b->len, data, size);
    b->len += size;
    set_count(b, ++b->count);
}

/* A 3.11 .pyc header followed by `tag` (stands in for the marshalled code). */
static void arc_add_pyc(struct arc_builder *b, const char *name, const char *tag)
{
    uint8_t pyc[64] = {0};
    size_t n = strlen(tag);
    memcpy(pyc, PYC_MAGIC_3_11, 4);
    memcpy(pyc + PYC_HEADER_BYTES, tag, n);
    arc_add_raw(b, name, (uint32_t)strlen(name), pyc, (uint32_t)(PYC_HEADER_BYTES + n));
}

static bool contains(const char *s, const char *part)
{
    size_t n = strlen(part);
    for (; *s; s++)
        if (strncmp(s, part, n) == 0)
            return true;
    return false;
}

/* py_archive_add on b must fail with a message containing every one of the parts. */
static void expect_refused(struct arc_builder *b, const char *part1, const char *part2, int line)
{
    struct py_archive ar;
    char err[PY_ARCHIVE_ERROR_MAX];
    py_archive_init(&ar);
    err[0] = '\0';
    if (py_archive_add(&ar, "t.arc", b->buf, b->len, err, sizeof err)) {
        ktest_fail(__FILE__, line, "archive accepted; expected an error with '%s'", part1);
        return;
    }
    if (!contains(err, "t.arc: offset 0x") || !contains(err, part1) ||
        (part2 && !contains(err, part2)))
        ktest_fail(__FILE__, line, "error '%s' lacks '%s'/'%s'", err, part1, part2 ? part2 : "");
    if (ar.nparts != 0)
        ktest_fail(__FILE__, line, "a refused archive joined the search path");
}

static struct arc_builder arc, arc2;

TEST(archive, valid_archive_lookup_and_iteration)
{
    struct py_archive ar;
    struct py_archive_entry e;
    struct py_archive_iter it;
    char err[PY_ARCHIVE_ERROR_MAX];
    const char *names[] = {"py/countdown.py", "py/helper.py", "prog.py"};
    unsigned seen = 0;

    arc_start(&arc);
    arc_add_pyc(&arc, names[0], "countdown");
    arc_add_pyc(&arc, names[1], "helper");
    arc_add_pyc(&arc, names[2], "prog");
    py_archive_init(&ar);
    ASSERT_TRUE(py_archive_add(&ar, "t.arc", arc.buf, arc.len, err, sizeof err));
    EXPECT_EQ(py_archive_count(&ar), 3);
    ASSERT_TRUE(py_archive_find(&ar, "py/helper.py", &e));
    EXPECT_STREQ(e.name, "py/helper.py");
    EXPECT_EQ(e.size, PYC_HEADER_BYTES + 6);
    EXPECT_EQ(memcmp(e.data + PYC_HEADER_BYTES, "helper", 6), 0);
    EXPECT_TRUE(py_archive_check_pyc(&ar, &e, err, sizeof err));
    EXPECT_FALSE(py_archive_find(&ar, "py/helper", &e));
    EXPECT_FALSE(py_archive_find(&ar, "helper.py", &e));
    EXPECT_FALSE(py_archive_find(&ar, "", &e));
    py_archive_iter_start(&it);
    while (py_archive_next(&ar, &it, &e)) {
        ASSERT_LT(seen, 3);
        EXPECT_STREQ(e.name, names[seen]);
        EXPECT_EQ(e.index, seen);
        EXPECT_FALSE(py_archive_shadowed(&ar, &e));
        seen++;
    }
    EXPECT_EQ(seen, 3);
}

TEST(archive, empty_archive_is_valid)
{
    struct py_archive ar;
    struct py_archive_entry e;
    struct py_archive_iter it;
    char err[PY_ARCHIVE_ERROR_MAX];
    arc_start(&arc);
    py_archive_init(&ar);
    ASSERT_TRUE(py_archive_add(&ar, "t.arc", arc.buf, arc.len, err, sizeof err));
    EXPECT_EQ(py_archive_count(&ar), 0);
    py_archive_iter_start(&it);
    EXPECT_FALSE(py_archive_next(&ar, &it, &e));
    EXPECT_FALSE(py_archive_find(&ar, "prog.py", &e));
}

TEST(archive, every_truncation_is_refused_with_its_offset)
{
    struct py_archive ar;
    char err[PY_ARCHIVE_ERROR_MAX];
    size_t full;
    arc_start(&arc);
    arc_add_pyc(&arc, "a.py", "first");
    arc_add_pyc(&arc, "dir/b.py", "second");
    full = arc.len;
    for (size_t n = 0; n < full; n++) {
        py_archive_init(&ar);
        err[0] = '\0';
        if (py_archive_add(&ar, "t.arc", arc.buf, n, err, sizeof err))
            ktest_fail(__FILE__, __LINE__, "archive cut to %lu of %lu bytes accepted",
                       (unsigned long)n, (unsigned long)full);
        else if (!contains(err, "t.arc: offset 0x"))
            ktest_fail(__FILE__, __LINE__, "cut to %lu: error '%s' names no offset",
                       (unsigned long)n, err);
    }
    py_archive_init(&ar);
    EXPECT_TRUE(py_archive_add(&ar, "t.arc", arc.buf, full, err, sizeof err));
    /* A cut inside the second entry's data says which entry and how much is left. */
    arc.len = full - 1;
    expect_refused(&arc, "entry 1 (dir/b.py): data length 22 runs past the end", "21 bytes left",
                   __LINE__);
}

TEST(archive, counts_that_disagree_with_the_entries_are_refused)
{
    arc_start(&arc);
    arc_add_pyc(&arc, "a.py", "x");
    set_count(&arc, 2);
    expect_refused(&arc, "entry 1 of 2: the archive ends before its name length", NULL, __LINE__);
    set_count(&arc, 0);
    expect_refused(&arc, "bytes after the last of 0 entries", NULL, __LINE__);
    set_count(&arc, 0xffffffffu);
    expect_refused(&arc, "entry count 4294967295 is above the limit", NULL, __LINE__);
    set_count(&arc, 1);
    arc.buf[arc.len++] = 0;                     /* one stray byte */
    expect_refused(&arc, "1 bytes after the last of 1 entries", NULL, __LINE__);
}

TEST(archive, huge_lengths_do_not_wrap)
{
    arc_start(&arc);
    put32(&arc, 0xfffffff0u);                   /* name length near 2^32 */
    set_count(&arc, 1);
    expect_refused(&arc, "entry 0: name length 4294967280 runs past the end", NULL, __LINE__);
    arc_start(&arc);
    put32(&arc, 1);
    arc.buf[arc.len++] = 'a';
    put32(&arc, 0xffffffffu);
    set_count(&arc, 1);
    expect_refused(&arc, "entry 0 (a): data length 4294967295 runs past the end", NULL, __LINE__);
}

TEST(archive, wrong_archive_magic_is_refused)
{
    arc_start(&arc);
    arc_add_pyc(&arc, "a.py", "x");
    arc.buf[7] = '2';
    expect_refused(&arc, "not a program archive", NULL, __LINE__);
    arc.len = 5;
    expect_refused(&arc, "5 bytes, shorter than the 12-byte header", NULL, __LINE__);
}

static void expect_bad_name(const void *name, uint32_t len, const char *why, int line)
{
    arc_start(&arc);
    arc_add_pyc(&arc, "ok.py", "x");
    arc_add_raw(&arc, name, len, "data", 4);
    expect_refused(&arc, "entry 1: ", why, line);
}

TEST(archive, bad_names_are_refused)
{
    char long_name[PY_ARCHIVE_NAME_MAX + 1];
    memset(long_name, 'n', sizeof long_name);
    expect_bad_name("", 0, "empty name", __LINE__);
    expect_bad_name("/abs.py", 7, "absolute path", __LINE__);
    expect_bad_name("a\nb.py", 6, "control character", __LINE__);
    expect_bad_name("a\0b.py", 6, "control character", __LINE__);
    expect_bad_name("a//b.py", 7, "empty path component", __LINE__);
    expect_bad_name("dir/", 4, "empty path component", __LINE__);
    expect_bad_name("caf\xc3.py", 7, "not valid UTF-8", __LINE__);
    expect_bad_name("\xc0\xaf.py", 5, "not valid UTF-8", __LINE__);      /* overlong '/' */
    expect_bad_name("\xed\xa0\x80.py", 6, "not valid UTF-8", __LINE__);  /* a surrogate */
    expect_bad_name(long_name, sizeof long_name, "longer than 255 bytes", __LINE__);
    expect_bad_name("ok.py", 5, "name ok.py repeats entry 0", __LINE__);
    /* UTF-8 that is valid, and the longest name, are accepted. */
    {
        struct py_archive ar;
        char err[PY_ARCHIVE_ERROR_MAX];
        arc_start(&arc);
        arc_add_raw(&arc, "caf\xc3\xa9/\xe2\x82\xac.py", 12, "data", 4);
        arc_add_raw(&arc, long_name, PY_ARCHIVE_NAME_MAX, "data", 4);
        py_archive_init(&ar);
        EXPECT_TRUE(py_archive_add(&ar, "t.arc", arc.buf, arc.len, err, sizeof err));
    }
}

TEST(archive, pyc_magic_is_checked_per_entry)
{
    struct py_archive ar;
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    static const uint8_t pyc_310[PYC_HEADER_BYTES + 1] = {0x6f, 0x0d, 0x0d, 0x0a};
    arc_start(&arc);
    arc_add_pyc(&arc, "good.py", "x");
    arc_add_raw(&arc, "old.pyc", 7, pyc_310, sizeof pyc_310);
    arc_add_raw(&arc, "short.pyc", 9, PYC_MAGIC_3_11 "\0\0\0\0", 8);
    py_archive_init(&ar);
    ASSERT_TRUE(py_archive_add(&ar, "t.arc", arc.buf, arc.len, err, sizeof err));
    ASSERT_TRUE(py_archive_find(&ar, "good.py", &e));
    EXPECT_TRUE(py_archive_check_pyc(&ar, &e, err, sizeof err));
    ASSERT_TRUE(py_archive_find(&ar, "old.pyc", &e));
    EXPECT_FALSE(py_archive_check_pyc(&ar, &e, err, sizeof err));
    EXPECT_TRUE(contains(err, "t.arc: offset 0x"));
    EXPECT_TRUE(contains(err, "old.pyc: bad magic 6f 0d 0d 0a (number 3439)"));
    ASSERT_TRUE(py_archive_find(&ar, "short.pyc", &e));
    EXPECT_FALSE(py_archive_check_pyc(&ar, &e, err, sizeof err));
    EXPECT_TRUE(contains(err, "short.pyc: 8 bytes, shorter than a .pyc header"));
}

TEST(archive, earlier_parts_shadow_later_ones)
{
    struct py_archive ar;
    struct py_archive_entry e;
    struct py_archive_iter it;
    char err[PY_ARCHIVE_ERROR_MAX];
    unsigned seen = 0, shadowed = 0;
    arc_start(&arc);
    arc_add_pyc(&arc, "prog.py", "user");
    arc_start(&arc2);
    arc_add_pyc(&arc2, "py/x.py", "image");
    arc_add_pyc(&arc2, "prog.py", "image");
    py_archive_init(&ar);
    ASSERT_TRUE(py_archive_add(&ar, "user.arc", arc.buf, arc.len, err, sizeof err));
    ASSERT_TRUE(py_archive_add(&ar, "pymm.arc", arc2.buf, arc2.len, err, sizeof err));
    EXPECT_EQ(py_archive_count(&ar), 3);
    ASSERT_TRUE(py_archive_find(&ar, "prog.py", &e));
    EXPECT_EQ(e.part, 0);
    EXPECT_EQ(memcmp(e.data + PYC_HEADER_BYTES, "user", 4), 0);
    ASSERT_TRUE(py_archive_find(&ar, "py/x.py", &e));
    EXPECT_EQ(e.part, 1);
    py_archive_iter_start(&it);
    while (py_archive_next(&ar, &it, &e)) {
        seen++;
        if (py_archive_shadowed(&ar, &e)) {
            shadowed++;
            EXPECT_STREQ(e.name, "prog.py");
            EXPECT_EQ(e.part, 1);
        }
    }
    EXPECT_EQ(seen, 3);
    EXPECT_EQ(shadowed, 1);
    /* The search path has room for PY_ARCHIVE_PARTS_MAX archives, then says so. */
    while (ar.nparts < PY_ARCHIVE_PARTS_MAX)
        ASSERT_TRUE(py_archive_add(&ar, "more.arc", arc.buf, arc.len, err, sizeof err));
    EXPECT_FALSE(py_archive_add(&ar, "extra.arc", arc.buf, arc.len, err, sizeof err));
    EXPECT_TRUE(contains(err, "extra.arc: offset 0x0: no room for a 5th archive"));
}

TEST(archive, imports_resolve_beside_the_importer)
{
    struct py_archive ar;
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    arc_start(&arc);
    arc_add_pyc(&arc, "tests/py/main.py", "main");
    arc_add_pyc(&arc, "tests/py/helper.py", "helper");
    arc_add_pyc(&arc, "tests/py/pkg/mod.py", "mod");
    arc_add_pyc(&arc, "top.py", "top");
    py_archive_init(&ar);
    ASSERT_TRUE(py_archive_add(&ar, "t.arc", arc.buf, arc.len, err, sizeof err));
    ASSERT_TRUE(py_archive_find_import(&ar, "tests/py/main.py", "helper", &e));
    EXPECT_STREQ(e.name, "tests/py/helper.py");
    ASSERT_TRUE(py_archive_find_import(&ar, "tests/py/main.py", "pkg.mod", &e));
    EXPECT_STREQ(e.name, "tests/py/pkg/mod.py");
    EXPECT_FALSE(py_archive_find_import(&ar, "tests/py/main.py", "top", &e));
    ASSERT_TRUE(py_archive_find_import(&ar, "main.py", "top", &e));
    EXPECT_STREQ(e.name, "top.py");
    EXPECT_FALSE(py_archive_find_import(&ar, "tests/py/main.py", ".helper", &e));
    EXPECT_FALSE(py_archive_find_import(&ar, "tests/py/main.py", "pkg..mod", &e));
    EXPECT_FALSE(py_archive_find_import(&ar, "tests/py/main.py", "pkg/mod", &e));
    EXPECT_FALSE(py_archive_find_import(&ar, "tests/py/main.py", "", &e));
}
