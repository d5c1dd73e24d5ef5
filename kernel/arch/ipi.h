/*
 * kernel/arch/ipi.h - inter-processor interrupts: wake one CPU, stop all the others on panic.
 *
 * A wake-up IPI carries no message: its only job is to end the target's `hlt` so the idle loop
 * looks at its run queue again (the enqueue itself happens under that queue's lock before the
 * IPI is sent). The panic stop is an NMI, which arrives even on a CPU spinning with interrupts
 * off; the NMI handler parks the CPU for good.
 */
#ifndef KERNEL_IPI_H
#define KERNEL_IPI_H

struct cpu;

void ipi_init(void);                 /* register the handlers (boot CPU) */
void ipi_wakeup(struct cpu *c);      /* fixed IPI on VEC_WAKEUP to c */
void ipi_stop_others(void);          /* NMI everyone else; they stop for good */
/* Install panic_smp_ops and console_lock_ops (kernel/console/smp_console.c). */
void smp_console_init(void);

#endif
