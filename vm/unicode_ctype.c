/*
 * vm/unicode_ctype.c - character classes and case mappings for str's methods
 * (Objects/unicodectype.c, reduced to the scripts ordinary programs meet).
 *
 * CPython answers from the full Unicode database; this file knows ASCII and Latin-1 exactly
 * (every class and mapping CPython gives them, including ß -> "SS", µ -> U+039C, ÿ -> U+0178),
 * Latin Extended-A, Greek and Cyrillic case pairs, the common decimal/digit/numeric characters
 * and the Unicode white space. Outside these ranges a character is treated as an uncased letter
 * when it lies in a block of letters (CJK, kana, Hangul), and as neither otherwise. Tests of
 * str's methods stay within the exact ranges.
 */
#include "vm/unicode_ctype.h"

bool uc_is_space(uint32_t c)
{
    if (c < 0x80)
        return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20);
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
           c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

bool uc_is_linebreak(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d ||
           c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Latin Extended-A (U+0100..U+017F): which of a pair is upper case. */
static int latin_ext_a_case(uint32_t c) /* 1 upper, -1 lower, 0 neither */
{
    if (c == 0x138 || c == 0x149 || c == 0x17f)
        return -1; /* lower case letters without a pair */
    if (c <= 0x137 || (c >= 0x14a && c <= 0x177))
        return (c & 1) ? -1 : 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
        return (c & 1) ? 1 : -1;
    return c == 0x178 ? 1 : 0;
}

bool uc_is_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c < 0x100)
        return c >= 0xc0 && c <= 0xde && c != 0xd7;
    if (c < 0x180)
        return latin_ext_a_case(c) > 0;
    if (c >= 0x391 && c <= 0x3ab)
        return c != 0x3a2;
    if (c == 0x386 || (c >= 0x388 && c <= 0x38a) || c == 0x38c || c == 0x38e || c == 0x38f)
        return true;
    if (c >= 0x400 && c <= 0x42f)
        return true;
    return false;
}

bool uc_is_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    if (c < 0x100)
        return c == 0xaa || c == 0xb5 || c == 0xba || (c >= 0xdf && c <= 0xff && c != 0xf7);
    if (c < 0x180)
        return latin_ext_a_case(c) < 0;
    if (c >= 0x3ac && c <= 0x3ce)
        return true;
    if (c >= 0x430 && c <= 0x45f)
        return true;
    return false;
}

uint32_t uc_to_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c < 0x100) {
        if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
            return c - 32;
        if (c == 0xff)
            return 0x178;
        if (c == 0xb5)
            return 0x39c;
        return c;
    }
    if (c < 0x180) {
        if (c == 0x131)
            return 'I';
        if (c == 0x17f)
            return 'S';
        if (c == 0x138 || c == 0x149)
            return c;
        return latin_ext_a_case(c) < 0 ? c - 1 : c;
    }
    if (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2)
        return c - 32;
    if (c == 0x3c2) /* final sigma */
        return 0x3a3;
    if (c == 0x3ac)
        return 0x386;
    if (c >= 0x3ad && c <= 0x3af)
        return c - 37;
    if (c == 0x3cc)
        return 0x38c;
    if (c == 0x3cd || c == 0x3ce)
        return c - 63;
    if (c >= 0x430 && c <= 0x44f)
        return c - 32;
    if (c >= 0x450 && c <= 0x45f)
        return c - 80;
    return c;
}

uint32_t uc_to_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c < 0x100)
        return c >= 0xc0 && c <= 0xde && c != 0xd7 ? c + 32 : c;
    if (c < 0x180) {
        if (c == 0x130)
            return 'i';
        if (c == 0x178)
            return 0xff;
        return latin_ext_a_case(c) > 0 ? c + 1 : c;
    }
    if (c >= 0x391 && c <= 0x3ab && c != 0x3a2)
        return c + 32;
    if (c == 0x386)
        return 0x3ac;
    if (c >= 0x388 && c <= 0x38a)
        return c + 37;
    if (c == 0x38c)
        return 0x3cc;
    if (c == 0x38e || c == 0x38f)
        return c + 63;
    if (c >= 0x410 && c <= 0x42f)
        return c + 32;
    if (c >= 0x400 && c <= 0x40f)
        return c + 80;
    return c;
}

bool uc_is_alpha(uint32_t c)
{
    if (c < 0x80)
        return (c | 32) >= 'a' && (c | 32) <= 'z';
    if (c < 0x100)
        return c == 0xaa || c == 0xb5 || c == 0xba || (c >= 0xc0 && c != 0xd7 && c != 0xf7);
    if (c <= 0x2c1)
        return true; /* Latin Extended-A/B, IPA, modifier letters */
    if (c >= 0x370 && c <= 0x3ff)
        return c != 0x375 && c != 0x37e && c != 0x384 && c != 0x385 && c != 0x387 &&
               c != 0x3f6 && !(c >= 0x378 && c <= 0x379) && !(c >= 0x380 && c <= 0x383) &&
               c != 0x38b && c != 0x38d && c != 0x3a2;
    if (c >= 0x400 && c <= 0x52f)
        return !(c >= 0x482 && c <= 0x489);
    return (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3);
}

int uc_decimal_value(uint32_t c)
{
    static const uint32_t zeros[] = {'0', 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10};
    for (size_t i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
        if (c >= zeros[i] && c <= zeros[i] + 9)
            return (int)(c - zeros[i]);
    return -1;
}

bool uc_is_decimal(uint32_t c)
{
    return uc_decimal_value(c) >= 0;
}

bool uc_is_digit(uint32_t c)
{
    return uc_is_decimal(c) || c == 0xb2 || c == 0xb3 || c == 0xb9 || c == 0x2070 ||
           (c >= 0x2074 && c <= 0x2079) || (c >= 0x2080 && c <= 0x2089) ||
           (c >= 0x2460 && c <= 0x2468) || (c >= 0x2474 && c <= 0x247c) ||
           (c >= 0x2488 && c <= 0x2490) || c == 0x24ea || (c >= 0x2776 && c <= 0x277e);
}

bool uc_is_numeric(uint32_t c)
{
    static const uint32_t cjk[] = {0x3007, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94, 0x516d,
                                   0x4e03, 0x516b, 0x4e5d, 0x5341, 0x767e, 0x5343, 0x4e07,
                                   0x5104, 0x96f6};
    if (uc_is_digit(c) || (c >= 0xbc && c <= 0xbe) || (c >= 0x2150 && c <= 0x2189) ||
        (c >= 0x2469 && c <= 0x2473))
        return true;
    for (size_t i = 0; i < sizeof cjk / sizeof cjk[0]; i++)
        if (c == cjk[i])
            return true;
    return false;
}

bool uc_is_printable(uint32_t c)
{
    if (c < 0x80)
        return c >= 0x20 && c < 0x7f;
    if (c < 0xa1)
        return false; /* C1 controls and the no-break space */
    if (c == 0xad)
        return false; /* soft hyphen (Cf) */
    if (uc_is_space(c) || (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) ||
        c == 0xfeff || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xe000 && c <= 0xf8ff))
        return false;
    return true;
}

bool uc_is_xid_start(uint32_t c)
{
    return c == '_' || uc_is_alpha(c);
}

bool uc_is_xid_continue(uint32_t c)
{
    return uc_is_xid_start(c) || uc_is_decimal(c) || (c >= 0x300 && c <= 0x36f) || c == 0xb7;
}
