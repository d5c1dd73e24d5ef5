/*
 * vm/marshal.c - reading CPython 3.11's marshal format (Python/marshal.c, version 4) into
 * objects, and code objects themselves.
 *
 * Each value is a type byte, with FLAG_REF (0x80) when the writer may refer back to it: such a
 * value is appended to the reference list as soon as it exists (before its contents, for
 * containers), and TYPE_REF 'r' + index stands for it later. The reader checks every length
 * against the bytes left, every reference index against the list, the nesting depth, and the
 * types a code object's fields must have: a malformed file raises ValueError naming the file and
 * the offset, and never reads outside the buffer.
 */
#include "vm/code.h"
#include "vm/bigint_glue.h"

#define PYC_MAGIC_311 0x0a0d0da7u /* bytes a7 0d 0d 0a */
#define MAX_DEPTH 200

struct reader {
    const uint8_t *p, *start, *end;
    const char *what;
    object_t *refs; /* list */
    int depth;
};

static object_t *bad(struct reader *r, const char *why)
{
    return vm_err_format(exc_ValueError, "%s: bad marshal data at offset %zu: %s", r->what,
                         (size_t)(r->p - r->start), why);
}

static bool need(struct reader *r, size_t n)
{
    return (size_t)(r->end - r->p) >= n;
}

static int read_u8(struct reader *r, uint8_t *out)
{
    if (!need(r, 1)) {
        bad(r, "unexpected end of data");
        return -1;
    }
    *out = *r->p++;
    return 0;
}

