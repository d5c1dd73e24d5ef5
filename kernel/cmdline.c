/*
 * kernel/cmdline.c - the command-line parser (see cmdline.h).
 *
 * Tokens are split on spaces and tabs; each is `key` or `key=value`. Keys and values are bounded
 * by OPT_KEY_MAX / OPT_VALUE_MAX and everything is copied into fixed buffers, so no input length
 * can overflow anything: overlong input is reported and skipped. Numbers and booleans are read by
 * kernel/parse.c, as the console's are. Only mm/platform.h is used, so the parser also builds
 * hosted, for its fuzzer (tests/fuzz/fuzz_cmdline.c).
 */
#include "kernel/cmdline.h"
#include "kernel/parse.h"
#include "mm/platform.h"

#define WARN_MAX 160

struct parser {
    cmdline_warn_fn warn;
    void *ctx;
    int warnings;
};

static void warn(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct parser *p, const char *fmt, ...)
{
    char msg[WARN_MAX];
    va_list ap;
    va_start(ap, fmt);
    platform_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->warnings++;
    if (p->warn)
        p->warn(p->ctx, msg);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void apply(struct parser *p, const struct opt_spec *spec, struct opt_value *val,
                  const char *value, bool has_eq)
{
    uint64_t num;
    bool truth;
    if (!has_eq) {
        if (spec->kind == OPT_FLAG) {
            val->set = true;
            val->str[0] = '\0';
        } else {
            warn(p, "option '%s' needs a value (%s=...); using the default", spec->key, spec->key);
        }
        return;
    }
    if (!*value) {
        warn(p, "option '%s' has an empty value; using the default", spec->key);
        return;
    }
    switch (spec->kind) {
    case OPT_FLAG:
    case OPT_STRING:
        val->set = true;
        memcpy(val->str, value, strlen(value) + 1);
        break;
    case OPT_BOOL:
        if (!parse_bool(value, &truth)) {
            warn(p, "option '%s': '%s' is not a boolean (use 1/0, on/off); using the default",
                 spec->key, value);
            return;
        }
        val->set = true;
        val->num = truth;
        break;
    case OPT_UINT:
        /* A number too big for 64 bits is reported as not a number, as it always was here. */
        if (parse_u64(value, &num) != PARSE_OK) {
            warn(p, "option '%s': '%s' is not a number; using the default", spec->key, value);
            return;
        }
        if (num < spec->min || num > spec->max) {
            warn(p, "option '%s': %s is out of range [%lu, %lu]; using the default", spec->key,
                 value, (unsigned long)spec->min, (unsigned long)spec->max);
            return;
        }
        val->set = true;
        val->num = num;
        break;
    }
}

int cmdline_parse(const char *line, const struct opt_spec *specs, size_t nspecs,
                  struct opt_value *values, cmdline_warn_fn warn_fn, void *ctx)
{
    struct parser p = {warn_fn, ctx, 0};

    for (size_t i = 0; i < nspecs; i++) {
        values[i].set = false;
        values[i].num = specs[i].def;
        values[i].str[0] = '\0';
    }
    if (!line)
        return 0;

    while (*line) {
        char key[OPT_KEY_MAX], value[OPT_VALUE_MAX];
        size_t klen = 0, vlen = 0;
        bool has_eq = false, key_long = false, value_long = false;
        size_t i;

        while (is_space(*line))
            line++;
        if (!*line)
            break;
        for (; *line && !is_space(*line) && *line != '='; line++) {
            if (klen + 1 < sizeof key) key[klen++] = *line;
            else key_long = true;
        }
        key[klen] = '\0';
        if (*line == '=') {
            has_eq = true;
            for (line++; *line && !is_space(*line); line++) {
                if (vlen + 1 < sizeof value) value[vlen++] = *line;
                else value_long = true;
            }
        }
        value[vlen] = '\0';

        if (key_long) {
            warn(&p, "option '%s...' has an overlong name (max %d characters); ignored", key,
                 OPT_KEY_MAX - 1);
            continue;
        }
        if (klen == 0) {
            warn(&p, "a '=' with no option name before it; ignored");
            continue;
        }
        for (i = 0; i < nspecs; i++)
            if (strcmp(specs[i].key, key) == 0)
                break;
        if (i == nspecs) {
            warn(&p, "unknown option '%s'; ignored", key);
            continue;
        }
        if (value_long) {
            warn(&p, "option '%s' has an overlong value (max %d characters); using the default",
                 key, OPT_VALUE_MAX - 1);
            continue;
        }
        apply(&p, &specs[i], &values[i], value, has_eq);
    }
    return p.warnings;
}
