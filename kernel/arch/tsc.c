/*
 * kernel/arch/tsc.c - measuring the TSC frequency with PIT channel 2.
 *
 * Channel 2's gate is controlled through port 0x61 and its output can be read back there, so we
 * can time a known interval without interrupts: program a one-shot count (mode 0) of
 * CALIBRATE_MS, read the TSC, spin until the output goes high, read the TSC again. The best
 * (shortest) of a few rounds is kept, since any delay can only lengthen a round.
 */
#include "kernel/arch/tsc.h"
#include "kernel/arch/io.h"
#include "mm/platform.h"

#define PIT_HZ            1193182u
#define PIT_CH2_DATA      0x42
#define PIT_COMMAND       0x43
#define PIT_CH2_GATE_PORT 0x61
#define GATE_ON           0x01
#define SPEAKER_ON        0x02
#define PIT_OUT2          0x20
#define PIT_CMD_CH2_ONESHOT 0xB0   /* channel 2, lobyte/hibyte, mode 0, binary */
#define CALIBRATE_MS      10
#define CALIBRATE_ROUNDS  3

static uint64_t measured_hz;

static uint64_t one_round(void)
{
    uint16_t count = (uint16_t)(PIT_HZ * CALIBRATE_MS / 1000);
    uint8_t gate = inb(PIT_CH2_GATE_PORT) & (uint8_t)~(SPEAKER_ON | GATE_ON);
    uint64_t start, end;

    outb(PIT_CH2_GATE_PORT, gate);              /* gate low: hold the counter */
    outb(PIT_COMMAND, PIT_CMD_CH2_ONESHOT);
    outb(PIT_CH2_DATA, count & 0xFF);
    outb(PIT_CH2_DATA, count >> 8);
    outb(PIT_CH2_GATE_PORT, gate | GATE_ON);    /* gate high: count down from here */
    start = platform_cycles();
    while (!(inb(PIT_CH2_GATE_PORT) & PIT_OUT2))
        ;
    end = platform_cycles();
    outb(PIT_CH2_GATE_PORT, gate);
    return (end - start) * 1000 / CALIBRATE_MS;
}

void tsc_calibrate(void)
{
    uint64_t best = 0;
    for (int i = 0; i < CALIBRATE_ROUNDS; i++) {
        uint64_t hz = one_round();
        if (!best || hz < best)
            best = hz;
    }
    measured_hz = best;
}

uint64_t tsc_hz(void)
{
    return measured_hz;
}

uint64_t tsc_to_us(uint64_t cycles)
{
    uint64_t mhz = measured_hz / 1000000;
    return mhz ? cycles / mhz : 0;
}

void tsc_delay_us(uint64_t us)
{
    uint64_t end = platform_cycles() + us * (measured_hz / 1000000);
    while (platform_cycles() < end)
        cpu_relax();
}
