/*
 * vm/import.c - `import`: the built-in modules and the program archive's files
 * (Python/import.c, reduced).
 *
 * sys.modules is the cache. A name is looked up there, then among the built-in modules (made on
 * first import), then as a file beside the importing program in the archive ("helper" from
 * "tests/py/main.py" is "tests/py/helper.py"), then in the archive's library folder py/lib/
 * (modules written in Python, such as random). A file module is entered in sys.modules before
 * its body runs, as CPython does, so circular imports see the partly made module; a body that
 * raises takes it out again.
 */
#include "vm/vm.h"
#include "vm/archive.h"
#include "vm/builtin.h"
#include "vm/code.h"
#include "vm/thread.h"

static const struct py_archive *archive;
static object_t *modules; /* sys.modules */

struct builtin_module {
    const char *name;
    object_t *(*make)(void);
};

static const struct builtin_module builtin_modules[] = {
    {"builtins", vm_module_builtins},
    {"sys", vm_module_sys},
    {"gc", vm_module_gc},
    {"time", vm_module_time},
    {"math", vm_module_math},
    {"_weakref", vm_module_weakref},
    {"_random", vm_module_random_core},
};

object_t *vm_sys_modules(void)
{
    return modules;
}

static object_t *load_from_archive(const struct py_archive_entry *e, object_t *name)
{
    char err[PY_ARCHIVE_ERROR_MAX];
    if (!py_archive_check_pyc(archive, e, err, sizeof err))
        return vm_err_format(exc_ImportError, "%s", err);
    object_t *co = marshal_load_pyc(e->name, e->data, e->size);
    if (!co)
        return NULL;
    object_t *m = module_new(str_data(name));
    if (!m) {
        decref(co);
        return NULL;
    }
    object_t *d = ((struct module_object *)m)->dict;
    object_t *file = str_from_cstr(e->name);
    if (!file || dict_store_cstr(d, "__file__", file) < 0 ||
        dict_store_cstr(d, "__builtins__", vm_builtins_dict()) < 0 ||
        dict_store(modules, name, m) < 0) {
        XDECREF(file);
        decref(co);
        decref(m);
        return NULL;
    }
    decref(file);
    object_t *r = vm_eval_code((struct code_object *)co, d, d);
    decref(co);
    if (!r) {
        object_t *saved = vm_err_fetch();
        if (dict_lookup(modules, name))
            dict_remove(modules, name);
        vm_err_clear();
        vm_err_restore(saved);
        decref(m);
        return NULL;
    }
    decref(r);
    return m;
}

static object_t *import_one(object_t *name, object_t *globals)
{
    object_t *m = dict_lookup(modules, name);
    if (m) {
        incref(m);
        return m;
    }
    for (size_t i = 0; i < sizeof builtin_modules / sizeof builtin_modules[0]; i++)
        if (str_eq_cstr(name, builtin_modules[i].name)) {
            m = builtin_modules[i].make();
            if (!m)
                return NULL;
            if (dict_store(modules, name, m) < 0) {
                decref(m);
                return NULL;
            }
            return m;
        }
    struct py_archive_entry e;
    object_t *file = globals ? dict_lookup_cstr(globals, "__file__") : NULL;
    if (archive && file && IS_STR(file) &&
        py_archive_find_import(archive, str_data(file), str_data(name), &e))
        return load_from_archive(&e, name);
    if (archive && py_archive_find_import(archive, "py/lib/__init__.py", str_data(name), &e))
        return load_from_archive(&e, name);
    return vm_err_format(exc_ModuleNotFoundError, "No module named '%U'", name);
}

object_t *vm_import(object_t *name, object_t *globals, object_t *fromlist, object_t *level)
{
    int64_t lv = 0;
    if (level && IS_INT(level) && int_to_i64(level, &lv) < 0)
        return NULL;
    if (lv > 0)
        return vm_err_format(exc_ImportError, "attempted relative import with no known parent "
                                              "package");
    (void)fromlist;
    if (!modules)
        return vm_err_format(exc_ImportError, "import of %U outside a running program", name);
    if (str_has_byte(name, '.'))
        return vm_err_format(exc_ModuleNotFoundError, "No module named '%U' (packages are not "
                                                      "supported)", name);
    return import_one(name, globals);
}

