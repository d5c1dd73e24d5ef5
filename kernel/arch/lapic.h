/*
 * kernel/arch/lapic.h - the local APIC in xAPIC mode, through its MMIO page (QEMU 7.2's TCG has no
 * x2APIC). The page at LAPIC_DEFAULT_BASE lies inside boot/entry.S's 2 MiB identity map.
 *
 * Interrupt vectors used by the SMP code are defined here so they are all in one place.
 */
#ifndef KERNEL_LAPIC_H
#define KERNEL_LAPIC_H

#include <stdint.h>

#define VEC_TIMER     0x40          /* LAPIC timer tick (kernel/sched/timer.c) */
#define VEC_WAKEUP    0x41          /* IPI: a thread became runnable here (kernel/arch/ipi.c) */
#define VEC_SPURIOUS  0xFF

/* Map (identity) and enable the boot CPU's LAPIC; later CPUs call lapic_enable(). */
void lapic_init(uintptr_t base);
void lapic_enable(void);
uint32_t lapic_id(void);
void lapic_eoi(void);

/* Send an IPI: delivery mode fixed with `vector` to the CPU with this APIC id. Irq-safe. */
void lapic_send_fixed(uint32_t apic_id, uint8_t vector);
/* NMI to every CPU but this one (panic stop). */
void lapic_send_nmi_others(void);
/* The start-up sequence: INIT, then two SIPIs with the trampoline page number. */
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t page);

/* Count timer ticks (divide-by-16) against the TSC over LAPIC_CALIBRATE_US; returns ticks/s. */
uint64_t lapic_timer_calibrate(void);
/* Periodic timer at hz on VEC_TIMER, using the calibrated rate. */
void lapic_timer_periodic(uint64_t ticks_per_s, unsigned hz);
/* Stop this CPU's timer (an initial count of 0 disarms it). */
void lapic_timer_stop(void);

#endif
