/*
 * kernel/console/shell_args.c - the one place command lines are split and arguments are checked.
 *
 * Every check names the argument and quotes what was typed, so an error reads
 * "error: gc threshold: A: '12x' is not a number (decimal or 0x-hex)". Numbers are parsed
 * digit by digit with an overflow test before each multiply-add, so 99999999999999999999 is
 * "out of range", never a wrapped value that happens to pass the range check.
 *
 * Only mm/platform.h is used (errors go through shell_error), so this builds hosted too, for
 * its fuzzer (tests/fuzz/fuzz_console.c).
 */
#include "kernel/console/shell.h"
#include "mm/platform.h"

int shell_split(char *line, char **argv)
{
    int argc = 0;

    while (*line) {
        while (*line == ' ')
            *line++ = '\0';
        if (!*line)
            break;
        if (argc == SHELL_ARGS_MAX)
            return -1;
        argv[argc++] = line;
        while (*line && *line != ' ')
            line++;
    }
    return argc;
}

static int digit_value(char c, unsigned base)
{
    int v;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    else
        return -1;
    return (unsigned)v < base ? v : -1;
}

bool shell_parse_u64(const char *what, const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    unsigned base = 10;
    const char *p = text;
    uint64_t value = 0;
    bool overflow = false;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p) {
        shell_error("%s: '%s' is not a number (decimal or 0x-hex)", what, text);
        return false;
    }
    for (; *p; p++) {
        int d = digit_value(*p, base);
        if (d < 0) {
            shell_error("%s: '%s' is not a number (decimal or 0x-hex)", what, text);
            return false;
        }
        if (value > (UINT64_MAX - (uint64_t)d) / base)
            overflow = true;
        else
            value = value * base + (uint64_t)d;
    }
    if (overflow || value < min || value > max) {
        shell_error("%s: %s is out of range (%lu to %lu)", what, text, (unsigned long)min,
                    (unsigned long)max);
        return false;
    }
    *out = value;
    return true;
}

bool shell_parse_choice(const char *what, const char *text, const char *const *choices, int *index)
{
    char list[128] = "";
    size_t used = 0;
    for (int i = 0; choices[i]; i++) {
        if (strcmp(choices[i], text) == 0) {
            *index = i;
            return true;
        }
        /* Past the end, keep counting (nothing is written) without pointing past the array. */
        size_t at = used < sizeof list ? used : sizeof list;
        used += (size_t)platform_snprintf(list + at, sizeof list - at, "%s%s", i ? "|" : "",
                                          choices[i]);
    }
    shell_error("%s: '%s' is not one of %s", what, text, list);
    return false;
}

bool shell_parse_bool(const char *what, const char *text, bool *out)
{
    static const char *const words[] = {"on", "off", "1", "0", "yes", "no", "true", "false", NULL};
    int i;
    if (!shell_parse_choice(what, text, words, &i))
        return false;
    *out = (i % 2) == 0;
    return true;
}
