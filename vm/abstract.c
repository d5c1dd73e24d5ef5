/*
 * vm/abstract.c - the abstract object protocol (Objects/abstract.c, object.c): what the eval loop
 * and the builtins call, dispatching through the type slots.
 *
 * Binary operators follow CPython's binary_op1: the left operand's slot first, unless the right
 * operand's type is a proper subtype with its own slot (then it goes first); NotImplemented
 * passes the turn; both declining is a TypeError naming the operator and both types. Rich
 * comparisons do the same with reflected operators (< against >), and == / != fall back to
 * identity.
 */
#include "vm/builtin.h"
#include "vm/slots.h"
#include "vm/thread.h"

object_t *vm_repr(object_t *o)
{
    struct vm_thread *ts = vm_thread();
    if (ts->depth > ts->recursion_limit + (ts->overflowed ? 50 : 0))
        return vm_err_recursion(" while getting the repr of an object");
    if (!o->type->repr)
        return str_format_c("<%s object at %p>", o->type->name, (void *)o);
    ts->depth++;
    object_t *r = o->type->repr(o);
    ts->depth--;
    return r;
}

object_t *vm_str(object_t *o)
{
    if (o->type == &str_type) {
        incref(o);
        return o;
    }
    if (IS_STR(o) && (!o->type->str || o->type->str == str_type.str))
        return str_from_utf8(str_data(o), str_bytes(o)); /* str.__str__ of a subclass: a copy */
    if (!o->type->str)
        return vm_repr(o);
    return o->type->str(o);
}

int64_t vm_hash(object_t *o)
{
    if (!o->type->hash) {
        vm_err_format(exc_TypeError, "unhashable type: '%s'", o->type->name);
        return -1;
    }
    return o->type->hash(o);
}

static const char *const cmp_symbols[] = {"<", "<=", "==", "!=", ">", ">="};
static const int cmp_swapped[] = {CMP_GT, CMP_GE, CMP_EQ, CMP_NE, CMP_LT, CMP_LE};

