/*
 * tests/kernel/harness/minivm.c - the bytecode loop (see minivm.h). Modelled on CPython 3.11's
 * _PyEval_EvalFrameDefault: a switch over opcodes, a value stack, Py_INCREF/Py_DECREF on every
 * push and pop, and the eval-breaker check only on the backward jump.
 */
#include "tests/kernel/harness/minivm.h"
#include "kernel/sched/gil.h"
#include "kernel/panic.h"

enum op { LOAD_FAST, LOAD_CONST, COMPARE_GT, POP_JUMP_IF_FALSE, BINARY_SUB, STORE_FAST,
          JUMP_BACKWARD, RETURN };

struct instr {
    uint8_t op, arg;
};

static const struct instr countdown_code[] = {
    {LOAD_FAST, 0}, {LOAD_CONST, 0}, {COMPARE_GT, 0}, {POP_JUMP_IF_FALSE, 9},
    {LOAD_FAST, 0}, {LOAD_CONST, 1}, {BINARY_SUB, 0}, {STORE_FAST, 0},
    {JUMP_BACKWARD, 0}, {RETURN, 0},
};

#define STACK_MAX 4

static inline void incref(struct kobj *o)
{
    ((volatile struct kobj *)o)->refcnt++;
}

static inline void decref(struct kinterp *in, struct kobj *o)
{
    if (--((volatile struct kobj *)o)->refcnt == 0) {
        o->next_free = in->int_freelist;     /* the int free list */
        in->int_freelist = o;
    }
}

static inline struct kobj *new_int(struct kinterp *in, uint64_t v)
{
    struct kobj *o = in->int_freelist;
    if (o) {
        in->int_freelist = o->next_free;
        o->refcnt = 1;
        o->value = v;
        return o;
    }
    return kinterp_new(in, v);
}

static inline __attribute__((always_inline)) uint64_t run(struct kinterp *in, uint64_t n,
                                                          bool check_breaker)
{
    struct kobj *consts[2] = {new_int(in, 0), new_int(in, 1)};
    struct kobj *locals[1] = {new_int(in, n)};
    struct kobj *stack[STACK_MAX], *a, *b;
    struct kobj *true_obj = &in->true_obj, *false_obj = &in->false_obj;
    int sp = 0, pc = 0;
    uint64_t iterations = 0;
    /* The bytecode as data the compiler cannot see through, as it is for a real interpreter:
     * otherwise gcc folds the fetch after JUMP_BACKWARD's constant target into a direct jump
     * in one variant and not the other, and the comparison measures that instead. */
    const struct instr *code = countdown_code;
    __asm__("" : "+r"(code));
    /* The breaker word of the running thread: threads are pinned and this one runs the loop. */
    const uint32_t *breaker = &this_thread()->eval_breaker;

    for (;;) {
        struct instr in_ = code[pc++];
        switch (in_.op) {
        case LOAD_FAST:
            incref(locals[in_.arg]);
            stack[sp++] = locals[in_.arg];
            break;
        case LOAD_CONST:
            incref(consts[in_.arg]);
            stack[sp++] = consts[in_.arg];
            break;
        case COMPARE_GT:
            b = stack[--sp];
            a = stack[sp - 1];
            stack[sp - 1] = a->value > b->value ? true_obj : false_obj;
            incref(stack[sp - 1]);
            decref(in, a);
            decref(in, b);
            break;
        case POP_JUMP_IF_FALSE:
            a = stack[--sp];
            if (a == false_obj)
                pc = in_.arg;
            decref(in, a);
            break;
        case BINARY_SUB:
            b = stack[--sp];
            a = stack[sp - 1];
            stack[sp - 1] = new_int(in, a->value - b->value);
            decref(in, a);
            decref(in, b);
            break;
        case STORE_FAST:
            a = locals[in_.arg];
            locals[in_.arg] = stack[--sp];
            decref(in, a);
            break;
        case JUMP_BACKWARD:
            iterations++;
            /* gil_eval_breaker() with the word's address hoisted out of the loop. */
            if (check_breaker &&
                __builtin_expect(__atomic_load_n(breaker, __ATOMIC_RELAXED) != 0, 0))
                gil_handle_eval_breaker(this_thread());
            pc = 0;
            break;
        case RETURN:
            decref(in, locals[0]);
            decref(in, consts[0]);
            decref(in, consts[1]);
            return iterations;
        default:
            panic("minivm: bad opcode %u at %d", in_.op, pc - 1);
        }
    }
}

/*
 * Page-aligned: QEMU's TCG chains translated blocks directly only within one guest page, so a
 * hot loop that happens to straddle a page boundary runs a third slower under emulation. Both
 * variants (about 2 KiB together) fit in the page, so the eval-breaker benchmark compares the
 * check and not where the linker happened to put the loop.
 */
__attribute__((aligned(4096))) uint64_t minivm_countdown(struct kinterp *in, uint64_t n,
                                                         bool check_breaker)
{
    return check_breaker ? run(in, n, true) : run(in, n, false);
}
