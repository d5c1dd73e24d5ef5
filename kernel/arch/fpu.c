/*
 * kernel/arch/fpu.c - switching the x87/SSE unit on and the image new threads start from
 * (see fpu.h).
 *
 * Eager, not lazy, switching. The lazy scheme (set CR0.TS at each switch, save and restore only
 * in the #NM handler when a thread first touches the unit) saves the two instructions for
 * threads that never use floating point, but costs a fault for those that do, needs a per-CPU
 * "owner" that must be dropped when its thread dies, and makes every SSE instruction a possible
 * trap point. Here switches are rare (a blocking call, or a yield at a safe point once per GIL
 * switch interval, milliseconds apart), so FXSAVE + FXRSTOR of 512 bytes at each switch is a
 * small fixed cost against that interval, and the state is always where the thread struct says.
 *
 * Every x86-64 CPU has FXSR and SSE2 (they are part of the architecture), so nothing is probed.
 */
#include "kernel/arch/fpu.h"
#include "mm/platform.h"

#define CR0_MP (1ul << 1)            /* WAIT/FWAIT honour TS */
#define CR0_EM (1ul << 2)            /* x87 emulation: every FPU/SSE instruction faults */
#define CR0_TS (1ul << 3)            /* task switched: the next FPU/SSE instruction faults */
#define CR0_NE (1ul << 5)            /* x87 errors as #MF, not the legacy IRQ 13 */
#define CR4_OSFXSR     (1ul << 9)    /* FXSAVE/FXRSTOR include SSE state; SSE enabled */
#define CR4_OSXMMEXCPT (1ul << 10)   /* unmasked SIMD exceptions raise #XM, not #UD */

#define FXSAVE_FCW_OFFSET   0
#define FXSAVE_MXCSR_OFFSET 24

void fpu_init_cpu(void)
{
    unsigned long cr0, cr4;
    uint32_t mxcsr = FPU_DEFAULT_MXCSR;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
}

void fpu_state_init(struct fpu_state *s)
{
    uint16_t fcw = FPU_DEFAULT_FCW;
    uint32_t mxcsr = FPU_DEFAULT_MXCSR;
    /* Abridged tag word 0 (offset 4): every x87 register empty. */
    memset(s->image, 0, sizeof s->image);
    memcpy(s->image + FXSAVE_FCW_OFFSET, &fcw, sizeof fcw);
    memcpy(s->image + FXSAVE_MXCSR_OFFSET, &mxcsr, sizeof mxcsr);
}
