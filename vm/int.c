/*
 * vm/int.c - int and bool (Objects/longobject.c, boolobject.c): Python's behaviour on gc/'s int
 * layout (30-bit digits, sign in size).
 *
 * Values that fit in 62 bits take a fast path on int64_t with overflow checks; results outside
 * int64 go through the digit arithmetic of vm/bigint.c. The small ints -5..256 are preallocated
 * and shared (CPython's small_ints), so `x is 5` and refcounts behave as in CPython for them.
 * bool is int's subclass with the two instances True and False.
 */
#include "vm/builtin.h"
#include "vm/bigint_glue.h"

#define NSMALL (INT_SMALL_MAX - INT_SMALL_MIN + 1)

static struct static_int small_ints[NSMALL]; /* -5..256 */

static void int_dealloc_static(object_t *o)
{
    platform_panic("int: small int %p freed (refcount error)", (void *)o);
}

object_t *int_alloc_digits(size_t n)
{
    struct int_object *i =
        (struct int_object *)object_alloc(&int_type, sizeof *i + n * sizeof(uint32_t));
    if (!i)
        return vm_err_nomemory();
    i->size = (intptr_t)n;
    return &i->ob;
}

object_t *int_from_i64(int64_t v)
{
    if (v >= INT_SMALL_MIN && v <= INT_SMALL_MAX) {
        object_t *o = &small_ints[v - INT_SMALL_MIN].ob;
        incref(o);
        return o;
    }
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    size_t n = m < (1ull << 30) ? 1 : m < (1ull << 60) ? 2 : 3;
    object_t *o = int_alloc_digits(n);
    if (!o)
        return NULL;
    struct int_object *i = (struct int_object *)o;
    for (size_t k = 0; k < n; k++, m >>= 30)
        i->digit[k] = (uint32_t)(m & INT_MASK);
    if (v < 0)
        i->size = -i->size;
    return o;
}

object_t *int_from_u64(uint64_t v)
{
    if (v <= INT64_MAX)
        return int_from_i64((int64_t)v);
    object_t *o = int_alloc_digits(3);
    if (!o)
        return NULL;
    struct int_object *i = (struct int_object *)o;
    for (size_t k = 0; k < 3; k++, v >>= 30)
        i->digit[k] = (uint32_t)(v & INT_MASK);
    return o;
}

int int_to_i64(object_t *o, int64_t *out)
{
    struct int_object *i = (struct int_object *)o;
    intptr_t n = i->size < 0 ? -i->size : i->size;
    if (int_fits_i64(o, out))
        return 0;
    if (n == 3) {
        uint64_t m = (uint64_t)i->digit[0] | (uint64_t)i->digit[1] << 30 |
                     (uint64_t)i->digit[2] << 60;
        if (i->digit[2] < 8 && m <= (uint64_t)INT64_MAX) {
            *out = i->size < 0 ? -(int64_t)m : (int64_t)m;
            return 0;
        }
        if (i->size < 0 && i->digit[2] == 8 && i->digit[1] == 0 && i->digit[0] == 0) {
            *out = INT64_MIN;
            return 0;
        }
    }
    vm_err_format(exc_OverflowError, "Python int too large to convert to C long");
    return -1;
}

int int_sign(object_t *o)
{
    intptr_t s = ((struct int_object *)o)->size;
    return s < 0 ? -1 : s > 0;
}

/* ---- arithmetic ------------------------------------------------------------------------------------- */

#define BOTH_INTS(a, b)                                                                        \
    if (!IS_INT(a) || !IS_INT(b)) {                                                            \
        incref(NotImplemented);                                                                \
        return NotImplemented;                                                                 \
    }

static object_t *int_add(object_t *a, object_t *b)
{
    int64_t x, y, r;
    BOTH_INTS(a, b);
    if (int_fits_i64(a, &x) && int_fits_i64(b, &y) && !__builtin_add_overflow(x, y, &r))
        return int_from_i64(r);
    return int_big_binary(NB_ADD, a, b);
}

static object_t *int_sub(object_t *a, object_t *b)
{
    int64_t x, y, r;
    BOTH_INTS(a, b);
    if (int_fits_i64(a, &x) && int_fits_i64(b, &y) && !__builtin_sub_overflow(x, y, &r))
        return int_from_i64(r);
    return int_big_binary(NB_SUBTRACT, a, b);
}

