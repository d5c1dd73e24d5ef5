/*
 * kernel/run_list.c - the run list's lines (see run_list.h).
 */
#include "kernel/run_list.h"
#include "kernel/kprintf.h"
#include "mm/platform.h"

void run_list_init(struct run_list *rl, const char *text, size_t len)
{
    rl->next = text;
    rl->end = text ? text + len : text;
    rl->line_no = 0;
}

int run_list_next(struct run_list *rl, char *buf, size_t cap, const char **argv, int max,
                  char *err, size_t errlen)
{
    while (rl->next < rl->end) {
        const char *line = rl->next, *eol = line;
        size_t len;
        int argc = 0;
        while (eol < rl->end && *eol != '\n')
            eol++;
        rl->next = eol < rl->end ? eol + 1 : eol;
        rl->line_no++;
        len = (size_t)(eol - line);
        if (len && line[len - 1] == '\r')
            len--;
        if (len == 0 || line[0] == '#')
            continue;
        if (len >= cap) {
            ksnprintf(err, errlen, "run.txt: line %u is longer than %lu bytes", rl->line_no,
                      (unsigned long)cap - 1);
            return -1;
        }
        memcpy(buf, line, len);
        buf[len] = '\0';
        for (char *p = buf;;) {
            if (argc == max) {
                ksnprintf(err, errlen, "run.txt: line %u has more than %d words", rl->line_no,
                          max);
                return -1;
            }
            argv[argc++] = p;
            while (*p && *p != '\t')
                p++;
            if (!*p)
                break;
            *p++ = '\0';
        }
        return argc;
    }
    return 0;
}
