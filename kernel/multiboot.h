/*
 * kernel/multiboot.h - reading the multiboot2 boot information GRUB hands over (Multiboot2
 * specification, section 3.6): the command line, the memory map, the ACPI RSDP and the modules
 * (files GRUB loaded beside the kernel: the program archives, kernel/programs.c).
 */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36D76289
#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_LOADER   2
#define MB2_TAG_MODULE   3
#define MB2_TAG_MMAP     6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

#define MB2_MEMORY_AVAILABLE 1
#define MB2_MEMORY_ACPI_RECLAIMABLE 3

#define BOOT_CMDLINE_MAX 512
#define BOOT_MMAP_MAX    64
#define BOOT_MODULES_MAX 8
#define BOOT_MODULE_NAME_MAX 32

struct boot_mmap_entry {
    uint64_t base, length;
    uint32_t type;
};

/* A module: its bytes [start, end) where GRUB put them, and its string (module2's arguments
 * after the file name: "pymm.arc"). */
struct boot_module {
    uintptr_t start, end;
    char name[BOOT_MODULE_NAME_MAX];
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    bool cmdline_truncated;
    char loader[64];
    struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
    unsigned mmap_count;
    bool mmap_truncated;
    const void *rsdp;           /* copy of the RSDP inside the boot information, or NULL */
    unsigned rsdp_revision;     /* 0: ACPI 1.0 RSDP (20 bytes); 2: ACPI 2.0+ (XSDT address) */
    bool rsdp_checksum_ok;
    struct boot_module modules[BOOT_MODULES_MAX];   /* in the order GRUB loaded them */
    unsigned module_count;
    bool modules_truncated;
    uintptr_t info_start, info_end;   /* the boot information itself, to keep it reserved */
};

/*
 * Parse the boot information at `info`. Returns NULL on success, or a message naming what is
 * wrong (bad magic, a tag running past the end, ...). Never reads outside [info, info + size).
 */
const char *multiboot_parse(uint32_t magic, const void *info, struct boot_info *out);

/* Usable RAM in bytes (available entries of the memory map). */
uint64_t boot_usable_bytes(const struct boot_info *bi);

#endif