static object_t *int_mul(object_t *a, object_t *b)
{
    int64_t x, y, r;
    BOTH_INTS(a, b);
    if (int_fits_i64(a, &x) && int_fits_i64(b, &y) && !__builtin_mul_overflow(x, y, &r))
        return int_from_i64(r);
    return int_big_binary(NB_MULTIPLY, a, b);
}

static object_t *zero_division(const char *what)
{
    return vm_err_format(exc_ZeroDivisionError, "%s", what);
}

/* Floor division and modulo with Python's signs. */
static int64_t floordiv64(int64_t x, int64_t y)
{
    int64_t q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0)))
        q--;
    return q;
}

static int64_t mod64(int64_t x, int64_t y)
{
    int64_t m = x % y;
    if (m != 0 && ((m < 0) != (y < 0)))
        m += y;
    return m;
}

static object_t *int_floordiv(object_t *a, object_t *b)
{
    int64_t x, y;
    BOTH_INTS(a, b);
    if (int_sign(b) == 0)
        return zero_division("integer division or modulo by zero");
    if (int_fits_i64(a, &x) && int_fits_i64(b, &y) && !(x == INT64_MIN && y == -1))
        return int_from_i64(floordiv64(x, y));
    return int_big_binary(NB_FLOOR_DIVIDE, a, b);
}

static object_t *int_mod(object_t *a, object_t *b)
{
    int64_t x, y;
    BOTH_INTS(a, b);
    if (int_sign(b) == 0)
        return zero_division("integer division or modulo by zero");
    if (int_fits_i64(a, &x) && int_fits_i64(b, &y) && !(x == INT64_MIN && y == -1))
        return int_from_i64(mod64(x, y));
    return int_big_binary(NB_REMAINDER, a, b);
}

object_t *int_divmod(object_t *a, object_t *b)
{
    object_t *q = int_floordiv(a, b);
    if (!q || q == NotImplemented)
        return q;
    object_t *m = int_mod(a, b);
    if (!m) {
        decref(q);
        return NULL;
    }
    object_t *t = tuple_pack(2, q, m);
    decref(q);
    decref(m);
    return t;
}

static object_t *int_truediv(object_t *a, object_t *b)
{
    BOTH_INTS(a, b);
    if (int_sign(b) == 0)
        return zero_division("division by zero");
    int64_t x, y;
    if (int_fits_i64(a, &x) && int_fits_i64(b, &y) && x > -(1ll << 53) && x < (1ll << 53) &&
        y > -(1ll << 53) && y < (1ll << 53))
        return float_new((double)x / (double)y); /* both exact: one correctly rounded op */
    return int_big_truediv(a, b);
}

static object_t *int_pow3(object_t *a, object_t *b, object_t *mod)
{
    if (!IS_INT(a) || !IS_INT(b) || (mod != None && !IS_INT(mod))) {
        incref(NotImplemented);
        return NotImplemented;
    }
    if (int_sign(b) < 0) {
        if (mod != None)
            return int_big_pow(a, b, mod);
        double x, y;
        bool ovf;
        x = int_to_double(a, &ovf);
        y = int_to_double(b, &ovf);
        if (x == 0)
            return vm_err_format(exc_ZeroDivisionError,
                                 "0.0 cannot be raised to a negative power");
        object_t *fa = float_new(x), *fb = float_new(y);
        object_t *r = fa && fb ? vm_binary_op(fa, fb, NB_POWER) : NULL;
        XDECREF(fa);
        XDECREF(fb);
        return r;
    }
    int64_t x, e;
    if (mod == None && int_fits_i64(a, &x) && int_fits_i64(b, &e) && e < 64) {
        int64_t r = 1, base = x;
        bool ovf = false;
        for (int64_t k = e; k > 0 && !ovf; k >>= 1) {
            if (k & 1)
                ovf |= __builtin_mul_overflow(r, base, &r);
            if (k > 1)
                ovf |= __builtin_mul_overflow(base, base, &base);
        }
        if (!ovf)
            return int_from_i64(r);
    }
    return int_big_pow(a, b, mod);
}

static object_t *int_pow(object_t *a, object_t *b)
{
    return int_pow3(a, b, None);
}

