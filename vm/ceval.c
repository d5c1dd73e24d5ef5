/*
 * vm/ceval.c - the eval loop: CPython 3.11's bytecode on our objects (Python/ceval.c).
 *
 * One function, vm_eval_frame, runs a frame and every Python frame it calls: a CALL of a Python
 * function pushes the callee's frame (frame->back links them) and continues in the same loop,
 * RETURN_VALUE pops back to the caller, so Python recursion costs heap frames, not C stack;
 * only calls through C (a builtin calling back into Python, a dunder slot) nest C activations,
 * and those are bounded by the recursion limit and by vm_stack_exhausted().
 *
 * Errors go through one path: `error` records a traceback entry for the frame, then looks the
 * instruction up in the code's exception table (3.11 has no block stack): a handler gets the
 * stack cut to its depth, the offset of the raising instruction when the entry says so
 * ("lasti"), and the exception; without one the frame is dropped and the search goes on in the
 * caller, until the entry frame returns NULL to C.
 *
 * Stack effects are stated at each opcode as "before -- after". CACHE units after an
 * instruction are skipped by adding its cache count to the instruction pointer.
 */
#include "vm/types_init.h"
#include "vm/frame.h"
#include "vm/slots.h"
#include "vm/thread.h"
#include "vm/opcodes.h"
#include "vm/vm.h"

#define STACK_BASE(f) ((f)->localsplus + (f)->code->nlocalsplus)

/* Names for error messages. */
static object_t *name_at(struct code_object *co, int i)
{
    return tuple_items(co->names)[i];
}

static object_t *localname(struct code_object *co, int i)
{
    return tuple_items(co->localsplusnames)[i];
}

/* ---- argument binding ------------------------------------------------------------------------- */

static object_t *too_many_positional(struct function_object *fn, size_t given)
{
    struct code_object *co = fn->code;
    size_t ndef = fn->defaults ? tuple_size(fn->defaults) : 0;
    if (ndef)
        return vm_err_format(exc_TypeError, "%U() takes from %d to %d positional arguments but "
                                            "%zu %s given", fn->qualname,
                             co->argcount - (int)ndef, co->argcount, given,
                             given == 1 ? "was" : "were");
    return vm_err_format(exc_TypeError, "%U() takes %d positional argument%s but %zu %s given",
                         fn->qualname, co->argcount, co->argcount == 1 ? "" : "s", given,
                         given == 1 ? "was" : "were");
}

static object_t *missing_args(struct function_object *fn, object_t **locals, int from, int to,
                              bool kwonly)
{
    struct code_object *co = fn->code;
    struct strbuf b;
    int n = 0, k = 0;
    for (int i = from; i < to; i++)
        if (!locals[i])
            n++;
    sb_init(&b);
    for (int i = from; i < to; i++) {
        if (locals[i])
            continue;
        if (k > 0 && n > 2)
            sb_puts(&b, ", ");
        if (k == n - 1 && n > 1)
            sb_puts(&b, n > 2 ? "and " : " and ");
        sb_putc(&b, '\'');
        sb_put_str(&b, localname(co, i));
        sb_putc(&b, '\'');
        k++;
    }
    object_t *names = sb_finish(&b);
    if (!names)
        return NULL;
    vm_err_format(exc_TypeError, "%U() missing %d required %s argument%s: %U", fn->qualname, n,
                  kwonly ? "keyword-only" : "positional", n == 1 ? "" : "s", names);
    decref(names);
    return NULL;
}

/* "f() got some positional-only arguments passed as keyword arguments: 'a, b'" */
static int posonly_error(struct function_object *fn, object_t *kwnames)
{
    struct code_object *co = fn->code;
    struct strbuf b;
    bool first = true;
    sb_init(&b);
    for (int p = 0; p < co->posonlyargcount; p++)
        for (size_t k = 0; k < tuple_size(kwnames); k++)
            if (str_eq(localname(co, p), tuple_items(kwnames)[k])) {
                if (!first)
                    sb_puts(&b, ", ");
                sb_put_str(&b, localname(co, p));
                first = false;
            }
    object_t *names = sb_finish(&b);
    if (names) {
        vm_err_format(exc_TypeError, "%U() got some positional-only arguments passed as keyword "
                                     "arguments: '%U'", fn->qualname, names);
        decref(names);
    }
    return -1;
}

/* Fill a new frame's locals from a call's arguments (3.11's initialize_locals). */
static int bind_arguments(struct frame *f, struct function_object *fn, object_t *const *args,
                          size_t nargs, object_t *kwnames)
{
    struct code_object *co = fn->code;
    object_t **locals = f->localsplus;
    int argcount = co->argcount, total = argcount + co->kwonlyargcount;
    object_t *kwdict = NULL, *varargs;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;

    if (co->flags & CO_VARKEYWORDS) {
        if (!(kwdict = dict_new())) {
            vm_err_nomemory();
            return -1;
        }
        locals[total + ((co->flags & CO_VARARGS) ? 1 : 0)] = kwdict;
    }
    size_t npos = nargs < (size_t)argcount ? nargs : (size_t)argcount;
    for (size_t i = 0; i < npos; i++) {
        incref(args[i]);
        locals[i] = args[i];
    }
    if (co->flags & CO_VARARGS) {
        varargs = tuple_from_array(args + npos, nargs - npos);
        if (!varargs)
            return -1;
        locals[total] = varargs;
    } else if (nargs > (size_t)argcount) {
        too_many_positional(fn, nargs);
        return -1;
    }
    for (size_t k = 0; k < nkw; k++) {
        object_t *name = tuple_items(kwnames)[k], *value = args[nargs + k];
        int j;
        for (j = co->posonlyargcount; j < total; j++) {
            object_t *pn = localname(co, j);
            if (pn == name || str_eq(pn, name))
                break;
        }
        if (j == total) {
            if (!kwdict) {
                /* a positional-only name given as keyword gets its own message */
                for (int p = 0; p < co->posonlyargcount; p++)
                    if (str_eq(localname(co, p), name))
                        return posonly_error(fn, kwnames);
                vm_err_format(exc_TypeError, "%U() got an unexpected keyword argument '%U'",
                              fn->qualname, name);
                return -1;
            }
            if (dict_store(kwdict, name, value) < 0)
                return -1;
            continue;
        }
        if (locals[j]) {
            vm_err_format(exc_TypeError, "%U() got multiple values for argument '%U'",
                          fn->qualname, name);
            return -1;
        }
        incref(value);
        locals[j] = value;
    }
    /* Defaults for the positional parameters not given. */
    if (nargs < (size_t)argcount) {
        size_t ndef = fn->defaults ? tuple_size(fn->defaults) : 0;
        int first_default = argcount - (int)ndef;
        for (int i = (int)nargs; i < argcount; i++) {
            if (locals[i])
                continue;
            if (i >= first_default) {
                object_t *d = tuple_items(fn->defaults)[i - first_default];
                incref(d);
                locals[i] = d;
            }
        }
        for (int i = (int)nargs; i < argcount; i++)
            if (!locals[i]) {
                missing_args(fn, locals, (int)nargs, argcount, false);
                return -1;
            }
    }
    for (int i = argcount; i < total; i++) {
        if (locals[i])
            continue;
        object_t *d = fn->kwdefaults ? dict_lookup_str(fn->kwdefaults, localname(co, i)) : NULL;
        if (d) {
            incref(d);
            locals[i] = d;
        }
    }
    for (int i = argcount; i < total; i++)
        if (!locals[i]) {
            missing_args(fn, locals, argcount, total, true);
            return -1;
        }
    return 0;
}

