/*
 * kernel/sched/smp.c - SMP bring-up (see smp.h) and each AP's first C code, ap_main().
 *
 * Start-up handshake, per AP: the boot CPU fills the AP's struct cpu (stack, IST stacks) and its
 * trampoline_cpus[apic id] slot, sends INIT-SIPI-SIPI and waits for cpu->state to become
 * CPU_ONLINE. The AP sets that with a compare-and-swap from CPU_STARTING only after its GDT, TSS,
 * IDT, GS base and LAPIC are set up; if the boot CPU timed out first it will have swapped in
 * CPU_FAILED, the AP's CAS fails and it parks, so the two sides always agree.
 */
#include "kernel/sched/smp.h"
#include "kernel/arch/acpi.h"
#include "kernel/arch/fpu.h"
#include "kernel/arch/io.h"
#include "kernel/arch/ipi.h"
#include "kernel/kprintf.h"
#include "kernel/sched/kstack.h"
#include "kernel/arch/lapic.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "kernel/sched/timer.h"
#include "kernel/arch/trap.h"
#include "kernel/arch/tsc.h"

const struct boot_info *boot_information(void);    /* kernel/main.c */
extern const char trampoline_start[], trampoline_end[], trampoline_cpus[], trampoline_lapic_base[];

#define IST_ORDER 2                          /* 16 KiB = IST_STACK_SIZE */
_Static_assert(PAGE_SIZE << IST_ORDER == IST_STACK_SIZE, "IST stacks are one buddy block");
_Static_assert(__builtin_offsetof(struct cpu, stack_top) == CPU_OFFSET_STACK_TOP, "trampoline");
_Static_assert(__builtin_offsetof(struct cpu, current) == CPU_OFFSET_CURRENT, "this_thread");

static struct {
    uint64_t lapic_timer_hz;
    unsigned listed;                         /* CPUs in the MADT */
} smp;

static uintptr_t tramp_addr(const char *sym)
{
    return SMP_TRAMPOLINE_BASE + (uintptr_t)(sym - trampoline_start);
}

uint64_t smp_lapic_timer_hz(void)
{
    return smp.lapic_timer_hz;
}

void ap_main(struct cpu *c) __attribute__((noreturn));
void ap_main(struct cpu *c)
{
    int starting = CPU_STARTING;
    percpu_install(c);
    cpu_tables_load(&c->tables, c->ist_top);
    idt_load();
    fpu_init_cpu();
    lapic_enable();
    thread_init_cpu(c, NULL);
    /* Paired with the acquire load in start_ap(): everything above is done before we count. */
    if (!__atomic_compare_exchange_n(&c->state, &starting, CPU_ONLINE, false, __ATOMIC_RELEASE,
                                     __ATOMIC_RELAXED)) {
        for (;;)
            __asm__ volatile("cli; hlt");
    }
    timer_start_cpu(smp.lapic_timer_hz);
    thread_idle_loop();
}

static void prepare_stacks(struct cpu *c)
{
    struct kstack s = kstack_alloc();
    c->stack_top = s.top;
    for (int i = 0; i < IST_COUNT; i++) {
        uint8_t *ist = page_alloc(IST_ORDER);
        static const char *const kinds[IST_COUNT] = {"#DF", "NMI", "#PF", "#MC"};
        if (!ist)
            panic("smp: no memory for CPU with APIC id %u's IST stacks", c->apic_id);
        c->ist_top[i] = (uintptr_t)ist + IST_STACK_SIZE;
        ksnprintf(c->ist_name[i], sizeof c->ist_name[i], "apic %u %s stack", c->apic_id, kinds[i]);
        trap_register_stack(c->ist_name[i], (uintptr_t)ist, c->ist_top[i], 0);
    }
}

/* Start one AP; true when it reported in before the timeout. */
static bool start_ap(struct cpu *c)
{
    uint64_t **slots = (uint64_t **)tramp_addr(trampoline_cpus);
    uint64_t deadline;
    int starting = CPU_STARTING;

    slots[c->apic_id] = (uint64_t *)c;
    lapic_send_init(c->apic_id);
    tsc_delay_us(SMP_INIT_DELAY_US);
    lapic_send_sipi(c->apic_id, SMP_TRAMPOLINE_BASE >> 12);
    tsc_delay_us(SMP_SIPI_DELAY_US);
    if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CPU_STARTING)
        lapic_send_sipi(c->apic_id, SMP_TRAMPOLINE_BASE >> 12);
    deadline = platform_cycles() + tsc_hz() / 1000 * SMP_AP_START_TIMEOUT_MS;
    while (platform_cycles() < deadline) {
        /* Paired with the release CAS in ap_main(). */
        if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CPU_ONLINE)
            return true;
        cpu_relax();
    }
    if (__atomic_compare_exchange_n(&c->state, &starting, CPU_FAILED, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        slots[c->apic_id] = NULL;
        return false;
    }
    return true;                            /* it made it just as we gave up */
}

