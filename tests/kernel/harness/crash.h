/*
 * tests/kernel/harness/crash.h - deliberate faults, for testing the fatal-error paths: the
 * in-kernel trap tests call them inside EXPECT_PANIC, and the `crash=KIND` boot option calls one
 * after boot so the host-side test (tools/test-fatal) can check a real, uncaught failure end to
 * end.
 */
#ifndef KERNEL_CRASH_H
#define KERNEL_CRASH_H

void crash_invalid_opcode(void);
int  crash_divide_error(void);
int  crash_null_read(void);          /* reads address 0x10 */
void crash_breakpoint(void);
int  crash_stack_overflow(int depth);
void crash_panic_beside_chatter(void);   /* CPU 1 panics while every other CPU prints */
/* With the heap sampler on every allocation (mm.fence=1): a one-byte overflow of a sampled
 * CRASH_FENCE_BYTES-byte block, and a read of one after it was freed. */
#define CRASH_FENCE_BYTES 64
void crash_fence_overflow(void);
int  crash_fence_use_after_free(void);

/* Run the crash named by kind (ud, de, pf, bp, stack, panic, smp-panic,
 * fence-oob, fence-uaf); returns only for an
 * unknown kind. */
void crash_by_name(const char *kind);

#endif
