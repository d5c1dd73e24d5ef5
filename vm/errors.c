/*
 * vm/errors.c - exceptions: the hierarchy of built-in exception classes, raising and catching
 * (Objects/exceptions.c, Python/errors.c).
 *
 * The raised exception is one object in the thread state (3.11's "current exception" with its
 * traceback in __traceback__), not CPython's older (type, value, traceback) triple: raising a
 * class instantiates it at once. Exception instances share instance_layout's head (weaklist,
 * __dict__) so Python classes derive from them with the same instance code (vm/instance.c).
 *
 * The built-in exception classes are static types made at start-up from one table (name, base),
 * in the order of CPython's hierarchy.
 */
#include "vm/builtin.h"
#include "vm/slots.h"
#include "vm/thread.h"

struct exc_object {
    struct instance_layout head;
    object_t *args;      /* tuple */
    object_t *traceback; /* traceback or NULL */
    object_t *context, *cause;
    bool suppress_context;
    object_t *value;     /* StopIteration.value, SystemExit.code; NULL otherwise */
};

struct type *exc_Exception, *exc_TypeError, *exc_ValueError, *exc_KeyError, *exc_IndexError,
    *exc_AttributeError, *exc_NameError, *exc_UnboundLocalError, *exc_ZeroDivisionError,
    *exc_OverflowError, *exc_StopIteration, *exc_RuntimeError, *exc_RecursionError,
    *exc_NotImplementedError, *exc_MemoryError, *exc_AssertionError, *exc_SystemError,
    *exc_ImportError, *exc_ModuleNotFoundError, *exc_LookupError, *exc_ArithmeticError,
    *exc_GeneratorExit, *exc_KeyboardInterrupt, *exc_SystemExit, *exc_UnicodeError,
    *exc_UnicodeDecodeError, *exc_StopAsyncIteration, *exc_BaseException, *exc_OSError,
    *exc_EOFError, *exc_ReferenceError, *exc_SyntaxError, *exc_BufferError,
    *exc_FloatingPointError, *exc_Warning, *exc_DeprecationWarning, *exc_UserWarning,
    *exc_RuntimeWarning;

/* ---- the BaseException type ----------------------------------------------------------------------- */

static int exc_traverse(object_t *o, visitproc visit, void *arg)
{
    struct exc_object *e = (struct exc_object *)o;
    int r;
    if (e->head.dict && (r = visit(e->head.dict, arg)))
        return r;
    if (e->args && (r = visit(e->args, arg)))
        return r;
    if (e->traceback && (r = visit(e->traceback, arg)))
        return r;
    if (e->context && (r = visit(e->context, arg)))
        return r;
    if (e->cause && (r = visit(e->cause, arg)))
        return r;
    if (e->value && (r = visit(e->value, arg)))
        return r;
    return 0;
}

static int exc_clear(object_t *o)
{
    struct exc_object *e = (struct exc_object *)o;
    CLEAR_REF(e->args);
    CLEAR_REF(e->traceback);
    CLEAR_REF(e->context);
    CLEAR_REF(e->cause);
    CLEAR_REF(e->value);
    return 0;
}

static void exc_dealloc(object_t *o)
{
    struct exc_object *e = (struct exc_object *)o;
    gc_untrack(o);
    if (e->head.weaklist)
        object_clear_weakrefs(o);
    TRASHCAN_BEGIN(o)
    CLEAR_REF(e->head.dict);
    exc_clear(o);
    gc_free(o, o->type->basic_size);
    TRASHCAN_END
}

static object_t *exc_tp_new(struct type *t, object_t *const *args, size_t nargs,
                            object_t *kwnames)
{
    (void)kwnames;
    struct exc_object *e = (struct exc_object *)gc_alloc(t, t->basic_size);
    if (!e)
        return vm_err_nomemory();
    memset((char *)e + sizeof(struct object), 0, t->basic_size - sizeof(struct object));
    if (t->vm_flags & VM_TYPE_HEAP)
        incref((object_t *)t);
    e->args = tuple_from_array(args, nargs);
    if (!e->args) {
        decref(&e->head.ob);
        return NULL;
    }
    if ((type_is_subtype(t, exc_StopIteration) || type_is_subtype(t, exc_SystemExit))) {
        e->value = nargs ? args[0] : None;
        incref(e->value);
    }
    gc_track(&e->head.ob);
    return &e->head.ob;
}

