/*
 * vm/vm.c - starting the interpreter, running a program as __main__, and reporting what escapes
 * it: CPython's traceback format (Python/pythonrun.c, traceback.c), SystemExit's status, and
 * "Exception ignored in" for errors nobody can catch.
 *
 * The interpreter's global state is made once (types, builtins, the small ints); each program
 * gets a fresh sys.modules and __main__, all of which are dropped, and a full collection run,
 * when it ends, so a program leaves the heap as it found it.
 */
#include "vm/vm.h"
#include "vm/archive.h"
#include "vm/builtin.h"
#include "vm/code.h"
#include "vm/frame.h"
#include "vm/slots.h"
#include "vm/thread.h"
#include "vm/types_init.h"

struct vm_thread vm_threads[PLATFORM_MAX_CPUS];
struct vm_platform vm_platform;
volatile int vm_eval_breaker;
volatile int vm_interrupt_pending;

static bool types_ready;

void vm_int_init(void);
void vm_bool_init(void);
void vm_str_init(void);
int vm_core_types_init(void);
void vm_builtins_release(void);
void str_interned_clear(void);
void vm_import_reset(void);
void vm_weakref_init(void);
int vm_import_setup(const struct py_archive *ar, const char *main_name, int argc,
                    const char **argv);
object_t *vm_main_module_run(const char *name, int *status);

static struct type *const vm_static_types[] = {
    &int_type, &bool_type, &float_type, &str_type, &bytes_type, &tuple_type, &list_type,
    &dict_type, &set_type, &frozenset_type, &range_type, &slice_type, &function_type,
    &method_type, &cell_type, &code_type, &builtin_function_type, &staticmethod_type,
    &classmethod_type, &property_type, &generator_type, &module_type, &traceback_type,
    &wrapper_descr_type, &method_descr_type, &member_descr_type, &super_type, &enumerate_type,
    &zip_type, &map_type, &filter_type, &reversed_type, &iter_seq_type, &iter_callable_type,
    &weakref_type,
};

int vm_types_init(void)
{
    if (types_ready)
        return 0;
    vm_int_init();
    vm_bool_init();
    vm_str_init();
    vm_list_init();
    vm_tuple_init();
    vm_dict_init();
    vm_set_init();
    vm_bytes_init();
    vm_range_init();
    vm_slice_init();
    vm_str_methods_init();
    vm_weakref_init();
    for (int i = 0; i < PLATFORM_MAX_CPUS; i++)
        vm_threads[i].recursion_limit = 1000;
    if (vm_core_types_init() < 0 || vm_errors_init(NULL) < 0)
        return -1;
    for (size_t i = 0; i < sizeof vm_static_types / sizeof vm_static_types[0]; i++)
        if (type_ready(vm_static_types[i]) < 0)
            return -1;
    for (struct type *const *t = vm_container_types; *t; t++)
        if (type_ready(*t) < 0)
            return -1;
    types_ready = true;
    return 0;
}

/* ---- output -------------------------------------------------------------------------------------- */

void vm_write(int fd, const char *data, size_t len)
{
    if (vm_platform.write)
        vm_platform.write(fd, data, len);
    else
        platform_log("%.*s", (int)len, data);
}

void vm_write_str(int fd, const char *s)
{
    vm_write(fd, s, strlen(s));
}

static void write_obj(int fd, object_t *s)
{
    vm_write(fd, str_data(s), str_bytes(s));
}

/* ---- the C stack and the eval breaker ----------------------------------------------------------- */

bool vm_stack_exhausted(void)
{
    struct vm_thread *ts = vm_thread();
    if (!ts->stack_limit)
        return false;
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    return sp < ts->stack_limit;
}

int vm_poll_countdown = VM_POLL_EVERY;

void vm_poll_interrupt(void)
{
    vm_poll_countdown = VM_POLL_EVERY;
    if (vm_platform.interrupted && vm_platform.interrupted()) {
        vm_interrupt_pending = 1;
        vm_eval_breaker = 1;
    }
}

int vm_handle_eval_breaker(void)
{
    vm_eval_breaker = 0;
    if (vm_interrupt_pending) {
        vm_interrupt_pending = 0;
        vm_err_set_object((object_t *)exc_KeyboardInterrupt);
        return -1;
    }
    return 0;
}

/* ---- exceptions ---------------------------------------------------------------------------------- */

