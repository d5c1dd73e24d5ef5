/*
 * vm/object.h - the interpreter's object protocol, on gc/object.h's objects (CPython 3.11's
 * Include/abstract.h and object.h, reduced).
 *
 * One object model: every Python value is a `struct object` whose `struct type` (gc/object.h)
 * carries both the memory-management slots gc/ reads and the interpreter slots below. gc/'s
 * built-in containers (tuple, list, dict) are the Python tuple, list and dict: vm/ adds their
 * Python behaviour when it starts (vm_types_init). Types defined here that hold references are
 * TYPE_FLAG_GC containers allocated with gc_alloc, tracked and collected like gc/'s own.
 *
 * Reference conventions are CPython's and hold everywhere: a function returning object_t * returns
 * a NEW reference, or NULL with an exception set (vm_err_*); "borrowed" in a comment means the
 * caller must not drop it. Functions returning int return -1 with an exception set on failure.
 * Arguments are borrowed unless a comment says "steals".
 *
 * Calls use the vectorcall shape: (callable, args, nargs, kwnames) where args[0..nargs) are the
 * positional arguments followed by one value per name in kwnames (a tuple of str, or NULL).
 *
 * Context: the caller holds the GIL of the current interpreter (gc/interp.h); the thread state
 * (vm_thread()) holds the raised exception and the frame chain.
 */
#ifndef VM_OBJECT_H
#define VM_OBJECT_H

#include "gc/gchead.h"
#include "gc/interp.h"
#include "gc/object.h"
#include "gc/types.h"

/* Rich comparison operators (Py_LT ... Py_GE): COMPARE_OP's argument. */
enum { CMP_LT, CMP_LE, CMP_EQ, CMP_NE, CMP_GT, CMP_GE };

/* vm_flags of a type. */
#define VM_TYPE_HEAP      (1u << 0) /* a class made by a class statement or type() */
#define VM_TYPE_BASETYPE  (1u << 1) /* may be subclassed */
#define VM_TYPE_EXC       (1u << 2) /* BaseException or a subclass */
#define VM_TYPE_READY     (1u << 3) /* type_ready has run */
#define VM_TYPE_INT_SUB   (1u << 4) /* int or a subclass (bool): fast checks */
#define VM_TYPE_STR_SUB   (1u << 5)
#define VM_TYPE_TUPLE_SUB (1u << 6)
#define VM_TYPE_LIST_SUB  (1u << 7)
#define VM_TYPE_DICT_SUB  (1u << 8)
#define VM_TYPE_TYPE_SUB  (1u << 9)
#define VM_TYPE_ABSTRACT_NEW (1u << 10) /* cannot be instantiated (NoneType...) */

typedef object_t *(*binaryfunc)(object_t *a, object_t *b);
typedef object_t *(*richcmpfunc)(object_t *a, object_t *b, int op);
typedef object_t *(*unaryfunc)(object_t *a);
typedef object_t *(*ternaryfunc)(object_t *a, object_t *b, object_t *c);

/* Binary operators in BINARY_OP's numbering (NB_ADD = 0 ... NB_XOR = 12; +13: in-place). */
enum nb_op {
    NB_ADD, NB_AND, NB_FLOOR_DIVIDE, NB_LSHIFT, NB_MATRIX_MULTIPLY, NB_MULTIPLY, NB_REMAINDER,
    NB_OR, NB_POWER, NB_RSHIFT, NB_SUBTRACT, NB_TRUE_DIVIDE, NB_XOR, NB_BINARY_COUNT,
    NB_INPLACE = NB_BINARY_COUNT
};

/* Number slots (PyNumberMethods): binary[op] may return NotImplemented for the other operand's
 * turn. power's third operand is None without a modulus. */
struct number_methods {
    binaryfunc binary[NB_BINARY_COUNT];
    binaryfunc inplace[NB_BINARY_COUNT]; /* NULL: the binary slot serves */
    ternaryfunc power;
    unaryfunc negative, positive, absolute, invert;
    unaryfunc to_int, to_float, index;
    int (*to_bool)(object_t *self); /* -1: error */
};

/* Methods of built-in types and functions of built-in modules (PyMethodDef, vectorcall form). */
typedef object_t *(*cfunc)(object_t *self, object_t *const *args, size_t nargs,
                           object_t *kwnames);
#define METH_STATIC (1u << 0) /* staticmethod: self is NULL */
#define METH_CLASS  (1u << 1) /* classmethod: self is the type */
struct method_def {
    const char *name;
    cfunc fn;
    unsigned flags;
};

/* Data attributes of built-in types: getter (and setter, NULL: read-only). */
struct member_def {
    const char *name;
    object_t *(*get)(object_t *self);
    int (*set)(object_t *self, object_t *value);
};

/* ---- singletons and the built-in types defined in vm/ -------------------------------------------- */

