/*
 * vm/typeobj.c - the types `object` and `type`, and the singletons None, NotImplemented and
 * Ellipsis (Objects/typeobject.c's object_* and type_* slots, Objects/object.c).
 *
 * Calling a type makes an instance: type->newfunc, then type->init when the result is an
 * instance of the type. object.__new__ refuses arguments unless __init__ is overridden (and
 * object.__init__ unless __new__ is), CPython's excess-arguments rule.
 */
#include "vm/builtin.h"
#include "vm/slots.h"
#include "vm/types_init.h"

/* ---- object ---------------------------------------------------------------------------------- */

static bool excess_args(size_t nargs, object_t *kwnames)
{
    return nargs || (kwnames && tuple_size(kwnames));
}

static object_t *object_new(struct type *t, object_t *const *args, size_t nargs,
                            object_t *kwnames)
{
    (void)args;
    if (excess_args(nargs, kwnames)) {
        if (t->newfunc != object_new)
            return vm_err_format(exc_TypeError, "object.__new__() takes exactly one argument "
                                                "(the type to instantiate)");
        if (t->init == object_type.init)
            return vm_err_format(exc_TypeError, "%s() takes no arguments", t->name);
    }
    if (t->vm_flags & VM_TYPE_ABSTRACT_NEW)
        return vm_err_format(exc_TypeError, "cannot create '%s' instances", t->name);
    if (t == &object_type) {
        object_t *o = gc_alloc(&object_type, sizeof(struct instance_layout));
        if (!o)
            return vm_err_nomemory();
        memset((char *)o + sizeof(struct object), 0,
               sizeof(struct instance_layout) - sizeof(struct object));
        return o; /* a bare object() references nothing: never tracked */
    }
    return instance_alloc(t);
}

static int object_init(object_t *self, object_t *const *args, size_t nargs, object_t *kwnames)
{
    (void)args;
    struct type *t = type_of(self);
    if (excess_args(nargs, kwnames)) {
        if (t->init != object_init) {
            vm_err_format(exc_TypeError, "object.__init__() takes exactly one argument (the "
                                         "instance to initialize)");
            return -1;
        }
        if (t->newfunc == object_new) {
            vm_err_format(exc_TypeError, "%s() takes no arguments", t->name);
            return -1;
        }
    }
    return 0;
}

static void object_dealloc_plain(object_t *o)
{
    gc_free(o, sizeof(struct instance_layout));
}

static object_t *object_repr(object_t *o)
{
    struct type *t = type_of(o);
    object_t *mod = t->dict ? dict_lookup_cstr(t->dict, "__module__") : NULL;
    if (mod && IS_STR(mod) && !str_eq_cstr(mod, "builtins"))
        return str_format_c("<%U.%U object at %p>", mod, t->qualname, (void *)o);
    return str_format_c("<%s object at %p>", t->name, (void *)o);
}

static int64_t object_hash(object_t *o)
{
    uint64_t p = (uintptr_t)o;
    return (int64_t)((p >> 4) | (p << 60)) & INT64_MAX;
}

