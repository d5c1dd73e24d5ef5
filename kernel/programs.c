/*
 * kernel/programs.c - the program archives from the boot modules, and running programs at boot
 * (see programs.h).
 *
 * The archives stay where GRUB loaded them (kernel/memory.c keeps their pages out of the page
 * allocator), so the search path points into them and nothing is copied. The interpreter is
 * referenced weakly: without vm/ linked in, vm_run_program is NULL and `py run` says so; the
 * archives, `py list` and the markers work the same either way.
 */
#include "kernel/programs.h"
#include "kernel/kprintf.h"
#include "kernel/options.h"
#include "kernel/arch/qemu.h"
#include "kernel/run_list.h"
#include "kernel/arch/uart.h"
#include "mm/platform.h"
#include "kernel/py_platform.h"
#include "vm/vm.h"

#pragma weak vm_run_program

#define RUN_LINE_MAX 1024                 /* one line of run.txt: name and arguments */
#define LIST_MAX     OPT_VALUE_MAX        /* py.run= and py.args= values */

static struct {
    struct py_archive archive;
    const char *run_list;                 /* run.txt, not NUL-terminated */
    size_t run_list_len;
} programs;

static void add_archive(const struct boot_module *m)
{
    char err[PY_ARCHIVE_ERROR_MAX];
    if (!py_archive_add(&programs.archive, m->name, (const void *)m->start, m->end - m->start,
                        err, sizeof err))
        kprintf("py: %s (archive left out)\n", err);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

void programs_init(const struct boot_info *bi)
{
    py_archive_init(&programs.archive);
    /* The user's archive first, whatever order the modules came in. */
    for (unsigned i = 0; i < bi->module_count; i++)
        if (strcmp(bi->modules[i].name, "user.arc") == 0)
            add_archive(&bi->modules[i]);
    for (unsigned i = 0; i < bi->module_count; i++) {
        const struct boot_module *m = &bi->modules[i];
        if (ends_with(m->name, ".arc") && strcmp(m->name, "user.arc") != 0)
            add_archive(m);
        else if (strcmp(m->name, "run.txt") == 0) {
            programs.run_list = (const char *)m->start;
            programs.run_list_len = m->end - m->start;
        }
    }
    if (bi->modules_truncated)
        kprintf("py: more than %u boot modules; the rest are ignored\n", BOOT_MODULES_MAX);
    programs_describe();
}

const struct py_archive *programs_archive(void)
{
    return &programs.archive;
}

const char *programs_run_list(size_t *len)
{
    *len = programs.run_list_len;
    return programs.run_list;
}

bool programs_interpreter_present(void)
{
    return vm_run_program != NULL;
}

void programs_describe(void)
{
    const struct py_archive *ar = &programs.archive;
    if (ar->nparts == 0)
        kprintf("py: no program archive loaded");
    for (unsigned i = 0; i < ar->nparts; i++)
        kprintf("%s%s: %u program%s (%lu bytes)", i ? ", " : "py: ", ar->parts[i].label,
                ar->parts[i].count, ar->parts[i].count == 1 ? "" : "s",
                (unsigned long)ar->parts[i].size);
    if (programs.run_list)
        kprintf("; run list run.txt (%lu bytes)", (unsigned long)programs.run_list_len);
    kprintf("; interpreter %s\n", programs_interpreter_present() ? "built in" : "not built in");
}

int programs_run(const char *name, int argc, const char **argv)
{
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    if (!py_archive_find(&programs.archive, name, &e)) {
        kprintf("py: %s: no such program in the archives (`py list` lists them)\n", name);
        return PROGRAM_NOT_RUN;
    }
    if (!py_archive_check_pyc(&programs.archive, &e, err, sizeof err)) {
        kprintf("py: %s\n", err);
        return 1;
    }
    if (!vm_run_program) {
        kprintf("py: %s: the interpreter is not built in (this kernel has no vm_run_program)\n",
                name);
        return PROGRAM_NOT_RUN;
    }
    py_platform_init();
    return vm_run_program(&programs.archive, e.name, argc, argv);
}

int programs_run_marked(const char *name, int argc, const char **argv)
{
    int status;
    kprintf("\x1e<pymm:begin %s>\n", name);
    status = programs_run(name, argc, argv);
    /* The newline that ends output which did not end with one goes out as a bare line feed:
     * the program's own newlines reach the wire as CR LF, so a reader (tools/pymm-run) can tell
     * the two apart and give back exactly what the program printed. */
    if (!uart_at_line_start())
        uart_putc_raw('\n');
    kprintf("\x1e<pymm:end %s status=%d>\n", name, status);
    return status;
}

/* Split s in place at sep into at most max words; returns the count, or -1 for more. */
static int split(char *s, char sep, const char **words, int max)
{
    int n = 0;
    for (;;) {
        if (n == max)
            return -1;
        words[n++] = s;
        while (*s && *s != sep)
            s++;
        if (!*s)
            return n;
        *s++ = '\0';
    }
}

/* py.run=NAME,NAME...: returns the number of programs run; *status is the last one's. */
static int run_names(const char *list, int *status)
{
    char names_buf[LIST_MAX], args_buf[LIST_MAX];
    const char *names[PROGRAM_ARGS_MAX], *argv[PROGRAM_ARGS_MAX];
    const struct opt_value *args = option("py.args");
    int n = split(memcpy(names_buf, list, LIST_MAX), ',', names, PROGRAM_ARGS_MAX), argc = 1;

    if (n < 0) {
        kprintf("py: more than %d programs named in the boot options; use a run list "
                "(tools/pymm-run)\n", PROGRAM_ARGS_MAX);
        return 0;
    }
    if (args->set) {
        if (n > 1) {
            kprintf("py: py.args gives the arguments of one program, not of %d; not run\n", n);
            return 0;
        }
        argc = split(memcpy(args_buf, args->str, LIST_MAX), ',', argv + 1, PROGRAM_ARGS_MAX - 1);
        if (argc < 0) {
            kprintf("py: py.args: more than %d arguments\n", PROGRAM_ARGS_MAX - 1);
            return 0;
        }
        argc++;
    }
    for (int i = 0; i < n; i++) {
        argv[0] = names[i];
        *status = programs_run_marked(names[i], argc, argv);
    }
    return n;
}

/* py.run=@: every line of run.txt. Returns the number of programs run (refused lines count,
 * with status PROGRAM_NOT_RUN, so a batch's count never silently shrinks). */
static int run_list_lines(int *status)
{
    static char line[RUN_LINE_MAX];
    const char *argv[PROGRAM_ARGS_MAX];
    char err[96];
    struct run_list rl;
    int ran = 0, argc;
    if (!programs.run_list) {
        kprintf("py: py.run=@ but no run list (run.txt) was loaded\n");
        return 0;
    }
    run_list_init(&rl, programs.run_list, programs.run_list_len);
    while ((argc = run_list_next(&rl, line, sizeof line, argv, PROGRAM_ARGS_MAX, err,
                                 sizeof err)) != 0) {
        ran++;
        if (argc < 0) {
            kprintf("py: %s; not run\n", err);
            *status = PROGRAM_NOT_RUN;
        } else {
            *status = programs_run_marked(argv[0], argc, argv);
        }
    }
    return ran;
}

static int qemu_code(int status)
{
    if (status == 0)
        return QEMU_EXIT_SUCCESS;
    if (status < 2 || status > QEMU_EXIT_STATUS_MAX)
        return QEMU_EXIT_FAILURE;
    return QEMU_EXIT_STATUS_BASE + status;
}

void programs_boot(void)
{
    const struct opt_value *run = option("py.run"), *start = option("py.start");
    const struct opt_value *which = run->set ? run : start;
    int ran, status = 0;
    if (!run->set && !start->set)
        return;
    if (run->set && start->set)
        kprintf("py: both py.run and py.start given; py.start ignored\n");
    if (strcmp(which->str, "@") == 0)
        ran = run_list_lines(&status);
    else
        ran = run_names(which->str, &status);
    if (run->set) {
        if (ran == 0)
            qemu_exit(QEMU_EXIT_FAILURE);
        qemu_exit(ran == 1 ? qemu_code(status) : QEMU_EXIT_SUCCESS);
    }
}