static void copy_trampoline(void)
{
    const struct boot_info *bi = boot_information();
    size_t len = (size_t)(trampoline_end - trampoline_start);
    if (len > PAGE_SIZE)
        panic("smp: the trampoline is %lu bytes, more than a page", (unsigned long)len);
    if (bi->info_start < SMP_TRAMPOLINE_BASE + PAGE_SIZE && bi->info_end > SMP_TRAMPOLINE_BASE)
        panic("smp: the boot information overlaps the trampoline page 0x%x", SMP_TRAMPOLINE_BASE);
    memcpy((void *)SMP_TRAMPOLINE_BASE, trampoline_start, len);
}

void smp_init(void)
{
    const struct boot_info *bi = boot_information();
    struct acpi_cpus found;
    const char *err = acpi_find_cpus(bi->rsdp, bi->rsdp_revision, &found);
    struct cpu *boot = this_cpu();
    char line[512];
    int at;

    kstack_init();
    if (err) {
        kprintf("smp: %s; running on the boot CPU only\n", err);
        found.count = 0;
        found.lapic_base = LAPIC_DEFAULT_BASE;
    }
    smp.listed = found.count;
    lapic_init(found.lapic_base);
    boot->apic_id = lapic_id();
    ipi_init();
    timer_init();
    smp.lapic_timer_hz = lapic_timer_calibrate();
    thread_init_cpu(boot, "main");

    copy_trampoline();
    *(uint64_t *)tramp_addr(trampoline_lapic_base) = found.lapic_base;
    for (unsigned i = 0; i < found.count; i++) {
        struct cpu *c;
        if (found.apic_id[i] == boot->apic_id)
            continue;
        c = percpu_alloc(found.apic_id[i]);
        if (!c) {
            kprintf("smp: more than %d CPUs; APIC id %u and later are not started\n",
                    SMP_MAX_CPUS, found.apic_id[i]);
            break;
        }
        prepare_stacks(c);
        if (start_ap(c))
            percpu_mark_online(c);
        else
            kprintf("smp: CPU with APIC id %u did not start within %d ms; skipped\n", c->apic_id,
                    SMP_AP_START_TIMEOUT_MS);
    }

    at = ksnprintf(line, sizeof line, "smp: %u of %u CPUs online (%s MADT, LAPIC at 0x%lx):",
                   percpu_online(), found.count ? found.count : 1, found.root ? found.root : "no",
                   (unsigned long)found.lapic_base);
    for (unsigned i = 0; i < percpu_online() && at < (int)sizeof line; i++)
        at += ksnprintf(line + at, sizeof line - at, " cpu%u=apic%u%s", i, cpu_by_id(i)->apic_id,
                        i == 0 ? "(boot)" : "");
    kprintf("%s\n", line);
    if (found.disabled || found.x2apic_only)
        kprintf("smp: MADT also lists %u disabled and %u x2APIC-only CPUs (not started)\n",
                found.disabled, found.x2apic_only);
    kprintf("lapic: timer %lu kHz (divide by 16, measured against the TSC); tick %u Hz\n",
            (unsigned long)(smp.lapic_timer_hz / 1000), TIMER_HZ);
    timer_start_cpu(smp.lapic_timer_hz);
    irq_enable();
}

void smp_print_cpus(void)
{
    kprintf("  cpu  apic  ticks      ipis       switches   threads  busy%%\n");
    for (unsigned i = 0; i < percpu_online(); i++) {
        struct cpu *c = cpu_by_id(i);
        kprintf("  %-4u %-5u %-10lu %-10lu %-10lu %-8u %lu\n", c->id, c->apic_id,
                (unsigned long)c->ticks, (unsigned long)c->ipis_received,
                (unsigned long)c->context_switches, thread_count_on(c),
                (unsigned long)thread_busy_percent(c));
    }
}
