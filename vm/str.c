/*
 * vm/str.c - str's core (Objects/unicodeobject.c, reduced): creation, interning, hash, ==, <,
 * repr, concatenation, indexing and slicing, iteration, len; and the strbuf text builder.
 *
 * A str is UTF-8 with its length in code points (gc/types.h). ASCII text (len == nchars) indexes
 * in O(1); other text walks from the start, which programs that index long non-ASCII strings
 * would feel (CPython's fixed-width representations avoid that; noted in docs/vm.md). The
 * methods (split, join, format, %...) are in vm/str_methods.c.
 *
 * Interned strs (names in code objects, attribute names) are kept in one dict per interpreter
 * run, so name lookups compare pointers first.
 */
#include "vm/builtin.h"
#include "vm/types_init.h"
#include "vm/unicode_ctype.h"

static object_t *interned; /* dict str -> str */

uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = *p++;
    if (c >= 0xf0) {
        c = ((c & 7) << 18) | ((p[0] & 0x3fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
        p += 3;
    } else if (c >= 0xe0) {
        c = ((c & 15) << 12) | ((p[0] & 0x3fu) << 6) | (p[1] & 0x3fu);
        p += 2;
    } else if (c >= 0xc0) {
        c = ((c & 31) << 6) | (p[0] & 0x3fu);
        p += 1;
    }
    *s = (const char *)p;
    return c;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

object_t *str_from_utf8(const char *s, size_t len)
{
    if (len == 1 && (unsigned char)s[0] < 128) {
        static object_t *chars[128];
        object_t *c = chars[(unsigned char)s[0]];
        if (!c) {
            c = str_new_len(s, 1, 1);
            if (!c)
                return vm_err_nomemory();
            chars[(unsigned char)s[0]] = c;
            c->refcnt += 1 << 30;
        }
        incref(c);
        return c;
    }
    object_t *o = str_new_len(s, len, count_chars(s, len));
    return o ? o : vm_err_nomemory();
}

object_t *str_from_cstr(const char *s)
{
    return str_from_utf8(s, strlen(s));
}

object_t *str_from_codepoint(uint32_t cp)
{
    struct strbuf b;
    sb_init(&b);
    sb_put_codepoint(&b, cp);
    return sb_finish(&b);
}

/* Borrowed: the interned str for s (it lives as long as the interpreter). */
object_t *str_intern_cstr(const char *s)
{
    if (!interned && !(interned = dict_new()))
        return vm_err_nomemory();
    object_t *key = str_from_cstr(s);
    if (!key)
        return NULL;
    object_t *found = dict_get_hashed(interned, key, ((struct str_object *)key)->hash,
                                      &(int){0});
    if (found) {
        decref(key);
        return found;
    }
    if (dict_set(interned, key, key) < 0) {
        decref(key);
        return vm_err_nomemory();
    }
    decref(key);
    return key;
}

/* The interned copy of an existing str (new reference). */
object_t *str_intern(object_t *s)
{
    if (!interned && !(interned = dict_new()))
        return vm_err_nomemory();
    object_t *found = dict_get_hashed(interned, s, ((struct str_object *)s)->hash, &(int){0});
    if (found) {
        incref(found);
        return found;
    }
    if (s->type != &str_type || dict_set(interned, s, s) < 0) {
        incref(s);
        return s;
    }
    incref(s);
    return s;
}

void str_interned_clear(void)
{
    CLEAR_REF(interned);
}

bool str_eq(object_t *a, object_t *b)
{
    struct str_object *x = (struct str_object *)a, *y = (struct str_object *)b;
    return a == b ||
           (x->len == y->len && x->hash == y->hash && memcmp(x->data, y->data, x->len) == 0);
}

bool str_has_byte(object_t *s, char c)
{
    for (size_t i = 0; i < str_bytes(s); i++)
        if (str_data(s)[i] == c)
            return true;
    return false;
}

bool str_eq_cstr(object_t *a, const char *s)
{
    size_t n = strlen(s);
    return str_bytes(a) == n && memcmp(str_data(a), s, n) == 0;
}

int64_t str_hash_value(object_t *o)
{
    return ((struct str_object *)o)->hash;
}

static int64_t str_hash(object_t *o)
{
    return ((struct str_object *)o)->hash;
}

object_t *str_concat(object_t *a, object_t *b)
{
    size_t la = str_bytes(a), lb = str_bytes(b);
    char *buf = kmalloc(la + lb + 1);
    if (!buf)
        return vm_err_nomemory();
    memcpy(buf, str_data(a), la);
    memcpy(buf + la, str_data(b), lb);
    object_t *r = str_new_len(buf, la + lb, str_chars(a) + str_chars(b));
    kfree(buf);
    return r ? r : vm_err_nomemory();
}

/* UTF-8 compares in code point order byte by byte. */
static object_t *str_richcompare(object_t *a, object_t *b, int op)
{
    if (!IS_STR(b)) {
        incref(NotImplemented);
        return NotImplemented;
    }
    if (op == CMP_EQ || op == CMP_NE)
        return vm_bool(str_eq(a, b) == (op == CMP_EQ));
    size_t la = str_bytes(a), lb = str_bytes(b);
    int c = memcmp(str_data(a), str_data(b), la < lb ? la : lb);
    if (c == 0)
        c = la < lb ? -1 : la > lb;
    return vm_cmp_result(c < 0 ? -1 : c > 0, op);
}

/* Byte offset of code point i (0 <= i <= nchars). */
static size_t char_offset(object_t *s, size_t i)
{
    if (str_bytes(s) == str_chars(s))
        return i;
    const char *p = str_data(s), *start = p;
    while (i--)
        utf8_next(&p);
    return (size_t)(p - start);
}

object_t *str_substring(object_t *s, size_t from, size_t to)
{
    size_t a = char_offset(s, from), b = a + char_offset_from(s, a, to - from);
    object_t *r = str_new_len(str_data(s) + a, b - a, to - from);
    return r ? r : vm_err_nomemory();
}

/* Bytes taken by n code points starting at byte offset off. */
size_t char_offset_from(object_t *s, size_t off, size_t n)
{
    if (str_bytes(s) == str_chars(s))
        return n;
    const char *p = str_data(s) + off, *start = p;
    while (n--)
        utf8_next(&p);
    return (size_t)(p - start);
}

static object_t *str_getitem(object_t *s, object_t *key)
{
    if (IS_INT(key)) {
        intptr_t i;
        if (vm_index_ssize(key, &i) < 0)
            return NULL;
        intptr_t n = (intptr_t)str_chars(s);
        if (i < 0)
            i += n;
        if (i < 0 || i >= n)
            return vm_err_format(exc_IndexError, "string index out of range");
        return str_substring(s, (size_t)i, (size_t)i + 1);
    }
    if (key->type == &slice_type) {
        intptr_t start, stop, step, len;
        if (slice_indices(key, (intptr_t)str_chars(s), &start, &stop, &step, &len) < 0)
            return NULL;
        if (step == 1)
            return str_substring(s, (size_t)start, (size_t)(start + (len > 0 ? len : 0)));
        struct strbuf b;
        sb_init(&b);
        for (intptr_t k = 0, i = start; k < len; k++, i += step) {
            size_t off = char_offset(s, (size_t)i);
            sb_write(&b, str_data(s) + off, char_offset_from(s, off, 1));
        }
        return sb_finish(&b);
    }
    if (key->type->number && key->type->number->index) {
        object_t *i = vm_index(key);
        if (!i)
            return NULL;
        object_t *r = str_getitem(s, i);
        decref(i);
        return r;
    }
    return vm_err_format(exc_TypeError, "string indices must be integers, not '%s'",
                         key->type->name);
}

static intptr_t str_length(object_t *s)
{
    return (intptr_t)str_chars(s);
}

static int str_contains(object_t *s, object_t *sub)
{
    if (!IS_STR(sub)) {
        vm_err_format(exc_TypeError, "'in <string>' requires string as left operand, not %s",
                      sub->type->name);
        return -1;
    }
    size_t n = str_bytes(sub), h = str_bytes(s);
    if (n == 0)
        return 1;
    for (size_t i = 0; i + n <= h; i++)
        if (memcmp(str_data(s) + i, str_data(sub), n) == 0)
            return 1;
    return 0;
}

/* repr: quotes chosen as CPython does ('...' unless the text has ' and no "). */
object_t *str_repr_obj(object_t *s)
{
    struct strbuf b;
    const char *p = str_data(s), *end = p + str_bytes(s);
    bool has_single = str_has_byte(s, '\'');
    bool has_double = str_has_byte(s, '"');
    char quote = has_single && !has_double ? '"' : '\'';

    sb_init(&b);
    sb_putc(&b, quote);
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c == (uint32_t)quote || c == '\\') {
            sb_putc(&b, '\\');
            sb_putc(&b, (char)c);
        } else if (c == '\n') {
            sb_puts(&b, "\\n");
        } else if (c == '\r') {
            sb_puts(&b, "\\r");
        } else if (c == '\t') {
            sb_puts(&b, "\\t");
        } else if (c < 0x20 || c == 0x7f) {
            sb_printf(&b, "\\x%02x", c);
        } else if (c >= 0x80 && !uc_is_printable(c)) {
            /* CPython's repr escapes what str.isprintable() refuses */
            if (c < 0x100)
                sb_printf(&b, "\\x%02x", c);
            else if (c < 0x10000)
                sb_printf(&b, "\\u%04x", c);
            else
                sb_printf(&b, "\\U%08x", c);
        } else {
            sb_put_codepoint(&b, c);
        }
    }
    sb_putc(&b, quote);
    return sb_finish(&b);
}

