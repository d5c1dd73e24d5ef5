/*
 * vm/str_format.c - str.format (PEP 3101, Objects/stringlib/unicode_format.h) and the printf-style
 * `%` operator (PyUnicode_Format).
 *
 * str.format: literal text with {{ and }} escapes, and replacement fields
 *     "{" [arg_name] ("." attribute | "[" index "]")* ["!" r|s|a] [":" format_spec] "}"
 * where arg_name is empty (automatic numbering), digits (a positional index) or a keyword, and
 * the format spec may itself hold fields (one level deeper, as CPython's recursion limit of 2).
 * Each value is converted (!r/!s/!a) and then formatted with vm_format(value, spec), so every
 * type's __format__ applies.
 *
 * `%`: each conversion takes the next item of a tuple argument (or the whole argument when it
 * is not a tuple), or with %(name)s a key of a mapping argument. Strings (%s %r %a %c) are padded
 * here; integers (%d %i %u %x %X %o) are laid out here from their digits, because printf's
 * precision means "at least this many digits", which format() does not have; floats (%e %f %g
 * and capitals) go to vm_format with the equivalent format spec. Messages are CPython's.
 */
#include "vm/types_init.h"

/* ---- ascii() ---------------------------------------------------------------------------------- */

/* repr with non-ASCII code points escaped (ascii()). */
static object_t *ascii_of(object_t *o)
{
    object_t *r = vm_repr(o);
    struct strbuf b;
    const char *p, *end;

    if (!r || str_bytes(r) == str_chars(r))
        return r;
    sb_init(&b);
    p = str_data(r);
    end = p + str_bytes(r);
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c < 0x80)
            sb_putc(&b, (char)c);
        else if (c < 0x100)
            sb_printf(&b, "\\x%02x", c);
        else if (c < 0x10000)
            sb_printf(&b, "\\u%04x", c);
        else
            sb_printf(&b, "\\U%08x", c);
    }
    decref(r);
    return sb_finish(&b);
}

static object_t *convert(object_t *v, char conv)
{
    switch (conv) {
    case 'r': return vm_repr(v);
    case 's': return vm_str(v);
    case 'a': return ascii_of(v);
    default: incref(v); return v;
    }
}

/* ---- str.format ------------------------------------------------------------------------------- */

struct format_state {
    object_t *const *args;
    size_t nargs;
    object_t *kwnames; /* tuple of names for args[nargs..], or NULL */
    object_t *mapping; /* format_map's mapping, or NULL */
    intptr_t auto_index; /* next automatic number; -1 once a manual index was used */
    bool manual;
};

static object_t *kw_value(struct format_state *st, const char *name, size_t len)
{
    object_t *key, *v;
    if (st->mapping) {
        key = str_from_utf8(name, len);
        if (!key)
            return NULL;
        v = vm_getitem(st->mapping, key);
        decref(key);
        return v;
    }
    if (st->kwnames)
        for (size_t i = 0; i < tuple_size(st->kwnames); i++) {
            object_t *k = tuple_items(st->kwnames)[i];
            if (str_bytes(k) == len && !memcmp(str_data(k), name, len)) {
                incref(st->args[st->nargs + i]);
                return st->args[st->nargs + i];
            }
        }
    key = str_from_utf8(name, len);
    if (key) {
        vm_err_set_key(key);
        decref(key);
    }
    return NULL;
}

