/*
 * kernel/console.c - the line editor in front of the shell.
 *
 * Keys (VT100/xterm byte sequences, as a serial terminal or `screen`/`minicom` sends them):
 *   printable ASCII  insert at the cursor       Backspace (0x7F or ^H)  delete before the cursor
 *   Enter (CR or LF; CR LF counts once)         Tab                      a space
 *   ^A / Home, ^E / End, Left, Right, Delete    move and delete in the line
 *   ^U  erase the line    ^C  abandon the line (or interrupt the running command)
 *   Up / Down  walk the history (the line being typed is kept and comes back at the bottom)
 *
 * Escape sequences are parsed as ECMA-48 says: ESC '[' then parameter bytes 0x30-0x3F,
 * intermediate bytes 0x20-0x2F and one final byte 0x40-0x7E (or ESC 'O' and one final byte).
 * Any other byte inside a sequence ends it as malformed and is then handled as a key of its own,
 * so a stray ESC cannot swallow the Enter or the ^C that follows; a sequence also ends after
 * ESC_SEQ_MAX bytes. Well-formed sequences for keys we do not use are ignored.
 *
 * Bad input never runs: other control characters and bytes >= 0x80 are not inserted, and a line
 * that contained any is refused with one error naming the count and the first such byte; a line
 * longer than CONSOLE_LINE_MAX - 1 keeps its first CONSOLE_LINE_MAX - 1 characters on the screen
 * and is refused with an error giving the limit. Either way the next prompt comes at once.
 *
 * Waiting for input: the UART is polled (it works in every context, panics included), but a
 * console that spins at the prompt would keep its CPU from every other thread pinned there (and
 * burn a host core under QEMU). So after CONSOLE_SPIN_AFTER_INPUT_US without a byte the console
 * thread sleeps a tick at a time (thread_sleep_us). The 16550's 16-byte FIFO fills in 1.4 ms at
 * 115200 baud; a tick is 0.5 ms (TIMER_HZ), so polling once a tick loses nothing, and the spin
 * window keeps pasted text and the test's floods from paying a tick per byte.
 *
 * All state is in `con`; only the boot CPU runs the console, so no lock is needed. Output goes
 * through kprintf, whose console lock keeps other CPUs' lines from splitting ours.
 */
#include "kernel/console.h"
#include "kernel/io.h"
#include "kernel/kprintf.h"
#include "kernel/shell.h"
#include "kernel/thread.h"
#include "kernel/tsc.h"
#include "kernel/uart.h"
#include "mm/platform.h"

#define CTRL(c)     ((c) & 0x1F)
#define KEY_ESC     0x1B
#define KEY_DEL     0x7F
#define ESC_SEQ_MAX 16
#define CONSOLE_SPIN_AFTER_INPUT_US 20000
#define CONSOLE_IDLE_SLEEP_US       500

enum key {
    KEY_NONE, KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_DELETE,
};

enum esc_state { ESC_IDLE, ESC_START, ESC_CSI, ESC_SS3 };

static struct {
    /* the line being edited */
    char line[CONSOLE_LINE_MAX];
    size_t len, cursor;
    size_t dropped;                /* characters past the limit */
    size_t garbage;                /* control or non-ASCII bytes refused */
    int first_garbage;
    bool last_was_cr;              /* to count CR LF as one Enter */
    /* escape sequence parser */
    enum esc_state esc;
    char esc_param[ESC_SEQ_MAX];
    size_t esc_len;
    /* history: a ring of the last CONSOLE_HISTORY lines; browse = 0 is the line being typed */
    char history[CONSOLE_HISTORY][CONSOLE_LINE_MAX];
    size_t history_count, history_next;
    size_t browse;
    char draft[CONSOLE_LINE_MAX];  /* the typed line, saved while browsing */
    /* bytes that arrived while a command ran, and whether one of them was ^C */
    unsigned char typeahead[CONSOLE_TYPEAHEAD];
    size_t ta_head, ta_count;
    bool interrupted;
    uint64_t last_input_tsc;
} con;

/* ---- input ---------------------------------------------------------------------------------- */

