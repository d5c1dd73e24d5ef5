/*
 * kernel/console/shell_args.c - the one place command lines are split and arguments are checked.
 *
 * Every check names the argument and quotes what was typed, so an error reads
 * "error: gc threshold: A: '12x' is not a number (decimal or 0x-hex)". Numbers and booleans are
 * read by kernel/parse.c, as the boot command line's are; a number too big for 64 bits is
 * "out of range", never a wrapped value that happens to pass the range check.
 *
 * Only mm/platform.h is used (errors go through shell_error), so this builds hosted too, for
 * its fuzzer (tests/fuzz/fuzz_console.c).
 */
#include "kernel/console/shell.h"
#include "kernel/parse.h"
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

bool shell_parse_u64(const char *what, const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    enum parse_status status = parse_u64(text, &value);

    if (status == PARSE_NOT_A_NUMBER) {
        shell_error("%s: '%s' is not a number (decimal or 0x-hex)", what, text);
        return false;
    }
    if (status == PARSE_TOO_BIG || value < min || value > max) {
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
    int refused;
    if (parse_bool(text, out))
        return true;
    /* Not a boolean word: the choice check fails too, and its error lists the words. */
    return shell_parse_choice(what, text, parse_bool_words, &refused);
}
