/*
 * vm/mod_random.c - the _random module (Modules/_randommodule.c): the Random type holding a
 * Mersenne Twister (vm/mt19937.c) with CPython's seeding, random() and getrandbits(k).
 * py/lib/random.py builds the random module's functions on it, as CPython's Lib/random.py does.
 *
 * Random is subclassable (random.Random derives from it): its layout starts like every
 * weak-referenceable object (weaklist right after the header) and a subclass appends its
 * __dict__; allocation and freeing use the instance's own type's size.
 */
#include "vm/builtin.h"
#include "vm/mt19937.h"
#include "vm/bigint.h"

struct random_object {
    struct object ob;
    struct weakref_object *weaklist;
    struct mt19937 mt;
};

struct bigint int_view(object_t *o);

static void random_dealloc(object_t *o)
{
    gc_untrack(o);
    if (((struct random_object *)o)->weaklist)
        object_clear_weakrefs(o);
    gc_free(o, o->type->basic_size);
}

static int random_traverse(object_t *o, visitproc visit, void *arg)
{
    (void)o;
    (void)visit;
    (void)arg;
    return 0;
}

static int seed_from(struct random_object *r, object_t *arg)
{
    if (!arg || arg == None) {
        /* No entropy source: seed from the clock, as CPython falls back to time and pid. */
        uint32_t key[2] = {(uint32_t)platform_cycles(), (uint32_t)(platform_cycles() >> 32)};
        mt_init_by_array(&r->mt, key, 2);
        return 0;
    }
    object_t *n;
    if (IS_INT(arg)) {
        n = vm_absolute(arg);
    } else if (type_is_subtype(arg->type, &float_type) || arg->type->hash) {
        if (IS_STR(arg) || arg->type == &bytes_type) {
            vm_err_format(exc_TypeError, "random.seed() of a str or bytes needs sha512, which "
                                         "pymm does not have; seed with an int");
            return -1;
        }
        int64_t h = vm_hash(arg);
        if (h == -1)
            return -1;
        object_t *hi = int_from_i64(h);
        n = hi ? vm_absolute(hi) : NULL;
        XDECREF(hi);
    } else {
        vm_err_format(exc_TypeError, "The only supported seed types are: None, int, float, "
                                     "str, bytes, and bytearray.");
        return -1;
    }
    if (!n)
        return -1;
    /* The key: |n| as 32-bit words, least significant first ([0] for zero). */
    struct bigint v = int_view(n);
    uint64_t bits = bigint_bit_length(v);
    size_t words = bits ? (size_t)((bits + 31) / 32) : 1;
    uint32_t *key = kmalloc(words * sizeof *key);
    if (!key) {
        decref(n);
        vm_err_nomemory();
        return -1;
    }
    memset(key, 0, words * sizeof *key);
    size_t nd = bigint_ndigits(v);
    for (size_t d = 0; d < nd; d++) {
        uint64_t bit = (uint64_t)d * 30;
        uint64_t val = v.digit[d];
        key[bit / 32] |= (uint32_t)(val << (bit % 32));
        if (bit % 32 > 2 && bit / 32 + 1 < words)
            key[bit / 32 + 1] |= (uint32_t)(val >> (32 - bit % 32));
    }
    mt_init_by_array(&r->mt, key, words);
    kfree(key);
    decref(n);
    return 0;
}

static object_t *random_new(struct type *t, object_t *const *args, size_t nargs,
                            object_t *kwnames)
{
    (void)kwnames;
    struct random_object *r = (struct random_object *)gc_alloc(t, t->basic_size);
    if (!r)
        return vm_err_nomemory();
    memset((char *)r + sizeof(struct object), 0, t->basic_size - sizeof(struct object));
    if (t->vm_flags & VM_TYPE_HEAP)
        incref(&t->ob);
    gc_track(&r->ob);
    if (seed_from(r, nargs ? args[0] : NULL) < 0) {
        decref(&r->ob);
        return NULL;
    }
    return &r->ob;
}

#define RFN(name) \
    static object_t *random_##name(object_t *self, object_t *const *args, size_t nargs, \
                                   object_t *kwnames)

