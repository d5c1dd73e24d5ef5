/* kernel/arch/qemu.c - see qemu.h. */
#include "kernel/arch/qemu.h"
#include "kernel/arch/io.h"

#define QEMU_EXIT_PORT 0xF4

void qemu_exit(int code)
{
    outb(QEMU_EXIT_PORT, (uint8_t)code);
    for (;;) {
        irq_disable();
        __asm__ volatile("hlt");
    }
}