/* The object a field name designates (new reference). */
static object_t *field_value(struct format_state *st, const char *f, size_t n)
{
    size_t i = 0;
    object_t *obj;

    while (i < n && f[i] != '.' && f[i] != '[')
        i++;
    bool numeric = i > 0;
    for (size_t k = 0; k < i; k++)
        numeric &= f[k] >= '0' && f[k] <= '9';
    if (i == 0 || numeric) {
        size_t index;
        if (i == 0) {
            if (st->manual)
                return vm_err_format(exc_ValueError, "cannot switch from manual field "
                                                     "specification to automatic field numbering");
            index = (size_t)st->auto_index++;
        } else {
            if (st->auto_index > 0)
                return vm_err_format(exc_ValueError, "cannot switch from automatic field "
                                                     "numbering to manual field specification");
            st->manual = true;
            index = 0;
            for (size_t k = 0; k < i; k++)
                index = index * 10 + (size_t)(f[k] - '0');
        }
        if (st->mapping || index >= st->nargs) {
            if (st->mapping)
                return vm_err_format(exc_ValueError,
                                     "Format string contains positional fields");
            return vm_err_format(exc_IndexError,
                                 "Replacement index %zu out of range for positional args tuple",
                                 index);
        }
        obj = st->args[index];
        incref(obj);
    } else {
        obj = kw_value(st, f, i);
        if (!obj)
            return NULL;
    }
    while (i < n) {
        object_t *next;
        if (f[i] == '.') {
            size_t j = ++i;
            while (i < n && f[i] != '.' && f[i] != '[')
                i++;
            if (i == j) {
                decref(obj);
                return vm_err_format(exc_ValueError, "Empty attribute in format string");
            }
            object_t *name = str_from_utf8(f + j, i - j);
            next = name ? vm_getattr(obj, name) : NULL;
            XDECREF(name);
        } else if (f[i] == '[') {
            size_t j = ++i;
            while (i < n && f[i] != ']')
                i++;
            if (i == n) {
                decref(obj);
                return vm_err_format(exc_ValueError, "Missing ']' in format string");
            }
            if (i == j) {
                decref(obj);
                return vm_err_format(exc_ValueError, "Empty attribute in format string");
            }
            bool digits = true;
            for (size_t k = j; k < i; k++)
                digits &= f[k] >= '0' && f[k] <= '9';
            object_t *key = digits ? int_from_text(f + j, i - j, 10) : str_from_utf8(f + j, i - j);
            next = key ? vm_getitem(obj, key) : NULL;
            XDECREF(key);
            i++;
            if (next && i < n && f[i] != '.' && f[i] != '[') {
                decref(next);
                decref(obj);
                return vm_err_format(exc_ValueError,
                                     "Only '.' or '[' may follow ']' in format field specifier");
            }
        } else {
            decref(obj);
            return vm_err_format(exc_ValueError,
                                 "Only '.' or '[' may follow ']' in format field specifier");
        }
        decref(obj);
        if (!next)
            return NULL;
        obj = next;
    }
    return obj;
}

static int format_into(struct strbuf *out, struct format_state *st, const char *s, size_t n,
                       int depth);
/* Render one parsed field: the value named by name, converted, formatted with spec (expanded
 * first: it may hold fields of its own). */
static int render_field(struct strbuf *out, struct format_state *st, const char *name,
                        size_t name_len, char conv, const char *spec, size_t spec_len, int depth)
{
    object_t *v, *c, *spec_str, *r;
    struct strbuf sb;

    v = field_value(st, name, name_len);
    if (!v)
        return -1;
    if (conv && conv != 'r' && conv != 's' && conv != 'a') {
        decref(v);
        vm_err_format(exc_ValueError, "Unknown conversion specifier %c", conv);
        return -1;
    }
    c = convert(v, conv);
    decref(v);
    if (!c)
        return -1;
    /* Only a spec holding '{' is expanded (and counts towards the recursion limit). */
    if (memchr(spec, '{', spec_len)) {
        sb_init(&sb);
        if (format_into(&sb, st, spec, spec_len, depth + 1) < 0) {
            sb_free(&sb);
            decref(c);
            return -1;
        }
        spec_str = sb_finish(&sb);
    } else {
        spec_str = str_from_utf8(spec, spec_len);
    }
    if (!spec_str) {
        decref(c);
        return -1;
    }
    r = vm_format(c, spec_str);
    decref(c);
    decref(spec_str);
    if (!r)
        return -1;
    sb_put_str(out, r);
    decref(r);
    return 0;
}

static int format_error(const char *msg)
{
    vm_err_format(exc_ValueError, "%s", msg);
    return -1;
}

