/*
 * kernel/kprintf.c - the one formatter behind kprintf, ksnprintf and platform_log.
 *
 * Formatting writes through a small sink (a bounded buffer that counts what did not fit), so
 * kvsnprintf and kvprintf share every conversion. kvprintf formats into a stack buffer first and
 * then writes the whole text under the console lock: output from two CPUs never interleaves
 * inside one call, and a slow UART is never driven while formatting.
 */
#include "kernel/kprintf.h"
#include "kernel/arch/uart.h"
#include "mm/platform.h"

#define KPRINTF_LINE_MAX 1024

const struct console_lock_ops *console_lock_ops;

struct sink {
    char *buf;
    size_t cap;   /* bytes available including the final NUL */
    size_t len;   /* bytes wanted so far */
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->cap)
        s->buf[s->len] = c;
    s->len++;
}

static void put_padding(struct sink *s, char c, int n)
{
    while (n-- > 0)
        put(s, c);
}

struct spec {
    bool left, zero, plus, space, alt;
    int width, precision; /* precision -1: none */
};

static void put_number(struct sink *s, unsigned long long v, bool negative, unsigned base,
                       bool upper, const struct spec *sp, const char *prefix)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0, plen = (int)strlen(prefix), sign = 0, zeros, pad;
    char sign_char = 0;

    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (sp->precision == 0 && n == 1 && tmp[0] == '0')
        n = 0;
    if (negative)
        sign_char = '-';
    else if (sp->plus)
        sign_char = '+';
    else if (sp->space)
        sign_char = ' ';
    sign = sign_char != 0;
    zeros = sp->precision > n ? sp->precision - n : 0;
    pad = sp->width - (sign + plen + zeros + n);
    if (pad > 0 && sp->zero && !sp->left && sp->precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!sp->left)
        put_padding(s, ' ', pad);
    if (sign)
        put(s, sign_char);
    while (*prefix)
        put(s, *prefix++);
    put_padding(s, '0', zeros);
    while (n)
        put(s, tmp[--n]);
    if (sp->left)
        put_padding(s, ' ', pad);
}

static void put_string(struct sink *s, const char *str, const struct spec *sp)
{
    int n = 0;
    if (!str)
        str = "(null)";
    while (str[n] && (sp->precision < 0 || n < sp->precision))
        n++;
    if (!sp->left)
        put_padding(s, ' ', sp->width - n);
    for (int i = 0; i < n; i++)
        put(s, str[i]);
    if (sp->left)
        put_padding(s, ' ', sp->width - n);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
    while (*fmt) {
        const char *start = fmt;
        struct spec sp = {false, false, false, false, false, 0, -1};
        int length = 0; /* 0 int, 1 long, 2 long long, -1 short, 3 size_t */
        unsigned long long uv;
        long long sv;

        if (*fmt != '%') {
            put(s, *fmt++);
            continue;
        }
        fmt++;
        for (;; fmt++) {
            if (*fmt == '-') sp.left = true;
            else if (*fmt == '0') sp.zero = true;
            else if (*fmt == '+') sp.plus = true;
            else if (*fmt == ' ') sp.space = true;
            else if (*fmt == '#') sp.alt = true;
            else break;
        }
        if (*fmt == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                sp.width = sp.width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            sp.precision = 0;
            if (*fmt == '*') {
                sp.precision = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    sp.precision = sp.precision * 10 + (*fmt++ - '0');
            }
        }
        if (*fmt == 'l') {
            length = 1;
            if (*++fmt == 'l') {
                length = 2;
                fmt++;
            }
        } else if (*fmt == 'z') {
            length = 3;
            fmt++;
        } else if (*fmt == 'h') {
            length = -1;
            fmt++;
        }

        switch (*fmt) {
        case 'd':
        case 'i':
            if (length == 2) sv = va_arg(ap, long long);
            else if (length == 1 || length == 3) sv = va_arg(ap, long);
            else sv = va_arg(ap, int);
            if (length == -1) sv = (short)sv;
            uv = sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
            put_number(s, uv, sv < 0, 10, false, &sp, "");
            break;
        case 'u':
        case 'x':
        case 'X':
        case 'o':
            if (length == 2) uv = va_arg(ap, unsigned long long);
            else if (length == 1 || length == 3) uv = va_arg(ap, unsigned long);
            else uv = va_arg(ap, unsigned int);
            if (length == -1) uv = (unsigned short)uv;
            if (*fmt == 'u')
                put_number(s, uv, false, 10, false, &sp, "");
            else if (*fmt == 'o')
                put_number(s, uv, false, 8, false, &sp, sp.alt && uv ? "0" : "");
            else
                put_number(s, uv, false, 16, *fmt == 'X', &sp,
                           sp.alt && uv ? (*fmt == 'X' ? "0X" : "0x") : "");
            break;
        case 'p':
            sp.precision = 16;
            put_number(s, (uintptr_t)va_arg(ap, void *), false, 16, false, &sp, "0x");
            break;
        case 'c':
            put_padding(s, ' ', sp.left ? 0 : sp.width - 1);
            put(s, (char)va_arg(ap, int));
            put_padding(s, ' ', sp.left ? sp.width - 1 : 0);
            break;
        case 's':
            put_string(s, va_arg(ap, const char *), &sp);
            break;
        case '%':
            put(s, '%');
            break;
        default:
            /* Unknown or truncated conversion: print it as written. */
            while (start < fmt)
                put(s, *start++);
            if (*fmt)
                put(s, *fmt);
            else
                continue;
            break;
        }
        fmt++;
    }
}

int kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct sink s = {buf, n, 0};
    format(&s, fmt, ap);
    if (n)
        buf[s.len < n ? s.len : n - 1] = '\0';
    return (int)s.len;
}

int ksnprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = kvsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

int kvprintf(const char *fmt, va_list ap)
{
    char line[KPRINTF_LINE_MAX];
    int len = kvsnprintf(line, sizeof line, fmt, ap);
    size_t out = (size_t)len < sizeof line ? (size_t)len : sizeof line - 1;
    const struct console_lock_ops *ops = console_lock_ops;

    if (ops)
        ops->lock();
    uart_write(line, out);
    if ((size_t)len >= sizeof line)
        uart_write("...[truncated]\n", 15);
    if (ops)
        ops->unlock();
    return len;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = kvprintf(fmt, ap);
    va_end(ap);
    return r;
}
