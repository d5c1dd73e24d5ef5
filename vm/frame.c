/*
 * vm/frame.c - frames, generators and tracebacks (Python/frame.c, Objects/genobject.c,
 * Python/traceback.c).
 *
 * Generators: RETURN_GENERATOR hands the running frame itself to a new generator (3.11 copies
 * it into the generator object; ours are heap blocks already, so ownership moves instead).
 * send() resumes the frame with the value pushed on its stack; throw() resumes it with an
 * exception raised at the suspended YIELD_VALUE; close() throws GeneratorExit. A generator
 * being collected with a suspended frame is finalized (PEP 442) by closing it, as CPython does.
 */
#include "vm/frame.h"
#include "vm/thread.h"
#include "vm/vm.h"

struct frame *frame_new(struct code_object *co, object_t *func, object_t *globals,
                        object_t *builtins, object_t *locals)
{
    size_t n = (size_t)co->nlocalsplus + (size_t)co->stacksize;
    struct frame *f = kmalloc(sizeof *f + n * sizeof(object_t *));
    if (!f && !(gc_collect_for_memory() && (f = kmalloc(sizeof *f + n * sizeof(object_t *)))))
        return (struct frame *)vm_err_nomemory();
    f->code = co;
    incref(&co->ob);
    f->func = func;
    XINCREF(func);
    f->globals = globals;
    incref(globals);
    f->builtins = builtins;
    incref(builtins);
    f->locals = locals;
    XINCREF(locals);
    f->back = NULL;
    f->gen = NULL;
    f->lasti = -1;
    f->stackdepth = 0;
    f->is_entry = true;
    memset(f->localsplus, 0, (size_t)co->nlocalsplus * sizeof(object_t *));
    return f;
}

void frame_free(struct frame *f)
{
    object_t **stack = f->localsplus + f->code->nlocalsplus;
    for (int i = 0; i < f->stackdepth; i++)
        XDECREF(stack[i]);
    for (int i = 0; i < f->code->nlocalsplus; i++)
        XDECREF(f->localsplus[i]);
    XDECREF(f->func);
    decref(f->globals);
    decref(f->builtins);
    XDECREF(f->locals);
    decref(&f->code->ob);
    kfree(f);
}

int frame_traverse(struct frame *f, visitproc visit, void *arg)
{
    int r;
    object_t **stack = f->localsplus + f->code->nlocalsplus;
    if ((r = visit(&f->code->ob, arg)) || (f->func && (r = visit(f->func, arg))) ||
        (r = visit(f->globals, arg)) || (r = visit(f->builtins, arg)) ||
        (f->locals && (r = visit(f->locals, arg))))
        return r;
    for (int i = 0; i < f->code->nlocalsplus; i++)
        if (f->localsplus[i] && (r = visit(f->localsplus[i], arg)))
            return r;
    for (int i = 0; i < f->stackdepth; i++)
        if (stack[i] && (r = visit(stack[i], arg)))
            return r;
    return 0;
}

/* ---- generators ------------------------------------------------------------------------------- */

object_t *gen_new(struct frame *f)
{
    struct gen_object *g = (struct gen_object *)gc_alloc(&generator_type, sizeof *g);
    if (!g)
        return vm_err_nomemory();
    g->weaklist = NULL;
    g->frame = f;
    g->running = false;
    g->started = false;
    g->name = f->code->name;
    g->qualname = f->code->qualname;
    incref(g->name);
    incref(g->qualname);
    f->gen = &g->ob;
    gc_track(&g->ob);
    return &g->ob;
}

static void gen_clear_frame(struct gen_object *g)
{
    struct frame *f = g->frame;
    if (f) {
        g->frame = NULL;
        frame_free(f);
    }
}

