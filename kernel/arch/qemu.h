/*
 * kernel/arch/qemu.h - ending a QEMU run with a status (the isa-debug-exit device at port 0xF4).
 * QEMU exits with (code << 1) | 1; tools/qemu-run maps 33 to success and 35 to failure.
 * On a machine without the device the write does nothing and the CPU halts.
 */
#ifndef KERNEL_QEMU_H
#define KERNEL_QEMU_H

#define QEMU_EXIT_SUCCESS 0x10
#define QEMU_EXIT_FAILURE 0x11

void qemu_exit(int code) __attribute__((noreturn));

#endif
