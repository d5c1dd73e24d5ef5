/*
 * tests/fuzz/fuzz_console.c - libFuzzer target for the console's line editor
 * (kernel/console/line_edit.c) and the shell's line splitting and argument checks
 * (kernel/console/shell_args.c).
 *
 * The input is what a person (or line noise) types: every byte goes to line_edit_feed, as
 * kernel/console/console.c does, and a line the editor accepts goes to the "shell", which splits it and
 * runs the argument checks on its words. The editor's output is played on a model terminal (one
 * row of TERM_COLS cells and a cursor) that knows only the output the editor may produce:
 * printable ASCII, CR, LF, BS, ESC [ K, ESC [ n D, ESC [ D, ESC [ C. Anything else, or a cursor
 * moved off the row, fails. After every byte:
 *   - len < LINE_EDIT_MAX, cursor <= len, the line is printable ASCII, the escape parser holds at
 *     most LINE_EDIT_ESC_MAX bytes;
 *   - the terminal row shows exactly the prompt and the line (cells past it blank or spaces, as
 *     "\b \b" leaves them), with the terminal's cursor at prompt + cursor.
 * At each Enter:
 *   - a line typed with a control or non-ASCII byte the editor does not use, or with a printable
 *     byte typed while the line was full, since the prompt or the last ^U, is refused, and a
 *     refused line never reaches the shell; an accepted line is what the terminal shows;
 *   - the history holds at most LINE_EDIT_HISTORY entries, each non-empty, printable, shorter
 *     than LINE_EDIT_MAX, no two neighbours equal, the newest the line just accepted.
 * In the shell: shell_split gives the words a plain split at spaces gives (or -1 past
 * SHELL_ARGS_MAX), and parse_u64 (kernel/parse.c, shared with the boot command line) and
 * shell_parse_u64 / _bool / _choice agree with reference parsers written here independently,
 * reporting exactly one error when they refuse and none when they accept.
 */
#include "kernel/console/line_edit.h"
#include "kernel/console/shell.h"
#include "kernel/parse.h"
#include "mm/platform.h"
#include "tests/fuzz/fuzz.h"

#include <stdio.h>

#define PROMPT      "pymm> "
#define TERM_COLS   512
#define ERROR_MAX   160
#define WORDS_CHECKED 4

static struct {
    struct line_edit ed;
    /* the model terminal: the current row */
    char row[TERM_COLS];
    size_t col;
    size_t used;                 /* columns written since the row began */
    bool refused_message;        /* "error: line refused" written since the last Enter */
    /* what the typist did since the prompt or the last ^U */
    bool bad_byte, overflowed;
    int errors;                  /* shell_error calls */
} fz;

/* ---- the model terminal ----------------------------------------------------------------------- */

static void new_row(void)
{
    memset(fz.row, 0, fz.used);
    fz.col = fz.used = 0;
}

static void play(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    CHECK(strlen(text) == len, "write of %zu bytes with a NUL at %zu", len, strlen(text));
    if (len >= strlen("error: line refused") && memcmp(text, "error: line refused", 19) == 0)
        fz.refused_message = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x20 && c < 0x7f) {
            CHECK(fz.col < TERM_COLS, "output ran past %d columns", TERM_COLS);
            fz.row[fz.col++] = (char)c;
            if (fz.col > fz.used)
                fz.used = fz.col;
        } else if (c == '\r') {
            fz.col = 0;
        } else if (c == '\n') {
            new_row();
        } else if (c == '\b') {
            CHECK(fz.col > 0, "backspace at column 0");
            fz.col--;
        } else if (c == 0x1b && i + 1 < len && text[i + 1] == '[') {
            size_t j = i + 2, n = 0;
            bool digits = false;
            while (j < len && text[j] >= '0' && text[j] <= '9') {
                n = n * 10 + (size_t)(text[j++] - '0');
                digits = true;
                CHECK(n < TERM_COLS, "cursor move of %zu", n);
            }
            CHECK(j < len, "escape sequence cut at the end of a write: %s", text + i + 1);
            if (text[j] == 'K' && !digits) {
                if (fz.used > fz.col)
                    memset(fz.row + fz.col, 0, fz.used - fz.col);
            } else if (text[j] == 'D') {
                n = digits ? n : 1;
                CHECK(n <= fz.col, "cursor left %zu from column %zu", n, fz.col);
                fz.col -= n;
            } else if (text[j] == 'C' && !digits) {
                CHECK(fz.col + 1 < TERM_COLS, "cursor right past the row");
                fz.col++;
            } else {
                CHECK(false, "unknown escape sequence ESC [ %.*s", (int)(j - i - 1), text + i + 2);
            }
            i = j;
        } else {
            CHECK(false, "byte 0x%02x written to the terminal", c);
        }
    }
}

/* ---- the shell: split, and the argument checks against reference parsers ---------------------- */

