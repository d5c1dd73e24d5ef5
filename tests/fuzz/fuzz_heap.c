/*
 * tests/fuzz/fuzz_heap.c - libFuzzer target for the heap (mm/): operations against a model.
 *
 * The input is a program: each operation is an opcode byte, a slot byte and argument bytes
 * (missing bytes read as 0, so every input is a valid program). Operations act on a table of
 * HEAP_SLOTS slots: kmalloc, kfree, krealloc (growing, shrinking, to 0, from NULL), kcalloc
 * (overflowing counts included), kmalloc_aligned (every power of two up to HEAP_MAX_ALIGN, and
 * invalid alignments that must give NULL), kmalloc_usable_size, heap_trim, debug mode on/off,
 * the guard-page sampler (mm/fence.h) at rates 1 to 4 or off, a page limit (so allocations
 * fail and the heap must stay usable), and allocations and frees done by a helper thread, so
 * blocks are freed remotely in both directions (the thread_free and delayed lists) in a fixed
 * order, hence reproducibly.
 *
 * The model knows for each live block its pointer, the usable size it was given, the alignment
 * asked for, the pattern it was filled with (from slot and generation), the size class it was
 * counted in and the bytes it added to bytes_in_use. After every operation the block touched
 * holds its pattern (krealloc: the old pattern up to the copied size), is aligned, and
 * kmalloc_usable_size still says what it said. A new block's class and bytes come from where it
 * lies (its page's class, the large table's rule for its run, the fence pool), and it must fit
 * its class and, outside debug mode, be given exactly its class's size.
 *
 * heap_get_stats walks every segment, so it is not run after every operation (that made the
 * target run ~200 inputs a second, where the others run thousands): the model's sums are
 * cumulative, so any allocation or free the heap counted differently stays visible until the
 * next comparison, which runs every STATS_EVERY operations, after every allocation of every
 * EXACT_ADOPT_EVERY-th one (the heap's figures before and after it: exactly one class grew by
 * one, by exactly the block's bytes) and at the end. Each compares bytes_in_use, nallocs -
 * nfrees, each class's in_use, large_in_use and the fence pool's blocks with the baseline taken
 * at the start plus the model's sums; a failure names the operations since the last agreement.
 *
 * Contents are patterns of 64-bit words. Blocks up to PATTERN_FULL_BYTES hold the pattern in
 * every byte; larger ones in their first and last PATTERN_EDGE_BYTES and the first word of every
 * PATTERN_EDGE_BYTES in between (so a megabyte block costs 256 words, not 128k, and touches
 * every 4 KiB page once, as a program would). Every live block is checked every
 * FULL_CHECK_EVERY operations and at the end, which then frees everything and requires the
 * heap's figures back at the baseline. A failed check prints what differs and aborts, which
 * libFuzzer reports as a crash with the input.
 */
#include "mm/fence.h"
#include "mm/heap.h"
#include "tests/fuzz/fuzz.h"

#include <pthread.h>
#include <stdio.h>

#define HEAP_SLOTS        32
#define LARGE_CLASS       HEAP_NCLASSES         /* model classes after the heap's own */
#define FENCE_CLASS       (HEAP_NCLASSES + 1)
#define MODEL_CLASSES     (HEAP_NCLASSES + 2)
#define FULL_CHECK_EVERY  64
#define STATS_EVERY       16
#define EXACT_ADOPT_EVERY 8
#define PATTERN_FULL_BYTES 8192
#define PATTERN_EDGE_BYTES 4096
#define MAX_OPS           4096
#define IMPOSSIBLE_BYTES  ((size_t)1 << 40)    /* requests above this may fail (kcalloc(2^63, 1)) */
#define LIMIT_STEP_BYTES  ((size_t)64 << 10)   /* page limit granularity above what is mapped */

