/*
 * tests/kernel/harness/oom.h - running the heap out of memory on purpose and checking the kernel
 * survives it (console `oom`, tools/test-oom).
 *
 * Three steps, on the calling CPU in the main interpreter:
 *  1. garbage: with automatic collection disabled, make 2-cycles until the collections that
 *     allocations run when memory is short (gc/object.c) have reclaimed the heap twice; no
 *     allocation may fail, since everything made is garbage;
 *  2. live objects: grow a chain of objects that stay reachable (lists, instances with
 *     attributes, strs, dicts) until a call reports failure; that call must have returned NULL
 *     or -1 and left its container as it was;
 *  3. recovery: drop the chain, collect, give cached memory back, and check the heap's bytes in
 *     use are at their baseline and that the page allocator has its free pages back (up to what
 *     the heap keeps for itself), then allocate again.
 * With limit_bytes != 0 the heap is held to that many bytes more than it has mapped
 * (heap_set_page_limit); with 0, memory ends where the machine's does.
 */
#ifndef KERNEL_OOM_H
#define KERNEL_OOM_H

#include <stdbool.h>
#include <stddef.h>

/* Run the three steps, printing what happened and one verdict line ("oom: PASS ..." or
 * "oom: FAIL ..."). `interrupted` (may be NULL) is polled between allocations. */
bool oom_run(size_t limit_bytes, bool (*interrupted)(void));

#endif