/* The text s[0..n) with its fields replaced; parsing as CPython's MarkupIterator, so malformed
 * fields get its messages. */
static int format_into(struct strbuf *out, struct format_state *st, const char *s, size_t n,
                       int depth)
{
    if (depth > 2)
        return format_error("Max string recursion exceeded");
    for (size_t i = 0; i < n;) {
        char ch = s[i];
        if (ch == '}') {
            if (i + 1 < n && s[i + 1] == '}') {
                sb_putc(out, '}');
                i += 2;
                continue;
            }
            return format_error("Single '}' encountered in format string");
        }
        if (ch != '{') {
            size_t j = i;
            while (j < n && s[j] != '{' && s[j] != '}')
                j++;
            sb_write(out, s + i, j - i);
            i = j;
            continue;
        }
        if (i + 1 < n && s[i + 1] == '{') {
            sb_putc(out, '{');
            i += 2;
            continue;
        }
        if (i + 1 >= n)
            return format_error("Single '{' encountered in format string");
        /* field name: up to ':', '!' or '}', with [index] parts taken whole */
        size_t name = ++i;
        bool bracket = false;
        for (; i < n; i++) {
            char c = s[i];
            if (bracket) {
                bracket = c != ']';
            } else if (c == '[') {
                bracket = true;
            } else if (c == '{') {
                return format_error("unexpected '{' in field name");
            } else if (c == '}' || c == ':' || c == '!') {
                break;
            }
        }
        if (i >= n)
            return format_error("expected '}' before end of string");
        size_t name_len = i - name;
        char conv = 0;
        if (s[i] == '!') {
            if (++i >= n)
                return format_error("end of string while looking for conversion specifier");
            conv = s[i++];
            if (i >= n)
                return format_error("unmatched '{' in format spec");
            if (s[i] != ':' && s[i] != '}')
                return format_error("expected ':' after conversion specifier");
        }
        size_t spec = i, spec_len = 0;
        if (s[i] == ':') {
            int level = 1;
            spec = ++i;
            for (; i < n; i++) {
                if (s[i] == '{')
                    level++;
                else if (s[i] == '}' && --level == 0)
                    break;
            }
            if (i >= n)
                return format_error("unmatched '{' in format spec");
            spec_len = i - spec;
        }
        i++; /* the closing brace */
        if (render_field(out, st, s + name, name_len, conv, s + spec, spec_len, depth) < 0)
            return -1;
    }
    return 0;
}

static object_t *format_with(object_t *self, struct format_state *st)
{
    struct strbuf out;
    sb_init(&out);
    if (format_into(&out, st, str_data(self), str_bytes(self), 1) < 0) {
        sb_free(&out);
        return NULL;
    }
    return sb_finish(&out);
}

object_t *str_method_format(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct format_state st = {args, nargs, kw, NULL, 0, false};
    return format_with(self, &st);
}

object_t *str_method_format_map(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kw)
{
    struct format_state st = {args, 0, NULL, NULL, 0, false};
    if (vm_check_args("format_map", nargs, kw, 1, 1) < 0)
        return NULL;
    st.mapping = args[0];
    return format_with(self, &st);
}

/* ---- printf-style % --------------------------------------------------------------------------- */

#define F_LJUST (1 << 0)
#define F_SIGN  (1 << 1)
#define F_BLANK (1 << 2)
#define F_ALT   (1 << 3)
#define F_ZERO  (1 << 4)

struct mod_state {
    object_t *const *items;
    size_t nitems, next;
    object_t *dict;  /* the mapping for %(name)s, or NULL */
    bool tuple_args;
};

static object_t *next_arg(struct mod_state *st)
{
    if (st->next >= st->nitems)
        return vm_err_format(exc_TypeError, "not enough arguments for format string");
    return st->items[st->next++];
}

