/*
 * vm/str_methods.c - str's methods beyond the core (Objects/unicodeobject.c's methods).
 *
 * vm/str.c owns creation, hash, ==, <, repr, +, indexing and iteration; this file is the
 * method table the str type references (str_methods[]): searching, splitting, stripping, case,
 * classes, padding, encode. str.format and % are in vm/str_format.c.
 *
 * A str is UTF-8 with its length in code points, and every index a method takes or returns is
 * in code points. Searching works on the bytes (UTF-8 is self-synchronising: a match of valid
 * text is always at a code point boundary) and converts offsets at the edges only; for ASCII
 * text (len == nchars) the conversions are the identity. Slice-style bounds follow CPython's
 * ADJUST_INDICES: negative ones count from the end, the end is clamped to the length, and a
 * start past the end simply matches nothing.
 */
#include "vm/types_init.h"
#include "vm/unicode_ctype.h"

/* ---- code points and bytes -------------------------------------------------------------------- */

static bool str_ascii(object_t *s)
{
    return str_bytes(s) == str_chars(s);
}

/* Byte offset of code point index i (0 <= i <= nchars). */
static size_t cp_to_byte(object_t *s, size_t i)
{
    const char *p = str_data(s);
    size_t off = 0;
    if (str_ascii(s))
        return i;
    while (i > 0 && off < str_bytes(s)) {
        off++;
        while (off < str_bytes(s) && ((unsigned char)p[off] & 0xc0) == 0x80)
            off++;
        i--;
    }
    return off;
}

/* Code point index of byte offset off (a boundary). */
static size_t byte_to_cp(object_t *s, size_t off)
{
    const char *p = str_data(s);
    size_t n = 0;
    if (str_ascii(s))
        return off;
    for (size_t i = 0; i < off; i++)
        n += ((unsigned char)p[i] & 0xc0) != 0x80;
    return n;
}

static object_t *substr(object_t *s, size_t from, size_t to) /* byte offsets */
{
    if (from == 0 && to == str_bytes(s) && type_of(s) == &str_type) {
        incref(s);
        return s;
    }
    return str_from_utf8(str_data(s) + from, to - from);
}

static int arg_str(object_t *o, const char *fname)
{
    if (IS_STR(o))
        return 0;
    vm_err_format(exc_TypeError, "%s() argument must be str, not %s", fname, type_name(o));
    return -1;
}

