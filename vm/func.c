/*
 * vm/func.c - functions, bound methods, cells, builtin functions, staticmethod, classmethod,
 * property and modules (Objects/funcobject.c, classobject.c, cellobject.c, methodobject.c,
 * descrobject.c's property, moduleobject.c).
 *
 * A function binds to an instance as a method (its descr_get); calling a method prepends self.
 * All of these reference other objects and are GC containers, tracked once consistent.
 */
#include "vm/builtin.h"
#include "vm/code.h"
#include "vm/slots.h"

/* ---- function ---------------------------------------------------------------------------------- */

object_t *function_new(struct code_object *code, object_t *globals, object_t *qualname)
{
    struct function_object *f =
        (struct function_object *)gc_alloc(&function_type, sizeof *f);
    if (!f)
        return vm_err_nomemory();
    memset((char *)f + sizeof(struct object), 0, sizeof *f - sizeof(struct object));
    f->code = code;
    incref(&code->ob);
    f->globals = globals;
    incref(globals);
    f->name = code->name;
    incref(f->name);
    f->qualname = qualname ? qualname : code->qualname;
    incref(f->qualname);
    f->module = dict_lookup_cstr(globals, "__name__");
    XINCREF(f->module);
    object_t *b = dict_lookup_cstr(globals, "__builtins__");
    if (b && b->type == &module_type)
        b = ((struct module_object *)b)->dict;
    f->builtins = b ? b : vm_builtins_dict();
    incref(f->builtins);
    /* The docstring is the first constant when that is a str (3.11 puts None there when the
     * function has none). */
    if (tuple_size(code->consts) && IS_STR(tuple_items(code->consts)[0]))
        f->doc = tuple_items(code->consts)[0];
    else
        f->doc = None;
    incref(f->doc);
    gc_track(&f->ob);
    return &f->ob;
}

static int function_traverse(object_t *o, visitproc visit, void *arg)
{
    struct function_object *f = (struct function_object *)o;
    object_t *refs[] = {f->dict, &f->code->ob, f->globals, f->builtins, f->name, f->qualname,
                        f->defaults, f->kwdefaults, f->closure, f->doc, f->module,
                        f->annotations};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        if (refs[i]) {
            int r = visit(refs[i], arg);
            if (r)
                return r;
        }
    return 0;
}

static int function_clear(object_t *o)
{
    struct function_object *f = (struct function_object *)o;
    CLEAR_REF(f->dict);
    CLEAR_REF(f->globals);
    CLEAR_REF(f->builtins);
    CLEAR_REF(f->defaults);
    CLEAR_REF(f->kwdefaults);
    CLEAR_REF(f->closure);
    CLEAR_REF(f->doc);
    CLEAR_REF(f->module);
    CLEAR_REF(f->annotations);
    return 0;
}

static void function_dealloc(object_t *o)
{
    struct function_object *f = (struct function_object *)o;
    gc_untrack(o);
    if (f->weaklist)
        object_clear_weakrefs(o);
    TRASHCAN_BEGIN(o)
    function_clear(o);
    CLEAR_REF(f->name);
    CLEAR_REF(f->qualname);
    if (f->code)
        decref(&f->code->ob);
    gc_free(o, sizeof *f);
    TRASHCAN_END
}

static object_t *function_descr_get(object_t *f, object_t *obj, object_t *type)
{
    (void)type;
    if (!obj) {
        incref(f);
        return f;
    }
    return method_new(f, obj);
}

static object_t *function_repr(object_t *o)
{
    return str_format_c("<function %U at %p>", ((struct function_object *)o)->qualname,
                        (void *)o);
}

static object_t *function_call(object_t *f, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    return vm_call_function(f, args, nargs, kwnames);
}

#define FUNC_FIELD(fname, field, settable)                                                     \
    static object_t *get_##fname(object_t *o)                                                  \
    {                                                                                          \
        object_t *v = ((struct function_object *)o)->field;                                    \
        v = v ? v : None;                                                                      \
        incref(v);                                                                             \
        return v;                                                                              \
    }                                                                                          \
    static int set_##fname(object_t *o, object_t *v)                                           \
    {                                                                                          \
        struct function_object *f = (struct function_object *)o;                               \
        if (!settable) {                                                                       \
            vm_err_format(exc_AttributeError, "readonly attribute");                           \
            return -1;                                                                         \
        }                                                                                      \
        object_t *old = f->field;                                                              \
        f->field = v && v != None ? v : NULL;                                                  \
        XINCREF(f->field);                                                                     \
        XDECREF(old);                                                                          \
        return 0;                                                                              \
    }
