/*
 * kernel/arch/lapic.c - xAPIC register access (Intel SDM vol. 3A, chapter 11).
 *
 * The ICR is two registers (high: destination, low: command) so a send is not atomic: an
 * interrupt handler that sends an IPI between the two writes would retarget ours. Every send runs
 * with interrupts off for that reason, and waits for the previous send's delivery status to clear.
 */
#include "kernel/arch/lapic.h"
#include "kernel/arch/acpi.h"
#include "kernel/arch/io.h"
#include "kernel/arch/tsc.h"
#include "mm/platform.h"

#define LAPIC_ID        0x020
#define LAPIC_TPR       0x080
#define LAPIC_EOI       0x0B0
#define LAPIC_SVR       0x0F0
#define LAPIC_ESR       0x280
#define LAPIC_ICR_LOW   0x300
#define LAPIC_ICR_HIGH  0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR  0x390
#define LAPIC_TIMER_DIV  0x3E0

#define SVR_ENABLE        (1u << 8)
#define LVT_MASKED        (1u << 16)
#define LVT_PERIODIC      (1u << 17)
#define TIMER_DIV_16      0x3
#define ICR_FIXED         (0u << 8)
#define ICR_NMI           (4u << 8)
#define ICR_INIT          (5u << 8)
#define ICR_STARTUP       (6u << 8)
#define ICR_PENDING       (1u << 12)
#define ICR_ASSERT        (1u << 14)
#define ICR_LEVEL         (1u << 15)
#define ICR_ALL_BUT_SELF  (3u << 18)
#define LAPIC_CALIBRATE_US 10000

static volatile uint32_t *lapic_regs = (volatile uint32_t *)(uintptr_t)LAPIC_DEFAULT_BASE;

static uint32_t rd(unsigned reg)
{
    return lapic_regs[reg / 4];
}

static void wr(unsigned reg, uint32_t v)
{
    lapic_regs[reg / 4] = v;
}

/*
 * The legacy 8259 PICs come up delivering at vectors 8-15, where the CPU's exceptions are: move
 * them to PIC_VECTOR_BASE (ICW1-ICW4) and mask every line. A masked PIC can still raise its
 * spurious IRQ 7/15, which then lands on a vector nobody confuses with a fault.
 */
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_VECTOR_BASE 0x20
#define PIC_ICW1_INIT_ICW4 0x11
#define PIC_ICW4_8086 0x01

static void legacy_pic_disable(void)
{
    outb(PIC1_CMD, PIC_ICW1_INIT_ICW4);
    outb(PIC2_CMD, PIC_ICW1_INIT_ICW4);
    outb(PIC1_DATA, PIC_VECTOR_BASE);
    outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
    outb(PIC1_DATA, 4);                     /* the slave sits on IRQ 2 */
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, PIC_ICW4_8086);
    outb(PIC2_DATA, PIC_ICW4_8086);
    outb(PIC1_DATA, 0xFF);
    outb(PIC2_DATA, 0xFF);
}

void lapic_init(uintptr_t base)
{
    legacy_pic_disable();
    lapic_regs = (volatile uint32_t *)base;
    lapic_enable();
}

void lapic_enable(void)
{
    wr(LAPIC_TPR, 0);                       /* accept every priority class */
    wr(LAPIC_LVT_TIMER, LVT_MASKED);
    wr(LAPIC_LVT_ERROR, LVT_MASKED);
    wr(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
    wr(LAPIC_ESR, 0);
    wr(LAPIC_EOI, 0);
}

uint32_t lapic_id(void)
{
    return rd(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
    wr(LAPIC_EOI, 0);
}

static void send(uint32_t apic_id, uint32_t command)
{
    uint64_t flags = read_rflags();
    irq_disable();
    while (rd(LAPIC_ICR_LOW) & ICR_PENDING)
        cpu_relax();
    wr(LAPIC_ICR_HIGH, apic_id << 24);
    wr(LAPIC_ICR_LOW, command);
    if (flags & (1u << 9))
        irq_enable();
}

void lapic_send_fixed(uint32_t apic_id, uint8_t vector)
{
    send(apic_id, ICR_FIXED | vector);
}

void lapic_send_nmi_others(void)
{
    send(0, ICR_ALL_BUT_SELF | ICR_NMI);
}

void lapic_send_init(uint32_t apic_id)
{
    send(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
}

void lapic_send_sipi(uint32_t apic_id, uint8_t page)
{
    send(apic_id, ICR_STARTUP | page);
}

uint64_t lapic_timer_calibrate(void)
{
    uint32_t elapsed;
    wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
    wr(LAPIC_LVT_TIMER, LVT_MASKED);
    wr(LAPIC_TIMER_INIT, 0xFFFFFFFFu);
    tsc_delay_us(LAPIC_CALIBRATE_US);
    elapsed = 0xFFFFFFFFu - rd(LAPIC_TIMER_CUR);
    wr(LAPIC_TIMER_INIT, 0);
    return (uint64_t)elapsed * 1000000 / LAPIC_CALIBRATE_US;
}

void lapic_timer_periodic(uint64_t ticks_per_s, unsigned hz)
{
    uint64_t count = ticks_per_s / hz;
    wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
    wr(LAPIC_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
    wr(LAPIC_TIMER_INIT, count ? (uint32_t)count : 1);
}

void lapic_timer_stop(void)
{
    wr(LAPIC_TIMER_INIT, 0);
}
