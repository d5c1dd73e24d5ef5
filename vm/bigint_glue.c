/*
 * vm/bigint_glue.c - int objects of any size: vm/int.c's slow paths on vm/bigint.h's digit
 * arithmetic. Each operation sizes a scratch digit buffer from the library's documented
 * capacity, computes into it, then makes an int object of exactly the result's size (an int's
 * dealloc frees by its size, so an object never holds more digits than its size says).
 */
#include "vm/bigint_glue.h"
#include "vm/bigint.h"

/* Ints beyond this many digits (about 2.4 million decimal digits) raise MemoryError rather
 * than ask the heap for a block it cannot give. */
#define INT_MAX_DIGITS ((size_t)1 << 18)

static struct bigint view(object_t *o)
{
    struct int_object *i = (struct int_object *)o;
    return (struct bigint){i->digit, i->size};
}

static object_t *status_error(int st)
{
    switch (st) {
    case BIGINT_NOMEM: return vm_err_nomemory();
    case BIGINT_ZERO_DIVISION:
        return vm_err_format(exc_ZeroDivisionError, "integer division or modulo by zero");
    case BIGINT_OVERFLOW: return vm_err_format(exc_OverflowError, "int too large");
    case BIGINT_NOT_INVERTIBLE:
        return vm_err_format(exc_ValueError, "base is not invertible for the given modulus");
    default: return vm_err_format(exc_SystemError, "bigint: status %d", st);
    }
}

/* Scratch digits for a result of at most n digits. */
static bigint_digit *alloc_room(size_t n)
{
    if (n > INT_MAX_DIGITS) {
        vm_err_nomemory();
        return NULL;
    }
    bigint_digit *d = kmalloc((n ? n : 1) * sizeof *d);
    if (!d)
        vm_err_nomemory();
    return d;
}

/* The int object for the result in d[0..|size|) (frees d); small values are the shared ones. */
static object_t *finish(bigint_digit *d, ptrdiff_t size)
{
    size_t n = (size_t)(size < 0 ? -size : size);
    object_t *r;
    int64_t v;
    struct bigint b = {d, size};
    if (n <= 2 && bigint_to_int64(b, &v)) {
        r = int_from_i64(v);
    } else if ((r = int_alloc_digits(n))) {
        ((struct int_object *)r)->size = size;
        memcpy(((struct int_object *)r)->digit, d, n * sizeof *d);
    }
    kfree(d);
    return r;
}

static object_t *fail(bigint_digit *d, int st)
{
    kfree(d);
    return status_error(st);
}

static object_t *digits_of(object_t *a, object_t *b, int op)
{
    struct bigint x = view(a), y = view(b);
    size_t nx = bigint_ndigits(x), ny = bigint_ndigits(y), big = nx > ny ? nx : ny;
    bigint_digit *r;
    ptrdiff_t size;
    int st;
    switch (op) {
    case NB_ADD:
    case NB_SUBTRACT:
        if (!(r = alloc_room(big + 1)))
            return NULL;
        size = op == NB_ADD ? bigint_add(r, x, y)
                            : bigint_sub(r, x, y);
        return finish(r, size);
    case NB_MULTIPLY:
        if (!(r = alloc_room(nx + ny)))
            return NULL;
        st = bigint_mul(r, &size, x, y);
        break;
    case NB_FLOOR_DIVIDE:
        if (!(r = alloc_room(nx >= ny ? nx - ny + 2 : 1)))
            return NULL;
        st = bigint_divmod(r, &size, NULL, NULL, x, y);
        break;
    case NB_REMAINDER:
        if (!(r = alloc_room(ny)))
            return NULL;
        st = bigint_divmod(NULL, NULL, r, &size, x, y);
        break;
    case NB_AND:
    case NB_OR:
    case NB_XOR:
        if (!(r = alloc_room(big + 1)))
            return NULL;
        size = op == NB_AND ? bigint_and(r, x, y)
               : op == NB_OR ? bigint_or(r, x, y)
                             : bigint_xor(r, x, y);
        return finish(r, size);
    case NB_LSHIFT:
    case NB_RSHIFT: {
        int64_t bits;
        if (!int_fits_i64(b, &bits) && int_to_i64(b, &bits) < 0) {
            vm_err_clear();
            if (op == NB_RSHIFT)
                return int_from_i64(int_sign(a) < 0 ? -1 : 0);
            return vm_err_nomemory();
        }
        if (op == NB_LSHIFT) {
            if (int_sign(a) == 0)
                return int_from_i64(0);
            if ((uint64_t)bits / 30 > INT_MAX_DIGITS)
                return vm_err_nomemory();
            if (!(r = alloc_room(nx + (size_t)bits / 30 + 1)))
                return NULL;
            return finish(r, bigint_lshift(r, x, (uint64_t)bits));
        }
        if (!(r = alloc_room(nx + 1)))
            return NULL;
        return finish(r, bigint_rshift(r, x, (uint64_t)bits));
    }
    default:
        return vm_err_format(exc_SystemError, "bigint_binary: operator %d", op);
    }
    if (st != BIGINT_OK)
        return fail(r, st);
    return finish(r, size);
}

