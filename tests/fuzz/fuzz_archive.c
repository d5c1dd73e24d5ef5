/*
 * tests/fuzz/fuzz_archive.c - libFuzzer target for the program archive reader (vm/archive.c).
 *
 * The input is an archive without its 8-byte magic (prepended here, so mutations spend their
 * time on counts, lengths and names rather than on finding "PYMMARC1"). Whatever it holds, the
 * reader must stay inside the buffer (ASan), and:
 *   - refused: a message naming the archive and an offset, and the search path unchanged;
 *   - accepted: the iterator yields exactly the counted entries, each inside the buffer, laid
 *     end to end up to the last byte, with a NUL-terminated name of at most 255 bytes that
 *     lookup finds again (names are unique), and the .pyc check answers without reading past
 *     the entry; added a second time, every entry of the copy is shadowed.
 */
#include "vm/archive.h"
#include "tests/fuzz/fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size + PY_ARCHIVE_MAGIC_BYTES);
    struct py_archive ar;
    struct py_archive_iter it;
    struct py_archive_entry e, found;
    char err[PY_ARCHIVE_ERROR_MAX];
    uint32_t seen = 0, shadowed = 0;
    size_t bytes = PY_ARCHIVE_MAGIC_BYTES + 4;

    if (!buf)
        return 0;
    memcpy(buf, PY_ARCHIVE_MAGIC, PY_ARCHIVE_MAGIC_BYTES);
    memcpy(buf + PY_ARCHIVE_MAGIC_BYTES, data, size);
    size += PY_ARCHIVE_MAGIC_BYTES;
    py_archive_init(&ar);
    err[0] = '\0';
    if (!py_archive_add(&ar, "f.arc", buf, size, err, sizeof err)) {
        CHECK(strncmp(err, "f.arc: offset 0x", 16) == 0, "error '%s'", err);
        CHECK(ar.nparts == 0, "a refused archive joined");
        free(buf);
        return 0;
    }
    py_archive_iter_start(&it);
    while (py_archive_next(&ar, &it, &e)) {
        size_t name_len = strlen(e.name);
        CHECK(e.index == seen, "entry %u came as index %u", seen, e.index);
        CHECK(name_len >= 1 && name_len <= PY_ARCHIVE_NAME_MAX, "name length %zu", name_len);
        CHECK(e.data >= buf && e.data + e.size <= buf + size, "entry %u outside the buffer", seen);
        CHECK(e.offset == bytes, "entry %u at %zu, expected %zu", seen, e.offset, bytes);
        bytes += 8 + name_len + e.size;
        CHECK(py_archive_find(&ar, e.name, &found) && found.index == e.index,
              "lookup of entry %u's name", seen);
        CHECK(!py_archive_shadowed(&ar, &e), "entry %u shadowed in a single archive", seen);
        if (!py_archive_check_pyc(&ar, &e, err, sizeof err))
            CHECK(strstr(err, e.name) != NULL, "pyc error '%s' does not name the entry", err);
        seen++;
    }
    CHECK(seen == py_archive_count(&ar), "iterated %u of %u", seen, py_archive_count(&ar));
    CHECK(bytes == size, "entries cover %zu of %zu bytes", bytes, size);
    CHECK(py_archive_add(&ar, "g.arc", buf, size, err, sizeof err), "second add: %s", err);
    py_archive_iter_start(&it);
    while (py_archive_next(&ar, &it, &e))
        if (py_archive_shadowed(&ar, &e)) {
            CHECK(e.part == 1, "an entry of the first archive is shadowed");
            shadowed++;
        }
    CHECK(shadowed == seen, "%u of %u copies shadowed", shadowed, seen);
    free(buf);
    return 0;
}