static int exc_tp_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    struct exc_object *e = (struct exc_object *)self;
    if (kwnames && tuple_size(kwnames)) {
        vm_err_format(exc_TypeError, "%s() takes no keyword arguments", self->type->name);
        return -1;
    }
    object_t *t = tuple_from_array(args, nargs);
    if (!t)
        return -1;
    decref(e->args);
    e->args = t;
    return 0;
}

static object_t *exc_str(object_t *o)
{
    struct exc_object *e = (struct exc_object *)o;
    size_t n = e->args ? tuple_size(e->args) : 0;
    if (n == 0)
        return str_from_cstr("");
    if (n == 1) {
        /* KeyError's str is the repr of its key. */
        if (type_is_subtype(o->type, exc_KeyError))
            return vm_repr(tuple_items(e->args)[0]);
        return vm_str(tuple_items(e->args)[0]);
    }
    return vm_repr(e->args);
}

static object_t *exc_repr(object_t *o)
{
    struct exc_object *e = (struct exc_object *)o;
    size_t n = e->args ? tuple_size(e->args) : 0;
    if (n == 1)
        return str_format_c("%s(%R)", o->type->name, tuple_items(e->args)[0]);
    if (n == 0)
        return str_format_c("%s()", o->type->name);
    return str_format_c("%s%R", o->type->name, e->args);
}

static object_t *get_args(object_t *o)
{
    struct exc_object *e = (struct exc_object *)o;
    incref(e->args);
    return e->args;
}

static int set_args(object_t *o, object_t *v)
{
    struct exc_object *e = (struct exc_object *)o;
    object_t *t = v ? vm_sequence_tuple(v) : NULL;
    if (!t)
        return -1;
    decref(e->args);
    e->args = t;
    return 0;
}

#define EXC_FIELD_GETSET(field)                                                                \
    static object_t *get_##field(object_t *o)                                                  \
    {                                                                                          \
        object_t *v = ((struct exc_object *)o)->field;                                         \
        v = v ? v : None;                                                                      \
        incref(v);                                                                             \
        return v;                                                                              \
    }                                                                                          \
    static int set_##field(object_t *o, object_t *v)                                           \
    {                                                                                          \
        struct exc_object *e = (struct exc_object *)o;                                         \
        object_t *old = e->field;                                                              \
        e->field = v && v != None ? v : NULL;                                                  \
        XINCREF(e->field);                                                                     \
        XDECREF(old);                                                                          \
        return 0;                                                                              \
    }
EXC_FIELD_GETSET(traceback)
EXC_FIELD_GETSET(context)
EXC_FIELD_GETSET(value)

static object_t *get_cause(object_t *o)
{
    object_t *v = ((struct exc_object *)o)->cause;
    v = v ? v : None;
    incref(v);
    return v;
}

static int set_cause(object_t *o, object_t *v)
{
    struct exc_object *e = (struct exc_object *)o;
    object_t *old = e->cause;
    e->cause = v && v != None ? v : NULL;
    XINCREF(e->cause);
    XDECREF(old);
    e->suppress_context = true;
    return 0;
}

static object_t *get_suppress(object_t *o)
{
    return vm_bool(((struct exc_object *)o)->suppress_context);
}

static int set_suppress(object_t *o, object_t *v)
{
    int t = vm_is_true(v);
    if (t < 0)
        return -1;
    ((struct exc_object *)o)->suppress_context = t;
    return 0;
}