struct str_iter {
    struct object ob;
    object_t *s;
    size_t off;
};

static void str_iter_dealloc(object_t *o)
{
    XDECREF(((struct str_iter *)o)->s);
    object_free(o, sizeof(struct str_iter));
}

static object_t *str_iter_next(object_t *o)
{
    struct str_iter *it = (struct str_iter *)o;
    if (!it->s || it->off >= str_bytes(it->s)) {
        CLEAR_REF(it->s);
        return NULL;
    }
    const char *p = str_data(it->s) + it->off, *start = p;
    utf8_next(&p);
    it->off += (size_t)(p - start);
    return str_from_utf8(start, (size_t)(p - start));
}

static object_t *self_iter(object_t *o)
{
    incref(o);
    return o;
}

struct type str_iter_type = {
    .name = "str_ascii_iterator",
    .basic_size = sizeof(struct str_iter),
    .dealloc = str_iter_dealloc,
    .iter = self_iter,
    .iternext = str_iter_next,
};

static object_t *str_iter(object_t *s)
{
    struct str_iter *it = (struct str_iter *)object_alloc(&str_iter_type, sizeof *it);
    if (!it)
        return vm_err_nomemory();
    it->s = s;
    incref(s);
    it->off = 0;
    return &it->ob;
}

static object_t *str_add(object_t *a, object_t *b)
{
    if (!IS_STR(a) || !IS_STR(b)) {
        if (IS_STR(a) && !IS_STR(b) && !(b->type->number && b->type->number->binary[NB_ADD]))
            return vm_err_format(exc_TypeError, "can only concatenate str (not \"%s\") to str",
                                 b->type->name);
        incref(NotImplemented);
        return NotImplemented;
    }
    return str_concat(a, b);
}

