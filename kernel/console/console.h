/*
 * kernel/console/console.h - the interactive console on COM1: prompt, line editor
 * (kernel/console/line_edit.h), history, and Ctrl-C for running commands. The commands themselves
 * are the shell's (kernel/console/shell.h).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/console/line_edit.h"

#define CONSOLE_PROMPT      "pymm> "
#define CONSOLE_LINE_MAX    LINE_EDIT_MAX      /* a line holds CONSOLE_LINE_MAX - 1 characters */
#define CONSOLE_HISTORY     LINE_EDIT_HISTORY  /* lines kept for up/down */
#define CONSOLE_TYPEAHEAD   256    /* bytes typed while a command runs, kept for the next line */

/* Read lines and run them, forever (`halt` and `reboot` end it). */
void console_run(void) __attribute__((noreturn));

/*
 * Ctrl-C while a command runs. console_poll_interrupt() drains the UART: a Ctrl-C sets the
 * interrupt flag and throws away the type-ahead (as a terminal flushes on interrupt); other bytes
 * are kept for the next line. Returns the flag, which stays set until cleared, so a command can
 * test it at every level of its loops. Console CPU only.
 */
bool console_poll_interrupt(void);
void console_clear_interrupt(void);
bool console_take_interrupt(void);            /* returns the flag and clears it (no poll) */

/* The history, oldest first, for the `history` command. Returns NULL past the end. */
const char *console_history_line(size_t age_from_newest);

#endif