int shell_error(const char *fmt, ...)
{
    char msg[ERROR_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    CHECK(n > 0, "empty error");
    fz.errors++;
    return SHELL_ERR;
}

/* Decimal or 0x-hex without sign: the reference for parse_u64 (kernel/parse.c), which
 * shell_parse_u64 and the boot command line share. Junk anywhere wins over overflow. */
static enum parse_status reference_parse(const char *text, uint64_t *out)
{
    unsigned base = 10;
    unsigned __int128 value = 0;
    const char *p = text;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p)
        return PARSE_NOT_A_NUMBER;
    for (; *p; p++) {
        const char *digits = "0123456789abcdef";
        char lower = (*p >= 'A' && *p <= 'F') ? (char)(*p - 'A' + 'a') : *p;
        const char *d = strchr(digits, lower);
        if (!lower || !d || (unsigned)(d - digits) >= base)
            return PARSE_NOT_A_NUMBER;
        if (value <= UINT64_MAX)
            value = value * base + (unsigned)(d - digits);
    }
    if (value > UINT64_MAX)
        return PARSE_TOO_BIG;
    *out = (uint64_t)value;
    return PARSE_OK;
}

/* Within [min, max] as well: the reference for shell_parse_u64. */
static bool reference_u64(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    if (reference_parse(text, &value) != PARSE_OK || value < min || value > max)
        return false;
    *out = value;
    return true;
}

static void check_u64(const char *word, uint64_t min, uint64_t max)
{
    uint64_t got = 0, want = 0;
    enum parse_status status = parse_u64(word, &got), want_status = reference_parse(word, &want);
    CHECK(status == want_status, "parse_u64('%s') = %d, reference %d", word, status, want_status);
    CHECK(status != PARSE_OK || got == want, "parse_u64('%s') = %lu, reference %lu", word,
          (unsigned long)got, (unsigned long)want);

    int errors = fz.errors;
    bool ok = shell_parse_u64("N", word, min, max, &got);
    bool ref = reference_u64(word, min, max, &want);
    CHECK(ok == ref, "shell_parse_u64('%s', %lu, %lu) = %d, reference %d", word,
          (unsigned long)min, (unsigned long)max, ok, ref);
    CHECK(!ok || got == want, "shell_parse_u64('%s') = %lu, reference %lu", word,
          (unsigned long)got, (unsigned long)want);
    CHECK(fz.errors - errors == (ok ? 0 : 1), "shell_parse_u64('%s'): %d errors", word,
          fz.errors - errors);
}

/* More names than the error's list of 128 bytes holds, so its truncation is exercised. */
static const char *const many_choices[] = {
    "collect", "threshold", "enable", "disable", "freeze", "unfreeze", "debug", "stats",
    "objects", "referrers", "referents", "garbage", "callbacks", "census", "count", "isenabled",
    NULL,
};

static void check_words(const char *word)
{
    static const char *const bools[] = {"on", "off", "1", "0", "yes", "no", "true", "false", NULL};
    int errors, index = -1, want = -1;
    bool b = false;

    check_u64(word, 0, UINT64_MAX);
    check_u64(word, 1, 3600);
    errors = fz.errors;
    for (int i = 0; bools[i]; i++)
        if (strcmp(bools[i], word) == 0 && want < 0)
            want = i;
    bool ok = shell_parse_bool("B", word, &b);
    CHECK(ok == (want >= 0) && (!ok || b == (want % 2 == 0)), "shell_parse_bool('%s')", word);
    CHECK(fz.errors - errors == !ok, "shell_parse_bool('%s'): %d errors", word, fz.errors - errors);
    errors = fz.errors;
    want = -1;
    for (int i = 0; many_choices[i]; i++)
        if (strcmp(many_choices[i], word) == 0 && want < 0)
            want = i;
    ok = shell_parse_choice("C", word, many_choices, &index);
    CHECK(ok == (want >= 0) && (!ok || index == want), "shell_parse_choice('%s')", word);
    CHECK(fz.errors - errors == !ok, "shell_parse_choice('%s'): %d errors", word,
          fz.errors - errors);
}

static void run_shell(const char *line)
{
    char copy[LINE_EDIT_MAX], *argv[SHELL_ARGS_MAX];
    const char *ref[LINE_EDIT_MAX];
    size_t ref_len[LINE_EDIT_MAX];
    int nref = 0;

    /* The reference split: maximal runs of non-spaces. */
    for (const char *p = line; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        ref[nref] = p;
        while (*p && *p != ' ')
            p++;
        ref_len[nref] = (size_t)(p - ref[nref]);
        nref++;
    }
    memcpy(copy, line, strlen(line) + 1);
    int argc = shell_split(copy, argv);
    if (nref > SHELL_ARGS_MAX) {
        CHECK(argc == -1, "%d words split as %d", nref, argc);
        return;
    }
    CHECK(argc == nref, "%d words split as %d", nref, argc);
    for (int i = 0; i < argc; i++) {
        CHECK(argv[i] >= copy && argv[i] < copy + sizeof copy, "word %d outside the line", i);
        CHECK(strlen(argv[i]) == ref_len[i] && memcmp(argv[i], ref[i], ref_len[i]) == 0,
              "word %d is '%s'", i, argv[i]);
        if (i < WORDS_CHECKED)
            check_words(argv[i]);
    }
}

