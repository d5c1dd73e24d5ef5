/*
 * kernel/cmdline.h - parsing a command line of space-separated `key=value` options against a
 * table of known options.
 *
 * Kinds: OPT_FLAG is a bare `key` or `key=TEXT` (test, test=PATTERN); OPT_BOOL takes
 * 1/0/on/off/yes/no/true/false; OPT_UINT a decimal or 0x-hex number within [min, max];
 * OPT_STRING any text up to OPT_VALUE_MAX - 1 characters.
 *
 * Malformed input never stops the parse: a missing '=', an empty value, an unknown key, a value
 * that does not parse or is out of range, and an overlong key or value each produce one warning
 * (through `warn`) naming the option and what was wrong, and the option keeps its default.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPT_KEY_MAX   32
#define OPT_VALUE_MAX 64

enum opt_kind { OPT_FLAG, OPT_BOOL, OPT_UINT, OPT_STRING };

struct opt_spec {
    const char *key;
    enum opt_kind kind;
    uint64_t min, max, def;     /* OPT_UINT range and default; OPT_BOOL default (0/1) */
    const char *help;
};

struct opt_value {
    bool set;                   /* given (validly) on the command line */
    uint64_t num;               /* OPT_BOOL/OPT_UINT value (the default unless set) */
    char str[OPT_VALUE_MAX];    /* OPT_FLAG/OPT_STRING text ("" for a bare flag) */
};

typedef void (*cmdline_warn_fn)(void *ctx, const char *message);

/* Parse `line` into values[i] for specs[i]; returns the number of warnings issued. */
int cmdline_parse(const char *line, const struct opt_spec *specs, size_t nspecs,
                  struct opt_value *values, cmdline_warn_fn warn, void *ctx);

#endif
