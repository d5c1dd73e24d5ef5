/*
 * vm/format_number.c - applying a parsed format spec to an int, a float or a str.
 *
 * A formatted number is laid out as CPython's calc_number_widths lays it out:
 *
 *   <left pad> <sign> <prefix> <sign pad> <grouped digits> <point> <rest> <right pad>
 *
 * where the digits are the integer part, the rest is whatever follows them (fraction,
 * exponent, '%', or all of "inf"/"nan"/a 'c' character), and only one of the three pads is
 * nonzero: '<' pads right, '>' left, '^' splits (the smaller half left), '=' pads between
 * sign and digits. Zero fill with '=' (the '0' flag) is not padding but more digits: the
 * digits are widened with zeros to the width left over, and grouped with them, so -1234 in
 * '010,d' is '-0,001,234' (a group is never started only to hold a separator).
 *
 * Each value follows CPython's checks, in CPython's order: int rejects a precision and 'z',
 * 'c' rejects a sign and '#', a float type converts the int with float() first; float maps
 * no type to repr (with a precision, to 'g' keeping a ".0"), 'n' to 'g', '%' to 'f' of x*100
 * (a rounded double product, as CPython computes it); str rejects a sign, 'z', '#' and '='.
 */
#include "vm/format_spec.h"
#include "vm/format_spec_impl.h"
#include "vm/dtoa.h"
#include "mm/malloc.h"

#define INT_PRECISION_MAX 2147483647    /* floats: CPython's "precision too big" beyond INT_MAX */

