/*
 * kernel/console/shell.h - the command shell behind the console: the command registry, dispatch,
 * `help`, and the one set of argument checks every command uses.
 *
 * A command is a struct shell_command. The dispatcher checks the argument count against
 * [min_args, max_args] before calling run(), so a command never sees a count it did not declare.
 * A command with subcommands (`gc collect`, `gc threshold`) lists them in `sub`; the dispatcher
 * descends into the one named by the next word, and falls back to the parent's own run() (with
 * its own count check) when the next word names none, so `gc` alone can print the summary.
 *
 * Errors are one line, "error: PATH: what was wrong", where PATH is the command path being run
 * ("gc threshold"). Commands report through shell_error() and return SHELL_ERR; the argument
 * helpers below print their own error and return false, so a command's checks read as a list.
 */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SHELL_OK  0
#define SHELL_ERR 1
#define SHELL_ARGS_MAX 16          /* words on one line, the command included */
#define SHELL_ANY_ARGS 255         /* max_args for commands that take a rest of line */

struct shell_command {
    const char *name;
    const char *usage;             /* arguments, e.g. "[0|1|2]"; "" for none */
    const char *summary;           /* one line for `help` */
    const char *details;           /* further lines for `help NAME` (may be NULL) */
    unsigned char min_args, max_args;      /* words after the name */
    int (*run)(int argc, char **argv);     /* argv[0] is the name; NULL: subcommands only */
    const struct shell_command *sub;       /* subcommands, ended by an entry with name NULL */
};

/*
 * Registering: each area's file defines its top-level commands with
 *
 *     SHELL_COMMAND(cmd_mem, 110) = {"mem", "", "the heap and the page allocator", ...};
 *
 * which places an entry (order key, descriptor) in the `shell_commands` linker section, as TEST()
 * does for tests, so a new command needs no central list. `help` lists commands by order key,
 * lowest first; keys are unique, as are names. The shell checks both the first time it looks a
 * command up and panics naming the two entries when they clash (tests/kernel/test_shell.c looks
 * the registry up, so a clash fails the suite). tools/check-commands checks the README's command table
 * and tools/test-console's list against the registered names.
 */
struct shell_command_entry {
    unsigned order;
    const struct shell_command *cmd;
};

#define SHELL_COMMAND(var, order_key)                                                              \
    static const struct shell_command var;                                                         \
    static const struct shell_command_entry shell_entry_##var                                      \
        __attribute__((used, section("shell_commands"), aligned(8))) = {(order_key), &var};        \
    static const struct shell_command var

#define SHELL_COMMANDS_MAX 64

/* The registered commands in `help` order, ended by NULL. Panics when the registry has a clash. */
const struct shell_command *const *shell_command_list(void);
/* Sort the entries [begin, end) by order key into sorted[] (room for max + 1, NULL-terminated).
 * False, with the reason in err, when there are more than max or two share an order key or a
 * name. shell_command_list's check, apart so tests can give it clashing entries. */
bool shell_registry_sort(const struct shell_command_entry *begin,
                         const struct shell_command_entry *end,
                         const struct shell_command_entry **sorted, size_t max, char *err,
                         size_t err_size);

/* Split `line` in place and run it. Returns SHELL_OK, or SHELL_ERR after printing one error. */
int shell_execute(char *line);
/* Split `line` in place at spaces into argv (at most SHELL_ARGS_MAX words). Returns the number
 * of words, or -1 when there are more. */
int shell_split(char *line, char **argv);
/* Run an already split command line (used by `watch`). */
int shell_run_argv(int argc, char **argv);

/* Print "error: PATH: ..." on one line, where PATH is the command being run. Returns SHELL_ERR. */
int shell_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Argument checks. Each prints "error: PATH: WHAT: ..." and returns false on bad input.
 * Numbers are decimal or 0x-hex, without sign, and must lie in [min, max]; an overflowing number
 * is reported as out of range, not wrapped.
 */
bool shell_parse_u64(const char *what, const char *text, uint64_t min, uint64_t max, uint64_t *out);
/* `text` must be one of the NULL-terminated `choices`; *index receives its position. */
bool shell_parse_choice(const char *what, const char *text, const char *const *choices, int *index);
/* on|off, 1|0, yes|no, true|false. */
bool shell_parse_bool(const char *what, const char *text, bool *out);

/*
 * Ctrl-C while a command runs: long-running commands call this between steps (it reads the
 * serial port, keeps other typed bytes for the next line) and stop when it returns true. The
 * dispatcher prints "interrupted" after the command returns, so commands just stop.
 */
bool shell_interrupted(void);

#endif
