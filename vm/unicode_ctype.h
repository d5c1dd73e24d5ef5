/*
 * vm/unicode_ctype.h - character classes and simple case mappings of code points, as CPython's
 * str methods see them (vm/unicode_ctype.c says which ranges are exact).
 */
#ifndef VM_UNICODE_CTYPE_H
#define VM_UNICODE_CTYPE_H

#include "mm/platform.h"

bool uc_is_space(uint32_t c);
bool uc_is_linebreak(uint32_t c);
bool uc_is_upper(uint32_t c);
bool uc_is_lower(uint32_t c);
uint32_t uc_to_upper(uint32_t c); /* one-to-one part; ß's "SS" is the caller's */
uint32_t uc_to_lower(uint32_t c);
bool uc_is_alpha(uint32_t c);
bool uc_is_decimal(uint32_t c);
int uc_decimal_value(uint32_t c); /* -1: not a decimal digit */
bool uc_is_digit(uint32_t c);
bool uc_is_numeric(uint32_t c);
bool uc_is_printable(uint32_t c);
bool uc_is_xid_start(uint32_t c);
bool uc_is_xid_continue(uint32_t c);

#endif /* VM_UNICODE_CTYPE_H */
