/*
 * tests/kernel/test_shell.c - the console's command registry (SHELL_COMMAND, kernel/console/
 * shell.h): the real registry is complete and in `help` order, and the check refuses the clashes
 * a new command could bring (a taken order key or name, too many commands).
 */
#include "kernel/console/shell.h"
#include "tests/ktest.h"

extern const struct shell_command_entry __start_shell_commands[], __stop_shell_commands[];

static bool has(const char *hay, const char *needle)
{
    for (size_t n = strlen(needle); *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return true;
    return false;
}

TEST(shell, registry_lists_every_command_in_help_order)
{
    const struct shell_command *const *list = shell_command_list();
    size_t registered = (size_t)(__stop_shell_commands - __start_shell_commands);
    size_t n = 0;

    for (; list[n]; n++) {
        const struct shell_command *c = list[n];
        EXPECT_TRUE(c->name && c->name[0]);
        EXPECT_TRUE(c->usage && c->summary && c->summary[0]);
        EXPECT_TRUE(c->run || c->sub);
    }
    EXPECT_EQ(n, registered);
    ASSERT_GE(n, 2);
    /* The keys given in the command files: help first, reboot last. */
    EXPECT_STREQ(list[0]->name, "help");
    EXPECT_STREQ(list[n - 1]->name, "reboot");
    /* Every entry's order key is below the next one's. */
    const struct shell_command_entry *sorted[SHELL_COMMANDS_MAX + 1];
    char err[160] = "";
    ASSERT_TRUE(shell_registry_sort(__start_shell_commands, __stop_shell_commands, sorted,
                                    SHELL_COMMANDS_MAX, err, sizeof err));
    for (size_t i = 0; i < n; i++) {
        EXPECT_TRUE(sorted[i]->cmd == list[i]);
        if (i > 0)
            EXPECT_LT(sorted[i - 1]->order, sorted[i]->order);
    }
}

static const struct shell_command fake_a = {"alpha", "", "first fake", NULL, 0, 0, NULL, NULL};
static const struct shell_command fake_b = {"beta", "", "second fake", NULL, 0, 0, NULL, NULL};
static const struct shell_command fake_a2 = {"alpha", "", "alpha again", NULL, 0, 0, NULL, NULL};

TEST(shell, registry_check_sorts_and_refuses_clashes)
{
    const struct shell_command_entry *sorted[4];
    char err[160];

    const struct shell_command_entry unsorted[] = {{300, &fake_b}, {100, &fake_a}};
    ASSERT_TRUE(shell_registry_sort(unsorted, unsorted + 2, sorted, 3, err, sizeof err));
    EXPECT_TRUE(sorted[0]->cmd == &fake_a && sorted[1]->cmd == &fake_b && sorted[2] == NULL);

    const struct shell_command_entry same_key[] = {{100, &fake_a}, {200, &fake_b}, {100, &fake_b}};
    err[0] = '\0';
    EXPECT_FALSE(shell_registry_sort(same_key, same_key + 3, sorted, 3, err, sizeof err));
    EXPECT_TRUE(has(err, "both have order key 100"));

    const struct shell_command_entry same_name[] = {{100, &fake_a}, {200, &fake_a2}};
    err[0] = '\0';
    EXPECT_FALSE(shell_registry_sort(same_name, same_name + 2, sorted, 3, err, sizeof err));
    EXPECT_TRUE(has(err, "two commands named 'alpha'"));

    err[0] = '\0';
    EXPECT_FALSE(shell_registry_sort(unsorted, unsorted + 2, sorted, 1, err, sizeof err));
    EXPECT_TRUE(has(err, "more than 1 registered commands"));
}