object_t *gen_send_ex(object_t *o, object_t *value, object_t *exc, bool *done)
{
    struct gen_object *g = (struct gen_object *)o;
    *done = false;
    if (g->running)
        return vm_err_format(exc_ValueError, "generator already executing");
    if (!g->frame) {
        if (exc) {
            incref(exc);
            vm_err_restore(exc);
            return NULL;
        }
        *done = true;
        return NULL; /* exhausted: StopIteration without a value */
    }
    if (!g->started && value != None && !exc)
        return vm_err_format(exc_TypeError, "can't send non-None value to a just-started "
                                            "generator");
    struct frame *f = g->frame;
    object_t **stack = f->localsplus + f->code->nlocalsplus;
    if (exc) {
        incref(exc);
        vm_err_restore(exc);
    } else {
        incref(value);
        stack[f->stackdepth++] = value; /* the value YIELD_VALUE (or the first POP_TOP) gets */
    }
    g->started = true;
    g->running = true;
    struct vm_thread *ts = vm_thread();
    f->back = ts->frame;
    f->is_entry = true;
    object_t *r = vm_eval_frame(f, NULL, exc != NULL);
    g->running = false;
    /* The frame is still there while suspended; the eval loop cleared f->gen's frame when the
     * frame finished (returned or raised). */
    if (g->frame && g->frame->lasti == -2) {
        gen_clear_frame(g);
        *done = r != NULL;
    } else if (!r) {
        gen_clear_frame(g);
    }
    if (!r && vm_err_matches(exc_StopIteration)) {
        /* PEP 479: a StopIteration escaping a generator becomes RuntimeError */
        object_t *e = vm_err_fetch();
        vm_err_format(exc_RuntimeError, "generator raised StopIteration");
        object_t *re = vm_err_peek();
        exc_set_cause(re, e);
    }
    return r;
}

/* Raise StopIteration(value) for a finished generator's return value (stolen). */
static object_t *stop_iteration(object_t *value)
{
    if (value == None) {
        decref(value);
        vm_err_set_object((object_t *)exc_StopIteration);
        return NULL;
    }
    object_t *e = vm_call1((object_t *)exc_StopIteration, value);
    decref(value);
    if (e) {
        vm_err_set_object(e);
        decref(e);
    }
    return NULL;
}

static object_t *gen_iternext(object_t *o)
{
    bool done;
    object_t *r = gen_send_ex(o, None, NULL, &done);
    if (done && r) {
        /* return value of a generator driven by for/next: dropped (no StopIteration value
         * is observable through iternext) */
        if (r != None)
            return stop_iteration(r);
        decref(r);
        return NULL;
    }
    return r;
}