struct block {
    unsigned char *ptr;           /* NULL: slot empty */
    size_t usable;                /* kmalloc_usable_size at allocation */
    size_t align;
    uint64_t seed;                /* the fill pattern */
    int cls;                      /* class counted in; LARGE_CLASS or FENCE_CLASS */
    size_t accounted;             /* bytes it added to bytes_in_use */
};

static struct {
    struct block slots[HEAP_SLOTS];
    long count[MODEL_CLASSES];       /* live blocks per class, then large and fenced */
    size_t bytes;                    /* sum of accounted */
    long live;
    struct heap_stats base;
    long fence_base;                 /* sampled blocks in use at the start */
    bool limited;                    /* a page limit is set: NULL is a legal answer */
    unsigned generation;
    unsigned ops;                    /* operations run so far */
    unsigned stats_agreed;           /* ops when heap_get_stats last agreed with the model */
    unsigned allocations;
    struct fuzz_input input;
} fz;

static unsigned next_byte(void)
{
    return fuzz_byte(&fz.input);
}

/* ---- the helper thread: runs one request at a time, the fuzzer waits for it ------------------ */

enum remote_op { REMOTE_NONE, REMOTE_MALLOC, REMOTE_FREE };

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    enum remote_op op;
    size_t size;
    void *ptr;
    bool started;
} helper = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, REMOTE_NONE, 0, NULL, false};

static void *helper_main(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&helper.lock);
    for (;;) {
        while (helper.op == REMOTE_NONE)
            pthread_cond_wait(&helper.cond, &helper.lock);
        if (helper.op == REMOTE_MALLOC)
            helper.ptr = kmalloc(helper.size);
        else
            kfree(helper.ptr);
        helper.op = REMOTE_NONE;
        pthread_cond_broadcast(&helper.cond);
    }
    return NULL;
}

/* Run kmalloc(size) or kfree(ptr) on the helper thread; returns kmalloc's result. */
static void *remote(enum remote_op op, size_t size, void *ptr)
{
    pthread_mutex_lock(&helper.lock);
    if (!helper.started) {
        pthread_t t;
        CHECK(pthread_create(&t, NULL, helper_main, NULL) == 0, "no helper thread");
        helper.started = true;
    }
    helper.op = op;
    helper.size = size;
    helper.ptr = ptr;
    pthread_cond_broadcast(&helper.cond);
    while (helper.op != REMOTE_NONE)
        pthread_cond_wait(&helper.cond, &helper.lock);
    ptr = helper.ptr;
    pthread_mutex_unlock(&helper.lock);
    return ptr;
}

/* ---- patterns ------------------------------------------------------------------------------- */

static uint64_t pattern_seed(unsigned slot)
{
    uint64_t x = ((uint64_t)slot << 32 | ++fz.generation) * 0x9e3779b97f4a7c15ull;
    return x ^ (x >> 29);
}

/* The pattern is a sequence of 64-bit words (filled and checked a word at a time: blocks can be
 * megabytes); byte i is byte i % 8 of word i / 8. The loops are left out of libFuzzer's
 * comparison tracing (NO_COVERAGE), which otherwise takes 70% of the time and learns nothing. */
#define NO_COVERAGE __attribute__((no_sanitize("coverage", "address", "undefined"), noinline))
static inline __attribute__((always_inline)) uint64_t pattern_word(uint64_t seed, size_t k)
{
    return seed ^ (k * 0xd6e8feb86659fd93ull);
}

static unsigned char pattern_byte(uint64_t seed, size_t i)
{
    return (unsigned char)(pattern_word(seed, i / 8) >> (i % 8 * 8));
}

/*
 * Whether byte i of a block of n bytes carries the pattern (see the top): all of them up to
 * PATTERN_FULL_BYTES, else the edges and one word per PATTERN_EDGE_BYTES. `tail` false leaves
 * the last edge out: a krealloc'd block keeps a prefix of its old one, whose tail was elsewhere.
 */
static inline __attribute__((always_inline)) bool patterned(size_t i, size_t n, bool tail)
{
    return n <= PATTERN_FULL_BYTES || i < PATTERN_EDGE_BYTES || i % PATTERN_EDGE_BYTES < 8 ||
           (tail && i >= n - PATTERN_EDGE_BYTES);
}

