/*
 * tests/kernel/test_run_list.c - the run list's lines (kernel/run_list.c): names and tab-separated
 * arguments, skipped lines, CR LF, a last line without a newline, and the refusals.
 */
#include "kernel/run_list.h"
#include "tests/ktest.h"

#define WORDS_MAX 4

static const char *argv_[WORDS_MAX];
static char line_buf[32], err_buf[96];

static int next(struct run_list *rl)
{
    return run_list_next(rl, line_buf, sizeof line_buf, argv_, WORDS_MAX, err_buf, sizeof err_buf);
}

TEST(run_list, names_arguments_and_skipped_lines)
{
    static const char text[] = "# comment\n\nprog.py\ta b\tc\r\n\r\ndir/two.py\nlast.py\t\tx";
    struct run_list rl;
    run_list_init(&rl, text, sizeof text - 1);
    ASSERT_EQ(next(&rl), 3);
    EXPECT_STREQ(argv_[0], "prog.py");
    EXPECT_STREQ(argv_[1], "a b");                  /* spaces stay inside an argument */
    EXPECT_STREQ(argv_[2], "c");                    /* the CR is not part of it */
    EXPECT_EQ(rl.line_no, 3);
    ASSERT_EQ(next(&rl), 1);
    EXPECT_STREQ(argv_[0], "dir/two.py");
    ASSERT_EQ(next(&rl), 3);                        /* no newline at the end of the text */
    EXPECT_STREQ(argv_[0], "last.py");
    EXPECT_STREQ(argv_[1], "");                     /* two tabs: an empty argument */
    EXPECT_STREQ(argv_[2], "x");
    EXPECT_EQ(next(&rl), 0);
    EXPECT_EQ(next(&rl), 0);
    EXPECT_EQ(memcmp(text, "# comment", 9), 0);     /* the module's text is left as it was */
}

TEST(run_list, refuses_long_lines_and_too_many_words_then_goes_on)
{
    static const char text[] = "a.py\t1\t2\t3\t4\nthis-name-is-longer-than-the-buffer.py\nok.py\n";
    struct run_list rl;
    run_list_init(&rl, text, sizeof text - 1);
    EXPECT_EQ(next(&rl), -1);
    EXPECT_STREQ(err_buf, "run.txt: line 1 has more than 4 words");
    EXPECT_EQ(next(&rl), -1);
    EXPECT_STREQ(err_buf, "run.txt: line 2 is longer than 31 bytes");
    ASSERT_EQ(next(&rl), 1);
    EXPECT_STREQ(argv_[0], "ok.py");
    EXPECT_EQ(next(&rl), 0);
    run_list_init(&rl, NULL, 0);                    /* no run list at all */
    EXPECT_EQ(next(&rl), 0);
}
