/*
 * vm/archive.h - the program archive: the compiled Python programs the kernel can run.
 *
 * Format (written by tools/pyc-pack), all integers little-endian:
 *     "PYMMARC1" | u32 entry count | entries
 *     entry = u32 name length | name bytes | u32 data length | data
 * A name is a relative path in UTF-8 ("py/countdown.py", "prog.py"): 1..PY_ARCHIVE_NAME_MAX
 * bytes, no control characters, no leading '/', no empty component; names are unique within an
 * archive. The data is a whole .pyc file: a 16-byte header starting with CPython 3.11's magic
 * number, then the marshalled module code object.
 *
 * A struct py_archive is a search path of up to PY_ARCHIVE_PARTS_MAX archives in memory (the
 * kernel: the user's archive first, then the one built with the ISO). py_archive_add validates a
 * whole archive before it joins, so every later read is within bounds and needs no checks: an
 * archive that is truncated, counts more entries than it holds, has bytes after its last entry,
 * or a bad or repeated name is refused with one line naming the archive, the byte offset and
 * the entry. The .pyc magic is checked per entry (py_archive_check_pyc) when a program is about
 * to run, so one stale file does not hide the others.
 *
 * Lookup goes through the parts in order and the first part holding a name wins; the entries it
 * hides are still listed by the iterator, marked shadowed. Nothing here allocates or copies the
 * archives: they must stay in place (the kernel's are boot modules, never freed) while in use.
 */
#ifndef VM_ARCHIVE_H
#define VM_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PY_ARCHIVE_MAGIC       "PYMMARC1"
#define PY_ARCHIVE_MAGIC_BYTES 8
#define PY_ARCHIVE_PARTS_MAX   4
#define PY_ARCHIVE_ENTRIES_MAX 4096      /* per archive; also bounds the duplicate-name check */
#define PY_ARCHIVE_NAME_MAX    255
#define PY_ARCHIVE_LABEL_MAX   32
#define PY_ARCHIVE_ERROR_MAX   192       /* room for any error message below */

#define PYC_HEADER_BYTES 16              /* magic, flags, then mtime and size, or a source hash */
#define PYC_MAGIC_3_11   "\xa7\x0d\x0d\x0a"   /* importlib.util.MAGIC_NUMBER of 3.11 (3495) */

struct py_archive_part {
    char label[PY_ARCHIVE_LABEL_MAX];    /* names the archive in errors ("pymm.arc") */
    const uint8_t *base;
    size_t size;
    uint32_t count;
};

struct py_archive {
    struct py_archive_part parts[PY_ARCHIVE_PARTS_MAX];
    unsigned nparts;
};

struct py_archive_entry {
    char name[PY_ARCHIVE_NAME_MAX + 1];  /* NUL-terminated copy */
    const uint8_t *data;                 /* the .pyc bytes, inside the archive */
    uint32_t size;
    unsigned part;                       /* index into parts[] */
    uint32_t index;                      /* position within its part */
    size_t offset;                       /* of the entry's name length field, within its part */
};

struct py_archive_iter {
    unsigned part;
    uint32_t index;
    size_t offset;
};

/* An empty search path. */
void py_archive_init(struct py_archive *ar);

/*
 * Validate the archive at [base, base + size) and append it to ar's search path (searched after
 * the parts added before). Returns true, or false with a one-line message in err (at most
 * errlen bytes, PY_ARCHIVE_ERROR_MAX is enough) and ar unchanged.
 */
bool py_archive_add(struct py_archive *ar, const char *label, const void *base, size_t size,
                    char *err, size_t errlen);

/* Entries in all parts, the hidden ones included. */
uint32_t py_archive_count(const struct py_archive *ar);

/* The entry called name in the first part that has one. False when none has. */
bool py_archive_find(const struct py_archive *ar, const char *name, struct py_archive_entry *out);

/*
 * The module `import module` in the program `importer` means: the file module.py in the same
 * directory of the archive ("tests/py/main.py" importing "helper" finds "tests/py/helper.py";
 * a dotted name "pkg.mod" finds "tests/py/pkg/mod.py"). False when there is none or the name
 * cannot be one.
 */
bool py_archive_find_import(const struct py_archive *ar, const char *importer, const char *module,
                            struct py_archive_entry *out);

/* Walk every entry of every part, in order: start, then next until it returns false. */
void py_archive_iter_start(struct py_archive_iter *it);
bool py_archive_next(const struct py_archive *ar, struct py_archive_iter *it,
                     struct py_archive_entry *out);

/* Is e hidden by an entry of the same name in an earlier part? */
bool py_archive_shadowed(const struct py_archive *ar, const struct py_archive_entry *e);

/*
 * Is e's data a .pyc of CPython 3.11 (the full header present, the 3.11 magic)? False with a
 * message naming the entry and what its header holds.
 */
bool py_archive_check_pyc(const struct py_archive *ar, const struct py_archive_entry *e,
                          char *err, size_t errlen);

#endif