object_t *int_big_binary(int op, object_t *a, object_t *b)
{
    return digits_of(a, b, op);
}

object_t *int_big_truediv(object_t *a, object_t *b)
{
    double d;
    int st = bigint_true_divide(view(a), view(b), &d);
    if (st == BIGINT_ZERO_DIVISION)
        return vm_err_format(exc_ZeroDivisionError, "division by zero");
    if (st == BIGINT_OVERFLOW)
        return vm_err_format(exc_OverflowError, "integer division result too large for a "
                                                "float");
    if (st != BIGINT_OK)
        return status_error(st);
    return float_new(d);
}

object_t *int_big_pow(object_t *a, object_t *b, object_t *mod)
{
    struct bigint x = view(a), e = view(b);
    bigint_digit *r;
    ptrdiff_t size;
    int st;
    if (mod != None) {
        struct bigint m = view(mod);
        if (bigint_ndigits(m) == 0)
            return vm_err_format(exc_ValueError, "pow() 3rd argument cannot be 0");
        if (!(r = alloc_room(bigint_ndigits(m))))
            return NULL;
        st = bigint_pow(r, &size, x, e, &m);
    } else {
        size_t cap;
        st = bigint_pow_capacity(x, e, INT_MAX_DIGITS, &cap);
        if (st == BIGINT_OVERFLOW)
            return vm_err_nomemory();
        if (st != BIGINT_OK)
            return status_error(st);
        if (!(r = alloc_room(cap)))
            return NULL;
        st = bigint_pow(r, &size, x, e, NULL);
    }
    if (st != BIGINT_OK)
        return fail(r, st);
    return finish(r, size);
}

object_t *int_big_negate(object_t *a)
{
    object_t *r = int_big_copy(a);
    if (r && r->refcnt == 1 && r->type == &int_type)
        ((struct int_object *)r)->size = -((struct int_object *)r)->size;
    return r;
}

/* A new int with a's value (a may be an instance of a subclass of int). */
object_t *int_big_copy(object_t *a)
{
    struct int_object *i = (struct int_object *)a;
    size_t n = (size_t)(i->size < 0 ? -i->size : i->size);
    object_t *r = int_alloc_digits(n);
    if (!r)
        return NULL;
    ((struct int_object *)r)->size = i->size;
    memcpy(((struct int_object *)r)->digit, i->digit, n * sizeof(uint32_t));
    return r;
}

/* An instance of a class deriving from int with value's digits: int's layout with a GC header
 * (a heap type's instances are containers), holding its class; no __dict__ (the digits are
 * variable-sized, and CPython's trailing-dict layout is not done here). */
