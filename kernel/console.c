/*
 * kernel/console.c - the console: prompt, line editing (printable characters, backspace,
 * Ctrl-U to erase the line, Ctrl-C to abandon it) and a table of commands.
 *
 * Input longer than CONSOLE_LINE_MAX - 1 characters is cut there, and the cut is reported when
 * the line is run. Bytes that are neither printable nor an editing key are ignored, so binary
 * garbage on the line can never reach a command.
 */
#include "kernel/console.h"
#include "kernel/kprintf.h"
#include "kernel/options.h"
#include "kernel/qemu.h"
#include "kernel/uart.h"
#include "mm/platform.h"
#include "tests/ktest.h"

#define PROMPT "pymm> "
#define CTRL(c) ((c) & 0x1F)
#define KEY_BACKSPACE 0x7F

static int cmd_help(int argc, char **argv);

static int cmd_halt(int argc, char **argv)
{
    (void)argc, (void)argv;
    kprintf("halting\n");
    qemu_exit(QEMU_EXIT_SUCCESS);
}

static int cmd_test(int argc, char **argv)
{
    (void)argc;
    ktest_run(argc > 1 ? argv[1] : NULL);
    return 0;
}

static const struct console_command commands[] = {
    {"help", "[COMMAND]", "list the commands, or describe one", cmd_help},
    {"test", "[PATTERN]", "run the in-kernel tests (all, or those matching PATTERN)", cmd_test},
    {"halt", "", "stop the machine (QEMU exits)", cmd_halt},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int cmd_help(int argc, char **argv)
{
    if (argc > 1) {
        for (size_t i = 0; i < NCOMMANDS; i++)
            if (strcmp(commands[i].name, argv[1]) == 0) {
                kprintf("%s %s\n  %s\n", commands[i].name, commands[i].usage, commands[i].help);
                return 0;
            }
        kprintf("help: no command named '%s'\n", argv[1]);
        return 1;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        kprintf("  %-8s %-12s %s\n", commands[i].name, commands[i].usage, commands[i].help);
    kprintf("boot options (key=value on the kernel command line):\n");
    options_print();
    return 0;
}

int console_execute(char *line)
{
    char *argv[CONSOLE_ARGS_MAX];
    int argc = 0;

    while (*line) {
        while (*line == ' ')
            *line++ = '\0';
        if (!*line)
            break;
        if (argc == CONSOLE_ARGS_MAX) {
            kprintf("error: more than %d words on the line\n", CONSOLE_ARGS_MAX);
            return 1;
        }
        argv[argc++] = line;
        while (*line && *line != ' ')
            line++;
    }
    if (argc == 0)
        return 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, argv[0]) == 0)
            return commands[i].run(argc, argv);
    kprintf("error: unknown command '%s' (type 'help' for the list)\n", argv[0]);
    return 1;
}

/* Read one line with editing; returns false if it was abandoned with Ctrl-C. */
static bool read_line(char *buf, size_t cap, bool *truncated)
{
    size_t len = 0;
    *truncated = false;
    for (;;) {
        int c = uart_getc();
        if (c == '\r' || c == '\n') {
            kprintf("\n");
            buf[len] = '\0';
            return true;
        }
        if (c == CTRL('C')) {
            kprintf("^C\n");
            return false;
        }
        if (c == CTRL('U')) {
            while (len) {
                kprintf("\b \b");
                len--;
            }
        } else if (c == KEY_BACKSPACE || c == '\b') {
            if (len) {
                kprintf("\b \b");
                len--;
            }
        } else if (c >= 0x20 && c < 0x7F) {
            if (len + 1 < cap) {
                buf[len++] = (char)c;
                uart_putc((char)c);
            } else {
                *truncated = true;
            }
        }
    }
}

void console_run(void)
{
    char line[CONSOLE_LINE_MAX];
    for (;;) {
        bool truncated;
        kprintf(PROMPT);
        if (!read_line(line, sizeof line, &truncated))
            continue;
        if (truncated) {
            kprintf("error: line longer than %d characters; ignored\n", CONSOLE_LINE_MAX - 1);
            continue;
        }
        console_execute(line);
    }
}