/* Append text padded to width (code points). */
static void put_padded(struct strbuf *b, const char *s, size_t bytes, size_t chars, intptr_t width,
                       int flags)
{
    size_t pad = width > (intptr_t)chars ? (size_t)width - chars : 0;
    if (!(flags & F_LJUST))
        for (size_t i = 0; i < pad; i++)
            sb_putc(b, ' ');
    sb_write(b, s, bytes);
    if (flags & F_LJUST)
        for (size_t i = 0; i < pad; i++)
            sb_putc(b, ' ');
}

/* The int a %d/%x/%o conversion uses (new reference), or NULL with CPython's TypeError. */
static object_t *int_arg(object_t *v, char conv)
{
    if (IS_INT(v)) {
        incref(v);
        return v;
    }
    if (conv == 'd' || conv == 'i' || conv == 'u') {
        if (vm_isinstance_type(v, &float_type))
            return int_from_double(float_value(v));
        if (type_of(v)->number && type_of(v)->number->to_int)
            return type_of(v)->number->to_int(v);
        if (type_of(v)->number && type_of(v)->number->index)
            return vm_index(v);
        return vm_err_format(exc_TypeError, "%%%c format: a real number is required, not %s",
                             conv, type_name(v));
    }
    if (type_of(v)->number && type_of(v)->number->index)
        return vm_index(v);
    return vm_err_format(exc_TypeError, "%%%c format: an integer is required, not %s", conv,
                         type_name(v));
}

static int put_int(struct strbuf *b, object_t *v, char conv, int flags, intptr_t width,
                   intptr_t prec)
{
    object_t *n = int_arg(v, conv), *text;
    int base = conv == 'x' || conv == 'X' ? 16 : conv == 'o' ? 8 : 10;
    char head[4];
    size_t hn = 0;

    if (!n)
        return -1;
    text = int_to_text(n, base);
    bool neg = int_sign(n) < 0;
    decref(n);
    if (!text)
        return -1;
    /* The digits alone: int_to_text writes the sign and the 0x/0o prefix. */
    const char *d = str_data(text);
    size_t dn = str_bytes(text);
    if (*d == '-')
        d++, dn--;
    if (base != 10 && dn >= 2 && d[0] == '0')
        d += 2, dn -= 2;
    if (neg)
        head[hn++] = '-';
    else if (flags & F_SIGN)
        head[hn++] = '+';
    else if (flags & F_BLANK)
        head[hn++] = ' ';
    if ((flags & F_ALT) && base != 10) {
        head[hn++] = '0';
        head[hn++] = conv == 'X' ? 'X' : conv;
    }
    size_t zeros = prec > (intptr_t)dn ? (size_t)prec - dn : 0;
    size_t total = hn + zeros + dn;
    size_t pad = width > (intptr_t)total ? (size_t)width - total : 0;
    if (!(flags & F_LJUST) && !(flags & F_ZERO))
        for (size_t i = 0; i < pad; i++)
            sb_putc(b, ' ');
    sb_write(b, head, hn);
    if (!(flags & F_LJUST) && (flags & F_ZERO))
        zeros += pad;
    for (size_t i = 0; i < zeros; i++)
        sb_putc(b, '0');
    for (size_t i = 0; i < dn; i++)
        sb_putc(b, conv == 'X' && d[i] >= 'a' ? (char)(d[i] - 32) : d[i]);
    if (flags & F_LJUST)
        for (size_t i = 0; i < pad; i++)
            sb_putc(b, ' ');
    decref(text);
    return 0;
}

static const char *decimal(char buf[24], uint64_t v)
{
    char *p = buf + 23;
    *p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    return p;
}

