/*
 * kernel/options.h - the kernel's boot options: the one table of every `key=value` the kernel
 * command line accepts (kernel/options.c), parsed once at boot.
 */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include "kernel/cmdline.h"

/* Parse the boot command line; warnings go to the console. Returns the warning count. */
int options_parse(const char *cmdline);
/* The parsed value of a known option; panics on a key missing from the table (a kernel bug). */
const struct opt_value *option(const char *key);
/* Print the table (key, kind, default, help) for `help`. */
void options_print(void);

#endif