/* Next patterned byte at or after i (8-byte steps inside the sampled middle). */
static inline __attribute__((always_inline)) size_t next_patterned(size_t i, size_t n, bool tail)
{
    if (patterned(i, n, tail))
        return i;
    size_t next_edge = (i / PATTERN_EDGE_BYTES + 1) * PATTERN_EDGE_BYTES;
    if (tail && next_edge > n - PATTERN_EDGE_BYTES)
        next_edge = n - PATTERN_EDGE_BYTES > i ? n - PATTERN_EDGE_BYTES : i;
    return next_edge;
}

static NO_COVERAGE void fill(unsigned char *p, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i = next_patterned(i + 1, n, true))
        if (i % 8 == 0 && i + 8 <= n) {
            uint64_t w = pattern_word(seed, i / 8);
            memcpy(p + i, &w, 8);
            i += 7;
        } else {
            p[i] = pattern_byte(seed, i);
        }
}

/* Index of the first patterned byte of p[0..n) not holding the pattern, or n. */
static NO_COVERAGE size_t intact_prefix_of(const unsigned char *p, size_t n, uint64_t seed,
                                           size_t block_n, bool tail)
{
    for (size_t i = 0; i < n; i = next_patterned(i + 1, block_n, tail))
        if (i % 8 == 0 && i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w != pattern_word(seed, i / 8)) {
                while (p[i] == pattern_byte(seed, i))
                    i++;
                return i;
            }
            i += 7;
        } else if (p[i] != pattern_byte(seed, i)) {
            return i;
        }
    return n;
}

/* For a whole block of n bytes. */
static size_t intact_prefix(const unsigned char *p, size_t n, uint64_t seed)
{
    return intact_prefix_of(p, n, seed, n, true);
}

/* Index of the first patterned byte (see patterned) of p[0..n) that is not 0, or n. */
static NO_COVERAGE size_t first_nonzero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i = next_patterned(i + 1, n, true))
        if (p[i])
            return i;
    return n;
}

static void check_block(unsigned slot)
{
    const struct block *b = &fz.slots[slot];
    if (!b->ptr)
        return;
    size_t good = intact_prefix(b->ptr, b->usable, b->seed);
    CHECK(good == b->usable, "slot %u: block %p (%zu usable) corrupted at byte %zu", slot,
          (void *)b->ptr, b->usable, good);
    CHECK(((uintptr_t)b->ptr & (b->align - 1)) == 0, "slot %u: block %p not %zu-aligned", slot,
          (void *)b->ptr, b->align);
    CHECK(kmalloc_usable_size(b->ptr) == b->usable, "slot %u: usable size %zu became %zu", slot,
          b->usable, kmalloc_usable_size(b->ptr));
}

/* ---- accounting ----------------------------------------------------------------------------- */

static long class_in_use(const struct heap_stats *s, int cls)
{
    return cls == LARGE_CLASS ? (long)s->large_in_use : (long)s->classes[cls].in_use;
}

static long fence_in_use(void)
{
    struct fence_stats f;
    fence_get_stats(&f);
    return f.in_use;
}

/* The heap's figures at the last check_stats. The end of an input, which leaves nothing
 * allocated, takes them last: they are the next input's baseline (nothing runs between inputs),
 * so each input walks the heap once less. */
static struct heap_stats last_figures;
static bool have_last_figures;

/* A check of the heap's figures against the model, naming the operations since they last
 * agreed (the difference arose in one of them). */
#define CHECK_FIGURES(cond, after, fmt, ...) \
    CHECK(cond, "after %s (operations %u..%u): " fmt, after, fz.stats_agreed + 1, fz.ops, __VA_ARGS__)

