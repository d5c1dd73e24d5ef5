/*
 * vm/format_spec_impl.h - what vm/format_spec.c shares with vm/format_number.c (not an API).
 */
#ifndef VM_FORMAT_SPEC_IMPL_H
#define VM_FORMAT_SPEC_IMPL_H

#include "vm/format_spec.h"

/* Put "Unknown format code 'X' for object of type 'T'" in err; returns FORMAT_VALUE_ERROR. */
int format_unknown_code(struct fmt_buf *err, uint32_t type, const char *type_name);
/* Put message in err; returns status (FORMAT_NOMEM when even that failed). */
int format_error(struct fmt_buf *err, int status, const char *message);
/* Decode one UTF-8 code point at s[*i] and step over it (a malformed byte stands for itself). */
uint32_t format_utf8_next(const char *s, size_t len, size_t *i);

#endif /* VM_FORMAT_SPEC_IMPL_H */