/* A frame for calling fn with these arguments (NULL with an exception on a binding error). */
static struct frame *frame_for_call(object_t *func, object_t *const *args, size_t nargs,
                                    object_t *kwnames)
{
    struct function_object *fn = (struct function_object *)func;
    struct frame *f = frame_new(fn->code, func, fn->globals, fn->builtins, NULL);
    if (!f)
        return NULL;
    if (bind_arguments(f, fn, args, nargs, kwnames) < 0) {
        frame_free(f);
        return NULL;
    }
    return f;
}

object_t *vm_call_function(object_t *func, object_t *const *args, size_t nargs,
                           object_t *kwnames)
{
    struct frame *f = frame_for_call(func, args, nargs, kwnames);
    if (!f)
        return NULL;
    return vm_eval_frame(f, NULL, false);
}

object_t *vm_eval_code(struct code_object *co, object_t *globals, object_t *locals)
{
    object_t *builtins = dict_lookup_cstr(globals, "__builtins__");
    if (builtins && builtins->type == &module_type)
        builtins = ((struct module_object *)builtins)->dict;
    if (!builtins)
        builtins = vm_builtins_dict();
    struct frame *f = frame_new(co, NULL, globals, builtins, locals);
    if (!f)
        return NULL;
    return vm_eval_frame(f, NULL, false);
}

/* ---- helpers of the opcodes --------------------------------------------------------------------- */

static object_t *load_global(struct frame *f, object_t *name)
{
    object_t *v = dict_lookup_str(f->globals, name);
    if (!v && !vm_err_occurred())
        v = dict_lookup_str(f->builtins, name);
    if (!v) {
        if (!vm_err_occurred())
            vm_err_format(exc_NameError, "name '%U' is not defined", name);
        return NULL;
    }
    incref(v);
    return v;
}

static object_t *load_name(struct frame *f, object_t *name)
{
    if (f->locals) {
        object_t *v;
        if (IS_DICT(f->locals)) {
            v = dict_lookup_str(f->locals, name);
            if (v) {
                incref(v);
                return v;
            }
            if (vm_err_occurred())
                return NULL;
        } else {
            v = vm_getitem(f->locals, name);
            if (v)
                return v;
            if (!vm_err_matches(exc_KeyError))
                return NULL;
            vm_err_clear();
        }
    }
    return load_global(f, name);
}

static int unpack(object_t *seq, size_t before, intptr_t after, object_t **out)
{
    /* out[0..) gets the items in stack order (last item deepest... see callers) */
    object_t *items = vm_sequence_list(seq);
    if (!items) {
        if (vm_err_matches(exc_TypeError) && !seq->type->iter && !seq->type->getitem) {
            vm_err_clear();
            vm_err_format(exc_TypeError, "cannot unpack non-iterable %s object",
                          seq->type->name);
        }
        return -1;
    }
    size_t n = list_size(items);
    if (after < 0) {
        if (n != before) {
            if (n < before)
                vm_err_format(exc_ValueError, "not enough values to unpack (expected %zu, got "
                                              "%zu)", before, n);
            else
                vm_err_format(exc_ValueError, "too many values to unpack (expected %zu)",
                              before);
            decref(items);
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            out[i] = list_items_of(items)[i];
            incref(out[i]);
        }
        decref(items);
        return 0;
    }
    if (n < before + (size_t)after) {
        vm_err_format(exc_ValueError, "not enough values to unpack (expected at least %zu, got "
                                      "%zu)", before + (size_t)after, n);
        decref(items);
        return -1;
    }
    for (size_t i = 0; i < before; i++) {
        out[i] = list_items_of(items)[i];
        incref(out[i]);
    }
    size_t mid = n - before - (size_t)after;
    object_t *rest = list_from_array(list_items_of(items) + before, mid);
    if (!rest) {
        for (size_t i = 0; i < before; i++)
            decref(out[i]);
        decref(items);
        return -1;
    }
    out[before] = rest;
    for (size_t i = 0; i < (size_t)after; i++) {
        out[before + 1 + i] = list_items_of(items)[before + mid + i];
        incref(out[before + 1 + i]);
    }
    decref(items);
    return 0;
}

static object_t *format_value(object_t *v, int conv, object_t *spec)
{
    object_t *conv_v = NULL, *r;
    switch (conv) {
    case 1: conv_v = vm_str(v); break;
    case 2: conv_v = vm_repr(v); break;
    case 3: conv_v = vm_ascii(v); break;
    default: break;
    }
    if (conv && !conv_v)
        return NULL;
    object_t *x = conv_v ? conv_v : v;
    if (!spec && x->type == &str_type) {
        incref(x);
        r = x;
    } else {
        r = vm_format(x, spec);
    }
    XDECREF(conv_v);
    return r;
}

/* How CPython names a callable in call errors (_PyObject_FunctionStr): "mod.qualname()". */
static object_t *function_str(object_t *func)
{
    object_t *qn, *mod;
    if (!func)
        return str_from_cstr("function");
    if (vm_lookup_attr(func, str_intern_cstr("__qualname__"), &qn) <= 0) {
        vm_err_clear();
        return vm_str(func);
    }
    object_t *r;
    if (vm_lookup_attr(func, str_intern_cstr("__module__"), &mod) > 0 && IS_STR(mod) &&
        !str_eq_cstr(mod, "builtins"))
        r = str_format_c("%U.%S()", mod, qn);
    else
        r = str_format_c("%S()", qn);
    vm_err_clear();
    XDECREF(mod);
    decref(qn);
    return r;
}