static void check_stats(const char *after)
{
    struct heap_stats s;
    heap_get_stats(&s);
    CHECK_FIGURES(s.bytes_in_use - fz.base.bytes_in_use == fz.bytes, after,
                  "bytes_in_use %zu, baseline %zu + model %zu", s.bytes_in_use,
                  fz.base.bytes_in_use, fz.bytes);
    CHECK_FIGURES((long)((s.nallocs - s.nfrees) - (fz.base.nallocs - fz.base.nfrees)) == fz.live,
                  after, "%lu allocs - %lu frees, model %ld live over the baseline",
                  (unsigned long)s.nallocs, (unsigned long)s.nfrees, fz.live);
    for (int c = 0; c <= LARGE_CLASS; c++)
        CHECK_FIGURES(class_in_use(&s, c) - class_in_use(&fz.base, c) == fz.count[c], after,
                      "class %d has %ld in use over the baseline, model %ld", c,
                      class_in_use(&s, c) - class_in_use(&fz.base, c), fz.count[c]);
    CHECK_FIGURES(fence_in_use() - fz.fence_base == fz.count[FENCE_CLASS], after,
                  "%ld sampled blocks over the baseline, model %ld",
                  fence_in_use() - fz.fence_base, fz.count[FENCE_CLASS]);
    CHECK_FIGURES(s.bytes_peak >= s.bytes_in_use, after, "peak %zu below in use %zu",
                  s.bytes_peak, s.bytes_in_use);
    fz.stats_agreed = fz.ops;
    last_figures = s;
}

/*
 * The class a new block p is counted in and the bytes it adds to bytes_in_use, from where it
 * lies: a segment's page (its class; bytes the class's size), the fence pool (the size asked
 * for), or else a large run: outside debug mode its usable size is the run (which may be a
 * cached run bigger than the size needs), in debug mode PAGE_SIZE << the order heap_large_alloc
 * gives the size. `usable` is kmalloc_usable_size(p), which in debug mode is the size asked for.
 */
static int place_of(const void *p, size_t usable, size_t align, size_t *bytes)
{
    if (heap_map_page_shift(p)) {
        const struct heap_page *pg = page_of(segment_of(p), p);
        int cls = pg->qid % HEAP_NCLASSES;
        *bytes = heap_state.class_size[cls];
        return cls;
    }
    if (fence_contains(p)) {
        *bytes = usable;
        return FENCE_CLASS;
    }
    if (!heap_debug_enabled()) {
        *bytes = usable;
        return LARGE_CLASS;
    }
    size_t need = usable + DEBUG_REDZONE;
    size_t pages = ((need > align ? need : align) + PAGE_SIZE - 1) >> PAGE_SHIFT;
    *bytes = pages <= 1 ? PAGE_SIZE : (size_t)PAGE_SIZE << (64 - __builtin_clzl(pages - 1));
    return LARGE_CLASS;
}

/*
 * Record the block just allocated at p into slot (which must be empty) and fill it. `before`
 * are the stats taken just before the allocation, or NULL: with them the class it was counted
 * in is the one whose in_use grew, and its bytes what bytes_in_use grew by (which must be what
 * place_of says); without, place_of's answer is taken and the next comparison of the sums
 * (check_stats) catches a difference.
 */