static object_t *str_mul(object_t *a, object_t *b)
{
    object_t *s = IS_STR(a) ? a : b, *n = IS_STR(a) ? b : a;
    if (!IS_STR(s) || !(IS_INT(n) || (n->type->number && n->type->number->index))) {
        incref(NotImplemented);
        return NotImplemented;
    }
    intptr_t k;
    if (vm_index_ssize(n, &k) < 0)
        return NULL;
    if (k <= 0)
        return str_from_cstr("");
    size_t len = str_bytes(s);
    if (len && (size_t)k > ((size_t)1 << 40) / len)
        return vm_err_nomemory();
    char *buf = kmalloc(len * (size_t)k + 1);
    if (!buf)
        return vm_err_nomemory();
    for (intptr_t i = 0; i < k; i++)
        memcpy(buf + (size_t)i * len, str_data(s), len);
    object_t *r = str_new_len(buf, len * (size_t)k, str_chars(s) * (size_t)k);
    kfree(buf);
    return r ? r : vm_err_nomemory();
}

static object_t *str_mod(object_t *a, object_t *b)
{
    if (!IS_STR(a)) {
        incref(NotImplemented);
        return NotImplemented;
    }
    return str_mod_format(a, b);
}

static const struct number_methods str_number = {
    .binary = {[NB_ADD] = str_add, [NB_MULTIPLY] = str_mul, [NB_REMAINDER] = str_mod},
};

