/*
 * kernel/multiboot.c - multiboot2 tag walker (see multiboot.h).
 *
 * The information is a u32 total size, a reserved u32, then tags { u32 type; u32 size; ... },
 * each starting 8-byte aligned, ending with a tag of type 0. Every size is checked against the
 * total before anything is read, so a malformed structure yields an error message, not a fault.
 * Strings are copied out (bounded) so the rest of the kernel never depends on the layout.
 */
#include "kernel/multiboot.h"
#include "mm/platform.h"

#define MB2_INFO_MAX (1u << 20)   /* sanity bound on the total size */

struct mb2_tag {
    uint32_t type, size;
};

static void copy_string(char *dst, size_t cap, const char *src, size_t avail, bool *truncated)
{
    size_t n = 0;
    while (n < avail && src[n])
        n++;
    if (truncated)
        *truncated = n >= cap;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static bool checksum_ok(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    while (n--)
        sum += *p++;
    return sum == 0;
}

static const char *parse_mmap(const uint8_t *tag, uint32_t size, struct boot_info *out)
{
    uint32_t entry_size, off;
    if (size < 16)
        return "memory map tag too short";
    memcpy(&entry_size, tag + 8, 4);
    if (entry_size < 24 || entry_size % 8)
        return "memory map tag has a bad entry size";
    for (off = 16; off + entry_size <= size; off += entry_size) {
        struct boot_mmap_entry e;
        if (out->mmap_count == BOOT_MMAP_MAX) {
            out->mmap_truncated = true;
            break;
        }
        memcpy(&e.base, tag + off, 8);
        memcpy(&e.length, tag + off + 8, 8);
        memcpy(&e.type, tag + off + 16, 4);
        out->mmap[out->mmap_count++] = e;
    }
    return NULL;
}

const char *multiboot_parse(uint32_t magic, const void *info, struct boot_info *out)
{
    const uint8_t *base = info;
    uint32_t total, off;

    memset(out, 0, sizeof *out);
    if (magic != MB2_BOOTLOADER_MAGIC)
        return "not started by a multiboot2 loader (bad magic in EAX)";
    if (!info || ((uintptr_t)info & 7))
        return "boot information pointer is NULL or misaligned";
    memcpy(&total, base, 4);
    if (total < 16 || total > MB2_INFO_MAX)
        return "boot information has an implausible total size";
    out->info_start = (uintptr_t)info;
    out->info_end = (uintptr_t)info + total;

    for (off = 8; off + sizeof(struct mb2_tag) <= total;) {
        struct mb2_tag t;
        const uint8_t *tag = base + off;
        const char *err = NULL;
        memcpy(&t, tag, sizeof t);
        if (t.type == MB2_TAG_END)
            return NULL;
        if (t.size < 8 || t.size > total - off)
            return "a boot information tag runs past the end";
        switch (t.type) {
        case MB2_TAG_CMDLINE:
            copy_string(out->cmdline, sizeof out->cmdline, (const char *)tag + 8, t.size - 8,
                        &out->cmdline_truncated);
            break;
        case MB2_TAG_LOADER:
            copy_string(out->loader, sizeof out->loader, (const char *)tag + 8, t.size - 8, NULL);
            break;
        case MB2_TAG_MODULE: {
            uint32_t start, end;
            struct boot_module *m;
            if (t.size < 17)
                return "a module tag is too short";
            memcpy(&start, tag + 8, 4);
            memcpy(&end, tag + 12, 4);
            if (end < start)
                return "a module tag ends before it starts";
            if (out->module_count == BOOT_MODULES_MAX) {
                out->modules_truncated = true;
                break;
            }
            m = &out->modules[out->module_count++];
            m->start = start;
            m->end = end;
            copy_string(m->name, sizeof m->name, (const char *)tag + 16, t.size - 16, NULL);
            break;
        }
        case MB2_TAG_MMAP:
            err = parse_mmap(tag, t.size, out);
            break;
        case MB2_TAG_ACPI_OLD:
        case MB2_TAG_ACPI_NEW: {
            unsigned rev = t.type == MB2_TAG_ACPI_NEW ? 2 : 0;
            size_t need = rev ? 36 : 20;
            if (t.size - 8 < need)
                return "ACPI RSDP tag too short";
            /* Prefer the ACPI 2.0 RSDP whichever order the tags come in. */
            if (!out->rsdp || rev > out->rsdp_revision) {
                out->rsdp = tag + 8;
                out->rsdp_revision = rev;
                out->rsdp_checksum_ok = checksum_ok(tag + 8, 20) && (!rev || checksum_ok(tag + 8, 36));
            }
            break;
        }
        default:
            break;
        }
        if (err)
            return err;
        off += (t.size + 7) & ~7u;
    }
    return "boot information has no end tag";
}

uint64_t boot_usable_bytes(const struct boot_info *bi)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < bi->mmap_count; i++)
        if (bi->mmap[i].type == MB2_MEMORY_AVAILABLE)
            total += bi->mmap[i].length;
    return total;
}