static void adopt(unsigned slot, void *p, size_t asked, size_t align, const struct heap_stats *before)
{
    struct block *b = &fz.slots[slot];
    int cls;

    b->usable = kmalloc_usable_size(p);
    cls = place_of(p, b->usable, align, &b->accounted);
    if (before) {
        struct heap_stats after;
        int grown = -1;
        heap_get_stats(&after);
        for (int c = 0; c <= LARGE_CLASS; c++) {
            long grew = class_in_use(&after, c) - class_in_use(before, c);
            CHECK(grew == 0 || (grew == 1 && grown < 0), "block %p: class %d in use changed by %ld",
                  p, c, grew);
            if (grew)
                grown = c;
        }
        if (grown < 0 && fence_contains(p))
            grown = FENCE_CLASS;
        CHECK(grown >= 0, "block %p of %zu bytes counted in no class", p, asked);
        CHECK(grown == cls, "block %p of %zu bytes counted in class %d, lies in class %d", p,
              asked, grown, cls);
        size_t grew_bytes = after.bytes_in_use - before->bytes_in_use;
        CHECK(grew_bytes == b->accounted, "block %p of %zu bytes added %zu bytes in use, its place "
              "%zu", p, asked, grew_bytes, b->accounted);
    }
    b->ptr = p;
    b->align = align;
    b->cls = cls;
    b->seed = pattern_seed(slot);
    CHECK(b->usable >= asked, "block %p: usable %zu < asked %zu", p, b->usable, asked);
    /* Debug blocks carry a redzone; sampled blocks do not (their guard page is one). */
    if (heap_debug_enabled() && cls != FENCE_CLASS)
        CHECK(b->accounted >= b->usable + DEBUG_REDZONE, "debug block %p: %zu accounted, %zu usable",
              p, b->accounted, b->usable);
    else
        CHECK(b->accounted == b->usable, "block %p: %zu accounted, %zu usable", p, b->accounted,
              b->usable);
    CHECK(((uintptr_t)p & (align - 1)) == 0, "block %p not %zu-aligned", p, align);
    fz.count[cls]++;
    fz.bytes += b->accounted;
    fz.live++;
    fill(b->ptr, b->usable, b->seed);
}

/* The heap's figures before an allocation for adopt's exact check, for every EXACT_ADOPT_EVERY-th
 * allocation; NULL for the others. */
static const struct heap_stats *figures_before(struct heap_stats *s)
{
    if (++fz.allocations % EXACT_ADOPT_EVERY)
        return NULL;
    heap_get_stats(s);
    return s;
}

/* Forget slot's block (already freed or moved). */
static void drop(unsigned slot)
{
    struct block *b = &fz.slots[slot];
    fz.count[b->cls]--;
    fz.bytes -= b->accounted;
    fz.live--;
    b->ptr = NULL;
}

/* ---- operations ----------------------------------------------------------------------------- */

/* A size from two bytes: the top two bits pick the range (up to 256 B, 4 KiB, just past
 * MEDIUM_MAX, or 1 MiB), the other 14 the size within it. */
static size_t next_size(void)
{
    unsigned hi = next_byte(), lo = next_byte();
    size_t v = (size_t)(hi & 63) << 8 | lo;
    switch (hi >> 6) {
    case 0: return v % 257;
    case 1: return v % 4097;
    case 2: return v * 5 % (MEDIUM_MAX + 1025);
    default: return v * 16 + (lo & 15);
    }
}

static void allocation_result(unsigned slot, void *p, size_t size, size_t align,
                              const struct heap_stats *before, const char *op)
{
    if (!p) {
        CHECK(fz.limited || size > IMPOSSIBLE_BYTES,
              "%s(%zu, align %zu) returned NULL without a page limit", op, size, align);
        return;
    }
    adopt(slot, p, size, align, before);
}

static void op_free(unsigned slot, bool on_helper)
{
    struct block *b = &fz.slots[slot];
    if (!b->ptr)
        return;
    check_block(slot);
    if (on_helper)
        remote(REMOTE_FREE, 0, b->ptr);
    else
        kfree(b->ptr);
    drop(slot);
}