static object_t *gen_send(object_t *self, object_t *const *args, size_t nargs,
                          object_t *kwnames)
{
    bool done;
    if (vm_check_args("send", nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *r = gen_send_ex(self, args[0], NULL, &done);
    if (done) {
        if (r)
            return stop_iteration(r);
        if (!vm_err_occurred())
            vm_err_set_object((object_t *)exc_StopIteration);
    }
    return r;
}

static object_t *gen_throw(object_t *self, object_t *const *args, size_t nargs,
                           object_t *kwnames)
{
    bool done;
    if (vm_check_args("throw", nargs, kwnames, 1, 3) < 0)
        return NULL;
    object_t *exc = args[0], *made = NULL;
    if (IS_TYPE(exc)) {
        if (!type_is_subtype((struct type *)exc, exc_BaseException))
            return vm_err_format(exc_TypeError, "exceptions must be classes or instances "
                                                "deriving from BaseException, not type");
        made = nargs >= 2 && args[1] != None ? vm_call1(exc, args[1]) : vm_call0(exc);
        if (!made)
            return NULL;
        exc = made;
    } else if (!IS_EXC(exc)) {
        return vm_err_format(exc_TypeError, "exceptions must be classes or instances deriving "
                                            "from BaseException, not %s", exc->type->name);
    }
    object_t *r = gen_send_ex(self, None, exc, &done);
    XDECREF(made);
    if (done) {
        if (r)
            return stop_iteration(r);
        if (!vm_err_occurred())
            vm_err_set_object((object_t *)exc_StopIteration);
    }
    return r;
}

object_t *gen_close_obj(object_t *self)
{
    struct gen_object *g = (struct gen_object *)self;
    bool done;
    if (!g->frame)
        return vm_none_ref();
    if (!g->started) {
        gen_clear_frame(g);
        return vm_none_ref();
    }
    object_t *exit = vm_call0((object_t *)exc_GeneratorExit);
    if (!exit)
        return NULL;
    object_t *r = gen_send_ex(self, None, exit, &done);
    decref(exit);
    if (r) {
        decref(r);
        if (done)
            return vm_none_ref();
        return vm_err_format(exc_RuntimeError, "generator ignored GeneratorExit");
    }
    if (vm_err_matches(exc_GeneratorExit) || vm_err_matches(exc_StopIteration)) {
        vm_err_clear();
        return vm_none_ref();
    }
    return NULL;
}

static object_t *gen_close(object_t *self, object_t *const *args, size_t nargs,
                           object_t *kwnames)
{
    (void)args;
    if (vm_check_args("close", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return gen_close_obj(self);
}

static const struct method_def gen_methods[] = {
    {"send", gen_send, 0},
    {"throw", gen_throw, 0},
    {"close", gen_close, 0},
    {NULL, NULL, 0},
};

static void gen_finalize(object_t *o)
{
    struct gen_object *g = (struct gen_object *)o;
    if (!g->frame || !g->started)
        return;
    object_t *saved = vm_err_fetch();
    object_t *r = gen_close_obj(o);
    if (!r)
        vm_print_unraisable("Exception ignored in", o);
    XDECREF(r);
    vm_err_restore(saved);
}

static void gen_dealloc(object_t *o)
{
    struct gen_object *g = (struct gen_object *)o;
    struct gc_head *h = as_gc(o);
    gc_untrack(o);
    if (g->frame && g->started && !(h->prev & GC_PREV_FINALIZED)) {
        gc_track(o);
        o->refcnt = 1;
        h->prev |= GC_PREV_FINALIZED;
        gen_finalize(o);
        if (--o->refcnt != 0)
            return;
        gc_untrack(o);
    }
    if (g->weaklist)
        object_clear_weakrefs(o);
    gen_clear_frame(g);
    CLEAR_REF(g->name);
    CLEAR_REF(g->qualname);
    gc_free(o, sizeof *g);
}

static int gen_traverse(object_t *o, visitproc visit, void *arg)
{
    struct gen_object *g = (struct gen_object *)o;
    if (g->frame && !g->running)
        return frame_traverse(g->frame, visit, arg);
    return 0;
}

static int gen_clear(object_t *o)
{
    struct gen_object *g = (struct gen_object *)o;
    if (!g->running)
        gen_clear_frame(g);
    return 0;
}

static object_t *gen_repr(object_t *o)
{
    return str_format_c("<generator object %U at %p>", ((struct gen_object *)o)->qualname,
                        (void *)o);
}

static object_t *gen_iter(object_t *o)
{
    incref(o);
    return o;
}

static object_t *gen_get_name(object_t *o)
{
    object_t *n = ((struct gen_object *)o)->name;
    incref(n);
    return n;
}

static object_t *gen_get_qualname(object_t *o)
{
    object_t *n = ((struct gen_object *)o)->qualname;
    incref(n);
    return n;
}

static object_t *gen_get_running(object_t *o)
{
    return vm_bool(((struct gen_object *)o)->running);
}

static object_t *gen_get_frame(object_t *o)
{
    struct gen_object *g = (struct gen_object *)o;
    return g->frame ? vm_bool(true) : vm_none_ref();
}

static const struct member_def gen_members[] = {
    {"__name__", gen_get_name, NULL},
    {"__qualname__", gen_get_qualname, NULL},
    {"gi_running", gen_get_running, NULL},
    {"gi_frame", gen_get_frame, NULL},
    {NULL, NULL, NULL},
};

struct type generator_type = {
    .name = "generator",
    .basic_size = sizeof(struct gen_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .dealloc = gen_dealloc,
    .traverse = gen_traverse,
    .clear = gen_clear,
    .finalize = gen_finalize,
    .repr = gen_repr,
    .iter = gen_iter,
    .iternext = gen_iternext,
    .methods = gen_methods,
    .members = gen_members,
};

/* ---- tracebacks --------------------------------------------------------------------------------- */

object_t *traceback_here(object_t *next, struct frame *f)
{
    struct traceback_object *tb =
        (struct traceback_object *)gc_alloc(&traceback_type, sizeof *tb);
    if (!tb)
        return NULL;
    tb->next = next;
    XINCREF(next);
    tb->code = f->code;
    incref(&f->code->ob);
    tb->lasti = f->lasti;
    tb->lineno = code_line_of(f->code, f->lasti);
    gc_track(&tb->ob);
    return &tb->ob;
}

static void tb_dealloc(object_t *o)
{
    struct traceback_object *tb = (struct traceback_object *)o;
    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    CLEAR_REF(tb->next);
    decref(&tb->code->ob);
    gc_free(o, sizeof *tb);
    TRASHCAN_END
}

static int tb_traverse(object_t *o, visitproc visit, void *arg)
{
    struct traceback_object *tb = (struct traceback_object *)o;
    return tb->next ? visit(tb->next, arg) : 0;
}

static int tb_clear(object_t *o)
{
    CLEAR_REF(((struct traceback_object *)o)->next);
    return 0;
}

static object_t *tb_get_next(object_t *o)
{
    object_t *n = ((struct traceback_object *)o)->next;
    n = n ? n : None;
    incref(n);
    return n;
}

static object_t *tb_get_lineno(object_t *o)
{
    return int_from_i64(((struct traceback_object *)o)->lineno);
}

static const struct member_def tb_members[] = {
    {"tb_next", tb_get_next, NULL},
    {"tb_lineno", tb_get_lineno, NULL},
    {NULL, NULL, NULL},
};

struct type traceback_type = {
    .name = "traceback",
    .basic_size = sizeof(struct traceback_object),
    .flags = TYPE_FLAG_GC,
    .dealloc = tb_dealloc,
    .traverse = tb_traverse,
    .clear = tb_clear,
    .members = tb_members,
};

/* The source line of a file (1-based), for tracebacks: the platform's hook, when it has the
 * sources (hosted: the files themselves), else no line. */
static bool source_line(object_t *filename, int lineno, const char **start, size_t *len)
{
    if (!vm_platform.source || lineno < 1)
        return false;
    size_t size;
    const char *text = vm_platform.source(str_data(filename), &size);
    if (!text)
        return false;
    const char *p = text, *end = text + size;
    for (int line = 1; line < lineno && p < end; p++)
        if (*p == '\n')
            line++;
    if (p >= end)
        return false;
    const char *e = p;
    while (e < end && *e != '\n')
        e++;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
        e--;
    *start = p;
    *len = (size_t)(e - p);
    return *len > 0;
}

static void print_entry(struct traceback_object *tb)
{
    object_t *line = str_format_c("  File \"%U\", line %d, in %U\n", tb->code->filename,
                                  tb->lineno, tb->code->name);
    if (!line) {
        vm_err_clear();
        return;
    }
    vm_write(2, str_data(line), str_bytes(line));
    decref(line);
    const char *src;
    size_t len;
    if (source_line(tb->code->filename, tb->lineno, &src, &len)) {
        vm_write(2, "    ", 4);
        vm_write(2, src, len);
        vm_write(2, "\n", 1);
    }
}

/* CPython's traceback printer: entries outermost first; a run of more than 3 identical entries
 * (recursion) prints the first 3 and "[Previous line repeated N more times]". */
void traceback_print(object_t *o)
{
    struct traceback_object *prev = NULL;
    long repeats = 0;
    for (struct traceback_object *tb = (struct traceback_object *)o; tb;
         tb = (struct traceback_object *)tb->next) {
        bool same = prev && prev->code->filename == tb->code->filename &&
                    prev->lineno == tb->lineno && prev->code->name == tb->code->name;
        if (!same) {
            if (repeats > 3) {
                object_t *m = str_format_c("  [Previous line repeated %ld more time%s]\n",
                                           repeats - 3, repeats - 3 == 1 ? "" : "s");
                if (m) {
                    vm_write(2, str_data(m), str_bytes(m));
                    decref(m);
                }
            }
            repeats = 0;
        }
        repeats++;
        if (repeats <= 3)
            print_entry(tb);
        prev = tb;
    }
    if (repeats > 3) {
        object_t *m = str_format_c("  [Previous line repeated %ld more time%s]\n", repeats - 3,
                                   repeats - 3 == 1 ? "" : "s");
        if (m) {
            vm_write(2, str_data(m), str_bytes(m));
            decref(m);
        }
    }
}
