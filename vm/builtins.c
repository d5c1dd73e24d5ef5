/*
 * vm/builtins.c - the builtins module (Python/bltinmodule.c): print, len, isinstance, sorted,
 * min/max, __build_class__ and the rest, and the `super` type (Objects/typeobject.c's super).
 */
#include "vm/builtin.h"
#include "vm/code.h"
#include "vm/frame.h"
#include "vm/slots.h"
#include "vm/thread.h"
#include "vm/types_init.h"
#include "vm/vm.h"

#define BUILTIN(name) \
    static object_t *builtin_##name(object_t *self, object_t *const *args, size_t nargs, \
                                    object_t *kwnames)
#define UNUSED_SELF (void)self

/* ---- print ------------------------------------------------------------------------------------- */

/* Write a str to a file object: our stdout/stderr write directly, others through .write(). */
static int file_write(object_t *file, object_t *s)
{
    int fd = vm_file_fd(file);
    if (fd >= 0) {
        vm_write(fd, str_data(s), str_bytes(s));
        return 0;
    }
    object_t *r = vm_call_method(file, "write", &s, 1);
    if (!r)
        return -1;
    decref(r);
    return 0;
}

BUILTIN(print)
{
    UNUSED_SELF;
    object_t *sep = NULL, *end = NULL, *file = NULL, *flush = NULL;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        object_t *key = tuple_items(kwnames)[k], *v = args[nargs + k];
        if (str_eq_cstr(key, "sep"))
            sep = v;
        else if (str_eq_cstr(key, "end"))
            end = v;
        else if (str_eq_cstr(key, "file"))
            file = v;
        else if (str_eq_cstr(key, "flush"))
            flush = v;
        else
            return vm_err_format(exc_TypeError, "'%U' is an invalid keyword argument for print()",
                                 key);
    }
    if (sep == None)
        sep = NULL;
    if (end == None)
        end = NULL;
    if ((sep && !IS_STR(sep)) || (end && !IS_STR(end)))
        return vm_err_format(exc_TypeError, "%s must be None or a string, not %s",
                             sep && !IS_STR(sep) ? "sep" : "end",
                             (sep && !IS_STR(sep) ? sep : end)->type->name);
    if (!file || file == None)
        file = vm_sys_stdout();
    if (vm_file_fd(file) < 0) {
        /* another file object gets each piece with its own write(), as CPython's print does */
        for (size_t i = 0; i <= nargs; i++) {
            object_t *piece;
            if (i == nargs)
                piece = end ? (incref(end), end) : str_from_cstr("\n");
            else
                piece = vm_str(args[i]);
            if (!piece || file_write(file, piece) < 0) {
                XDECREF(piece);
                return NULL;
            }
            decref(piece);
            if (i + 1 < nargs) {
                object_t *sp = sep ? (incref(sep), sep) : str_from_cstr(" ");
                int r = sp ? file_write(file, sp) : -1;
                XDECREF(sp);
                if (r < 0)
                    return NULL;
            }
        }
        goto flushed;
    }
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < nargs; i++) {
        if (i)
            sep ? sb_put_str(&b, sep) : sb_putc(&b, ' ');
        object_t *s = vm_str(args[i]);
        if (!s) {
            sb_free(&b);
            return NULL;
        }
        sb_put_str(&b, s);
        decref(s);
    }
    end ? sb_put_str(&b, end) : sb_putc(&b, '\n');
    object_t *text = sb_finish(&b);
    if (!text)
        return NULL;
    int r = file_write(file, text);
    decref(text);
    if (r < 0)
        return NULL;
flushed:
    if (flush && flush != None && flush != False) {
        object_t *fr = vm_call_method(file, "flush", NULL, 0);
        if (!fr)
            return NULL;
        decref(fr);
    }
    return vm_none_ref();
}

/* ---- simple ones -------------------------------------------------------------------------------- */

BUILTIN(len)
{
    UNUSED_SELF;
    if (vm_check_args("len", nargs, kwnames, 1, 1) < 0)
        return NULL;
    intptr_t n = vm_len(args[0]);
    return n < 0 ? NULL : int_from_i64(n);
}

