/*
 * kernel/ksyms.h - the kernel's own symbol table, embedded at build time (tools/gen-ksyms), for
 * backtraces and error reports that name code as "function+0xoffset".
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stddef.h>
#include <stdint.h>

/* The function containing addr and its start, or NULL when addr is outside the kernel's text. */
const char *ksym_lookup(uintptr_t addr, uintptr_t *start);
/* Format "function+0xoff" (or the bare address) into buf; returns buf. */
const char *ksym_format(uintptr_t addr, char *buf, size_t len);
/* The address of a function by name, or 0. */
uintptr_t ksym_address(const char *name);

#endif
