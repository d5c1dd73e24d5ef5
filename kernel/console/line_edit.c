/*
 * kernel/console/line_edit.c - the line editor in front of the shell (see line_edit.h).
 *
 * Keys (VT100/xterm byte sequences, as a serial terminal or `screen`/`minicom` sends them):
 *   printable ASCII  insert at the cursor       Backspace (0x7F or ^H)  delete before the cursor
 *   Enter (CR or LF; CR LF counts once)         Tab                      a space
 *   ^A / Home, ^E / End, Left, Right, Delete    move and delete in the line
 *   ^U  erase the line    ^C  abandon the line
 *   Up / Down  walk the history (the line being typed is kept and comes back at the bottom)
 *
 * Escape sequences are parsed as ECMA-48 says: ESC '[' then parameter bytes 0x30-0x3F,
 * intermediate bytes 0x20-0x2F and one final byte 0x40-0x7E (or ESC 'O' and one final byte).
 * Any other byte inside a sequence ends it as malformed and is then handled as a key of its own,
 * so a stray ESC cannot swallow the Enter or the ^C that follows; a sequence also ends after
 * LINE_EDIT_ESC_MAX bytes. Well-formed sequences for keys we do not use are ignored.
 *
 * Bad input never runs: other control characters and bytes >= 0x80 are not inserted, and a line
 * that contained any is refused with one error naming the count and the first such byte; a line
 * longer than LINE_EDIT_MAX - 1 keeps its first LINE_EDIT_MAX - 1 characters on the screen
 * and is refused with an error giving the limit. Either way the next prompt comes at once.
 *
 * Invariants (checked by tests/fuzz/fuzz_console.c): len < LINE_EDIT_MAX, cursor <= len, the
 * line holds printable ASCII only, and what was written to the screen since the prompt shows
 * exactly the prompt and the line with the terminal's cursor at `cursor`. Output is printable
 * ASCII plus CR, LF, BS and the sequences ESC [ K, ESC [ n D, ESC [ D and ESC [ C.
 *
 * Only mm/platform.h is used (string functions, platform_snprintf), so this builds hosted too.
 */
#include "kernel/console/line_edit.h"
#include "mm/platform.h"

#define CTRL(c)     ((c) & 0x1F)
#define KEY_ESC     0x1B
#define KEY_DEL     0x7F
/* One redraw: CR, prompt, line, erase-to-end, NUL. */
#define OUT_MAX     (1 + LINE_EDIT_PROMPT_MAX + LINE_EDIT_MAX + 4)

enum key {
    KEY_NONE, KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_DELETE,
};

/* ---- screen --------------------------------------------------------------------------------- */

static void out(struct line_edit *ed, const char *text)
{
    ed->write(ed->ctx, text, strlen(text));
}

