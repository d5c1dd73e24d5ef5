/*
 * kernel/arch/trap.c - the IDT and the report for CPU exceptions nothing handles.
 *
 * One IDT is shared by all CPUs (a gate's IST index refers to the *running* CPU's TSS, so the
 * table itself can be shared). Handlers are looked up in a table indexed by vector; drivers and
 * the SMP code register theirs with trap_set_handler().
 */
#include "kernel/arch/trap.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/io.h"
#include "kernel/kprintf.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "mm/fence.h"
#include "mm/platform.h"

#define IDT_VECTORS 256
#define ISR_STUB_SIZE 16
#define GATE_INTERRUPT 0x8E   /* present, DPL 0, 64-bit interrupt gate (IF cleared on entry) */

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t zero;
} __attribute__((packed));

extern const char isr_stubs[];
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static trap_handler_fn handlers[IDT_VECTORS];

static struct {
    const char *name;
    uintptr_t base, top, guard;
} stacks[TRAP_MAX_STACKS];
static int nstacks;

static const char *const exception_names[32] = {
    "divide error (#DE)", "debug (#DB)", "non-maskable interrupt (NMI)", "breakpoint (#BP)",
    "overflow (#OF)", "bound range exceeded (#BR)", "invalid opcode (#UD)",
    "device not available (#NM)", "double fault (#DF)", "coprocessor segment overrun",
    "invalid TSS (#TS)", "segment not present (#NP)", "stack-segment fault (#SS)",
    "general protection fault (#GP)", "page fault (#PF)", "reserved exception 15",
    "x87 floating-point error (#MF)", "alignment check (#AC)", "machine check (#MC)",
    "SIMD floating-point exception (#XM)", "virtualization exception (#VE)",
    "control protection exception (#CP)", "reserved exception 22", "reserved exception 23",
    "reserved exception 24", "reserved exception 25", "reserved exception 26",
    "reserved exception 27", "hypervisor injection exception (#HV)",
    "VMM communication exception (#VC)", "security exception (#SX)", "reserved exception 31",
};

const char *trap_name(unsigned vector)
{
    return vector < 32 ? exception_names[vector] : "interrupt";
}

static uint8_t ist_for(unsigned vector)
{
    switch (vector) {
    case 2: return IST_NMI;
    case 8: return IST_DOUBLE_FAULT;
    case 14: return IST_PAGE_FAULT;
    case 18: return IST_MACHINE_CHECK;
    default: return 0;
    }
}

void idt_init(void)
{
    for (unsigned v = 0; v < IDT_VECTORS; v++) {
        uintptr_t entry = (uintptr_t)isr_stubs + v * ISR_STUB_SIZE;
        idt[v] = (struct idt_gate){
            .offset_low = entry & 0xFFFF,
            .selector = KERNEL_CS,
            .ist = ist_for(v),
            .type_attr = GATE_INTERRUPT,
            .offset_mid = (entry >> 16) & 0xFFFF,
            .offset_high = (uint32_t)(entry >> 32),
        };
    }
    idt_load();
}

void idt_load(void)
{
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) idtr = {sizeof idt - 1, (uintptr_t)idt};
    __asm__ volatile("lidt %0" ::"m"(idtr));
}

void trap_set_handler(unsigned vector, trap_handler_fn fn)
{
    if (vector >= IDT_VECTORS)
        panic("trap_set_handler: vector %u out of range", vector);
    handlers[vector] = fn;
}

void trap_register_stack(const char *name, uintptr_t base, uintptr_t top, uintptr_t guard)
{
    if (nstacks == TRAP_MAX_STACKS)
        panic("trap_register_stack: more than %d stacks (registering %s)", TRAP_MAX_STACKS, name);
    stacks[nstacks].name = name;
    stacks[nstacks].base = base;
    stacks[nstacks].top = top;
    stacks[nstacks].guard = guard;
    __atomic_store_n(&nstacks, nstacks + 1, __ATOMIC_RELEASE);
}

const char *trap_stack_of(uintptr_t addr, int *in_guard)
{
    int n = __atomic_load_n(&nstacks, __ATOMIC_ACQUIRE);
    *in_guard = 0;
    for (int i = 0; i < n; i++) {
        if (addr >= stacks[i].base && addr < stacks[i].top)
            return stacks[i].name;
        if (stacks[i].guard && addr >= stacks[i].guard && addr < stacks[i].guard + PAGE_SIZE) {
            *in_guard = 1;
            return stacks[i].name;
        }
    }
    return NULL;
}

static void describe_page_fault(uint64_t error, char *buf, size_t len)
{
    ksnprintf(buf, len, "%s, %s%s%s", (error & 1) ? "protection violation" : "page not present",
              (error & 2) ? "write" : "read", (error & 4) ? ", user mode" : "",
              (error & 16) ? ", instruction fetch" : "");
}

