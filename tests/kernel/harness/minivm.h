/*
 * tests/kernel/harness/minivm.h - a tiny stack-based bytecode interpreter, so the GIL's workloads
 * execute what CPython executes for Beazley's countdown rather than a stand-in loop:
 *
 *     while n > 0:            LOAD_FAST n; LOAD_CONST 0; COMPARE_GT; POP_JUMP_IF_FALSE end
 *         n -= 1              LOAD_FAST n; LOAD_CONST 1; BINARY_SUB; STORE_FAST n
 *                             JUMP_BACKWARD            <- the eval-breaker check (3.11)
 *
 * Values are struct kobj integers with non-atomic reference counts: LOAD_* increfs, consuming
 * instructions decref, and an integer whose count reaches zero goes back to its interpreter's
 * free list (CPython's int free list), so every iteration allocates and frees an object. Only the
 * thread holding the interpreter's GIL may run it.
 */
#ifndef KERNEL_MINIVM_H
#define KERNEL_MINIVM_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/sched/kinterp.h"

/* Run the countdown from n under in's GIL (held by the caller); returns loop iterations. With
 * check_breaker false the JUMP_BACKWARD skips the eval-breaker check (for measuring its cost). */
uint64_t minivm_countdown(struct kinterp *in, uint64_t n, bool check_breaker);

#endif