static int read_i32(struct reader *r, int32_t *out)
{
    if (!need(r, 4)) {
        bad(r, "unexpected end of data");
        return -1;
    }
    *out = (int32_t)((uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                     (uint32_t)r->p[3] << 24);
    r->p += 4;
    return 0;
}

static object_t *read_object(struct reader *r);

/* A dict key or set item that cannot be hashed (a list inside, say): the file is malformed, and
 * the error says where, as the others do. MemoryError stays what it is. */
static void unhashable_key(struct reader *r)
{
    if (vm_err_matches(exc_MemoryError))
        return;
    object_t *e = vm_err_fetch();
    object_t *msg = e ? vm_str(e) : NULL;
    vm_err_clear();
    vm_err_format(exc_ValueError, "%s: bad marshal data at offset %zu: a key that cannot be "
                                  "hashed (%s)", r->what, (size_t)(r->p - r->start),
                  msg ? str_data(msg) : "?");
    XDECREF(msg);
    XDECREF(e);
}

/* Reserve a reference slot for a value being built (FLAG_REF). */
static int ref_reserve(struct reader *r, bool flag, size_t *idx)
{
    if (!flag)
        return 0;
    *idx = list_size(r->refs);
    return list_append_checked(r->refs, None);
}

static object_t *ref_set(struct reader *r, bool flag, size_t idx, object_t *o)
{
    if (flag && o)
        list_set(r->refs, idx, o);
    return o;
}

static object_t *read_str_len(struct reader *r, size_t n, bool ascii)
{
    if (!need(r, n))
        return bad(r, "string runs past the end");
    object_t *s;
    if (ascii) {
        for (size_t i = 0; i < n; i++)
            if (r->p[i] >= 0x80)
                return bad(r, "non-ASCII byte in an ASCII string");
        s = str_from_utf8((const char *)r->p, n);
    } else {
        s = str_decode_utf8((const char *)r->p, n);
        if (!s && vm_err_matches(exc_UnicodeDecodeError)) {
            vm_err_clear();
            return bad(r, "invalid UTF-8 in a string");
        }
    }
    r->p += n;
    return s;
}

static object_t *read_tuple_items(struct reader *r, size_t n, bool flag)
{
    size_t idx = 0;
    if (n > (size_t)(r->end - r->p))
        return bad(r, "tuple size exceeds the data");
    object_t *t = tuple_new(n);
    if (!t)
        return vm_err_nomemory();
    if (ref_reserve(r, flag, &idx) < 0) {
        decref(t);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        object_t *item = read_object(r);
        if (!item) {
            decref(t);
            return NULL;
        }
        tuple_set(t, i, item);
    }
    return ref_set(r, flag, idx, t);
}

static object_t *read_long(struct reader *r)
{
    int32_t n;
    if (read_i32(r, &n) < 0)
        return NULL;
    size_t ndig15 = (size_t)(n < 0 ? -(int64_t)n : n);
    if (ndig15 > (size_t)(r->end - r->p) / 2)
        return bad(r, "long size exceeds the data");
    /* 15-bit marshal digits -> 30-bit digits */
    size_t nd = (ndig15 + 1) / 2;
    object_t *o = int_alloc_digits(nd);
    if (!o)
        return NULL;
    struct int_object *i = (struct int_object *)o;
    memset(i->digit, 0, nd * 4);
    for (size_t k = 0; k < ndig15; k++) {
        uint32_t d = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8;
        r->p += 2;
        if (d >= (1u << 15)) {
            decref(o);
            return bad(r, "long digit out of range");
        }
        i->digit[k / 2] |= d << (15 * (k % 2));
    }
    while (nd && i->digit[nd - 1] == 0)
        nd--;
    i->size = n < 0 ? -(intptr_t)nd : (intptr_t)nd;
    return o;
}

static double read_binary_double(struct reader *r, bool *ok)
{
    uint64_t bits = 0;
    *ok = need(r, 8);
    if (!*ok) {
        bad(r, "unexpected end of data");
        return 0;
    }
    for (int k = 7; k >= 0; k--)
        bits = bits << 8 | r->p[k];
    r->p += 8;
    double d;
    memcpy(&d, &bits, 8);
    return d;
}

static object_t *read_code(struct reader *r, bool flag)
{
    size_t idx = 0;
    int32_t v[5];
    if (ref_reserve(r, flag, &idx) < 0)
        return NULL;
    for (int k = 0; k < 5; k++)
        if (read_i32(r, &v[k]) < 0)
            return NULL;
    struct code_object *co = (struct code_object *)object_alloc(&code_type, sizeof *co);
    if (!co)
        return vm_err_nomemory();
    memset((char *)co + sizeof(struct object), 0, sizeof *co - sizeof(struct object));
    co->argcount = v[0];
    co->posonlyargcount = v[1];
    co->kwonlyargcount = v[2];
    co->stacksize = v[3];
    co->flags = v[4];
    object_t **fields[] = {&co->code, &co->consts, &co->names, &co->localsplusnames,
                           &co->localspluskinds, &co->filename, &co->name, &co->qualname};
    for (int k = 0; k < 8; k++) {
        if (!(*fields[k] = read_object(r)))
            goto fail;
        if (k == 7) {
            int32_t line;
            if (read_i32(r, &line) < 0)
                goto fail;
            co->firstlineno = line;
        }
    }
    if (!(co->linetable = read_object(r)) || !(co->exceptiontable = read_object(r)))
        goto fail;
    if (co->code->type != &bytes_type || !IS_TUPLE(co->consts) || !IS_TUPLE(co->names) ||
        !IS_TUPLE(co->localsplusnames) || co->localspluskinds->type != &bytes_type ||
        !IS_STR(co->filename) || !IS_STR(co->name) || !IS_STR(co->qualname) ||
        co->linetable->type != &bytes_type || co->exceptiontable->type != &bytes_type) {
        bad(r, "code object field of the wrong type");
        goto fail;
    }
    if (bytes_len(co->code) % 2 || bytes_len(co->localspluskinds) !=
                                       tuple_size(co->localsplusnames) ||
        co->argcount < 0 || co->kwonlyargcount < 0 || co->stacksize < 0 ||
        co->stacksize > 100000 || co->argcount + co->kwonlyargcount >
                                      (int)tuple_size(co->localsplusnames)) {
        bad(r, "inconsistent code object");
        goto fail;
    }
    co->nlocalsplus = (int)tuple_size(co->localsplusnames);
    for (int k = 0; k < co->nlocalsplus; k++) {
        uint8_t kind = (uint8_t)bytes_data(co->localspluskinds)[k];
        if (kind & CO_FAST_LOCAL)
            co->nlocals++;
        if (kind & CO_FAST_CELL)
            co->ncellvars++;
        if (kind & CO_FAST_FREE)
            co->nfreevars++;
    }
    co->instr = (const uint16_t *)bytes_data(co->code);
    co->ninstr = bytes_len(co->code) / 2;
    /* Intern the names, so attribute and global lookups compare pointers first. */
    for (size_t k = 0; k < tuple_size(co->names); k++) {
        object_t *s = tuple_items(co->names)[k];
        if (!IS_STR(s)) {
            bad(r, "a name that is not a str");
            goto fail;
        }
    }
    co->flags &= ~CO_HAS_DOCSTRING_GUESS;
    return ref_set(r, flag, idx, &co->ob);
fail:
    decref(&co->ob);
    return NULL;
}

static object_t *read_object(struct reader *r)
{
    uint8_t code;
    object_t *o = NULL;
    size_t idx = 0;
    int32_t n;

    if (++r->depth > MAX_DEPTH) {
        r->depth--;
        return bad(r, "nesting too deep");
    }
    if (read_u8(r, &code) < 0)
        goto out;
    bool flag = (code & 0x80) != 0;
    switch (code & 0x7f) {
    case '0': return bad(r, "NULL object");
    case 'N': o = vm_none_ref(); break;
    case 'F': o = vm_bool(false); break;
    case 'T': o = vm_bool(true); break;
    case '.': o = &vm_ellipsis; incref(o); break;
    case 'S': o = &vm_notimplemented; incref(o); break;
    case 'i':
        if (read_i32(r, &n) < 0)
            goto out;
        o = int_from_i64(n);
        break;
    case 'l': o = read_long(r); break;
    case 'g': {
        bool ok;
        double d = read_binary_double(r, &ok);
        o = ok ? float_new(d) : NULL;
        break;
    }
    case 'y': {
        bool ok;
        double re = read_binary_double(r, &ok);
        (void)re;
        if (ok)
            read_binary_double(r, &ok);
        o = ok ? vm_err_format(exc_ValueError, "%s: complex numbers are not supported",
                               r->what)
               : NULL;
        break;
    }
    case 's': /* bytes */
        if (read_i32(r, &n) < 0)
            goto out;
        if (n < 0 || !need(r, (size_t)n)) {
            o = bad(r, "bytes run past the end");
            break;
        }
        o = bytes_new((const char *)r->p, (size_t)n);
        r->p += n;
        break;
    case 'u': case 't': case 'a': case 'A':
        if (read_i32(r, &n) < 0)
            goto out;
        if (n < 0) {
            o = bad(r, "negative string length");
            break;
        }
        o = read_str_len(r, (size_t)n, (code & 0x7f) == 'a' || (code & 0x7f) == 'A');
        break;
    case 'z': case 'Z': {
        uint8_t len;
        if (read_u8(r, &len) < 0)
            goto out;
        o = read_str_len(r, len, true);
        break;
    }
    case ')': {
        uint8_t len;
        if (read_u8(r, &len) < 0)
            goto out;
        o = read_tuple_items(r, len, flag);
        flag = false; /* registered inside */
        break;
    }
    case '(':
        if (read_i32(r, &n) < 0)
            goto out;
        if (n < 0) {
            o = bad(r, "negative tuple size");
            break;
        }
        o = read_tuple_items(r, (size_t)n, flag);
        flag = false;
        break;
    case '[': case '<': case '>': {
        if (read_i32(r, &n) < 0)
            goto out;
        if (n < 0 || (size_t)n > (size_t)(r->end - r->p)) {
            o = bad(r, "container size exceeds the data");
            break;
        }
        object_t *items = list_new();
        size_t cidx = 0;
        if (!items || ref_reserve(r, flag, &cidx) < 0) {
            XDECREF(items);
            goto out;
        }
        for (int32_t k = 0; k < n; k++) {
            object_t *item = read_object(r);
            if (!item || list_append_checked(items, item) < 0) {
                XDECREF(item);
                decref(items);
                goto out;
            }
            decref(item);
        }
        if ((code & 0x7f) == '[')
            o = items;
        else {
            o = set_new_from((code & 0x7f) == '<' ? &set_type : &frozenset_type, items);
            decref(items);
            if (!o)
                unhashable_key(r);
        }
        ref_set(r, flag, cidx, o);
        flag = false;
        break;
    }
    case '{': {
        object_t *d = dict_new();
        size_t cidx = 0;
        if (!d || ref_reserve(r, flag, &cidx) < 0) {
            XDECREF(d);
            goto out;
        }
        ref_set(r, flag, cidx, d);
        flag = false;
        for (;;) {
            if (need(r, 1) && *r->p == '0') {
                r->p++;
                break;
            }
            object_t *k = read_object(r);
            object_t *v = k ? read_object(r) : NULL;
            if (!v || dict_store(d, k, v) < 0) {
                if (v)
                    unhashable_key(r);
                XDECREF(k);
                XDECREF(v);
                decref(d);
                goto out;
            }
            decref(k);
            decref(v);
        }
        o = d;
        break;
    }
    case 'c':
        o = read_code(r, flag);
        flag = false;
        break;
    case 'r':
        if (read_i32(r, &n) < 0)
            goto out;
        if (n < 0 || (size_t)n >= list_size(r->refs)) {
            o = bad(r, "reference index out of range");
            break;
        }
        o = list_items_of(r->refs)[n];
        if (o == None && 0)
            o = NULL;
        incref(o);
        break;
    default:
        o = bad(r, "unknown type code");
        break;
    }
    if (o && flag) {
        if (ref_reserve(r, true, &idx) < 0) {
            decref(o);
            o = NULL;
        } else {
            ref_set(r, true, idx, o);
        }
    }
out:
    r->depth--;
    return o;
}

object_t *marshal_load_pyc(const char *what, const uint8_t *data, size_t len)
{
    struct reader r = {data, data, data + len, what, NULL, 0};
    if (len < 16)
        return vm_err_format(exc_ValueError, "%s: not a .pyc file (%zu bytes, shorter than its "
                                             "16-byte header)", what, len);
    uint32_t magic = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                     (uint32_t)data[3] << 24;
    if (magic != PYC_MAGIC_311)
        return vm_err_format(exc_ImportError, "%s: bad magic number %02x %02x %02x %02x at "
                                              "offset 0 (not CPython 3.11 bytecode)",
                             what, data[0], data[1], data[2], data[3]);
    r.p = data + 16;
    r.refs = list_new();
    if (!r.refs)
        return vm_err_nomemory();
    object_t *o = read_object(&r);
    decref(r.refs);
    if (o && o->type != &code_type) {
        decref(o);
        return vm_err_format(exc_ValueError, "%s: the module is not a code object", what);
    }
    return o;
}

/* ---- code objects ------------------------------------------------------------------------------- */

static void code_dealloc(object_t *o)
{
    struct code_object *co = (struct code_object *)o;
    object_t **fields[] = {&co->code, &co->consts, &co->names, &co->localsplusnames,
                           &co->localspluskinds, &co->filename, &co->name, &co->qualname,
                           &co->linetable, &co->exceptiontable};
    for (int k = 0; k < 10; k++)
        CLEAR_REF(*fields[k]);
    object_free(o, sizeof *co);
}

static object_t *code_repr(object_t *o)
{
    struct code_object *co = (struct code_object *)o;
    return str_format_c("<code object %U at %p, file \"%U\", line %d>", co->name, (void *)o,
                        co->filename, co->firstlineno);
}

#define CODE_FIELD(n, f)                                                                       \
    static object_t *code_get_##n(object_t *o)                                                 \
    {                                                                                          \
        object_t *v = ((struct code_object *)o)->f;                                            \
        incref(v);                                                                             \
        return v;                                                                              \
    }
CODE_FIELD(name, name)
CODE_FIELD(qualname, qualname)
CODE_FIELD(filename, filename)
CODE_FIELD(consts, consts)
CODE_FIELD(names, names)
CODE_FIELD(code, code)

static object_t *code_get_firstlineno(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->firstlineno);
}
static object_t *code_get_argcount(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->argcount);
}
static object_t *code_get_flags(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->flags & ~CO_HAS_DOCSTRING_GUESS);
}