/*
 * A function that needs no stack (a leaf like crash_invalid_opcode: `ud2; ret`) sets up no frame
 * even with -fno-omit-frame-pointer, so walking RBP skips its caller. When the word at RSP looks
 * like a return address (inside the kernel's text, right after a call instruction) print it
 * first, marked with '?' as a guess, as Linux marks stack-scan entries.
 */
static void print_return_address_at_rsp(const struct trap_frame *tf)
{
    int in_guard;
    uintptr_t ret;
    char sym[96];

    if ((tf->rsp & 7) || !trap_stack_of(tf->rsp, &in_guard) || in_guard)
        return;
    ret = *(const uintptr_t *)tf->rsp;
    if (!ksym_lookup(ret - 1, NULL) || !ksym_lookup(ret - 5, NULL) ||
        *(const uint8_t *)(ret - 5) != 0xE8 /* call rel32 */)
        return;
    kprintf("  ?   %s (return address at RSP)\n", ksym_format(ret - 1, sym, sizeof sym));
}

static void report_fatal(struct trap_frame *tf)
{
    char rip_sym[96], detail[96] = "", summary[256], fence_report[384];
    uint64_t cr2 = read_cr2();
    int guard_rsp = 0, guard_cr2 = 0;
    const char *stack_rsp = trap_stack_of(tf->rsp, &guard_rsp);
    const char *stack_cr2 = trap_stack_of(cr2, &guard_cr2);
    /* An overflow shows as RSP in a guard page, or as a #PF/#DF whose access hit one. */
    bool overflow = guard_rsp || (guard_cr2 && (tf->vector == VEC_PAGE_FAULT || tf->vector == 8));
    const char *overflowed = guard_rsp ? stack_rsp : stack_cr2;

    ksym_format(tf->rip, rip_sym, sizeof rip_sym);
    if (tf->vector == VEC_PAGE_FAULT)
        describe_page_fault(tf->error, detail, sizeof detail);
    /* A fault in the heap sampler's pool is an overflow or a use after free: it says which. */
    bool fenced = tf->vector == VEC_PAGE_FAULT &&
                  fence_explain_fault(cr2, tf->error & 2, tf->rip, fence_report, sizeof fence_report);

    bool caught = panic_will_be_caught();

    panic_report_begin();
    if (fenced)
        kprintf("\n%s\n", fence_report);
    kprintf("\n=== CPU exception on CPU %u: %s, vector %lu ===\n", platform_cpu_id(),
            trap_name(tf->vector), (unsigned long)tf->vector);
    kprintf("error code 0x%lx%s%s%s\n", (unsigned long)tf->error, detail[0] ? " (" : "", detail,
            detail[0] ? ")" : "");
    kprintf("RIP 0x%016lx  %s\n", (unsigned long)tf->rip, rip_sym);
    kprintf("CR2 0x%016lx  RSP 0x%016lx  RFLAGS 0x%lx\n", (unsigned long)cr2,
            (unsigned long)tf->rsp, (unsigned long)tf->rflags);
    kprintf("RAX %016lx RBX %016lx RCX %016lx\n", tf->rax, tf->rbx, tf->rcx);
    kprintf("RDX %016lx RSI %016lx RDI %016lx\n", tf->rdx, tf->rsi, tf->rdi);
    kprintf("RBP %016lx R8  %016lx R9  %016lx\n", tf->rbp, tf->r8, tf->r9);
    kprintf("R10 %016lx R11 %016lx R12 %016lx\n", tf->r10, tf->r11, tf->r12);
    kprintf("R13 %016lx R14 %016lx R15 %016lx\n", tf->r13, tf->r14, tf->r15);
    if (overflow)
        kprintf("STACK OVERFLOW: %s ran into the guard page below the %s\n",
                guard_rsp ? "RSP" : "the faulting access", overflowed);
    else if (stack_rsp)
        kprintf("on the %s\n", stack_rsp);
    kprintf("  RIP %s\n", rip_sym);
    print_return_address_at_rsp(tf);
    backtrace_print(tf->rbp);

    if (overflow)
        ksnprintf(summary, sizeof summary, "%s at %s: stack overflow into the guard page of the %s",
                  trap_name(tf->vector), rip_sym, overflowed);
    else
        ksnprintf(summary, sizeof summary, "%s at %s, error 0x%lx, CR2 0x%lx", trap_name(tf->vector),
                  rip_sym, (unsigned long)tf->error, (unsigned long)cr2);
    panic_report_finish(fenced ? fence_report : summary, caught);
}

void trap_dispatch(struct trap_frame *tf)
{
    trap_handler_fn fn = handlers[tf->vector];
    if (fn) {
        fn(tf);
        return;
    }
    if (tf->vector < 32)
        report_fatal(tf);
    panic("unexpected interrupt on vector %lu (no handler registered)", (unsigned long)tf->vector);
}
