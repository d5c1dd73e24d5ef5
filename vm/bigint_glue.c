/*
 * vm/bigint_glue.c - the slow paths of int: results beyond 64 bits, conversions to and from
 * text and float for any size.
 */
#include "vm/bigint_glue.h"

static object_t *too_big(void)
{
    return vm_err_format(exc_OverflowError, "int beyond 64 bits: arbitrary precision is not "
                                            "built in yet");
}

object_t *bigint_binary(int op, object_t *a, object_t *b)
{
    (void)op; (void)a; (void)b;
    return too_big();
}

object_t *bigint_truediv(object_t *a, object_t *b)
{
    bool o1, o2;
    double x = int_to_double(a, &o1), y = int_to_double(b, &o2);
    if (o1 || o2)
        return vm_err_format(exc_OverflowError, "integer division result too large for a float");
    return float_new(x / y);
}

object_t *bigint_pow(object_t *a, object_t *b, object_t *mod)
{
    int64_t x, e, m;
    if (mod != None && int_fits_i64(a, &x) && int_fits_i64(b, &e) && int_fits_i64(mod, &m)) {
        if (m == 0)
            return vm_err_format(exc_ValueError, "pow() 3rd argument cannot be 0");
        if (e < 0)
            return too_big();
        __int128 r = 1, base = x % m;
        if (base < 0)
            base += m < 0 ? -m : m;
        for (; e > 0; e >>= 1) {
            if (e & 1)
                r = (r * base) % m;
            base = (base * base) % m;
        }
        int64_t res = (int64_t)r;
        if (res != 0 && ((res < 0) != (m < 0)))
            res += m;
        return int_from_i64(res);
    }
    return too_big();
}

object_t *bigint_negate(object_t *a)
{
    (void)a;
    return too_big();
}

object_t *bigint_copy(object_t *a)
{
    struct int_object *i = (struct int_object *)a;
    size_t n = (size_t)(i->size < 0 ? -i->size : i->size);
    object_t *r = int_alloc_digits(n);
    if (!r)
        return NULL;
    ((struct int_object *)r)->size = i->size;
    memcpy(((struct int_object *)r)->digit, i->digit, n * 4);
    return r;
}

object_t *bigint_as_subclass(struct type *t, object_t *value)
{
    (void)t;
    (void)value;
    return vm_err_format(exc_TypeError, "subclasses of int are not supported yet");
}

double int_to_double(object_t *o, bool *overflow)
{
    struct int_object *i = (struct int_object *)o;
    intptr_t n = i->size < 0 ? -i->size : i->size;
    double d = 0;
    *overflow = false;
    for (intptr_t k = n; k-- > 0;)
        d = d * 1073741824.0 + i->digit[k];
    if (n > 35)
        *overflow = true;
    return i->size < 0 ? -d : d;
}

object_t *int_from_double(double d)
{
    if (d != d)
        return vm_err_format(exc_ValueError, "cannot convert float NaN to integer");
    if (d > 1e300 * 1e300 || d < -1e300 * 1e300)
        return vm_err_format(exc_OverflowError, "cannot convert float infinity to integer");
    if (d >= 9.2233720368547758e18 || d <= -9.2233720368547758e18)
        return too_big();
    return int_from_i64((int64_t)d);
}

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

object_t *int_from_text(const char *s, size_t len, int base)
{
    const char *p = s, *end = s + len;
    bool neg = false;
    int orig_base = base;
    while (p < end && is_space(*p))
        p++;
    while (end > p && is_space(end[-1]))
        end--;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    if (base == 0 || base == 16 || base == 8 || base == 2) {
        if (end - p >= 2 && p[0] == '0') {
            char c = (char)(p[1] | 0x20);
            int b = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
            if (b && (base == 0 || base == b)) {
                base = b;
                p += 2;
                if (p < end && *p == '_')
                    p++;
            }
        }
        if (base == 0) {
            base = 10;
            /* "010" is not a valid literal */
            if (end - p > 1 && p[0] == '0') {
                for (const char *q = p; q < end; q++)
                    if (*q != '0' && *q != '_')
                        goto invalid;
            }
        }
    }
    if (p == end)
        goto invalid;
    uint64_t v = 0;
    bool overflow = false, prev_us = true;
    for (; p < end; p++) {
        if (*p == '_') {
            if (prev_us)
                goto invalid;
            prev_us = true;
            continue;
        }
        int d = digit_value(*p);
        if (d >= base)
            goto invalid;
        prev_us = false;
        if (__builtin_mul_overflow(v, (uint64_t)base, &v) ||
            __builtin_add_overflow(v, (uint64_t)d, &v))
            overflow = true;
    }
    if (prev_us)
        goto invalid;
    if (overflow || v > (uint64_t)INT64_MAX + neg)
        return too_big();
    return int_from_i64(neg ? (int64_t)(0 - v) : (int64_t)v);
invalid:
    return vm_err_format(exc_ValueError, "invalid literal for int() with base %d: %R",
                         orig_base, str_from_utf8_tmp(s, len));
}

object_t *int_to_text(object_t *o, int base)
{
    int64_t x;
    if (!int_fits_i64(o, &x) && int_to_i64(o, &x) < 0)
        return NULL;
    char buf[80];
    char *p = buf + sizeof buf;
    uint64_t m = x < 0 ? -(uint64_t)x : (uint64_t)x;
    *--p = 0;
    do {
        *--p = "0123456789abcdef"[m % (unsigned)base];
        m /= (unsigned)base;
    } while (m);
    if (base == 16) { *--p = 'x'; *--p = '0'; }
    if (base == 8) { *--p = 'o'; *--p = '0'; }
    if (base == 2) { *--p = 'b'; *--p = '0'; }
    if (x < 0)
        *--p = '-';
    return str_from_utf8(p, strlen(p));
}

object_t *int_format_spec(object_t *self, object_t *spec)
{
    if (str_bytes(spec) == 0)
        return vm_str(self);
    return vm_format_number_spec(self, spec);
}

object_t *int_to_bytes_method(object_t *self, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return vm_err_format(exc_NotImplementedError, "int.to_bytes");
}

object_t *int_from_bytes_method(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kwnames)
{
    (void)self; (void)args; (void)nargs; (void)kwnames;
    return vm_err_format(exc_NotImplementedError, "int.from_bytes");
}
