/*
 * kernel/console.h - the interactive console on COM1: a prompt, line input and a command table.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

#define CONSOLE_LINE_MAX 256
#define CONSOLE_ARGS_MAX 16

struct console_command {
    const char *name;
    const char *usage;          /* arguments, e.g. "[PATTERN]" */
    const char *help;           /* one line */
    int (*run)(int argc, char **argv);   /* 0 ok; non-zero: the command printed an error */
};

/* Read commands and run them, forever (until `halt`). */
void console_run(void) __attribute__((noreturn));
/* Split and run one line; prints "unknown command" and the like. Returns the command's result. */
int console_execute(char *line);

#endif