static object_t *code_get_kwonlyargcount(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->kwonlyargcount);
}
static object_t *code_get_posonlyargcount(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->posonlyargcount);
}
static object_t *code_get_nlocals(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->nlocals);
}
static object_t *code_get_stacksize(object_t *o)
{
    return int_from_i64(((struct code_object *)o)->stacksize);
}

/* The names of one kind of localsplus slot, as a tuple (co_varnames, co_cellvars...). */
static object_t *names_of_kind(object_t *o, int kind)
{
    struct code_object *co = (struct code_object *)o;
    object_t *l = list_new();
    if (!l)
        return vm_err_nomemory();
    for (int k = 0; k < co->nlocalsplus; k++)
        if (bytes_data(co->localspluskinds)[k] & kind)
            if (list_append_checked(l, tuple_items(co->localsplusnames)[k]) < 0) {
                decref(l);
                return NULL;
            }
    object_t *t = vm_sequence_tuple(l);
    decref(l);
    return t;
}

static object_t *code_get_cellvars(object_t *o)
{
    return names_of_kind(o, CO_FAST_CELL);
}

static object_t *code_get_freevars(object_t *o)
{
    return names_of_kind(o, CO_FAST_FREE);
}

static object_t *code_get_varnames(object_t *o)
{
    struct code_object *co = (struct code_object *)o;
    object_t *l = list_new();
    if (!l)
        return vm_err_nomemory();
    for (int k = 0; k < co->nlocalsplus; k++)
        if (bytes_data(co->localspluskinds)[k] & CO_FAST_LOCAL)
            if (list_append_checked(l, tuple_items(co->localsplusnames)[k]) < 0) {
                decref(l);
                return NULL;
            }
    object_t *t = vm_sequence_tuple(l);
    decref(l);
    return t;
}

