/*
 * vm/format_glue.c - format(x, spec) for int, float and str through vm/format_spec.h, and
 * round(x, n) for floats through vm/dtoa.h (CPython's double_round: correctly rounded on the
 * exact binary value, then read back).
 */
#include "vm/builtin.h"
#include "vm/bigint.h"
#include "vm/float_text.h"
#include "vm/format_spec.h"
#include "vm/libm.h"

struct bigint int_view(object_t *o);

object_t *vm_format_number_spec(object_t *o, object_t *spec)
{
    struct fmt_buf out;
    int st;
    fmt_buf_init(&out);
    const char *name = o->type->name;
    if (IS_INT(o))
        st = format_int(&out, int_view(o), str_data(spec), str_bytes(spec), name);
    else if (type_is_subtype(o->type, &float_type))
        st = format_double(&out, float_value(o), str_data(spec), str_bytes(spec), name);
    else if (IS_STR(o))
        st = format_str(&out, str_data(o), str_bytes(o), str_data(spec), str_bytes(spec), name);
    else
        return vm_err_format(exc_TypeError, "unsupported format string passed to %s.__format__",
                             name);
    object_t *r;
    switch (st) {
    case FORMAT_OK:
        r = str_from_utf8(out.data ? out.data : "", out.len);
        break;
    case FORMAT_VALUE_ERROR:
        r = vm_err_format(exc_ValueError, "%s", out.data ? out.data : "bad format");
        break;
    case FORMAT_OVERFLOW_ERROR:
        r = vm_err_format(exc_OverflowError, "%s", out.data ? out.data : "overflow");
        break;
    default:
        r = vm_err_nomemory();
        break;
    }
    fmt_buf_free(&out);
    return r;
}

double float_round_digits(double x, int ndigits)
{
    if (!libm_isfinite(x) || x == 0)
        return x;
    char buf[400];
    size_t len;
    double r;
    if (ndigits > 323)
        return x;
    if (ndigits >= 0) {
        if (dtoa_format_size(x, 'f', ndigits) > sizeof buf ||
            dtoa_format(buf, sizeof buf, &len, x, 'f', ndigits, 0) != 0)
            return x;
    } else {
        /* Round to 10^-ndigits: as many significant digits as lie left of that place. */
        char digits[DTOA_SHORTEST_DIGITS];
        int decpt;
        dtoa_shortest(x, digits, &decpt);
        int sig = decpt + ndigits;
        if (sig <= 0) {
            /* |x| < 10^-ndigits: the nearest multiple is 0 or 10^-ndigits */
            double unit = 1;
            for (int k = 0; k < -ndigits && unit < 1e308; k++)
                unit *= 10;
            double ax = libm_fabs(x);
            return libm_copysign(sig == 0 && ax * 2 > unit ? unit : 0.0, x);
        }
        if (dtoa_format(buf, sizeof buf, &len, x, 'e', sig - 1, 0) != 0)
            return x;
    }
    if (dtoa_parse(buf, len, &r) != 0)
        return x;
    return r;
}