object_t *int_big_as_subclass(struct type *t, object_t *value)
{
    struct int_object *v = (struct int_object *)value;
    size_t n = (size_t)(v->size < 0 ? -v->size : v->size);
    object_t *o = gc_alloc(t, sizeof(struct int_object) + n * sizeof(uint32_t));
    if (!o)
        return vm_err_nomemory();
    ((struct int_object *)o)->size = v->size;
    memcpy(((struct int_object *)o)->digit, v->digit, n * sizeof(uint32_t));
    vm_type_incref_heap(t);
    gc_track(o);
    return o;
}

double int_to_double(object_t *o, bool *overflow)
{
    double d = 0;
    *overflow = bigint_to_double(view(o), &d) == BIGINT_OVERFLOW;
    return d;
}

object_t *int_from_double(double d)
{
    bigint_digit *r = alloc_room(BIGINT_DOUBLE_DIGITS);
    ptrdiff_t size;
    if (!r)
        return NULL;
    int st = bigint_from_double(r, &size, d);
    if (st != BIGINT_OK) {
        kfree(r);
        if (st == BIGINT_NOT_A_NUMBER)
            return vm_err_format(exc_ValueError, "cannot convert float NaN to integer");
        return vm_err_format(exc_OverflowError, "cannot convert float infinity to integer");
    }
    return finish(r, size);
}