static object_t *object_richcompare(object_t *a, object_t *b, int op)
{
    if (op == CMP_EQ) {
        if (a == b)
            return vm_bool(true);
    } else if (op == CMP_NE) {
        /* != is the negation of __eq__ unless that says NotImplemented */
        if (a->type->richcompare && a->type->richcompare != object_richcompare) {
            object_t *r = a->type->richcompare(a, b, CMP_EQ);
            if (!r || r == NotImplemented)
                return r;
            int t = vm_is_true(r);
            decref(r);
            return t < 0 ? NULL : vm_bool(!t);
        }
        if (a != b) {
            incref(NotImplemented);
            return NotImplemented;
        }
        return vm_bool(false);
    }
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *object_str(object_t *o)
{
    return vm_repr(o);
}

static object_t *object_format(object_t *self, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    if (vm_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (IS_STR(args[0]) && str_bytes(args[0]) > 0)
        return vm_err_format(exc_TypeError, "unsupported format string passed to %s.__format__",
                             self->type->name);
    return vm_str(self);
}

static object_t *object_dir(object_t *self, object_t *const *args, size_t nargs,
                            object_t *kwnames)
{
    (void)args;
    if (vm_check_args("__dir__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    object_t *d = dict_new();
    if (!d)
        return vm_err_nomemory();
    object_t **dp = object_dict_slot(self);
    if (dp && *dp && dict_merge(d, *dp, true) < 0)
        goto fail;
    object_t *mro = self->type->mro;
    for (size_t i = tuple_size(mro); i-- > 0;)
        if (dict_merge(d, ((struct type *)tuple_items(mro)[i])->dict, true) < 0)
            goto fail;
    object_t *l = vm_sequence_list(d);
    decref(d);
    return l;
fail:
    decref(d);
    return NULL;
}

static object_t *object_reduce_ex(object_t *self, object_t *const *args, size_t nargs,
                                  object_t *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return vm_err_format(exc_TypeError, "cannot pickle '%s' object", self->type->name);
}

static object_t *object_init_subclass(object_t *self, object_t *const *args, size_t nargs,
                                      object_t *kwnames)
{
    (void)self; (void)args;
    if (vm_check_args("__init_subclass__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return vm_none_ref();
}

static const struct method_def object_methods[] = {
    {"__format__", object_format, 0},
    {"__dir__", object_dir, 0},
    {"__reduce_ex__", object_reduce_ex, 0},
    {"__init_subclass__", object_init_subclass, METH_CLASS},
    {NULL, NULL, 0},
};

static object_t *object_get_class(object_t *o)
{
    object_t *t = vm_type_of(o);
    incref(t);
    return t;
}

static object_t *object_get_dict(object_t *o)
{
    object_t **dp = object_dict_slot(o);
    if (!dp)
        return vm_err_format(exc_AttributeError, "'%s' object has no attribute '__dict__'",
                             o->type->name);
    if (!*dp && !(*dp = dict_new()))
        return vm_err_nomemory();
    if (((struct dict_object *)*dp)->owned)
        dict_release(*dp); /* the dict now has a life of its own */
    incref(*dp);
    return *dp;
}

static int object_set_dict(object_t *o, object_t *v)
{
    object_t **dp = object_dict_slot(o);
    if (!dp || !v || !IS_DICT(v)) {
        vm_err_format(exc_TypeError, "__dict__ must be set to a dictionary");
        return -1;
    }
    incref(v);
    XDECREF(*dp);
    *dp = v;
    return 0;
}

static const struct member_def object_members[] = {
    {"__class__", object_get_class, NULL},
    {NULL, NULL, NULL},
};

/* __dict__ is found on the instance's class only where instances have one: a member of its own
 * so `object().__dict__` is an AttributeError and `C().__dict__` works. */
static const struct member_def instance_dict_member[] = {
    {"__dict__", object_get_dict, object_set_dict},
    {NULL, NULL, NULL},
};

struct type object_type = {
    .name = "object",
    .basic_size = sizeof(struct instance_layout),
    .flags = TYPE_FLAG_GC,
    .dealloc = object_dealloc_plain,
    .newfunc = object_new,
    .init = object_init,
    .repr = object_repr,
    .str = object_str,
    .hash = object_hash,
    .richcompare = object_richcompare,
    .getattro = object_generic_getattr,
    .setattro = object_generic_setattr,
    .methods = object_methods,
    .members = object_members,
    .vm_flags = VM_TYPE_BASETYPE,
};

/* ---- type ------------------------------------------------------------------------------------- */

static object_t *type_call(object_t *self, object_t *const *args, size_t nargs,
                           object_t *kwnames)
{
    struct type *t = (struct type *)self;
    if (t == &type_type && nargs == 1 && !(kwnames && tuple_size(kwnames))) {
        object_t *r = vm_type_of(args[0]);
        incref(r);
        return r;
    }
    if (!t->newfunc)
        return vm_err_format(exc_TypeError, "cannot create '%s' instances", t->name);
    object_t *o = t->newfunc(t, args, nargs, kwnames);
    if (!o || !type_is_subtype(o->type, t))
        return o;
    if (o->type->init && o->type->init(o, args, nargs, kwnames) < 0) {
        decref(o);
        return NULL;
    }
    return o;
}

static object_t *type_new_slot(struct type *meta, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    (void)meta;
    (void)kwnames;
    if (nargs != 3)
        return vm_err_format(exc_TypeError, "type() takes 1 or 3 arguments");
    if (!IS_STR(args[0]) || !IS_TUPLE(args[1]) || !IS_DICT(args[2]))
        return vm_err_format(exc_TypeError, "type.__new__() argument types: str, tuple, dict");
    return type_new_class(args[0], args[1], args[2]);
}

static int type_init_slot(object_t *self, object_t *const *args, size_t nargs,
                          object_t *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return 0;
}

static object_t *type_repr(object_t *o)
{
    struct type *t = (struct type *)o;
    object_t *mod = t->dict ? dict_lookup_cstr(t->dict, "__module__") : NULL;
    if (mod && IS_STR(mod) && !str_eq_cstr(mod, "builtins"))
        return str_format_c("<class '%U.%U'>", mod, t->qualname);
    return str_format_c("<class '%s'>", t->name);
}

/* Attribute lookup on a class: the metatype's data descriptors, then the class's MRO (binding
 * functions to nothing, classmethods to the class), then the metatype's other attributes. */
static object_t *type_getattro(object_t *o, object_t *name)
{
    struct type *t = (struct type *)o;
    object_t *meta_attr = type_lookup(&type_type, name);
    if (meta_attr && meta_attr->type->descr_set && meta_attr->type->descr_get)
        return meta_attr->type->descr_get(meta_attr, o, (object_t *)&type_type);
    object_t *attr = type_lookup(t, name);
    if (attr) {
        if (attr->type->descr_get)
            return attr->type->descr_get(attr, NULL, o);
        incref(attr);
        return attr;
    }
    if (meta_attr) {
        if (meta_attr->type->descr_get)
            return meta_attr->type->descr_get(meta_attr, o, (object_t *)&type_type);
        incref(meta_attr);
        return meta_attr;
    }
    return vm_err_format(exc_AttributeError, "type object '%s' has no attribute '%U'", t->name,
                         name);
}

static int type_setattro(object_t *o, object_t *name, object_t *value)
{
    struct type *t = (struct type *)o;
    if (!(t->vm_flags & VM_TYPE_HEAP)) {
        vm_err_format(exc_TypeError, "cannot set '%U' attribute of immutable type '%s'", name,
                      t->name);
        return -1;
    }
    object_t *meta_attr = type_lookup(&type_type, name);
    if (meta_attr && meta_attr->type->descr_set)
        return meta_attr->type->descr_set(meta_attr, o, value);
    int r;
    if (value) {
        r = dict_store(t->dict, name, value);
    } else {
        if (!dict_lookup_str(t->dict, name)) {
            vm_err_format(exc_AttributeError, "type object '%s' has no attribute '%U'",
                          t->name, name);
            return -1;
        }
        r = dict_remove(t->dict, name);
    }
    if (r == 0 && str_bytes(name) > 4 && str_data(name)[0] == '_' && str_data(name)[1] == '_')
        r = slots_install_dunders(t);
    return r;
}

static object_t *type_get_name(object_t *o)
{
    object_t *n = ((struct type *)o)->name_obj;
    incref(n);
    return n;
}

static int type_set_name(object_t *o, object_t *v)
{
    struct type *t = (struct type *)o;
    if (!v || !IS_STR(v)) {
        vm_err_format(exc_TypeError, "can only assign string to %s.__name__", t->name);
        return -1;
    }
    incref(v);
    decref(t->name_obj);
    t->name_obj = v;
    return 0;
}

static object_t *type_get_qualname(object_t *o)
{
    object_t *n = ((struct type *)o)->qualname;
    incref(n);
    return n;
}

static object_t *type_get_mro(object_t *o)
{
    object_t *m = ((struct type *)o)->mro;
    incref(m);
    return m;
}

static object_t *type_get_bases(object_t *o)
{
    object_t *b = ((struct type *)o)->bases;
    incref(b);
    return b;
}

static object_t *type_get_base(object_t *o)
{
    struct type *b = ((struct type *)o)->base;
    object_t *r = b ? (object_t *)b : None;
    incref(r);
    return r;
}

static object_t *type_get_dict(object_t *o)
{
    /* CPython returns a read-only mappingproxy; a copy keeps the class's own dict safe. */
    return dict_copy(((struct type *)o)->dict);
}

static object_t *type_get_module(object_t *o)
{
    struct type *t = (struct type *)o;
    object_t *m = dict_lookup_cstr(t->dict, "__module__");
    if (m) {
        incref(m);
        return m;
    }
    return str_from_cstr("builtins");
}

static object_t *type_get_doc(object_t *o)
{
    object_t *d = dict_lookup_cstr(((struct type *)o)->dict, "__doc__");
    d = d ? d : None;
    incref(d);
    return d;
}

static const struct member_def type_members[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, NULL},
    {"__mro__", type_get_mro, NULL},
    {"__bases__", type_get_bases, NULL},
    {"__base__", type_get_base, NULL},
    {"__dict__", type_get_dict, NULL},
    {"__module__", type_get_module, NULL},
    {"__doc__", type_get_doc, NULL},
    {NULL, NULL, NULL},
};

static object_t *type_mro_method(object_t *self, object_t *const *args, size_t nargs,
                                 object_t *kwnames)
{
    (void)args;
    if (vm_check_args("mro", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return vm_sequence_list(((struct type *)self)->mro);
}

static object_t *type_subclasses(object_t *self, object_t *const *args, size_t nargs,
                                 object_t *kwnames)
{
    (void)args;
    if (vm_check_args("__subclasses__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    object_t *l = list_new(), *subs = ((struct type *)self)->subclasses;
    if (!l)
        return vm_err_nomemory();
    for (size_t i = 0; subs && i < list_size(subs); i++) {
        object_t *c = weakref_get(list_items_of(subs)[i]);
        if (c && list_append_checked(l, c) < 0) {
            decref(l);
            return NULL;
        }
    }
    return l;
}

static const struct method_def type_methods[] = {
    {"mro", type_mro_method, 0},
    {"__subclasses__", type_subclasses, 0},
    {NULL, NULL, 0},
};

static int64_t type_hash(object_t *o)
{
    return object_hash(o);
}

struct type type_type = {
    .name = "type",
    .basic_size = sizeof(struct type),
    .call = type_call,
    .newfunc = type_new_slot,
    .init = type_init_slot,
    .repr = type_repr,
    .hash = type_hash,
    .getattro = type_getattro,
    .setattro = type_setattro,
    .members = type_members,
    .methods = type_methods,
    .vm_flags = VM_TYPE_TYPE_SUB | VM_TYPE_BASETYPE,
};

struct type heap_type_meta;

/* ---- None, NotImplemented, Ellipsis ------------------------------------------------------------- */

static void singleton_dealloc(object_t *o)
{
    platform_panic("%s singleton %p freed: a reference was dropped twice", o->type->name,
                   (void *)o);
}

static object_t *none_repr(object_t *o)
{
    (void)o;
    return str_from_cstr("None");
}

static int none_bool(object_t *o)
{
    (void)o;
    return 0;
}

static const struct number_methods none_number = {.to_bool = none_bool};

static object_t *none_new(struct type *t, object_t *const *args, size_t nargs,
                          object_t *kwnames)
{
    (void)t; (void)args;
    if (vm_check_args("NoneType", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return vm_none_ref();
}

struct type none_type = {
    .name = "NoneType",
    .basic_size = sizeof(struct object),
    .dealloc = singleton_dealloc,
    .repr = none_repr,
    .number = &none_number,
    .newfunc = none_new,
    .hash = object_hash,
};
struct object vm_none = {1 << 30, &none_type};

static object_t *notimpl_repr(object_t *o)
{
    (void)o;
    return str_from_cstr("NotImplemented");
}

struct type notimplemented_type = {
    .name = "NotImplementedType",
    .basic_size = sizeof(struct object),
    .dealloc = singleton_dealloc,
    .repr = notimpl_repr,
};
struct object vm_notimplemented = {1 << 30, &notimplemented_type};

static object_t *ellipsis_repr(object_t *o)
{
    (void)o;
    return str_from_cstr("Ellipsis");
}

struct type ellipsis_type = {
    .name = "ellipsis",
    .basic_size = sizeof(struct object),
    .dealloc = singleton_dealloc,
    .repr = ellipsis_repr,
};
struct object vm_ellipsis = {1 << 30, &ellipsis_type};

/* ---- start-up ------------------------------------------------------------------------------------ */

static const struct type *const core_types[] = {
    &object_type, &type_type, &none_type, &notimplemented_type, &ellipsis_type,
};

size_t heap_type_weaklist_offset(void);

int vm_core_types_init(void)
{
    object_type.ob.refcnt = 1 << 30;
    type_type.ob.refcnt = 1 << 30;
    /* heap types are `type` with a GC header (vm/type.c allocates them) */
    heap_type_meta = type_type;
    heap_type_meta.flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE;
    heap_type_meta.weaklistoffset = heap_type_weaklist_offset();
    heap_type_meta.dealloc = heap_type_dealloc;
    heap_type_meta.traverse = heap_type_traverse;
    heap_type_meta.clear = heap_type_clear;
    heap_type_meta.base = &type_type;
    heap_type_meta.vm_flags = VM_TYPE_TYPE_SUB;
    heap_type_meta.dict = NULL;
    for (size_t i = 0; i < sizeof core_types / sizeof core_types[0]; i++)
        if (type_ready((struct type *)core_types[i]) < 0)
            return -1;
    if (type_ready(&heap_type_meta) < 0)
        return -1;
    (void)instance_dict_member;
    return 0;
}

/* Classes with a __dict__ get the member that shows it. */
int type_add_dict_member(struct type *t)
{
    object_t *d = member_descr_new(t, instance_dict_member);
    if (!d)
        return -1;
    int r = dict_store_cstr(t->dict, "__dict__", d);
    decref(d);
    return r;
}
