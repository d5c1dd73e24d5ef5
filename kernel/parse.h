/*
 * kernel/parse.h - the one number parser and the one boolean parser, shared by the boot command
 * line (kernel/cmdline.c) and the console's argument checks (kernel/console/shell_args.c).
 *
 * Numbers are unsigned, decimal or 0x-hex (either case), with no sign, no spaces and nothing
 * after the digits: "0x" alone and "" are not numbers. Digits are taken one at a time with an
 * overflow test before each multiply-add, so 99999999999999999999 is PARSE_TOO_BIG, never a
 * wrapped value that would then pass a range check. Every digit is read even after an overflow,
 * so "99999999999999999999x" is PARSE_NOT_A_NUMBER: junk is the worse mistake and is named first.
 *
 * Booleans are the words in parse_bool_words: on/off, 1/0, yes/no, true/false (lower case),
 * each "true" word at an even index followed by its "false" word, so callers can list them in an
 * error message.
 *
 * Freestanding, and only mm/platform.h is used, so it builds hosted for the fuzzers
 * (tests/fuzz/fuzz_cmdline.c, tests/fuzz/fuzz_console.c).
 */
#ifndef KERNEL_PARSE_H
#define KERNEL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

enum parse_status {
    PARSE_OK,
    PARSE_NOT_A_NUMBER,         /* empty, a bare 0x, or a character that is not a digit */
    PARSE_TOO_BIG,              /* digits only, but above UINT64_MAX */
};

/* Parse all of `text` as a number into *out (untouched unless PARSE_OK). */
enum parse_status parse_u64(const char *text, uint64_t *out);

/* The boolean words, NULL-terminated: true at even indexes, false at odd ones. */
extern const char *const parse_bool_words[];

/* true when `text` is one of parse_bool_words; *out receives its meaning. */
bool parse_bool(const char *text, bool *out);

#endif