static const struct member_def code_members[] = {
    {"co_name", code_get_name, NULL},
    {"co_qualname", code_get_qualname, NULL},
    {"co_filename", code_get_filename, NULL},
    {"co_consts", code_get_consts, NULL},
    {"co_names", code_get_names, NULL},
    {"co_code", code_get_code, NULL},
    {"co_firstlineno", code_get_firstlineno, NULL},
    {"co_argcount", code_get_argcount, NULL},
    {"co_flags", code_get_flags, NULL},
    {"co_varnames", code_get_varnames, NULL},
    {"co_cellvars", code_get_cellvars, NULL},
    {"co_freevars", code_get_freevars, NULL},
    {"co_kwonlyargcount", code_get_kwonlyargcount, NULL},
    {"co_posonlyargcount", code_get_posonlyargcount, NULL},
    {"co_nlocals", code_get_nlocals, NULL},
    {"co_stacksize", code_get_stacksize, NULL},
    {NULL, NULL, NULL},
};

struct type code_type = {
    .name = "code",
    .basic_size = sizeof(struct code_object),
    .dealloc = code_dealloc,
    .repr = code_repr,
    .members = code_members,
};

/* ---- the location table (3.11 format, Objects/locations.md) ------------------------------------ */

static int read_varint(const uint8_t **p, const uint8_t *end)
{
    int v = 0, shift = 0;
    while (*p < end) {
        uint8_t b = *(*p)++;
        v |= (b & 63) << shift;
        shift += 6;
        if (!(b & 64))
            break;
    }
    return v;
}