RFN(random)
{
    (void)args;
    if (vm_check_args("random", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return float_new(mt_random(&((struct random_object *)self)->mt));
}

RFN(seed)
{
    if (vm_check_args("seed", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (seed_from((struct random_object *)self, nargs ? args[0] : NULL) < 0)
        return NULL;
    return vm_none_ref();
}

RFN(getrandbits)
{
    int64_t k;
    if (vm_check_args("getrandbits", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_INT(args[0]))
        return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             args[0]->type->name);
    if (int_to_i64(args[0], &k) < 0)
        return NULL;
    if (k < 0)
        return vm_err_format(exc_ValueError, "number of bits must be non-negative");
    if (k == 0)
        return int_from_i64(0);
    size_t nw = mt_getrandbits_words((uint64_t)k);
    uint32_t small[4], *w = nw <= 4 ? small : kmalloc(nw * sizeof *w);
    if (!w)
        return vm_err_nomemory();
    mt_getrandbits(&((struct random_object *)self)->mt, (uint64_t)k, w);
    /* words (least significant first) -> an int */
    object_t *acc = int_from_i64(0);
    for (size_t i = nw; acc && i-- > 0;) {
        object_t *sh = int_from_i64(32), *wv = int_from_u64(w[i]);
        object_t *t = vm_binary_op(acc, sh, NB_LSHIFT);
        object_t *n = t ? vm_binary_op(t, wv, NB_OR) : NULL;
        XDECREF(t);
        decref(sh);
        decref(wv);
        decref(acc);
        acc = n;
    }
    if (w != small)
        kfree(w);
    return acc;
}

RFN(getstate)
{
    (void)args;
    if (vm_check_args("getstate", nargs, kwnames, 0, 0) < 0)
        return NULL;
    uint32_t words[MT_N];
    int index = mt_getstate(&((struct random_object *)self)->mt, words);
    object_t *t = tuple_new(MT_N + 1);
    if (!t)
        return vm_err_nomemory();
    for (int i = 0; i < MT_N; i++) {
        object_t *v = int_from_u64(words[i]);
        if (!v) {
            decref(t);
            return NULL;
        }
        tuple_set(t, (size_t)i, v);
    }
    object_t *iv = int_from_i64(index);
    if (!iv) {
        decref(t);
        return NULL;
    }
    tuple_set(t, MT_N, iv);
    return t;
}

RFN(setstate)
{
    if (vm_check_args("setstate", nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *st = args[0];
    if (!IS_TUPLE(st) || tuple_size(st) != MT_N + 1)
        return vm_err_format(exc_ValueError, "state vector is the wrong size");
    uint32_t words[MT_N];
    for (int i = 0; i < MT_N; i++) {
        int64_t v;
        object_t *x = tuple_items(st)[i];
        if (!IS_INT(x) || int_to_i64(x, &v) < 0 || v < 0 || v > UINT32_MAX) {
            if (!vm_err_occurred())
                vm_err_format(exc_OverflowError, "Python int too large to convert to C "
                                                 "unsigned long");
            return NULL;
        }
        words[i] = (uint32_t)v;
    }
    int64_t index;
    if (!IS_INT(tuple_items(st)[MT_N]) || int_to_i64(tuple_items(st)[MT_N], &index) < 0)
        return NULL;
    if (mt_setstate(&((struct random_object *)self)->mt, words, (long)index) != 0)
        return vm_err_format(exc_ValueError, "invalid state");
    return vm_none_ref();
}

static const struct method_def random_methods[] = {
    {"random", random_random, 0},
    {"seed", random_seed, 0},
    {"getrandbits", random_getrandbits, 0},
    {"getstate", random_getstate, 0},
    {"setstate", random_setstate, 0},
    {NULL, NULL, 0},
};

static struct type random_type = {
    .name = "_random.Random",
    .basic_size = sizeof(struct random_object),
    .flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE,
    .dealloc = random_dealloc,
    .traverse = random_traverse,
    .newfunc = random_new,
    .methods = random_methods,
    .vm_flags = VM_TYPE_BASETYPE,
};

object_t *vm_module_random_core(void)
{
    if (type_ready(&random_type) < 0)
        return NULL;
    object_t *m = module_new("_random");
    if (!m)
        return NULL;
    incref(&random_type.ob);
    if (module_add_object(m, "Random", &random_type.ob) < 0) {
        decref(m);
        return NULL;
    }
    return m;
}
