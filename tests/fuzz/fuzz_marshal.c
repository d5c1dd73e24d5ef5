/*
 * tests/fuzz/fuzz_marshal.c - the marshal reader (vm/marshal.c) on any bytes: each input is the
 * body of a .pyc (a CPython 3.11 header is put in front), and the reader must return a code
 * object or raise an exception naming the file and offset - never crash, never read outside the
 * input, never leave an exception set after success. A code object it returns is dropped again,
 * which runs every dealloc of what it made.
 *
 * Seeds (tests/fuzz/corpus/marshal): marshal.dumps(compile(SOURCE, NAME + ".py", "exec")) by
 * python3.11 of six small modules: a statement, a function with every kind of parameter, a class
 * using super(), a generator, constants of every marshal type, try/except/finally.
 */
#include "tests/fuzz/fuzz.h"

#include <string.h>

#include "vm/builtin.h"
#include "vm/code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        CHECK(vm_types_init() == 0, "the interpreter's types did not start");
        ready = true;
    }
    uint8_t *pyc = malloc(size + 16);
    CHECK(pyc != NULL, "out of memory");
    memcpy(pyc, "\xa7\x0d\x0d\x0a", 4);
    memset(pyc + 4, 0, 12);
    memcpy(pyc + 16, data, size);
    object_t *co = marshal_load_pyc("fuzz.pyc", pyc, size + 16);
    if (co) {
        CHECK(!vm_err_occurred(), "a code object came back with an exception set");
        CHECK(co->type == &code_type, "the module is a %s, not code", co->type->name);
        decref(co);
    } else {
        object_t *e = vm_err_fetch();
        CHECK(e != NULL, "failure without an exception");
        object_t *msg = vm_str(e);
        CHECK(msg && (type_is_subtype(e->type, exc_MemoryError) ||
                      strstr(str_data(msg), "fuzz.pyc") != NULL),
              "the error does not name the file: %s", msg ? str_data(msg) : "?");
        XDECREF(msg);
        decref(e);
    }
    free(pyc);
    return 0;
}
