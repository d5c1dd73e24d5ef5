/*
 * kernel/sched/kinterp.c - interpreter heap pages and objects (see kinterp.h).
 */
#include "kernel/sched/kinterp.h"
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "kernel/options.h"
#include "kernel/panic.h"

/* The GIL's default switch interval in the kernel (kernel/sched/gil_platform.h): the boot
 * option. */
uint64_t gil_boot_interval_us(void)
{
    return option("gil.interval_us")->num;
}

void kinterp_init(struct kinterp *in, unsigned id, const char *name)
{
    memset(in, 0, sizeof *in);
    in->id = id;
    ksnprintf(in->name, sizeof in->name, "%s", name);
    gil_init(&in->gil, in->name);
    in->true_obj = (struct kobj){.refcnt = 1, .value = 1, .interp_id = id};
    in->false_obj = (struct kobj){.refcnt = 1, .value = 0, .interp_id = id};
}

struct kobj *kinterp_new(struct kinterp *in, uint64_t value)
{
    struct kobj *o;
    if (!gil_held(&in->gil) && in->gil.enabled)
        panic("kinterp_new: interpreter '%s' used without its GIL", in->name);
    if (!in->npages || in->used_in_page + sizeof *o > PAGE_SIZE) {
        void *page;
        if (in->npages == KINTERP_MAX_PAGES || !(page = page_alloc(0)))
            panic("kinterp_new: interpreter '%s' heap is full (%u pages)", in->name, in->npages);
        in->pages[in->npages++] = page;
        in->used_in_page = 0;
    }
    o = (struct kobj *)((char *)in->pages[in->npages - 1] + in->used_in_page);
    in->used_in_page += sizeof *o;
    o->refcnt = 1;
    o->value = value;
    o->interp_id = in->id;
    in->live_objects++;
    return o;
}

bool kinterp_owns(const struct kinterp *in, const void *p)
{
    for (unsigned i = 0; i < in->npages; i++)
        if ((const char *)p >= (const char *)in->pages[i] &&
            (const char *)p < (const char *)in->pages[i] + PAGE_SIZE)
            return true;
    return false;
}

void kinterp_reset_heap(struct kinterp *in)
{
    for (unsigned i = 0; i < in->npages; i++)
        page_free(in->pages[i], 0);
    in->npages = 0;
    in->used_in_page = 0;
    in->live_objects = 0;
    in->int_freelist = NULL;
}

void kinterp_destroy(struct kinterp *in)
{
    kinterp_reset_heap(in);
    spin_destroy(&in->gil.lock);
}

static struct {
    struct kinterp shared;
    struct kinterp core[SMP_MAX_CPUS];
    bool shared_ready, core_ready[SMP_MAX_CPUS];
} standing;

struct kinterp *kinterp_shared(void)
{
    if (!standing.shared_ready) {
        kinterp_init(&standing.shared, 0, "shared");
        standing.shared_ready = true;
    }
    return &standing.shared;
}

struct kinterp *kinterp_core(unsigned cpu)
{
    if (cpu >= SMP_MAX_CPUS)
        panic("kinterp_core: no CPU %u", cpu);
    if (!standing.core_ready[cpu]) {
        char name[24];
        ksnprintf(name, sizeof name, "core %u", cpu);
        kinterp_init(&standing.core[cpu], cpu + 1, name);
        standing.core_ready[cpu] = true;
    }
    return &standing.core[cpu];
}

void kinterp_set_interval_all(uint64_t interval_us)
{
    gil_set_interval_us(&kinterp_shared()->gil, interval_us);
    for (unsigned i = 0; i < percpu_online() && i < SMP_MAX_CPUS; i++)
        gil_set_interval_us(&kinterp_core(i)->gil, interval_us);
}
