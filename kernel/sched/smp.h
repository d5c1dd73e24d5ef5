/*
 * kernel/sched/smp.h - bringing every CPU online.
 *
 * smp_init() (boot CPU, after memory_init) finds the CPUs in the ACPI MADT, enables the boot
 * CPU's LAPIC, calibrates the LAPIC timer against the TSC, installs the panic and console locks,
 * starts each AP with INIT-SIPI-SIPI through boot/trampoline.S (one at a time, each with a
 * timeout: an AP that does not report in is named and skipped), starts the per-CPU timer tick and
 * turns the boot context into the "main" thread. Interrupts are on when it returns.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <stdint.h>

#define SMP_TRAMPOLINE_BASE 0x8000          /* must match boot/trampoline.S */
#define SMP_AP_START_TIMEOUT_MS 1000
#define SMP_INIT_DELAY_US 10000             /* INIT assert -> first SIPI (Intel MP spec B.4) */
#define SMP_SIPI_DELAY_US 200

void smp_init(void);

/* Console `cpus`: one line per CPU (id, APIC id, ticks, IPIs, context switches, busy %). */
void smp_print_cpus(void);

/* LAPIC timer rate measured at boot, ticks per second (divide-by-16). */
uint64_t smp_lapic_timer_hz(void);

#endif