static object_t *int_lshift(object_t *a, object_t *b)
{
    int64_t x, s;
    BOTH_INTS(a, b);
    if (int_sign(b) < 0)
        return vm_err_format(exc_ValueError, "negative shift count");
    if (int_fits_i64(a, &x) && int_fits_i64(b, &s) && s < 62) {
        int64_t r = (int64_t)((uint64_t)x << s);
        if ((r >> s) == x)
            return int_from_i64(r);
    }
    return int_big_binary(NB_LSHIFT, a, b);
}

static object_t *int_rshift(object_t *a, object_t *b)
{
    int64_t x, s;
    BOTH_INTS(a, b);
    if (int_sign(b) < 0)
        return vm_err_format(exc_ValueError, "negative shift count");
    if (int_fits_i64(a, &x)) {
        if (!int_fits_i64(b, &s) || s >= 63)
            return int_from_i64(x < 0 ? -1 : 0);
        return int_from_i64(x >> s);
    }
    return int_big_binary(NB_RSHIFT, a, b);
}

#define BITOP(name, op, nb)                                                                   \
    static object_t *name(object_t *a, object_t *b)                                           \
    {                                                                                         \
        int64_t x, y;                                                                         \
        BOTH_INTS(a, b);                                                                      \
        if (int_fits_i64(a, &x) && int_fits_i64(b, &y))                                       \
            return int_from_i64(x op y);                                                      \
        return int_big_binary(nb, a, b);                                                       \
    }
BITOP(int_and, &, NB_AND)
BITOP(int_or, |, NB_OR)
BITOP(int_xor, ^, NB_XOR)

static object_t *int_neg(object_t *a)
{
    int64_t x;
    if (int_fits_i64(a, &x))
        return int_from_i64(-x);
    return int_big_negate(a);
}

static object_t *int_pos(object_t *a)
{
    if (a->type == &int_type) {
        incref(a);
        return a;
    }
    int64_t x;
    if (int_fits_i64(a, &x))
        return int_from_i64(x);
    return int_big_copy(a);
}

static object_t *int_abs(object_t *a)
{
    return int_sign(a) < 0 ? int_neg(a) : int_pos(a);
}

static object_t *int_invert(object_t *a)
{
    int64_t x;
    if (int_fits_i64(a, &x))
        return int_from_i64(~x);
    object_t *one = int_from_i64(1), *n = int_neg(a);
    object_t *r = n ? int_sub(n, one) : NULL;
    XDECREF(n);
    decref(one);
    return r;
}

static int int_bool(object_t *a)
{
    return int_sign(a) != 0;
}

static object_t *int_float(object_t *a)
{
    bool overflow;
    double d = int_to_double(a, &overflow);
    if (overflow)
        return vm_err_format(exc_OverflowError, "int too large to convert to float");
    return float_new(d);
}

const struct number_methods int_number = {
    .binary = {
        [NB_ADD] = int_add, [NB_SUBTRACT] = int_sub, [NB_MULTIPLY] = int_mul,
        [NB_FLOOR_DIVIDE] = int_floordiv, [NB_REMAINDER] = int_mod,
        [NB_TRUE_DIVIDE] = int_truediv, [NB_POWER] = int_pow, [NB_LSHIFT] = int_lshift,
        [NB_RSHIFT] = int_rshift, [NB_AND] = int_and, [NB_OR] = int_or, [NB_XOR] = int_xor,
    },
    .power = int_pow3,
    .negative = int_neg,
    .positive = int_pos,
    .absolute = int_abs,
    .invert = int_invert,
    .to_bool = int_bool,
    .to_int = int_pos,
    .index = int_pos,
    .to_float = int_float,
};

/* ---- comparison, hash, repr ------------------------------------------------------------------------ */

int int_compare(object_t *a, object_t *b)
{
    struct int_object *x = (struct int_object *)a, *y = (struct int_object *)b;
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    intptr_t n = x->size < 0 ? -x->size : x->size;
    for (intptr_t k = n; k-- > 0;) {
        if (x->digit[k] != y->digit[k]) {
            int c = x->digit[k] < y->digit[k] ? -1 : 1;
            return x->size < 0 ? -c : c;
        }
    }
    return 0;
}

static object_t *cmp_result(int c, int op)
{
    bool r;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return vm_bool(r);
}

