/*
 * vm/frame.h - frames (3.11's _PyInterpreterFrame) and generators.
 *
 * A frame is one kmalloc block: the header, then localsplus (locals, cells, free variables) and
 * the value stack. Calls from Python to Python functions do not recurse in C: the eval loop
 * pushes the callee's frame and goes on in the same C activation (`is_entry` marks the frame a C
 * caller waits for). A generator owns its frame; the frame is not an object, but the generator
 * traverses it, so frames of suspended generators take part in collection.
 */
#ifndef VM_FRAME_H
#define VM_FRAME_H

#include "vm/code.h"

struct frame {
    struct code_object *code;  /* owned */
    object_t *func;            /* owned; NULL for module and class bodies run by exec */
    object_t *globals, *builtins; /* owned */
    object_t *locals;          /* owned dict for module/class bodies, else NULL */
    struct frame *back;
    object_t *gen;             /* the generator owning this frame (borrowed), or NULL */
    int lasti;                 /* code unit index of the current instruction */
    int stackdepth;            /* values on the stack while suspended */
    bool is_entry;
    object_t *localsplus[];    /* nlocalsplus, then the stack (stacksize) */
};

struct frame *frame_new(struct code_object *co, object_t *func, object_t *globals,
                        object_t *builtins, object_t *locals);
/* Drop everything the frame holds and free it (stack values up to stackdepth). */
void frame_free(struct frame *f);
int frame_traverse(struct frame *f, visitproc visit, void *arg);

/* Run a frame until it returns or raises (or yields, for a generator's frame). */
object_t *vm_eval_frame(struct frame *f, object_t *sent, bool throwing);

struct gen_object {
    struct object ob;
    struct weakref_object *weaklist;
    struct frame *frame;      /* NULL once finished */
    object_t *name, *qualname;
    bool running;
    bool started;
};
extern struct type generator_type;
object_t *gen_new(struct frame *f);
/* Resume a generator with a value (or an exception to throw in, when exc). *done tells
 * whether it returned (the result is the return value) rather than yielded. */
object_t *gen_send_ex(object_t *gen, object_t *value, object_t *exc, bool *done);

/* Tracebacks: one entry per frame an exception passed through. */
struct traceback_object {
    struct object ob;
    object_t *next;
    struct code_object *code;
    int lasti;
    int lineno;
};
object_t *traceback_here(object_t *next, struct frame *f);
void traceback_print(object_t *tb);

#endif /* VM_FRAME_H */
