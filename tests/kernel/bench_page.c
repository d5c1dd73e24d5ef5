/* tests/kernel/bench_page.c - cycles per page allocation and free in the kernel's buddy zone. */
#include "kernel/memory.h"
#include "tests/kbench.h"

#define ROUNDS 20000

static void measure(unsigned order)
{
    char label[48];
    uint64_t start = platform_cycles();
    for (int i = 0; i < ROUNDS; i++) {
        void *p = page_alloc(order);
        if (!p)
            return;
        page_free(p, order);
    }
    platform_snprintf(label, sizeof label, "page_alloc+page_free, order %u", order);
    kbench_row(label, (platform_cycles() - start) / ROUNDS, "cycles", NULL);
}

BENCH(page, "buddy allocator: one allocation and free, repeated (splits and merges each time)")
{
    measure(0);
    measure(4);
    measure(9);
}
