/*
 * vm/vm.h - the interpreter's entry point for the programs of an archive (vm/archive.h).
 *
 * The kernel calls it from the console (`py run`) and at boot (py.run=, kernel/programs.c);
 * the kernel refers to it weakly, so a kernel built without the interpreter still boots and
 * says so instead of running anything.
 */
#ifndef VM_VM_H
#define VM_VM_H

#include "vm/archive.h"

/*
 * Run the program called `name` in ar (found with py_archive_find; its .pyc already passed
 * py_archive_check_pyc), with sys.argv = argv[0..argc), argv[0] being `name`. Its `import x`
 * finds x.py beside it (py_archive_find_import). Returns its exit status: 0 when it ended
 * normally, 1 after an uncaught exception (the traceback printed), n for sys.exit(n).
 */
int vm_run_program(const struct py_archive *ar, const char *name, int argc, const char **argv);

#endif
