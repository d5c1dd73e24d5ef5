/*
 * kernel/arch/acpi.h - finding the CPUs in the ACPI tables (ACPI 6.5, sections 5.2.5-5.2.12).
 *
 * RSDP (from the multiboot2 tag: revision 0 gives the 32-bit RSDT, revision 2+ the 64-bit XSDT)
 * -> the root table's entries -> the MADT ("APIC"), whose Processor Local APIC entries name the
 * CPUs: an entry counts when it is enabled, or disabled but online-capable (the OS may start it).
 * Every table's checksum and length are checked before its contents are trusted. The tables are
 * read in place through the identity map.
 */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include <stdint.h>

#define ACPI_MAX_CPUS 64
#define LAPIC_DEFAULT_BASE 0xFEE00000u

struct acpi_cpus {
    uintptr_t lapic_base;           /* from the MADT, or its 64-bit override entry */
    unsigned count;
    uint8_t apic_id[ACPI_MAX_CPUS];
    unsigned disabled;              /* entries neither enabled nor online-capable */
    unsigned x2apic_only;           /* x2APIC entries with ids an xAPIC cannot address */
    const char *root;               /* "XSDT" or "RSDT" */
};

/* Fill *out from the RSDP; returns NULL, or a message naming the table and what is wrong. */
const char *acpi_find_cpus(const void *rsdp, unsigned rsdp_revision, struct acpi_cpus *out);

#endif