object_t *int_from_text(const char *s, size_t len, int base)
{
    bigint_digit *r = alloc_room(BIGINT_TEXT_CAPACITY(len));
    ptrdiff_t size;
    if (!r)
        return NULL;
    int st = bigint_from_text(r, &size, s, len, base);
    if (st != BIGINT_OK) {
        kfree(r);
        if (st == BIGINT_INVALID_TEXT) {
            object_t *text = str_decode_utf8(s, len);
            if (!text)
                return NULL;
            vm_err_format(exc_ValueError, "invalid literal for int() with base %d: %R", base,
                          text);
            decref(text);
            return NULL;
        }
        if (st == BIGINT_BAD_BASE)
            return vm_err_format(exc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return status_error(st);
    }
    return finish(r, size);
}

object_t *int_to_text(object_t *o, int base)
{
    struct bigint v = view(o);
    size_t cap = bigint_text_capacity(v, base), len;
    char small[64], *buf = cap <= sizeof small ? small : kmalloc(cap);
    if (!buf)
        return vm_err_nomemory();
    int st = bigint_to_text(buf, cap, &len, v, base, base != 10, false);
    object_t *r = st == BIGINT_OK ? str_from_utf8(buf, len) : status_error(st);
    if (buf != small)
        kfree(buf);
    return r;
}

struct bigint int_view(object_t *o)
{
    return view(o);
}

object_t *int_format_spec(object_t *self, object_t *spec)
{
    if (str_bytes(spec) == 0)
        return vm_str(self);
    return vm_format_number_spec(self, spec);
}

/* int.to_bytes(length=1, byteorder='big', *, signed=False) */
object_t *int_to_bytes_method(object_t *self, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    static const char *const names[] = {"length", "byteorder", "signed", NULL};
    object_t *argv[3];
    if (vm_parse_args("to_bytes", args, nargs, kwnames, names, 0, argv) < 0)
        return NULL;
    intptr_t length = 1;
    if (argv[0] && vm_index_ssize(argv[0], &length) < 0)
        return NULL;
    if (length < 0)
        return vm_err_format(exc_ValueError, "length argument must be non-negative");
    bool little = false;
    if (argv[1]) {
        if (!IS_STR(argv[1]) || !(str_eq_cstr(argv[1], "little") || str_eq_cstr(argv[1], "big")))
            return vm_err_format(exc_ValueError, "byteorder must be either 'little' or 'big'");
        little = str_eq_cstr(argv[1], "little");
    }
    int sgn = argv[2] ? vm_is_true(argv[2]) : 0;
    if (sgn < 0)
        return NULL;
    if (!sgn && int_sign(self) < 0)
        return vm_err_format(exc_OverflowError, "can't convert negative int to unsigned");
    /* value mod 256^length, two's complement for negatives, checked to fit */
    char *buf = kmalloc((size_t)length + 1);
    if (!buf)
        return vm_err_nomemory();
    object_t *v = self, *b256 = int_from_i64(256), *ff = int_from_i64(255);
    incref(v);
    for (intptr_t k = 0; k < length; k++) {
        object_t *byte = vm_binary_op(v, ff, NB_AND);
        object_t *eight = int_from_i64(8);
        object_t *nv = byte ? vm_binary_op(v, eight, NB_RSHIFT) : NULL;
        decref(eight);
        if (!nv) {
            XDECREF(byte);
            decref(v);
            kfree(buf);
            decref(b256);
            decref(ff);
            return NULL;
        }
        int64_t bv = 0;
        int_fits_i64(byte, &bv);
        decref(byte);
        buf[little ? k : length - 1 - k] = (char)bv;
        decref(v);
        v = nv;
    }
    int64_t rest = 0;
    bool fits = int_fits_i64(v, &rest);
    decref(v);
    decref(b256);
    decref(ff);
    bool top_set = length > 0 && (buf[little ? length - 1 : 0] & 0x80);
    if (!fits || !(rest == 0 || (sgn && rest == -1)) || (sgn && (rest == -1) != top_set) ||
        (length == 0 && int_sign(self) != 0)) {
        kfree(buf);
        return vm_err_format(exc_OverflowError, "int too big to convert");
    }
    object_t *r = bytes_new(buf, (size_t)length);
    kfree(buf);
    return r;
}

/* int.from_bytes(bytes, byteorder='big', *, signed=False) */
object_t *int_from_bytes_method(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kwnames)
{
    (void)self;
    static const char *const names[] = {"bytes", "byteorder", "signed", NULL};
    object_t *argv[3];
    if (vm_parse_args("from_bytes", args, nargs, kwnames, names, 1, argv) < 0)
        return NULL;
    object_t *data = argv[0]->type == &bytes_type ? (incref(argv[0]), argv[0])
                                                  : vm_call1(&bytes_type.ob, argv[0]);
    if (!data)
        return NULL;
    bool little = argv[1] && IS_STR(argv[1]) && str_eq_cstr(argv[1], "little");
    if (argv[1] && !(IS_STR(argv[1]) && (str_eq_cstr(argv[1], "little") ||
                                         str_eq_cstr(argv[1], "big")))) {
        decref(data);
        return vm_err_format(exc_ValueError, "byteorder must be either 'little' or 'big'");
    }
    int sgn = argv[2] ? vm_is_true(argv[2]) : 0;
    size_t n = bytes_len(data);
    const unsigned char *p = (const unsigned char *)bytes_data(data);
    object_t *acc = int_from_i64(0);
    for (size_t k = 0; acc && k < n; k++) {
        unsigned char byte = p[little ? n - 1 - k : k];
        object_t *eight = int_from_i64(8), *bv = int_from_i64(byte);
        object_t *sh = vm_binary_op(acc, eight, NB_LSHIFT);
        object_t *nx = sh ? vm_binary_op(sh, bv, NB_OR) : NULL;
        XDECREF(sh);
        decref(eight);
        decref(bv);
        decref(acc);
        acc = nx;
    }
    if (acc && sgn > 0 && n > 0 && (p[little ? n - 1 : 0] & 0x80)) {
        object_t *one = int_from_i64(1), *bits = int_from_i64((int64_t)n * 8);
        object_t *top = vm_binary_op(one, bits, NB_LSHIFT);
        object_t *nx = top ? vm_binary_op(acc, top, NB_SUBTRACT) : NULL;
        XDECREF(top);
        decref(one);
        decref(bits);
        decref(acc);
        acc = nx;
    }
    decref(data);
    return acc;
}
