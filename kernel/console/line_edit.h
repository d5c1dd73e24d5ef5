/*
 * kernel/console/line_edit.h - the console's line editor as a state machine fed one byte at a time.
 *
 * The editor knows nothing of UARTs, threads or the shell: it takes bytes, writes what the
 * screen must show through a callback, and tells its caller when a line is complete. So it builds
 * hosted too, for its fuzzer (tests/fuzz/fuzz_console.c); kernel/console/console.c feeds it from
 * COM1 and hands accepted lines to the shell. Keys, escape sequences and the refusal rules are
 * described at the top of kernel/console/line_edit.c.
 *
 * Use:  line_edit_begin(ed);                      prompt for a new line
 *       while ((ev = line_edit_feed(ed, byte)) == LINE_EDIT_MORE) ...
 *       if (ev == LINE_EDIT_ENTER && (line = line_edit_accept(ed))) run(line);
 *
 * Context: one caller at a time (no locking inside); never allocates.
 */
#ifndef KERNEL_LINE_EDIT_H
#define KERNEL_LINE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LINE_EDIT_MAX     256    /* a line holds LINE_EDIT_MAX - 1 characters */
#define LINE_EDIT_HISTORY 32     /* lines kept for up/down */
#define LINE_EDIT_ESC_MAX 16     /* parameter bytes an escape sequence may carry */
#define LINE_EDIT_PROMPT_MAX 32  /* longest prompt line_edit_init accepts */

/* Screen output: `len` bytes at `text` (NUL-terminated as well), to be written as one piece. */
typedef void (*line_edit_write_fn)(void *ctx, const char *text, size_t len);

enum line_edit_event {
    LINE_EDIT_MORE,      /* the line goes on */
    LINE_EDIT_ENTER,     /* Enter ended it: call line_edit_accept */
    LINE_EDIT_CANCEL,    /* ^C abandoned it */
};

enum line_edit_esc { LINE_EDIT_ESC_IDLE, LINE_EDIT_ESC_START, LINE_EDIT_ESC_CSI, LINE_EDIT_ESC_SS3 };

struct line_edit {
    const char *prompt;
    line_edit_write_fn write;
    void *ctx;
    /* the line being edited */
    char line[LINE_EDIT_MAX];
    size_t len, cursor;
    size_t dropped;                /* characters past the limit */
    size_t garbage;                /* control or non-ASCII bytes refused */
    int first_garbage;
    bool last_was_cr;              /* to count CR LF as one Enter (kept across lines) */
    /* escape sequence parser */
    enum line_edit_esc esc;
    char esc_param[LINE_EDIT_ESC_MAX];
    size_t esc_len;
    /* history: a ring of the last LINE_EDIT_HISTORY lines; browse = 0 is the line being typed */
    char history[LINE_EDIT_HISTORY][LINE_EDIT_MAX];
    size_t history_count, history_next;
    size_t browse;
    char draft[LINE_EDIT_MAX];     /* the typed line, saved while browsing */
};

/* Set up ed (empty history) writing through write(ctx, ...). */
void line_edit_init(struct line_edit *ed, const char *prompt, line_edit_write_fn write, void *ctx);
/* Start a new line: empty it and print the prompt. */
void line_edit_begin(struct line_edit *ed);
/* Take one input byte (0..255). */
enum line_edit_event line_edit_feed(struct line_edit *ed, int byte);
/*
 * After LINE_EDIT_ENTER: the line to run (NUL-terminated, inside ed, valid until the next
 * line_edit_begin; the caller may change it, as the shell splits it in place), added to the
 * history first; or NULL when it is refused (it had control or non-ASCII bytes, or was too
 * long), after printing one error line saying why.
 */
char *line_edit_accept(struct line_edit *ed);
/* The history, newest first (age 0); NULL past the end. */
const char *line_edit_history(const struct line_edit *ed, size_t age_from_newest);

#endif
