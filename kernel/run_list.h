/*
 * kernel/run_list.h - reading the run list (the boot module run.txt that tools/qemu-run writes):
 * the programs to run at boot, one a line, the name then its arguments, separated by tabs.
 * Lines that are empty or start with '#' are skipped; a line may end in CR LF. The text is not
 * NUL-terminated and is never written to: each line is copied out before it is split.
 */
#ifndef KERNEL_RUN_LIST_H
#define KERNEL_RUN_LIST_H

#include <stddef.h>

struct run_list {
    const char *next, *end;
    unsigned line_no;              /* of the line last returned */
};

void run_list_init(struct run_list *rl, const char *text, size_t len);

/*
 * The next program: copies its line into buf (cap bytes) and splits it into argv[0..argc)
 * (argv[0] the name; at most max entries). Returns argc; 0 at the end of the list; -1 for a line
 * that is too long or has too many words, with a message in err naming the line.
 */
int run_list_next(struct run_list *rl, char *buf, size_t cap, const char **argv, int max,
                  char *err, size_t errlen);

#endif
