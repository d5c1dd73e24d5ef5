/*
 * vm/float.c - float (Objects/floatobject.c): IEEE doubles, arithmetic with Python's rules
 * (floor division and modulo take the divisor's sign, division by zero raises), comparisons with
 * ints done exactly, hash equal to the hash of an equal int, repr the shortest text that reads
 * back as the same double (vm/float_text.h).
 */
#include "vm/builtin.h"
#include "vm/bigint_glue.h"
#include "vm/float_text.h"
#include "vm/libm_glue.h"

static void float_dealloc(object_t *o)
{
    object_free(o, sizeof(struct float_object));
}

object_t *float_new(double v)
{
    struct float_object *f = (struct float_object *)object_alloc(&float_type, sizeof *f);
    if (!f)
        return vm_err_nomemory();
    f->value = v;
    return &f->ob;
}

int vm_as_double(object_t *o, double *out)
{
    if (o->type == &float_type) {
        *out = float_value(o);
        return 0;
    }
    if (IS_INT(o)) {
        bool overflow;
        *out = int_to_double(o, &overflow);
        if (overflow) {
            vm_err_format(exc_OverflowError, "int too large to convert to float");
            return -1;
        }
        return 0;
    }
    if (type_is_subtype(o->type, &float_type)) {
        *out = float_value(o);
        return 0;
    }
    if (o->type->number && o->type->number->to_float) {
        object_t *f = o->type->number->to_float(o);
        if (!f)
            return -1;
        *out = float_value(f);
        decref(f);
        return 0;
    }
    vm_err_format(exc_TypeError, "must be real number, not %s", o->type->name);
    return -1;
}

/* Both operands as doubles, or NotImplemented (returned through *ni). */
static bool operands(object_t *a, object_t *b, double *x, double *y, object_t **ni)
{
    bool ok_a = a->type == &float_type || IS_INT(a) || type_is_subtype(a->type, &float_type);
    bool ok_b = b->type == &float_type || IS_INT(b) || type_is_subtype(b->type, &float_type);
    if (!ok_a || !ok_b) {
        incref(NotImplemented);
        *ni = NotImplemented;
        return false;
    }
    if (vm_as_double(a, x) < 0 || vm_as_double(b, y) < 0) {
        *ni = NULL;
        return false;
    }
    return true;
}

#define FLOAT_BINOP(name, expr)                                                                \
    static object_t *name(object_t *a, object_t *b)                                            \
    {                                                                                          \
        double x, y;                                                                           \
        object_t *ni;                                                                          \
        if (!operands(a, b, &x, &y, &ni))                                                      \
            return ni;                                                                         \
        return float_new(expr);                                                                \
    }
FLOAT_BINOP(float_add, x + y)
FLOAT_BINOP(float_sub, x - y)
FLOAT_BINOP(float_mul, x * y)

static object_t *float_div(object_t *a, object_t *b)
{
    double x, y;
    object_t *ni;
    if (!operands(a, b, &x, &y, &ni))
        return ni;
    if (y == 0)
        return vm_err_format(exc_ZeroDivisionError, "float division by zero");
    return float_new(x / y);
}

/* Python's float modulo and floor division (CPython's float_divmod). */
static void float_divmod_c(double vx, double wx, double *floordiv, double *mod)
{
    double m = vm_fmod(vx, wx), div = (vx - m) / wx;
    if (m) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = vm_copysign(0.0, wx);
    }
    if (div) {
        double fl = vm_floor(div);
        if (div - fl > 0.5)
            fl += 1.0;
        div = fl;
    } else {
        div = vm_copysign(0.0, vx / wx);
    }
    *floordiv = div;
    *mod = m;
}

static object_t *float_floordiv(object_t *a, object_t *b)
{
    double x, y, q, m;
    object_t *ni;
    if (!operands(a, b, &x, &y, &ni))
        return ni;
    if (y == 0)
        return vm_err_format(exc_ZeroDivisionError, "float floor division by zero");
    float_divmod_c(x, y, &q, &m);
    return float_new(q);
}

static object_t *float_mod(object_t *a, object_t *b)
{
    double x, y, q, m;
    object_t *ni;
    if (!operands(a, b, &x, &y, &ni))
        return ni;
    if (y == 0)
        return vm_err_format(exc_ZeroDivisionError, "float modulo");
    float_divmod_c(x, y, &q, &m);
    return float_new(m);
}

object_t *float_divmod(object_t *a, object_t *b)
{
    double x, y, q, m;
    object_t *ni;
    if (!operands(a, b, &x, &y, &ni))
        return ni;
    if (y == 0)
        return vm_err_format(exc_ZeroDivisionError, "float divmod()");
    float_divmod_c(x, y, &q, &m);
    object_t *fq = float_new(q), *fm = float_new(m);
    object_t *t = fq && fm ? tuple_pack(2, fq, fm) : NULL;
    XDECREF(fq);
    XDECREF(fm);
    return t;
}

