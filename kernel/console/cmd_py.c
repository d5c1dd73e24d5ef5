/*
 * kernel/console/cmd_py.c - `py`: the Python programs the boot loader brought (kernel/programs.h).
 *
 *   py                     what is loaded: each archive and its program count, the run list,
 *                          whether the interpreter is built in
 *   py list                every entry of every archive, in search order: name, size, archive,
 *                          and why it would not run (hidden by an earlier archive's entry of the
 *                          same name, or a .pyc not from CPython 3.11)
 *   py run NAME [ARGS...]  run a program with sys.argv = [NAME, ARGS...]
 * `py list` reads only the archives, so it works in a kernel built without the interpreter;
 * `py run` then says the interpreter is not built in instead of running anything.
 */
#include "kernel/kprintf.h"
#include "kernel/programs.h"
#include "kernel/console/shell.h"
#include "mm/platform.h"
#include "vm/vm.h"

static int run_py(int argc, char **argv)
{
    (void)argc, (void)argv;
    programs_describe();
    return SHELL_OK;
}

static int run_py_list(int argc, char **argv)
{
    const struct py_archive *ar = programs_archive();
    struct py_archive_iter it;
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    (void)argc, (void)argv;
    if (py_archive_count(ar) == 0) {
        kprintf("no programs loaded\n");
        return SHELL_OK;
    }
    py_archive_iter_start(&it);
    while (py_archive_next(ar, &it, &e)) {
        const char *note = "";
        if (py_archive_shadowed(ar, &e))
            note = "  (hidden by an earlier archive's entry)";
        else if (!py_archive_check_pyc(ar, &e, err, sizeof err))
            note = "  (not a CPython 3.11 .pyc: py run says why)";
        kprintf("  %-40s %8u bytes  %s%s\n", e.name, e.size, ar->parts[e.part].label, note);
    }
    return SHELL_OK;
}

static int run_py_run(int argc, char **argv)
{
    const char *args[PROGRAM_ARGS_MAX];
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    int n = argc - 1, status;
    /* The shell caps a line at SHELL_ARGS_MAX words, below PROGRAM_ARGS_MAX. */
    _Static_assert(SHELL_ARGS_MAX <= PROGRAM_ARGS_MAX, "every word of a line fits argv");
    for (int i = 0; i < n; i++)
        args[i] = argv[i + 1];
    /* The reasons not to start, checked here too so each is one error line. */
    if (!py_archive_find(programs_archive(), args[0], &e))
        return shell_error("no program %s in the archives (py list lists them)", args[0]);
    if (!py_archive_check_pyc(programs_archive(), &e, err, sizeof err))
        return shell_error("%s", err);
    if (!programs_interpreter_present())
        return shell_error("%s: the interpreter is not built in (this kernel has no "
                           "vm_run_program)", args[0]);
    /* Ctrl-C on the console raises KeyboardInterrupt in the program (the eval loop polls). */
    vm_platform.interrupted = shell_interrupted;
    status = programs_run(args[0], n, args);
    vm_platform.interrupted = NULL;
    if (status != 0)
        return shell_error("%s: exit status %d", args[0], status);
    return SHELL_OK;
}

static const struct shell_command py_subcommands[] = {
    {"list", "", "every program in the archives, in search order", NULL, 0, 0, run_py_list, NULL},
    {"run", "NAME [ARGS...]", "run a program (sys.argv = [NAME, ARGS...])",
     "  NAME as `py list` shows it. Output goes to the console; a non-zero exit status\n"
     "  (1: uncaught exception, n: sys.exit(n)) is reported as an error.",
     1, SHELL_ANY_ARGS, run_py_run, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL},
};

SHELL_COMMAND(cmd_py, 195) = {
    "py", "[list | run NAME [ARGS...]]", "Python programs: what is loaded, list, run",
    "  The archives come from the boot loader: pymm.arc (py/ and tests/py/, built with the ISO)\n"
    "  and user.arc (make run PY=FILE, tools/pymm-run), which is searched first.",
    0, 0, run_py, py_subcommands,
};