/* Append `count` copies of code point cp as UTF-8. */
static bool append_fill(struct fmt_buf *out, uint32_t cp, int64_t count)
{
    char utf8[4];
    size_t n;
    if (cp < 0x80) {
        utf8[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        utf8[0] = (char)(0xc0 | cp >> 6), utf8[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    } else if (cp < 0x10000) {
        utf8[0] = (char)(0xe0 | cp >> 12), utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        utf8[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    } else {
        utf8[0] = (char)(0xf0 | cp >> 18), utf8[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        utf8[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), utf8[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    }
    for (int64_t i = 0; i < count; i++)
        if (!fmt_buf_append(out, utf8, n))
            return false;
    return true;
}

struct number {
    bool negative;
    const char *prefix;             /* "0x", "0X", "0o", "0b" or "" */
    const char *digits;             /* the integer digits, ungrouped */
    size_t n_digits;
    bool has_point;                 /* a '.' follows the digits */
    const char *rest;               /* after the point (or the digits) */
    size_t rest_bytes, rest_chars;
};

/*
 * digits grouped by `group` (0: no separators) with `sep`, widened with zeros to at least
 * min_width characters; returns a kmalloc'd string (NULL when out of memory), *n its length.
 */
static char *group_digits(const char *digits, size_t nd, int64_t min_width, char sep, int group,
                          size_t *n)
{
    size_t wide = nd > (size_t)(min_width > 0 ? min_width : 0) ? nd : (size_t)min_width;
    size_t cap = wide + (group ? wide / (size_t)group + 2 : 1) + 1;
    char *buf = kmalloc(cap), *p = buf + cap;
    if (!buf)
        return NULL;
    size_t remaining = nd;
    for (bool first = true;; first = false) {
        if (!first) {
            *--p = sep;
            min_width--;
        }
        /* the group: up to `group` characters, enough for the digits left or the width left */
        int64_t want = (int64_t)remaining > min_width ? (int64_t)remaining : min_width;
        if (want < 1)
            want = 1;
        int64_t l = group && want > group ? group : want;
        for (int64_t i = 0; i < l; i++)
            *--p = remaining > 0 ? digits[--remaining] : '0';
        min_width -= l;
        if (remaining == 0 && min_width <= 0)
            break;
    }
    *n = (size_t)(buf + cap - p);
    memmove(buf, p, *n);
    return buf;
}

static int write_number(struct fmt_buf *out, const struct format_spec *spec, const struct number *num)
{
    char sign = spec->sign == '+' ? (num->negative ? '-' : '+')
              : spec->sign == ' ' ? (num->negative ? '-' : ' ')
              : num->negative ? '-' : 0;
    size_t n_prefix = strlen(num->prefix);
    int64_t non_digits = (sign ? 1 : 0) + (int64_t)n_prefix + (num->has_point ? 1 : 0) +
                         (int64_t)num->rest_chars;
    int64_t min_width = spec->fill == '0' && spec->align == '=' ? spec->width - non_digits : 0;
    int group = spec->grouping == 0 ? 0
              : spec->grouping == '_' && (spec->type == 'b' || spec->type == 'o' ||
                                          spec->type == 'x' || spec->type == 'X') ? 4 : 3;
    size_t n_grouped = 0;
    char *grouped = NULL;
    if (num->n_digits > 0) {
        grouped = group_digits(num->digits, num->n_digits, min_width, spec->grouping, group,
                               &n_grouped);
        if (!grouped)
            return FORMAT_NOMEM;
    }
    int64_t padding = spec->width - (non_digits + (int64_t)n_grouped), left = 0, inner = 0, right = 0;
    if (padding > 0) {
        switch (spec->align) {
        case '<': right = padding; break;
        case '^': left = padding / 2, right = padding - left; break;
        case '=': inner = padding; break;
        default: left = padding; break;
        }
    }
    bool ok = append_fill(out, spec->fill, left) && (!sign || fmt_buf_append(out, &sign, 1)) &&
              fmt_buf_append(out, num->prefix, n_prefix) && append_fill(out, spec->fill, inner) &&
              fmt_buf_append(out, grouped ? grouped : "", n_grouped) &&
              (!num->has_point || fmt_buf_append(out, ".", 1)) &&
              fmt_buf_append(out, num->rest, num->rest_bytes) && append_fill(out, spec->fill, right);
    kfree(grouped);
    return ok ? FORMAT_OK : FORMAT_NOMEM;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* ---- float -------------------------------------------------------------------------------- */

static int format_double_spec(struct fmt_buf *out, double x, const struct format_spec *spec)
{
    uint32_t type = spec->type;
    unsigned flags = (spec->alternate ? DTOA_ALT : 0) | (spec->no_neg_0 ? DTOA_NO_NEG_0 : 0);
    int default_precision = 6;
    bool percent = false;
    if (spec->precision > INT_PRECISION_MAX)
        return format_error(out, FORMAT_VALUE_ERROR, "precision too big");
    if (type == 0) {
        flags |= DTOA_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        x *= 100;
        percent = true;
    }
    int precision = spec->precision < 0 ? default_precision : (int)spec->precision;
    if (spec->precision >= 0 && type == 'r')
        type = 'g';
    size_t cap = dtoa_format_size(x, (char)type, precision) + 1, len;
    char *text = kmalloc(cap);
    if (!text)
        return FORMAT_NOMEM;
    if (dtoa_format(text, cap, &len, x, (char)type, precision, flags) != DTOA_OK) {
        kfree(text);
        return FORMAT_NOMEM;
    }
    if (percent)
        text[len++] = '%';
    struct number num = {.negative = text[0] == '-', .prefix = ""};
    num.digits = text + num.negative;
    const char *end = text + len, *p = num.digits;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    num.n_digits = (size_t)(p - num.digits);
    num.has_point = p < end && *p == '.';
    num.rest = p + num.has_point;
    num.rest_bytes = num.rest_chars = (size_t)(end - num.rest);
    int st = write_number(out, spec, &num);
    kfree(text);
    return st;
}

int format_double(struct fmt_buf *out, double x, const char *spec_text, size_t spec_len,
                  const char *type_name)
{
    struct format_spec spec;
    int st = format_spec_parse(&spec, spec_text, spec_len, 0, '>', type_name, out);
    if (st != FORMAT_OK)
        return st;
    switch (spec.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return format_double_spec(out, x, &spec);
    default:
        return format_unknown_code(out, spec.type, type_name);
    }
}

/* ---- int ---------------------------------------------------------------------------------- */

static int format_char(struct fmt_buf *out, struct bigint v, const struct format_spec *spec)
{
    int64_t cp;
    if (spec->sign)
        return format_error(out, FORMAT_VALUE_ERROR,
                            "Sign not allowed with integer format specifier 'c'");
    if (spec->alternate)
        return format_error(out, FORMAT_VALUE_ERROR,
                            "Alternate form (#) not allowed with integer format specifier 'c'");
    /* CPython reads the int as a C long first, with that conversion's own message. */
    if (!bigint_to_int64(v, &cp))
        return format_error(out, FORMAT_OVERFLOW_ERROR, "Python int too large to convert to C long");
    if (cp < 0 || cp > 0x10ffff)
        return format_error(out, FORMAT_OVERFLOW_ERROR, "%c arg not in range(0x110000)");
    struct fmt_buf utf8;
    fmt_buf_init(&utf8);
    if (!append_fill(&utf8, (uint32_t)cp, 1))
        return FORMAT_NOMEM;
    /* The character is "rest", not digits: it is copied, never grouped or zero-widened. */
    struct number num = {.prefix = "", .digits = "", .rest = utf8.data, .rest_bytes = utf8.len,
                         .rest_chars = 1};
    int st = write_number(out, spec, &num);
    fmt_buf_free(&utf8);
    return st;
}

static int format_integer(struct fmt_buf *out, struct bigint v, const struct format_spec *spec)
{
    if (spec->precision >= 0)
        return format_error(out, FORMAT_VALUE_ERROR,
                            "Precision not allowed in integer format specifier");
    if (spec->no_neg_0)
        return format_error(out, FORMAT_VALUE_ERROR,
                            "Negative zero coercion (z) not allowed in integer format specifier");
    if (spec->type == 'c')
        return format_char(out, v, spec);
    int base = spec->type == 'b' ? 2 : spec->type == 'o' ? 8
             : spec->type == 'x' || spec->type == 'X' ? 16 : 10;
    static const char *const prefixes[] = {"0b", "0o", "0x", "0X"};
    const char *prefix = "";
    if (spec->alternate && base != 10)
        prefix = prefixes[base == 2 ? 0 : base == 8 ? 1 : spec->type == 'x' ? 2 : 3];
    size_t cap = bigint_text_capacity(v, base), len;
    char *text = kmalloc(cap);
    if (!text)
        return FORMAT_NOMEM;
    if (bigint_to_text(text, cap, &len, v, base, false, spec->type == 'X') != BIGINT_OK) {
        kfree(text);
        return FORMAT_NOMEM;
    }
    bool negative = text[0] == '-';
    struct number num = {.negative = negative, .prefix = prefix, .digits = text + negative,
                         .n_digits = len - negative, .rest = ""};
    int st = write_number(out, spec, &num);
    kfree(text);
    return st;
}

int format_int(struct fmt_buf *out, struct bigint v, const char *spec_text, size_t spec_len,
               const char *type_name)
{
    struct format_spec spec;
    int st = format_spec_parse(&spec, spec_text, spec_len, 'd', '>', type_name, out);
    if (st != FORMAT_OK)
        return st;
    switch (spec.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        return format_integer(out, v, &spec);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double x;
        if (bigint_to_double(v, &x) != BIGINT_OK)
            return format_error(out, FORMAT_OVERFLOW_ERROR, "int too large to convert to float");
        return format_double_spec(out, x, &spec);
    }
    default:
        return format_unknown_code(out, spec.type, type_name);
    }
}

/* ---- str ---------------------------------------------------------------------------------- */

int format_str(struct fmt_buf *out, const char *s, size_t len, const char *spec_text,
               size_t spec_len, const char *type_name)
{
    struct format_spec spec;
    int st = format_spec_parse(&spec, spec_text, spec_len, 's', '<', type_name, out);
    if (st != FORMAT_OK)
        return st;
    if (spec.type != 's')
        return format_unknown_code(out, spec.type, type_name);
    if (spec.sign == ' ')
        return format_error(out, FORMAT_VALUE_ERROR, "Space not allowed in string format specifier");
    if (spec.sign)
        return format_error(out, FORMAT_VALUE_ERROR, "Sign not allowed in string format specifier");
    if (spec.no_neg_0)
        return format_error(out, FORMAT_VALUE_ERROR,
                            "Negative zero coercion (z) not allowed in string format specifier");
    if (spec.alternate)
        return format_error(out, FORMAT_VALUE_ERROR,
                            "Alternate form (#) not allowed in string format specifier");
    if (spec.align == '=')
        return format_error(out, FORMAT_VALUE_ERROR,
                            "'=' alignment not allowed in string format specifier");
    size_t chars = count_chars(s, len), bytes = len;
    if (spec.precision >= 0 && (int64_t)chars > spec.precision) {
        /* keep the first `precision` code points */
        size_t i = 0;
        for (int64_t kept = 0; kept < spec.precision; kept++)
            format_utf8_next(s, len, &i);
        bytes = i;
        chars = (size_t)spec.precision;
    }
    int64_t padding = spec.width > (int64_t)chars ? spec.width - (int64_t)chars : 0;
    int64_t left = spec.align == '>' ? padding : spec.align == '^' ? padding / 2 : 0;
    bool ok = append_fill(out, spec.fill, left) && fmt_buf_append(out, s, bytes) &&
              append_fill(out, spec.fill, padding - left);
    return ok ? FORMAT_OK : FORMAT_NOMEM;
}
