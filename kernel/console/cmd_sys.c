/*
 * kernel/console/cmd_sys.c - the machine's commands: uptime, test, bench, history, halt, reboot.
 *
 * reboot tries the resets in the order that works on the most machines: the chipset's reset
 * control register (0xCF9, ICH/PCH: q35 under QEMU and most PCs since 2000), then the 8042
 * keyboard controller's reset line (command 0xFE, the PC/AT way), then a triple fault (an IDT of
 * limit 0 and an exception), which resets every x86. Under QEMU's -no-reboot a reset ends the run.
 */
#include "kernel/console/console.h"
#include "kernel/arch/io.h"
#include "kernel/kprintf.h"
#include "kernel/arch/qemu.h"
#include "kernel/console/shell.h"
#include "kernel/arch/tsc.h"
#include "mm/platform.h"
#include "tests/kbench.h"
#include "tests/ktest.h"

#define RESET_CONTROL_PORT   0xCF9
#define RESET_CONTROL_FULL   0x0E      /* full reset (bit 3), reset CPU (bit 2), hard (bit 1) */
#define I8042_STATUS_PORT    0x64
#define I8042_INPUT_FULL     0x02
#define I8042_CMD_RESET      0xFE
#define I8042_WAIT_SPINS     100000
#define RESET_SETTLE_US      100000    /* give each method this long before the next */

static int run_uptime(int argc, char **argv)
{
    (void)argc, (void)argv;
    uint64_t hz = tsc_hz();
    if (!hz)
        return shell_error("the TSC frequency was not measured");
    uint64_t cycles = platform_cycles();
    uint64_t ms = cycles / (hz / 1000);
    uint64_t s = ms / 1000;
    kprintf("up %lu.%03lu s (%luh %02lum %02lus) since CPU reset; TSC %lu cycles at %lu.%03lu MHz\n",
            (unsigned long)s, (unsigned long)(ms % 1000), (unsigned long)(s / 3600),
            (unsigned long)(s / 60 % 60), (unsigned long)(s % 60), (unsigned long)cycles,
            (unsigned long)(hz / 1000000), (unsigned long)(hz / 1000 % 1000));
    return SHELL_OK;
}

SHELL_COMMAND(cmd_uptime, 220) = {
    "uptime", "", "time since the CPU was reset, from the TSC",
    "  The TSC counts from reset; its rate was measured against the PIT at boot.", 0, 0,
    run_uptime, NULL,
};

static int run_test(int argc, char **argv)
{
    int failed;
    ktest_stop_requested = shell_interrupted;
    failed = ktest_run(argc > 1 ? argv[1] : NULL);
    ktest_stop_requested = NULL;
    return failed ? shell_error("%d test%s failed", failed, failed == 1 ? "" : "s") : SHELL_OK;
}

SHELL_COMMAND(cmd_test, 230) = {
    "test", "[PATTERN]", "run the in-kernel tests (all, or those matching PATTERN)",
    "  PATTERN matches suite.name: '*' any run, '?' one character; without wildcards a prefix.\n"
    "  Ctrl-C stops the run after the test in progress; the rest are reported as skipped.",
    0, 1, run_test, NULL,
};

static int run_bench(int argc, char **argv)
{
    const char *pattern = argc > 1 ? argv[1] : NULL;
    int ran;
    ktest_stop_requested = shell_interrupted;
    ran = kbench_run(pattern);
    ktest_stop_requested = NULL;
    if (ran == 0)
        return shell_error("no benchmark matches '%s'", pattern ? pattern : "");
    return SHELL_OK;
}

SHELL_COMMAND(cmd_bench, 240) = {
    "bench", "[PATTERN]", "run the in-kernel benchmarks (all, or those matching PATTERN)",
    "  Same matching as test. Each prints rows: bench NAME: what  value unit  [note].\n"
    "  Ctrl-C stops the run after the benchmark in progress.",
    0, 1, run_bench, NULL,
};

static int run_history(int argc, char **argv)
{
    uint64_t count = CONSOLE_HISTORY;
    if (argc > 1 && !shell_parse_u64("COUNT", argv[1], 1, CONSOLE_HISTORY, &count))
        return SHELL_ERR;
    size_t n = 0;
    while (n < count && console_history_line(n))
        n++;
    for (size_t age = n; age-- > 0;)
        kprintf("%4lu  %s\n", (unsigned long)(n - age), console_history_line(age));
    return SHELL_OK;
}

SHELL_COMMAND(cmd_history, 260) = {
    "history", "[COUNT]", "the last COUNT lines typed (up/down recall them)",
    "  COUNT is 1 to 32 (the history's size); the newest line is last.", 0, 1,
    run_history, NULL,
};

static int run_halt(int argc, char **argv)
{
    (void)argc, (void)argv;
    kprintf("halting\n");
    qemu_exit(QEMU_EXIT_SUCCESS);
}

SHELL_COMMAND(cmd_halt, 270) = {
    "halt", "", "stop the machine (QEMU exits with success)", NULL, 0, 0, run_halt, NULL,
};

static __attribute__((noreturn)) void triple_fault(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } empty_idt = {0, 0};
    __asm__ volatile("lidt %0; int3" ::"m"(empty_idt));
    for (;;)
        __asm__ volatile("hlt");
}

static int run_reboot(int argc, char **argv)
{
    (void)argc, (void)argv;
    kprintf("rebooting\n");
    irq_disable();
    outb(RESET_CONTROL_PORT, RESET_CONTROL_FULL);
    tsc_delay_us(RESET_SETTLE_US);
    for (int i = 0; i < I8042_WAIT_SPINS && (inb(I8042_STATUS_PORT) & I8042_INPUT_FULL); i++)
        cpu_relax();
    outb(I8042_STATUS_PORT, I8042_CMD_RESET);
    tsc_delay_us(RESET_SETTLE_US);
    triple_fault();
}

SHELL_COMMAND(cmd_reboot, 280) = {
    "reboot", "", "reset the machine (under QEMU -no-reboot the run ends)",
    "  Tries the chipset reset register 0xCF9, then the keyboard controller, then a triple fault.",
    0, 0, run_reboot, NULL,
};
