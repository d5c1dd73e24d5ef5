/*
 * kernel/arch/fpu.h - the x87/SSE unit: switched on for every CPU, saved per thread.
 *
 * The kernel proper is built with -mgeneral-regs-only, so interrupt handlers and the scheduler
 * never touch x87/SSE registers; only code built without it (vm/, which uses doubles, and the
 * tests that check this file) does, and it only runs in threads. So the registers belong to
 * threads, and a context switch is the one place they change hands: schedule_locked() saves
 * the outgoing thread's state with fpu_save() and loads the incoming one's with fpu_restore()
 * (eager switching; kernel/arch/fpu.c says why not lazy).
 *
 * struct fpu_state is the 512-byte FXSAVE image (Intel SDM vol. 1, 10.5.1), 16-byte aligned as
 * FXSAVE requires. A new thread starts from fpu_state_init()'s image: the x87 control word 0x37f
 * (all exceptions masked, 64-bit precision, round to nearest) and MXCSR 0x1f80 (the same for
 * SSE), empty x87 stack, zeroed registers: what the SysV ABI says a program starts with.
 */
#ifndef KERNEL_ARCH_FPU_H
#define KERNEL_ARCH_FPU_H

#include <stdint.h>

#define FPU_STATE_BYTES   512
#define FPU_DEFAULT_FCW   0x037f     /* x87 control word after FNINIT */
#define FPU_DEFAULT_MXCSR 0x1f80     /* MXCSR at reset: all SIMD exceptions masked */

struct fpu_state {
    _Alignas(16) uint8_t image[FPU_STATE_BYTES];
};

/* Switch the unit on for the calling CPU (CR0.MP and NE set, EM and TS clear; CR4.OSFXSR and
 * OSXMMEXCPT set) and give it the default control words. Each CPU, once, before any thread of it
 * runs SSE code: kmain for the boot CPU, ap_main for the others. */
void fpu_init_cpu(void);

/* Fill s with the state a new thread starts from (see the top comment). */
void fpu_state_init(struct fpu_state *s);

/* Store the calling CPU's x87/SSE registers in s. */
static inline void fpu_save(struct fpu_state *s)
{
    __asm__ volatile("fxsave64 %0" : "=m"(*s));
}

/* Load the calling CPU's x87/SSE registers from s (an image from fpu_save or fpu_state_init). */
static inline void fpu_restore(const struct fpu_state *s)
{
    __asm__ volatile("fxrstor64 %0" : : "m"(*s));
}

#endif