/* ADJUST_INDICES over code points: start/end (args[0..nargs), None allowed) against len. */
static int str_bounds(object_t *const *args, size_t nargs, size_t len, intptr_t *start,
                      intptr_t *end)
{
    intptr_t b[2] = {0, (intptr_t)len};
    for (size_t k = 0; k < nargs && k < 2; k++) {
        if (args[k] == None)
            continue;
        if (!IS_INT(args[k]) && !(type_of(args[k])->number && type_of(args[k])->number->index)) {
            vm_err_format(exc_TypeError,
                          "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
        if (vm_index_ssize(args[k], &b[k]) < 0) {
            if (!vm_err_matches(exc_OverflowError))
                return -1;
            vm_err_clear();
            object_t *i = vm_index(args[k]);
            b[k] = i && int_sign(i) < 0 ? -INTPTR_MAX / 2 : INTPTR_MAX / 2;
            XDECREF(i);
        }
    }
    if (b[1] > (intptr_t)len)
        b[1] = (intptr_t)len;
    else if (b[1] < 0) {
        b[1] += (intptr_t)len;
        if (b[1] < 0)
            b[1] = 0;
    }
    if (b[0] < 0) {
        b[0] += (intptr_t)len;
        if (b[0] < 0)
            b[0] = 0;
    }
    *start = b[0];
    *end = b[1];
    return 0;
}

static intptr_t find_fwd(const char *h, size_t from, size_t to, const char *n, size_t nn)
{
    if (to < from || to - from < nn)
        return -1;
    for (size_t i = from; i + nn <= to; i++)
        if (memcmp(h + i, n, nn) == 0)
            return (intptr_t)i;
    return -1;
}

static intptr_t find_back(const char *h, size_t from, size_t to, const char *n, size_t nn)
{
    if (to < from || to - from < nn)
        return -1;
    for (size_t i = to - nn + 1; i-- > from;)
        if (memcmp(h + i, n, nn) == 0)
            return (intptr_t)i;
    return -1;
}

/* ---- find, index, count, startswith ----------------------------------------------------------- */

/* find/rfind/index/rindex: the code point index of sub in self[start:end], or -1. -2: error. */
static intptr_t find_common(object_t *self, object_t *const *args, size_t nargs, object_t *kw,
                            const char *fname, bool reverse)
{
    intptr_t start, end, at;
    size_t from, to;
    object_t *sub;

    if (vm_check_args(fname, nargs, kw, 1, 3) < 0)
        return -2;
    sub = args[0];
    if (!IS_STR(sub)) {
        vm_err_format(exc_TypeError, "must be str, not %s", type_name(sub));
        return -2;
    }
    if (str_bounds(args + 1, nargs - 1, str_chars(self), &start, &end) < 0)
        return -2;
    if (end - start < (intptr_t)str_chars(sub))
        return -1;
    from = cp_to_byte(self, (size_t)start);
    to = cp_to_byte(self, (size_t)end);
    at = reverse ? find_back(str_data(self), from, to, str_data(sub), str_bytes(sub))
                 : find_fwd(str_data(self), from, to, str_data(sub), str_bytes(sub));
    return at < 0 ? -1 : (intptr_t)byte_to_cp(self, (size_t)at);
}

static object_t *m_find(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t r = find_common(self, args, nargs, kw, "find", false);
    return r == -2 ? NULL : int_from_i64(r);
}

static object_t *m_rfind(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t r = find_common(self, args, nargs, kw, "rfind", true);
    return r == -2 ? NULL : int_from_i64(r);
}

static object_t *m_index(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t r = find_common(self, args, nargs, kw, "index", false);
    if (r == -1)
        return vm_err_format(exc_ValueError, "substring not found");
    return r == -2 ? NULL : int_from_i64(r);
}

static object_t *m_rindex(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t r = find_common(self, args, nargs, kw, "rindex", true);
    if (r == -1)
        return vm_err_format(exc_ValueError, "substring not found");
    return r == -2 ? NULL : int_from_i64(r);
}

static object_t *m_count(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t start, end, at;
    size_t from, to, nn;
    int64_t n = 0;

    if (vm_check_args("count", nargs, kw, 1, 3) < 0)
        return NULL;
    if (!IS_STR(args[0]))
        return vm_err_format(exc_TypeError, "must be str, not %s", type_name(args[0]));
    if (str_bounds(args + 1, nargs - 1, str_chars(self), &start, &end) < 0)
        return NULL;
    if (end < start)
        return int_from_i64(0);
    if (str_chars(args[0]) == 0)
        return int_from_i64(end - start + 1);
    from = cp_to_byte(self, (size_t)start);
    to = cp_to_byte(self, (size_t)end);
    nn = str_bytes(args[0]);
    while ((at = find_fwd(str_data(self), from, to, str_data(args[0]), nn)) >= 0) {
        n++;
        from = (size_t)at + nn;
    }
    return int_from_i64(n);
}

static object_t *affix_common(object_t *self, object_t *const *args, size_t nargs, object_t *kw,
                              const char *fname, bool at_end)
{
    intptr_t start, end;
    object_t *const *cands;
    size_t ncands;

    if (vm_check_args(fname, nargs, kw, 1, 3) < 0 ||
        str_bounds(args + 1, nargs - 1, str_chars(self), &start, &end) < 0)
        return NULL;
    if (IS_TUPLE(args[0])) {
        cands = tuple_items(args[0]);
        ncands = tuple_size(args[0]);
    } else {
        if (!IS_STR(args[0]))
            return vm_err_format(exc_TypeError,
                                 "%s first arg must be str or a tuple of str, not %s", fname,
                                 type_name(args[0]));
        cands = args;
        ncands = 1;
    }
    for (size_t k = 0; k < ncands; k++) {
        object_t *p = cands[k];
        if (!IS_STR(p))
            return vm_err_format(exc_TypeError,
                                 "tuple for %s must only contain str, not %s", fname,
                                 type_name(p));
        intptr_t pn = (intptr_t)str_chars(p);
        if (end - start < pn)
            continue;
        size_t cp = at_end ? (size_t)(end - pn) : (size_t)start;
        size_t off = cp_to_byte(self, cp);
        if (off + str_bytes(p) <= str_bytes(self) &&
            memcmp(str_data(self) + off, str_data(p), str_bytes(p)) == 0)
            return vm_bool(true);
    }
    return vm_bool(false);
}

static object_t *m_startswith(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return affix_common(self, args, nargs, kw, "startswith", false);
}

static object_t *m_endswith(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return affix_common(self, args, nargs, kw, "endswith", true);
}

static object_t *m_removeprefix(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kw)
{
    object_t *p;
    if (vm_check_args("removeprefix", nargs, kw, 1, 1) < 0 || arg_str(args[0], "removeprefix"))
        return NULL;
    p = args[0];
    if (str_bytes(p) <= str_bytes(self) && !memcmp(str_data(self), str_data(p), str_bytes(p)))
        return substr(self, str_bytes(p), str_bytes(self));
    return substr(self, 0, str_bytes(self));
}

static object_t *m_removesuffix(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kw)
{
    object_t *p;
    size_t n = str_bytes(self);
    if (vm_check_args("removesuffix", nargs, kw, 1, 1) < 0 || arg_str(args[0], "removesuffix"))
        return NULL;
    p = args[0];
    if (str_bytes(p) && str_bytes(p) <= n &&
        !memcmp(str_data(self) + n - str_bytes(p), str_data(p), str_bytes(p)))
        return substr(self, 0, n - str_bytes(p));
    return substr(self, 0, n);
}

/* ---- split, join, replace, partition ---------------------------------------------------------- */

static int append_sub(object_t *list, object_t *s, size_t from, size_t to)
{
    object_t *part = substr(s, from, to);
    int r;
    if (!part)
        return -1;
    r = list_append_checked(list, part);
    decref(part);
    return r;
}

/* The code point at byte offset i and the offset after it. */
static uint32_t cp_at(object_t *s, size_t i, size_t *next)
{
    const char *p = str_data(s) + i;
    uint32_t c = utf8_next(&p);
    *next = (size_t)(p - str_data(s));
    return c;
}

/* The code point ending at byte offset i (> 0) and its start. */
static uint32_t cp_before(object_t *s, size_t i, size_t *start)
{
    const char *p = str_data(s);
    size_t k = i - 1, dummy;
    while (k > 0 && ((unsigned char)p[k] & 0xc0) == 0x80)
        k--;
    *start = k;
    return cp_at(s, k, &dummy);
}

static int split_args(const char *fname, object_t *const *args, size_t nargs, object_t *kw,
                      object_t **sep, intptr_t *maxsplit)
{
    static const char *const names[] = {"sep", "maxsplit", NULL};
    object_t *out[2] = {NULL, NULL};
    if (vm_parse_args(fname, args, nargs, kw, names, 0, out) < 0)
        return -1;
    *sep = out[0] == None ? NULL : out[0];
    *maxsplit = -1;
    if (out[1] && vm_index_ssize(out[1], maxsplit) < 0)
        return -1;
    if (*maxsplit < 0)
        *maxsplit = INTPTR_MAX;
    if (*sep) {
        if (!IS_STR(*sep)) {
            vm_err_format(exc_TypeError, "must be str or None, not %s", type_name(*sep));
            return -1;
        }
        if (str_bytes(*sep) == 0) {
            vm_err_format(exc_ValueError, "empty separator");
            return -1;
        }
    }
    return 0;
}

static object_t *m_split(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *sep, *list;
    intptr_t maxsplit;
    size_t len = str_bytes(self), i = 0, next;

    if (split_args("split", args, nargs, kw, &sep, &maxsplit) < 0 ||
        !(list = list_new_of_type(&list_type)))
        return NULL;
    if (!sep) {
        /* stringlib's split_whitespace: the remainder after maxsplit keeps its trailing
         * white space. */
        while (maxsplit-- > 0) {
            while (i < len && uc_is_space(cp_at(self, i, &next)))
                i = next;
            if (i == len)
                break;
            size_t j = i;
            while (i < len && !uc_is_space(cp_at(self, i, &next)))
                i = next;
            if (append_sub(list, self, j, i) < 0)
                goto fail;
        }
        while (i < len && uc_is_space(cp_at(self, i, &next)))
            i = next;
        if (i < len && append_sub(list, self, i, len) < 0)
            goto fail;
        return list;
    }
    for (;;) {
        intptr_t at = maxsplit-- > 0
                          ? find_fwd(str_data(self), i, len, str_data(sep), str_bytes(sep))
                          : -1;
        size_t end = at < 0 ? len : (size_t)at;
        if (append_sub(list, self, i, end) < 0)
            goto fail;
        if (at < 0)
            break;
        i = end + str_bytes(sep);
    }
    return list;
fail:
    decref(list);
    return NULL;
}

static object_t *m_rsplit(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *sep, *list;
    intptr_t maxsplit;
    size_t i = str_bytes(self), start;

    if (split_args("rsplit", args, nargs, kw, &sep, &maxsplit) < 0 ||
        !(list = list_new_of_type(&list_type)))
        return NULL;
    if (!sep) {
        while (maxsplit-- > 0) {
            while (i > 0 && uc_is_space(cp_before(self, i, &start)))
                i = start;
            if (i == 0)
                break;
            size_t j = i;
            while (i > 0 && !uc_is_space(cp_before(self, i, &start)))
                i = start;
            if (append_sub(list, self, i, j) < 0)
                goto fail;
        }
        while (i > 0 && uc_is_space(cp_before(self, i, &start)))
            i = start;
        if (i > 0 && append_sub(list, self, 0, i) < 0)
            goto fail;
    } else {
        for (;;) {
            intptr_t at = maxsplit-- > 0
                              ? find_back(str_data(self), 0, i, str_data(sep), str_bytes(sep))
                              : -1;
            size_t from = at < 0 ? 0 : (size_t)at + str_bytes(sep);
            if (append_sub(list, self, from, i) < 0)
                goto fail;
            if (at < 0)
                break;
            i = (size_t)at;
        }
    }
    list_reverse(list);
    return list;
fail:
    decref(list);
    return NULL;
}

static object_t *m_join(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *seq, *r;
    struct strbuf b;

    if (vm_check_args("join", nargs, kw, 1, 1) < 0)
        return NULL;
    if (IS_LIST(args[0]) || IS_TUPLE(args[0])) {
        incref(args[0]);
        seq = args[0];
    } else if (!(seq = vm_sequence_list(args[0]))) {
        if (vm_err_matches(exc_TypeError)) {
            vm_err_clear();
            vm_err_format(exc_TypeError, "can only join an iterable");
        }
        return NULL;
    }
    size_t n = IS_LIST(seq) ? list_size(seq) : tuple_size(seq);
    sb_init(&b);
    for (size_t i = 0; i < n; i++) {
        object_t *x = IS_LIST(seq) ? (i < list_size(seq) ? list_items_of(seq)[i] : NULL)
                                   : tuple_items(seq)[i];
        if (!x)
            break;
        if (!IS_STR(x)) {
            sb_free(&b);
            decref(seq);
            return vm_err_format(exc_TypeError, "sequence item %zu: expected str instance, %s found",
                                 i, type_name(x));
        }
        if (i)
            sb_write(&b, str_data(self), str_bytes(self));
        sb_write(&b, str_data(x), str_bytes(x));
    }
    decref(seq);
    r = sb_finish(&b);
    return r;
}

static object_t *m_replace(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    object_t *old, *new;
    intptr_t count = -1;
    struct strbuf b;
    size_t len = str_bytes(self), i = 0, next;

    if (vm_check_args("replace", nargs, kw, 2, 3) < 0 || arg_str(args[0], "replace") < 0 ||
        arg_str(args[1], "replace") < 0)
        return NULL;
    old = args[0];
    new = args[1];
    if (nargs == 3 && vm_index_ssize(args[2], &count) < 0)
        return NULL;
    if (count < 0)
        count = INTPTR_MAX;
    sb_init(&b);
    if (str_bytes(old) == 0) {
        /* Between every two code points, and at both ends. */
        while (count > 0) {
            sb_write(&b, str_data(new), str_bytes(new));
            count--;
            if (i >= len)
                break;
            cp_at(self, i, &next);
            sb_write(&b, str_data(self) + i, next - i);
            i = next;
        }
        sb_write(&b, str_data(self) + i, len - i);
        return sb_finish(&b);
    }
    while (count-- > 0) {
        intptr_t at = find_fwd(str_data(self), i, len, str_data(old), str_bytes(old));
        if (at < 0)
            break;
        sb_write(&b, str_data(self) + i, (size_t)at - i);
        sb_write(&b, str_data(new), str_bytes(new));
        i = (size_t)at + str_bytes(old);
    }
    sb_write(&b, str_data(self) + i, len - i);
    return sb_finish(&b);
}

static object_t *partition_common(object_t *self, object_t *const *args, size_t nargs,
                                  object_t *kw, const char *fname, bool reverse)
{
    object_t *sep, *a, *b, *c, *r;
    intptr_t at;
    size_t len = str_bytes(self);

    if (vm_check_args(fname, nargs, kw, 1, 1) < 0)
        return NULL;
    sep = args[0];
    if (!IS_STR(sep))
        return vm_err_format(exc_TypeError, "must be str, not %s", type_name(sep));
    if (str_bytes(sep) == 0)
        return vm_err_format(exc_ValueError, "empty separator");
    at = reverse ? find_back(str_data(self), 0, len, str_data(sep), str_bytes(sep))
                 : find_fwd(str_data(self), 0, len, str_data(sep), str_bytes(sep));
    if (at < 0) {
        object_t *empty = str_from_utf8("", 0), *whole = substr(self, 0, len);
        r = empty && whole ? (reverse ? tuple_pack(3, empty, empty, whole)
                                      : tuple_pack(3, whole, empty, empty))
                           : NULL;
        XDECREF(empty);
        XDECREF(whole);
        return r;
    }
    a = substr(self, 0, (size_t)at);
    b = sep;
    incref(b);
    c = substr(self, (size_t)at + str_bytes(sep), len);
    r = a && c ? tuple_pack(3, a, b, c) : NULL;
    XDECREF(a);
    decref(b);
    XDECREF(c);
    return r;
}

static object_t *m_partition(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return partition_common(self, args, nargs, kw, "partition", false);
}

static object_t *m_rpartition(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    return partition_common(self, args, nargs, kw, "rpartition", true);
}

static object_t *m_splitlines(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char *const names[] = {"keepends", NULL};
    object_t *out[1] = {NULL}, *list;
    int keep = 0;
    size_t len = str_bytes(self), i = 0, next;

    if (vm_parse_args("splitlines", args, nargs, kw, names, 0, out) < 0)
        return NULL;
    if (out[0] && (keep = vm_is_true(out[0])) < 0)
        return NULL;
    if (!(list = list_new_of_type(&list_type)))
        return NULL;
    while (i < len) {
        size_t j = i, eol;
        uint32_t c = 0;
        while (j < len && !uc_is_linebreak(c = cp_at(self, j, &next)))
            j = next;
        eol = j;
        if (j < len) {
            j = next;
            if (c == '\r' && j < len && str_data(self)[j] == '\n')
                j++;
        }
        if (append_sub(list, self, i, keep ? j : eol) < 0) {
            decref(list);
            return NULL;
        }
        i = j;
    }
    return list;
}

/* ---- strip ------------------------------------------------------------------------------------ */

static bool in_chars(object_t *chars, uint32_t c)
{
    const char *p = str_data(chars), *end = p + str_bytes(chars);
    while (p < end)
        if (utf8_next(&p) == c)
            return true;
    return false;
}

static object_t *strip_common(object_t *self, object_t *const *args, size_t nargs, object_t *kw,
                              const char *fname, bool left, bool right)
{
    object_t *chars = NULL;
    size_t i = 0, j = str_bytes(self), next, start;

    if (vm_check_args(fname, nargs, kw, 0, 1) < 0)
        return NULL;
    if (nargs && args[0] != None) {
        if (!IS_STR(args[0]))
            return vm_err_format(exc_TypeError, "%s arg must be None or str", fname);
        chars = args[0];
    }
#define STRIPPED(c) (chars ? in_chars(chars, (c)) : uc_is_space(c))
    while (left && i < j && STRIPPED(cp_at(self, i, &next)))
        i = next;
    while (right && j > i && STRIPPED(cp_before(self, j, &start)))
        j = start;
#undef STRIPPED
    return substr(self, i, j);
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

/* ---- case ------------------------------------------------------------------------------------- */

enum case_kind { CASE_UPPER, CASE_LOWER, CASE_TITLE, CASE_FOLD };

/* Append c mapped to a case (ß's expansions included). */
static void put_case(struct strbuf *b, uint32_t c, enum case_kind k)
{
    if (c == 0xdf && k != CASE_LOWER) {
        sb_puts(b, k == CASE_UPPER ? "SS" : k == CASE_TITLE ? "Ss" : "ss");
        return;
    }
    if (k == CASE_FOLD) {
        if (c == 0xb5)
            c = 0x3bc;
        else if (c == 0x17f)
            c = 's';
        else if (c == 0x3c2)
            c = 0x3c3;
        else
            c = uc_to_lower(c);
    } else {
        c = k == CASE_LOWER ? uc_to_lower(c) : uc_to_upper(c);
    }
    sb_put_codepoint(b, c);
}

static bool is_cased(uint32_t c)
{
    return uc_is_upper(c) || uc_is_lower(c);
}

static object_t *map_case(object_t *self, size_t nargs, object_t *kw, const char *fname,
                          enum case_kind k)
{
    struct strbuf b;
    const char *p = str_data(self), *end = p + str_bytes(self);
    if (vm_check_args(fname, nargs, kw, 0, 0) < 0)
        return NULL;
    sb_init(&b);
    while (p < end)
        put_case(&b, utf8_next(&p), k);
    return sb_finish(&b);
}

static object_t *m_upper(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return map_case(self, nargs, kw, "upper", CASE_UPPER);
}
static object_t *m_lower(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return map_case(self, nargs, kw, "lower", CASE_LOWER);
}
static object_t *m_casefold(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return map_case(self, nargs, kw, "casefold", CASE_FOLD);
}

static object_t *m_swapcase(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct strbuf b;
    const char *p = str_data(self), *end = p + str_bytes(self);
    (void)args;
    if (vm_check_args("swapcase", nargs, kw, 0, 0) < 0)
        return NULL;
    sb_init(&b);
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (uc_is_upper(c))
            put_case(&b, c, CASE_LOWER);
        else if (uc_is_lower(c))
            put_case(&b, c, CASE_UPPER);
        else
            sb_put_codepoint(&b, c);
    }
    return sb_finish(&b);
}

static object_t *m_capitalize(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct strbuf b;
    const char *p = str_data(self), *end = p + str_bytes(self);
    (void)args;
    if (vm_check_args("capitalize", nargs, kw, 0, 0) < 0)
        return NULL;
    sb_init(&b);
    if (p < end)
        put_case(&b, utf8_next(&p), CASE_TITLE);
    while (p < end)
        put_case(&b, utf8_next(&p), CASE_LOWER);
    return sb_finish(&b);
}

static object_t *m_title(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    struct strbuf b;
    const char *p = str_data(self), *end = p + str_bytes(self);
    bool prev_cased = false;
    (void)args;
    if (vm_check_args("title", nargs, kw, 0, 0) < 0)
        return NULL;
    sb_init(&b);
    while (p < end) {
        uint32_t c = utf8_next(&p);
        put_case(&b, c, prev_cased ? CASE_LOWER : CASE_TITLE);
        prev_cased = is_cased(c);
    }
    return sb_finish(&b);
}

/* ---- classes ---------------------------------------------------------------------------------- */

/* Every code point satisfies pred (and there is at least one). */
static object_t *all_chars(object_t *self, size_t nargs, object_t *kw, const char *fname,
                           bool (*pred)(uint32_t))
{
    const char *p = str_data(self), *end = p + str_bytes(self);
    if (vm_check_args(fname, nargs, kw, 0, 0) < 0)
        return NULL;
    if (p == end)
        return vm_bool(false);
    while (p < end)
        if (!pred(utf8_next(&p)))
            return vm_bool(false);
    return vm_bool(true);
}

static bool is_alnum(uint32_t c)
{
    return uc_is_alpha(c) || uc_is_numeric(c);
}

#define CLASS_METHOD(fn, pyname, pred)                                                            \
    static object_t *fn(object_t *self, object_t *const *args, size_t nargs, object_t *kw)        \
    {                                                                                             \
        (void)args;                                                                               \
        return all_chars(self, nargs, kw, pyname, pred);                                          \
    }
CLASS_METHOD(m_isdigit, "isdigit", uc_is_digit)
CLASS_METHOD(m_isdecimal, "isdecimal", uc_is_decimal)
CLASS_METHOD(m_isnumeric, "isnumeric", uc_is_numeric)
CLASS_METHOD(m_isalpha, "isalpha", uc_is_alpha)
CLASS_METHOD(m_isalnum, "isalnum", is_alnum)
CLASS_METHOD(m_isspace, "isspace", uc_is_space)

/* isupper/islower: at least one cased character, and none of the other case. */
static object_t *case_test(object_t *self, size_t nargs, object_t *kw, const char *fname,
                           bool upper)
{
    const char *p = str_data(self), *end = p + str_bytes(self);
    bool cased = false;
    if (vm_check_args(fname, nargs, kw, 0, 0) < 0)
        return NULL;
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (upper ? uc_is_lower(c) : uc_is_upper(c))
            return vm_bool(false);
        cased |= upper ? uc_is_upper(c) : uc_is_lower(c);
    }
    return vm_bool(cased);
}

static object_t *m_isupper(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return case_test(self, nargs, kw, "isupper", true);
}

static object_t *m_islower(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    return case_test(self, nargs, kw, "islower", false);
}

static object_t *m_istitle(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    const char *p = str_data(self), *end = p + str_bytes(self);
    bool prev_cased = false, cased = false;
    (void)args;
    if (vm_check_args("istitle", nargs, kw, 0, 0) < 0)
        return NULL;
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (uc_is_upper(c)) {
            if (prev_cased)
                return vm_bool(false);
            prev_cased = cased = true;
        } else if (uc_is_lower(c)) {
            if (!prev_cased)
                return vm_bool(false);
            prev_cased = cased = true;
        } else {
            prev_cased = false;
        }
    }
    return vm_bool(cased);
}

