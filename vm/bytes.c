/*
 * vm/bytes.c - bytes (Objects/bytesobject.c): immutable byte strings.
 *
 * A bytes object is atomic (it references nothing): one allocation holding the length, the
 * cached hash and the bytes themselves, NUL-terminated for the C side's convenience. The hash
 * is the one str uses over the same bytes, so hash(b'abc') == hash('abc') as in CPython. repr
 * follows CPython's rules: single quotes unless the bytes hold a ' and no ", escapes for \t \n
 * \r \\ and the quote, \xhh (lowercase) for the rest outside printable ASCII.
 *
 * decode() knows utf-8 (strict: a malformed sequence raises UnicodeDecodeError with CPython's
 * wording and position), ascii and latin-1.
 */
#include "mm/malloc.h"
#include "vm/types_init.h"

#define AS_BYTES(o) ((struct bytes_object *)(o))

static size_t bytes_alloc_size(size_t len)
{
    return sizeof(struct bytes_object) + len + 1;
}

/* A bytes object of len bytes, contents unset. */
static object_t *bytes_alloc(size_t len)
{
    struct bytes_object *b;
    if (len > ((size_t)1 << 40))
        return vm_err_nomemory();
    b = (struct bytes_object *)object_alloc(&bytes_type, bytes_alloc_size(len));
    if (!b)
        return vm_err_nomemory();
    b->len = len;
    b->hash = -1;
    b->data[len] = '\0';
    return &b->ob;
}

object_t *bytes_new(const char *s, size_t len)
{
    object_t *b = bytes_alloc(len);
    if (b && len)
        memcpy(AS_BYTES(b)->data, s, len);
    return b;
}

static void bytes_dealloc(object_t *o)
{
    object_free(o, bytes_alloc_size(AS_BYTES(o)->len));
}

static bool is_bytes(object_t *o)
{
    return type_is_subtype(type_of(o), &bytes_type);
}

/* ---- UTF-8 decoding --------------------------------------------------------------------------- */

/* Check that s[0..len) is UTF-8 as CPython's decoder accepts it (no surrogates, no overlong
 * forms, at most U+10FFFF). Returns len when valid, else the offset of the bad sequence, with
 * *bad_len its length and *reason CPython's words for it. */
size_t vm_utf8_check(const char *s, size_t len, size_t *nchars, size_t *bad_len,
                     const char **reason)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;

    while (i < len) {
        unsigned c = p[i];
        size_t need;
        unsigned lo = 0x80, hi = 0xbf;
        if (c < 0x80) {
            i++;
            n++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0)
                lo = 0xa0;
            if (c == 0xed)
                hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0)
                lo = 0x90;
            if (c == 0xf4)
                hi = 0x8f;
        } else {
            *bad_len = 1;
            *reason = "invalid start byte";
            return i;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len) {
                *bad_len = k;
                *reason = "unexpected end of data";
                return i;
            }
            unsigned cc = p[i + k];
            if (cc < (k == 1 ? lo : 0x80) || cc > (k == 1 ? hi : 0xbf)) {
                *bad_len = k;
                *reason = "invalid continuation byte";
                return i;
            }
        }
        i += need + 1;
        n++;
    }
    if (nchars)
        *nchars = n;
    return len;
}

static object_t *decode_error(const char *codec, object_t *self, size_t pos, size_t end,
                              const char *reason)
{
    unsigned char c = (unsigned char)bytes_data(self)[pos];
    (void)self;
    if (end == pos + 1)
        return vm_err_format(exc_UnicodeDecodeError,
                             "'%s' codec can't decode byte 0x%02x in position %zu: %s", codec,
                             c, pos, reason);
    return vm_err_format(exc_UnicodeDecodeError,
                         "'%s' codec can't decode bytes in position %zu-%zu: %s", codec, pos,
                         end - 1, reason);
}

/* The codec name as CPython normalises it for the ones known here; NULL: unknown. */
static const char *codec_name(object_t *enc)
{
    char buf[16];
    size_t n = str_bytes(enc), k = 0;
    if (n >= sizeof buf)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        char c = str_data(enc)[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '_')
            c = '-';
        buf[k++] = c;
    }
    buf[k] = '\0';
    if (!strcmp(buf, "utf-8") || !strcmp(buf, "utf8") || !strcmp(buf, "u8"))
        return "utf-8";
    if (!strcmp(buf, "ascii") || !strcmp(buf, "us-ascii"))
        return "ascii";
    if (!strcmp(buf, "latin-1") || !strcmp(buf, "latin1") || !strcmp(buf, "iso-8859-1") ||
        !strcmp(buf, "l1"))
        return "latin-1";
    return NULL;
}

