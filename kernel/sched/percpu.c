/*
 * kernel/sched/percpu.c - the struct cpu table (see percpu.h).
 *
 * Storage slots are handed out before an AP starts; ids only when it has reported in, so a CPU
 * that never comes up leaves a hole in the storage (its slot is never reused: the late AP could
 * still arrive and read it) but not in the ids.
 */
#include "kernel/sched/percpu.h"
#include "kernel/panic.h"

#define MSR_GS_BASE 0xC0000101

static struct {
    struct cpu storage[SMP_MAX_CPUS];
    unsigned used;                      /* storage slots handed out */
    struct cpu *by_id[SMP_MAX_CPUS];
    unsigned online;                    /* written with release, read with acquire */
} percpu;

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

void percpu_install(struct cpu *c)
{
    c->self = c;
    wrmsr(MSR_GS_BASE, (uintptr_t)c);
}

static void cpu_init_fields(struct cpu *c, uint32_t apic_id)
{
    c->apic_id = apic_id;
    c->state = CPU_STARTING;
    spin_init(&c->rq_lock, "run queue");
}

void percpu_init_boot(void)
{
    struct cpu *c = &percpu.storage[percpu.used++];
    cpu_init_fields(c, 0);          /* the real APIC id is filled in by smp_init */
    percpu_install(c);
    c->id = 0;
    c->state = CPU_ONLINE;
    percpu.by_id[0] = c;
    percpu.online = 1;
}

struct cpu *percpu_alloc(uint32_t apic_id)
{
    struct cpu *c;
    if (percpu.used == SMP_MAX_CPUS)
        return NULL;
    c = &percpu.storage[percpu.used++];
    cpu_init_fields(c, apic_id);
    c->self = c;
    c->id = percpu.online;          /* provisional; final in percpu_mark_online */
    return c;
}

void percpu_mark_online(struct cpu *c)
{
    unsigned n = percpu.online;
    c->id = n;
    percpu.by_id[n] = c;
    /* Paired with the acquire load in percpu_online(): by_id[n] is visible before the count. */
    __atomic_store_n(&percpu.online, n + 1, __ATOMIC_RELEASE);
}

struct cpu *cpu_by_id(unsigned id)
{
    if (id >= percpu_online())
        panic("cpu_by_id: no CPU %u (%u online)", id, percpu_online());
    return percpu.by_id[id];
}

unsigned percpu_online(void)
{
    return __atomic_load_n(&percpu.online, __ATOMIC_ACQUIRE);
}