static void op_realloc(unsigned slot, size_t size)
{
    struct block *b = &fz.slots[slot];
    struct heap_stats before;
    unsigned char *old = b->ptr;

    if (!old) {
        const struct heap_stats *pre = figures_before(&before);
        allocation_result(slot, krealloc(NULL, size), size, HEAP_MIN_ALIGN, pre, "krealloc");
        return;
    }
    check_block(slot);
    if (size == 0) {
        CHECK(krealloc(old, 0) == NULL, "krealloc(%p, 0) did not return NULL", (void *)old);
        drop(slot);
        return;
    }
    struct block was = *b;
    drop(slot);
    const struct heap_stats *pre = figures_before(&before);
    unsigned char *p = krealloc(old, size);
    if (!p) {
        /* The old block must be untouched and still counted. */
        CHECK(fz.limited, "krealloc(%p, %zu) returned NULL without a page limit", (void *)old, size);
        *b = was;
        fz.count[b->cls]++;
        fz.bytes += b->accounted;
        fz.live++;
        check_block(slot);
        return;
    }
    size_t kept = was.usable < size ? was.usable : size;
    size_t good = intact_prefix_of(p, kept, was.seed, was.usable, true);
    CHECK(good == kept, "krealloc(%p, %zu) -> %p lost the contents at byte %zu of %zu",
          (void *)old, size, (void *)p, good, kept);
    if (p == old) {
        /* In place: the block keeps its class and accounting (usable may change). */
        b->ptr = p;
        b->usable = kmalloc_usable_size(p);
        b->align = HEAP_MIN_ALIGN;
        b->cls = was.cls;
        b->accounted = was.accounted;
        b->seed = pattern_seed(slot);
        CHECK(b->usable >= size, "krealloc in place: usable %zu < %zu", b->usable, size);
        fz.count[b->cls]++;
        fz.bytes += b->accounted;
        fz.live++;
        fill(p, b->usable, b->seed);
        return;
    }
    /* Moved: the old block was freed; account the new one against stats without the old. */
    struct heap_stats moved = before;
    moved.bytes_in_use -= was.accounted;
    if (was.cls == LARGE_CLASS)
        moved.large_in_use--;
    else if (was.cls != FENCE_CLASS)
        moved.classes[was.cls].in_use--;
    adopt(slot, p, size, HEAP_MIN_ALIGN, pre ? &moved : NULL);
}

static void op_calloc(unsigned slot)
{
    unsigned count_byte = next_byte();
    size_t size = next_size();
    /* count_byte 255: a count that overflows with any size above 1 */
    size_t n = count_byte == 255 ? SIZE_MAX / 2 + 1 : count_byte % 17;
    struct heap_stats before;
    size_t total;

    const struct heap_stats *pre = figures_before(&before);
    void *p = kcalloc(n, size);
    if (__builtin_mul_overflow(n, size, &total)) {
        CHECK(p == NULL, "kcalloc(%zu, %zu) overflows but returned %p", n, size, p);
        return;
    }
    if (p) {
        size_t i = first_nonzero(p, total);
        CHECK(i == total, "kcalloc(%zu, %zu) = %p: byte %zu is 0x%02x", n, size, p, i,
              ((unsigned char *)p)[i]);
    }
    allocation_result(slot, p, total, HEAP_MIN_ALIGN, pre, "kcalloc");
}

static void op_aligned(unsigned slot)
{
    unsigned a = next_byte();
    size_t size = next_size();
    size_t align = (size_t)1 << (a % 21);      /* 1 .. HEAP_MAX_ALIGN */
    struct heap_stats before;

    if (a >= 252)
        align = a == 252 ? 0 : a == 253 ? HEAP_MAX_ALIGN << 1 : (size_t)24 << (a - 254);
    const struct heap_stats *pre = figures_before(&before);
    void *p = kmalloc_aligned(align, size);
    if (align == 0 || (align & (align - 1)) || align > HEAP_MAX_ALIGN) {
        CHECK(p == NULL, "kmalloc_aligned(%zu, %zu) accepted a bad alignment", align, size);
        return;
    }
    allocation_result(slot, p, size, align < HEAP_MIN_ALIGN ? HEAP_MIN_ALIGN : align, pre,
                      "kmalloc_aligned");
}

static void op_limit(unsigned arg)
{
    if (arg & 0x80) {
        heap_set_page_limit(0);
        fz.limited = false;
        return;
    }
    struct heap_stats s;
    heap_get_stats(&s);
    heap_set_page_limit(s.bytes_mapped + (arg & 0x7f) * LIMIT_STEP_BYTES + 1);
    fz.limited = true;
}

