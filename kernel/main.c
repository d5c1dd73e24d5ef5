/*
 * kernel/main.c - the boot CPU's path from boot/entry.S to the console.
 *
 * Order matters: the UART first (so every later failure can be reported), then the descriptor
 * tables (so faults produce reports, not triple faults), then the boot information, the TSC, the
 * options and memory.
 */
#include "kernel/arch/fpu.h"
#include "kernel/console/console.h"
#include "tests/kernel/harness/crash.h"
#include "kernel/arch/gdt.h"
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "kernel/multiboot.h"
#include "kernel/options.h"
#include "kernel/panic.h"
#include "kernel/sched/percpu.h"
#include "kernel/programs.h"
#include "kernel/arch/qemu.h"
#include "kernel/sched/smp.h"
#include "tests/kernel/harness/soak.h"
#include "kernel/arch/trap.h"
#include "kernel/arch/tsc.h"
#include "kernel/arch/uart.h"
#include "mm/fence.h"
#include "mm/malloc.h"
#include "tests/kbench.h"
#include "tests/ktest.h"

extern char boot_stack_guard[], boot_stack[], boot_stack_top[];
extern char _kernel_start[], _kernel_end[];

static struct boot_info boot_info;

const struct boot_info *boot_information(void)
{
    return &boot_info;
}

static void banner(void)
{
    struct memory_stats ms;
    memory_get_stats(&ms);
    kprintf("\npymm: Python's memory management on bare metal (x86_64)\n");
    kprintf("boot: %s, command line \"%s\"\n", boot_info.loader[0] ? boot_info.loader : "unknown loader",
            boot_info.cmdline);
    kprintf("memory: %lu MiB usable, %lu MiB managed by the page allocator (%lu pages free); "
            "kernel image %lu KiB at 0x%lx\n",
            (unsigned long)(boot_usable_bytes(&boot_info) >> 20),
            (unsigned long)((ms.managed_pages * PAGE_SIZE) >> 20), (unsigned long)ms.free_pages,
            (unsigned long)((_kernel_end - _kernel_start) >> 10), (unsigned long)_kernel_start);
    if (ms.unmanaged_bytes)
        kprintf("memory: %lu MiB above the 64 GiB identity map is not used\n",
                (unsigned long)(ms.unmanaged_bytes >> 20));
    if (heap_debug_enabled())
        kprintf("heap: debug mode on (freed memory poisoned, redzones checked)\n");
    if (fence_sample_rate())
        kprintf("heap: fence sampler on (every %u allocations of each CPU guarded)\n",
                fence_sample_rate());
    kprintf("cpu: TSC %lu MHz\n", (unsigned long)(tsc_hz() / 1000000));
    if (boot_info.rsdp)
        kprintf("acpi: RSDP revision %u%s\n", boot_info.rsdp_revision,
                boot_info.rsdp_checksum_ok ? "" : " (bad checksum)");
    else
        kprintf("acpi: no RSDP from the boot loader\n");
}

void kmain(uint32_t magic, uintptr_t info)
{
    const char *err;

    uart_init();
    percpu_init_boot();
    trap_register_stack("boot stack", (uintptr_t)boot_stack, (uintptr_t)boot_stack_top,
                        (uintptr_t)boot_stack_guard);
    gdt_init_boot_cpu();
    idt_init();
    fpu_init_cpu();
    err = multiboot_parse(magic, (const void *)info, &boot_info);
    if (err)
        panic("boot: %s", err);
    tsc_calibrate();
    options_parse(boot_info.cmdline);
    memory_init(&boot_info);
    if (option("mm.debug")->num)
        heap_set_debug(true);
    if (option("mm.fence")->num && !fence_set_sample_rate((unsigned)option("mm.fence")->num))
        kprintf("heap: mm.fence: no memory for the sampler's pool; sampling stays off\n");
    banner();
    programs_init(&boot_info);
    smp_init();

    if (option("crash")->set) {
        crash_by_name(option("crash")->str);
        kprintf("crash: unknown kind '%s' (ud, de, pf, bp, stack, panic, smp-panic, "
                "fence-oob, fence-uaf); ignored\n",
                option("crash")->str);
    }
    if (option("test")->set) {
        int failed = ktest_run(option("test")->str);
        qemu_exit(failed ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
    }
    if (option("soak")->set)
        qemu_exit(soak_run(option("soak")->num, NULL) ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
    if (option("bench")->set) {
        kbench_run(option("bench")->str);
        qemu_exit(QEMU_EXIT_SUCCESS);
    }
    programs_boot();
    kprintf("type 'help' for commands\n");
    console_run();
}