static object_t *m_isascii(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)args;
    if (vm_check_args("isascii", nargs, kw, 0, 0) < 0)
        return NULL;
    return vm_bool(str_ascii(self));
}

static object_t *m_isprintable(object_t *self, object_t *const *args, size_t nargs,
                               object_t *kw)
{
    const char *p = str_data(self), *end = p + str_bytes(self);
    (void)args;
    if (vm_check_args("isprintable", nargs, kw, 0, 0) < 0)
        return NULL;
    while (p < end)
        if (!uc_is_printable(utf8_next(&p)))
            return vm_bool(false);
    return vm_bool(true);
}

static object_t *m_isidentifier(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kw)
{
    const char *p = str_data(self), *end = p + str_bytes(self);
    (void)args;
    if (vm_check_args("isidentifier", nargs, kw, 0, 0) < 0)
        return NULL;
    if (p == end || !uc_is_xid_start(utf8_next(&p)))
        return vm_bool(false);
    while (p < end)
        if (!uc_is_xid_continue(utf8_next(&p)))
            return vm_bool(false);
    return vm_bool(true);
}

/* ---- padding ---------------------------------------------------------------------------------- */

static int pad_args(const char *fname, object_t *const *args, size_t nargs, object_t *kw,
                    intptr_t *width, uint32_t *fill)
{
    if (vm_check_args(fname, nargs, kw, 1, 2) < 0 || vm_index_ssize(args[0], width) < 0)
        return -1;
    *fill = ' ';
    if (nargs == 2) {
        if (!IS_STR(args[1])) {
            vm_err_format(exc_TypeError,
                          "%s() argument 2 must be str of length 1, not %s", fname,
                          type_name(args[1]));
            return -1;
        }
        if (str_chars(args[1]) != 1) {
            vm_err_format(exc_TypeError, "The fill character must be exactly one character long");
            return -1;
        }
        const char *p = str_data(args[1]);
        *fill = utf8_next(&p);
    }
    return 0;
}