const char *vm_codec_name(object_t *enc)
{
    return codec_name(enc);
}

static object_t *m_decode(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char *const names[] = {"encoding", "errors", NULL};
    object_t *out[2] = {NULL, NULL};
    const char *codec = "utf-8";
    const char *s = bytes_data(self);
    size_t len = bytes_len(self);

    if (vm_parse_args("decode", args, nargs, kw, names, 0, out) < 0)
        return NULL;
    if (out[0]) {
        if (!IS_STR(out[0]))
            return vm_err_format(exc_TypeError,
                                 "decode() argument 'encoding' must be str, not %s",
                                 type_name(out[0]));
        codec = codec_name(out[0]);
        if (!codec)
            return vm_err_format(exc_LookupError, "unknown encoding: %U", out[0]);
    }
    if (!strcmp(codec, "utf-8")) {
        size_t bad_len = 0, nchars = 0;
        const char *reason = NULL;
        size_t at = vm_utf8_check(s, len, &nchars, &bad_len, &reason);
        if (at < len)
            return decode_error(codec, self, at, at + bad_len, reason);
        return str_from_utf8(s, len);
    }
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 && !strcmp(codec, "ascii")) {
            sb_free(&b);
            return decode_error(codec, self, i, i + 1, "ordinal not in range(128)");
        }
        sb_put_codepoint(&b, c);
    }
    return sb_finish(&b);
}

/* ---- repr, compare, hash ---------------------------------------------------------------------- */

static object_t *bytes_repr(object_t *o)
{
    const char *s = bytes_data(o);
    size_t len = bytes_len(o);
    bool single = false, dbl = false;
    char quote;
    struct strbuf b;

    for (size_t i = 0; i < len; i++) {
        single |= s[i] == '\'';
        dbl |= s[i] == '"';
    }
    quote = single && !dbl ? '"' : '\'';
    sb_init(&b);
    sb_putc(&b, 'b');
    sb_putc(&b, quote);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)quote || c == '\\') {
            sb_putc(&b, '\\');
            sb_putc(&b, (char)c);
        } else if (c == '\t') {
            sb_puts(&b, "\\t");
        } else if (c == '\n') {
            sb_puts(&b, "\\n");
        } else if (c == '\r') {
            sb_puts(&b, "\\r");
        } else if (c < 0x20 || c >= 0x7f) {
            sb_printf(&b, "\\x%02x", c);
        } else {
            sb_putc(&b, (char)c);
        }
    }
    sb_putc(&b, quote);
    return sb_finish(&b);
}

static object_t *not_implemented(void)
{
    incref(NotImplemented);
    return NotImplemented;
}

static object_t *bytes_richcompare(object_t *a, object_t *b, int op)
{
    size_t la, lb;
    int c;
    bool r = false;

    if (!is_bytes(a) || !is_bytes(b))
        return not_implemented();
    la = bytes_len(a);
    lb = bytes_len(b);
    if ((op == CMP_EQ || op == CMP_NE) && la != lb)
        return vm_bool(op == CMP_NE);
    c = memcmp(bytes_data(a), bytes_data(b), la < lb ? la : lb);
    if (c == 0)
        c = la < lb ? -1 : la > lb ? 1 : 0;
    switch (op) {
    case CMP_LT: r = c < 0; break;
    case CMP_LE: r = c <= 0; break;
    case CMP_EQ: r = c == 0; break;
    case CMP_NE: r = c != 0; break;
    case CMP_GT: r = c > 0; break;
    case CMP_GE: r = c >= 0; break;
    }
    return vm_bool(r);
}

static int64_t bytes_hash(object_t *o)
{
    struct bytes_object *b = AS_BYTES(o);
    if (b->hash == -1)
        b->hash = b->len ? str_hash_bytes(b->data, b->len) : 0;
    return b->hash;
}

/* ---- sequence --------------------------------------------------------------------------------- */

static intptr_t bytes_length(object_t *o)
{
    return (intptr_t)bytes_len(o);
}

static bool is_index(object_t *o)
{
    return IS_INT(o) || (type_of(o)->number && type_of(o)->number->index);
}

