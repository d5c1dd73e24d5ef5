/*
 * kernel/arch/acpi.c - RSDT/XSDT walk and MADT parse (see acpi.h). Fields are read with memcpy:
 * ACPI structures are packed and their multi-byte fields are often misaligned.
 */
#include "kernel/arch/acpi.h"
#include "mm/platform.h"

#define SDT_HEADER_BYTES 36
#define RSDP_RSDT_ADDR   16
#define RSDP_XSDT_ADDR   24
#define MADT_LAPIC_ADDR  36
#define MADT_ENTRIES     44
#define MADT_LOCAL_APIC          0
#define MADT_LAPIC_OVERRIDE      5
#define MADT_LOCAL_X2APIC        9
#define MADT_ENABLED        (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)
#define ACPI_TABLE_MAX_BYTES (1u << 20)     /* sanity bound on a table's length */

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* A table at phys with the signature sig, a sane length and a zero checksum, or NULL. */
static const uint8_t *table_at(uint64_t phys, const char *sig)
{
    const uint8_t *t = (const uint8_t *)(uintptr_t)phys;
    uint32_t len;
    uint8_t sum = 0;
    if (!phys || phys >= (64ULL << 30))
        return NULL;
    len = rd32(t + 4);
    if (memcmp(t, sig, 4) != 0 || len < SDT_HEADER_BYTES || len > ACPI_TABLE_MAX_BYTES)
        return NULL;
    for (uint32_t i = 0; i < len; i++)
        sum += t[i];
    return sum == 0 ? t : NULL;
}

static const char *parse_madt(const uint8_t *madt, struct acpi_cpus *out)
{
    uint32_t len = rd32(madt + 4), off = MADT_ENTRIES;
    out->lapic_base = rd32(madt + MADT_LAPIC_ADDR);
    while (off + 2 <= len) {
        uint8_t type = madt[off], elen = madt[off + 1];
        if (elen < 2 || off + elen > len)
            return "MADT: an entry runs past the end of the table";
        if (type == MADT_LOCAL_APIC && elen >= 8) {
            uint32_t flags = rd32(madt + off + 4);
            if (!(flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE)))
                out->disabled++;
            else if (out->count < ACPI_MAX_CPUS)
                out->apic_id[out->count++] = madt[off + 3];
        } else if (type == MADT_LAPIC_OVERRIDE && elen >= 12) {
            out->lapic_base = rd64(madt + off + 4);
        } else if (type == MADT_LOCAL_X2APIC && elen >= 16) {
            /* Ids below 255 also appear as local APIC entries; larger ones need x2APIC mode. */
            if (rd32(madt + off + 4) >= 0xFF && (rd32(madt + off + 8) & (MADT_ENABLED | MADT_ONLINE_CAPABLE)))
                out->x2apic_only++;
        }
        off += elen;
    }
    return out->count ? NULL : "MADT: no usable local APIC entries";
}

const char *acpi_find_cpus(const void *rsdp, unsigned rsdp_revision, struct acpi_cpus *out)
{
    const uint8_t *r = rsdp, *root;
    unsigned entry_bytes, n;
    memset(out, 0, sizeof *out);
    if (!r)
        return "no RSDP from the boot loader";
    if (memcmp(r, "RSD PTR ", 8) != 0)
        return "RSDP: bad signature";
    if (rsdp_revision >= 2 && (root = table_at(rd64(r + RSDP_XSDT_ADDR), "XSDT"))) {
        out->root = "XSDT";
        entry_bytes = 8;
    } else if ((root = table_at(rd32(r + RSDP_RSDT_ADDR), "RSDT"))) {
        out->root = "RSDT";
        entry_bytes = 4;
    } else {
        return "RSDP: neither the XSDT nor the RSDT is a valid table";
    }
    n = (rd32(root + 4) - SDT_HEADER_BYTES) / entry_bytes;
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *e = root + SDT_HEADER_BYTES + i * entry_bytes;
        const uint8_t *madt = table_at(entry_bytes == 8 ? rd64(e) : rd32(e), "APIC");
        if (madt)
            return parse_madt(madt, out);
    }
    return out->root[0] == 'X' ? "XSDT lists no valid MADT" : "RSDT lists no valid MADT";
}