static object_t *padded(object_t *self, size_t left, size_t right, uint32_t fill)
{
    struct strbuf b;
    if (left == 0 && right == 0)
        return substr(self, 0, str_bytes(self));
    sb_init(&b);
    for (size_t i = 0; i < left; i++)
        sb_put_codepoint(&b, fill);
    sb_write(&b, str_data(self), str_bytes(self));
    for (size_t i = 0; i < right; i++)
        sb_put_codepoint(&b, fill);
    return sb_finish(&b);
}

static object_t *m_ljust(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t w;
    uint32_t fill;
    if (pad_args("ljust", args, nargs, kw, &w, &fill) < 0)
        return NULL;
    size_t n = str_chars(self);
    return padded(self, 0, w > (intptr_t)n ? (size_t)w - n : 0, fill);
}

static object_t *m_rjust(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t w;
    uint32_t fill;
    if (pad_args("rjust", args, nargs, kw, &w, &fill) < 0)
        return NULL;
    size_t n = str_chars(self);
    return padded(self, w > (intptr_t)n ? (size_t)w - n : 0, 0, fill);
}

static object_t *m_center(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t w;
    uint32_t fill;
    if (pad_args("center", args, nargs, kw, &w, &fill) < 0)
        return NULL;
    size_t n = str_chars(self);
    if (w <= (intptr_t)n)
        return padded(self, 0, 0, fill);
    /* CPython's pad(): the odd extra column goes left when both width and margin are odd. */
    size_t marg = (size_t)w - n, left = marg / 2 + (marg & (size_t)w & 1);
    return padded(self, left, marg - left, fill);
}

