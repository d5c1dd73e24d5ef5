/*
 * kernel/console/console.c - the interactive console on COM1: input, Ctrl-C for running commands,
 * and the loop that reads lines and hands them to the shell.
 *
 * Line editing (keys, escape sequences, history, refusing bad lines) is the portable state
 * machine in kernel/console/line_edit.c; this file feeds it bytes from the UART and writes its
 * output with kprintf, whose console lock keeps other CPUs' lines from splitting ours (each piece
 * the editor writes is one kprintf).
 *
 * Waiting for input: the UART is polled (it works in every context, panics included), but a
 * console that spins at the prompt would keep its CPU from every other thread pinned there (and
 * burn a host core under QEMU). So after CONSOLE_SPIN_AFTER_INPUT_US without a byte the console
 * thread sleeps a tick at a time (thread_sleep_us). The 16550's 16-byte FIFO fills in 1.4 ms at
 * 115200 baud; a tick is 0.5 ms (TIMER_HZ), so polling once a tick loses nothing, and the spin
 * window keeps pasted text and the test's floods from paying a tick per byte.
 *
 * All state is in `con`; only the boot CPU runs the console, so no lock is needed.
 */
#include "kernel/console/console.h"
#include "kernel/arch/io.h"
#include "kernel/kprintf.h"
#include "kernel/console/line_edit.h"
#include "kernel/console/shell.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "kernel/arch/uart.h"
#include "mm/platform.h"

#define CTRL(c)     ((c) & 0x1F)
#define CONSOLE_SPIN_AFTER_INPUT_US 20000
#define CONSOLE_IDLE_SLEEP_US       500

static struct {
    struct line_edit editor;
    /* bytes that arrived while a command ran, and whether one of them was ^C */
    unsigned char typeahead[CONSOLE_TYPEAHEAD];
    size_t ta_head, ta_count;
    bool interrupted;
    uint64_t last_input_tsc;
} con;

/* ---- input ---------------------------------------------------------------------------------- */

bool console_poll_interrupt(void)
{
    int c;
    while ((c = uart_try_getc()) >= 0) {
        if (c == CTRL('C')) {
            con.interrupted = true;
            con.ta_count = 0;
        } else if (con.ta_count < CONSOLE_TYPEAHEAD) {
            con.typeahead[(con.ta_head + con.ta_count++) % CONSOLE_TYPEAHEAD] = (unsigned char)c;
        }
    }
    return con.interrupted;
}

void console_clear_interrupt(void)
{
    con.interrupted = false;
}

bool console_take_interrupt(void)
{
    /* No poll here: a ^C typed during a command that never looked stays in the UART and
     * abandons the next line instead, so "interrupted" is only said of a command that stopped. */
    bool was = con.interrupted;
    con.interrupted = false;
    return was;
}

static int next_byte(void)
{
    if (con.ta_count) {
        int c = con.typeahead[con.ta_head];
        con.ta_head = (con.ta_head + 1) % CONSOLE_TYPEAHEAD;
        con.ta_count--;
        return c;
    }
    uint64_t spin_cycles = CONSOLE_SPIN_AFTER_INPUT_US * (tsc_hz() / 1000000);
    for (;;) {
        int c = uart_try_getc();
        uint64_t now = platform_cycles();
        if (c >= 0) {
            con.last_input_tsc = now;
            return c;
        }
        if (now - con.last_input_tsc < spin_cycles)
            cpu_relax();
        else
            thread_sleep_us(CONSOLE_IDLE_SLEEP_US);
    }
}

/* ---- the editor's output and the loop ---------------------------------------------------- */

static void write_screen(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    kprintf("%.*s", (int)len, text);
}

const char *console_history_line(size_t age)
{
    return line_edit_history(&con.editor, age);
}

void console_run(void)
{
    line_edit_init(&con.editor, CONSOLE_PROMPT, write_screen, NULL);
    for (;;) {
        enum line_edit_event event;
        line_edit_begin(&con.editor);
        do
            event = line_edit_feed(&con.editor, next_byte());
        while (event == LINE_EDIT_MORE);
        if (event == LINE_EDIT_CANCEL)
            continue;
        char *line = line_edit_accept(&con.editor);
        if (line)
            shell_execute(line);
    }
}
