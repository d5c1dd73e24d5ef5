/*
 * kernel/arch/uart.c - polled driver for the 16550 UART on COM1.
 *
 * Output polls the transmit-holding-register-empty bit before each byte; input polls the
 * data-ready bit. Polling keeps the console usable from any context, including panics with
 * interrupts off. Serialising whole lines between CPUs is kprintf's job, not this file's.
 */
#include "kernel/arch/uart.h"
#include "kernel/arch/io.h"

#define COM1        0x3F8
#define UART_DATA   0          /* receive/transmit buffer (DLAB=0), divisor low (DLAB=1) */
#define UART_IER    1          /* interrupt enable (DLAB=0), divisor high (DLAB=1) */
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define LCR_8N1     0x03
#define LCR_DLAB    0x80
#define FCR_ENABLE_CLEAR_14 0xC7   /* FIFOs on, cleared, 14-byte receive trigger */
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define BAUD_DIVISOR_115200 1      /* 115200 / 115200 */

void uart_init(void)
{
    outb(COM1 + UART_IER, 0x00);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, BAUD_DIVISOR_115200 & 0xFF);
    outb(COM1 + UART_IER, BAUD_DIVISOR_115200 >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR_14);
    outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void put_raw(char c)
{
    while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
        cpu_relax();
    outb(COM1 + UART_DATA, (uint8_t)c);
}

/* Written under the console lock (kprintf), by a panicking CPU that owns the console, or by
 * batch mode between programs (kernel/programs.c), when nothing else prints. */
static char last_written = '\n';

void uart_putc(char c)
{
    if (c == '\n')
        put_raw('\r');
    put_raw(c);
    last_written = c;
}

void uart_putc_raw(char c)
{
    put_raw(c);
    last_written = c;
}

bool uart_at_line_start(void)
{
    return last_written == '\n';
}

void uart_write(const char *s, unsigned long n)
{
    while (n--)
        uart_putc(*s++);
}

bool uart_has_input(void)
{
    return inb(COM1 + UART_LSR) & LSR_DATA_READY;
}

int uart_try_getc(void)
{
    return uart_has_input() ? inb(COM1 + UART_DATA) : -1;
}

int uart_getc(void)
{
    while (!uart_has_input())
        cpu_relax();
    return inb(COM1 + UART_DATA);
}