static void outf(struct line_edit *ed, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void outf(struct line_edit *ed, const char *fmt, ...)
{
    char buf[OUT_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = platform_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        ed->write(ed->ctx, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Redraw the whole line and put the cursor back: used after edits that are not at the end. */
static void redraw(struct line_edit *ed)
{
    char buf[OUT_MAX];
    size_t plen = strlen(ed->prompt), n = 0;

    buf[n++] = '\r';
    memcpy(buf + n, ed->prompt, plen);
    n += plen;
    memcpy(buf + n, ed->line, ed->len);
    n += ed->len;
    memcpy(buf + n, "\x1b[K", 4);
    ed->write(ed->ctx, buf, n + 3);
    if (ed->len > ed->cursor)
        outf(ed, "\x1b[%luD", (unsigned long)(ed->len - ed->cursor));
}

static void set_line(struct line_edit *ed, const char *text)
{
    size_t n = strlen(text);
    memcpy(ed->line, text, n);
    ed->len = ed->cursor = n;
    redraw(ed);
}

/* ---- editing -------------------------------------------------------------------------------- */

static void insert_char(struct line_edit *ed, char c)
{
    if (ed->len + 1 >= LINE_EDIT_MAX) {
        ed->dropped++;
        return;
    }
    if (ed->cursor == ed->len) {
        char echo[2] = {c, '\0'};
        ed->line[ed->len++] = c;
        ed->cursor++;
        ed->write(ed->ctx, echo, 1);
        return;
    }
    memmove(ed->line + ed->cursor + 1, ed->line + ed->cursor, ed->len - ed->cursor);
    ed->line[ed->cursor++] = c;
    ed->len++;
    redraw(ed);
}

static void delete_before_cursor(struct line_edit *ed)
{
    if (ed->cursor == 0)
        return;
    if (ed->cursor == ed->len) {
        ed->len--;
        ed->cursor--;
        out(ed, "\b \b");
        return;
    }
    memmove(ed->line + ed->cursor - 1, ed->line + ed->cursor, ed->len - ed->cursor);
    ed->cursor--;
    ed->len--;
    redraw(ed);
}

static void delete_at_cursor(struct line_edit *ed)
{
    if (ed->cursor == ed->len)
        return;
    memmove(ed->line + ed->cursor, ed->line + ed->cursor + 1, ed->len - ed->cursor - 1);
    ed->len--;
    redraw(ed);
}

static void note_garbage(struct line_edit *ed, int c)
{
    if (ed->garbage++ == 0)
        ed->first_garbage = c;
}

/* ---- history -------------------------------------------------------------------------------- */

const char *line_edit_history(const struct line_edit *ed, size_t age)
{
    if (age >= ed->history_count)
        return NULL;
    return ed->history[(ed->history_next + LINE_EDIT_HISTORY - 1 - age) % LINE_EDIT_HISTORY];
}

static void history_add(struct line_edit *ed, const char *text)
{
    if (!text[0])
        return;
    const char *newest = line_edit_history(ed, 0);
    if (newest && strcmp(newest, text) == 0)
        return;
    size_t n = strlen(text) + 1;
    memcpy(ed->history[ed->history_next], text, n);
    ed->history_next = (ed->history_next + 1) % LINE_EDIT_HISTORY;
    if (ed->history_count < LINE_EDIT_HISTORY)
        ed->history_count++;
}

static void history_browse(struct line_edit *ed, int direction)
{
    size_t target = ed->browse;
    if (direction > 0 && ed->browse < ed->history_count)
        target++;
    else if (direction < 0 && ed->browse > 0)
        target--;
    if (target == ed->browse)
        return;
    if (ed->browse == 0) {
        memcpy(ed->draft, ed->line, ed->len);
        ed->draft[ed->len] = '\0';
    }
    ed->browse = target;
    set_line(ed, target == 0 ? ed->draft : line_edit_history(ed, target - 1));
}

/* ---- escape sequences ----------------------------------------------------------------------- */

static enum key csi_key(const struct line_edit *ed, char final)
{
    switch (final) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    case '~':
        /* VT220 editing keys: ESC [ 1 ~ Home, 3 ~ Delete, 4 ~ End, 7 ~ Home, 8 ~ End */
        if (ed->esc_len == 1) {
            switch (ed->esc_param[0]) {
            case '1': case '7': return KEY_HOME;
            case '3': return KEY_DELETE;
            case '4': case '8': return KEY_END;
            }
        }
        return KEY_NONE;
    }
    return KEY_NONE;
}

/*
 * Feed one byte to the escape parser. Returns true if the parser took it (the key, if the
 * sequence completed, goes to *key); false if the byte is not part of a sequence and must be
 * handled as an ordinary byte.
 */
static bool escape_feed(struct line_edit *ed, int c, enum key *key)
{
    *key = KEY_NONE;
    switch (ed->esc) {
    case LINE_EDIT_ESC_IDLE:
        if (c != KEY_ESC)
            return false;
        ed->esc = LINE_EDIT_ESC_START;
        ed->esc_len = 0;
        return true;
    case LINE_EDIT_ESC_START:
        if (c == '[') {
            ed->esc = LINE_EDIT_ESC_CSI;
            return true;
        }
        if (c == 'O') {
            ed->esc = LINE_EDIT_ESC_SS3;
            return true;
        }
        break;
    case LINE_EDIT_ESC_SS3:
        if (c >= 0x40 && c <= 0x7E) {
            *key = csi_key(ed, (char)c);
            ed->esc = LINE_EDIT_ESC_IDLE;
            return true;
        }
        break;
    case LINE_EDIT_ESC_CSI:
        if (c >= 0x20 && c <= 0x3F && ed->esc_len < LINE_EDIT_ESC_MAX) {
            ed->esc_param[ed->esc_len++] = (char)c;
            return true;
        }
        if (c >= 0x40 && c <= 0x7E) {
            *key = csi_key(ed, (char)c);
            ed->esc = LINE_EDIT_ESC_IDLE;
            return true;
        }
        break;
    }
    /* malformed: the ESC counts as garbage, and this byte starts afresh (it may be an ESC) */
    ed->esc = LINE_EDIT_ESC_IDLE;
    note_garbage(ed, KEY_ESC);
    return escape_feed(ed, c, key);
}

static void do_key(struct line_edit *ed, enum key key)
{
    switch (key) {
    case KEY_UP:     history_browse(ed, +1); break;
    case KEY_DOWN:   history_browse(ed, -1); break;
    case KEY_LEFT:   if (ed->cursor) { ed->cursor--; out(ed, "\x1b[D"); } break;
    case KEY_RIGHT:  if (ed->cursor < ed->len) { ed->cursor++; out(ed, "\x1b[C"); } break;
    case KEY_HOME:   ed->cursor = 0; redraw(ed); break;
    case KEY_END:    ed->cursor = ed->len; redraw(ed); break;
    case KEY_DELETE: delete_at_cursor(ed); break;
    case KEY_NONE:   break;
    }
}

/* ---- lines ---------------------------------------------------------------------------------- */

void line_edit_init(struct line_edit *ed, const char *prompt, line_edit_write_fn write, void *ctx)
{
    if (strlen(prompt) > LINE_EDIT_PROMPT_MAX)
        platform_panic("line_edit_init: prompt of %zu bytes, at most %d", strlen(prompt),
                       LINE_EDIT_PROMPT_MAX);
    memset(ed, 0, sizeof *ed);
    ed->prompt = prompt;
    ed->write = write;
    ed->ctx = ctx;
}

void line_edit_begin(struct line_edit *ed)
{
    ed->len = ed->cursor = ed->dropped = ed->garbage = 0;
    ed->browse = 0;
    ed->esc = LINE_EDIT_ESC_IDLE;
    out(ed, ed->prompt);
}

enum line_edit_event line_edit_feed(struct line_edit *ed, int c)
{
    enum key key;
    bool after_cr = ed->last_was_cr;

    ed->last_was_cr = (c == '\r');
    if (escape_feed(ed, c, &key)) {
        do_key(ed, key);
        return LINE_EDIT_MORE;
    }
    if (c == '\r' || (c == '\n' && !after_cr)) {
        ed->line[ed->len] = '\0';
        out(ed, "\n");
        return LINE_EDIT_ENTER;
    }
    if (c == '\n')
        return LINE_EDIT_MORE;   /* the LF of a CR LF */
    if (c >= 0x20 && c < KEY_DEL)
        insert_char(ed, (char)c);
    else if (c == '\t')
        insert_char(ed, ' ');
    else if (c == KEY_DEL || c == CTRL('H'))
        delete_before_cursor(ed);
    else if (c == CTRL('C')) {
        out(ed, "^C\n");
        return LINE_EDIT_CANCEL;
    } else if (c == CTRL('U')) {
        ed->len = ed->cursor = ed->dropped = ed->garbage = 0;
        redraw(ed);
    } else if (c == CTRL('A'))
        do_key(ed, KEY_HOME);
    else if (c == CTRL('E'))
        do_key(ed, KEY_END);
    else
        note_garbage(ed, c);
    return LINE_EDIT_MORE;
}

char *line_edit_accept(struct line_edit *ed)
{
    if (ed->garbage) {
        outf(ed, "error: line refused: it had %lu control or non-ASCII byte%s (first 0x%02x)\n",
             (unsigned long)ed->garbage, ed->garbage == 1 ? "" : "s", ed->first_garbage);
        return NULL;
    }
    if (ed->dropped) {
        outf(ed, "error: line refused: longer than %d characters (%lu more were cut)\n",
             LINE_EDIT_MAX - 1, (unsigned long)ed->dropped);
        return NULL;
    }
    history_add(ed, ed->line);
    return ed->line;
}