static object_t *float_pow3(object_t *a, object_t *b, object_t *mod)
{
    double x, y;
    object_t *ni;
    if (mod != None)
        return vm_err_format(exc_TypeError, "pow() 3rd argument not allowed unless all "
                                            "arguments are integers");
    if (!operands(a, b, &x, &y, &ni))
        return ni;
    if (x == 0 && y < 0)
        return vm_err_format(exc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    if (x < 0 && y != vm_floor(y) && vm_isfinite(y))
        return vm_err_format(exc_ValueError, "math domain error"); /* complex result */
    double r = vm_pow(x, y);
    if (!vm_isfinite(r) && vm_isfinite(x) && vm_isfinite(y))
        return vm_err_format(exc_OverflowError, "(34, 'Numerical result out of range')");
    return float_new(r);
}

static object_t *float_pow(object_t *a, object_t *b)
{
    return float_pow3(a, b, None);
}

static object_t *float_neg(object_t *a)
{
    return float_new(-float_value(a));
}

static object_t *float_pos(object_t *a)
{
    return float_new(float_value(a));
}

static object_t *float_abs(object_t *a)
{
    return float_new(vm_fabs(float_value(a)));
}

static int float_bool(object_t *a)
{
    return float_value(a) != 0.0;
}

static object_t *float_int(object_t *a)
{
    return int_from_double(float_value(a));
}

static object_t *float_float(object_t *a)
{
    return float_new(float_value(a));
}

static const struct number_methods float_number = {
    .binary = {
        [NB_ADD] = float_add, [NB_SUBTRACT] = float_sub, [NB_MULTIPLY] = float_mul,
        [NB_TRUE_DIVIDE] = float_div, [NB_FLOOR_DIVIDE] = float_floordiv,
        [NB_REMAINDER] = float_mod, [NB_POWER] = float_pow,
    },
    .power = float_pow3,
    .negative = float_neg,
    .positive = float_pos,
    .absolute = float_abs,
    .to_bool = float_bool,
    .to_int = float_int,
    .to_float = float_float,
};

/* Compare a double with an int exactly (CPython's float_richcompare). */
static int compare_double_int(double x, object_t *i, bool *unordered)
{
    *unordered = x != x;
    if (*unordered)
        return 0;
    if (!vm_isfinite(x))
        return x > 0 ? 1 : -1;
    int64_t v;
    if (int_fits_i64(i, &v) && v > -(1ll << 53) && v < (1ll << 53)) {
        double y = (double)v;
        return x < y ? -1 : x > y;
    }
    /* Compare the integer parts exactly, then the fraction. */
    double fl = vm_floor(x);
    object_t *xi = int_from_double(fl);
    if (!xi)
        return 0;
    int c = int_compare(xi, i);
    decref(xi);
    if (c == 0 && x != fl)
        c = 1;
    return c;
}

static object_t *float_richcompare(object_t *a, object_t *b, int op)
{
    double x = float_value(a), y;
    if (b->type == &float_type || type_is_subtype(b->type, &float_type)) {
        y = float_value(b);
        bool r;
        switch (op) {
        case CMP_LT: r = x < y; break;
        case CMP_LE: r = x <= y; break;
        case CMP_EQ: r = x == y; break;
        case CMP_NE: r = x != y; break;
        case CMP_GT: r = x > y; break;
        default: r = x >= y; break;
        }
        return vm_bool(r);
    }
    if (IS_INT(b)) {
        bool unordered;
        int c = compare_double_int(x, b, &unordered);
        if (vm_err_occurred())
            return NULL;
        if (unordered)
            return vm_bool(op == CMP_NE);
        return vm_cmp_result(c, op);
    }
    incref(NotImplemented);
    return NotImplemented;
}

/* Python's hash of a double: equal to the hash of an equal int or fraction (_Py_HashDouble). */
int64_t vm_hash_double(object_t *o, double v)
{
    const uint64_t P = ((uint64_t)1 << 61) - 1;
    if (!vm_isfinite(v)) {
        if (v != v)
            return (int64_t)((uintptr_t)o >> 4); /* 3.10+: nan hashes by identity */
        return v > 0 ? 314159 : -314159;
    }
    int e;
    double m = vm_frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & P) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= P)
            x -= P;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & P) | x >> (61 - e);
    int64_t h = (int64_t)x * sign;
    return h == -1 ? -2 : h;
}

static int64_t float_hash(object_t *o)
{
    return vm_hash_double(o, float_value(o));
}

object_t *float_repr_obj(double v)
{
    char buf[40];
    size_t n = float_repr_text(v, buf, sizeof buf);
    return str_from_utf8(buf, n);
}

static object_t *float_repr(object_t *o)
{
    return float_repr_obj(float_value(o));
}