object_t *vm_richcompare(object_t *a, object_t *b, int op)
{
    richcmpfunc fa = a->type->richcompare, fb = b->type->richcompare;
    object_t *r;
    bool checked_reverse = false;

    if (a->type != b->type && fb && type_is_subtype(b->type, a->type)) {
        checked_reverse = true;
        r = fb(b, a, cmp_swapped[op]);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    if (fa) {
        r = fa(a, b, op);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    if (!checked_reverse && fb) {
        r = fb(b, a, cmp_swapped[op]);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    if (op == CMP_EQ)
        return vm_bool(a == b);
    if (op == CMP_NE)
        return vm_bool(a != b);
    return vm_err_format(exc_TypeError,
                         "'%s' not supported between instances of '%s' and '%s'",
                         cmp_symbols[op], a->type->name, b->type->name);
}

int vm_richcompare_bool(object_t *a, object_t *b, int op)
{
    if (a == b) {
        if (op == CMP_EQ)
            return 1;
        if (op == CMP_NE)
            return 0;
    }
    object_t *r = vm_richcompare(a, b, op);
    if (!r)
        return -1;
    int t = r == True ? 1 : r == False ? 0 : vm_is_true(r);
    decref(r);
    return t;
}

int vm_is_true(object_t *o)
{
    if (o == True)
        return 1;
    if (o == False || o == None)
        return 0;
    if (o->type->number && o->type->number->to_bool)
        return o->type->number->to_bool(o);
    if (o->type->length) {
        intptr_t n = o->type->length(o);
        return n < 0 ? -1 : n > 0;
    }
    return 1;
}

object_t *vm_getattr(object_t *o, object_t *name)
{
    if (o->type->getattro)
        return o->type->getattro(o, name);
    return object_generic_getattr(o, name);
}

object_t *vm_getattr_cstr(object_t *o, const char *name)
{
    object_t *key = str_intern_cstr(name);
    return key ? vm_getattr(o, key) : NULL;
}

int vm_setattr(object_t *o, object_t *name, object_t *value)
{
    if (o->type->setattro)
        return o->type->setattro(o, name, value);
    if (!(o->type->dictoffset) && o->type->getattro != object_generic_getattr &&
        !type_lookup(o->type, name)) {
        vm_err_format(exc_AttributeError, value ? "'%s' object has no attribute '%U'"
                                                : "'%s' object has no attribute '%U'",
                      o->type->name, name);
        return -1;
    }
    return object_generic_setattr(o, name, value);
}

int vm_lookup_attr(object_t *o, object_t *name, object_t **result)
{
    *result = vm_getattr(o, name);
    if (*result)
        return 1;
    if (vm_err_matches(exc_AttributeError)) {
        vm_err_clear();
        return 0;
    }
    return -1;
}

object_t *vm_call(object_t *callable, object_t *const *args, size_t nargs, object_t *kwnames)
{
    if (!callable->type->call)
        return vm_err_format(exc_TypeError, "'%s' object is not callable",
                             callable->type->name);
    /* Python functions count their frames in the eval loop; bound methods lead to one. */
    if (callable->type == &function_type || callable->type == &method_type)
        return callable->type->call(callable, args, nargs, kwnames);
    struct vm_thread *ts = vm_thread();
    if (__builtin_expect(++ts->depth > ts->recursion_limit + (ts->overflowed ? 50 : 0), 0) ||
        vm_stack_exhausted()) {
        ts->depth--;
        return vm_err_recursion("");
    }
    object_t *r = callable->type->call(callable, args, nargs, kwnames);
    ts->depth--;
    if (!r && !vm_err_occurred())
        vm_err_format(exc_SystemError, "%s returned NULL without setting an exception",
                      callable->type->name);
    return r;
}

object_t *vm_call0(object_t *callable)
{
    return vm_call(callable, NULL, 0, NULL);
}

object_t *vm_call1(object_t *callable, object_t *a)
{
    return vm_call(callable, &a, 1, NULL);
}

object_t *vm_call2(object_t *callable, object_t *a, object_t *b)
{
    object_t *args[2] = {a, b};
    return vm_call(callable, args, 2, NULL);
}

object_t *vm_call_tuple_dict(object_t *callable, object_t *args, object_t *kwargs)
{
    size_t n = tuple_size(args), nkw = kwargs ? dict_len(kwargs) : 0;
    object_t **argv, *kwnames = NULL, *r;

    if (nkw == 0)
        return vm_call(callable, tuple_items(args), n, NULL);
    argv = kmalloc((n + nkw) * sizeof *argv);
    kwnames = tuple_new(nkw);
    if (!argv || !kwnames) {
        kfree(argv);
        XDECREF(kwnames);
        return vm_err_nomemory();
    }
    memcpy(argv, tuple_items(args), n * sizeof *argv);
    size_t pos = 0, i = 0;
    object_t *k, *v;
    while (dict_next(kwargs, &pos, &k, &v)) {
        if (!IS_STR(k)) {
            kfree(argv);
            decref(kwnames);
            return vm_err_format(exc_TypeError, "keywords must be strings");
        }
        incref(k);
        tuple_set(kwnames, i, k);
        argv[n + i++] = v;
    }
    r = vm_call(callable, argv, n, kwnames);
    kfree(argv);
    decref(kwnames);
    return r;
}

object_t *vm_call_method(object_t *self, const char *name, object_t *const *args, size_t nargs)
{
    object_t *m = vm_getattr_cstr(self, name);
    if (!m)
        return NULL;
    object_t *r = vm_call(m, args, nargs, NULL);
    decref(m);
    return r;
}

object_t *vm_iter(object_t *o)
{
    if (o->type->iter)
        return o->type->iter(o);
    if (o->type->getitem && !IS_DICT(o))
        return seq_iter_new(o);
    return vm_err_format(exc_TypeError, "'%s' object is not iterable", o->type->name);
}

object_t *vm_next(object_t *it)
{
    if (!it->type->iternext)
        return vm_err_format(exc_TypeError, "'%s' object is not an iterator", it->type->name);
    return it->type->iternext(it);
}

object_t *vm_getitem(object_t *o, object_t *key)
{
    if (o->type->getitem)
        return o->type->getitem(o, key);
    if (IS_TYPE(o)) {
        /* list[int] and friends (PEP 585): __class_getitem__ */
        object_t *f = type_lookup_cstr((struct type *)o, "__class_getitem__");
        if (f) {
            incref(o);
            decref(o);
            return vm_call1(f, key);
        }
    }
    return vm_err_format(exc_TypeError, "'%s' object is not subscriptable", o->type->name);
}

int vm_setitem(object_t *o, object_t *key, object_t *value)
{
    if (!o->type->setitem) {
        vm_err_format(exc_TypeError, "'%s' object does not support item assignment",
                      o->type->name);
        return -1;
    }
    return o->type->setitem(o, key, value);
}

int vm_delitem(object_t *o, object_t *key)
{
    if (!o->type->setitem) {
        vm_err_format(exc_TypeError, "'%s' object does not support item deletion",
                      o->type->name);
        return -1;
    }
    return o->type->setitem(o, key, NULL);
}

intptr_t vm_len(object_t *o)
{
    if (!o->type->length) {
        vm_err_format(exc_TypeError, "object of type '%s' has no len()", o->type->name);
        return -1;
    }
    return o->type->length(o);
}

int vm_contains(object_t *container, object_t *item)
{
    if (container->type->contains)
        return container->type->contains(container, item);
    object_t *it = vm_iter(container), *x;
    if (!it) {
        if (vm_err_matches(exc_TypeError)) {
            vm_err_clear();
            vm_err_format(exc_TypeError, "argument of type '%s' is not iterable",
                          container->type->name);
        }
        return -1;
    }
    while ((x = vm_next(it))) {
        int eq = vm_richcompare_bool(x, item, CMP_EQ);
        decref(x);
        if (eq) {
            decref(it);
            return eq;
        }
    }
    decref(it);
    return vm_err_occurred() ? -1 : 0;
}

/* ---- numbers ---------------------------------------------------------------------------------------- */

static const char *const nb_symbols[NB_BINARY_COUNT] = {
    "+", "&", "//", "<<", "@", "*", "%", "|", "** or pow()", ">>", "-", "/", "^"};
static const char *const nb_inplace_symbols[NB_BINARY_COUNT] = {
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^="};

static object_t *binary_op1(object_t *a, object_t *b, int op)
{
    binaryfunc fa = a->type->number ? a->type->number->binary[op] : NULL;
    binaryfunc fb = b->type != a->type && b->type->number ? b->type->number->binary[op] : NULL;
    object_t *r;

    if (fb == fa)
        fb = NULL;
    if (fa) {
        if (fb && type_is_subtype(b->type, a->type)) {
            r = fb(a, b);
            if (r != NotImplemented)
                return r;
            decref(r);
            fb = NULL;
        }
        r = fa(a, b);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    if (fb)
        return fb(a, b);
    incref(NotImplemented);
    return NotImplemented;
}

object_t *vm_binary_op(object_t *a, object_t *b, int op)
{
    bool inplace = op >= NB_INPLACE;
    int base = inplace ? op - NB_INPLACE : op;
    object_t *r;

    if (inplace && a->type->number && a->type->number->inplace[base]) {
        r = a->type->number->inplace[base](a, b);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    r = binary_op1(a, b, base);
    if (r != NotImplemented)
        return r;
    decref(r);
    /* Sequence concatenation and repetition live in the number slots of str, list, tuple. */
    if (base == NB_REMAINDER && IS_STR(a))
        return str_mod_format(a, b);
    /* Concatenation names the sequence type, as CPython's sq_concat does. */
    if (base == NB_ADD && (IS_STR(a) || IS_LIST(a) || IS_TUPLE(a) || a->type == &bytes_type) &&
        !type_is_subtype(b->type, a->type)) {
        const char *an = IS_STR(a) ? "str" : IS_LIST(a) ? "list" : IS_TUPLE(a) ? "tuple" : NULL;
        if (an)
            return vm_err_format(exc_TypeError, "can only concatenate %s (not \"%s\") to %s", an,
                                 b->type->name, an);
        return vm_err_format(exc_TypeError, "can't concat %s to bytes", b->type->name);
    }
    return vm_err_format(exc_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                         inplace ? nb_inplace_symbols[base] : nb_symbols[base], a->type->name,
                         b->type->name);
}

object_t *vm_power(object_t *a, object_t *b, object_t *mod)
{
    if (mod == None)
        return vm_binary_op(a, b, NB_POWER);
    if (a->type->number && a->type->number->power)
        return a->type->number->power(a, b, mod);
    return vm_err_format(exc_TypeError,
                         "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                         a->type->name, b->type->name, mod->type->name);
}

#define UNARY(fname, slot, symbol)                                                              \
    object_t *fname(object_t *o)                                                                \
    {                                                                                           \
        if (o->type->number && o->type->number->slot)                                           \
            return o->type->number->slot(o);                                                    \
        return vm_err_format(exc_TypeError, "bad operand type for " symbol ": '%s'",           \
                             o->type->name);                                                    \
    }
UNARY(vm_negative, negative, "unary -")
UNARY(vm_positive, positive, "unary +")
UNARY(vm_invert, invert, "unary ~")
UNARY(vm_absolute, absolute, "abs()")

object_t *vm_index(object_t *o)
{
    if (IS_INT(o)) {
        incref(o);
        return o;
    }
    if (o->type->number && o->type->number->index) {
        object_t *r = o->type->number->index(o);
        if (r && !IS_INT(r)) {
            vm_err_format(exc_TypeError, "__index__ returned non-int (type %s)", r->type->name);
            CLEAR_REF(r);
        }
        return r;
    }
    return vm_err_format(exc_TypeError,
                         "'%s' object cannot be interpreted as an integer", o->type->name);
}

int vm_index_ssize(object_t *o, intptr_t *out)
{
    object_t *i = vm_index(o);
    int64_t v;
    if (!i)
        return -1;
    if (int_to_i64(i, &v) < 0) {
        decref(i);
        vm_err_clear();
        vm_err_format(exc_IndexError, "cannot fit 'int' into an index-sized integer");
        return -1;
    }
    decref(i);
    *out = (intptr_t)v;
    return 0;
}

object_t *vm_sequence_list(object_t *o)
{
    object_t *l = list_new();
    if (!l)
        return vm_err_nomemory();
    if (list_extend(l, o) < 0) {
        decref(l);
        return NULL;
    }
    return l;
}

object_t *vm_sequence_tuple(object_t *o)
{
    if (o->type == &tuple_type) {
        incref(o);
        return o;
    }
    if (IS_LIST(o))
        return tuple_from_array(list_items_of(o), list_size(o));
    object_t *l = vm_sequence_list(o);
    if (!l)
        return NULL;
    object_t *t = tuple_from_array(list_items_of(l), list_size(l));
    decref(l);
    return t;
}

object_t *vm_format(object_t *o, object_t *spec)
{
    if (spec && str_bytes(spec) == 0 && o->type == &str_type) {
        incref(o);
        return o;
    }
    object_t *f = type_lookup_cstr(o->type, "__format__");
    if (!f)
        return vm_err_format(exc_TypeError, "Type %s doesn't define __format__", o->type->name);
    object_t *empty = NULL;
    if (!spec)
        spec = empty = str_from_cstr("");
    object_t *argv[2] = {o, spec};
    object_t *r;
    if (f->type->descr_get && f->type != &function_type) {
        object_t *bound = f->type->descr_get(f, o, (object_t *)o->type);
        r = bound ? vm_call1(bound, spec) : NULL;
        XDECREF(bound);
    } else {
        r = vm_call(f, argv, 2, NULL);
    }
    XDECREF(empty);
    if (r && !IS_STR(r)) {
        vm_err_format(exc_TypeError, "__format__ must return a str, not %s", r->type->name);
        CLEAR_REF(r);
    }
    return r;
}