static object_t *str_new_slot(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    static const char *const names[] = {"object", "encoding", "errors", NULL};
    object_t *argv[3];
    (void)t;
    if (vm_parse_args("str", args, nargs, kwnames, names, 0, argv) < 0)
        return NULL;
    if (!argv[0])
        return str_from_cstr("");
    if (argv[1] || argv[2]) {
        if (argv[0]->type != &bytes_type)
            return vm_err_format(exc_TypeError, "decoding str is not supported");
        return str_decode_utf8(bytes_data(argv[0]), bytes_len(argv[0]));
    }
    object_t *r = vm_str(argv[0]);
    if (!r || t == &str_type)
        return r;
    /* a class deriving from str: str's layout with a GC header, holding its class */
    struct str_object *src = (struct str_object *)r;
    object_t *o = gc_alloc(t, sizeof(struct str_object) + src->len + 1);
    if (!o) {
        decref(r);
        return vm_err_nomemory();
    }
    struct str_object *dst = (struct str_object *)o;
    dst->len = src->len;
    dst->nchars = src->nchars;
    dst->hash = src->hash;
    memcpy(dst->data, src->data, src->len + 1);
    decref(r);
    vm_type_incref_heap(t);
    gc_track(o);
    return o;
}

static object_t *str_format_method(object_t *self, object_t *const *args, size_t nargs,
                                   object_t *kwnames)
{
    if (vm_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!IS_STR(args[0]))
        return vm_err_format(exc_TypeError, "format() argument must be str, not %s",
                             args[0]->type->name);
    if (str_bytes(args[0]) == 0) {
        incref(self);
        return self;
    }
    return vm_format_number_spec(self, args[0]);
}

static struct method_def str_all_methods[128];

void vm_str_init(void)
{
    size_t n = 0;
    str_type.repr = str_repr_obj;
    str_type.hash = str_hash;
    str_type.richcompare = str_richcompare;
    str_type.getitem = str_getitem;
    str_type.length = str_length;
    str_type.contains = str_contains;
    str_type.iter = str_iter;
    str_type.number = &str_number;
    str_type.newfunc = str_new_slot;
    str_type.vm_flags |= VM_TYPE_STR_SUB | VM_TYPE_BASETYPE;
    str_all_methods[n++] = (struct method_def){"__format__", str_format_method, 0};
    for (const struct method_def *m = str_methods; m->name && n < 127; m++)
        str_all_methods[n++] = *m;
    str_all_methods[n] = (struct method_def){NULL, NULL, 0};
    str_type.methods = str_all_methods;
}

object_t *str_decode_utf8(const char *s, size_t len)
{
    /* Validate: a malformed sequence is a UnicodeDecodeError naming the position. */
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t need = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2
                      : c >= 0xf0 && c < 0xf5 ? 3 : 99;
        if (need == 99 || i + need >= len + (need == 0))
            goto bad;
        for (size_t k = 1; k <= need; k++)
            if (((unsigned char)s[i + k] & 0xc0) != 0x80)
                goto bad;
        i += need + 1;
        continue;
    bad:
        return vm_err_format(exc_UnicodeDecodeError,
                             "'utf-8' codec can't decode byte 0x%02x in position %zu: invalid "
                             "start byte", c, i);
    }
    return str_from_utf8(s, len);
}

/* ---- strbuf ----------------------------------------------------------------------------------------- */

