/*
 * kernel/ksyms.c - address-to-name lookup over the table tools/gen-ksyms embeds in .ksyms.
 * The table is sorted by address, so a lookup is a binary search for the last symbol at or
 * below the address.
 */
#include "kernel/ksyms.h"
#include "kernel/kprintf.h"
#include "mm/platform.h"

struct ksym {
    uint64_t addr;
    uint64_t name_offset;
};

extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char ksyms_names[];
extern const char _text_start[], _text_end[];

const char *ksym_lookup(uintptr_t addr, uintptr_t *start)
{
    size_t lo = 0, hi = ksyms_count;

    if (addr < (uintptr_t)_text_start || addr >= (uintptr_t)_text_end || hi == 0)
        return NULL;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (ksyms_table[lo].addr > addr)
        return NULL;
    if (start)
        *start = ksyms_table[lo].addr;
    return ksyms_names + ksyms_table[lo].name_offset;
}

const char *ksym_format(uintptr_t addr, char *buf, size_t len)
{
    uintptr_t start;
    const char *name = ksym_lookup(addr, &start);
    if (name)
        ksnprintf(buf, len, "%s+0x%lx", name, (unsigned long)(addr - start));
    else
        ksnprintf(buf, len, "0x%lx", (unsigned long)addr);
    return buf;
}

uintptr_t ksym_address(const char *name)
{
    for (uint64_t i = 0; i < ksyms_count; i++)
        if (strcmp(ksyms_names + ksyms_table[i].name_offset, name) == 0)
            return ksyms_table[i].addr;
    return 0;
}