static int put_float(struct strbuf *b, object_t *v, char conv, int flags, intptr_t width,
                     intptr_t prec)
{
    double d;
    object_t *f, *spec, *r;

    if (!IS_INT(v) && !vm_isinstance_type(v, &float_type) &&
        !(type_of(v)->number && type_of(v)->number->to_float)) {
        vm_err_format(exc_TypeError, "must be real number, not %s", type_name(v));
        return -1;
    }
    if (vm_isinstance_type(v, &float_type)) {
        d = float_value(v);
    } else if (IS_INT(v)) {
        if (vm_as_double(v, &d) < 0)
            return -1;
    } else {
        object_t *x = type_of(v)->number->to_float(v);
        if (!x)
            return -1;
        d = float_value(x);
        decref(x);
    }
    f = float_new(d);
    if (!f)
        return -1;
    /* The format spec saying the same: [<][+| ][#][0][width].prec type */
    struct strbuf sb;
    char digits[24];
    sb_init(&sb);
    if (flags & F_LJUST)
        sb_putc(&sb, '<');
    if (flags & (F_SIGN | F_BLANK))
        sb_putc(&sb, (flags & F_SIGN) ? '+' : ' ');
    if (flags & F_ALT)
        sb_putc(&sb, '#');
    if (width > 0) {
        if ((flags & F_ZERO) && !(flags & F_LJUST))
            sb_putc(&sb, '0');
        sb_puts(&sb, decimal(digits, (uint64_t)width));
    }
    sb_putc(&sb, '.');
    sb_puts(&sb, decimal(digits, (uint64_t)(prec < 0 ? 6 : prec)));
    sb_putc(&sb, conv);
    spec = sb_finish(&sb);
    if (!spec) {
        decref(f);
        return -1;
    }
    r = vm_format(f, spec);
    decref(f);
    decref(spec);
    if (!r)
        return -1;
    sb_put_str(b, r);
    decref(r);
    return 0;
}

static int put_char(struct strbuf *b, object_t *v, int flags, intptr_t width)
{
    uint32_t c;
    if (IS_STR(v)) {
        if (str_chars(v) != 1) {
            vm_err_format(exc_TypeError, "%%c requires int or char");
            return -1;
        }
        const char *p = str_data(v);
        c = utf8_next(&p);
    } else if (IS_INT(v)) {
        int64_t x;
        if (!int_fits_i64(v, &x) || x < 0 || x > 0x10ffff) {
            vm_err_format(exc_OverflowError, "%%c arg not in range(0x110000)");
            return -1;
        }
        c = (uint32_t)x;
    } else {
        vm_err_format(exc_TypeError, "%%c requires int or char");
        return -1;
    }
    object_t *s = str_from_codepoint(c);
    if (!s)
        return -1;
    put_padded(b, str_data(s), str_bytes(s), 1, width, flags);
    decref(s);
    return 0;
}

/* A '*' width or precision: the next argument, an int. */
static int star_arg(struct mod_state *st, intptr_t *out)
{
    object_t *v = next_arg(st);
    if (!v)
        return -1;
    if (!IS_INT(v)) {
        vm_err_format(exc_TypeError, "* wants int");
        return -1;
    }
    return vm_index_ssize(v, out);
}