static object_t *m_zfill(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    intptr_t w;
    struct strbuf b;
    size_t n = str_chars(self), start = 0;

    if (vm_check_args("zfill", nargs, kw, 1, 1) < 0 || vm_index_ssize(args[0], &w) < 0)
        return NULL;
    if (w <= (intptr_t)n)
        return substr(self, 0, str_bytes(self));
    sb_init(&b);
    if (str_bytes(self) && (str_data(self)[0] == '+' || str_data(self)[0] == '-')) {
        sb_putc(&b, str_data(self)[0]);
        start = 1;
    }
    for (size_t i = 0; i < (size_t)w - n; i++)
        sb_putc(&b, '0');
    sb_write(&b, str_data(self) + start, str_bytes(self) - start);
    return sb_finish(&b);
}

static object_t *m_expandtabs(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char *const names[] = {"tabsize", NULL};
    object_t *out[1] = {NULL};
    intptr_t tab = 8;
    size_t col = 0;
    struct strbuf b;
    const char *p = str_data(self), *end = p + str_bytes(self);

    if (vm_parse_args("expandtabs", args, nargs, kw, names, 0, out) < 0)
        return NULL;
    if (out[0] && vm_index_ssize(out[0], &tab) < 0)
        return NULL;
    sb_init(&b);
    while (p < end) {
        uint32_t c = utf8_next(&p);
        if (c == '\t') {
            if (tab > 0) {
                size_t spaces = (size_t)tab - col % (size_t)tab;
                for (size_t i = 0; i < spaces; i++)
                    sb_putc(&b, ' ');
                col += spaces;
            }
        } else {
            sb_put_codepoint(&b, c);
            col = c == '\n' || c == '\r' ? 0 : col + 1;
        }
    }
    return sb_finish(&b);
}

