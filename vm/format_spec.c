/*
 * vm/format_spec.c - reading a format spec, the output buffer, and the error messages.
 *
 * The spec is decoded from UTF-8 into code points first, because its first character may be a
 * fill of any width and its type may be any character (CPython names it in the error). The
 * fields are then taken in their fixed order, each optional, as CPython 3.11's
 * parse_internal_render_format_spec does:
 *   fill+align (a fill only counts when an align character follows it), sign, 'z', '#', '0'
 *   (zero fill, and '=' alignment for numbers, unless a fill was given), width, ',' or '_'
 *   (both is an error), '.' and a precision (required after the point), then at most one
 *   character, the type. Grouping is then checked against the type: ',' and '_' go with
 *   d e E f F g G % and none; '_' also with b o x X (every four digits).
 * Messages are CPython's, with its quirks: a type outside '!'..DEL is shown as '\x%x'.
 */
#include "vm/format_spec.h"
#include "vm/format_spec_impl.h"
#include "mm/malloc.h"

void fmt_buf_init(struct fmt_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void fmt_buf_free(struct fmt_buf *b)
{
    kfree(b->data);
    fmt_buf_init(b);
}

bool fmt_buf_append(struct fmt_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *data = krealloc(b->data, cap);
        if (!data)
            return false;
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

/* Replace the buffer's contents by a message made of NULL-terminated pieces. */
static int set_error(struct fmt_buf *err, int status, const char *first, ...)
{
    va_list ap;
    err->len = 0;
    va_start(ap, first);
    for (const char *piece = first; piece; piece = va_arg(ap, const char *)) {
        if (!fmt_buf_append(err, piece, strlen(piece))) {
            status = FORMAT_NOMEM;
            break;
        }
    }
    va_end(ap);
    return status;
}

/* A code point as CPython's messages show it: the character, or \x followed by hex. */
static const char *code_text(uint32_t c, char buf[16])
{
    if (c > 32 && c < 128) {
        buf[0] = (char)c;
        buf[1] = '\0';
    } else {
        platform_snprintf(buf, 16, "\\x%x", (unsigned)c);
    }
    return buf;
}

int format_unknown_code(struct fmt_buf *err, uint32_t type, const char *type_name)
{
    char code[16];
    return set_error(err, FORMAT_VALUE_ERROR, "Unknown format code '", code_text(type, code),
                     "' for object of type '", type_name, "'", NULL);
}

int format_error(struct fmt_buf *err, int status, const char *message)
{
    return set_error(err, status, message, NULL);
}

/* Decode one UTF-8 code point at s[*i] (a malformed byte stands for itself). */
uint32_t format_utf8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    if (extra == 0 || *i + (size_t)extra >= len) {
        (*i)++;
        return c;
    }
    uint32_t cp = c & (0x3f >> extra);
    for (int k = 1; k <= extra; k++) {
        unsigned char next = (unsigned char)s[*i + (size_t)k];
        if ((next & 0xc0) != 0x80) {
            (*i)++;
            return c;
        }
        cp = (cp << 6) | (next & 0x3f);
    }
    *i += (size_t)extra + 1;
    return cp;
}

static bool is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

/* Digits at cps[*pos..n) as a width or precision; -1 when there are none. */
static int read_integer(const uint32_t *cps, size_t n, size_t *pos, int64_t *value)
{
    int64_t v = 0;
    size_t start = *pos;
    for (; *pos < n && cps[*pos] >= '0' && cps[*pos] <= '9'; (*pos)++) {
        int64_t d = cps[*pos] - '0';
        if (v > (INT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *value = *pos == start ? -1 : v;
    return 0;
}

int format_spec_parse(struct format_spec *spec, const char *text, size_t len, uint32_t default_type,
                      char default_align, const char *type_name, struct fmt_buf *err)
{
    *spec = (struct format_spec){.fill = ' ', .align = default_align, .width = -1,
                                 .precision = -1, .type = default_type};
    uint32_t *cps = kmalloc((len + 1) * sizeof *cps);
    if (!cps)
        return FORMAT_NOMEM;
    size_t n = 0, pos = 0;
    for (size_t i = 0; i < len;)
        cps[n++] = format_utf8_next(text, len, &i);
    int st = FORMAT_OK;

    if (n - pos >= 2 && is_align(cps[pos + 1])) {
        spec->fill = cps[pos];
        spec->align = (char)cps[pos + 1];
        spec->fill_given = spec->align_given = true;
        pos += 2;
    } else if (n - pos >= 1 && is_align(cps[pos])) {
        spec->align = (char)cps[pos++];
        spec->align_given = true;
    }
    if (pos < n && (cps[pos] == '+' || cps[pos] == '-' || cps[pos] == ' '))
        spec->sign = (char)cps[pos++];
    if (pos < n && cps[pos] == 'z') {
        spec->no_neg_0 = true;
        pos++;
    }
    if (pos < n && cps[pos] == '#') {
        spec->alternate = true;
        pos++;
    }
    if (!spec->fill_given && pos < n && cps[pos] == '0') {
        spec->fill = '0';
        if (!spec->align_given && default_align == '>')
            spec->align = '=';
        pos++;
    }
    if (read_integer(cps, n, &pos, &spec->width) < 0) {
        st = format_error(err, FORMAT_VALUE_ERROR, "Too many decimal digits in format string");
        goto done;
    }
    if (pos < n && cps[pos] == ',') {
        spec->grouping = ',';
        pos++;
    }
    if (pos < n && cps[pos] == '_') {
        if (spec->grouping) {
            st = format_error(err, FORMAT_VALUE_ERROR, "Cannot specify both ',' and '_'.");
            goto done;
        }
        spec->grouping = '_';
        pos++;
    }
    if (pos < n && cps[pos] == ',' && spec->grouping == '_') {
        st = format_error(err, FORMAT_VALUE_ERROR, "Cannot specify both ',' and '_'.");
        goto done;
    }
    if (pos < n && cps[pos] == '.') {
        pos++;
        if (read_integer(cps, n, &pos, &spec->precision) < 0) {
            st = format_error(err, FORMAT_VALUE_ERROR, "Too many decimal digits in format string");
            goto done;
        }
        if (spec->precision < 0) {
            st = format_error(err, FORMAT_VALUE_ERROR, "Format specifier missing precision");
            goto done;
        }
    }
    if (n - pos > 1) {
        /* The message quotes the whole spec: copy it through a NUL-terminated buffer. */
        char *quoted = kmalloc(len + 1);
        if (!quoted) {
            st = FORMAT_NOMEM;
            goto done;
        }
        memcpy(quoted, text, len);
        quoted[len] = '\0';
        st = set_error(err, FORMAT_VALUE_ERROR, "Invalid format specifier '", quoted,
                       "' for object of type '", type_name, "'", NULL);
        kfree(quoted);
        goto done;
    }
    if (n - pos == 1)
        spec->type = cps[pos];
    if (spec->grouping) {
        switch (spec->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (spec->grouping == '_')
                break;
            /* fall through */
        default: {
            char code[16];
            st = set_error(err, FORMAT_VALUE_ERROR, "Cannot specify '",
                           spec->grouping == ',' ? "," : "_", "' with '",
                           code_text(spec->type, code), "'.", NULL);
        }
        }
    }
done:
    kfree(cps);
    return st;
}
