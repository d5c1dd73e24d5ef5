/*
 * kernel/programs.h - the Python programs the boot loader brought, and running them.
 *
 * GRUB loads the program archives as multiboot2 modules (boot/grub.cfg): "pymm.arc", built with
 * the ISO, and "user.arc", the user's own files from a disk tools/qemu-run attaches, which is
 * searched first; a malformed archive is reported at boot and left out, the kernel stays up.
 * A third module, "run.txt", may list programs to run at boot, one a line: the name, then its
 * arguments, separated by tabs ('#' lines and empty lines are skipped). tools/pymm-run writes
 * it, so neither the number of programs nor their arguments is bound by the command line.
 *
 * Boot options:
 *   py.run=NAME[,NAME...]  run these programs in order, then power off: QEMU's status is the
 *                          program's when there is one, 0 for several (each one's is in its end
 *                          marker); py.run=@ runs the lines of run.txt.
 *   py.start=...           the same, then the console (`make run PY=FILE`).
 *   py.args=A[,A...]       sys.argv[1:] of the one program of py.run/py.start.
 * Around each program's output the kernel prints, for tools that split a batch:
 *   "\x1e<pymm:begin NAME>\n" ... "\n\x1e<pymm:end NAME status=N>\n"
 * where the end marker's newline is there only when the output did not end with one. On the
 * serial line every newline the program prints is CR LF (kernel/arch/uart.c), that one a bare LF.
 *
 * Exit statuses: the program's own (0, 1 for an uncaught exception, n for sys.exit(n)); 1 when
 * its .pyc is refused (as CPython refuses a bad magic number); PROGRAM_NOT_RUN (2, as CPython
 * says for a missing file) when it is not in the archives or the interpreter is not built in.
 */
#ifndef KERNEL_PROGRAMS_H
#define KERNEL_PROGRAMS_H

#include <stdbool.h>
#include "kernel/multiboot.h"
#include "vm/archive.h"

#define PROGRAM_NOT_RUN  2
#define PROGRAM_ARGS_MAX 32            /* argv entries, the name included */

/* Read the archives and the run list from the boot modules; print one line about them. */
void programs_init(const struct boot_info *bi);

/* The archives' search path (user.arc first); empty when none was loaded. */
const struct py_archive *programs_archive(void);

/* The run list (run.txt): its text and length, or NULL when none was loaded. */
const char *programs_run_list(size_t *len);

/* Is the interpreter (vm_run_program) linked in? */
bool programs_interpreter_present(void);

/* Print what is loaded: archives, entry counts, run list, interpreter (the `py` command). */
void programs_describe(void);

/*
 * Run program `name` with argv[0..argc) (argv[0] == name). Returns its exit status; when it
 * cannot run (not found, bad .pyc, no interpreter) prints one line saying why and returns the
 * status above.
 */
int programs_run(const char *name, int argc, const char **argv);

/* The same between the begin and end markers. */
int programs_run_marked(const char *name, int argc, const char **argv);

/* Boot options py.run / py.start: run the programs they name (py.run then powers off). */
void programs_boot(void);

#endif
