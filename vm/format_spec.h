/*
 * vm/format_spec.h - Python's format-spec mini-language: format(x, spec), str.format, f-strings.
 *
 *   [[fill]align][sign][z][#][0][width][grouping][.precision][type]
 *
 * format_spec_parse reads a spec as CPython 3.11 does; format_int, format_double and format_str
 * apply one to a value, writing into a growable buffer. They produce CPython's bytes, and on
 * an error CPython's message: the buffer then holds the message (NUL-terminated) instead of
 * output, and the status says which exception to raise with it:
 *   FORMAT_VALUE_ERROR     ValueError (bad spec, a spec that does not fit the type)
 *   FORMAT_OVERFLOW_ERROR  OverflowError ("%c arg not in range(0x110000)", an int too large
 *                          for a float type)
 *   FORMAT_NOMEM           MemoryError (the buffer keeps what it had)
 *
 * The caller handles an empty spec (format(x, '') is str(x), which for bool is 'True') and
 * passes its type's name (type(x).__name__) for the messages that name it.
 *
 * Text is UTF-8; fill characters, widths and string precision count code points. Grouping and
 * the decimal point are those of the C locale ('n' groups nothing), as CPython prints under the
 * C locale. Context: any; allocates from kmalloc.
 */
#ifndef VM_FORMAT_SPEC_H
#define VM_FORMAT_SPEC_H

#include "mm/platform.h"
#include "vm/bigint.h"

enum format_status {
    FORMAT_OK = 0,
    FORMAT_VALUE_ERROR,
    FORMAT_OVERFLOW_ERROR,
    FORMAT_NOMEM,
};

/* A growable byte buffer, NUL-terminated whenever len > 0 or data != NULL. */
struct fmt_buf {
    char *data;
    size_t len, cap;
};

void fmt_buf_init(struct fmt_buf *b);
void fmt_buf_free(struct fmt_buf *b);
/* Append n bytes; false when memory ran out (the buffer keeps what it had). */
bool fmt_buf_append(struct fmt_buf *b, const char *s, size_t n);

/* A parsed spec. width and precision are -1 when absent; fill is a code point. */
struct format_spec {
    uint32_t fill;
    char align;             /* '<', '>', '=', '^' (the type's default when not given) */
    char sign;              /* '+', '-', ' ', or 0 */
    bool no_neg_0;          /* 'z' */
    bool alternate;         /* '#' */
    bool fill_given, align_given;
    int64_t width;
    char grouping;          /* ',', '_' or 0 */
    int64_t precision;
    uint32_t type;          /* a code point, or default_type */
};

/*
 * Parse spec[0..len) for an object whose type is named `type_name`, with its default type
 * ('d' for int, 0 for float, 's' for str) and alignment ('>' numbers, '<' strings). On an error
 * `err` holds the message.
 */
int format_spec_parse(struct format_spec *spec, const char *text, size_t len, uint32_t default_type,
                      char default_align, const char *type_name, struct fmt_buf *err);

/* format(v, spec) for an int: b c d o x X n and none, e E f F g G % through float(v). */
int format_int(struct fmt_buf *out, struct bigint v, const char *spec, size_t spec_len,
               const char *type_name);
/* format(x, spec) for a float: e E f F g G n % and none. */
int format_double(struct fmt_buf *out, double x, const char *spec, size_t spec_len,
                  const char *type_name);
/* format(s, spec) for a str (UTF-8 s of len bytes): s and none. */
int format_str(struct fmt_buf *out, const char *s, size_t len, const char *spec, size_t spec_len,
               const char *type_name);

#endif /* VM_FORMAT_SPEC_H */