static object_t *float_new_slot(struct type *t, object_t *const *args, size_t nargs,
                                object_t *kwnames)
{
    (void)t;
    if (vm_check_args("float", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0)
        return float_new(0.0);
    object_t *x = args[0];
    if (IS_STR(x) || x->type == &bytes_type) {
        const char *s = IS_STR(x) ? str_data(x) : bytes_data(x);
        size_t len = IS_STR(x) ? str_bytes(x) : bytes_len(x);
        double d;
        if (float_parse_text(s, len, &d) < 0)
            return vm_err_format(exc_ValueError, "could not convert string to float: %R", x);
        return float_new(d);
    }
    double d;
    if (x->type->number && x->type->number->to_float && !IS_INT(x)) {
        object_t *r = x->type->number->to_float(x);
        if (r && r->type != &float_type) {
            vm_err_format(exc_TypeError, "%s.__float__ returned non-float (type %s)",
                          x->type->name, r->type->name);
            CLEAR_REF(r);
        }
        return r;
    }
    if (vm_as_double(x, &d) < 0) {
        if (vm_err_matches(exc_TypeError)) {
            vm_err_clear();
            vm_err_format(exc_TypeError, "float() argument must be a string or a real number, "
                                         "not '%s'", x->type->name);
        }
        return NULL;
    }
    return float_new(d);
}

static object_t *float_is_integer(object_t *self, object_t *const *args, size_t nargs,
                                  object_t *kwnames)
{
    (void)args;
    if (vm_check_args("is_integer", nargs, kwnames, 0, 0) < 0)
        return NULL;
    double v = float_value(self);
    return vm_bool(vm_isfinite(v) && vm_floor(v) == v);
}

static object_t *float_format_method(object_t *self, object_t *const *args, size_t nargs,
                                     object_t *kwnames)
{
    if (vm_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_STR(args[0]))
        return vm_err_format(exc_TypeError, "format() argument must be str, not %s",
                             args[0]->type->name);
    if (str_bytes(args[0]) == 0)
        return float_repr(self);
    return vm_format_number_spec(self, args[0]);
}

static object_t *float_round_method(object_t *self, object_t *const *args, size_t nargs,
                                    object_t *kwnames)
{
    if (vm_check_args("__round__", nargs, kwnames, 0, 1) < 0)
        return NULL;
    double v = float_value(self);
    if (nargs == 0 || args[0] == None) {
        double r = vm_round_half_even(v);
        return int_from_double(r);
    }
    intptr_t nd;
    if (vm_index_ssize(args[0], &nd) < 0)
        return NULL;
    return float_new(float_round_digits(v, (int)nd));
}

static object_t *float_trunc_method(object_t *self, object_t *const *args, size_t nargs,
                                    object_t *kwnames)
{
    (void)args;
    if (vm_check_args("__trunc__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return int_from_double(float_value(self));
}

/* float.as_integer_ratio: the exact fraction, in lowest terms. */
static object_t *float_as_integer_ratio(object_t *self, object_t *const *args, size_t nargs,
                                        object_t *kwnames)
{
    (void)args;
    if (vm_check_args("as_integer_ratio", nargs, kwnames, 0, 0) < 0)
        return NULL;
    double v = float_value(self);
    if (!vm_isfinite(v))
        return vm_err_format(v != v ? exc_ValueError : exc_OverflowError,
                             v != v ? "cannot convert NaN to integer ratio"
                                    : "cannot convert Infinity to integer ratio");
    int e;
    double m = vm_frexp(v, &e);
    for (int i = 0; i < 300 && m != vm_floor(m); i++) {
        m *= 2.0;
        e--;
    }
    object_t *num = int_from_double(m), *den = int_from_i64(1), *r = NULL;
    if (num && den) {
        object_t *sh = int_from_i64(e < 0 ? -e : e);
        object_t *x = sh ? vm_binary_op(e < 0 ? den : num, sh, NB_LSHIFT) : NULL;
        XDECREF(sh);
        if (x) {
            if (e < 0) {
                decref(den);
                den = x;
            } else {
                decref(num);
                num = x;
            }
            r = tuple_pack(2, num, den);
        }
    }
    XDECREF(num);
    XDECREF(den);
    return r;
}

static const struct method_def float_methods[] = {
    {"as_integer_ratio", float_as_integer_ratio, 0},
    {"is_integer", float_is_integer, 0},
    {"__format__", float_format_method, 0},
    {"__round__", float_round_method, 0},
    {"__trunc__", float_trunc_method, 0},
    {NULL, NULL, 0},
};

static object_t *float_get_real(object_t *o)
{
    return float_new(float_value(o));
}
static object_t *float_get_imag(object_t *o)
{
    (void)o;
    return float_new(0.0);
}

static const struct member_def float_members[] = {
    {"real", float_get_real, NULL},
    {"imag", float_get_imag, NULL},
    {NULL, NULL, NULL},
};

struct type float_type = {
    .name = "float",
    .basic_size = sizeof(struct float_object),
    .dealloc = float_dealloc,
    .repr = float_repr,
    .hash = float_hash,
    .richcompare = float_richcompare,
    .number = &float_number,
    .newfunc = float_new_slot,
    .methods = float_methods,
    .members = float_members,
    .vm_flags = VM_TYPE_BASETYPE,
};
