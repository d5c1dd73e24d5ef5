/*
 * kernel/arch/ipi.c - wake-up and stop IPIs (see ipi.h).
 */
#include "kernel/arch/ipi.h"
#include "kernel/arch/io.h"
#include "kernel/arch/lapic.h"
#include "kernel/sched/percpu.h"
#include "kernel/arch/trap.h"

#define VEC_NMI 2

static volatile bool stopping;     /* set before the stop NMI; NMIs are otherwise unexpected */

static void wakeup_handler(struct trap_frame *tf)
{
    (void)tf;
    this_cpu()->ipis_received++;
    lapic_eoi();
}

static void spurious_handler(struct trap_frame *tf)
{
    (void)tf;                       /* a spurious interrupt must not be EOIed */
}

static void nmi_handler(struct trap_frame *tf)
{
    (void)tf;
    /* Paired with the release store in ipi_stop_others(). */
    if (__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
        for (;;)
            __asm__ volatile("cli; hlt");
    /* An NMI nobody sent (hardware error, watchdog): QEMU does not produce these; ignore. */
}

void ipi_init(void)
{
    trap_set_handler(VEC_WAKEUP, wakeup_handler);
    trap_set_handler(VEC_SPURIOUS, spurious_handler);
    trap_set_handler(VEC_NMI, nmi_handler);
    smp_console_init();
}

void ipi_wakeup(struct cpu *c)
{
    lapic_send_fixed(c->apic_id, VEC_WAKEUP);
}

void ipi_stop_others(void)
{
    __atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
    if (percpu_online() > 1)
        lapic_send_nmi_others();
}
