/* kernel/arch/tsc.h - the time-stamp counter, calibrated against the PIT at boot. */
#ifndef KERNEL_TSC_H
#define KERNEL_TSC_H

#include <stdint.h>

void tsc_calibrate(void);            /* boot CPU, interrupts off */
uint64_t tsc_hz(void);
uint64_t tsc_to_us(uint64_t cycles);
void tsc_delay_us(uint64_t us);      /* busy-wait */

#endif
