/*
 * vm/thread.h - the interpreter's per-thread state (PyThreadState, reduced): the raised
 * exception, the exception being handled (sys.exc_info()), the running frame, the recursion
 * depth. One per CPU slot until Python threads exist; the current one is found by
 * platform_cpu_id().
 */
#ifndef VM_THREAD_H
#define VM_THREAD_H

#include "vm/object.h"

struct frame;

struct vm_thread {
    object_t *exc;           /* raised, not yet caught (owned) */
    object_t *exc_info;      /* being handled by an except block (owned) or NULL */
    struct frame *frame;     /* innermost running frame */
    int depth;               /* Python frames on this thread's C and frame stacks */
    int recursion_limit;
    bool overflowed;         /* raising RecursionError: 50 more frames allowed for that */
    uintptr_t stack_limit;   /* lowest usable C stack address (0: unknown) */
    object_t *memory_error;  /* a MemoryError made at start-up, raised when memory is out */
};

extern struct vm_thread vm_threads[PLATFORM_MAX_CPUS];

static inline struct vm_thread *vm_thread(void)
{
    return &vm_threads[platform_cpu_id()];
}

static inline object_t *vm_thread_handled_exception(void)
{
    return vm_thread()->exc_info;
}

/* Print "Exception ignored in: <obj>" and the raised exception, then clear it (as CPython's
 * PyErr_WriteUnraisable does for errors in __del__ and weakref callbacks). */
void vm_print_unraisable(const char *what, object_t *obj);

#endif /* VM_THREAD_H */