bool console_poll_interrupt(void)
{
    int c;
    while ((c = uart_try_getc()) >= 0) {
        if (c == CTRL('C')) {
            con.interrupted = true;
            con.ta_count = 0;
        } else if (con.ta_count < CONSOLE_TYPEAHEAD) {
            con.typeahead[(con.ta_head + con.ta_count++) % CONSOLE_TYPEAHEAD] = (unsigned char)c;
        }
    }
    return con.interrupted;
}

void console_clear_interrupt(void)
{
    con.interrupted = false;
}

bool console_take_interrupt(void)
{
    /* No poll here: a ^C typed during a command that never looked stays in the UART and
     * abandons the next line instead, so "interrupted" is only said of a command that stopped. */
    bool was = con.interrupted;
    con.interrupted = false;
    return was;
}

static int next_byte(void)
{
    if (con.ta_count) {
        int c = con.typeahead[con.ta_head];
        con.ta_head = (con.ta_head + 1) % CONSOLE_TYPEAHEAD;
        con.ta_count--;
        return c;
    }
    uint64_t spin_cycles = CONSOLE_SPIN_AFTER_INPUT_US * (tsc_hz() / 1000000);
    for (;;) {
        int c = uart_try_getc();
        uint64_t now = platform_cycles();
        if (c >= 0) {
            con.last_input_tsc = now;
            return c;
        }
        if (now - con.last_input_tsc < spin_cycles)
            cpu_relax();
        else
            thread_sleep_us(CONSOLE_IDLE_SLEEP_US);
    }
}

/* ---- screen --------------------------------------------------------------------------------- */

/* Redraw the whole line and put the cursor back: used after edits that are not at the end. */
static void redraw(void)
{
    kprintf("\r" CONSOLE_PROMPT "%.*s\x1b[K", (int)con.len, con.line);
    if (con.len > con.cursor)
        kprintf("\x1b[%luD", (unsigned long)(con.len - con.cursor));
}

static void set_line(const char *text)
{
    size_t n = strlen(text);
    memcpy(con.line, text, n);
    con.len = con.cursor = n;
    redraw();
}

/* ---- editing -------------------------------------------------------------------------------- */

static void insert_char(char c)
{
    if (con.len + 1 >= CONSOLE_LINE_MAX) {
        con.dropped++;
        return;
    }
    if (con.cursor == con.len) {
        con.line[con.len++] = c;
        con.cursor++;
        kprintf("%c", c);
        return;
    }
    memmove(con.line + con.cursor + 1, con.line + con.cursor, con.len - con.cursor);
    con.line[con.cursor++] = c;
    con.len++;
    redraw();
}

static void delete_before_cursor(void)
{
    if (con.cursor == 0)
        return;
    if (con.cursor == con.len) {
        con.len--;
        con.cursor--;
        kprintf("\b \b");
        return;
    }
    memmove(con.line + con.cursor - 1, con.line + con.cursor, con.len - con.cursor);
    con.cursor--;
    con.len--;
    redraw();
}

static void delete_at_cursor(void)
{
    if (con.cursor == con.len)
        return;
    memmove(con.line + con.cursor, con.line + con.cursor + 1, con.len - con.cursor - 1);
    con.len--;
    redraw();
}

static void reset_line(void)
{
    con.len = con.cursor = con.dropped = con.garbage = 0;
    con.browse = 0;
}

static void note_garbage(int c)
{
    if (con.garbage++ == 0)
        con.first_garbage = c;
}

/* ---- history -------------------------------------------------------------------------------- */

const char *console_history_line(size_t age)
{
    if (age >= con.history_count)
        return NULL;
    return con.history[(con.history_next + CONSOLE_HISTORY - 1 - age) % CONSOLE_HISTORY];
}

static void history_add(const char *text)
{
    if (!text[0])
        return;
    const char *newest = console_history_line(0);
    if (newest && strcmp(newest, text) == 0)
        return;
    size_t n = strlen(text) + 1;
    memcpy(con.history[con.history_next], text, n);
    con.history_next = (con.history_next + 1) % CONSOLE_HISTORY;
    if (con.history_count < CONSOLE_HISTORY)
        con.history_count++;
}

static void history_browse(int direction)
{
    size_t target = con.browse;
    if (direction > 0 && con.browse < con.history_count)
        target++;
    else if (direction < 0 && con.browse > 0)
        target--;
    if (target == con.browse)
        return;
    if (con.browse == 0) {
        memcpy(con.draft, con.line, con.len);
        con.draft[con.len] = '\0';
    }
    con.browse = target;
    set_line(target == 0 ? con.draft : console_history_line(target - 1));
}