/* Sample every 1st to 4th allocation into the fence pool, or (arg % 5 == 0) stop sampling. */
static void op_fence(unsigned arg)
{
    unsigned every = arg % 5;
    bool ok = fence_set_sample_rate(every);
    CHECK(ok || fz.limited, "fence_set_sample_rate(%u) failed without a page limit", every);
}

enum op {
    OP_MALLOC, OP_FREE, OP_REALLOC, OP_CALLOC, OP_ALIGNED, OP_USABLE, OP_TRIM, OP_REMOTE_FREE,
    OP_REMOTE_MALLOC, OP_DEBUG, OP_LIMIT, OP_CHECK_ALL, OP_FENCE, OP_COUNT
};

static const char *const op_names[OP_COUNT] = {
    "kmalloc", "kfree", "krealloc", "kcalloc", "kmalloc_aligned", "kmalloc_usable_size",
    "heap_trim", "remote kfree", "remote kmalloc", "heap_set_debug", "heap_set_page_limit",
    "check all", "fence_set_sample_rate",
};

static void check_all(void)
{
    for (unsigned i = 0; i < HEAP_SLOTS; i++)
        check_block(i);
}

static void run_op(enum op op, unsigned slot)
{
    struct heap_stats before;
    const struct heap_stats *pre;
    size_t size;

    /* Allocations into an occupied slot free its block first (on this thread). */
    if (op == OP_MALLOC || op == OP_CALLOC || op == OP_ALIGNED || op == OP_REMOTE_MALLOC)
        op_free(slot, false);
    switch (op) {
    case OP_MALLOC:
        size = next_size();
        pre = figures_before(&before);   /* before the call, not among its arguments */
        allocation_result(slot, kmalloc(size), size, HEAP_MIN_ALIGN, pre, "kmalloc");
        break;
    case OP_FREE:        op_free(slot, false); break;
    case OP_REALLOC:     op_realloc(slot, next_size()); break;
    case OP_CALLOC:      op_calloc(slot); break;
    case OP_ALIGNED:     op_aligned(slot); break;
    case OP_USABLE:      check_block(slot); break;
    case OP_TRIM:        heap_trim(); break;
    case OP_REMOTE_FREE: op_free(slot, true); break;
    case OP_REMOTE_MALLOC:
        size = next_size();
        pre = figures_before(&before);
        allocation_result(slot, remote(REMOTE_MALLOC, size, NULL), size, HEAP_MIN_ALIGN, pre,
                          "remote kmalloc");
        break;
    case OP_DEBUG:       heap_set_debug(next_byte() & 1); break;
    case OP_LIMIT:       op_limit(next_byte()); break;
    case OP_CHECK_ALL:   check_all(); break;
    case OP_FENCE:       op_fence(next_byte()); break;
    case OP_COUNT:       break;
    }
    check_block(slot);
    fz.ops++;
    if (fz.ops % STATS_EVERY == 0)
        check_stats(op_names[op]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    memset(&fz, 0, sizeof fz);
    fz.input = (struct fuzz_input){data, size};
    if (have_last_figures)
        fz.base = last_figures;
    else
        heap_get_stats(&fz.base);
    fz.fence_base = fence_in_use();

    for (unsigned n = 0; fz.input.left && n < MAX_OPS; n++) {
        unsigned op = next_byte() % OP_COUNT, slot = next_byte() % HEAP_SLOTS;
        run_op((enum op)op, slot);
        if (n % FULL_CHECK_EVERY == FULL_CHECK_EVERY - 1)
            check_all();
    }
    check_all();
    /* Before freeing: a block counted in the wrong class would balance out once freed. */
    if (fz.stats_agreed != fz.ops)
        check_stats("the last operation");
    heap_set_page_limit(0);
    for (unsigned i = 0; i < HEAP_SLOTS; i++)
        op_free(i, false);
    heap_set_debug(false);
    fence_set_sample_rate(0);
    fz.ops++;
    check_stats("freeing everything");
    have_last_figures = true;
    return 0;
}