static int isinstance_check(object_t *o, object_t *spec, const char *fname)
{
    if (IS_TUPLE(spec)) {
        for (size_t i = 0; i < tuple_size(spec); i++) {
            int r = isinstance_check(o, tuple_items(spec)[i], fname);
            if (r)
                return r;
        }
        return 0;
    }
    if (!IS_TYPE(spec)) {
        object_t *check = type_lookup_cstr(spec->type, "__instancecheck__");
        if (!check) {
            vm_err_format(exc_TypeError, "%s() arg 2 must be a type, a tuple of types, or a "
                                         "union", fname);
            return -1;
        }
        object_t *r = vm_call2(check, spec, o);
        int t = r ? vm_is_true(r) : -1;
        XDECREF(r);
        return t;
    }
    struct type *t = (struct type *)spec;
    if (type_is_subtype(o->type, t))
        return 1;
    /* __class__ may differ from type() (proxies); honour it as CPython does */
    return 0;
}

BUILTIN(isinstance)
{
    UNUSED_SELF;
    if (vm_check_args("isinstance", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (IS_TYPE(args[1]) && (struct type *)args[1] == &type_type)
        return vm_bool(IS_TYPE(args[0]));
    int r = isinstance_check(args[0], args[1], "isinstance");
    return r < 0 ? NULL : vm_bool(r);
}

static int issubclass_check(object_t *c, object_t *spec)
{
    if (IS_TUPLE(spec)) {
        for (size_t i = 0; i < tuple_size(spec); i++) {
            int r = issubclass_check(c, tuple_items(spec)[i]);
            if (r)
                return r;
        }
        return 0;
    }
    if (!IS_TYPE(spec)) {
        vm_err_format(exc_TypeError, "issubclass() arg 2 must be a class, a tuple of classes, "
                                     "or a union");
        return -1;
    }
    if (spec == (object_t *)&type_type && c == (object_t *)&heap_type_meta)
        return 1;
    return type_is_subtype((struct type *)c, (struct type *)spec);
}

BUILTIN(issubclass)
{
    UNUSED_SELF;
    if (vm_check_args("issubclass", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (!IS_TYPE(args[0]))
        return vm_err_format(exc_TypeError, "issubclass() arg 1 must be a class");
    int r = issubclass_check(args[0], args[1]);
    return r < 0 ? NULL : vm_bool(r);
}

BUILTIN(id)
{
    UNUSED_SELF;
    if (vm_check_args("id", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return int_from_u64((uintptr_t)args[0]);
}

BUILTIN(hash)
{
    UNUSED_SELF;
    if (vm_check_args("hash", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t h = vm_hash(args[0]);
    return h == -1 ? NULL : int_from_i64(h);
}

BUILTIN(repr)
{
    UNUSED_SELF;
    if (vm_check_args("repr", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return vm_repr(args[0]);
}

object_t *vm_ascii(object_t *o)
{
    object_t *r = vm_repr(o);
    if (!r || str_bytes(r) == str_chars(r))
        return r;
    struct strbuf b;
    const char *p = str_data(r), *end = p + str_bytes(r);
    sb_init(&b);
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c < 0x80)
            sb_putc(&b, (char)c);
        else if (c < 0x100)
            sb_printf(&b, "\\x%02x", c);
        else if (c < 0x10000)
            sb_printf(&b, "\\u%04x", c);
        else
            sb_printf(&b, "\\U%08x", c);
    }
    decref(r);
    return sb_finish(&b);
}

BUILTIN(ascii)
{
    UNUSED_SELF;
    if (vm_check_args("ascii", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return vm_ascii(args[0]);
}

BUILTIN(format)
{
    UNUSED_SELF;
    if (vm_check_args("format", nargs, kwnames, 1, 2) < 0)
        return NULL;
    return vm_format(args[0], nargs > 1 ? args[1] : NULL);
}

BUILTIN(callable)
{
    UNUSED_SELF;
    if (vm_check_args("callable", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return vm_bool(args[0]->type->call != NULL);
}

BUILTIN(getattr)
{
    UNUSED_SELF;
    if (vm_check_args("getattr", nargs, kwnames, 2, 3) < 0)
        return NULL;
    if (!IS_STR(args[1]))
        return vm_err_format(exc_TypeError, "attribute name must be string, not '%s'",
                             args[1]->type->name);
    if (nargs == 2)
        return vm_getattr(args[0], args[1]);
    object_t *v;
    int r = vm_lookup_attr(args[0], args[1], &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        incref(args[2]);
        return args[2];
    }
    return v;
}

BUILTIN(setattr)
{
    UNUSED_SELF;
    if (vm_check_args("setattr", nargs, kwnames, 3, 3) < 0)
        return NULL;
    if (!IS_STR(args[1]))
        return vm_err_format(exc_TypeError, "attribute name must be string, not '%s'",
                             args[1]->type->name);
    return vm_setattr(args[0], args[1], args[2]) < 0 ? NULL : vm_none_ref();
}

BUILTIN(delattr)
{
    UNUSED_SELF;
    if (vm_check_args("delattr", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (!IS_STR(args[1]))
        return vm_err_format(exc_TypeError, "attribute name must be string, not '%s'",
                             args[1]->type->name);
    return vm_setattr(args[0], args[1], NULL) < 0 ? NULL : vm_none_ref();
}

BUILTIN(hasattr)
{
    UNUSED_SELF;
    if (vm_check_args("hasattr", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (!IS_STR(args[1]))
        return vm_err_format(exc_TypeError, "attribute name must be string, not '%s'",
                             args[1]->type->name);
    object_t *v;
    int r = vm_lookup_attr(args[0], args[1], &v);
    if (r < 0)
        return NULL;
    XDECREF(v);
    return vm_bool(r);
}

object_t *callable_iter_new(object_t *callable, object_t *sentinel);

BUILTIN(iter)
{
    UNUSED_SELF;
    if (vm_check_args("iter", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (nargs == 2) {
        if (!args[0]->type->call)
            return vm_err_format(exc_TypeError, "iter(v, w): v must be callable");
        return callable_iter_new(args[0], args[1]);
    }
    return vm_iter(args[0]);
}

BUILTIN(next)
{
    UNUSED_SELF;
    if (vm_check_args("next", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (!args[0]->type->iternext)
        return vm_err_format(exc_TypeError, "'%s' object is not an iterator",
                             args[0]->type->name);
    object_t *r = args[0]->type->iternext(args[0]);
    if (r)
        return r;
    if (vm_err_occurred()) {
        if (nargs < 2 || !vm_err_matches(exc_StopIteration))
            return NULL;
        vm_err_clear();
    }
    if (nargs == 2) {
        incref(args[1]);
        return args[1];
    }
    vm_err_set_object((object_t *)exc_StopIteration);
    return NULL;
}

BUILTIN(abs)
{
    UNUSED_SELF;
    if (vm_check_args("abs", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return vm_absolute(args[0]);
}

BUILTIN(divmod)
{
    UNUSED_SELF;
    if (vm_check_args("divmod", nargs, kwnames, 2, 2) < 0)
        return NULL;
    object_t *f = type_lookup_cstr(args[0]->type, "__divmod__");
    if (IS_INT(args[0]) && IS_INT(args[1]))
        return int_divmod(args[0], args[1]);
    if ((args[0]->type == &float_type || IS_INT(args[0])) &&
        (args[1]->type == &float_type || IS_INT(args[1])))
        return float_divmod(args[0], args[1]);
    if (f) {
        object_t *r = vm_call2(f, args[0], args[1]);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    object_t *rf = type_lookup_cstr(args[1]->type, "__rdivmod__");
    if (rf) {
        object_t *r = vm_call2(rf, args[1], args[0]);
        if (r != NotImplemented)
            return r;
        decref(r);
    }
    return vm_err_format(exc_TypeError, "unsupported operand type(s) for divmod(): '%s' and "
                                        "'%s'", args[0]->type->name, args[1]->type->name);
}

BUILTIN(pow)
{
    UNUSED_SELF;
    static const char *const names[] = {"base", "exp", "mod", NULL};
    object_t *argv[3];
    if (vm_parse_args("pow", args, nargs, kwnames, names, 2, argv) < 0)
        return NULL;
    return vm_power(argv[0], argv[1], argv[2] ? argv[2] : None);
}

BUILTIN(round)
{
    UNUSED_SELF;
    static const char *const names[] = {"number", "ndigits", NULL};
    object_t *argv[2];
    if (vm_parse_args("round", args, nargs, kwnames, names, 1, argv) < 0)
        return NULL;
    object_t *f = type_lookup_cstr(argv[0]->type, "__round__");
    if (!f)
        return vm_err_format(exc_TypeError, "type %s doesn't define __round__ method",
                             argv[0]->type->name);
    object_t *callargs[2] = {argv[0], argv[1]};
    object_t *bound = f->type->descr_get ? f->type->descr_get(f, argv[0], NULL) : NULL;
    if (!bound)
        return vm_call(f, callargs, argv[1] && argv[1] != None ? 2 : 1, NULL);
    object_t *r = vm_call(bound, callargs + 1, argv[1] && argv[1] != None ? 1 : 0, NULL);
    decref(bound);
    return r;
}

BUILTIN(chr)
{
    UNUSED_SELF;
    if (vm_check_args("chr", nargs, kwnames, 1, 1) < 0)
        return NULL;
    intptr_t c;
    if (vm_index_ssize(args[0], &c) < 0)
        return NULL;
    if (c < 0 || c > 0x10ffff)
        return vm_err_format(exc_ValueError, "chr() arg not in range(0x110000)");
    return str_from_codepoint((uint32_t)c);
}

BUILTIN(ord)
{
    UNUSED_SELF;
    if (vm_check_args("ord", nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *s = args[0];
    if (s->type == &bytes_type) {
        if (bytes_len(s) != 1)
            return vm_err_format(exc_TypeError, "ord() expected a character, but string of "
                                                "length %zu found", bytes_len(s));
        return int_from_i64((unsigned char)bytes_data(s)[0]);
    }
    if (!IS_STR(s))
        return vm_err_format(exc_TypeError, "ord() expected string of length 1, but %s found",
                             s->type->name);
    if (str_chars(s) != 1)
        return vm_err_format(exc_TypeError, "ord() expected a character, but string of length "
                                            "%zu found", str_chars(s));
    const char *p = str_data(s);
    return int_from_i64(utf8_next(&p));
}

static object_t *int_in_base(object_t *const *args, size_t nargs, object_t *kwnames,
                             const char *fname, int base)
{
    if (vm_check_args(fname, nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *i = vm_index(args[0]);
    if (!i)
        return NULL;
    object_t *r = int_to_text(i, base);
    decref(i);
    return r;
}

BUILTIN(hex)
{
    UNUSED_SELF;
    return int_in_base(args, nargs, kwnames, "hex", 16);
}

BUILTIN(oct)
{
    UNUSED_SELF;
    return int_in_base(args, nargs, kwnames, "oct", 8);
}

BUILTIN(bin)
{
    UNUSED_SELF;
    return int_in_base(args, nargs, kwnames, "bin", 2);
}

/* ---- iteration-based --------------------------------------------------------------------------- */

static object_t *any_all(object_t *const *args, size_t nargs, object_t *kwnames,
                         const char *fname, bool want)
{
    if (vm_check_args(fname, nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *it = vm_iter(args[0]), *x;
    if (!it)
        return NULL;
    while ((x = vm_next(it))) {
        int t = vm_is_true(x);
        decref(x);
        if (t < 0) {
            decref(it);
            return NULL;
        }
        if (t == want) {
            decref(it);
            return vm_bool(want);
        }
    }
    decref(it);
    return vm_err_occurred() ? NULL : vm_bool(!want);
}

BUILTIN(any)
{
    UNUSED_SELF;
    return any_all(args, nargs, kwnames, "any", true);
}

BUILTIN(all)
{
    UNUSED_SELF;
    return any_all(args, nargs, kwnames, "all", false);
}

BUILTIN(sum)
{
    UNUSED_SELF;
    static const char *const names[] = {"", "start", NULL};
    object_t *argv[2];
    if (vm_parse_args("sum", args, nargs, kwnames, names, 1, argv) < 0)
        return NULL;
    object_t *acc = argv[1];
    if (acc && (IS_STR(acc) || acc->type == &bytes_type))
        return vm_err_format(exc_TypeError, IS_STR(acc) ? "sum() can't sum strings [use "
                                                          "''.join(seq) instead]"
                                                        : "sum() can't sum bytes [use "
                                                          "b''.join(seq) instead]");
    acc = acc ? acc : int_from_i64(0);
    if (argv[1])
        incref(acc);
    object_t *it = vm_iter(argv[0]), *x;
    if (!it) {
        decref(acc);
        return NULL;
    }
    while ((x = vm_next(it))) {
        object_t *n = vm_binary_op(acc, x, NB_ADD);
        decref(x);
        decref(acc);
        if (!n) {
            decref(it);
            return NULL;
        }
        acc = n;
    }
    decref(it);
    if (vm_err_occurred()) {
        decref(acc);
        return NULL;
    }
    return acc;
}

static object_t *min_max(object_t *const *args, size_t nargs, object_t *kwnames, int op,
                         const char *fname)
{
    object_t *key = NULL, *dflt = NULL;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        object_t *name = tuple_items(kwnames)[k];
        if (str_eq_cstr(name, "key"))
            key = args[nargs + k];
        else if (str_eq_cstr(name, "default"))
            dflt = args[nargs + k];
        else
            return vm_err_format(exc_TypeError, "%s() got an unexpected keyword argument '%U'",
                                 fname, name);
    }
    if (key == None)
        key = NULL;
    if (nargs == 0)
        return vm_err_format(exc_TypeError, "%s expected at least 1 argument, got 0", fname);
    object_t *src = NULL;
    if (nargs == 1) {
        src = vm_iter(args[0]);
    } else {
        if (dflt)
            return vm_err_format(exc_TypeError, "Cannot specify a default for %s() with "
                                                "multiple positional arguments", fname);
        object_t *t = tuple_from_array(args, nargs);
        src = t ? vm_iter(t) : NULL;
        XDECREF(t);
    }
    if (!src)
        return NULL;
    object_t *best = NULL, *best_key = NULL, *x;
    while ((x = vm_next(src))) {
        object_t *k = x;
        if (key) {
            k = vm_call1(key, x);
            if (!k) {
                decref(x);
                goto fail;
            }
        } else {
            incref(k);
        }
        if (!best) {
            best = x;
            best_key = k;
            continue;
        }
        int better = vm_richcompare_bool(k, best_key, op);
        if (better < 0) {
            decref(x);
            decref(k);
            goto fail;
        }
        if (better) {
            decref(best);
            decref(best_key);
            best = x;
            best_key = k;
        } else {
            decref(x);
            decref(k);
        }
    }
    if (vm_err_occurred())
        goto fail;
    decref(src);
    if (!best) {
        if (dflt) {
            incref(dflt);
            return dflt;
        }
        return vm_err_format(exc_ValueError, "%s() arg is an empty sequence", fname);
    }
    decref(best_key);
    return best;
fail:
    decref(src);
    XDECREF(best);
    XDECREF(best_key);
    return NULL;
}

BUILTIN(min)
{
    UNUSED_SELF;
    return min_max(args, nargs, kwnames, CMP_LT, "min");
}

BUILTIN(max)
{
    UNUSED_SELF;
    return min_max(args, nargs, kwnames, CMP_GT, "max");
}

BUILTIN(sorted)
{
    UNUSED_SELF;
    if (nargs != 1)
        return vm_err_format(exc_TypeError, nargs ? "sorted expected 1 argument, got %zu"
                                                   : "sorted expected 1 argument, got 0",
                             nargs);
    object_t *key = NULL, *reverse = NULL;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        object_t *name = tuple_items(kwnames)[k];
        if (str_eq_cstr(name, "key"))
            key = args[nargs + k];
        else if (str_eq_cstr(name, "reverse"))
            reverse = args[nargs + k];
        else
            return vm_err_format(exc_TypeError, "sort() got an unexpected keyword argument '%U'",
                                 name);
    }
    object_t *l = vm_sequence_list(args[0]);
    if (!l)
        return NULL;
    int rev = reverse ? vm_is_true(reverse) : 0;
    if (rev < 0 || list_sort(l, key == None ? NULL : key, rev) < 0) {
        decref(l);
        return NULL;
    }
    return l;
}

/* ---- namespaces ------------------------------------------------------------------------------------ */

BUILTIN(globals)
{
    UNUSED_SELF;
    (void)args;
    if (vm_check_args("globals", nargs, kwnames, 0, 0) < 0)
        return NULL;
    object_t *g = vm_thread()->frame->globals;
    incref(g);
    return g;
}

/* A dict of a frame's locals (a fresh snapshot for function frames, as CPython's locals()). */
static object_t *frame_locals_dict(struct frame *f)
{
    if (f->locals) {
        incref(f->locals);
        return f->locals;
    }
    object_t *d = dict_new();
    if (!d)
        return vm_err_nomemory();
    struct code_object *co = f->code;
    for (int i = 0; i < co->nlocalsplus; i++) {
        object_t *v = f->localsplus[i];
        uint8_t kind = (uint8_t)bytes_data(co->localspluskinds)[i];
        if (v && (kind & (CO_FAST_CELL | CO_FAST_FREE)) && v->type == &cell_type)
            v = ((struct cell_object *)v)->ref;
        if (v && dict_store(d, tuple_items(co->localsplusnames)[i], v) < 0) {
            decref(d);
            return NULL;
        }
    }
    return d;
}

BUILTIN(locals)
{
    UNUSED_SELF;
    (void)args;
    if (vm_check_args("locals", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return frame_locals_dict(vm_thread()->frame);
}

BUILTIN(vars)
{
    UNUSED_SELF;
    if (vm_check_args("vars", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return frame_locals_dict(vm_thread()->frame);
    object_t *d;
    if (vm_lookup_attr(args[0], str_intern_cstr("__dict__"), &d) <= 0) {
        if (!vm_err_occurred())
            vm_err_format(exc_TypeError, "vars() argument must have __dict__ attribute");
        return NULL;
    }
    return d;
}

BUILTIN(dir)
{
    UNUSED_SELF;
    if (vm_check_args("dir", nargs, kwnames, 0, 1) < 0)
        return NULL;
    object_t *l;
    if (nargs == 0) {
        object_t *d = frame_locals_dict(vm_thread()->frame);
        if (!d)
            return NULL;
        l = vm_sequence_list(d);
        decref(d);
    } else if (IS_TYPE(args[0])) {
        object_t *d = dict_new();
        if (!d)
            return vm_err_nomemory();
        object_t *mro = ((struct type *)args[0])->mro;
        for (size_t i = tuple_size(mro); i-- > 0;)
            if (dict_merge(d, ((struct type *)tuple_items(mro)[i])->dict, true) < 0) {
                decref(d);
                return NULL;
            }
        l = vm_sequence_list(d);
        decref(d);
    } else if (args[0]->type == &module_type) {
        l = vm_sequence_list(((struct module_object *)args[0])->dict);
    } else {
        l = vm_call_method(args[0], "__dir__", NULL, 0);
        if (l && !IS_LIST(l)) {
            object_t *t = vm_sequence_list(l);
            decref(l);
            l = t;
        }
    }
    if (l && list_sort(l, NULL, false) < 0)
        CLEAR_REF(l);
    return l;
}

/* __build_class__(func, name, *bases, metaclass=None, **kwds) */
BUILTIN(build_class)
{
    UNUSED_SELF;
    if (nargs < 2)
        return vm_err_format(exc_TypeError, "__build_class__: not enough arguments");
    object_t *func = args[0], *name = args[1];
    if (func->type != &function_type)
        return vm_err_format(exc_TypeError, "__build_class__: func must be a function");
    if (!IS_STR(name))
        return vm_err_format(exc_TypeError, "__build_class__: name is not a string");
    object_t *bases = tuple_from_array(args + 2, nargs - 2);
    if (!bases)
        return NULL;
    object_t *meta = NULL;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        if (str_eq_cstr(tuple_items(kwnames)[k], "metaclass"))
            meta = args[nargs + k];
        else {
            decref(bases);
            return vm_err_format(exc_TypeError, "__build_class__: keyword arguments other than "
                                                "metaclass are not supported");
        }
    }
    if (!meta) {
        meta = tuple_size(bases) ? vm_type_of(tuple_items(bases)[0]) : (object_t *)&type_type;
        if (meta == (object_t *)&heap_type_meta)
            meta = (object_t *)&type_type;
    }
    object_t *ns = dict_new();
    if (!ns) {
        decref(bases);
        return vm_err_nomemory();
    }
    struct function_object *fn = (struct function_object *)func;
    struct frame *f = frame_new(fn->code, func, fn->globals, fn->builtins, ns);
    object_t *cell = NULL, *cls = NULL;
    if (!f)
        goto done;
    cell = vm_eval_frame(f, NULL, false);
    if (!cell)
        goto done;
    object_t *argv[3] = {name, bases, ns};
    cls = vm_call(meta, argv, 3, NULL);
    if (cls && cell->type == &cell_type) {
        struct cell_object *c = (struct cell_object *)cell;
        object_t *old = c->ref;
        c->ref = cls;
        incref(cls);
        XDECREF(old);
    }
done:
    XDECREF(cell);
    decref(ns);
    decref(bases);
    return cls;
}

BUILTIN(import)
{
    UNUSED_SELF;
    static const char *const names[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    object_t *argv[5];
    if (vm_parse_args("__import__", args, nargs, kwnames, names, 1, argv) < 0)
        return NULL;
    object_t *level = argv[4] ? argv[4] : int_from_i64(0);
    if (!argv[4])
        incref(level), decref(level);
    object_t *r = vm_import(argv[0], argv[1] && argv[1] != None ? argv[1] : NULL,
                            argv[3] ? argv[3] : None, level);
    return r;
}

static const struct method_def builtin_functions[] = {
    {"print", builtin_print, 0},
    {"len", builtin_len, 0},
    {"isinstance", builtin_isinstance, 0},
    {"issubclass", builtin_issubclass, 0},
    {"id", builtin_id, 0},
    {"hash", builtin_hash, 0},
    {"repr", builtin_repr, 0},
    {"ascii", builtin_ascii, 0},
    {"format", builtin_format, 0},
    {"callable", builtin_callable, 0},
    {"getattr", builtin_getattr, 0},
    {"setattr", builtin_setattr, 0},
    {"delattr", builtin_delattr, 0},
    {"hasattr", builtin_hasattr, 0},
    {"iter", builtin_iter, 0},
    {"next", builtin_next, 0},
    {"abs", builtin_abs, 0},
    {"divmod", builtin_divmod, 0},
    {"pow", builtin_pow, 0},
    {"round", builtin_round, 0},
    {"chr", builtin_chr, 0},
    {"ord", builtin_ord, 0},
    {"hex", builtin_hex, 0},
    {"oct", builtin_oct, 0},
    {"bin", builtin_bin, 0},
    {"any", builtin_any, 0},
    {"all", builtin_all, 0},
    {"sum", builtin_sum, 0},
    {"min", builtin_min, 0},
    {"max", builtin_max, 0},
    {"sorted", builtin_sorted, 0},
    {"globals", builtin_globals, 0},
    {"locals", builtin_locals, 0},
    {"vars", builtin_vars, 0},
    {"dir", builtin_dir, 0},
    {"__build_class__", builtin_build_class, 0},
    {"__import__", builtin_import, 0},
    {NULL, NULL, 0},
};

/* ---- super ---------------------------------------------------------------------------------------- */

struct super_object {
    struct object ob;
    struct type *type;    /* the class super() was called in */
    object_t *obj;        /* the instance or class, or NULL (unbound) */
    struct type *obj_type;
};

static void super_dealloc(object_t *o)
{
    struct super_object *s = (struct super_object *)o;
    gc_untrack(o);
    XDECREF((object_t *)s->type);
    XDECREF(s->obj);
    XDECREF((object_t *)s->obj_type);
    gc_free(o, sizeof *s);
}

static int super_traverse(object_t *o, visitproc visit, void *arg)
{
    struct super_object *s = (struct super_object *)o;
    int r;
    if (s->obj && (r = visit(s->obj, arg)))
        return r;
    if (s->type && (r = visit((object_t *)s->type, arg)))
        return r;
    return s->obj_type ? visit((object_t *)s->obj_type, arg) : 0;
}

static object_t *super_getattro(object_t *o, object_t *name)
{
    struct super_object *s = (struct super_object *)o;
    if (s->obj_type && !str_eq_cstr(name, "__class__")) {
        object_t *mro = s->obj_type->mro;
        size_t n = tuple_size(mro), i = 0;
        while (i < n && tuple_items(mro)[i] != (object_t *)s->type)
            i++;
        for (i++; i < n; i++) {
            struct type *t = (struct type *)tuple_items(mro)[i];
            object_t *v = dict_lookup_str(t->dict, name);
            if (!v)
                continue;
            if (v->type->descr_get)
                return v->type->descr_get(v, s->obj == (object_t *)s->obj_type ? NULL : s->obj,
                                          (object_t *)s->obj_type);
            incref(v);
            return v;
        }
    }
    return object_generic_getattr(o, name);
}

static int super_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    struct super_object *s = (struct super_object *)self;
    object_t *type, *obj = NULL;
    if (vm_check_args("super", nargs, kwnames, 0, 2) < 0)
        return -1;
    if (nargs == 0) {
        /* super(): __class__ from the calling function's cell, the first argument as obj */
        struct frame *f = vm_thread()->frame;
        struct code_object *co = f ? f->code : NULL;
        if (!co || co->argcount == 0) {
            vm_err_format(exc_RuntimeError, "super(): no arguments");
            return -1;
        }
        obj = f->localsplus[0];
        if (obj && obj->type == &cell_type &&
            (bytes_data(co->localspluskinds)[0] & CO_FAST_CELL))
            obj = ((struct cell_object *)obj)->ref;
        if (!obj) {
            vm_err_format(exc_RuntimeError, "super(): arg[0] deleted");
            return -1;
        }
        type = NULL;
        for (int i = co->nlocalsplus - co->nfreevars; i < co->nlocalsplus; i++)
            if (str_eq_cstr(tuple_items(co->localsplusnames)[i], "__class__")) {
                object_t *cell = f->localsplus[i];
                type = cell ? ((struct cell_object *)cell)->ref : NULL;
                break;
            }
        if (!type) {
            vm_err_format(exc_RuntimeError, "super(): __class__ cell not found");
            return -1;
        }
    } else {
        type = args[0];
        obj = nargs > 1 ? args[1] : NULL;
        if (obj == None)
            obj = NULL;
    }
    if (!IS_TYPE(type)) {
        vm_err_format(exc_TypeError, "super() argument 1 must be a type, not %s",
                      type->type->name);
        return -1;
    }
    struct type *obj_type = NULL;
    if (obj) {
        if (IS_TYPE(obj) && type_is_subtype((struct type *)obj, (struct type *)type))
            obj_type = (struct type *)obj;
        else if (type_is_subtype(obj->type, (struct type *)type))
            obj_type = type_of(obj);
        else {
            vm_err_format(exc_TypeError, "super(type, obj): obj must be an instance or subtype "
                                         "of type");
            return -1;
        }
    }
    incref(type);
    XINCREF(obj);
    XINCREF((object_t *)obj_type);
    s->type = (struct type *)type;
    s->obj = obj;
    s->obj_type = obj_type;
    return 0;
}

static object_t *super_new(struct type *t, object_t *const *args, size_t nargs,
                           object_t *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    struct super_object *s = (struct super_object *)gc_alloc(t, sizeof *s);
    if (!s)
        return vm_err_nomemory();
    s->type = NULL;
    s->obj = NULL;
    s->obj_type = NULL;
    gc_track(&s->ob);
    return &s->ob;
}

static object_t *super_repr(object_t *o)
{
    struct super_object *s = (struct super_object *)o;
    if (s->obj_type)
        return str_format_c("<super: <class '%s'>, <%s object>>", s->type ? s->type->name : "",
                            s->obj_type->name);
    return str_format_c("<super: <class '%s'>, NULL>", s->type ? s->type->name : "");
}

struct type super_type = {
    .name = "super",
    .basic_size = sizeof(struct super_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = super_dealloc,
    .traverse = super_traverse,
    .getattro = super_getattro,
    .init = super_init,
    .newfunc = super_new,
    .repr = super_repr,
    .vm_flags = VM_TYPE_BASETYPE,
};

/* ---- the module ------------------------------------------------------------------------------------ */

static object_t *builtins_module;

object_t *vm_builtins_dict(void)
{
    return ((struct module_object *)builtins_module)->dict;
}

object_t *vm_module_builtins(void)
{
    if (builtins_module) {
        incref(builtins_module);
        return builtins_module;
    }
    object_t *m = module_new("builtins");
    if (!m)
        return NULL;
    object_t *d = ((struct module_object *)m)->dict;
    struct {
        const char *name;
        object_t *value;
    } objects[] = {
        {"None", None}, {"True", True}, {"False", False}, {"NotImplemented", NotImplemented},
        {"Ellipsis", &vm_ellipsis}, {"object", (object_t *)&object_type},
        {"type", (object_t *)&type_type}, {"int", (object_t *)&int_type},
        {"bool", (object_t *)&bool_type}, {"float", (object_t *)&float_type},
        {"str", (object_t *)&str_type}, {"bytes", (object_t *)&bytes_type},
        {"list", (object_t *)&list_type}, {"tuple", (object_t *)&tuple_type},
        {"dict", (object_t *)&dict_type}, {"set", (object_t *)&set_type},
        {"frozenset", (object_t *)&frozenset_type}, {"range", (object_t *)&range_type},
        {"slice", (object_t *)&slice_type}, {"super", (object_t *)&super_type},
        {"staticmethod", (object_t *)&staticmethod_type},
        {"classmethod", (object_t *)&classmethod_type},
        {"property", (object_t *)&property_type}, {"enumerate", (object_t *)&enumerate_type},
        {"zip", (object_t *)&zip_type}, {"map", (object_t *)&map_type},
        {"filter", (object_t *)&filter_type}, {"reversed", (object_t *)&reversed_type},
    };
    for (size_t i = 0; i < sizeof objects / sizeof objects[0]; i++)
        if (dict_store_cstr(d, objects[i].name, objects[i].value) < 0)
            goto fail;
    if (module_add_functions(m, builtin_functions) < 0 || vm_errors_init(d) < 0 ||
        dict_store_cstr(d, "__debug__", True) < 0)
        goto fail;
    builtins_module = m;
    incref(m);
    return m;
fail:
    decref(m);
    return NULL;
}

void vm_builtins_release(void)
{
    if (builtins_module) {
        dict_clear(((struct module_object *)builtins_module)->dict);
        CLEAR_REF(builtins_module);
    }
}

/* sys.displayhook for the REPL and PRINT_EXPR: print repr(v) unless None, and keep it as _. */
int vm_display_hook(object_t *v)
{
    if (v == None)
        return 0;
    if (dict_store_cstr(vm_builtins_dict(), "_", None) < 0)
        return -1;
    object_t *r = vm_repr(v);
    if (!r)
        return -1;
    int rc = file_write(vm_sys_stdout(), r);
    decref(r);
    if (rc < 0)
        return -1;
    vm_write(1, "\n", 1);
    return dict_store_cstr(vm_builtins_dict(), "_", v);
}