/* ---- encode ----------------------------------------------------------------------------------- */

object_t *vm_str_encode(object_t *s, object_t *encoding, object_t *errors)
{
    const char *codec = "utf-8", *err = "strict";
    struct strbuf b;
    const char *p = str_data(s), *end = p + str_bytes(s);
    size_t pos = 0;

    if (encoding) {
        if (!IS_STR(encoding))
            return vm_err_format(exc_TypeError, "encode() argument 'encoding' must be str, not %s",
                                 type_name(encoding));
        codec = vm_codec_name(encoding);
        if (!codec)
            return vm_err_format(exc_LookupError, "unknown encoding: %U", encoding);
    }
    if (errors) {
        if (!IS_STR(errors))
            return vm_err_format(exc_TypeError, "encode() argument 'errors' must be str, not %s",
                                 type_name(errors));
        err = str_data(errors);
    }
    if (!strcmp(codec, "utf-8"))
        return bytes_new(str_data(s), str_bytes(s));
    uint32_t limit = !strcmp(codec, "ascii") ? 0x80 : 0x100;
    sb_init(&b);
    for (; p < end; pos++) {
        uint32_t c = utf8_next(&p);
        if (c < limit) {
            sb_putc(&b, (char)c);
        } else if (!strcmp(err, "ignore")) {
            continue;
        } else if (!strcmp(err, "replace")) {
            sb_putc(&b, '?');
        } else {
            sb_free(&b);
            /* UnicodeEncodeError is not among the interpreter's classes: its base says it.
             * The character is shown escaped, as CPython's message does. */
            char esc[16];
            const char *digits = "0123456789abcdef";
            int width = c < 0x100 ? 2 : c < 0x10000 ? 4 : 8, k = 0;
            esc[k++] = '\\';
            esc[k++] = c < 0x100 ? 'x' : c < 0x10000 ? 'u' : 'U';
            for (int d = width - 1; d >= 0; d--)
                esc[k++] = digits[(c >> (4 * d)) & 15];
            esc[k] = '\0';
            vm_err_format(exc_UnicodeError,
                          "'%s' codec can't encode character '%s' in position %zu: ordinal not "
                          "in range(%u)",
                          codec, esc, pos, (unsigned)limit);
            return NULL;
        }
    }
    return sb_finish_bytes(&b);
}