static int dict_merge_kwargs(object_t *dict, object_t *update, object_t *func)
{
    if (!IS_DICT(update)) {
        object_t *keys_m;
        if (vm_lookup_attr(update, str_intern_cstr("keys"), &keys_m) <= 0) {
            if (!vm_err_occurred())
            {
                object_t *fs = function_str(func);
                if (fs) {
                    vm_err_format(exc_TypeError, "%U argument after ** must be a mapping, not %s",
                                  fs, update->type->name);
                    decref(fs);
                }
            }
            return -1;
        }
        decref(keys_m);
    }
    object_t *tmp = dict_new();
    if (!tmp)
        return -1;
    if (dict_merge(tmp, update, true) < 0) {
        decref(tmp);
        return -1;
    }
    size_t pos = 0;
    object_t *k, *v;
    while (dict_next(tmp, &pos, &k, &v)) {
        if (!IS_STR(k)) {
            decref(tmp);
            vm_err_format(exc_TypeError, "keywords must be strings");
            return -1;
        }
        if (dict_lookup(dict, k)) {
            decref(tmp);
            object_t *fs = function_str(func);
            if (fs) {
                vm_err_format(exc_TypeError, "%U got multiple values for keyword argument '%U'",
                              fs, k);
                decref(fs);
            }
            return -1;
        }
        if (dict_store(dict, k, v) < 0) {
            decref(tmp);
            return -1;
        }
    }
    decref(tmp);
    return 0;
}

static object_t *import_from(object_t *module, object_t *name)
{
    object_t *v;
    int r = vm_lookup_attr(module, name, &v);
    if (r > 0)
        return v;
    if (r < 0)
        return NULL;
    object_t *mname = vm_getattr_cstr(module, "__name__");
    if (!mname) {
        vm_err_clear();
        return vm_err_format(exc_ImportError, "cannot import name '%U'", name);
    }
    vm_err_format(exc_ImportError, "cannot import name '%U' from '%U' (unknown location)", name,
                  mname);
    decref(mname);
    return NULL;
}

/* ---- the loop ------------------------------------------------------------------------------------ */

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP() (sp[-1])
#define SECOND() (sp[-2])
#define THIRD() (sp[-3])
#define PEEK(n) (sp[-(n)])
#define SET_TOP(v) (sp[-1] = (v))
#define STACK_SHRINK(n) (sp -= (n))
#define JUMPBY(n) (ip += (n))
#define SKIP_CACHES(op) (ip += cache_entries[op])