extern struct object vm_none, vm_notimplemented, vm_ellipsis;
#define None           (&vm_none)
#define NotImplemented (&vm_notimplemented)
extern struct type object_type, type_type, none_type, bool_type, float_type, bytes_type,
    set_type, frozenset_type, range_type, slice_type, function_type, method_type, cell_type,
    code_type, builtin_function_type, staticmethod_type, classmethod_type, property_type,
    generator_type, module_type, notimplemented_type, ellipsis_type, base_exception_type,
    iter_seq_type, iter_callable_type, traceback_type, wrapper_descr_type, method_descr_type,
    member_descr_type, super_type, enumerate_type, zip_type, map_type, filter_type,
    reversed_type, cell_type, dict_keys_type, dict_values_type, dict_items_type;
/* An int with one digit, laid out as gc/types.h's struct int_object: the static small ints and
 * the two bools. */
struct static_int {
    struct object ob;
    intptr_t size;
    uint32_t digit[1];
};
extern struct static_int vm_true_obj, vm_false_obj;
#define True  ((object_t *)&vm_true_obj)
#define False ((object_t *)&vm_false_obj)

static inline object_t *vm_bool(bool b)
{
    object_t *r = b ? True : False;
    incref(r);
    return r;
}
static inline object_t *vm_none_ref(void)
{
    incref(None);
    return None;
}

static inline struct type *type_of(const object_t *o)
{
    return (struct type *)o->type;
}
static inline bool type_has(const object_t *o, unsigned flag)
{
    return (o->type->vm_flags & flag) != 0;
}
#define IS_INT(o)   type_has((o), VM_TYPE_INT_SUB)
#define IS_STR(o)   type_has((o), VM_TYPE_STR_SUB)
#define IS_TUPLE(o) type_has((o), VM_TYPE_TUPLE_SUB)
#define IS_LIST(o)  type_has((o), VM_TYPE_LIST_SUB)
#define IS_DICT(o)  type_has((o), VM_TYPE_DICT_SUB)
#define IS_TYPE(o)  type_has((o), VM_TYPE_TYPE_SUB)
#define IS_EXC(o)   type_has((o), VM_TYPE_EXC)

/* ---- types (vm/type.c) ------------------------------------------------------------------------ */

int vm_types_init(void); /* once, before anything runs */
/* Fill in a static type's dict (methods, members, slot wrappers), mro and inherited slots. */
int type_ready(struct type *t);
bool type_is_subtype(const struct type *a, const struct type *b);
/* Look name up along type's MRO (borrowed, no error when absent: NULL). */
object_t *type_lookup(const struct type *t, object_t *name);
object_t *type_lookup_cstr(const struct type *t, const char *name);
/* A new class: type(name, bases, dict). */
object_t *type_new_class(object_t *name, object_t *bases, object_t *dict);
bool vm_isinstance_type(object_t *o, const struct type *t);
/* Generic attribute access (PyObject_GenericGetAttr/SetAttr). */
object_t *object_generic_getattr(object_t *o, object_t *name);
int object_generic_setattr(object_t *o, object_t *name, object_t *value);
/* The __dict__ slot of an instance (NULL when its type has none). */
object_t **object_dict_slot(object_t *o);

/* ---- the abstract object protocol (vm/abstract.c) ----------------------------------------------- */

object_t *vm_repr(object_t *o);
object_t *vm_str(object_t *o);
int64_t vm_hash(object_t *o);                    /* -1: error */
object_t *vm_richcompare(object_t *a, object_t *b, int op);
int vm_richcompare_bool(object_t *a, object_t *b, int op); /* identity implies equality */
/* True or False for a three-way comparison result c (<0, 0, >0) under op. */
object_t *vm_cmp_result(int c, int op);
int vm_is_true(object_t *o);                     /* -1: error */
object_t *vm_getattr(object_t *o, object_t *name);
object_t *vm_getattr_cstr(object_t *o, const char *name);
int vm_setattr(object_t *o, object_t *name, object_t *value);
/* Attribute lookup that returns NULL without an error when absent (3.11's _PyObject_LookupAttr:
 * 1 found, 0 absent, -1 error). */
int vm_lookup_attr(object_t *o, object_t *name, object_t **result);
object_t *vm_call(object_t *callable, object_t *const *args, size_t nargs, object_t *kwnames);
object_t *vm_call0(object_t *callable);
object_t *vm_call1(object_t *callable, object_t *a);
object_t *vm_call2(object_t *callable, object_t *a, object_t *b);
/* Call a tuple and dict of arguments (CALL_FUNCTION_EX); kwargs may be NULL. */
object_t *vm_call_tuple_dict(object_t *callable, object_t *args, object_t *kwargs);
/* Look up a special method on the type and call it with self first (NULL + AttributeError-free
 * return when absent: *found = false). */
