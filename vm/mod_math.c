/*
 * vm/mod_math.c - the math module (Modules/mathmodule.c) on vm/libm.h's freestanding functions,
 * with CPython's error rules: a NaN result from a non-NaN argument is "math domain error"
 * (ValueError), an infinite result from finite arguments is "math range error" (OverflowError)
 * for the functions that can overflow and a domain error for the others (log(0)).
 */
#include "vm/builtin.h"
#include "vm/libm.h"

#define MATHFN(name) \
    static object_t *math_##name(object_t *self, object_t *const *args, size_t nargs, \
                                 object_t *kwnames)

static object_t *domain_error(void)
{
    return vm_err_format(exc_ValueError, "math domain error");
}

static object_t *range_error(void)
{
    return vm_err_format(exc_OverflowError, "math range error");
}

/* One-argument functions (CPython's math_1). */
static object_t *math_1(object_t *const *args, size_t nargs, object_t *kwnames,
                        const char *name, double (*fn)(double), bool can_overflow)
{
    double x, r;
    if (vm_check_args(name, nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    r = fn(x);
    if (libm_isnan(r) && !libm_isnan(x))
        return domain_error();
    if (libm_isinf(r) && libm_isfinite(x))
        return can_overflow ? range_error() : domain_error();
    return float_new(r);
}

#define MATH1(name, fn, ovf)                                                                    \
    MATHFN(name)                                                                                \
    {                                                                                           \
        (void)self;                                                                             \
        return math_1(args, nargs, kwnames, #name, fn, ovf);                                    \
    }
MATH1(sqrt, libm_sqrt, false)
MATH1(exp, libm_exp, true)
MATH1(expm1, libm_expm1, true)
MATH1(sin, libm_sin, false)
MATH1(cos, libm_cos, false)
MATH1(tan, libm_tan, false)
MATH1(asin, libm_asin, false)
MATH1(acos, libm_acos, false)
MATH1(atan, libm_atan, false)
MATH1(sinh, libm_sinh, true)
MATH1(cosh, libm_cosh, true)
MATH1(tanh, libm_tanh, false)
MATH1(asinh, libm_asinh, false)
MATH1(acosh, libm_acosh, false)
MATH1(atanh, libm_atanh, false)
MATH1(fabs, libm_fabs, false)

static double log_of(object_t *x, bool *ok)
{
    double d;
    *ok = false;
    if (IS_INT(x) && int_sign(x) > 0) {
        /* log of a huge int: log(m * 2^e) without converting the whole int (CPython's loghelper) */
        bool overflow;
        d = int_to_double(x, &overflow);
        if (overflow) {
            vm_err_clear();
            struct int_object *i = (struct int_object *)x;
            intptr_t n = i->size;
            double top = (double)i->digit[n - 1] * 1073741824.0 + (double)i->digit[n - 2];
            *ok = true;
            return libm_log(top) + (double)(n - 2) * 30 * 0.6931471805599453;
        }
    } else if (vm_as_double(x, &d) < 0) {
        return 0;
    }
    if (!(d > 0)) {
        domain_error();
        return 0;
    }
    *ok = true;
    return libm_log(d);
}

MATHFN(log)
{
    (void)self;
    bool ok;
    if (vm_check_args("log", nargs, kwnames, 1, 2) < 0)
        return NULL;
    double num = log_of(args[0], &ok);
    if (!ok)
        return NULL;
    if (nargs == 2) {
        double den = log_of(args[1], &ok);
        if (!ok)
            return NULL;
        if (den == 0)
            return vm_err_format(exc_ZeroDivisionError, "float division by zero");
        return float_new(num / den);
    }
    return float_new(num);
}

static object_t *log_base(object_t *const *args, size_t nargs, object_t *kwnames,
                          const char *name, double (*fn)(double))
{
    double x;
    if (vm_check_args(name, nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    if (!(x > 0))
        return domain_error();
    return float_new(fn(x));
}

MATHFN(log2)
{
    (void)self;
    return log_base(args, nargs, kwnames, "log2", libm_log2);
}

MATHFN(log10)
{
    (void)self;
    return log_base(args, nargs, kwnames, "log10", libm_log10);
}

MATHFN(log1p)
{
    (void)self;
    double x;
    if (vm_check_args("log1p", nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    if (!(x > -1))
        return domain_error();
    return float_new(libm_log1p(x));
}

static object_t *math_2(object_t *const *args, size_t nargs, object_t *kwnames,
                        const char *name, double (*fn)(double, double))
{
    double x, y;
    if (vm_check_args(name, nargs, kwnames, 2, 2) < 0 || vm_as_double(args[0], &x) < 0 ||
        vm_as_double(args[1], &y) < 0)
        return NULL;
    double r = fn(x, y);
    if (libm_isnan(r) && !libm_isnan(x) && !libm_isnan(y))
        return domain_error();
    if (libm_isinf(r) && libm_isfinite(x) && libm_isfinite(y))
        return range_error();
    return float_new(r);
}

MATHFN(atan2)
{
    (void)self;
    return math_2(args, nargs, kwnames, "atan2", libm_atan2);
}

MATHFN(copysign)
{
    (void)self;
    return math_2(args, nargs, kwnames, "copysign", libm_copysign);
}

MATHFN(fmod)
{
    (void)self;
    double x, y;
    if (vm_check_args("fmod", nargs, kwnames, 2, 2) < 0 || vm_as_double(args[0], &x) < 0 ||
        vm_as_double(args[1], &y) < 0)
        return NULL;
    if (libm_isinf(y) && libm_isfinite(x))
        return float_new(x);
    if ((y == 0 || libm_isinf(x)) && !libm_isnan(x) && !libm_isnan(y))
        return domain_error();
    return float_new(libm_fmod(x, y));
}

MATHFN(pow)
{
    (void)self;
    double x, y;
    if (vm_check_args("pow", nargs, kwnames, 2, 2) < 0 || vm_as_double(args[0], &x) < 0 ||
        vm_as_double(args[1], &y) < 0)
        return NULL;
    double r = libm_pow(x, y);
    if (libm_isfinite(x) && libm_isfinite(y)) {
        if (libm_isnan(r))
            return domain_error();
        if (libm_isinf(r))
            return x == 0 ? domain_error() : range_error();
    }
    return float_new(r);
}

MATHFN(hypot)
{
    (void)self;
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "hypot() takes no keyword arguments");
    double acc = 0;
    bool inf = false, nan = false;
    for (size_t i = 0; i < nargs; i++) {
        double x;
        if (vm_as_double(args[i], &x) < 0)
            return NULL;
        if (libm_isinf(x))
            inf = true;
        else if (libm_isnan(x))
            nan = true;
        acc = i == 0 ? libm_fabs(x) : libm_hypot(acc, x);
    }
    if (inf)
        return float_new(1.0 / 0.0);
    if (nan)
        return float_new(0.0 / 0.0);
    return float_new(acc);
}

static object_t *round_to_int(object_t *const *args, size_t nargs, object_t *kwnames,
                              const char *name, const char *dunder, double (*fn)(double))
{
    if (vm_check_args(name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *x = args[0];
    if (IS_INT(x)) {
        incref(x);
        return x;
    }
    if (x->type != &float_type) {
        object_t *m = type_lookup_cstr(x->type, dunder);
        if (m)
            return vm_call1(m, x);
    }
    double d;
    if (vm_as_double(x, &d) < 0)
        return NULL;
    return int_from_double(fn(d));
}

MATHFN(floor)
{
    (void)self;
    return round_to_int(args, nargs, kwnames, "floor", "__floor__", libm_floor);
}

MATHFN(ceil)
{
    (void)self;
    return round_to_int(args, nargs, kwnames, "ceil", "__ceil__", libm_ceil);
}

MATHFN(trunc)
{
    (void)self;
    return round_to_int(args, nargs, kwnames, "trunc", "__trunc__", libm_trunc);
}

MATHFN(frexp)
{
    (void)self;
    double x;
    int e = 0;
    if (vm_check_args("frexp", nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    double m = libm_isfinite(x) && x != 0 ? libm_frexp(x, &e) : x;
    object_t *fm = float_new(m), *ie = int_from_i64(e);
    object_t *t = fm && ie ? tuple_pack(2, fm, ie) : NULL;
    XDECREF(fm);
    XDECREF(ie);
    return t;
}

MATHFN(ldexp)
{
    (void)self;
    double x;
    int64_t e;
    if (vm_check_args("ldexp", nargs, kwnames, 2, 2) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    if (!IS_INT(args[1]))
        return vm_err_format(exc_TypeError, "Expected an int as second argument to ldexp.");
    if (int_to_i64(args[1], &e) < 0) {
        vm_err_clear();
        e = int_sign(args[1]) > 0 ? 100000 : -100000;
    }
    if (e > 100000)
        e = 100000;
    if (e < -100000)
        e = -100000;
    double r = libm_ldexp(x, (int)e);
    if (libm_isinf(r) && libm_isfinite(x))
        return range_error();
    return float_new(r);
}

MATHFN(modf)
{
    (void)self;
    double x, ip;
    if (vm_check_args("modf", nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    double fp = libm_modf(x, &ip);
    object_t *a = float_new(fp), *b = float_new(ip);
    object_t *t = a && b ? tuple_pack(2, a, b) : NULL;
    XDECREF(a);
    XDECREF(b);
    return t;
}

#define MATHPRED(name, pred)                                                                    \
    MATHFN(name)                                                                                \
    {                                                                                           \
        (void)self;                                                                             \
        double x;                                                                               \
        if (vm_check_args(#name, nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)  \
            return NULL;                                                                        \
        return vm_bool(pred(x));                                                                \
    }
MATHPRED(isfinite, libm_isfinite)
MATHPRED(isinf, libm_isinf)
MATHPRED(isnan, libm_isnan)

MATHFN(isclose)
{
    (void)self;
    static const char *const names[] = {"", "", "rel_tol", "abs_tol", NULL};
    object_t *argv[4];
    double a, b, rel = 1e-09, abs_tol = 0.0;
    if (vm_parse_args("isclose", args, nargs, kwnames, names, 2, argv) < 0 ||
        vm_as_double(argv[0], &a) < 0 || vm_as_double(argv[1], &b) < 0 ||
        (argv[2] && vm_as_double(argv[2], &rel) < 0) ||
        (argv[3] && vm_as_double(argv[3], &abs_tol) < 0))
        return NULL;
    if (rel < 0 || abs_tol < 0)
        return vm_err_format(exc_ValueError, "tolerances must be non-negative");
    if (a == b)
        return vm_bool(true);
    if (libm_isinf(a) || libm_isinf(b))
        return vm_bool(false);
    double diff = libm_fabs(b - a);
    return vm_bool((diff <= libm_fabs(rel * b)) || (diff <= libm_fabs(rel * a)) ||
                   diff <= abs_tol);
}

MATHFN(degrees)
{
    (void)self;
    double x;
    if (vm_check_args("degrees", nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    return float_new(x * (180.0 / 3.141592653589793));
}

MATHFN(radians)
{
    (void)self;
    double x;
    if (vm_check_args("radians", nargs, kwnames, 1, 1) < 0 || vm_as_double(args[0], &x) < 0)
        return NULL;
    return float_new(x * (3.141592653589793 / 180.0));
}

/* ---- integer functions ----------------------------------------------------------------------- */

MATHFN(factorial)
{
    (void)self;
    if (vm_check_args("factorial", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_INT(args[0]))
        return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                             args[0]->type->name);
    int64_t n;
    if (int_to_i64(args[0], &n) < 0)
        return NULL;
    if (n < 0)
        return vm_err_format(exc_ValueError, "factorial() not defined for negative values");
    object_t *acc = int_from_i64(1);
    for (int64_t k = 2; acc && k <= n; k++) {
        object_t *kk = int_from_i64(k);
        object_t *next = kk ? vm_binary_op(acc, kk, NB_MULTIPLY) : NULL;
        XDECREF(kk);
        decref(acc);
        acc = next;
    }
    return acc;
}

static object_t *int_gcd2(object_t *a, object_t *b)
{
    incref(a);
    incref(b);
    object_t *x = vm_absolute(a), *y = vm_absolute(b);
    decref(a);
    decref(b);
    if (!x || !y) {
        XDECREF(x);
        XDECREF(y);
        return NULL;
    }
    while (int_sign(y) != 0) {
        object_t *r = vm_binary_op(x, y, NB_REMAINDER);
        decref(x);
        if (!r) {
            decref(y);
            return NULL;
        }
        x = y;
        y = r;
    }
    decref(y);
    return x;
}

MATHFN(gcd)
{
    (void)self;
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "gcd() takes no keyword arguments");
    object_t *acc = int_from_i64(0);
    for (size_t i = 0; acc && i < nargs; i++) {
        if (!IS_INT(args[i])) {
            decref(acc);
            return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an "
                                                "integer", args[i]->type->name);
        }
        object_t *g = int_gcd2(acc, args[i]);
        decref(acc);
        acc = g;
    }
    return acc;
}

MATHFN(lcm)
{
    (void)self;
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "lcm() takes no keyword arguments");
    object_t *acc = int_from_i64(1);
    for (size_t i = 0; acc && i < nargs; i++) {
        if (!IS_INT(args[i])) {
            decref(acc);
            return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an "
                                                "integer", args[i]->type->name);
        }
        object_t *next = NULL;
        if (int_sign(args[i]) == 0 || int_sign(acc) == 0) {
            next = int_from_i64(0);
        } else {
            object_t *g = int_gcd2(acc, args[i]);
            object_t *q = g ? vm_binary_op(acc, g, NB_FLOOR_DIVIDE) : NULL;
            object_t *p = q ? vm_binary_op(q, args[i], NB_MULTIPLY) : NULL;
            next = p ? vm_absolute(p) : NULL;
            XDECREF(g);
            XDECREF(q);
            XDECREF(p);
        }
        decref(acc);
        acc = next;
    }
    return acc;
}

/* n! / (n-k)! (k of n in order), and divided by k! for comb: exact int arithmetic. */
static object_t *perm_comb(object_t *const *args, size_t nargs, object_t *kwnames,
                           const char *name, bool comb)
{
    if (vm_check_args(name, nargs, kwnames, comb ? 2 : 1, 2) < 0)
        return NULL;
    int64_t n, k;
    for (size_t i = 0; i < nargs; i++)
        if (!IS_INT(args[i]) && args[i] != None)
            return vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an "
                                                "integer", args[i]->type->name);
    if (int_to_i64(args[0], &n) < 0)
        return NULL;
    if (nargs < 2 || args[1] == None)
        k = n;
    else if (int_to_i64(args[1], &k) < 0)
        return NULL;
    if (n < 0)
        return vm_err_format(exc_ValueError, "n must be a non-negative integer");
    if (k < 0)
        return vm_err_format(exc_ValueError, "k must be a non-negative integer");
    if (k > n)
        return int_from_i64(0);
    if (comb && k > n - k)
        k = n - k;
    object_t *acc = int_from_i64(1);
    for (int64_t i = 0; acc && i < k; i++) {
        object_t *f = int_from_i64(n - i), *m = f ? vm_binary_op(acc, f, NB_MULTIPLY) : NULL;
        XDECREF(f);
        decref(acc);
        acc = m;
        if (acc && comb) {
            object_t *d = int_from_i64(i + 1), *q = d ? vm_binary_op(acc, d, NB_FLOOR_DIVIDE) : NULL;
            XDECREF(d);
            decref(acc);
            acc = q;
        }
    }
    return acc;
}

MATHFN(comb)
{
    (void)self;
    return perm_comb(args, nargs, kwnames, "comb", true);
}

MATHFN(perm)
{
    (void)self;
    return perm_comb(args, nargs, kwnames, "perm", false);
}

MATHFN(isqrt)
{
    (void)self;
    if (vm_check_args("isqrt", nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *n = vm_index(args[0]);
    if (!n)
        return NULL;
    if (int_sign(n) < 0) {
        decref(n);
        return vm_err_format(exc_ValueError, "isqrt() argument must be nonnegative");
    }
    int64_t v;
    if (int_fits_i64(n, &v)) {
        decref(n);
        uint64_t r = (uint64_t)libm_sqrt((double)v);
        while (r * r > (uint64_t)v)
            r--;
        while ((r + 1) * (r + 1) <= (uint64_t)v)
            r++;
        return int_from_u64(r);
    }
    /* Newton's iteration on ints */
    bool overflow;
    double d = int_to_double(n, &overflow);
    object_t *x = overflow ? NULL : int_from_double(libm_sqrt(d));
    if (!x) {
        decref(n);
        return NULL;
    }
    for (int iter = 0; iter < 200; iter++) {
        object_t *q = vm_binary_op(n, x, NB_FLOOR_DIVIDE);
        object_t *s = q ? vm_binary_op(x, q, NB_ADD) : NULL;
        object_t *two = int_from_i64(1);
        object_t *nx = s ? vm_binary_op(s, two, NB_RSHIFT) : NULL;
        XDECREF(q);
        XDECREF(s);
        decref(two);
        if (!nx) {
            decref(x);
            decref(n);
            return NULL;
        }
        int c = vm_richcompare_bool(nx, x, CMP_GE);
        if (c) {
            decref(nx);
            break;
        }
        decref(x);
        x = nx;
    }
    decref(n);
    return x;
}

MATHFN(prod)
{
    (void)self;
    static const char *const names[] = {"", "start", NULL};
    object_t *argv[2];
    if (vm_parse_args("prod", args, nargs, kwnames, names, 1, argv) < 0)
        return NULL;
    object_t *acc = argv[1] ? argv[1] : int_from_i64(1);
    if (argv[1])
        incref(acc);
    object_t *it = vm_iter(argv[0]), *x;
    if (!it) {
        decref(acc);
        return NULL;
    }
    while ((x = vm_next(it))) {
        object_t *n = vm_binary_op(acc, x, NB_MULTIPLY);
        decref(x);
        decref(acc);
        acc = n;
        if (!acc)
            break;
    }
    decref(it);
    if (vm_err_occurred()) {
        XDECREF(acc);
        return NULL;
    }
    return acc;
}

/* Shewchuk's exact summation with Python's rounding, as math.fsum (msum). */
MATHFN(fsum)
{
    (void)self;
    if (vm_check_args("fsum", nargs, kwnames, 1, 1) < 0)
        return NULL;
    double partials[64];
    size_t n = 0;
    object_t *it = vm_iter(args[0]), *item;
    if (!it)
        return NULL;
    while ((item = vm_next(it))) {
        double x;
        int r = vm_as_double(item, &x);
        decref(item);
        if (r < 0) {
            decref(it);
            return NULL;
        }
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = partials[j];
            if (libm_fabs(x) < libm_fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y, lo = y - (hi - x);
            if (lo != 0.0)
                partials[i++] = lo;
            x = hi;
        }
        n = i;
        if (n < 64)
            partials[n++] = x;
    }
    decref(it);
    if (vm_err_occurred())
        return NULL;
    double hi = 0.0;
    if (n > 0) {
        hi = partials[--n];
        double lo = 0;
        while (n > 0) {
            double x = hi, y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            double y = lo * 2.0, x = hi + y, yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    return float_new(hi);
}

MATHFN(dist)
{
    (void)self;
    if (vm_check_args("dist", nargs, kwnames, 2, 2) < 0)
        return NULL;
    object_t *p = vm_sequence_tuple(args[0]), *q = p ? vm_sequence_tuple(args[1]) : NULL;
    if (!q) {
        XDECREF(p);
        return NULL;
    }
    if (tuple_size(p) != tuple_size(q)) {
        decref(p);
        decref(q);
        return vm_err_format(exc_ValueError, "both points must have the same number of "
                                             "dimensions");
    }
    double acc = 0;
    for (size_t i = 0; i < tuple_size(p); i++) {
        double a, b;
        if (vm_as_double(tuple_items(p)[i], &a) < 0 || vm_as_double(tuple_items(q)[i], &b) < 0) {
            decref(p);
            decref(q);
            return NULL;
        }
        acc = i == 0 ? libm_fabs(a - b) : libm_hypot(acc, a - b);
    }
    decref(p);
    decref(q);
    return float_new(acc);
}

static const struct method_def math_functions[] = {
    {"sqrt", math_sqrt, 0}, {"exp", math_exp, 0}, {"expm1", math_expm1, 0},
    {"log", math_log, 0}, {"log2", math_log2, 0}, {"log10", math_log10, 0},
    {"log1p", math_log1p, 0}, {"pow", math_pow, 0}, {"sin", math_sin, 0},
    {"cos", math_cos, 0}, {"tan", math_tan, 0}, {"asin", math_asin, 0},
    {"acos", math_acos, 0}, {"atan", math_atan, 0}, {"atan2", math_atan2, 0},
    {"sinh", math_sinh, 0}, {"cosh", math_cosh, 0}, {"tanh", math_tanh, 0},
    {"asinh", math_asinh, 0}, {"acosh", math_acosh, 0}, {"atanh", math_atanh, 0},
    {"hypot", math_hypot, 0}, {"fabs", math_fabs, 0}, {"fmod", math_fmod, 0},
    {"copysign", math_copysign, 0}, {"floor", math_floor, 0}, {"ceil", math_ceil, 0},
    {"trunc", math_trunc, 0}, {"frexp", math_frexp, 0}, {"ldexp", math_ldexp, 0},
    {"modf", math_modf, 0}, {"isfinite", math_isfinite, 0}, {"isinf", math_isinf, 0},
    {"isnan", math_isnan, 0}, {"isclose", math_isclose, 0}, {"degrees", math_degrees, 0},
    {"radians", math_radians, 0}, {"factorial", math_factorial, 0}, {"gcd", math_gcd, 0},
    {"isqrt", math_isqrt, 0}, {"prod", math_prod, 0}, {"fsum", math_fsum, 0},
    {"dist", math_dist, 0}, {"lcm", math_lcm, 0}, {"comb", math_comb, 0},
    {"perm", math_perm, 0},
    {NULL, NULL, 0},
};

object_t *vm_module_math(void)
{
    object_t *m = module_new("math");
    if (!m)
        return NULL;
    if (module_add_functions(m, math_functions) < 0 ||
        module_add_object(m, "pi", float_new(3.141592653589793)) < 0 ||
        module_add_object(m, "e", float_new(2.718281828459045)) < 0 ||
        module_add_object(m, "tau", float_new(6.283185307179586)) < 0 ||
        module_add_object(m, "inf", float_new(1.0 / 0.0)) < 0 ||
        module_add_object(m, "nan", float_new(0.0 / 0.0)) < 0) {
        decref(m);
        return NULL;
    }
    return m;
}