object_t *vm_cmp_result(int c, int op)
{
    return cmp_result(c, op);
}

static object_t *int_richcompare(object_t *a, object_t *b, int op)
{
    if (!IS_INT(b)) {
        incref(NotImplemented);
        return NotImplemented;
    }
    return cmp_result(int_compare(a, b), op);
}

static int64_t int_hash(object_t *o)
{
    int64_t x;
    const uint64_t P = ((uint64_t)1 << 61) - 1;
    if (int_fits_i64(o, &x)) {
        uint64_t m = x < 0 ? -(uint64_t)x : (uint64_t)x;
        int64_t h = (int64_t)(m % P);
        h = x < 0 ? -h : h;
        return h == -1 ? -2 : h;
    }
    struct int_object *i = (struct int_object *)o;
    intptr_t n = i->size < 0 ? -i->size : i->size;
    uint64_t v = 0;
    for (intptr_t k = n; k-- > 0;) {
        /* v = (v * 2^30 + digit) mod P, as a rotation in the 61-bit field */
        v = ((v << 30) & P) | (v >> 31);
        v += i->digit[k];
        if (v >= P)
            v -= P;
    }
    int64_t h = i->size < 0 ? -(int64_t)v : (int64_t)v;
    return h == -1 ? -2 : h;
}

static object_t *int_repr(object_t *o)
{
    int64_t x;
    if (int_fits_i64(o, &x)) {
        char buf[24];
        char *p = buf + sizeof buf;
        uint64_t m = x < 0 ? -(uint64_t)x : (uint64_t)x;
        *--p = 0;
        do {
            *--p = (char)('0' + m % 10);
            m /= 10;
        } while (m);
        if (x < 0)
            *--p = '-';
        return str_from_utf8(p, strlen(p));
    }
    return int_to_text(o, 10);
}

