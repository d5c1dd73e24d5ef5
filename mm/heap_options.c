/*
 * mm/heap_options.c - the heap's options as text: "debug,fence=100", from the KMALLOC_OPTIONS
 * environment variable of the preloaded library (mm/stdnames.c), in the style of jemalloc's
 * MALLOC_CONF and mimalloc's MIMALLOC_* variables.
 *
 * Options, separated by commas (spaces around them are ignored):
 *   debug, debug=1, debug=0   debug mode (poison and redzones: heap_set_debug)
 *   fence=N                   the guard-page sampler every Nth allocation, 0 off (mm/fence.h)
 * The text is checked whole before anything is applied: an unknown option or a bad value gets
 * one warning line naming it and its position, and the heap keeps its defaults (a typo must not
 * leave half of what was asked for in force without saying so).
 *
 * Portable like the rest of mm/: no libc (the number parser is below, bounded to 32 bits).
 */
#include "mm/heap.h"
#include "mm/fence.h"

#define OPTION_SHOWN_MAX 40   /* characters of a bad option quoted in the warning */

/* Whether word[0..len) is `name`. */
static bool word_is(const char *word, size_t len, const char *name)
{
    size_t i = 0;
    for (; i < len && name[i]; i++)
        if (word[i] != name[i])
            return false;
    return i == len && !name[i];
}

/* Decimal value of text[0..len) into *out; false when empty, not digits or above 2^32 - 1. */
static bool parse_u32(const char *text, size_t len, uint32_t *out)
{
    uint64_t v = 0;
    if (!len)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(text[i] - '0');
        if (v > 0xffffffffu)
            return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

bool heap_options_parse(const char *text, struct heap_options *out, char *err, size_t err_len)
{
    struct heap_options opts = {.debug = false, .fence_every = 0};
    const char *p = text;

    while (*p) {
        while (is_space(*p))
            p++;
        const char *start = p;
        while (*p && *p != ',')
            p++;
        const char *end = p;
        while (end > start && is_space(end[-1]))
            end--;
        if (*p == ',')
            p++;
        if (end == start)
            continue;   /* empty item: "debug,,fence=2" */
        const char *eq = start;
        while (eq < end && *eq != '=')
            eq++;
        size_t name_len = (size_t)(eq - start);
        const char *value = eq < end ? eq + 1 : NULL;
        size_t value_len = value ? (size_t)(end - value) : 0;
        uint32_t n;
        if (word_is(start, name_len, "debug") && !value) {
            opts.debug = true;
        } else if (word_is(start, name_len, "debug") && parse_u32(value, value_len, &n) && n <= 1) {
            opts.debug = n;
        } else if (word_is(start, name_len, "fence") && value &&
                   parse_u32(value, value_len, &n)) {
            opts.fence_every = n;
        } else {
            bool known = word_is(start, name_len, "debug") || word_is(start, name_len, "fence");
            char item[OPTION_SHOWN_MAX + 1];
            size_t n_shown = (size_t)(end - start) < OPTION_SHOWN_MAX ? (size_t)(end - start)
                                                                        : OPTION_SHOWN_MAX;
            memcpy(item, start, n_shown);
            item[n_shown] = 0;
            platform_snprintf(err, err_len,
                              "%s option '%s' at offset %u (known: debug, debug=0|1, fence=N)",
                              known ? "bad value in" : "unknown", item, (unsigned)(start - text));
            return false;
        }
    }
    *out = opts;
    return true;
}

bool heap_options_apply(const char *source, const char *text)
{
    struct heap_options opts;
    char err[160];

    if (!text || !*text)
        return true;
    if (!heap_options_parse(text, &opts, err, sizeof err)) {
        platform_log("%s: %s; defaults kept\n", source, err);
        return false;
    }
    if (opts.debug)
        heap_set_debug(true);
    if (opts.fence_every && !fence_set_sample_rate(opts.fence_every))
        platform_log("%s: fence=%u: no memory for the sampler's pool; sampling stays off\n",
                     source, (unsigned)opts.fence_every);
    return true;
}
