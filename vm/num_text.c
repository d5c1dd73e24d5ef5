/*
 * vm/num_text.c - the ASCII rewrite of number text and its whitespace (see vm/num_text.h).
 */
#include "vm/num_text.h"
#include "mm/malloc.h"

/* Unicode White_Space above ASCII, as CPython's str.isspace() (Unicode 14.0). */
static bool is_wide_space(uint32_t cp)
{
    return cp == 0x85 || cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* The ASCII digit of a decimal digit above ASCII, or 0 when cp is none. */
static char wide_digit(uint32_t cp)
{
    size_t lo = 0, hi = UNICODE_DIGIT_RUNS;
    while (lo < hi) {               /* the last run starting at or below cp */
        size_t mid = (lo + hi) / 2;
        if (unicode_digit_zeros[mid] <= cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0 || cp - unicode_digit_zeros[lo - 1] >= 10)
        return 0;
    return (char)('0' + (cp - unicode_digit_zeros[lo - 1]));
}

/* Decode the code point at s[*i] (of len bytes); a malformed sequence is one byte, 0xfffd. */
static uint32_t next_code_point(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    int extra = c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
    if (extra < 0 || *i + (size_t)extra >= len) {
        (*i)++;
        return 0xfffd;
    }
    uint32_t cp = c & (0x3f >> extra);
    for (int k = 1; k <= extra; k++) {
        if ((s[*i + (size_t)k] & 0xc0) != 0x80) {
            (*i)++;
            return 0xfffd;
        }
        cp = (cp << 6) | (s[*i + (size_t)k] & 0x3f);
    }
    *i += (size_t)extra + 1;
    return cp;
}

bool num_text_to_ascii(const char *text, size_t len, char **ascii, size_t *ascii_len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len && s[i] < 0x80)
        i++;
    *ascii = NULL;
    if (i == len)
        return true;
    char *out = kmalloc(len + 1);
    if (!out)
        return false;
    memcpy(out, text, i);
    size_t n = i;
    while (i < len) {
        if (s[i] < 0x80) {
            out[n++] = (char)s[i++];
            continue;
        }
        uint32_t cp = next_code_point(s, len, &i);
        char digit = wide_digit(cp);
        out[n++] = is_wide_space(cp) ? ' ' : digit ? digit : '?';
    }
    out[n] = '\0';
    *ascii = out;
    *ascii_len = n;
    return true;
}

static bool is_ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

size_t num_text_space_len(const char *text, size_t len, bool backward)
{
    size_t n = 0;
    while (n < len && is_ascii_space(backward ? text[len - 1 - n] : text[n]))
        n++;
    return n;
}