static object_t *int_new_slot(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    static const char *const names[] = {"", "base", NULL};
    object_t *argv[2];
    if (vm_parse_args("int", args, nargs, kwnames, names, 0, argv) < 0)
        return NULL;
    object_t *x = argv[0], *r;
    if (!x) {
        r = int_from_i64(0);
    } else if (argv[1]) {
        intptr_t base;
        if (vm_index_ssize(argv[1], &base) < 0)
            return NULL;
        if (!IS_STR(x) && x->type != &bytes_type)
            return vm_err_format(exc_TypeError, "int() can't convert non-string with explicit "
                                                "base");
        if (base != 0 && (base < 2 || base > 36))
            return vm_err_format(exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        r = IS_STR(x) ? int_from_text(str_data(x), str_bytes(x), (int)base)
                      : int_from_text(bytes_data(x), bytes_len(x), (int)base);
    } else if (IS_INT(x)) {
        r = int_pos(x);
    } else if (x->type == &float_type) {
        r = int_from_double(float_value(x));
    } else if (IS_STR(x)) {
        r = int_from_text(str_data(x), str_bytes(x), 10);
    } else if (x->type == &bytes_type) {
        r = int_from_text(bytes_data(x), bytes_len(x), 10);
    } else if (x->type->number && x->type->number->to_int) {
        r = x->type->number->to_int(x);
    } else if (x->type->number && x->type->number->index) {
        r = x->type->number->index(x);
    } else {
        object_t *trunc = type_lookup_cstr(x->type, "__trunc__");
        if (trunc)
            return vm_call1(trunc, x);
        return vm_err_format(exc_TypeError, "int() argument must be a string, a bytes-like "
                                            "object or a real number, not '%s'",
                             x->type->name);
    }
    if (r && t != &int_type && t != &bool_type) {
        /* a subclass of int: copy the digits into an instance of it */
        object_t *sub = int_big_as_subclass(t, r);
        decref(r);
        return sub;
    }
    return r;
}

/* ---- methods ------------------------------------------------------------------------------------------- */

static object_t *int_bit_length(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kwnames)
{
    (void)args;
    if (vm_check_args("bit_length", nargs, kwnames, 0, 0) < 0)
        return NULL;
    struct int_object *i = (struct int_object *)self;
    intptr_t n = i->size < 0 ? -i->size : i->size;
    if (n == 0)
        return int_from_i64(0);
    uint32_t top = i->digit[n - 1];
    int bits = 32 - __builtin_clz(top);
    return int_from_i64((int64_t)(n - 1) * INT_SHIFT + bits);
}

static object_t *int_conjugate(object_t *self, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    (void)args;
    if (vm_check_args("conjugate", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return int_pos(self);
}

static object_t *int_format_method(object_t *self, object_t *const *args, size_t nargs,
                                   object_t *kwnames)
{
    if (vm_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_STR(args[0]))
        return vm_err_format(exc_TypeError, "format() argument must be str, not %s",
                             args[0]->type->name);
    return int_format_spec(self, args[0]);
}

static object_t *int_getnewargs(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kwnames)
{
    (void)args;
    (void)nargs;
    (void)kwnames;
    object_t *v = int_pos(self);
    object_t *t = v ? tuple_pack(1, v) : NULL;
    XDECREF(v);
    return t;
}

static const struct method_def int_methods[] = {
    {"bit_length", int_bit_length, 0},
    {"conjugate", int_conjugate, 0},
    {"__format__", int_format_method, 0},
    {"__getnewargs__", int_getnewargs, 0},
    {"to_bytes", int_to_bytes_method, 0},
    {"from_bytes", int_from_bytes_method, METH_CLASS},
    {NULL, NULL, 0},
};

static object_t *int_get_real(object_t *o)
{
    return int_pos(o);
}
static object_t *int_get_imag(object_t *o)
{
    (void)o;
    return int_from_i64(0);
}
static object_t *int_get_one(object_t *o)
{
    (void)o;
    return int_from_i64(1);
}

static const struct member_def int_members[] = {
    {"real", int_get_real, NULL},
    {"imag", int_get_imag, NULL},
    {"numerator", int_get_real, NULL},
    {"denominator", int_get_one, NULL},
    {NULL, NULL, NULL},
};

void vm_int_init(void)
{
    int_type.repr = int_repr;
    int_type.hash = int_hash;
    int_type.richcompare = int_richcompare;
    int_type.number = &int_number;
    int_type.newfunc = int_new_slot;
    int_type.methods = int_methods;
    int_type.members = int_members;
    int_type.vm_flags |= VM_TYPE_INT_SUB | VM_TYPE_BASETYPE;
    for (int k = 0; k < NSMALL; k++) {
        struct static_int *s = &small_ints[k];
        int v = k + INT_SMALL_MIN;
        s->ob.refcnt = 1 << 30;
        s->ob.type = &int_type;
        s->size = v < 0 ? -1 : v > 0;
        s->digit[0] = (uint32_t)(v < 0 ? -v : v);
    }
    (void)int_dealloc_static;
}

/* ---- bool ---------------------------------------------------------------------------------------------- */

struct static_int vm_false_obj = {{1 << 30, &bool_type}, 0, {0}};
struct static_int vm_true_obj = {{1 << 30, &bool_type}, 1, {1}};

static object_t *bool_repr(object_t *o)
{
    return str_from_cstr(o == True ? "True" : "False");
}

#define BOOL_BITOP(name, op, intfn)                                                            \
    static object_t *name(object_t *a, object_t *b)                                            \
    {                                                                                          \
        if (a->type == &bool_type && b->type == &bool_type)                                   \
            return vm_bool((a == True) op (b == True));                                        \
        return intfn(a, b);                                                                    \
    }
BOOL_BITOP(bool_and, &, int_and)
BOOL_BITOP(bool_or, |, int_or)
BOOL_BITOP(bool_xor, ^, int_xor)

static struct number_methods bool_number;

static object_t *bool_new_slot(struct type *t, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    (void)t;
    if (vm_check_args("bool", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return vm_bool(false);
    int r = vm_is_true(args[0]);
    return r < 0 ? NULL : vm_bool(r);
}

struct type bool_type = {
    .name = "bool",
    .basic_size = sizeof(struct int_object),
    .kind = TYPE_KIND_INT,
    .dealloc = int_dealloc_static,
    .base = &int_type,
    .repr = bool_repr,
    .newfunc = bool_new_slot,
    .number = &bool_number,
};

void vm_bool_init(void)
{
    bool_number = int_number;
    bool_number.binary[NB_AND] = bool_and;
    bool_number.binary[NB_OR] = bool_or;
    bool_number.binary[NB_XOR] = bool_xor;
}