static const struct member_def exc_members[] = {
    {"args", get_args, set_args},
    {"__traceback__", get_traceback, set_traceback},
    {"__context__", get_context, set_context},
    {"__cause__", get_cause, set_cause},
    {"__suppress_context__", get_suppress, set_suppress},
    {NULL, NULL, NULL},
};

static const struct member_def value_members[] = {
    {"value", get_value, set_value},
    {NULL, NULL, NULL},
};
static const struct member_def code_members[] = {
    {"code", get_value, set_value},
    {NULL, NULL, NULL},
};

static object_t *exc_with_traceback(object_t *self, object_t *const *args, size_t nargs,
                                    object_t *kwnames)
{
    if (vm_check_args("with_traceback", nargs, kwnames, 1, 1) < 0)
        return NULL;
    set_traceback(self, args[0]);
    incref(self);
    return self;
}

static const struct method_def exc_methods[] = {
    {"with_traceback", exc_with_traceback, 0},
    {NULL, NULL, 0},
};

struct type base_exception_type = {
    .name = "BaseException",
    .basic_size = sizeof(struct exc_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .dealloc = exc_dealloc,
    .traverse = exc_traverse,
    .clear = exc_clear,
    .dictoffset = offsetof(struct instance_layout, dict),
    .newfunc = exc_tp_new,
    .init = exc_tp_init,
    .str = exc_str,
    .repr = exc_repr,
    .members = exc_members,
    .methods = exc_methods,
    .vm_flags = VM_TYPE_EXC | VM_TYPE_BASETYPE,
};

/* The hierarchy: each entry derives from the one named as its base (earlier in the table). */
static const struct {
    struct type **slot;
    const char *name;
    struct type **base;
    const struct member_def *members;
} hierarchy[] = {
    {&exc_BaseException, "BaseException", NULL, NULL},
    {&exc_SystemExit, "SystemExit", &exc_BaseException, code_members},
    {&exc_KeyboardInterrupt, "KeyboardInterrupt", &exc_BaseException, NULL},
    {&exc_GeneratorExit, "GeneratorExit", &exc_BaseException, NULL},
    {&exc_Exception, "Exception", &exc_BaseException, NULL},
    {&exc_StopIteration, "StopIteration", &exc_Exception, value_members},
    {&exc_StopAsyncIteration, "StopAsyncIteration", &exc_Exception, NULL},
    {&exc_ArithmeticError, "ArithmeticError", &exc_Exception, NULL},
    {&exc_FloatingPointError, "FloatingPointError", &exc_ArithmeticError, NULL},
    {&exc_OverflowError, "OverflowError", &exc_ArithmeticError, NULL},
    {&exc_ZeroDivisionError, "ZeroDivisionError", &exc_ArithmeticError, NULL},
    {&exc_AssertionError, "AssertionError", &exc_Exception, NULL},
    {&exc_AttributeError, "AttributeError", &exc_Exception, NULL},
    {&exc_BufferError, "BufferError", &exc_Exception, NULL},
    {&exc_EOFError, "EOFError", &exc_Exception, NULL},
    {&exc_ImportError, "ImportError", &exc_Exception, NULL},
    {&exc_ModuleNotFoundError, "ModuleNotFoundError", &exc_ImportError, NULL},
    {&exc_LookupError, "LookupError", &exc_Exception, NULL},
    {&exc_IndexError, "IndexError", &exc_LookupError, NULL},
    {&exc_KeyError, "KeyError", &exc_LookupError, NULL},
    {&exc_MemoryError, "MemoryError", &exc_Exception, NULL},
    {&exc_NameError, "NameError", &exc_Exception, NULL},
    {&exc_UnboundLocalError, "UnboundLocalError", &exc_NameError, NULL},
    {&exc_OSError, "OSError", &exc_Exception, NULL},
    {&exc_ReferenceError, "ReferenceError", &exc_Exception, NULL},
    {&exc_RuntimeError, "RuntimeError", &exc_Exception, NULL},
    {&exc_NotImplementedError, "NotImplementedError", &exc_RuntimeError, NULL},
    {&exc_RecursionError, "RecursionError", &exc_RuntimeError, NULL},
    {&exc_SyntaxError, "SyntaxError", &exc_Exception, NULL},
    {&exc_SystemError, "SystemError", &exc_Exception, NULL},
    {&exc_TypeError, "TypeError", &exc_Exception, NULL},
    {&exc_ValueError, "ValueError", &exc_Exception, NULL},
    {&exc_UnicodeError, "UnicodeError", &exc_ValueError, NULL},
    {&exc_UnicodeDecodeError, "UnicodeDecodeError", &exc_UnicodeError, NULL},
    {&exc_Warning, "Warning", &exc_Exception, NULL},
    {&exc_DeprecationWarning, "DeprecationWarning", &exc_Warning, NULL},
    {&exc_RuntimeWarning, "RuntimeWarning", &exc_Warning, NULL},
    {&exc_UserWarning, "UserWarning", &exc_Warning, NULL},
};

#define NUM_EXC (sizeof hierarchy / sizeof hierarchy[0])
static struct type exc_types[NUM_EXC];

/* Make the exception classes (once), and put them in builtins when it is given. */
int vm_errors_init(object_t *builtins)
{
    static bool made;
    for (size_t i = 0; i < NUM_EXC && made; i++)
        if (builtins && dict_store_cstr(builtins, hierarchy[i].name,
                                        (object_t *)*hierarchy[i].slot) < 0)
            return -1;
    if (made)
        return 0;
    made = true;
    for (size_t i = 0; i < NUM_EXC; i++) {
        struct type *t = i == 0 ? &base_exception_type : &exc_types[i];
        if (i > 0) {
            *t = (struct type){
                .name = hierarchy[i].name,
                .basic_size = sizeof(struct exc_object),
                .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
                .dealloc = exc_dealloc,
                .traverse = exc_traverse,
                .clear = exc_clear,
                .members = hierarchy[i].members,
                .base = *hierarchy[i].base,
                .vm_flags = VM_TYPE_EXC | VM_TYPE_BASETYPE,
            };
        }
        *hierarchy[i].slot = t;
        if (type_ready(t) < 0 ||
            (builtins && dict_store_cstr(builtins, hierarchy[i].name, (object_t *)t) < 0))
            return -1;
    }
    return 0;
}

/* ---- accessors ------------------------------------------------------------------------------------ */

object_t *exc_new(struct type *type, object_t *args)
{
    return vm_call(&type->ob, tuple_items(args), tuple_size(args), NULL);
}

object_t *exc_get_args(object_t *exc)
{
    return ((struct exc_object *)exc)->args;
}

object_t *exc_get_traceback(object_t *exc)
{
    return ((struct exc_object *)exc)->traceback;
}

void exc_set_traceback(object_t *exc, object_t *tb)
{
    struct exc_object *e = (struct exc_object *)exc;
    object_t *old = e->traceback;
    e->traceback = tb;
    XDECREF(old);
}

object_t *exc_get_context(object_t *exc)
{
    return ((struct exc_object *)exc)->context;
}

void exc_set_context(object_t *exc, object_t *ctx)
{
    struct exc_object *e = (struct exc_object *)exc;
    object_t *old = e->context;
    e->context = ctx;
    XDECREF(old);
}

void exc_set_cause(object_t *exc, object_t *cause)
{
    struct exc_object *e = (struct exc_object *)exc;
    object_t *old = e->cause;
    e->cause = cause;
    e->suppress_context = true;
    XDECREF(old);
}

object_t *exc_get_cause(object_t *exc)
{
    return ((struct exc_object *)exc)->cause;
}

bool exc_suppress_context(object_t *exc)
{
    return ((struct exc_object *)exc)->suppress_context;
}

object_t *exc_get_value(object_t *exc)
{
    return ((struct exc_object *)exc)->value;
}

/* ---- raising ---------------------------------------------------------------------------------------- */

void vm_err_restore(object_t *exc)
{
    struct vm_thread *ts = vm_thread();
    object_t *old = ts->exc;
    ts->exc = exc;
    XDECREF(old);
}

object_t *vm_err_fetch(void)
{
    struct vm_thread *ts = vm_thread();
    object_t *e = ts->exc;
    ts->exc = NULL;
    return e;
}

void vm_err_clear(void)
{
    vm_err_restore(NULL);
}

bool vm_err_occurred(void)
{
    return vm_thread()->exc != NULL;
}

object_t *vm_err_peek(void)
{
    return vm_thread()->exc;
}

bool vm_err_matches(const struct type *t)
{
    object_t *e = vm_thread()->exc;
    return e && type_is_subtype(e->type, t);
}

static void set_instance(object_t *exc)
{
    /* Chain: an exception raised while another is being handled gets it as __context__. */
    object_t *handled = vm_thread_handled_exception();
    if (handled && handled != exc && !exc_get_context(exc)) {
        /* avoid cycles in the context chain, as CPython does */
        object_t *o = handled;
        while (o) {
            object_t *c = exc_get_context(o);
            if (c == exc) {
                exc_set_context(o, NULL);
                break;
            }
            o = c;
        }
        incref(handled);
        exc_set_context(exc, handled);
    }
    incref(exc);
    vm_err_restore(exc);
}

void vm_err_set_object(object_t *exc)
{
    if (IS_TYPE(exc)) {
        object_t *inst = vm_call0(exc);
        if (!inst)
            return;
        if (!IS_EXC(inst)) {
            vm_err_format(exc_TypeError,
                          "calling %R should have returned an instance of BaseException, "
                          "not %s", exc, inst->type->name);
            decref(inst);
            return;
        }
        set_instance(inst);
        decref(inst);
        return;
    }
    set_instance(exc);
}

object_t *vm_err_format(struct type *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    object_t *msg = str_vformat_c(fmt, ap);
    va_end(ap);
    if (!msg)
        return NULL;
    object_t *exc = vm_call1((object_t *)type, msg);
    decref(msg);
    if (exc) {
        set_instance(exc);
        decref(exc);
    }
    return NULL;
}

void vm_err_set_key(object_t *key)
{
    object_t *exc = vm_call1((object_t *)exc_KeyError, key);
    if (exc) {
        set_instance(exc);
        decref(exc);
    }
}

/* A preallocated MemoryError would be CPython's; ours is made when needed and, if even that
 * fails, the thread's reserved instance is raised. */
object_t *vm_err_nomemory(void)
{
    struct vm_thread *ts = vm_thread();
    if (ts->memory_error) {
        set_instance(ts->memory_error);
        return NULL;
    }
    vm_err_format(exc_MemoryError, "");
    return NULL;
}

int vm_exc_matches(object_t *exc, object_t *spec)
{
    if (IS_TUPLE(spec)) {
        for (size_t i = 0; i < tuple_size(spec); i++) {
            int r = vm_exc_matches(exc, tuple_items(spec)[i]);
            if (r)
                return r;
        }
        return 0;
    }
    if (!IS_TYPE(spec) || !type_is_subtype((struct type *)spec, exc_BaseException)) {
        vm_err_format(exc_TypeError,
                      "catching classes that do not inherit from BaseException is not allowed");
        return -1;
    }
    const struct type *t = IS_TYPE(exc) ? (struct type *)exc : exc->type;
    return type_is_subtype(t, (struct type *)spec);
}

/* RecursionError: made with 50 frames of headroom (CPython's), so making it cannot recurse. */
object_t *vm_err_recursion(const char *where)
{
    struct vm_thread *ts = vm_thread();
    if (ts->overflowed) {
        /* already raising one: raise the thread's preallocated instance if making fails */
        return vm_err_format(exc_RecursionError, "maximum recursion depth exceeded%s", where);
    }
    ts->overflowed = true;
    vm_err_format(exc_RecursionError, "maximum recursion depth exceeded%s", where);
    ts->overflowed = false;
    return NULL;
}