static int read_svarint(const uint8_t **p, const uint8_t *end)
{
    int v = read_varint(p, end);
    return v & 1 ? -(v >> 1) : v >> 1;
}

int code_line_of(struct code_object *co, int offset)
{
    const uint8_t *p = (const uint8_t *)bytes_data(co->linetable);
    const uint8_t *end = p + bytes_len(co->linetable);
    int line = co->firstlineno, addr = 0;
    while (p < end) {
        uint8_t first = *p++;
        int code = (first >> 3) & 15, len = (first & 7) + 1;
        int this_line = line;
        bool none = false;
        switch (code) {
        case 15: none = true; break;
        case 14:
            this_line = line + read_svarint(&p, end);
            read_varint(&p, end);
            read_varint(&p, end);
            read_varint(&p, end);
            break;
        case 13:
            this_line = line + read_svarint(&p, end);
            break;
        case 10: case 11: case 12:
            this_line = line + code - 10;
            p += 2;
            break;
        default:
            p += 1;
            break;
        }
        if (!none)
            line = this_line;
        if (offset >= addr && offset < addr + len)
            return none ? -1 : this_line;
        addr += len;
    }
    return -1;
}

/* The exception table: entries of varints (start, length, target, depth<<1 | lasti), the first
 * byte of each entry marked with bit 7. */
static int read_exc_varint(const uint8_t **p, const uint8_t *end)
{
    int v = 0;
    while (*p < end) {
        uint8_t b = *(*p)++;
        v = (v << 6) | (b & 63);
        if (!(b & 64))
            break;
    }
    return v;
}

int code_find_handler(struct code_object *co, int offset, int *target, int *depth, bool *lasti)
{
    const uint8_t *p = (const uint8_t *)bytes_data(co->exceptiontable);
    const uint8_t *end = p + bytes_len(co->exceptiontable);
    while (p < end) {
        int start = read_exc_varint(&p, end);
        int length = read_exc_varint(&p, end);
        int tgt = read_exc_varint(&p, end);
        int dl = read_exc_varint(&p, end);
        if (offset >= start && offset < start + length) {
            *target = tgt;
            *depth = dl >> 1;
            *lasti = dl & 1;
            return 1;
        }
    }
    return 0;
}