object_t *vm_eval_frame(struct frame *f, object_t *sent, bool throwing)
{
    struct vm_thread *ts = vm_thread();
    struct code_object *co;
    const uint16_t *first, *ip;
    object_t **sp, **localsplus;
    object_t *kwnames = NULL;
    object_t *retval = NULL;
    int opcode, oparg;

    (void)sent;
    if (++ts->depth > ts->recursion_limit + (ts->overflowed ? 50 : 0) || vm_stack_exhausted()) {
        ts->depth--;
        vm_err_recursion("");
        if (!f->gen)
            frame_free(f);
        return NULL;
    }
    f->back = ts->frame;
    ts->frame = f;

#define LOAD_FRAME()                                                                            \
    do {                                                                                        \
        co = f->code;                                                                           \
        first = co->instr;                                                                      \
        ip = first + (f->lasti + 1);                                                            \
        localsplus = f->localsplus;                                                             \
        sp = STACK_BASE(f) + f->stackdepth;                                                     \
        f->stackdepth = 0;                                                                      \
    } while (0)
/* The frame's stack depth and, as 3.11's prev_instr, the last code unit executed (a CACHE unit
 * after a call): resuming goes on at the unit after it. */
#define SAVE_FRAME() (f->stackdepth = (int)(sp - STACK_BASE(f)), f->lasti = (int)(ip - first) - 1)

    LOAD_FRAME();
    if (throwing)
        goto exception_unwind_with_tb;

    for (;;) {
        f->lasti = (int)(ip - first);
        uint16_t word = *ip++;
        opcode = word & 0xff;
        oparg = word >> 8;
    dispatch_with_arg:
        switch (opcode) {
        case NOP:
        case CACHE:
            break;

        case EXTENDED_ARG: {
            uint16_t next = *ip++;
            opcode = next & 0xff;
            oparg = (oparg << 8) | (next >> 8);
            f->lasti = (int)(ip - first) - 1;
            goto dispatch_with_arg;
        }

        case RESUME:
            if (__builtin_expect(--vm_poll_countdown <= 0, 0))
                vm_poll_interrupt();
            if (vm_eval_breaker && vm_handle_eval_breaker() < 0)
                goto error;
            break;

        case POP_TOP: /* v -- */
            decref(POP());
            break;

        case PUSH_NULL: /* -- NULL */
            PUSH(NULL);
            break;

        case COPY: { /* ... v (n-1 items) -- ... v (n-1 items) v */
            object_t *v = PEEK(oparg);
            incref(v);
            PUSH(v);
            break;
        }

        case SWAP: { /* a ... b -- b ... a */
            object_t *t = TOP();
            SET_TOP(PEEK(oparg));
            PEEK(oparg) = t;
            break;
        }

        case LOAD_CONST: { /* -- const */
            object_t *v = tuple_items(co->consts)[oparg];
            incref(v);
            PUSH(v);
            break;
        }

        case LOAD_FAST: { /* -- local */
            object_t *v = localsplus[oparg];
            if (!v) {
                vm_err_format(exc_UnboundLocalError, "cannot access local variable '%U' where it "
                                                     "is not associated with a value",
                              localname(co, oparg));
                goto error;
            }
            incref(v);
            PUSH(v);
            break;
        }

        case STORE_FAST: { /* v -- */
            object_t *old = localsplus[oparg];
            localsplus[oparg] = POP();
            XDECREF(old);
            break;
        }

        case DELETE_FAST: {
            object_t *old = localsplus[oparg];
            if (!old) {
                vm_err_format(exc_UnboundLocalError, "cannot access local variable '%U' where it "
                                                     "is not associated with a value",
                              localname(co, oparg));
                goto error;
            }
            localsplus[oparg] = NULL;
            decref(old);
            break;
        }

        case MAKE_CELL: { /* the local (maybe an argument) becomes a cell holding it */
            object_t *c = cell_new(localsplus[oparg]);
            if (!c)
                goto error;
            XDECREF(localsplus[oparg]);
            localsplus[oparg] = c;
            break;
        }

        case COPY_FREE_VARS: { /* the function's closure cells into the last oparg slots */
            object_t *closure = ((struct function_object *)f->func)->closure;
            int offset = co->nlocalsplus - oparg;
            for (int i = 0; i < oparg; i++) {
                object_t *c = tuple_items(closure)[i];
                incref(c);
                localsplus[offset + i] = c;
            }
            break;
        }

        case LOAD_CLOSURE: { /* -- cell */
            object_t *c = localsplus[oparg];
            incref(c);
            PUSH(c);
            break;
        }

        case LOAD_DEREF: { /* -- value */
            object_t *v = ((struct cell_object *)localsplus[oparg])->ref;
            if (!v) {
                goto unbound_deref;
            }
            incref(v);
            PUSH(v);
            break;
        }

        case LOAD_CLASSDEREF: { /* the class body's namespace first, then the cell */
            object_t *name = localname(co, oparg), *v = NULL;
            if (f->locals) {
                v = dict_lookup_str(f->locals, name);
                if (vm_err_occurred())
                    goto error;
            }
            if (!v)
                v = ((struct cell_object *)localsplus[oparg])->ref;
            if (!v)
                goto unbound_deref;
            incref(v);
            PUSH(v);
            break;
        }

        case STORE_DEREF: { /* v -- */
            struct cell_object *c = (struct cell_object *)localsplus[oparg];
            object_t *old = c->ref;
            c->ref = POP();
            XDECREF(old);
            break;
        }

        case DELETE_DEREF: {
            struct cell_object *c = (struct cell_object *)localsplus[oparg];
            if (!c->ref)
                goto unbound_deref;
            CLEAR_REF(c->ref);
            break;
        }

        case LOAD_GLOBAL: { /* -- [NULL] value */
            object_t *v = load_global(f, name_at(co, oparg >> 1));
            if (!v)
                goto error;
            if (oparg & 1)
                PUSH(NULL);
            PUSH(v);
            SKIP_CACHES(LOAD_GLOBAL);
            break;
        }

        case STORE_GLOBAL: {
            object_t *v = POP();
            int r = dict_store(f->globals, name_at(co, oparg), v);
            decref(v);
            if (r < 0)
                goto error;
            break;
        }

        case DELETE_GLOBAL: {
            object_t *name = name_at(co, oparg);
            if (!dict_lookup_str(f->globals, name)) {
                vm_err_format(exc_NameError, "name '%U' is not defined", name);
                goto error;
            }
            if (dict_remove(f->globals, name) < 0)
                goto error;
            break;
        }

        case LOAD_NAME: {
            object_t *v = load_name(f, name_at(co, oparg));
            if (!v)
                goto error;
            PUSH(v);
            break;
        }

        case STORE_NAME: {
            object_t *v = POP(), *name = name_at(co, oparg);
            int r;
            if (!f->locals) {
                vm_err_format(exc_SystemError, "no locals found when storing %R", name);
                decref(v);
                goto error;
            }
            r = IS_DICT(f->locals) ? dict_store(f->locals, name, v)
                                   : vm_setitem(f->locals, name, v);
            decref(v);
            if (r < 0)
                goto error;
            break;
        }

        case DELETE_NAME: {
            object_t *name = name_at(co, oparg);
            if (!f->locals || !dict_lookup_str(f->locals, name)) {
                vm_err_format(exc_NameError, "name '%U' is not defined", name);
                goto error;
            }
            if (dict_remove(f->locals, name) < 0)
                goto error;
            break;
        }

        case LOAD_ATTR: { /* owner -- attr */
            object_t *owner = TOP();
            object_t *v = vm_getattr(owner, name_at(co, oparg));
            if (!v)
                goto error;
            decref(owner);
            SET_TOP(v);
            SKIP_CACHES(LOAD_ATTR);
            break;
        }

        case LOAD_METHOD: { /* owner -- meth self | NULL attr */
            object_t *owner = TOP(), *name = name_at(co, oparg);
            object_t *meth = NULL;
            if (owner->type->getattro == object_generic_getattr ||
                owner->type->getattro == NULL) {
                object_t *descr = type_lookup(owner->type, name);
                object_t **dp = object_dict_slot(owner);
                bool shadowed = dp && *dp && dict_lookup_str(*dp, name);
                if (descr && !shadowed &&
                    (descr->type == &function_type || descr->type == &method_descr_type)) {
                    incref(descr);
                    SET_TOP(descr);
                    PUSH(owner); /* the reference the stack held */
                    SKIP_CACHES(LOAD_METHOD);
                    break;
                }
            }
            meth = vm_getattr(owner, name);
            if (!meth)
                goto error;
            decref(owner);
            SET_TOP(NULL);
            PUSH(meth);
            SKIP_CACHES(LOAD_METHOD);
            break;
        }

        case STORE_ATTR: { /* v owner -- */
            object_t *owner = POP(), *v = POP();
            int r = vm_setattr(owner, name_at(co, oparg), v);
            decref(v);
            decref(owner);
            if (r < 0)
                goto error;
            SKIP_CACHES(STORE_ATTR);
            break;
        }

        case DELETE_ATTR: {
            object_t *owner = POP();
            int r = vm_setattr(owner, name_at(co, oparg), NULL);
            decref(owner);
            if (r < 0)
                goto error;
            break;
        }

        case UNARY_POSITIVE:
        case UNARY_NEGATIVE:
        case UNARY_INVERT: {
            object_t *v = TOP();
            object_t *r = opcode == UNARY_POSITIVE ? vm_positive(v)
                          : opcode == UNARY_NEGATIVE ? vm_negative(v) : vm_invert(v);
            if (!r)
                goto error;
            decref(v);
            SET_TOP(r);
            break;
        }

        case UNARY_NOT: {
            object_t *v = TOP();
            int t = vm_is_true(v);
            if (t < 0)
                goto error;
            decref(v);
            SET_TOP(vm_bool(!t));
            break;
        }

        case BINARY_OP: { /* a b -- r */
            object_t *b = POP(), *a = TOP();
            object_t *r = vm_binary_op(a, b, oparg);
            decref(b);
            if (!r)
                goto error;
            decref(a);
            SET_TOP(r);
            SKIP_CACHES(BINARY_OP);
            break;
        }

        case COMPARE_OP: { /* a b -- r */
            object_t *b = POP(), *a = TOP();
            object_t *r = vm_richcompare(a, b, oparg);
            decref(b);
            if (!r)
                goto error;
            decref(a);
            SET_TOP(r);
            SKIP_CACHES(COMPARE_OP);
            break;
        }

        case IS_OP: {
            object_t *b = POP(), *a = TOP();
            bool r = (a == b) ^ (oparg != 0);
            decref(b);
            decref(a);
            SET_TOP(vm_bool(r));
            break;
        }

        case CONTAINS_OP: { /* item container -- bool */
            object_t *container = POP(), *item = TOP();
            int r = vm_contains(container, item);
            decref(container);
            if (r < 0)
                goto error;
            decref(item);
            SET_TOP(vm_bool((r != 0) ^ (oparg != 0)));
            break;
        }

        case BINARY_SUBSCR: { /* container key -- item */
            object_t *key = POP(), *container = TOP();
            object_t *r = vm_getitem(container, key);
            decref(key);
            if (!r)
                goto error;
            decref(container);
            SET_TOP(r);
            SKIP_CACHES(BINARY_SUBSCR);
            break;
        }

        case STORE_SUBSCR: { /* v container key -- */
            object_t *key = POP(), *container = POP(), *v = POP();
            int r = vm_setitem(container, key, v);
            decref(key);
            decref(container);
            decref(v);
            if (r < 0)
                goto error;
            SKIP_CACHES(STORE_SUBSCR);
            break;
        }

        case DELETE_SUBSCR: { /* container key -- */
            object_t *key = POP(), *container = POP();
            int r = vm_delitem(container, key);
            decref(key);
            decref(container);
            if (r < 0)
                goto error;
            break;
        }

        case BUILD_TUPLE: { /* items -- tuple */
            object_t *t = tuple_new((size_t)oparg);
            if (!t) {
                vm_err_nomemory();
                goto error;
            }
            for (int i = oparg; i-- > 0;)
                tuple_set(t, (size_t)i, POP());
            PUSH(t);
            break;
        }

        case BUILD_LIST: {
            object_t *l = list_from_array(sp - oparg, (size_t)oparg);
            if (!l)
                goto error;
            for (int i = 0; i < oparg; i++)
                decref(POP());
            PUSH(l);
            break;
        }

        case LIST_TO_TUPLE: {
            object_t *l = TOP();
            object_t *t = tuple_from_array(list_items_of(l), list_size(l));
            if (!t)
                goto error;
            decref(l);
            SET_TOP(t);
            break;
        }

        case BUILD_SET: {
            object_t *s = set_new_from(&set_type, NULL);
            if (!s)
                goto error;
            int err = 0;
            for (int i = oparg; i > 0; i--)
                if (!err && set_add_item(s, PEEK(i)) < 0)
                    err = 1;
            for (int i = 0; i < oparg; i++)
                decref(POP());
            if (err) {
                decref(s);
                goto error;
            }
            PUSH(s);
            break;
        }

        case BUILD_MAP: { /* k1 v1 ... kn vn -- dict */
            object_t *d = dict_new();
            if (!d) {
                vm_err_nomemory();
                goto error;
            }
            int err = 0;
            for (int i = oparg; i > 0 && !err; i--)
                if (dict_store(d, PEEK(2 * i), PEEK(2 * i - 1)) < 0)
                    err = 1;
            for (int i = 0; i < 2 * oparg; i++)
                decref(POP());
            if (err) {
                decref(d);
                goto error;
            }
            PUSH(d);
            break;
        }

        case BUILD_CONST_KEY_MAP: { /* v1 ... vn keys -- dict */
            object_t *keys = POP(), *d = dict_new();
            int err = !d;
            for (int i = 0; i < oparg && !err; i++)
                if (dict_store(d, tuple_items(keys)[i], PEEK(oparg - i)) < 0)
                    err = 1;
            decref(keys);
            for (int i = 0; i < oparg; i++)
                decref(POP());
            if (err) {
                XDECREF(d);
                if (!vm_err_occurred())
                    vm_err_nomemory();
                goto error;
            }
            PUSH(d);
            break;
        }

        case BUILD_STRING: {
            object_t *empty = str_from_cstr("");
            object_t *s = empty ? str_join_items(empty, sp - oparg, (size_t)oparg) : NULL;
            XDECREF(empty);
            for (int i = 0; i < oparg; i++)
                decref(POP());
            if (!s)
                goto error;
            PUSH(s);
            break;
        }

        case BUILD_SLICE: {
            object_t *step = oparg == 3 ? POP() : NULL, *stop = POP(), *start = TOP();
            object_t *s = slice_new(start, stop, step);
            XDECREF(step);
            decref(stop);
            if (!s)
                goto error;
            decref(start);
            SET_TOP(s);
            break;
        }

        case LIST_APPEND: { /* list ... v -- list ... */
            object_t *v = POP();
            int r = list_append_checked(PEEK(oparg), v);
            decref(v);
            if (r < 0)
                goto error;
            break;
        }

        case SET_ADD: {
            object_t *v = POP();
            int r = set_add_item(PEEK(oparg), v);
            decref(v);
            if (r < 0)
                goto error;
            break;
        }

        case MAP_ADD: { /* dict ... k v -- dict ... */
            object_t *v = POP(), *k = POP();
            int r = dict_store(PEEK(oparg), k, v);
            decref(k);
            decref(v);
            if (r < 0)
                goto error;
            break;
        }

        case LIST_EXTEND: {
            object_t *it = POP();
            int r = list_extend(PEEK(oparg), it);
            if (r < 0 && vm_err_matches(exc_TypeError) && !it->type->iter &&
                !it->type->getitem) {
                vm_err_clear();
                vm_err_format(exc_TypeError, "Value after * must be an iterable, not %s",
                              it->type->name);
            }
            decref(it);
            if (r < 0)
                goto error;
            break;
        }

        case SET_UPDATE: {
            object_t *it = POP();
            int r = set_update(PEEK(oparg), it);
            decref(it);
            if (r < 0)
                goto error;
            break;
        }

        case DICT_UPDATE: {
            object_t *update = POP();
            int r = dict_merge(PEEK(oparg), update, true);
            if (r < 0 && vm_err_matches(exc_AttributeError)) {
                vm_err_clear();
                vm_err_format(exc_TypeError, "'%s' object is not a mapping",
                              update->type->name);
            }
            decref(update);
            if (r < 0)
                goto error;
            break;
        }

        case DICT_MERGE: {
            object_t *update = POP();
            int r = dict_merge_kwargs(PEEK(oparg), update, PEEK(oparg + 2));
            decref(update);
            if (r < 0)
                goto error;
            break;
        }

        case UNPACK_SEQUENCE: { /* seq -- item_n ... item_1 */
            object_t *seq = POP();
            object_t *small[16], **out = oparg <= 16 ? small : kmalloc((size_t)oparg * sizeof *out);
            if (!out) {
                decref(seq);
                vm_err_nomemory();
                goto error;
            }
            int r;
            if (seq->type == &tuple_type && tuple_size(seq) == (size_t)oparg) {
                for (int i = 0; i < oparg; i++) {
                    out[i] = tuple_items(seq)[i];
                    incref(out[i]);
                }
                r = 0;
            } else {
                r = unpack(seq, (size_t)oparg, -1, out);
            }
            decref(seq);
            if (r < 0) {
                if (out != small)
                    kfree(out);
                goto error;
            }
            for (int i = oparg; i-- > 0;)
                PUSH(out[i]);
            if (out != small)
                kfree(out);
            SKIP_CACHES(UNPACK_SEQUENCE);
            break;
        }

        case UNPACK_EX: {
            size_t before = (size_t)(oparg & 0xff), after = (size_t)(oparg >> 8);
            size_t total = before + 1 + after;
            object_t *seq = POP();
            object_t **out = kmalloc(total * sizeof *out);
            if (!out) {
                decref(seq);
                vm_err_nomemory();
                goto error;
            }
            int r = unpack(seq, before, (intptr_t)after, out);
            decref(seq);
            if (r < 0) {
                kfree(out);
                goto error;
            }
            for (size_t i = total; i-- > 0;)
                PUSH(out[i]);
            kfree(out);
            break;
        }

        case GET_ITER: {
            object_t *o = TOP(), *it = vm_iter(o);
            if (!it)
                goto error;
            decref(o);
            SET_TOP(it);
            break;
        }

        case GET_YIELD_FROM_ITER: {
            object_t *o = TOP();
            if (o->type != &generator_type) {
                object_t *it = vm_iter(o);
                if (!it)
                    goto error;
                decref(o);
                SET_TOP(it);
            }
            break;
        }

        case FOR_ITER: { /* iter -- iter next | (exhausted) -- */
            object_t *it = TOP();
            object_t *next = it->type->iternext ? it->type->iternext(it) : vm_next(it);
            if (next) {
                PUSH(next);
                break;
            }
            if (vm_err_occurred()) {
                if (!vm_err_matches(exc_StopIteration))
                    goto error;
                vm_err_clear();
            }
            decref(POP());
            JUMPBY(oparg);
            break;
        }

        case GET_LEN: {
            intptr_t n = vm_len(TOP());
            if (n < 0)
                goto error;
            object_t *l = int_from_i64(n);
            if (!l)
                goto error;
            PUSH(l);
            break;
        }

        case JUMP_FORWARD:
            JUMPBY(oparg);
            break;

        case JUMP_BACKWARD:
            JUMPBY(-oparg);
            if (__builtin_expect(--vm_poll_countdown <= 0, 0))
                vm_poll_interrupt();
            if (vm_eval_breaker && vm_handle_eval_breaker() < 0)
                goto error;
            break;

        case JUMP_BACKWARD_NO_INTERRUPT:
            JUMPBY(-oparg);
            break;

        case POP_JUMP_FORWARD_IF_FALSE:
        case POP_JUMP_FORWARD_IF_TRUE:
        case POP_JUMP_BACKWARD_IF_FALSE:
        case POP_JUMP_BACKWARD_IF_TRUE: {
            object_t *v = POP();
            int t = v == True ? 1 : v == False ? 0 : vm_is_true(v);
            decref(v);
            if (t < 0)
                goto error;
            bool want = opcode == POP_JUMP_FORWARD_IF_TRUE || opcode == POP_JUMP_BACKWARD_IF_TRUE;
            if (t == want) {
                if (opcode == POP_JUMP_BACKWARD_IF_FALSE || opcode == POP_JUMP_BACKWARD_IF_TRUE) {
                    JUMPBY(-oparg);
                    if (__builtin_expect(--vm_poll_countdown <= 0, 0))
                        vm_poll_interrupt();
                    if (vm_eval_breaker && vm_handle_eval_breaker() < 0)
                        goto error;
                } else {
                    JUMPBY(oparg);
                }
            }
            break;
        }

        case POP_JUMP_FORWARD_IF_NONE:
        case POP_JUMP_FORWARD_IF_NOT_NONE:
        case POP_JUMP_BACKWARD_IF_NONE:
        case POP_JUMP_BACKWARD_IF_NOT_NONE: {
            object_t *v = POP();
            bool is_none = v == None;
            decref(v);
            bool want = opcode == POP_JUMP_FORWARD_IF_NONE || opcode == POP_JUMP_BACKWARD_IF_NONE;
            if (is_none == want) {
                if (opcode == POP_JUMP_BACKWARD_IF_NONE ||
                    opcode == POP_JUMP_BACKWARD_IF_NOT_NONE) {
                    JUMPBY(-oparg);
                    if (__builtin_expect(--vm_poll_countdown <= 0, 0))
                        vm_poll_interrupt();
                    if (vm_eval_breaker && vm_handle_eval_breaker() < 0)
                        goto error;
                } else
                    JUMPBY(oparg);
            }
            break;
        }

        case JUMP_IF_FALSE_OR_POP:
        case JUMP_IF_TRUE_OR_POP: {
            object_t *v = TOP();
            int t = vm_is_true(v);
            if (t < 0)
                goto error;
            if (t == (opcode == JUMP_IF_TRUE_OR_POP)) {
                JUMPBY(oparg);
            } else {
                STACK_SHRINK(1);
                decref(v);
            }
            break;
        }

        case KW_NAMES:
            kwnames = tuple_items(co->consts)[oparg];
            break;

        case PRECALL:
            SKIP_CACHES(PRECALL);
            break;

        case CALL: { /* [meth self | NULL callable] args -- result */
            bool is_meth = PEEK(oparg + 2) != NULL;
            object_t *callable = PEEK(oparg + 1);
            if (!is_meth && callable->type == &method_type) {
                struct method_object *m = (struct method_object *)callable;
                incref(m->func);
                incref(m->self);
                PEEK(oparg + 1) = m->self;
                PEEK(oparg + 2) = m->func;
                decref(callable);
                is_meth = true;
            }
            int total = oparg + is_meth;
            callable = PEEK(total + 1);
            size_t nkw = kwnames ? tuple_size(kwnames) : 0;
            size_t positional = (size_t)total - nkw;
            object_t **args = sp - total;
            object_t *call_kwnames = kwnames;
            kwnames = NULL;
            SKIP_CACHES(CALL);
            if (callable->type == &function_type) {
                /* Inline: the callee's frame runs in this loop. */
                if (ts->depth >= ts->recursion_limit + (ts->overflowed ? 50 : 0)) {
                    vm_err_recursion("");
                    goto error;
                }
                struct frame *nf = frame_for_call(callable, args, positional, call_kwnames);
                for (int i = 0; i < total; i++)
                    decref(args[i]);
                STACK_SHRINK(total);
                decref(callable);
                STACK_SHRINK(2 - is_meth);
                if (!nf)
                    goto error;
                SAVE_FRAME();
                nf->is_entry = false;
                nf->back = f;
                ts->frame = nf;
                ts->depth++;
                f = nf;
                LOAD_FRAME();
                break;
            }
            object_t *r = vm_call(callable, args, positional, call_kwnames);
            for (int i = 0; i < total; i++)
                decref(args[i]);
            STACK_SHRINK(total);
            decref(callable);
            STACK_SHRINK(2 - is_meth);
            if (!r)
                goto error;
            PUSH(r);
            if (vm_eval_breaker && vm_handle_eval_breaker() < 0)
                goto error;
            break;
        }

        case CALL_FUNCTION_EX: { /* NULL func args [kwargs] -- result */
            object_t *kwargs = (oparg & 1) ? POP() : NULL;
            object_t *callargs = POP(), *func = TOP();
            object_t *r = NULL;
            if (!IS_TUPLE(callargs)) {
                object_t *t = vm_sequence_tuple(callargs);
                if (!t) {
                    if (vm_err_matches(exc_TypeError) && !callargs->type->iter) {
                        vm_err_clear();
                        vm_err_format(exc_TypeError, "%S argument after * must be an iterable, "
                                                     "not %s", func, callargs->type->name);
                    }
                    decref(callargs);
                    XDECREF(kwargs);
                    goto error;
                }
                decref(callargs);
                callargs = t;
            }
            if (kwargs && !IS_DICT(kwargs)) {
                object_t *d = dict_new();
                if (!d || dict_merge_kwargs(d, kwargs, func) < 0) {
                    XDECREF(d);
                    decref(callargs);
                    decref(kwargs);
                    goto error;
                }
                decref(kwargs);
                kwargs = d;
            }
            r = vm_call_tuple_dict(func, callargs, kwargs);
            decref(callargs);
            XDECREF(kwargs);
            if (!r)
                goto error;
            decref(POP()); /* func */
            /* the NULL below */
            SET_TOP(r);
            break;
        }

        case MAKE_FUNCTION: {
            object_t *codeobj = POP();
            object_t *fn = function_new((struct code_object *)codeobj, f->globals, NULL);
            decref(codeobj);
            if (!fn)
                goto error;
            struct function_object *fo = (struct function_object *)fn;
            if (oparg & 8)
                fo->closure = POP();
            if (oparg & 4)
                fo->annotations = POP();
            if (oparg & 2)
                fo->kwdefaults = POP();
            if (oparg & 1)
                fo->defaults = POP();
            PUSH(fn);
            break;
        }

        case RETURN_VALUE: {
            retval = POP();
            SAVE_FRAME();
            if (f->gen)
                f->lasti = -2; /* finished: gen_send_ex reads this */
            goto frame_return;
        }

        case RETURN_GENERATOR: {
            object_t *gen = gen_new(f);
            if (!gen)
                goto error;
            SAVE_FRAME();
            retval = gen;
            /* The frame now belongs to the generator: pop it without freeing. */
            ts->frame = f->back;
            ts->depth--;
            if (f->is_entry)
                return retval;
            f = f->back;
            LOAD_FRAME();
            PUSH(retval);
            break;
        }

        case YIELD_VALUE: {
            retval = POP();
            SAVE_FRAME();
            ts->frame = f->back;
            ts->depth--;
            return retval; /* generator frames are always entry frames */
        }

        case SEND: { /* receiver v -- receiver result | (done) -- value */
            object_t *v = POP(), *receiver = TOP(), *r;
            bool done = false;
            if (receiver->type == &generator_type) {
                r = gen_send_ex(receiver, v, NULL, &done);
            } else if (v == None && receiver->type->iternext) {
                r = receiver->type->iternext(receiver);
                if (!r && !vm_err_occurred()) {
                    done = true;
                    r = vm_none_ref();
                } else if (!r && vm_err_matches(exc_StopIteration)) {
                    object_t *e = vm_err_fetch();
                    r = exc_get_value(e);
                    r = r ? r : None;
                    incref(r);
                    decref(e);
                    done = true;
                }
            } else {
                r = vm_call_method(receiver, "send", &v, 1);
                if (!r && vm_err_matches(exc_StopIteration)) {
                    object_t *e = vm_err_fetch();
                    r = exc_get_value(e);
                    r = r ? r : None;
                    incref(r);
                    decref(e);
                    done = true;
                }
            }
            decref(v);
            if (receiver->type == &generator_type && done && !r)
                r = vm_none_ref(); /* exhausted generator */
            if (!r)
                goto error;
            if (done) {
                STACK_SHRINK(1);
                decref(receiver);
                PUSH(r);
                JUMPBY(oparg);
            } else {
                PUSH(r);
            }
            break;
        }

        case LOAD_BUILD_CLASS: {
            object_t *bc = dict_lookup_cstr(f->builtins, "__build_class__");
            if (!bc) {
                vm_err_format(exc_NameError, "__build_class__ not found");
                goto error;
            }
            incref(bc);
            PUSH(bc);
            break;
        }

        case LOAD_ASSERTION_ERROR:
            incref((object_t *)exc_AssertionError);
            PUSH((object_t *)exc_AssertionError);
            break;

        case RAISE_VARARGS: {
            object_t *cause = oparg == 2 ? POP() : NULL;
            object_t *exc = oparg >= 1 ? POP() : NULL;
            if (!exc) {
                object_t *handled = ts->exc_info;
                if (!handled) {
                    vm_err_format(exc_RuntimeError, "No active exception to reraise");
                    goto error;
                }
                incref(handled);
                vm_err_restore(handled);
                goto exception_unwind;
            }
            if (!IS_EXC(exc) && !(IS_TYPE(exc) && type_is_subtype((struct type *)exc,
                                                                  exc_BaseException))) {
                vm_err_format(exc_TypeError, "exceptions must derive from BaseException");
                decref(exc);
                XDECREF(cause);
                goto error;
            }
            vm_err_set_object(exc);
            decref(exc);
            if (cause && vm_err_occurred()) {
                object_t *e = vm_err_peek();
                object_t *c = cause;
                if (IS_TYPE(cause)) {
                    c = vm_call0(cause);
                    decref(cause);
                    if (!c)
                        goto error;
                } else if (cause != None && !IS_EXC(cause)) {
                    decref(cause);
                    vm_err_format(exc_TypeError, "exception causes must derive from "
                                                 "BaseException");
                    goto error;
                }
                if (c == None) {
                    decref(c);
                    c = NULL;
                }
                exc_set_cause(e, c);
            } else {
                XDECREF(cause);
            }
            goto error;
        }

        case RERAISE: { /* ... [lasti] exc -- */
            object_t *exc = POP();
            if (oparg) {
                int64_t lasti;
                if (int_to_i64(PEEK(oparg), &lasti) == 0)
                    f->lasti = (int)lasti;
            }
            vm_err_restore(exc);
            goto exception_unwind;
        }

        case PUSH_EXC_INFO: { /* exc -- prev exc */
            object_t *exc = TOP();
            object_t *prev = ts->exc_info ? ts->exc_info : None;
            if (prev == None)
                incref(prev);
            SET_TOP(prev); /* the old handled exception (its reference moves to the stack) */
            incref(exc);
            ts->exc_info = exc;
            PUSH(exc);
            break;
        }

        case POP_EXCEPT: { /* prev -- */
            object_t *prev = POP();
            object_t *old = ts->exc_info;
            ts->exc_info = prev == None ? NULL : prev;
            if (prev == None)
                decref(prev);
            XDECREF(old);
            break;
        }

        case CHECK_EXC_MATCH: { /* exc type -- exc bool */
            object_t *spec = POP();
            int r = vm_exc_matches(TOP(), spec);
            decref(spec);
            if (r < 0)
                goto error;
            PUSH(vm_bool(r));
            break;
        }

        case BEFORE_WITH: { /* mgr -- exit enter_result */
            object_t *mgr = TOP();
            object_t *enter = type_lookup_cstr(mgr->type, "__enter__");
            object_t *exit_m = type_lookup_cstr(mgr->type, "__exit__");
            if (!enter || !exit_m) {
                vm_err_format(exc_TypeError, "'%s' object does not support the context "
                                             "manager protocol", mgr->type->name);
                goto error;
            }
            object_t *bound_exit = exit_m->type->descr_get
                                       ? exit_m->type->descr_get(exit_m, mgr,
                                                                 (object_t *)mgr->type)
                                       : (incref(exit_m), exit_m);
            if (!bound_exit)
                goto error;
            object_t *res = vm_call_method(mgr, "__enter__", NULL, 0);
            if (!res) {
                decref(bound_exit);
                goto error;
            }
            decref(mgr);
            SET_TOP(bound_exit);
            PUSH(res);
            break;
        }

        case WITH_EXCEPT_START: { /* exit lasti prev exc -- exit lasti prev exc res */
            object_t *exc = TOP(), *exit_f = PEEK(4);
            object_t *tb = exc_get_traceback(exc);
            object_t *argv[3] = {vm_type_of(exc), exc, tb ? tb : None};
            object_t *r = vm_call(exit_f, argv, 3, NULL);
            if (!r)
                goto error;
            PUSH(r);
            break;
        }

        case FORMAT_VALUE: {
            object_t *spec = (oparg & 4) ? POP() : NULL;
            object_t *v = POP();
            object_t *r = format_value(v, oparg & 3, spec);
            decref(v);
            XDECREF(spec);
            if (!r)
                goto error;
            PUSH(r);
            break;
        }

        case IMPORT_NAME: { /* level fromlist -- module */
            object_t *fromlist = POP(), *level = TOP();
            object_t *m = vm_import(name_at(co, oparg), f->globals, fromlist, level);
            decref(fromlist);
            if (!m)
                goto error;
            decref(level);
            SET_TOP(m);
            break;
        }

        case IMPORT_FROM: {
            object_t *v = import_from(TOP(), name_at(co, oparg));
            if (!v)
                goto error;
            PUSH(v);
            break;
        }

        case IMPORT_STAR: {
            object_t *m = POP();
            int r = vm_import_star(m, f->locals);
            decref(m);
            if (r < 0)
                goto error;
            break;
        }

        case SETUP_ANNOTATIONS: {
            if (f->locals && !dict_lookup_cstr(f->locals, "__annotations__")) {
                object_t *d = dict_new();
                if (!d || dict_store_cstr(f->locals, "__annotations__", d) < 0) {
                    XDECREF(d);
                    goto error;
                }
                decref(d);
            }
            break;
        }

        case PRINT_EXPR: {
            object_t *v = POP();
            int r = vm_display_hook(v);
            decref(v);
            if (r < 0)
                goto error;
            break;
        }

        default:
            vm_err_format(exc_SystemError, "unknown opcode %d (%s) in %U at %U line %d", opcode,
                          opcode_name(opcode), co->name, co->filename,
                          code_line_of(co, f->lasti));
            goto error;
        }
        continue;

    unbound_deref: {
            object_t *name = localname(co, oparg);
            if (oparg < co->nlocalsplus - co->nfreevars)
                vm_err_format(exc_UnboundLocalError, "cannot access local variable '%U' where it "
                                                     "is not associated with a value", name);
            else
                vm_err_format(exc_NameError, "cannot access free variable '%U' where it is not "
                                             "associated with a value in enclosing scope", name);
            goto error;
        }

    error:
        kwnames = NULL;
        if (!vm_err_occurred())
            vm_err_format(exc_SystemError, "error return without exception set");
    exception_unwind_with_tb: {
            object_t *exc = vm_err_peek();
            object_t *tb = traceback_here(exc_get_traceback(exc), f);
            if (tb)
                exc_set_traceback(exc, tb);
        }
    exception_unwind: {
            int target, depth;
            bool lasti;
            /* The handler is found for the instruction that is running (RERAISE may have put
             * the original raiser's offset in f->lasti, for the line and the pushed lasti). */
            int offset = (int)(ip - first) - 1;
            if (code_find_handler(co, offset, &target, &depth, &lasti)) {
                object_t **base = STACK_BASE(f);
                while (sp > base + depth) {
                    object_t *v = POP();
                    XDECREF(v);
                }
                if (lasti) {
                    object_t *l = int_from_i64(f->lasti);
                    if (!l)
                        goto exception_unwind;
                    PUSH(l);
                }
                PUSH(vm_err_fetch());
                ip = first + target;
                continue;
            }
            /* No handler here: drop the frame's stack and pass the exception to the caller. */
            while (sp > STACK_BASE(f)) {
                object_t *v = POP();
                XDECREF(v);
            }
            SAVE_FRAME();
            retval = NULL;
        }
    frame_return: {
            struct frame *done_frame = f;
            bool entry = f->is_entry;
            ts->frame = f->back;
            ts->depth--;
            if (!f->gen)
                frame_free(done_frame);
            if (entry)
                return retval;
            f = ts->frame;
            LOAD_FRAME();
            if (!retval)
                goto exception_unwind_with_tb;
            PUSH(retval);
        }
    }
}