object_t *vm_call_method(object_t *self, const char *name, object_t *const *args, size_t nargs);
object_t *vm_iter(object_t *o);
object_t *vm_next(object_t *it);  /* NULL without error: exhausted */
object_t *vm_getitem(object_t *o, object_t *key);
int vm_setitem(object_t *o, object_t *key, object_t *value);
int vm_delitem(object_t *o, object_t *key);
intptr_t vm_len(object_t *o);
int vm_contains(object_t *container, object_t *item);
object_t *vm_binary_op(object_t *a, object_t *b, int op); /* op: enum nb_op (+NB_INPLACE) */
object_t *vm_power(object_t *a, object_t *b, object_t *mod);
object_t *vm_negative(object_t *o);
object_t *vm_positive(object_t *o);
object_t *vm_invert(object_t *o);
object_t *vm_absolute(object_t *o);
/* An object usable as an index (__index__) as an int object / a C integer. */
object_t *vm_index(object_t *o);
int vm_index_ssize(object_t *o, intptr_t *out); /* OverflowError beyond intptr_t */
/* A new list of everything o iterates over. */
object_t *vm_sequence_list(object_t *o);
object_t *vm_sequence_tuple(object_t *o);
object_t *vm_format(object_t *o, object_t *spec);
/* An iterator over o[0], o[1], ... until IndexError (the old sequence protocol). */
object_t *seq_iter_new(object_t *o);
/* str % args (vm/str_methods.c). */
object_t *str_mod_format(object_t *fmt, object_t *args);
/* The C stack is nearly used up (vm/vm.c; the platform tells where it ends). */
bool vm_stack_exhausted(void);

/* ---- errors (vm/errors.c) --------------------------------------------------------------------- */

extern struct type *exc_Exception, *exc_TypeError, *exc_ValueError, *exc_KeyError,
    *exc_IndexError, *exc_AttributeError, *exc_NameError, *exc_UnboundLocalError,
    *exc_ZeroDivisionError, *exc_OverflowError, *exc_StopIteration, *exc_RuntimeError,
    *exc_RecursionError, *exc_NotImplementedError, *exc_MemoryError, *exc_AssertionError,
    *exc_SystemError, *exc_ImportError, *exc_ModuleNotFoundError, *exc_LookupError,
    *exc_ArithmeticError, *exc_GeneratorExit, *exc_KeyboardInterrupt, *exc_SystemExit,
    *exc_UnicodeError, *exc_UnicodeDecodeError, *exc_StopAsyncIteration, *exc_BaseException,
    *exc_OSError, *exc_EOFError, *exc_ReferenceError, *exc_SyntaxError, *exc_BufferError,
    *exc_FloatingPointError, *exc_Warning, *exc_DeprecationWarning, *exc_UserWarning,
    *exc_RuntimeWarning;

/* Raise type(message) where message is printf-formatted (%s %d %ld %zu %p %c, and %R/%S for
 * an object's repr/str, %T for an object's type name). Always returns NULL. */
object_t *vm_err_format(struct type *type, const char *fmt, ...);
object_t *str_vformat_c(const char *fmt, va_list ap);
/* Raise an exception instance or class (RAISE_VARARGS semantics); steals nothing. */
void vm_err_set_object(object_t *exc);
void vm_err_set_key(object_t *key); /* KeyError(key) */
object_t *vm_err_nomemory(void);
bool vm_err_occurred(void);
/* The raised exception (borrowed) or NULL. */
object_t *vm_err_peek(void);
/* Take the raised exception out (new reference) and clear it. */
object_t *vm_err_fetch(void);
/* Put an exception back (steals). */
void vm_err_restore(object_t *exc);
void vm_err_clear(void);
/* The raised exception is an instance of t (or a subclass). */
bool vm_err_matches(const struct type *t);
/* exc is an instance of, or a class derived from, the class or tuple of classes in spec. */
int vm_exc_matches(object_t *exc, object_t *spec);
/* Print the exception as CPython's default excepthook does (traceback, chain, message). */
void vm_print_exception(object_t *exc);
object_t *exc_new(struct type *type, object_t *args /* tuple, borrowed */);
object_t *exc_get_args(object_t *exc);
void exc_set_traceback(object_t *exc, object_t *tb); /* steals tb */
object_t *exc_get_traceback(object_t *exc);
void exc_set_context(object_t *exc, object_t *ctx); /* steals ctx */
void exc_set_cause(object_t *exc, object_t *cause); /* steals cause */
object_t *exc_get_context(object_t *exc);
object_t *exc_get_cause(object_t *exc);
bool exc_suppress_context(object_t *exc);
object_t *exc_get_value(object_t *exc); /* StopIteration.value, SystemExit.code (borrowed) */
int vm_errors_init(object_t *builtins);

/* ---- output (vm/vm.c: the platform's stdout and stderr) ---------------------------------------- */

/* Write bytes to the program's stdout (fd 1) or stderr (fd 2). */
extern void (*vm_write_hook)(int fd, const char *data, size_t len);
void vm_write(int fd, const char *data, size_t len);
void vm_write_str(int fd, const char *s);

#endif /* VM_OBJECT_H */