object_t *vm_import_cstr(const char *name)
{
    object_t *n = str_intern_cstr(name);
    return n ? vm_import(n, NULL, None, NULL) : NULL;
}

int vm_import_star(object_t *module, object_t *locals)
{
    if (!locals) {
        vm_err_format(exc_SystemError, "import * outside a module body");
        return -1;
    }
    object_t *d = ((struct module_object *)module)->dict;
    object_t *all = dict_lookup_cstr(d, "__all__");
    if (all) {
        object_t *names = vm_sequence_list(all);
        if (!names)
            return -1;
        for (size_t i = 0; i < list_size(names); i++) {
            object_t *n = list_items_of(names)[i];
            object_t *v = vm_getattr(module, n);
            if (!v || dict_store(locals, n, v) < 0) {
                XDECREF(v);
                decref(names);
                return -1;
            }
            decref(v);
        }
        decref(names);
        return 0;
    }
    size_t pos = 0;
    object_t *k, *v;
    while (dict_next(d, &pos, &k, &v)) {
        if (IS_STR(k) && str_bytes(k) && str_data(k)[0] == '_')
            continue;
        if (dict_store(locals, k, v) < 0)
            return -1;
    }
    return 0;
}

/* ---- the program's start and end ----------------------------------------------------------------- */

int vm_sys_set_argv(int argc, const char **argv);

int vm_import_setup(const struct py_archive *ar, const char *main_name, int argc,
                    const char **argv)
{
    (void)main_name;
    archive = ar;
    modules = dict_new();
    if (!modules) {
        vm_err_nomemory();
        return -1;
    }
    object_t *sys = vm_import_cstr("sys");
    if (!sys)
        return -1;
    decref(sys);
    object_t *b = vm_import_cstr("builtins");
    if (!b)
        return -1;
    decref(b);
    return vm_sys_set_argv(argc, argv);
}

object_t *vm_main_module_run(const char *name, int *status)
{
    struct py_archive_entry e;
    char err[PY_ARCHIVE_ERROR_MAX];
    (void)status;
    if (!archive || !py_archive_find(archive, name, &e))
        return vm_err_format(exc_ImportError, "%s: no such program in the archive", name);
    if (!py_archive_check_pyc(archive, &e, err, sizeof err))
        return vm_err_format(exc_ImportError, "%s", err);
    object_t *co = marshal_load_pyc(e.name, e.data, e.size);
    if (!co)
        return NULL;
    object_t *m = module_new("__main__");
    if (!m) {
        decref(co);
        return NULL;
    }
    object_t *d = ((struct module_object *)m)->dict;
    object_t *file = str_from_cstr(name);
    object_t *r = NULL;
    if (file && dict_store_cstr(d, "__file__", file) == 0 &&
        dict_store_cstr(d, "__builtins__", vm_builtins_dict()) == 0 &&
        dict_store_cstr(modules, "__main__", m) == 0)
        r = vm_eval_code((struct code_object *)co, d, d);
    XDECREF(file);
    decref(co);
    decref(m);
    return r;
}

void vm_sys_release(void);

void vm_import_reset(void)
{
    if (modules) {
        /* Clear module dicts, so the cycles through their functions' globals go at once. */
        size_t pos = 0;
        object_t *k, *v;
        object_t *l = list_new();
        while (l && dict_next(modules, &pos, &k, &v))
            list_append_checked(l, v);
        if (l) {
            for (size_t i = 0; i < list_size(l); i++) {
                object_t *m = list_items_of(l)[i];
                if (m->type == &module_type && ((struct module_object *)m)->dict &&
                    ((struct module_object *)m)->dict != vm_builtins_dict())
                    dict_clear(((struct module_object *)m)->dict);
            }
            decref(l);
        }
        CLEAR_REF(modules);
    }
    vm_sys_release();
    vm_err_clear();
    archive = NULL;
}