/* Print one exception's traceback and "Type: message" (no chain). */
static void print_one(object_t *exc)
{
    object_t *tb = exc_get_traceback(exc);
    if (tb) {
        vm_write_str(2, "Traceback (most recent call last):\n");
        traceback_print(tb);
    }
    struct type *t = type_of(exc);
    object_t *mod = t->dict ? dict_lookup_cstr(t->dict, "__module__") : NULL;
    struct strbuf b;
    sb_init(&b);
    if (mod && IS_STR(mod) && !str_eq_cstr(mod, "builtins") && !str_eq_cstr(mod, "__main__")) {
        sb_put_str(&b, mod);
        sb_putc(&b, '.');
    }
    sb_put_str(&b, t->qualname);
    object_t *msg = vm_str(exc);
    if (!msg) {
        vm_err_clear();
        sb_puts(&b, ": <exception str() failed>");
    } else {
        if (str_bytes(msg)) {
            sb_puts(&b, ": ");
            sb_put_str(&b, msg);
        }
        decref(msg);
    }
    sb_putc(&b, '\n');
    object_t *line = sb_finish(&b);
    if (line) {
        write_obj(2, line);
        decref(line);
    } else {
        vm_err_clear();
    }
}

static void print_chain(object_t *exc, int depth)
{
    object_t *cause = exc_get_cause(exc), *ctx = exc_get_context(exc);
    if (depth < 100) {
        if (cause) {
            print_chain(cause, depth + 1);
            vm_write_str(2, "\nThe above exception was the direct cause of the following "
                            "exception:\n\n");
        } else if (ctx && !exc_suppress_context(exc)) {
            print_chain(ctx, depth + 1);
            vm_write_str(2, "\nDuring handling of the above exception, another exception "
                            "occurred:\n\n");
        }
    }
    print_one(exc);
}

void vm_print_exception(object_t *exc)
{
    print_chain(exc, 0);
}

void vm_print_unraisable(const char *what, object_t *obj)
{
    object_t *exc = vm_err_fetch();
    if (!exc)
        return;
    object_t *r = obj ? vm_repr(obj) : NULL;
    if (!r)
        vm_err_clear();
    vm_write_str(2, what);
    vm_write_str(2, ": ");
    if (r) {
        write_obj(2, r);
        decref(r);
    }
    vm_write_str(2, "\n");
    print_chain(exc, 0);
    decref(exc);
}

/* ---- running a program ------------------------------------------------------------------------- */

static int exit_status_of(object_t *exc)
{
    object_t *code = exc_get_value(exc);
    int64_t n;
    if (!code || code == None)
        return 0;
    if (IS_INT(code)) {
        if (int_to_i64(code, &n) < 0) {
            vm_err_clear();
            return 1;
        }
        return (int)(n & 0xff);
    }
    /* sys.exit("message"): the message goes to stderr, status 1 */
    object_t *s = vm_str(code);
    if (s) {
        write_obj(2, s);
        vm_write_str(2, "\n");
        decref(s);
    } else {
        vm_err_clear();
    }
    return 1;
}

object_t *vm_sys_modules(void);

/* What CPython's atexit does for the modules pymm has: weakref.finalize's alive callbacks. */
static object_t *run_exit_hooks(void)
{
    object_t *modules = vm_sys_modules();
    object_t *wr = modules ? dict_lookup_cstr(modules, "weakref") : NULL;
    if (!wr)
        return vm_none_ref();
    object_t *fn = dict_lookup_cstr(((struct module_object *)wr)->dict, "_run_exit_finalizers");
    return fn ? vm_call0(fn) : vm_none_ref();
}

int vm_run_program(const struct py_archive *ar, const char *name, int argc, const char **argv)
{
    struct vm_thread *ts = vm_thread();
    int status = 0;

    if (vm_types_init() < 0)
        return 1;
    ts->recursion_limit = ts->recursion_limit ? ts->recursion_limit : 1000;
    ts->stack_limit = vm_platform.stack_limit ? vm_platform.stack_limit() : 0;
    object_t *bm = vm_module_builtins();
    if (!bm) {
        vm_write_str(2, "pymm: cannot start the interpreter: out of memory\n");
        return 1;
    }
    decref(bm);
    if (!ts->memory_error) {
        object_t *args = tuple_empty();
        ts->memory_error = args ? vm_call(&exc_MemoryError->ob, NULL, 0, NULL) : NULL;
        XDECREF(args);
    }
    if (vm_import_setup(ar, name, argc, argv) < 0) {
        object_t *e = vm_err_fetch();
        if (e) {
            vm_print_exception(e);
            decref(e);
        }
        vm_import_reset();
        return 1;
    }
    object_t *r = vm_main_module_run(name, &status);
    if (r) {
        decref(r);
        r = run_exit_hooks();
    }
    if (r) {
        decref(r);
    } else {
        object_t *e = vm_err_fetch();
        if (e && type_is_subtype(e->type, exc_SystemExit)) {
            status = exit_status_of(e);
        } else if (e) {
            vm_print_exception(e);
            status = 1;
        }
        XDECREF(e);
    }
    CLEAR_REF(ts->exc_info);
    vm_import_reset();
    gc_collect(2);
    return status;
}
