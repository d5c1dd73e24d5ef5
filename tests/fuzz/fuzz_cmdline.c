/*
 * tests/fuzz/fuzz_cmdline.c - libFuzzer target for the boot command-line parser (kernel/cmdline.c).
 *
 * Any byte string is a command line. Whatever it holds, the parse must not touch memory outside
 * its buffers (ASan), and afterwards every value must be one the table allows: set booleans are 0
 * or 1, set numbers lie in their range, strings are NUL-terminated inside their buffer, unset
 * options keep their defaults, and the warning count matches the warnings delivered.
 */
#include "kernel/cmdline.h"
#include "mm/platform.h"

#include <stdlib.h>

static const struct opt_spec specs[] = {
    {"test", OPT_FLAG, 0, 0, 0, ""},
    {"mm.debug", OPT_BOOL, 0, 1, 0, ""},
    {"gil.interval_us", OPT_UINT, 1, 1000000, 5000, ""},
    {"mm.fence", OPT_UINT, 0, 1u << 20, 0, ""},
    {"name", OPT_STRING, 0, 0, 0, ""},
};
#define N (sizeof specs / sizeof specs[0])

static int delivered;

static void count_warning(void *ctx, const char *message)
{
    (void)ctx;
    if (strlen(message) == 0)
        abort();
    delivered++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct opt_value values[N];
    char *line = malloc(size + 1);
    int warnings;

    if (!line)
        return 0;
    memcpy(line, data, size);
    line[size] = '\0';
    delivered = 0;
    warnings = cmdline_parse(line, specs, N, values, count_warning, NULL);
    if (warnings != delivered)
        abort();
    for (size_t i = 0; i < N; i++) {
        const struct opt_value *v = &values[i];
        if (memchr(v->str, '\0', sizeof v->str) == NULL)
            abort();
        if (!v->set) {
            if (v->num != specs[i].def || v->str[0])
                abort();
            continue;
        }
        if (specs[i].kind == OPT_BOOL && v->num > 1)
            abort();
        if (specs[i].kind == OPT_UINT && (v->num < specs[i].min || v->num > specs[i].max))
            abort();
        if (specs[i].kind == OPT_STRING && v->str[0] == '\0')
            abort();
    }
    free(line);
    return 0;
}
