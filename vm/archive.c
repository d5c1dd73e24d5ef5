/*
 * vm/archive.c - validating, searching and walking program archives (see archive.h).
 *
 * py_archive_add walks the archive once and checks every length against the bytes left before
 * reading what it covers (never `off + len > size`, which can wrap), so the walk itself cannot
 * read out of bounds whatever the input; after it, the entry reader trusts the layout. The
 * duplicate-name check compares each name with those before it: quadratic, bounded by
 * PY_ARCHIVE_ENTRIES_MAX, and free of allocation.
 */
#include "vm/archive.h"
#include "mm/platform.h"

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Structural UTF-8 check: lead bytes, continuation bytes, no overlong forms or surrogates. */
static bool utf8_valid(const uint8_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        uint8_t c = s[i];
        uint32_t len, cp;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0)
            len = 2, cp = c & 0x1f;
        else if ((c & 0xf0) == 0xe0)
            len = 3, cp = c & 0x0f;
        else if ((c & 0xf8) == 0xf0)
            len = 4, cp = c & 0x07;
        else
            return false;
        if (len > n - i)
            return false;
        for (uint32_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

/* NULL when name is acceptable, else what is wrong with it. */
static const char *name_problem(const uint8_t *name, uint32_t n)
{
    if (n == 0)
        return "empty name";
    if (n > PY_ARCHIVE_NAME_MAX)
        return "name longer than 255 bytes";
    if (name[0] == '/')
        return "name is an absolute path";
    for (uint32_t i = 0; i < n; i++) {
        if (name[i] < 0x20 || name[i] == 0x7f)
            return "name has a control character";
        if (name[i] == '/' && (i + 1 == n || name[i + 1] == '/'))
            return "name has an empty path component";
    }
    if (!utf8_valid(name, n))
        return "name is not valid UTF-8";
    return NULL;
}

/* Read the entry at off of a validated part. Returns the offset of the next entry. */
static size_t read_entry(const struct py_archive_part *p, size_t off, struct py_archive_entry *out)
{
    uint32_t name_len = get_u32(p->base + off);
    memcpy(out->name, p->base + off + 4, name_len);
    out->name[name_len] = '\0';
    out->size = get_u32(p->base + off + 4 + name_len);
    out->data = p->base + off + 8 + name_len;
    out->offset = off;
    return off + 8 + name_len + out->size;
}

static bool fail(char *err, size_t errlen, const char *label, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool fail(char *err, size_t errlen, const char *label, size_t off, const char *fmt, ...)
{
    char what[PY_ARCHIVE_ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    platform_vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (err && errlen)
        platform_snprintf(err, errlen, "%s: offset 0x%lx: %s", label, (unsigned long)off, what);
    return false;
}

bool py_archive_add(struct py_archive *ar, const char *label, const void *base, size_t size,
                    char *err, size_t errlen)
{
    struct py_archive_part part;
    const uint8_t *b = base;
    size_t off;
    uint32_t count;

    memset(&part, 0, sizeof part);
    platform_snprintf(part.label, sizeof part.label, "%s", label);
    if (ar->nparts == PY_ARCHIVE_PARTS_MAX)
        return fail(err, errlen, part.label, 0, "no room for a %uth archive",
                    PY_ARCHIVE_PARTS_MAX + 1);
    if (!base || size < PY_ARCHIVE_MAGIC_BYTES + 4)
        return fail(err, errlen, part.label, 0, "%lu bytes, shorter than the 12-byte header",
                    (unsigned long)size);
    if (memcmp(b, PY_ARCHIVE_MAGIC, PY_ARCHIVE_MAGIC_BYTES) != 0)
        return fail(err, errlen, part.label, 0, "not a program archive (no PYMMARC1 magic)");
    count = get_u32(b + PY_ARCHIVE_MAGIC_BYTES);
    if (count > PY_ARCHIVE_ENTRIES_MAX)
        return fail(err, errlen, part.label, PY_ARCHIVE_MAGIC_BYTES,
                    "entry count %u is above the limit of %u", count, PY_ARCHIVE_ENTRIES_MAX);
    part.base = b;
    part.size = size;
    off = PY_ARCHIVE_MAGIC_BYTES + 4;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t name_len, data_len;
        const char *problem;
        size_t at = off;
        if (size - off < 4)
            return fail(err, errlen, part.label, off,
                        "entry %u of %u: the archive ends before its name length", i, count);
        name_len = get_u32(b + off);
        off += 4;
        if (name_len > size - off)
            return fail(err, errlen, part.label, at,
                        "entry %u: name length %u runs past the end (%lu bytes left)", i, name_len,
                        (unsigned long)(size - off));
        problem = name_problem(b + off, name_len);
        if (problem)
            return fail(err, errlen, part.label, at, "entry %u: %s", i, problem);
        off += name_len;
        if (size - off < 4)
            return fail(err, errlen, part.label, off,
                        "entry %u: the archive ends before its data length", i);
        data_len = get_u32(b + off);
        off += 4;
        if (data_len > size - off)
            return fail(err, errlen, part.label, at,
                        "entry %u (%.*s): data length %u runs past the end (%lu bytes left)", i,
                        (int)name_len, (const char *)b + at + 4, data_len,
                        (unsigned long)(size - off));
        off += data_len;
        /* Compare with the names before, whose layout the walk has checked already. */
        size_t o = PY_ARCHIVE_MAGIC_BYTES + 4;
        for (uint32_t k = 0; k < i; k++) {
            uint32_t other_len = get_u32(b + o);
            if (other_len == name_len && memcmp(b + o + 4, b + at + 4, name_len) == 0)
                return fail(err, errlen, part.label, at, "entry %u: name %.*s repeats entry %u",
                            i, (int)name_len, (const char *)b + at + 4, k);
            o += 8 + other_len + get_u32(b + o + 4 + other_len);
        }
        part.count = i + 1;
    }
    if (off != size)
        return fail(err, errlen, part.label, off, "%lu bytes after the last of %u entries",
                    (unsigned long)(size - off), count);
    ar->parts[ar->nparts++] = part;
    return true;
}

void py_archive_init(struct py_archive *ar)
{
    memset(ar, 0, sizeof *ar);
}

uint32_t py_archive_count(const struct py_archive *ar)
{
    uint32_t n = 0;
    for (unsigned i = 0; i < ar->nparts; i++)
        n += ar->parts[i].count;
    return n;
}

void py_archive_iter_start(struct py_archive_iter *it)
{
    it->part = 0;
    it->index = 0;
    it->offset = PY_ARCHIVE_MAGIC_BYTES + 4;
}

bool py_archive_next(const struct py_archive *ar, struct py_archive_iter *it,
                     struct py_archive_entry *out)
{
    while (it->part < ar->nparts && it->index == ar->parts[it->part].count) {
        it->part++;
        it->index = 0;
        it->offset = PY_ARCHIVE_MAGIC_BYTES + 4;
    }
    if (it->part == ar->nparts)
        return false;
    out->part = it->part;
    out->index = it->index++;
    it->offset = read_entry(&ar->parts[it->part], it->offset, out);
    return true;
}

/* The first entry called name in parts [0, parts_end). */
static bool find_before(const struct py_archive *ar, unsigned parts_end, const char *name,
                        struct py_archive_entry *out)
{
    size_t n = strlen(name);
    struct py_archive_iter it;
    if (n == 0 || n > PY_ARCHIVE_NAME_MAX)
        return false;
    py_archive_iter_start(&it);
    while (it.part < parts_end && py_archive_next(ar, &it, out))
        if (out->part < parts_end && strcmp(out->name, name) == 0)
            return true;
    return false;
}

bool py_archive_find(const struct py_archive *ar, const char *name, struct py_archive_entry *out)
{
    return find_before(ar, ar->nparts, name, out);
}

bool py_archive_shadowed(const struct py_archive *ar, const struct py_archive_entry *e)
{
    struct py_archive_entry earlier;
    return find_before(ar, e->part, e->name, &earlier);
}

bool py_archive_find_import(const struct py_archive *ar, const char *importer, const char *module,
                            struct py_archive_entry *out)
{
    char path[PY_ARCHIVE_NAME_MAX + 1];
    const char *slash = NULL;
    size_t dir_len, mod_len = strlen(module);

    for (const char *p = importer; *p; p++)
        if (*p == '/')
            slash = p;
    dir_len = slash ? (size_t)(slash - importer) + 1 : 0;
    if (mod_len == 0 || dir_len + mod_len + 3 > PY_ARCHIVE_NAME_MAX)
        return false;
    for (size_t i = 0; i < mod_len; i++) {
        char c = module[i];
        bool edge = i == 0 || i + 1 == mod_len;
        if (c == '/' || (c == '.' && (edge || module[i + 1] == '.')))
            return false;
    }
    memcpy(path, importer, dir_len);
    for (size_t i = 0; i < mod_len; i++)
        path[dir_len + i] = module[i] == '.' ? '/' : module[i];
    memcpy(path + dir_len + mod_len, ".py", 4);
    return py_archive_find(ar, path, out);
}

bool py_archive_check_pyc(const struct py_archive *ar, const struct py_archive_entry *e,
                          char *err, size_t errlen)
{
    const char *label = ar->parts[e->part].label;
    if (e->size < PYC_HEADER_BYTES)
        return fail(err, errlen, label, e->offset,
                    "%s: %u bytes, shorter than a .pyc header (16 bytes)", e->name, e->size);
    if (memcmp(e->data, PYC_MAGIC_3_11, 4) != 0) {
        uint32_t magic = get_u32(e->data);
        return fail(err, errlen, label, e->offset,
                    "%s: bad magic %02x %02x %02x %02x (number %u): not compiled by CPython 3.11 "
                    "(a7 0d 0d 0a, number 3495)",
                    e->name, e->data[0], e->data[1], e->data[2], e->data[3], magic & 0xffff);
    }
    return true;
}