static object_t *m_encode(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    static const char *const names[] = {"encoding", "errors", NULL};
    object_t *out[2] = {NULL, NULL};
    if (vm_parse_args("encode", args, nargs, kw, names, 0, out) < 0)
        return NULL;
    return vm_str_encode(self, out[0], out[1]);
}

object_t *str_method_format(object_t *self, object_t *const *args, size_t nargs, object_t *kw);
object_t *str_method_format_map(object_t *self, object_t *const *args, size_t nargs,
                                object_t *kw);

const struct method_def str_methods[] = {
    {"split", m_split, 0},
    {"rsplit", m_rsplit, 0},
    {"join", m_join, 0},
    {"replace", m_replace, 0},
    {"find", m_find, 0},
    {"rfind", m_rfind, 0},
    {"index", m_index, 0},
    {"rindex", m_rindex, 0},
    {"count", m_count, 0},
    {"startswith", m_startswith, 0},
    {"endswith", m_endswith, 0},
    {"removeprefix", m_removeprefix, 0},
    {"removesuffix", m_removesuffix, 0},
    {"strip", m_strip, 0},
    {"lstrip", m_lstrip, 0},
    {"rstrip", m_rstrip, 0},
    {"upper", m_upper, 0},
    {"lower", m_lower, 0},
    {"capitalize", m_capitalize, 0},
    {"title", m_title, 0},
    {"swapcase", m_swapcase, 0},
    {"casefold", m_casefold, 0},
    {"isdigit", m_isdigit, 0},
    {"isdecimal", m_isdecimal, 0},
    {"isnumeric", m_isnumeric, 0},
    {"isalpha", m_isalpha, 0},
    {"isalnum", m_isalnum, 0},
    {"isspace", m_isspace, 0},
    {"isupper", m_isupper, 0},
    {"islower", m_islower, 0},
    {"istitle", m_istitle, 0},
    {"isascii", m_isascii, 0},
    {"isprintable", m_isprintable, 0},
    {"isidentifier", m_isidentifier, 0},
    {"center", m_center, 0},
    {"ljust", m_ljust, 0},
    {"rjust", m_rjust, 0},
    {"zfill", m_zfill, 0},
    {"partition", m_partition, 0},
    {"rpartition", m_rpartition, 0},
    {"splitlines", m_splitlines, 0},
    {"expandtabs", m_expandtabs, 0},
    {"encode", m_encode, 0},
    {"format", str_method_format, 0},
    {"format_map", str_method_format_map, 0},
    {NULL, NULL, 0},
};

void vm_str_methods_init(void)
{
}
