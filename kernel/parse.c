/*
 * kernel/parse.c - numbers and booleans from text (see parse.h).
 */
#include "kernel/parse.h"
#include "mm/platform.h"

/* c's value as a digit of `base` (10 or 16), or -1. */
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

enum parse_status parse_u64(const char *text, uint64_t *out)
{
    unsigned base = 10;
    uint64_t value = 0;
    bool overflow = false;

    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text += 2;
    }
    if (!*text)
        return PARSE_NOT_A_NUMBER;
    for (; *text; text++) {
        int d = digit_value(*text, base);
        if (d < 0)
            return PARSE_NOT_A_NUMBER;
        if (value > (UINT64_MAX - (uint64_t)d) / base)
            overflow = true;
        else
            value = value * base + (uint64_t)d;
    }
    if (overflow)
        return PARSE_TOO_BIG;
    *out = value;
    return PARSE_OK;
}

const char *const parse_bool_words[] = {"on", "off", "1", "0", "yes", "no", "true", "false",
                                        NULL};

bool parse_bool(const char *text, bool *out)
{
    for (int i = 0; parse_bool_words[i]; i++)
        if (strcmp(parse_bool_words[i], text) == 0) {
            *out = (i % 2) == 0;
            return true;
        }
    return false;
}
