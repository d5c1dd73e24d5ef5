/*
 * kernel/shell.c - dispatch, `help` and `watch`: the parts of the shell every command shares.
 *
 * The table below is the one list of commands; each area's commands live in their own file
 * (cmd_sys.c, cmd_mem.c, ...). Dispatch walks the words of a line down the table and its
 * subcommand tables, keeping the path it took ("gc threshold") so errors name the command the
 * user meant, checks the argument count the command declared, and runs it. Nothing here knows
 * what a command does.
 *
 * State lives in `shell` (the path being run, the watch nesting guard); the console is the only
 * caller and runs on one CPU, so it needs no lock.
 */
#include "kernel/shell.h"
#include "kernel/console.h"
#include "kernel/kprintf.h"
#include "kernel/options.h"
#include "kernel/thread.h"
#include "mm/platform.h"

#define SHELL_PATH_MAX 64
#define WATCH_INTERVAL_MAX_S 3600
#define WATCH_POLL_US 2000         /* how often `watch` looks for Ctrl-C while it sleeps */

extern const struct shell_command cmd_help, cmd_watch, cmd_history, cmd_uptime, cmd_mem,
    cmd_test, cmd_bench, cmd_halt, cmd_reboot, cmd_gc, cmd_objects, cmd_cycles, cmd_demo,
    cmd_cpus, cmd_locks, cmd_gil, cmd_run, cmd_soak, cmd_oom, cmd_py;

const struct shell_command *const shell_commands[] = {
    &cmd_help, &cmd_mem, &cmd_gc, &cmd_objects, &cmd_cycles, &cmd_demo, &cmd_cpus, &cmd_gil,
    &cmd_locks, &cmd_run, &cmd_py, &cmd_soak, &cmd_oom, &cmd_uptime, &cmd_test, &cmd_bench, &cmd_watch, &cmd_history,
    &cmd_halt, &cmd_reboot,
    NULL,
};

static struct {
    char path[SHELL_PATH_MAX];     /* "gc threshold" while it runs; prefixes errors */
    bool in_watch;
} shell;

int shell_error(const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (shell.path[0])
        kprintf("error: %s: %s\n", shell.path, msg);
    else
        kprintf("error: %s\n", msg);
    return SHELL_ERR;
}

bool shell_interrupted(void)
{
    return console_poll_interrupt();
}

static void path_append(const char *word)
{
    size_t n = strlen(shell.path);
    ksnprintf(shell.path + n, sizeof shell.path - n, "%s%s", n ? " " : "", word);
}

static const struct shell_command *find(const struct shell_command *const *table,
                                        const struct shell_command *sub, const char *name)
{
    if (table) {
        for (; *table; table++)
            if (strcmp((*table)->name, name) == 0)
                return *table;
    } else if (sub) {
        for (; sub->name; sub++)
            if (strcmp(sub->name, name) == 0)
                return sub;
    }
    return NULL;
}

static void list_subcommands(const struct shell_command *cmd, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct shell_command *s = cmd->sub; s && s->name; s++)
        used += (size_t)ksnprintf(buf + used, used < n ? n - used : 0, "%s%s", used ? "|" : "",
                                  s->name);
}

static int dispatch(const struct shell_command *cmd, int argc, char **argv)
{
    path_append(argv[0]);
    if (cmd->sub && argc > 1) {
        const struct shell_command *s = find(NULL, cmd->sub, argv[1]);
        if (s)
            return dispatch(s, argc - 1, argv + 1);
    }
    if (!cmd->run) {
        char names[128];
        list_subcommands(cmd, names, sizeof names);
        if (argc > 1)
            return shell_error("no subcommand '%s' (one of: %s)", argv[1], names);
        return shell_error("needs a subcommand (one of: %s)", names);
    }
    int nargs = argc - 1;
    if (nargs < cmd->min_args || nargs > cmd->max_args) {
        if (cmd->sub && nargs > 0 && cmd->max_args == 0) {
            char names[128];
            list_subcommands(cmd, names, sizeof names);
            return shell_error("no subcommand '%s' (one of: %s)", argv[1], names);
        }
        const char *sep = cmd->usage[0] ? " " : "";
        if (cmd->min_args == cmd->max_args)
            return shell_error("takes %d argument%s, got %d (usage: %s%s%s)", cmd->min_args,
                               cmd->min_args == 1 ? "" : "s", nargs, shell.path, sep, cmd->usage);
        if (cmd->max_args == SHELL_ANY_ARGS)
            return shell_error("takes at least %d argument%s, got %d (usage: %s%s%s)",
                               cmd->min_args, cmd->min_args == 1 ? "" : "s", nargs, shell.path,
                               sep, cmd->usage);
        return shell_error("takes %d to %d arguments, got %d (usage: %s%s%s)", cmd->min_args,
                           cmd->max_args, nargs, shell.path, sep, cmd->usage);
    }
    return cmd->run(argc, argv);
}