/* ---- escape sequences ----------------------------------------------------------------------- */

static enum key csi_key(char final)
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
        if (con.esc_len == 1) {
            switch (con.esc_param[0]) {
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
static bool escape_feed(int c, enum key *key)
{
    *key = KEY_NONE;
    switch (con.esc) {
    case ESC_IDLE:
        if (c != KEY_ESC)
            return false;
        con.esc = ESC_START;
        con.esc_len = 0;
        return true;
    case ESC_START:
        if (c == '[') {
            con.esc = ESC_CSI;
            return true;
        }
        if (c == 'O') {
            con.esc = ESC_SS3;
            return true;
        }
        break;
    case ESC_SS3:
        if (c >= 0x40 && c <= 0x7E) {
            *key = csi_key((char)c);
            con.esc = ESC_IDLE;
            return true;
        }
        break;
    case ESC_CSI:
        if (c >= 0x20 && c <= 0x3F && con.esc_len < ESC_SEQ_MAX) {
            con.esc_param[con.esc_len++] = (char)c;
            return true;
        }
        if (c >= 0x40 && c <= 0x7E) {
            *key = csi_key((char)c);
            con.esc = ESC_IDLE;
            return true;
        }
        break;
    }
    /* malformed: the ESC counts as garbage, and this byte starts afresh (it may be an ESC) */
    con.esc = ESC_IDLE;
    note_garbage(KEY_ESC);
    return escape_feed(c, key);
}

static void do_key(enum key key)
{
    switch (key) {
    case KEY_UP:     history_browse(+1); break;
    case KEY_DOWN:   history_browse(-1); break;
    case KEY_LEFT:   if (con.cursor) { con.cursor--; kprintf("\x1b[D"); } break;
    case KEY_RIGHT:  if (con.cursor < con.len) { con.cursor++; kprintf("\x1b[C"); } break;
    case KEY_HOME:   con.cursor = 0; redraw(); break;
    case KEY_END:    con.cursor = con.len; redraw(); break;
    case KEY_DELETE: delete_at_cursor(); break;
    case KEY_NONE:   break;
    }
}

/* ---- lines ---------------------------------------------------------------------------------- */

/*
 * Read one line into con.line. Returns true when Enter ended it (the line may still be refused
 * by the caller because of con.dropped/con.garbage), false when ^C abandoned it.
 */
static bool read_line(void)
{
    reset_line();
    con.esc = ESC_IDLE;
    kprintf(CONSOLE_PROMPT);
    for (;;) {
        int c = next_byte();
        enum key key;
        bool after_cr = con.last_was_cr;
        con.last_was_cr = (c == '\r');
        if (escape_feed(c, &key)) {
            do_key(key);
            continue;
        }
        if (c == '\r' || (c == '\n' && !after_cr)) {
            con.line[con.len] = '\0';
            kprintf("\n");
            return true;
        }
        if (c == '\n')
            continue;      /* the LF of a CR LF */
        if (c >= 0x20 && c < KEY_DEL)
            insert_char((char)c);
        else if (c == '\t')
            insert_char(' ');
        else if (c == KEY_DEL || c == CTRL('H'))
            delete_before_cursor();
        else if (c == CTRL('C')) {
            kprintf("^C\n");
            return false;
        } else if (c == CTRL('U')) {
            con.len = con.cursor = con.dropped = con.garbage = 0;
            redraw();
        } else if (c == CTRL('A'))
            do_key(KEY_HOME);
        else if (c == CTRL('E'))
            do_key(KEY_END);
        else
            note_garbage(c);
    }
}

void console_run(void)
{
    for (;;) {
        if (!read_line())
            continue;
        if (con.garbage) {
            kprintf("error: line refused: it had %lu control or non-ASCII byte%s (first 0x%02x)\n",
                    (unsigned long)con.garbage, con.garbage == 1 ? "" : "s", con.first_garbage);
            continue;
        }
        if (con.dropped) {
            kprintf("error: line refused: longer than %d characters (%lu more were cut)\n",
                    CONSOLE_LINE_MAX - 1, (unsigned long)con.dropped);
            continue;
        }
        history_add(con.line);
        shell_execute(con.line);
    }
}
