/*
 * vm/vm.h - the interpreter's entry points for the platform (the kernel's `py` command, the
 * hosted build/host/pymm), and what the eval loop needs from the rest of vm/.
 *
 * A program runs as the module __main__: vm_run_program finds NAME in the program archive,
 * loads its code object, runs it, prints an uncaught exception as CPython does (traceback on
 * stderr) and returns the exit status: 0, 1 for an uncaught exception, n for sys.exit(n).
 * Everything the run created is released at the end (modules, interned strings, the
 * collector's garbage), so the heap returns to its baseline between programs.
 */
#ifndef VM_VM_H
#define VM_VM_H

#include "vm/archive.h"
#include "vm/object.h"

struct py_archive;

/* Run archive entry `name` (e.g. "py/countdown.py") with sys.argv = argv. */
int vm_run_program(const struct py_archive *ar, const char *name, int argc, const char **argv);

/* The platform's hooks: output, the clock, sleeping, and the C stack's lower bound. */
struct vm_platform {
    void (*write)(int fd, const char *data, size_t len);
    uint64_t (*monotonic_ns)(void);
    void (*sleep_ns)(uint64_t ns);
    uintptr_t (*stack_limit)(void); /* lowest address the running thread's C stack may use */
    /* Has the user asked to interrupt (Ctrl-C)? Polled every few thousand loop back-edges and
     * calls, and while sleeping; true raises KeyboardInterrupt. NULL: never. */
    bool (*interrupted)(void);
    /* The text of a source file, for the lines tracebacks quote (NULL: not available). */
    const char *(*source)(const char *filename, size_t *size);
};
extern struct vm_platform vm_platform;

/* Set (from an interrupt or another CPU) to make the eval loop stop at its next check:
 * Ctrl-C on the console sets it with vm_interrupt_pending. */
extern volatile int vm_eval_breaker;
extern volatile int vm_interrupt_pending;
int vm_handle_eval_breaker(void); /* -1 with KeyboardInterrupt raised */
/* Count down to the next poll of vm_platform.interrupted (the eval loop's periodic check). */
extern int vm_poll_countdown;
void vm_poll_interrupt(void);
#define VM_POLL_EVERY 4096

/* import (vm/import.c) */
object_t *vm_import(object_t *name, object_t *globals, object_t *fromlist, object_t *level);
int vm_import_star(object_t *module, object_t *locals);
object_t *vm_import_cstr(const char *name);
int vm_display_hook(object_t *v);
object_t *vm_ascii(object_t *o);

/* The built-in modules (vm/mod_*.c): each makes its module object. */
object_t *vm_module_builtins(void);
object_t *vm_module_sys(void);
object_t *vm_module_gc(void);
object_t *vm_module_time(void);
object_t *vm_module_math(void);
object_t *vm_module_weakref(void);
object_t *vm_module_random_core(void);

#endif /* VM_VM_H */
