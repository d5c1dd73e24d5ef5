/*
 * boot/header.S - the multiboot2 header (Multiboot2 specification, section 3.1).
 *
 * GRUB finds it in the first 32 KiB of the image, 8-byte aligned. We ask for no special tags:
 * GRUB passes the memory map, command line and ACPI RSDP tags on its own, and the kernel runs in
 * text mode with all output on the serial port.
 */
#define MB2_MAGIC     0xE85250D6
#define MB2_ARCH_I386 0

    .section .multiboot, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* end tag */
    .balign 8
    .short 0
    .short 0
    .long 8
mb2_header_end:
