/*
 * tests/kernel/test_programs.c - the program archives the boot loader brought
 * (kernel/programs.c): the image's own archive, written by tools/pyc-pack, passed validation and
 * is on the search path, and its compiled files carry CPython 3.11's header.
 */
#include "kernel/programs.h"
#include "tests/ktest.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

TEST(programs, image_archive_is_on_the_search_path)
{
    const struct py_archive *ar = programs_archive();
    bool found = false;
    for (unsigned i = 0; i < ar->nparts; i++)
        if (strcmp(ar->parts[i].label, "pymm.arc") == 0)
            found = true;
    EXPECT_TRUE(found);
}

TEST(programs, compiled_files_are_cpython_3_11)
{
    const struct py_archive *ar = programs_archive();
    struct py_archive_iter it;
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    unsigned checked = 0;
    py_archive_iter_start(&it);
    while (py_archive_next(ar, &it, &e)) {
        if (!ends_with(e.name, ".py"))          /* .pyc entries are packed as they are */
            continue;
        if (!py_archive_check_pyc(ar, &e, err, sizeof err))
            ktest_fail(__FILE__, __LINE__, "%s", err);
        checked++;
    }
    if (checked == 0)
        ktest_skip("no .py file in the archives (py/ and tests/py/ are empty)");
}