/* ---- the editor ------------------------------------------------------------------------------- */

static bool printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return false;
    return true;
}

/* A byte the editor has no use for: it must make the line be refused. */
static bool bad_byte(int c)
{
    static const char keys[] = {'\r', '\n', '\t', 0x08, 0x03, 0x15, 0x01, 0x05, 0x1b};
    if (c >= 0x80)
        return true;
    if (c >= 0x20)
        return false;
    return memchr(keys, c, sizeof keys) == NULL;
}

static void check_screen(void)
{
    const struct line_edit *ed = &fz.ed;
    size_t plen = strlen(PROMPT);

    CHECK(ed->len < LINE_EDIT_MAX && ed->cursor <= ed->len, "len %zu cursor %zu", ed->len,
          ed->cursor);
    CHECK(ed->esc_len <= LINE_EDIT_ESC_MAX, "escape parser holds %zu bytes", ed->esc_len);
    CHECK(printable(ed->line, ed->len), "line holds a non-printable byte");
    CHECK(memcmp(fz.row, PROMPT, plen) == 0, "the row does not start with the prompt: '%.*s'",
          (int)plen, fz.row);
    CHECK(memcmp(fz.row + plen, ed->line, ed->len) == 0,
          "the row shows '%.*s', the line is '%.*s'", (int)ed->len, fz.row + plen, (int)ed->len,
          ed->line);
    for (size_t i = plen + ed->len; i < fz.used; i++)
        CHECK(fz.row[i] == 0 || fz.row[i] == ' ', "the row shows '%c' past the line at %zu",
              fz.row[i], i);
    CHECK(fz.col == plen + ed->cursor, "terminal cursor at %zu, editor cursor at %zu + %zu",
          fz.col, plen, ed->cursor);
}

static void check_history(const char *accepted)
{
    const struct line_edit *ed = &fz.ed;
    CHECK(ed->history_count <= LINE_EDIT_HISTORY, "history holds %zu", ed->history_count);
    CHECK(line_edit_history(ed, ed->history_count) == NULL, "history past its end");
    for (size_t age = 0; age < ed->history_count; age++) {
        const char *h = line_edit_history(ed, age);
        size_t n = strlen(h);
        CHECK(n > 0 && n < LINE_EDIT_MAX && printable(h, n), "history entry %zu", age);
        if (age > 0)
            CHECK(strcmp(h, line_edit_history(ed, age - 1)) != 0, "history repeats at %zu", age);
    }
    if (accepted && accepted[0])
        CHECK(strcmp(line_edit_history(ed, 0), accepted) == 0, "accepted line not in history");
}

static void begin_line(void)
{
    fz.bad_byte = fz.overflowed = false;
    line_edit_begin(&fz.ed);
    check_screen();
}

static void end_line(void)
{
    char shown[LINE_EDIT_MAX];

    /* check_screen saw the terminal show ed.line before the Enter: accept must not change it. */
    memcpy(shown, fz.ed.line, fz.ed.len);
    shown[fz.ed.len] = '\0';
    fz.refused_message = false;
    char *line = line_edit_accept(&fz.ed);
    if (line) {
        CHECK(!fz.bad_byte, "line '%s' accepted with a bad byte typed", line);
        CHECK(!fz.overflowed, "line '%s' accepted though it overflowed", line);
        CHECK(strcmp(line, shown) == 0, "accepted '%s', typed '%s'", line, shown);
        CHECK(strlen(line) < LINE_EDIT_MAX && printable(line, strlen(line)), "accepted line");
        CHECK(fz.col == 0, "output after an accepted line");
        check_history(line);
        run_shell(line);
    } else {
        CHECK(fz.refused_message, "line refused without an error");
        CHECK(fz.col == 0 && fz.row[0] == 0, "refusal did not end its row");
        check_history(NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    memset(&fz, 0, sizeof fz);
    line_edit_init(&fz.ed, PROMPT, play, NULL);
    begin_line();
    for (size_t i = 0; i < size; i++) {
        int c = data[i];
        bool inserting = fz.ed.esc == LINE_EDIT_ESC_IDLE && ((c >= 0x20 && c < 0x7f) || c == '\t');
        if (inserting && fz.ed.len == LINE_EDIT_MAX - 1)
            fz.overflowed = true;
        if (bad_byte(c))
            fz.bad_byte = true;
        if (c == 0x15)   /* ^U empties the line, also ending an escape sequence as malformed */
            fz.bad_byte = fz.overflowed = false;
        switch (line_edit_feed(&fz.ed, c)) {
        case LINE_EDIT_MORE:
            check_screen();
            break;
        case LINE_EDIT_ENTER:
            CHECK(fz.col == 0 && fz.row[0] == 0, "Enter did not end the row");
            end_line();
            begin_line();
            break;
        case LINE_EDIT_CANCEL:
            CHECK(fz.col == 0 && fz.row[0] == 0, "^C did not end the row");
            begin_line();
            break;
        }
    }
    return 0;
}