int shell_run_argv(int argc, char **argv)
{
    char saved[SHELL_PATH_MAX];
    memcpy(saved, shell.path, sizeof saved);
    shell.path[0] = '\0';
    const struct shell_command *cmd = find(shell_commands, NULL, argv[0]);
    int result = cmd ? dispatch(cmd, argc, argv)
                     : shell_error("unknown command '%s' (type 'help' for the list)", argv[0]);
    memcpy(shell.path, saved, sizeof saved);
    return result;
}

int shell_execute(char *line)
{
    char *argv[SHELL_ARGS_MAX];
    int argc;

    shell.path[0] = '\0';
    argc = shell_split(line, argv);
    if (argc < 0)
        return shell_error("more than %d words on the line", SHELL_ARGS_MAX);
    if (argc == 0)
        return SHELL_OK;
    console_clear_interrupt();
    int result = shell_run_argv(argc, argv);
    if (console_take_interrupt())
        kprintf("interrupted\n");
    return result;
}

/* ---- help --------------------------------------------------------------------------------- */

static void help_one(const struct shell_command *cmd, const char *prefix)
{
    kprintf("usage: %s%s%s%s\n  %s\n", prefix, cmd->name, cmd->usage[0] ? " " : "", cmd->usage,
            cmd->summary);
    if (cmd->details)
        kprintf("%s\n", cmd->details);
    for (const struct shell_command *s = cmd->sub; s && s->name; s++)
        kprintf("  %s %-12s %-14s %s\n", cmd->name, s->name, s->usage, s->summary);
}

static int run_help(int argc, char **argv)
{
    if (argc > 1) {
        const struct shell_command *cmd = find(shell_commands, NULL, argv[1]);
        if (!cmd)
            return shell_error("no command named '%s' (type 'help' for the list)", argv[1]);
        if (argc > 2) {
            const struct shell_command *s = find(NULL, cmd->sub, argv[2]);
            if (!s)
                return shell_error("'%s' has no subcommand '%s'", argv[1], argv[2]);
            char prefix[SHELL_PATH_MAX];
            ksnprintf(prefix, sizeof prefix, "%s ", cmd->name);
            help_one(s, prefix);
            return SHELL_OK;
        }
        help_one(cmd, "");
        return SHELL_OK;
    }
    kprintf("commands (help NAME for details; Ctrl-C interrupts; up/down recall lines):\n");
    for (const struct shell_command *const *c = shell_commands; *c; c++)
        kprintf("  %-8s %-24s %s\n", (*c)->name, (*c)->usage, (*c)->summary);
    kprintf("boot options (key=value on the kernel command line):\n");
    options_print();
    return SHELL_OK;
}

const struct shell_command cmd_help = {
    "help", "[COMMAND [SUB]]", "list the commands, or describe one",
    "  With no argument: every command with its arguments, then the boot options.", 0, 2,
    run_help, NULL,
};

/* ---- watch -------------------------------------------------------------------------------- */

static int run_watch(int argc, char **argv)
{
    uint64_t interval_s;
    if (!shell_parse_u64("SECONDS", argv[1], 1, WATCH_INTERVAL_MAX_S, &interval_s))
        return SHELL_ERR;
    if (shell.in_watch)
        return shell_error("cannot watch a watch");
    if (!find(shell_commands, NULL, argv[2]))
        return shell_error("unknown command '%s'", argv[2]);
    shell.in_watch = true;
    int result = SHELL_OK;
    for (uint64_t round = 1; result == SHELL_OK; round++) {
        kprintf("--- watch: round %lu, every %lu s (Ctrl-C stops)\n", (unsigned long)round,
                (unsigned long)interval_s);
        result = shell_run_argv(argc - 2, argv + 2);
        uint64_t deadline = platform_cycles() + interval_s * platform_tsc_hz();
        while (platform_cycles() < deadline && !shell_interrupted())
            thread_sleep_us(WATCH_POLL_US);
        if (shell_interrupted())
            break;
    }
    shell.in_watch = false;
    return result;
}

const struct shell_command cmd_watch = {
    "watch", "SECONDS COMMAND [ARGS]", "run a command again every SECONDS until Ctrl-C",
    "  SECONDS is 1 to 3600. Stops at Ctrl-C or when the command fails.", 2, SHELL_ANY_ARGS,
    run_watch, NULL,
};
