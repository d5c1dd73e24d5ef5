/*
 * vm/mod_sys.c - the sys module (Python/sysmodule.c, the parts programs use): argv, exit,
 * getrefcount, the recursion limit, the switch interval, intern, version_info, implementation,
 * stdout/stderr (on the kernel both are the console), modules, maxsize, exc_info.
 */
#include "vm/builtin.h"
#include "vm/thread.h"
#include "vm/vm.h"

/* ---- stdout and stderr ------------------------------------------------------------------------ */

struct stdio_object {
    struct object ob;
    int fd;
};

static void stdio_dealloc(object_t *o)
{
    (void)o; /* static */
}

static object_t *stdio_write(object_t *self, object_t *const *args, size_t nargs,
                             object_t *kwnames)
{
    if (vm_check_args("write", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_STR(args[0]))
        return vm_err_format(exc_TypeError, "write() argument must be str, not %s",
                             args[0]->type->name);
    vm_write(((struct stdio_object *)self)->fd, str_data(args[0]), str_bytes(args[0]));
    return int_from_i64((int64_t)str_chars(args[0]));
}

static object_t *stdio_flush(object_t *self, object_t *const *args, size_t nargs,
                             object_t *kwnames)
{
    (void)self;
    (void)args;
    if (vm_check_args("flush", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return vm_none_ref();
}

static object_t *stdio_isatty(object_t *self, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    (void)self;
    (void)args;
    if (vm_check_args("isatty", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return vm_bool(false);
}

static const struct method_def stdio_methods[] = {
    {"write", stdio_write, 0},
    {"flush", stdio_flush, 0},
    {"isatty", stdio_isatty, 0},
    {NULL, NULL, 0},
};

static object_t *stdio_repr(object_t *o)
{
    return str_format_c("<_io.TextIOWrapper name='<%s>' mode='w' encoding='utf-8'>",
                        ((struct stdio_object *)o)->fd == 1 ? "stdout" : "stderr");
}

static struct type stdio_type = {
    .name = "_io.TextIOWrapper",
    .basic_size = sizeof(struct stdio_object),
    .dealloc = stdio_dealloc,
    .methods = stdio_methods,
    .repr = stdio_repr,
};

static struct stdio_object sys_stdout = {{1 << 30, &stdio_type}, 1};
static struct stdio_object sys_stderr = {{1 << 30, &stdio_type}, 2};

int vm_file_fd(object_t *file)
{
    if (file == &sys_stdout.ob)
        return 1;
    if (file == &sys_stderr.ob)
        return 2;
    return -1;
}

static object_t *sys_module;

/* sys.stdout as the program has it now (it may have been replaced). */
object_t *vm_sys_stdout(void)
{
    object_t *o = sys_module ? dict_lookup_cstr(((struct module_object *)sys_module)->dict,
                                                "stdout")
                             : NULL;
    return o ? o : &sys_stdout.ob;
}

/* ---- functions ---------------------------------------------------------------------------------- */

#define SYSFN(name) \
    static object_t *sys_##name(object_t *self, object_t *const *args, size_t nargs, \
                                object_t *kwnames)

SYSFN(exit)
{
    (void)self;
    if (vm_check_args("exit", nargs, kwnames, 0, 1) < 0)
        return NULL;
    object_t *e = vm_call(&exc_SystemExit->ob, args, nargs, NULL);
    if (e) {
        vm_err_set_object(e);
        decref(e);
    }
    return NULL;
}

SYSFN(getrefcount)
{
    (void)self;
    if (vm_check_args("getrefcount", nargs, kwnames, 1, 1) < 0)
        return NULL;
    /* As in CPython, the argument's own reference on the caller's stack is counted. */
    return int_from_i64((int64_t)refcount(args[0]));
}

SYSFN(getrecursionlimit)
{
    (void)self;
    (void)args;
    if (vm_check_args("getrecursionlimit", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return int_from_i64(vm_thread()->recursion_limit);
}

SYSFN(setrecursionlimit)
{
    (void)self;
    intptr_t n;
    if (vm_check_args("setrecursionlimit", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_INT(args[0]))
        return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             args[0]->type->name);
    if (vm_index_ssize(args[0], &n) < 0)
        return NULL;
    if (n < 1)
        return vm_err_format(exc_ValueError, "recursion limit must be greater or equal than 1");
    struct vm_thread *ts = vm_thread();
    if (n <= ts->depth)
        return vm_err_format(exc_RecursionError, "cannot set the recursion limit to %zd at the "
                                                 "recursion depth %d: the limit is too low",
                             n, ts->depth);
    ts->recursion_limit = n > 1000000 ? 1000000 : (int)n;
    return vm_none_ref();
}

static double switch_interval_s = 0.005;

SYSFN(getswitchinterval)
{
    (void)self;
    (void)args;
    if (vm_check_args("getswitchinterval", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return float_new(switch_interval_s);
}

SYSFN(setswitchinterval)
{
    (void)self;
    double d;
    if (vm_check_args("setswitchinterval", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (vm_as_double(args[0], &d) < 0)
        return NULL;
    if (d <= 0)
        return vm_err_format(exc_ValueError, "switch interval must be strictly positive");
    switch_interval_s = d;
    return vm_none_ref();
}

object_t *str_intern(object_t *s);

SYSFN(intern)
{
    (void)self;
    if (vm_check_args("intern", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type != &str_type)
        return vm_err_format(exc_TypeError, "intern() argument must be str, not %s",
                             args[0]->type->name);
    return str_intern(args[0]);
}

SYSFN(exc_info)
{
    (void)self;
    (void)args;
    if (vm_check_args("exc_info", nargs, kwnames, 0, 0) < 0)
        return NULL;
    object_t *e = vm_thread()->exc_info;
    if (!e)
        return tuple_pack(3, None, None, None);
    object_t *tb = exc_get_traceback(e);
    return tuple_pack(3, (object_t *)e->type, e, tb ? tb : None);
}

SYSFN(exception)
{
    (void)self;
    (void)args;
    if (vm_check_args("exception", nargs, kwnames, 0, 0) < 0)
        return NULL;
    object_t *e = vm_thread()->exc_info;
    e = e ? e : None;
    incref(e);
    return e;
}

SYSFN(getsizeof)
{
    (void)self;
    if (vm_check_args("getsizeof", nargs, kwnames, 1, 2) < 0)
        return NULL;
    object_t *o = args[0];
    size_t size = o->type->basic_size + (object_is_gc(o) ? sizeof(struct gc_head) : 0);
    if (IS_STR(o))
        size += str_bytes(o) + 1;
    return int_from_u64(size);
}

static const struct method_def sys_functions[] = {
    {"exit", sys_exit, 0},
    {"getrefcount", sys_getrefcount, 0},
    {"getrecursionlimit", sys_getrecursionlimit, 0},
    {"setrecursionlimit", sys_setrecursionlimit, 0},
    {"getswitchinterval", sys_getswitchinterval, 0},
    {"setswitchinterval", sys_setswitchinterval, 0},
    {"intern", sys_intern, 0},
    {"exc_info", sys_exc_info, 0},
    {"exception", sys_exception, 0},
    {"getsizeof", sys_getsizeof, 0},
    {NULL, NULL, 0},
};

/* ---- sys.version_info: a tuple with field names (CPython's struct sequence) ---------------------- */

static const char *const version_fields[] = {"major", "minor", "micro", "releaselevel",
                                             "serial"};

#define VERSION_FIELD(i, name)                                                                 \
    static object_t *version_##name(object_t *o)                                               \
    {                                                                                          \
        object_t *v = tuple_items(o)[i];                                                       \
        incref(v);                                                                             \
        return v;                                                                              \
    }
VERSION_FIELD(0, major)
VERSION_FIELD(1, minor)
VERSION_FIELD(2, micro)
VERSION_FIELD(3, releaselevel)
VERSION_FIELD(4, serial)

static const struct member_def version_members[] = {
    {"major", version_major, NULL}, {"minor", version_minor, NULL},
    {"micro", version_micro, NULL}, {"releaselevel", version_releaselevel, NULL},
    {"serial", version_serial, NULL}, {NULL, NULL, NULL},
};

static object_t *version_repr(object_t *o)
{
    struct strbuf b;
    sb_init(&b);
    sb_puts(&b, "sys.version_info(");
    for (int i = 0; i < 5; i++) {
        sb_printf(&b, "%s%s=", i ? ", " : "", version_fields[i]);
        if (sb_put_repr(&b, tuple_items(o)[i]) < 0) {
            sb_free(&b);
            return NULL;
        }
    }
    sb_putc(&b, ')');
    return sb_finish(&b);
}

/* Same layout as a tuple (gc/types.h), so everything tuple does applies. */
static struct type version_info_type = {
    .name = "sys.version_info",
    .basic_size = sizeof(struct tuple_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_TUPLE,
    .base = &tuple_type,
    .repr = version_repr,
    .members = version_members,
};

static object_t *make_version_info(void)
{
    if (!version_info_type.dealloc) {
        version_info_type.dealloc = tuple_type.dealloc;
        version_info_type.traverse = tuple_type.traverse;
        if (type_ready(&version_info_type) < 0)
            return NULL;
    }
    object_t *vi = tuple_new(5);
    if (!vi)
        return vm_err_nomemory();
    tuple_set(vi, 0, int_from_i64(3));
    tuple_set(vi, 1, int_from_i64(11));
    tuple_set(vi, 2, int_from_i64(0));
    tuple_set(vi, 3, str_from_cstr("final"));
    tuple_set(vi, 4, int_from_i64(0));
    vi->type = &version_info_type;
    return vi;
}

/* ---- the module ---------------------------------------------------------------------------------- */

object_t *vm_sys_modules(void);

static object_t *make_namespace(const char *name, object_t *version)
{
    /* sys.implementation: a simple namespace; a module object serves (attribute access) */
    object_t *ns = module_new("implementation");
    if (!ns)
        return NULL;
    if (module_add_object(ns, "name", str_from_cstr(name)) < 0 ||
        module_add_object(ns, "cache_tag", vm_none_ref()) < 0) {
        decref(ns);
        return NULL;
    }
    incref(version);
    if (module_add_object(ns, "version", version) < 0) {
        decref(ns);
        return NULL;
    }
    return ns;
}

object_t *vm_module_sys(void)
{
    object_t *m = module_new("sys");
    if (!m)
        return NULL;
    if (type_ready(&stdio_type) < 0 || module_add_functions(m, sys_functions) < 0)
        goto fail;
    object_t *vi = make_version_info();
    if (!vi)
        goto fail;
    if (module_add_object(m, "implementation", make_namespace("pymm", vi)) < 0) {
        decref(vi);
        goto fail;
    }
    if (module_add_object(m, "version_info", vi) < 0 ||
        module_add_object(m, "version", str_from_cstr("3.11.0 (pymm, freestanding)")) < 0 ||
        module_add_object(m, "platform", str_from_cstr("pymm")) < 0 ||
        module_add_object(m, "byteorder", str_from_cstr("little")) < 0 ||
        module_add_object(m, "maxsize", int_from_i64(INT64_MAX)) < 0 ||
        module_add_object(m, "hexversion", int_from_i64(0x030b00f0)) < 0)
        goto fail;
    incref(&sys_stdout.ob);
    incref(&sys_stderr.ob);
    incref(&sys_stdout.ob);
    incref(&sys_stderr.ob);
    if (module_add_object(m, "stdout", &sys_stdout.ob) < 0 ||
        module_add_object(m, "stderr", &sys_stderr.ob) < 0 ||
        module_add_object(m, "__stdout__", &sys_stdout.ob) < 0 ||
        module_add_object(m, "__stderr__", &sys_stderr.ob) < 0)
        goto fail;
    incref(vm_sys_modules());
    if (module_add_object(m, "modules", vm_sys_modules()) < 0)
        goto fail;
    XDECREF(sys_module);
    sys_module = m;
    incref(m);
    return m;
fail:
    decref(m);
    return NULL;
}

int vm_sys_set_argv(int argc, const char **argv)
{
    object_t *l = list_new();
    if (!l) {
        vm_err_nomemory();
        return -1;
    }
    for (int i = 0; i < argc; i++) {
        object_t *s = str_from_cstr(argv[i]);
        if (!s || list_append_checked(l, s) < 0) {
            XDECREF(s);
            decref(l);
            return -1;
        }
        decref(s);
    }
    return module_add_object(sys_module, "argv", l);
}

void vm_sys_release(void)
{
    CLEAR_REF(sys_module);
}
