/*
 * kernel/sched/gil_stats.c - reading a GIL's statistics: percentiles of the hand-off latency rings
 * and the console table. Readers take the GIL's spinlock (not the GIL) so they never disturb who
 * holds it; percentiles sort a copy, outside the lock.
 */
#include "kernel/sched/gil.h"
#include "kernel/sched/gil_platform.h"

void gil_reset_stats(struct gil *g)
{
    spin_lock(&g->lock);
    memset(&g->stats, 0, sizeof g->stats);
    spin_unlock(&g->lock);
}

static void sort_u32(uint32_t *a, unsigned n)
{
    /* Shell sort with Ciura's gaps: small, in place, fast enough for GIL_LATENCY_SAMPLES. */
    static const unsigned gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (unsigned k = 0; k < sizeof gaps / sizeof gaps[0]; k++)
        for (unsigned i = gaps[k]; i < n; i++) {
            uint32_t v = a[i];
            unsigned j = i;
            for (; j >= gaps[k] && a[j - gaps[k]] > v; j -= gaps[k])
                a[j] = a[j - gaps[k]];
            a[j] = v;
        }
}

bool gil_latency_us(const struct gil_latency *l, uint64_t *median_us, uint64_t *p99_us)
{
    uint32_t copy[GIL_LATENCY_SAMPLES];
    unsigned n = l->count < GIL_LATENCY_SAMPLES ? (unsigned)l->count : GIL_LATENCY_SAMPLES;
    if (!n)
        return false;
    memcpy(copy, l->cycles, n * sizeof copy[0]);
    sort_u32(copy, n);
    *median_us = platform_cycles_to_us(copy[n / 2]);
    *p99_us = platform_cycles_to_us(copy[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1]);
    return true;
}

static void print_latency(const char *what, const struct gil_latency *l)
{
    uint64_t med, p99;
    if (gil_latency_us(l, &med, &p99))
        platform_log("  %-22s median %6lu us  p99 %6lu us  (%lu samples)\n", what, (unsigned long)med,
                (unsigned long)p99, (unsigned long)l->count);
    else
        platform_log("  %-22s no samples\n", what);
}

void gil_print_stats(struct gil *g)
{
    struct gil_stats s;
    uint64_t interval_us;
    bool io_priority, enabled = __atomic_load_n(&g->enabled, __ATOMIC_RELAXED);
    spin_lock(&g->lock);
    s = g->stats;
    interval_us = g->interval_us;
    io_priority = g->io_priority;
    spin_unlock(&g->lock);
    platform_log("GIL '%s': interval %lu us, %s, io-priority %s\n", g->name,
                 (unsigned long)interval_us, enabled ? "enabled" : "DISABLED (test switch)",
                 io_priority ? "on" : "off");
    platform_log("  acquisitions %lu (contended %lu), drop requests %lu (early %lu), forced "
                 "switches %lu, FIFO hand-offs %lu, voluntary releases %lu\n",
                 (unsigned long)s.acquisitions, (unsigned long)s.contended,
                 (unsigned long)s.drop_requests, (unsigned long)s.early_requests,
                 (unsigned long)s.forced_switches, (unsigned long)s.fifo_handoffs,
                 (unsigned long)s.voluntary_releases);
    platform_log("  drop requests by the holder's tick %lu, hand-offs to an I/O-bound thread "
                 "%lu\n", (unsigned long)s.tick_requests, (unsigned long)s.io_handoffs);
    platform_log("  held %lu us, waited %lu us\n",
                 (unsigned long)platform_cycles_to_us(s.hold_cycles),
                 (unsigned long)platform_cycles_to_us(s.wait_cycles));
    print_latency("request -> drop", &s.request_to_drop);
    print_latency("drop -> waiter running", &s.drop_to_running);
    print_latency("request -> running", &s.request_to_running);
    platform_log("  cpu  acquisitions  held us     waited us\n");
    for (unsigned i = 0; i < percpu_online() && i < SMP_MAX_CPUS; i++)
        if (s.cpu[i].acquisitions)
            platform_log("  %-4u %-13lu %-11lu %lu\n", i, (unsigned long)s.cpu[i].acquisitions,
                         (unsigned long)platform_cycles_to_us(s.cpu[i].hold_cycles),
                         (unsigned long)platform_cycles_to_us(s.cpu[i].wait_cycles));
}