static object_t *bytes_subscript(object_t *o, object_t *key)
{
    size_t i;
    if (is_index(key)) {
        if (vm_seq_index(key, bytes_len(o), "index out of range", &i) < 0)
            return NULL;
        return int_from_i64((unsigned char)bytes_data(o)[i]);
    }
    if (vm_isinstance_type(key, &slice_type)) {
        intptr_t start, stop, step, n;
        object_t *r;
        if (slice_indices(key, (intptr_t)bytes_len(o), &start, &stop, &step, &n) < 0)
            return NULL;
        if (step == 1)
            return bytes_new(bytes_data(o) + start, (size_t)n);
        r = bytes_alloc((size_t)n);
        if (!r)
            return NULL;
        for (intptr_t k = 0, cur = start; k < n; k++, cur += step)
            AS_BYTES(r)->data[k] = bytes_data(o)[cur];
        return r;
    }
    return vm_err_format(exc_TypeError, "byte indices must be integers or slices, not %s",
                         type_name(key));
}

/* A byte value argument (0..255): -1 with ValueError "byte must be in range(0, 256)". */
static int byte_value(object_t *o, int *out)
{
    intptr_t v;
    if (vm_index_ssize(o, &v) < 0)
        return -1;
    if (v < 0 || v > 255) {
        vm_err_format(exc_ValueError, "byte must be in range(0, 256)");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static intptr_t find_bytes(const char *h, size_t hn, const char *n, size_t nn, size_t from,
                           size_t to)
{
    if (to > hn)
        to = hn;
    if (nn > to || from > to - nn)
        return nn == 0 && from <= to ? (intptr_t)from : -1;
    for (size_t i = from; i + nn <= to; i++)
        if (memcmp(h + i, n, nn) == 0)
            return (intptr_t)i;
    return -1;
}

/* The needle of contains/find/count: bytes, or an int byte value (put in *one). */
static int needle_of(object_t *arg, char *one, const char **s, size_t *n)
{
    int v;
    if (is_bytes(arg)) {
        *s = bytes_data(arg);
        *n = bytes_len(arg);
        return 0;
    }
    if (is_index(arg)) {
        if (byte_value(arg, &v) < 0)
            return -1;
        *one = (char)v;
        *s = one;
        *n = 1;
        return 0;
    }
    vm_err_format(exc_TypeError, "argument should be integer or bytes-like object, not '%s'",
                  type_name(arg));
    return -1;
}

static int bytes_contains(object_t *o, object_t *item)
{
    char one;
    const char *s;
    size_t n;
    if (!is_bytes(item) && !is_index(item)) {
        vm_err_format(exc_TypeError, "a bytes-like object is required, not '%s'",
                      type_name(item));
        return -1;
    }
    if (needle_of(item, &one, &s, &n) < 0)
        return -1;
    return find_bytes(bytes_data(o), bytes_len(o), s, n, 0, bytes_len(o)) >= 0;
}

static object_t *bytes_concat(object_t *a, object_t *b)
{
    object_t *r;
    if (!is_bytes(a))
        return not_implemented();
    if (!is_bytes(b)) {
        if (type_has(b, VM_TYPE_HEAP))
            return not_implemented();
        return vm_err_format(exc_TypeError, "can't concat %s to bytes", type_name(b));
    }
    r = bytes_alloc(bytes_len(a) + bytes_len(b));
    if (!r)
        return NULL;
    memcpy(AS_BYTES(r)->data, bytes_data(a), bytes_len(a));
    memcpy(AS_BYTES(r)->data + bytes_len(a), bytes_data(b), bytes_len(b));
    return r;
}

static object_t *bytes_repeat(object_t *a, object_t *b)
{
    object_t *seq = is_bytes(a) ? a : b, *n = is_bytes(a) ? b : a, *r;
    intptr_t c = vm_repeat_count(n);
    size_t len = bytes_len(seq);

    if (c == -2)
        return not_implemented();
    if (c < 0)
        return NULL;
    if (len && (size_t)c > ((size_t)1 << 40) / len)
        return vm_err_nomemory();
    r = bytes_alloc(len * (size_t)c);
    if (!r)
        return NULL;
    for (intptr_t k = 0; k < c; k++)
        memcpy(AS_BYTES(r)->data + (size_t)k * len, bytes_data(seq), len);
    return r;
}

static int bytes_to_bool(object_t *o)
{
    return bytes_len(o) != 0;
}

static const struct number_methods bytes_number = {
    .binary = {[NB_ADD] = bytes_concat, [NB_MULTIPLY] = bytes_repeat},
    .to_bool = bytes_to_bool,
};

/* ---- methods ---------------------------------------------------------------------------------- */

static object_t *m_hex(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char digits[] = "0123456789abcdef";
    struct strbuf b;
    (void)args;
    if (vm_check_args("hex", nargs, kw, 0, 0) < 0)
        return NULL;
    sb_init(&b);
    for (size_t i = 0; i < bytes_len(self); i++) {
        unsigned char c = (unsigned char)bytes_data(self)[i];
        sb_putc(&b, digits[c >> 4]);
        sb_putc(&b, digits[c & 15]);
    }
    return sb_finish(&b);
}

static object_t *m_join(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *seq, *r;
    size_t total = 0, n;

    if (vm_check_args("join", nargs, kw, 1, 1) < 0 || !(seq = vm_sequence_list(args[0])))
        return NULL;
    n = list_size(seq);
    for (size_t i = 0; i < n; i++) {
        object_t *x = list_items_of(seq)[i];
        if (!is_bytes(x)) {
            decref(seq);
            return vm_err_format(exc_TypeError,
                                 "sequence item %zu: expected a bytes-like object, %s found", i,
                                 type_name(x));
        }
        total += bytes_len(x) + (i ? bytes_len(self) : 0);
    }
    r = bytes_alloc(total);
    if (r) {
        char *w = AS_BYTES(r)->data;
        for (size_t i = 0; i < n; i++) {
            object_t *x = list_items_of(seq)[i];
            if (i) {
                memcpy(w, bytes_data(self), bytes_len(self));
                w += bytes_len(self);
            }
            memcpy(w, bytes_data(x), bytes_len(x));
            w += bytes_len(x);
        }
    }
    decref(seq);
    return r;
}

static bool byte_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c';
}

static object_t *m_split(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char *const names[] = {"sep", "maxsplit", NULL};
    object_t *out[2] = {NULL, NULL}, *list, *part;
    intptr_t maxsplit = -1;
    const char *s = bytes_data(self);
    size_t len = bytes_len(self), i = 0;

    if (vm_parse_args("split", args, nargs, kw, names, 0, out) < 0)
        return NULL;
    if (out[1] && vm_index_ssize(out[1], &maxsplit) < 0)
        return NULL;
    if (!(list = list_new_of_type(&list_type)))
        return NULL;
    if (maxsplit < 0)
        maxsplit = INTPTR_MAX;
    if (!out[0] || out[0] == None) {
        /* stringlib's split_whitespace: the remainder after maxsplit keeps its trailing
         * whitespace. */
        while (maxsplit-- > 0) {
            while (i < len && byte_space(s[i]))
                i++;
            if (i == len)
                break;
            size_t j = i;
            while (i < len && !byte_space(s[i]))
                i++;
            if (!(part = bytes_new(s + j, i - j)) || list_append_checked(list, part) < 0)
                goto fail;
            decref(part);
        }
        while (i < len && byte_space(s[i]))
            i++;
        if (i < len) {
            if (!(part = bytes_new(s + i, len - i)) || list_append_checked(list, part) < 0)
                goto fail;
            decref(part);
        }
        return list;
    }
    if (!is_bytes(out[0])) {
        decref(list);
        return vm_err_format(exc_TypeError, "a bytes-like object is required, not '%s'",
                             type_name(out[0]));
    }
    size_t sn = bytes_len(out[0]);
    if (sn == 0) {
        decref(list);
        return vm_err_format(exc_ValueError, "empty separator");
    }
    for (;;) {
        intptr_t at = maxsplit == 0 ? -1 : find_bytes(s, len, bytes_data(out[0]), sn, i, len);
        size_t end = at < 0 ? len : (size_t)at;
        if (!(part = bytes_new(s + i, end - i)) || list_append_checked(list, part) < 0)
            goto fail;
        decref(part);
        if (at < 0)
            break;
        i = end + sn;
        if (maxsplit > 0)
            maxsplit--;
    }
    return list;
fail:
    XDECREF(part);
    decref(list);
    return NULL;
}

/* startswith/endswith: prefix is bytes or a tuple of bytes; optional start, end. */
static object_t *affix_match(object_t *self, object_t *const *args, size_t nargs, object_t *kw,
                             const char *fname, bool at_end)
{
    size_t start, stop;
    object_t *const *cands;
    size_t ncands;

    if (vm_check_args(fname, nargs, kw, 1, 3) < 0 ||
        vm_slice_bounds(args + 1, nargs - 1, bytes_len(self), &start, &stop) < 0)
        return NULL;
    if (IS_TUPLE(args[0])) {
        cands = tuple_items(args[0]);
        ncands = tuple_size(args[0]);
    } else {
        cands = args;
        ncands = 1;
    }
    for (size_t k = 0; k < ncands; k++) {
        object_t *p = cands[k];
        if (!is_bytes(p))
            return vm_err_format(exc_TypeError,
                                 IS_TUPLE(args[0])
                                     ? "a bytes-like object is required, not '%s'"
                                     : "%s first arg must be bytes or a tuple of bytes, not %s",
                                 IS_TUPLE(args[0]) ? type_name(p) : fname, type_name(p));
        size_t pn = bytes_len(p);
        if (start <= stop && stop - start >= pn) {
            const char *at = bytes_data(self) + (at_end ? stop - pn : start);
            if (memcmp(at, bytes_data(p), pn) == 0)
                return vm_bool(true);
        }
    }
    return vm_bool(false);
}

static object_t *m_startswith(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return affix_match(self, args, nargs, kw, "startswith", false);
}

static object_t *m_endswith(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return affix_match(self, args, nargs, kw, "endswith", true);
}

static object_t *find_common(object_t *self, object_t *const *args, size_t nargs, object_t *kw,
                             const char *fname, bool raise)
{
    size_t start, stop, n;
    const char *s;
    char one;
    intptr_t at;

    if (vm_check_args(fname, nargs, kw, 1, 3) < 0 || needle_of(args[0], &one, &s, &n) < 0 ||
        vm_slice_bounds(args + 1, nargs - 1, bytes_len(self), &start, &stop) < 0)
        return NULL;
    at = find_bytes(bytes_data(self), bytes_len(self), s, n, start, stop);
    if (at < 0 && raise)
        return vm_err_format(exc_ValueError, "subsection not found");
    return int_from_i64(at);
}

static object_t *m_find(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return find_common(self, args, nargs, kw, "find", false);
}

static object_t *m_index(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return find_common(self, args, nargs, kw, "index", true);
}

static object_t *m_count(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    size_t start, stop, n;
    const char *s;
    char one;
    int64_t count = 0;

    if (vm_check_args("count", nargs, kw, 1, 3) < 0 || needle_of(args[0], &one, &s, &n) < 0 ||
        vm_slice_bounds(args + 1, nargs - 1, bytes_len(self), &start, &stop) < 0)
        return NULL;
    if (n == 0)
        return int_from_i64(start <= stop ? (int64_t)(stop - start + 1) : 0);
    for (intptr_t at; (at = find_bytes(bytes_data(self), bytes_len(self), s, n, start, stop)) >= 0;
         start = (size_t)at + n)
        count++;
    return int_from_i64(count);
}

static object_t *m_replace(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t maxcount = -1;
    struct strbuf b;
    size_t i = 0, len = bytes_len(self);

    if (vm_check_args("replace", nargs, kw, 2, 3) < 0)
        return NULL;
    if (!is_bytes(args[0]) || !is_bytes(args[1]))
        return vm_err_format(exc_TypeError, "a bytes-like object is required, not '%s'",
                             type_name(is_bytes(args[0]) ? args[1] : args[0]));
    if (nargs == 3 && vm_index_ssize(args[2], &maxcount) < 0)
        return NULL;
    size_t on = bytes_len(args[0]);
    sb_init(&b);
    for (;;) {
        intptr_t at = maxcount == 0 ? -1
                                    : find_bytes(bytes_data(self), len, bytes_data(args[0]), on,
                                                 i, len);
        if (at < 0 || (on == 0 && (size_t)at > len))
            break;
        sb_write(&b, bytes_data(self) + i, (size_t)at - i);
        sb_write(&b, bytes_data(args[1]), bytes_len(args[1]));
        if (on == 0) {
            if ((size_t)at < len)
                sb_putc(&b, bytes_data(self)[at]);
            i = (size_t)at + 1;
            if (i > len) {
                i = len + 1;
                break;
            }
        } else {
            i = (size_t)at + on;
        }
        if (maxcount > 0)
            maxcount--;
    }
    if (i <= len)
        sb_write(&b, bytes_data(self) + i, len - i);
    return sb_finish_bytes(&b);
}

static object_t *strip_common(object_t *self, object_t *const *args, size_t nargs, object_t *kw,
                              const char *fname, bool left, bool right)
{
    const char *s = bytes_data(self), *chars = NULL;
    size_t i = 0, j = bytes_len(self), nchars = 0;

    if (vm_check_args(fname, nargs, kw, 0, 1) < 0)
        return NULL;
    if (nargs && args[0] != None) {
        if (!is_bytes(args[0]))
            return vm_err_format(exc_TypeError, "a bytes-like object is required, not '%s'",
                                 type_name(args[0]));
        chars = bytes_data(args[0]);
        nchars = bytes_len(args[0]);
    }
#define STRIPPED(c) (chars ? memchr(chars, (c), nchars) != NULL : byte_space(c))
    while (left && i < j && STRIPPED(s[i]))
        i++;
    while (right && j > i && STRIPPED(s[j - 1]))
        j--;
#undef STRIPPED
    return bytes_new(s + i, j - i);
}

static object_t *m_strip(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return strip_common(self, args, nargs, kw, "strip", true, true);
}
static object_t *m_lstrip(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return strip_common(self, args, nargs, kw, "lstrip", true, false);
}
static object_t *m_rstrip(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return strip_common(self, args, nargs, kw, "rstrip", false, true);
}

static object_t *case_map(object_t *self, size_t nargs, object_t *kw, const char *fname,
                          bool upper)
{
    object_t *r;
    if (vm_check_args(fname, nargs, kw, 0, 0) < 0 || !(r = bytes_alloc(bytes_len(self))))
        return NULL;
    for (size_t i = 0; i < bytes_len(self); i++) {
        char c = bytes_data(self)[i];
        if (upper && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (!upper && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        AS_BYTES(r)->data[i] = c;
    }
    return r;
}

static object_t *m_upper(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return case_map(self, nargs, kw, "upper", true);
}

static object_t *m_lower(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return case_map(self, nargs, kw, "lower", false);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 32);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* bytes.fromhex(string): pairs of hex digits, white space allowed between pairs. */
static object_t *m_fromhex(object_t *cls, object_t *const *args, size_t nargs, object_t *kw)
{
    struct strbuf b;
    (void)cls;
    if (vm_check_args("fromhex", nargs, kw, 1, 1) < 0)
        return NULL;
    if (!IS_STR(args[0]))
        return vm_err_format(exc_TypeError, "fromhex() argument must be str, not %s",
                             type_name(args[0]));
    const char *s = str_data(args[0]);
    size_t n = str_bytes(args[0]), i = 0, pos = 0;
    sb_init(&b);
    while (i < n) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' ||
            s[i] == '\f') {
            i++, pos++;
            continue;
        }
        int hi = hex_value(s[i]), lo = i + 1 < n ? hex_value(s[i + 1]) : -1;
        if (hi < 0 || lo < 0) {
            sb_free(&b);
            /* the position (in code points) of the first bad character */
            size_t at = hi < 0 ? pos : pos + 1;
            return vm_err_format(exc_ValueError,
                                 "non-hexadecimal number found in fromhex() arg at position %zu",
                                 at);
        }
        sb_putc(&b, (char)(hi << 4 | lo));
        i += 2, pos += 2;
    }
    return sb_finish_bytes(&b);
}

static const struct method_def bytes_methods[] = {
    {"fromhex", m_fromhex, METH_CLASS},
    {"decode", m_decode, 0},
    {"hex", m_hex, 0},
    {"join", m_join, 0},
    {"split", m_split, 0},
    {"startswith", m_startswith, 0},
    {"endswith", m_endswith, 0},
    {"find", m_find, 0},
    {"index", m_index, 0},
    {"count", m_count, 0},
    {"replace", m_replace, 0},
    {"strip", m_strip, 0},
    {"lstrip", m_lstrip, 0},
    {"rstrip", m_rstrip, 0},
    {"upper", m_upper, 0},
    {"lower", m_lower, 0},
    {NULL, NULL, 0},
};

/* ---- bytes(...) ------------------------------------------------------------------------------- */

static object_t *bytes_from_iterable(object_t *o)
{
    object_t *list = vm_sequence_list(o), *r;
    if (!list)
        return NULL;
    r = bytes_alloc(list_size(list));
    for (size_t i = 0; r && i < list_size(list); i++) {
        object_t *x = list_items_of(list)[i];
        int v;
        if (!is_index(x)) {
            vm_err_format(exc_TypeError, "'%s' object cannot be interpreted as an integer",
                          type_name(x));
            CLEAR_REF(r);
        } else if (byte_value(x, &v) < 0) {
            if (vm_err_matches(exc_ValueError)) { /* bytes([256]) says "bytes", 256 in b says "byte" */
                vm_err_clear();
                vm_err_format(exc_ValueError, "bytes must be in range(0, 256)");
            }
            CLEAR_REF(r);
        } else {
            AS_BYTES(r)->data[i] = (char)v;
        }
    }
    decref(list);
    return r;
}

static object_t *bytes_newfunc(struct type *t, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    static const char *const names[] = {"source", "encoding", "errors", NULL};
    object_t *out[3] = {NULL, NULL, NULL}, *src;
    (void)t;

    if (vm_parse_args("bytes", args, nargs, kwnames, names, 0, out) < 0)
        return NULL;
    src = out[0];
    if (!src) {
        if (out[1] || out[2])
            return vm_err_format(exc_TypeError, out[1] ? "encoding without a string argument"
                                                       : "errors without a string argument");
        return bytes_alloc(0);
    }
    if (IS_STR(src)) {
        if (!out[1])
            return vm_err_format(exc_TypeError, "string argument without an encoding");
        return vm_str_encode(src, out[1], out[2]);
    }
    if (out[1])
        return vm_err_format(exc_TypeError, "encoding without a string argument");
    if (is_bytes(src)) {
        if (type_of(src) == &bytes_type) {
            incref(src);
            return src;
        }
        return bytes_new(bytes_data(src), bytes_len(src));
    }
    if (is_index(src)) {
        intptr_t n;
        object_t *r;
        if (vm_index_ssize(src, &n) < 0)
            return NULL;
        if (n < 0)
            return vm_err_format(exc_ValueError, "negative count");
        r = bytes_alloc((size_t)n);
        if (r)
            memset(AS_BYTES(r)->data, 0, (size_t)n);
        return r;
    }
    if (!type_of(src)->iter && !type_of(src)->getitem)
        return vm_err_format(exc_TypeError, "cannot convert '%s' object to bytes",
                             type_name(src));
    return bytes_from_iterable(src);
}

/* ---- iterator --------------------------------------------------------------------------------- */

struct bytes_iter {
    struct object ob;
    object_t *seq; /* NULL once exhausted; bytes are atomic, so the iterator is too */
    size_t index;
};

static void bytes_iter_dealloc(object_t *o)
{
    XDECREF(((struct bytes_iter *)o)->seq);
    object_free(o, sizeof(struct bytes_iter));
}

static object_t *bytes_iter_next(object_t *o)
{
    struct bytes_iter *it = (struct bytes_iter *)o;
    if (!it->seq)
        return NULL;
    if (it->index < bytes_len(it->seq))
        return int_from_i64((unsigned char)bytes_data(it->seq)[it->index++]);
    CLEAR_REF(it->seq);
    return NULL;
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

struct type bytes_iter_type = {
    .name = "bytes_iterator",
    .basic_size = sizeof(struct bytes_iter),
    .dealloc = bytes_iter_dealloc,
    .iter = iter_self,
    .iternext = bytes_iter_next,
    .vm_flags = VM_TYPE_ABSTRACT_NEW,
};

static object_t *bytes_iter(object_t *o)
{
    struct bytes_iter *it = (struct bytes_iter *)object_alloc(&bytes_iter_type, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    incref(o);
    it->seq = o;
    it->index = 0;
    return &it->ob;
}

struct type bytes_type = {
    .name = "bytes",
    .basic_size = sizeof(struct bytes_object),
    .kind = TYPE_KIND_OTHER,
    .dealloc = bytes_dealloc,
    .repr = bytes_repr,
    .hash = bytes_hash,
    .richcompare = bytes_richcompare,
    .iter = bytes_iter,
    .newfunc = bytes_newfunc,
    .length = bytes_length,
    .getitem = bytes_subscript,
    .contains = bytes_contains,
    .number = &bytes_number,
    .methods = bytes_methods,
    .vm_flags = VM_TYPE_BASETYPE,
};

void vm_bytes_init(void)
{
}
