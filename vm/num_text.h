/*
 * vm/num_text.h - the text rules int() and float() share: which characters are whitespace and
 * which are digits.
 *
 * CPython first rewrites the text to ASCII (_PyUnicode_TransformDecimalAndSpaceToASCII): every
 * character above ASCII that is Unicode whitespace becomes ' ', every decimal digit (Arabic-Indic
 * '١', fullwidth '３', ...) becomes its ASCII digit, and anything else becomes a character no
 * parser accepts; ASCII stays as it is. The parsers then strip only ASCII whitespace
 * (" \t\n\v\f\r": not \x1c..\x1f, which Python's str.isspace() counts but int() rejects).
 */
#ifndef VM_NUM_TEXT_H
#define VM_NUM_TEXT_H

#include "mm/platform.h"

#define UNICODE_DIGIT_RUNS 65
/* The digit zero of each run of ten decimal digits above ASCII (vm/unicode_digits.c). */
extern const uint32_t unicode_digit_zeros[UNICODE_DIGIT_RUNS];

/*
 * When text[0..len) has bytes above ASCII: *ascii = a kmalloc'd rewrite as above (malformed
 * UTF-8 becomes '?'), *ascii_len its length; false only when memory ran out. Text that is
 * ASCII already gives *ascii = NULL (use the text itself).
 */
bool num_text_to_ascii(const char *text, size_t len, char **ascii, size_t *ascii_len);

/* Length of the ASCII whitespace at the start of text[0..len) (from the end when `backward`). */
size_t num_text_space_len(const char *text, size_t len, bool backward);

#endif /* VM_NUM_TEXT_H */