object_t *str_mod_format(object_t *fmt, object_t *args)
{
    struct mod_state st = {NULL, 0, 0, NULL, false};
    struct strbuf b;
    const char *s = str_data(fmt);
    size_t n = str_bytes(fmt), i = 0;

    if (IS_TUPLE(args)) {
        st.items = tuple_items(args);
        st.nitems = tuple_size(args);
        st.tuple_args = true;
    } else {
        st.items = &args;
        st.nitems = 1;
        if (!IS_STR(args) && type_of(args)->getitem)
            st.dict = args;
    }
    object_t *keyed = NULL; /* the value of a %(key) conversion, held while it is formatted */
    sb_init(&b);
    while (i < n) {
        if (s[i] != '%') {
            size_t j = i;
            while (j < n && s[j] != '%')
                j++;
            sb_write(&b, s + i, j - i);
            i = j;
            continue;
        }
        i++;
        object_t *v = NULL;
        int flags = 0;
        intptr_t width = -1, prec = -1;

        if (i < n && s[i] == '(') {
            size_t j = ++i;
            int depth = 1;
            while (i < n && depth) {
                if (s[i] == '(')
                    depth++;
                else if (s[i] == ')')
                    depth--;
                i++;
            }
            if (depth) {
                vm_err_format(exc_ValueError, "incomplete format key");
                goto fail;
            }
            if (!st.dict) {
                vm_err_format(exc_TypeError, "format requires a mapping");
                goto fail;
            }
            object_t *key = str_from_utf8(s + j, i - 1 - j);
            keyed = key ? vm_getitem(st.dict, key) : NULL;
            XDECREF(key);
            if (!keyed)
                goto fail;
            v = keyed;
            st.next = st.nitems; /* CPython: after a key, no positional argument is left */
        }
        for (; i < n; i++) {
            if (s[i] == '-')
                flags |= F_LJUST;
            else if (s[i] == '+')
                flags |= F_SIGN;
            else if (s[i] == ' ')
                flags |= F_BLANK;
            else if (s[i] == '#')
                flags |= F_ALT;
            else if (s[i] == '0')
                flags |= F_ZERO;
            else
                break;
        }
        if (i < n && s[i] == '*') {
            if (star_arg(&st, &width) < 0)
                goto fail;
            if (width < 0) {
                flags |= F_LJUST;
                width = -width;
            }
            i++;
        } else {
            while (i < n && s[i] >= '0' && s[i] <= '9')
                width = (width < 0 ? 0 : width * 10) + (s[i++] - '0');
        }
        if (i < n && s[i] == '.') {
            i++;
            prec = 0;
            if (i < n && s[i] == '*') {
                if (star_arg(&st, &prec) < 0)
                    goto fail;
                if (prec < 0)
                    prec = 0;
                i++;
            } else {
                while (i < n && s[i] >= '0' && s[i] <= '9')
                    prec = prec * 10 + (s[i++] - '0');
            }
        }
        while (i < n && (s[i] == 'h' || s[i] == 'l' || s[i] == 'L'))
            i++;
        if (i >= n) {
            vm_err_format(exc_ValueError, "incomplete format");
            goto fail;
        }
        char conv = s[i++];
        if (conv == '%') {
            sb_putc(&b, '%');
            CLEAR_REF(keyed);
            continue;
        }
        if (!v && !(v = next_arg(&st)))
            goto fail;
        int r = 0;
        switch (conv) {
        case 's':
        case 'r':
        case 'a': {
            object_t *t = convert(v, conv);
            if (!t) {
                r = -1;
                break;
            }
            size_t chars = str_chars(t), bytes = str_bytes(t);
            if (prec >= 0 && (size_t)prec < chars) {
                const char *p = str_data(t);
                for (intptr_t k = 0; k < prec; k++)
                    utf8_next(&p);
                bytes = (size_t)(p - str_data(t));
                chars = (size_t)prec;
            }
            put_padded(&b, str_data(t), bytes, chars, width, flags);
            decref(t);
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            r = put_int(&b, v, conv, flags, width, prec);
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            r = put_float(&b, v, conv, flags, width < 0 ? 0 : width, prec);
            break;
        case 'c':
            r = put_char(&b, v, flags, width);
            break;
        default: {
            size_t at = 0;
            for (size_t k = 0; k < i - 1; k++)
                at += ((unsigned char)s[k] & 0xc0) != 0x80;
            if ((unsigned char)conv < 0x80)
                vm_err_format(exc_ValueError, "unsupported format character '%c' (0x%x) at index %zu",
                              conv, (unsigned)(unsigned char)conv, at);
            else {
                const char *p = s + i - 1;
                uint32_t cp = utf8_next(&p);
                object_t *ch = str_from_codepoint(cp);
                vm_err_format(exc_ValueError,
                              "unsupported format character '%S' (0x%x) at index %zu", ch,
                              (unsigned)cp, at);
                XDECREF(ch);
            }
            r = -1;
        }
        }
        CLEAR_REF(keyed);
        if (r < 0)
            goto fail;
    }
    if (st.next < st.nitems && !st.dict) {
        vm_err_format(exc_TypeError, "not all arguments converted during string formatting");
        goto fail;
    }
    return sb_finish(&b);
fail:
    XDECREF(keyed);
    sb_free(&b);
    return NULL;
}
