/* kernel/arch/uart.h - the 16550 UART on COM1 (115200 8N1): the kernel's console. */
#ifndef KERNEL_UART_H
#define KERNEL_UART_H

#include <stdbool.h>

void uart_init(void);
void uart_putc(char c);            /* "\n" goes out as "\r\n" */
void uart_write(const char *s, unsigned long n);
/* A byte as it is: "\n" stays a bare line feed, which no uart_putc output contains. */
void uart_putc_raw(char c);
bool uart_has_input(void);
int  uart_getc(void);              /* waits for a byte */
int  uart_try_getc(void);          /* -1 when nothing is waiting */
/* Was the last byte written a newline (or nothing written yet)? For the batch-mode end marker,
 * which starts with a newline only when the program's output did not end with one. */
bool uart_at_line_start(void);

#endif