void sb_init(struct strbuf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

static bool sb_reserve(struct strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = krealloc(b->data, cap);
    if (!d) {
        b->failed = true;
        return false;
    }
    b->data = d;
    b->cap = cap;
    return true;
}

void sb_write(struct strbuf *b, const char *s, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void sb_putc(struct strbuf *b, char c)
{
    if (sb_reserve(b, 1))
        b->data[b->len++] = c;
}

void sb_puts(struct strbuf *b, const char *s)
{
    sb_write(b, s, strlen(s));
}

void sb_put_codepoint(struct strbuf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    sb_write(b, u, n);
}

void sb_put_str(struct strbuf *b, object_t *s)
{
    sb_write(b, str_data(s), str_bytes(s));
}

int sb_put_repr(struct strbuf *b, object_t *o)
{
    object_t *r = vm_repr(o);
    if (!r)
        return -1;
    sb_put_str(b, r);
    decref(r);
    return 0;
}

static void sb_vprintf(struct strbuf *b, const char *fmt, va_list ap)
{
    char tmp[256];
    va_list copy;
    va_copy(copy, ap);
    int n = platform_vsnprintf(tmp, sizeof tmp, fmt, copy);
    va_end(copy);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        sb_write(b, tmp, (size_t)n);
        return;
    }
    if (!sb_reserve(b, (size_t)n))
        return;
    platform_vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void sb_printf(struct strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

void sb_free(struct strbuf *b)
{
    kfree(b->data);
    sb_init(b);
}

object_t *sb_finish(struct strbuf *b)
{
    if (b->failed) {
        sb_free(b);
        return vm_err_nomemory();
    }
    object_t *r = str_from_utf8(b->data ? b->data : "", b->len);
    sb_free(b);
    return r;
}

object_t *sb_finish_bytes(struct strbuf *b)
{
    if (b->failed) {
        sb_free(b);
        return vm_err_nomemory();
    }
    object_t *r = bytes_new(b->data ? b->data : "", b->len);
    sb_free(b);
    return r;
}

/*
 * str_format_c: printf-like, with %R (repr), %S (str), %U (a str object), %T (type name of an
 * object). The C conversions go through platform_vsnprintf one at a time.
 */
object_t *str_vformat_c(const char *fmt, va_list ap)
{
    struct strbuf b;
    sb_init(&b);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            sb_putc(&b, *p);
            continue;
        }
        const char *spec = p++;
        if (*p == 'R' || *p == 'S' || *p == 'U' || *p == 'T') {
            object_t *o = va_arg(ap, object_t *);
            if (*p == 'T') {
                sb_puts(&b, o->type->name);
            } else if (*p == 'U') {
                sb_put_str(&b, o);
            } else {
                object_t *r = *p == 'R' ? vm_repr(o) : vm_str(o);
                if (!r) {
                    sb_free(&b);
                    return NULL;
                }
                sb_put_str(&b, r);
                decref(r);
            }
            continue;
        }
        /* A C conversion: copy the spec up to its conversion letter. */
        char one[16];
        size_t k = 0;
        one[k++] = '%';
        while (*p && strchr("-+ #0123456789.lzh", *p) && k < 12)
            one[k++] = *p++;
        one[k++] = *p;
        one[k] = 0;
        (void)spec;
        char tmp[64];
        switch (*p) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c':
            if (k >= 3 && one[1] == 'l' && one[2] == 'l')
                platform_snprintf(tmp, sizeof tmp, one, va_arg(ap, long long));
            else if (strchr(one, 'l') || strchr(one, 'z'))
                platform_snprintf(tmp, sizeof tmp, one, va_arg(ap, long));
            else
                platform_snprintf(tmp, sizeof tmp, one, va_arg(ap, int));
            sb_puts(&b, tmp);
            break;
        case 'p':
            platform_snprintf(tmp, sizeof tmp, one, va_arg(ap, void *));
            sb_puts(&b, tmp);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            sb_puts(&b, s ? s : "(null)");
            break;
        }
        case '%':
            sb_putc(&b, '%');
            break;
        default:
            sb_puts(&b, one);
            break;
        }
        if (!*p)
            break;
    }
    return sb_finish(&b);
}

object_t *str_format_c(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    object_t *r = str_vformat_c(fmt, ap);
    va_end(ap);
    return r;
}

object_t *str_join_items(object_t *sep, object_t *const *items, size_t n)
{
    struct strbuf b;
    sb_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (!IS_STR(items[i])) {
            sb_free(&b);
            return vm_err_format(exc_TypeError, "sequence item %zu: expected str instance, %s "
                                                "found", i, items[i]->type->name);
        }
        if (i)
            sb_put_str(&b, sep);
        sb_put_str(&b, items[i]);
    }
    return sb_finish(&b);
}