FUNC_FIELD(name, name, 1)
FUNC_FIELD(qualname, qualname, 1)
FUNC_FIELD(defaults, defaults, 1)
FUNC_FIELD(kwdefaults, kwdefaults, 1)
FUNC_FIELD(closure, closure, 0)
FUNC_FIELD(doc, doc, 1)
FUNC_FIELD(module, module, 1)
FUNC_FIELD(globals, globals, 0)

static object_t *get_code(object_t *o)
{
    object_t *c = &((struct function_object *)o)->code->ob;
    incref(c);
    return c;
}

static object_t *get_fdict(object_t *o)
{
    struct function_object *f = (struct function_object *)o;
    if (!f->dict && !(f->dict = dict_new()))
        return vm_err_nomemory();
    incref(f->dict);
    return f->dict;
}

static object_t *get_annotations(object_t *o)
{
    struct function_object *f = (struct function_object *)o;
    if (!f->annotations && !(f->annotations = dict_new()))
        return vm_err_nomemory();
    incref(f->annotations);
    return f->annotations;
}

static const struct member_def function_members[] = {
    {"__name__", get_name, set_name},
    {"__qualname__", get_qualname, set_qualname},
    {"__defaults__", get_defaults, set_defaults},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults},
    {"__closure__", get_closure, set_closure},
    {"__doc__", get_doc, set_doc},
    {"__module__", get_module, set_module},
    {"__globals__", get_globals, set_globals},
    {"__code__", get_code, NULL},
    {"__dict__", get_fdict, NULL},
    {"__annotations__", get_annotations, NULL},
    {NULL, NULL, NULL},
};

