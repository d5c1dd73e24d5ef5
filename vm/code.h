/*
 * vm/code.h - code objects (CPython 3.11's PyCodeObject, as marshal writes it), frames and the
 * eval loop's entry points.
 *
 * co_code is the 3.11 instruction stream: 2-byte units (opcode, oparg), EXTENDED_ARG prefixes,
 * and CACHE units after the instructions that have inline caches (the eval loop skips them).
 * localsplus holds the local names, then cell names, then free names, each with a kind byte
 * (CO_FAST_LOCAL, CO_FAST_CELL, CO_FAST_FREE; a parameter that is also a cell is both LOCAL and
 * CELL).
 */
#ifndef VM_CODE_H
#define VM_CODE_H

#include "vm/builtin.h"

#define CO_OPTIMIZED      0x0001
#define CO_NEWLOCALS      0x0002
#define CO_VARARGS        0x0004
#define CO_VARKEYWORDS    0x0008
#define CO_NESTED         0x0010
#define CO_GENERATOR      0x0020
#define CO_COROUTINE      0x0080
#define CO_HAS_DOCSTRING_GUESS 0x40000000 /* ours: the first constant is the docstring */

#define CO_FAST_LOCAL 0x20
#define CO_FAST_CELL  0x40
#define CO_FAST_FREE  0x80

struct code_object {
    struct object ob;
    int argcount, posonlyargcount, kwonlyargcount, stacksize, flags, firstlineno;
    object_t *code;           /* bytes */
    object_t *consts;         /* tuple */
    object_t *names;          /* tuple of str */
    object_t *localsplusnames;/* tuple of str */
    object_t *localspluskinds;/* bytes */
    object_t *filename, *name, *qualname;
    object_t *linetable;      /* bytes: 3.11 location table */
    object_t *exceptiontable; /* bytes */
    int nlocalsplus, nlocals, ncellvars, nfreevars;
    const uint16_t *instr;    /* the code bytes as 16-bit units */
    size_t ninstr;
};

extern struct type code_type;

/* Line of the instruction at code unit index `offset` (-1 when none). */
int code_line_of(struct code_object *co, int offset);
/* Handler for the instruction at `offset` from the exception table: 1 found (target, depth,
 * lasti), 0 none. */
int code_find_handler(struct code_object *co, int offset, int *target, int *depth, bool *lasti);

/* Marshal (vm/marshal.c): a module code object from .pyc bytes (16-byte header included).
 * On a bad file raises ValueError naming `what` and the offset. */
object_t *marshal_load_pyc(const char *what, const uint8_t *data, size_t len);

/* The eval loop (vm/ceval.c). */
object_t *vm_call_function(object_t *func, object_t *const *args, size_t nargs,
                           object_t *kwnames);
object_t *vm_eval_code(struct code_object *co, object_t *globals, object_t *locals);
object_t *vm_builtins_dict(void);

#endif /* VM_CODE_H */
