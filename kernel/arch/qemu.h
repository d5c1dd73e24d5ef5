/*
 * kernel/arch/qemu.h - ending a QEMU run with a status (the isa-debug-exit device at port 0xF4).
 * QEMU exits with (code << 1) | 1; tools/qemu-run maps 33 to success and 35 to failure, and
 * the program statuses below back to themselves.
 * On a machine without the device the write does nothing and the CPU halts.
 */
#ifndef KERNEL_QEMU_H
#define KERNEL_QEMU_H

#define QEMU_EXIT_SUCCESS 0x10
#define QEMU_EXIT_FAILURE 0x11
/* A program's exit status n, 2 <= n <= QEMU_EXIT_STATUS_MAX (kernel/programs.c, py.run): the
 * code QEMU_EXIT_STATUS_BASE + n, so QEMU exits with 65 + 2n, which tools/qemu-run turns back
 * into n. 0 and 1 use the codes above; larger statuses end the run as a failure (1). */
#define QEMU_EXIT_STATUS_BASE 0x20
#define QEMU_EXIT_STATUS_MAX  95

void qemu_exit(int code) __attribute__((noreturn));

#endif