struct type function_type = {
    .name = "function",
    .basic_size = sizeof(struct function_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .dealloc = function_dealloc,
    .traverse = function_traverse,
    .clear = function_clear,
    .descr_get = function_descr_get,
    .call = function_call,
    .repr = function_repr,
    .dictoffset = offsetof(struct function_object, dict),
    .members = function_members,
};

/* ---- bound method ------------------------------------------------------------------------------ */

object_t *method_new(object_t *func, object_t *self)
{
    struct method_object *m = (struct method_object *)gc_alloc(&method_type, sizeof *m);
    if (!m)
        return vm_err_nomemory();
    m->func = func;
    m->self = self;
    incref(func);
    incref(self);
    gc_track(&m->ob);
    return &m->ob;
}

static void method_dealloc(object_t *o)
{
    struct method_object *m = (struct method_object *)o;
    gc_untrack(o);
    CLEAR_REF(m->func);
    CLEAR_REF(m->self);
    gc_free(o, sizeof *m);
}

static int method_traverse(object_t *o, visitproc visit, void *arg)
{
    struct method_object *m = (struct method_object *)o;
    int r;
    if (m->func && (r = visit(m->func, arg)))
        return r;
    return m->self ? visit(m->self, arg) : 0;
}

static int method_clear(object_t *o)
{
    struct method_object *m = (struct method_object *)o;
    CLEAR_REF(m->func);
    CLEAR_REF(m->self);
    return 0;
}

static object_t *method_call(object_t *o, object_t *const *args, size_t nargs,
                             object_t *kwnames)
{
    struct method_object *m = (struct method_object *)o;
    size_t total = nargs + (kwnames ? tuple_size(kwnames) : 0);
    object_t *small[8], **argv = total + 1 <= 8 ? small : kmalloc((total + 1) * sizeof *argv);
    if (!argv)
        return vm_err_nomemory();
    argv[0] = m->self;
    if (total)
        memcpy(argv + 1, args, total * sizeof *argv);
    object_t *r = vm_call(m->func, argv, nargs + 1, kwnames);
    if (argv != small)
        kfree(argv);
    return r;
}

static object_t *method_repr(object_t *o)
{
    struct method_object *m = (struct method_object *)o;
    object_t *qn = vm_getattr_cstr(m->func, "__qualname__");
    if (!qn)
        return NULL;
    object_t *sr = vm_repr(m->self);
    if (!sr) {
        decref(qn);
        return NULL;
    }
    object_t *r = str_format_c("<bound method %S of %U>", qn, sr);
    decref(qn);
    decref(sr);
    return r;
}

static object_t *method_getattro(object_t *o, object_t *name)
{
    struct method_object *m = (struct method_object *)o;
    if (str_eq_cstr(name, "__self__")) {
        incref(m->self);
        return m->self;
    }
    if (str_eq_cstr(name, "__func__")) {
        incref(m->func);
        return m->func;
    }
    object_t *r = object_generic_getattr(o, name);
    if (r || !vm_err_matches(exc_AttributeError))
        return r;
    vm_err_clear();
    return vm_getattr(m->func, name);
}

static object_t *method_richcompare(object_t *a, object_t *b, int op)
{
    if ((op != CMP_EQ && op != CMP_NE) || b->type != &method_type) {
        incref(NotImplemented);
        return NotImplemented;
    }
    struct method_object *x = (struct method_object *)a, *y = (struct method_object *)b;
    bool eq = x->func == y->func && x->self == y->self;
    return vm_bool(op == CMP_EQ ? eq : !eq);
}

static int64_t method_hash(object_t *o)
{
    struct method_object *m = (struct method_object *)o;
    int64_t a = vm_hash(m->self);
    if (a == -1)
        return -1;
    int64_t h = a ^ (int64_t)((uintptr_t)m->func >> 4);
    return h == -1 ? -2 : h;
}

struct type method_type = {
    .name = "method",
    .basic_size = sizeof(struct method_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = method_dealloc,
    .traverse = method_traverse,
    .clear = method_clear,
    .call = method_call,
    .repr = method_repr,
    .getattro = method_getattro,
    .richcompare = method_richcompare,
    .hash = method_hash,
};

/* ---- cell -------------------------------------------------------------------------------------- */

object_t *cell_new(object_t *value)
{
    struct cell_object *c = (struct cell_object *)gc_alloc(&cell_type, sizeof *c);
    if (!c)
        return vm_err_nomemory();
    c->ref = value;
    XINCREF(value);
    gc_track(&c->ob);
    return &c->ob;
}

static void cell_dealloc(object_t *o)
{
    gc_untrack(o);
    CLEAR_REF(((struct cell_object *)o)->ref);
    gc_free(o, sizeof(struct cell_object));
}

static int cell_traverse(object_t *o, visitproc visit, void *arg)
{
    object_t *r = ((struct cell_object *)o)->ref;
    return r ? visit(r, arg) : 0;
}

static int cell_clear(object_t *o)
{
    CLEAR_REF(((struct cell_object *)o)->ref);
    return 0;
}

static object_t *cell_get_contents(object_t *o)
{
    object_t *r = ((struct cell_object *)o)->ref;
    if (!r)
        return vm_err_format(exc_ValueError, "Cell is empty");
    incref(r);
    return r;
}

static int cell_set_contents(object_t *o, object_t *v)
{
    struct cell_object *c = (struct cell_object *)o;
    object_t *old = c->ref;
    c->ref = v;
    XINCREF(v);
    XDECREF(old);
    return 0;
}

static object_t *cell_repr(object_t *o)
{
    object_t *r = ((struct cell_object *)o)->ref;
    if (!r)
        return str_format_c("<cell at %p: empty>", (void *)o);
    return str_format_c("<cell at %p: %s object at %p>", (void *)o, r->type->name, (void *)r);
}

static const struct member_def cell_members[] = {
    {"cell_contents", cell_get_contents, cell_set_contents},
    {NULL, NULL, NULL},
};

struct type cell_type = {
    .name = "cell",
    .basic_size = sizeof(struct cell_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = cell_dealloc,
    .traverse = cell_traverse,
    .clear = cell_clear,
    .repr = cell_repr,
    .members = cell_members,
};

/* ---- builtin function ----------------------------------------------------------------------------- */

object_t *builtin_function_new(const struct method_def *def, object_t *self)
{
    struct builtin_function_object *f =
        (struct builtin_function_object *)gc_alloc(&builtin_function_type, sizeof *f);
    if (!f)
        return vm_err_nomemory();
    f->def = def;
    f->self = self;
    f->module = NULL;
    XINCREF(self);
    gc_track(&f->ob);
    return &f->ob;
}

static void builtin_dealloc(object_t *o)
{
    struct builtin_function_object *f = (struct builtin_function_object *)o;
    gc_untrack(o);
    CLEAR_REF(f->self);
    CLEAR_REF(f->module);
    gc_free(o, sizeof *f);
}

static int builtin_traverse(object_t *o, visitproc visit, void *arg)
{
    struct builtin_function_object *f = (struct builtin_function_object *)o;
    int r;
    if (f->self && (r = visit(f->self, arg)))
        return r;
    return f->module ? visit(f->module, arg) : 0;
}

static object_t *builtin_call(object_t *o, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    struct builtin_function_object *f = (struct builtin_function_object *)o;
    return f->def->fn(f->self, args, nargs, kwnames);
}

static object_t *builtin_repr(object_t *o)
{
    struct builtin_function_object *f = (struct builtin_function_object *)o;
    if (!f->self || f->self->type == &module_type)
        return str_format_c("<built-in function %s>", f->def->name);
    return str_format_c("<built-in method %s of %s object at %p>", f->def->name,
                        IS_TYPE(f->self) ? ((struct type *)f->self)->name : f->self->type->name,
                        (void *)f->self);
}

static object_t *builtin_get_name(object_t *o)
{
    return str_from_cstr(((struct builtin_function_object *)o)->def->name);
}

static object_t *builtin_get_self(object_t *o)
{
    object_t *s = ((struct builtin_function_object *)o)->self;
    s = s ? s : None;
    incref(s);
    return s;
}

static const struct member_def builtin_members[] = {
    {"__name__", builtin_get_name, NULL},
    {"__qualname__", builtin_get_name, NULL},
    {"__self__", builtin_get_self, NULL},
    {NULL, NULL, NULL},
};

struct type builtin_function_type = {
    .name = "builtin_function_or_method",
    .basic_size = sizeof(struct builtin_function_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = builtin_dealloc,
    .traverse = builtin_traverse,
    .call = builtin_call,
    .repr = builtin_repr,
    .members = builtin_members,
};

/* ---- staticmethod, classmethod ----------------------------------------------------------------- */

static void wrapper_dealloc(object_t *o)
{
    struct wrapper_object *w = (struct wrapper_object *)o;
    gc_untrack(o);
    CLEAR_REF(w->callable);
    CLEAR_REF(w->dict);
    gc_free(o, sizeof *w);
}

static int wrapper_traverse(object_t *o, visitproc visit, void *arg)
{
    struct wrapper_object *w = (struct wrapper_object *)o;
    int r;
    if (w->callable && (r = visit(w->callable, arg)))
        return r;
    return w->dict ? visit(w->dict, arg) : 0;
}

static int wrapper_clear(object_t *o)
{
    struct wrapper_object *w = (struct wrapper_object *)o;
    CLEAR_REF(w->callable);
    CLEAR_REF(w->dict);
    return 0;
}

static object_t *wrapper_make(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    if (vm_check_args(t->name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    struct wrapper_object *w = (struct wrapper_object *)gc_alloc(t, sizeof *w);
    if (!w)
        return vm_err_nomemory();
    w->callable = args[0];
    incref(args[0]);
    w->dict = NULL;
    gc_track(&w->ob);
    return &w->ob;
}

static object_t *staticmethod_get(object_t *o, object_t *obj, object_t *type)
{
    (void)obj;
    (void)type;
    object_t *c = ((struct wrapper_object *)o)->callable;
    incref(c);
    return c;
}

static object_t *staticmethod_call(object_t *o, object_t *const *args, size_t nargs,
                                   object_t *kwnames)
{
    return vm_call(((struct wrapper_object *)o)->callable, args, nargs, kwnames);
}

static object_t *classmethod_get(object_t *o, object_t *obj, object_t *type)
{
    object_t *c = ((struct wrapper_object *)o)->callable;
    if (!type)
        type = vm_type_of(obj);
    return method_new(c, type);
}

static object_t *wrapper_get_func(object_t *o)
{
    object_t *c = ((struct wrapper_object *)o)->callable;
    incref(c);
    return c;
}

static const struct member_def wrapper_members[] = {
    {"__func__", wrapper_get_func, NULL},
    {"__wrapped__", wrapper_get_func, NULL},
    {NULL, NULL, NULL},
};

struct type staticmethod_type = {
    .name = "staticmethod",
    .basic_size = sizeof(struct wrapper_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = wrapper_dealloc,
    .traverse = wrapper_traverse,
    .clear = wrapper_clear,
    .descr_get = staticmethod_get,
    .call = staticmethod_call,
    .newfunc = wrapper_make,
    .members = wrapper_members,
    .dictoffset = offsetof(struct wrapper_object, dict),
    .vm_flags = VM_TYPE_BASETYPE,
};

struct type classmethod_type = {
    .name = "classmethod",
    .basic_size = sizeof(struct wrapper_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = wrapper_dealloc,
    .traverse = wrapper_traverse,
    .clear = wrapper_clear,
    .descr_get = classmethod_get,
    .newfunc = wrapper_make,
    .members = wrapper_members,
    .dictoffset = offsetof(struct wrapper_object, dict),
    .vm_flags = VM_TYPE_BASETYPE,
};

/* ---- property ----------------------------------------------------------------------------------- */

static void property_dealloc(object_t *o)
{
    struct property_object *p = (struct property_object *)o;
    gc_untrack(o);
    CLEAR_REF(p->fget);
    CLEAR_REF(p->fset);
    CLEAR_REF(p->fdel);
    CLEAR_REF(p->doc);
    gc_free(o, sizeof *p);
}

static int property_traverse(object_t *o, visitproc visit, void *arg)
{
    struct property_object *p = (struct property_object *)o;
    object_t *refs[] = {p->fget, p->fset, p->fdel, p->doc};
    for (int i = 0; i < 4; i++)
        if (refs[i]) {
            int r = visit(refs[i], arg);
            if (r)
                return r;
        }
    return 0;
}

static int property_clear(object_t *o)
{
    struct property_object *p = (struct property_object *)o;
    CLEAR_REF(p->fget);
    CLEAR_REF(p->fset);
    CLEAR_REF(p->fdel);
    CLEAR_REF(p->doc);
    return 0;
}

static object_t *property_make(object_t *fget, object_t *fset, object_t *fdel, object_t *doc)
{
    struct property_object *p = (struct property_object *)gc_alloc(&property_type, sizeof *p);
    if (!p)
        return vm_err_nomemory();
    p->fget = fget && fget != None ? fget : NULL;
    p->fset = fset && fset != None ? fset : NULL;
    p->fdel = fdel && fdel != None ? fdel : NULL;
    p->doc = doc && doc != None ? doc : NULL;
    if (!p->doc && p->fget) {
        object_t *d;
        if (vm_lookup_attr(p->fget, str_intern_cstr("__doc__"), &d) > 0) {
            if (d != None)
                p->doc = d;
            else
                decref(d);
        }
        if (p->doc)
            decref(p->doc), incref(p->doc);
    } else {
        XINCREF(p->doc);
    }
    XINCREF(p->fget);
    XINCREF(p->fset);
    XINCREF(p->fdel);
    gc_track(&p->ob);
    return &p->ob;
}

static object_t *property_new(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    static const char *const names[] = {"fget", "fset", "fdel", "doc", NULL};
    object_t *argv[4];
    (void)t;
    if (vm_parse_args("property", args, nargs, kwnames, names, 0, argv) < 0)
        return NULL;
    return property_make(argv[0], argv[1], argv[2], argv[3]);
}

static object_t *property_get(object_t *o, object_t *obj, object_t *type)
{
    struct property_object *p = (struct property_object *)o;
    (void)type;
    if (!obj) {
        incref(o);
        return o;
    }
    if (!p->fget)
        return vm_err_format(exc_AttributeError, "property object has no getter");
    return vm_call1(p->fget, obj);
}

static int property_set(object_t *o, object_t *obj, object_t *value)
{
    struct property_object *p = (struct property_object *)o;
    object_t *f = value ? p->fset : p->fdel, *r;
    if (!f) {
        vm_err_format(exc_AttributeError, value ? "can't set attribute" : "can't delete "
                                                                          "attribute");
        return -1;
    }
    r = value ? vm_call2(f, obj, value) : vm_call1(f, obj);
    if (!r)
        return -1;
    decref(r);
    return 0;
}

static object_t *property_copy_with(object_t *self, int which, object_t *f)
{
    struct property_object *p = (struct property_object *)self;
    return property_make(which == 0 ? f : p->fget, which == 1 ? f : p->fset,
                         which == 2 ? f : p->fdel, p->doc);
}

static object_t *property_getter(object_t *self, object_t *const *args, size_t nargs,
                                 object_t *kwnames)
{
    if (vm_check_args("getter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return property_copy_with(self, 0, args[0]);
}

static object_t *property_setter(object_t *self, object_t *const *args, size_t nargs,
                                 object_t *kwnames)
{
    if (vm_check_args("setter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return property_copy_with(self, 1, args[0]);
}

static object_t *property_deleter(object_t *self, object_t *const *args, size_t nargs,
                                  object_t *kwnames)
{
    if (vm_check_args("deleter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return property_copy_with(self, 2, args[0]);
}

static const struct method_def property_methods[] = {
    {"getter", property_getter, 0},
    {"setter", property_setter, 0},
    {"deleter", property_deleter, 0},
    {NULL, NULL, 0},
};

#define PROP_FIELD(name)                                                                       \
    static object_t *prop_get_##name(object_t *o)                                              \
    {                                                                                          \
        object_t *v = ((struct property_object *)o)->name;                                     \
        v = v ? v : None;                                                                      \
        incref(v);                                                                             \
        return v;                                                                              \
    }
PROP_FIELD(fget)
PROP_FIELD(fset)
PROP_FIELD(fdel)
PROP_FIELD(doc)

static const struct member_def property_members[] = {
    {"fget", prop_get_fget, NULL},
    {"fset", prop_get_fset, NULL},
    {"fdel", prop_get_fdel, NULL},
    {"__doc__", prop_get_doc, NULL},
    {NULL, NULL, NULL},
};

struct type property_type = {
    .name = "property",
    .basic_size = sizeof(struct property_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = property_dealloc,
    .traverse = property_traverse,
    .clear = property_clear,
    .descr_get = property_get,
    .descr_set = property_set,
    .newfunc = property_new,
    .methods = property_methods,
    .members = property_members,
    .vm_flags = VM_TYPE_BASETYPE,
};

/* ---- module --------------------------------------------------------------------------------------- */

object_t *module_new(const char *name)
{
    struct module_object *m = (struct module_object *)gc_alloc(&module_type, sizeof *m);
    if (!m)
        return vm_err_nomemory();
    m->weaklist = NULL;
    m->name = str_from_cstr(name);
    m->dict = dict_new();
    if (!m->name || !m->dict) {
        XDECREF(m->name);
        XDECREF(m->dict);
        gc_free(&m->ob, sizeof *m);
        return vm_err_nomemory();
    }
    gc_track(&m->ob);
    if (dict_store_cstr(m->dict, "__name__", m->name) < 0 ||
        dict_store_cstr(m->dict, "__doc__", None) < 0) {
        decref(&m->ob);
        return NULL;
    }
    return &m->ob;
}

static void module_dealloc(object_t *o)
{
    struct module_object *m = (struct module_object *)o;
    gc_untrack(o);
    if (m->weaklist)
        object_clear_weakrefs(o);
    CLEAR_REF(m->dict);
    CLEAR_REF(m->name);
    gc_free(o, sizeof *m);
}

static int module_traverse(object_t *o, visitproc visit, void *arg)
{
    struct module_object *m = (struct module_object *)o;
    return m->dict ? visit(m->dict, arg) : 0;
}

static int module_clear(object_t *o)
{
    CLEAR_REF(((struct module_object *)o)->dict);
    return 0;
}

static object_t *module_repr(object_t *o)
{
    struct module_object *m = (struct module_object *)o;
    object_t *file = m->dict ? dict_lookup_cstr(m->dict, "__file__") : NULL;
    if (file)
        return str_format_c("<module %R from %R>", m->name, file);
    return str_format_c("<module %R (built-in)>", m->name);
}

static object_t *module_getattro(object_t *o, object_t *name)
{
    struct module_object *m = (struct module_object *)o;
    object_t *v = m->dict ? dict_lookup_str(m->dict, name) : NULL;
    if (v) {
        incref(v);
        return v;
    }
    object_t *r = object_generic_getattr(o, name);
    if (r || !vm_err_matches(exc_AttributeError))
        return r;
    vm_err_clear();
    return vm_err_format(exc_AttributeError, "module '%U' has no attribute '%U'", m->name,
                         name);
}

int module_add_functions(object_t *module, const struct method_def *defs)
{
    struct module_object *m = (struct module_object *)module;
    for (const struct method_def *d = defs; d->name; d++) {
        object_t *f = builtin_function_new(d, module);
        if (!f || dict_store_cstr(m->dict, d->name, f) < 0) {
            XDECREF(f);
            return -1;
        }
        decref(f);
    }
    return 0;
}

int module_add_object(object_t *module, const char *name, object_t *value)
{
    if (!value)
        return -1;
    int r = dict_store_cstr(((struct module_object *)module)->dict, name, value);
    decref(value);
    return r;
}

int dict_store_cstr_steal(object_t *d, const char *name, object_t *value)
{
    if (!value)
        return -1;
    int r = dict_store_cstr(d, name, value);
    decref(value);
    return r;
}

struct type module_type = {
    .name = "module",
    .basic_size = sizeof(struct module_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .dealloc = module_dealloc,
    .traverse = module_traverse,
    .clear = module_clear,
    .repr = module_repr,
    .getattro = module_getattro,
    .dictoffset = offsetof(struct module_object, dict),
};
