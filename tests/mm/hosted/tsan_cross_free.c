/*
 * tests/mm/hosted/tsan_cross_free.c - the heap's cross-thread paths under ThreadSanitizer
 * (make host-tsan). Hosted only (pthreads), so it lives outside the files directly under
 * tests/mm/, which the kernel compiles too.
 *
 *   handoff      two threads each allocate batches and hand them to the other to check and
 *                free (larson-like): every free is a remote free onto a page's thread_free list.
 *   exchange     8 threads swap blocks through a shared table with atomic exchange, so blocks
 *                are freed by arbitrary threads while their owners allocate from the same pages.
 *   many_threads 80 live threads at once (more than PLATFORM_MAX_CPUS slots), so some share the
 *                locked heap, plus 200 short-lived threads in turn (slots and heaps handed on).
 *   held         blocks another thread freed wait in its batch (mm/heap_remote.c) until it
 *                exits, then on their page's thread_free list until the owner collects them:
 *                all along they count as free (bytes_in_use, nfrees, the class's in_use,
 *                which heap_get_stats derives from the pages), and a second kfree of one, by that thread
 *                or by the owner, is reported as a double free naming the caller and both
 *                threads' slots: the first free's, recorded in the block, and the second's
 *                (checked in a forked child, which the report aborts); a write into one
 *                after the free is reported when the owner collects it.
 *   full_pages   the owner fills pages of a class, another thread frees every block: the
 *                full pages' blocks come back to the owner (through its delayed list of pages).
 * Every block carries a pattern derived from its address, checked before it is freed, and the
 * heap's bytes_in_use must come back to its starting value.
 * Output: KTAP-style lines and the closing "N passed, N failed" line tools/run-suite reads.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/malloc.h"

static int failures;

static void fill(void *p, size_t n)
{
    unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        c[i] = (unsigned char)(((uintptr_t)p >> 4) + i * 13);
}

static int intact(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != (unsigned char)(((uintptr_t)p >> 4) + i * 13))
            return 0;
    return 1;
}

static void fail(const char *what, const void *p)
{
    __atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
    fprintf(stderr, "    # %s (block %p)\n", what, p);
}

static size_t in_use(void)
{
    struct heap_stats s;
    heap_get_stats(&s);
    return s.bytes_in_use;
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* ---- handoff: batches passed between two threads ------------------------------------------- */

#define BATCH 256
#define ROUNDS 400

struct mailbox {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    void *blocks[BATCH];
    size_t sizes[BATCH];
    int full;
};

static struct mailbox box[2] = {
    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, {0}, 0},
    {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, {0}, 0},
};

static void *handoff_thread(void *arg)
{
    int me = (int)(uintptr_t)arg;
    struct mailbox *out = &box[me], *in = &box[1 - me];
    uint64_t seed = 0x9e3779b97f4a7c15ull * (unsigned)(me + 1);

    for (int round = 0; round < ROUNDS; round++) {
        void *blocks[BATCH];
        size_t sizes[BATCH];
        for (int i = 0; i < BATCH; i++) {
            uint64_t r = next_rand(&seed);
            sizes[i] = (r & 63) == 0 ? 70000 + r % 50000 : 8 + r % 1024;
            blocks[i] = kmalloc(sizes[i]);
            if (!blocks[i]) {
                fail("handoff: kmalloc returned NULL", NULL);
                sizes[i] = 0;
                continue;
            }
            fill(blocks[i], sizes[i]);
        }
        pthread_mutex_lock(&out->lock);
        while (out->full)
            pthread_cond_wait(&out->cond, &out->lock);
        memcpy(out->blocks, blocks, sizeof blocks);
        memcpy(out->sizes, sizes, sizeof sizes);
        out->full = 1;
        pthread_cond_broadcast(&out->cond);
        pthread_mutex_unlock(&out->lock);

        pthread_mutex_lock(&in->lock);
        while (!in->full)
            pthread_cond_wait(&in->cond, &in->lock);
        memcpy(blocks, in->blocks, sizeof blocks);
        memcpy(sizes, in->sizes, sizeof sizes);
        in->full = 0;
        pthread_cond_broadcast(&in->cond);
        pthread_mutex_unlock(&in->lock);
        for (int i = 0; i < BATCH; i++) {
            if (blocks[i] && !intact(blocks[i], sizes[i]))
                fail("handoff: block changed while handed over", blocks[i]);
            kfree(blocks[i]);
        }
    }
    return NULL;
}

static int test_handoff(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, handoff_thread, (void *)(uintptr_t)i);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return 0;
}

/* ---- exchange: blocks swapped through a shared table ----------------------------------------- */

#define TABLE 4096

static void *table[TABLE];
static size_t table_size[TABLE];   /* written before the pointer is published */

struct exchange_arg {
    int id;
    int steps;
    pthread_barrier_t *all_alive;   /* met after the first allocation: all threads live at once */
};

static void *exchange_thread(void *argp)
{
    struct exchange_arg *arg = argp;
    uint64_t seed = 0x2545f4914f6cdd1dull * (unsigned)(arg->id + 7);

    for (int step = 0; step < arg->steps; step++) {
        if (step == 1 && arg->all_alive)
            pthread_barrier_wait(arg->all_alive);
        uint64_t r = next_rand(&seed);
        size_t size = 16 + (size_t)(r >> 20) % 600;
        /* The size rides in the block's first word so the freeing thread knows it. */
        size_t *p = kmalloc(size);
        if (!p) {
            fail("exchange: kmalloc returned NULL", NULL);
            continue;
        }
        fill(p + 1, size - sizeof(size_t));
        p[0] = size;
        size_t *old = __atomic_exchange_n(&table[r % TABLE], p, __ATOMIC_ACQ_REL);
        if (old) {
            if (!intact(old + 1, old[0] - sizeof(size_t)))
                fail("exchange: block changed while shared", old);
            kfree(old);
        }
    }
    return NULL;
}

static void drain_table(void)
{
    for (int i = 0; i < TABLE; i++) {
        size_t *p = __atomic_exchange_n(&table[i], NULL, __ATOMIC_ACQ_REL);
        if (p) {
            if (!intact(p + 1, p[0] - sizeof(size_t)))
                fail("exchange: block changed while shared", p);
            kfree(p);
        }
    }
}

static int run_exchange(int nthreads, int steps)
{
    pthread_t t[128];
    struct exchange_arg args[128];
    pthread_barrier_t all_alive;
    pthread_barrier_init(&all_alive, NULL, (unsigned)nthreads);
    for (int i = 0; i < nthreads; i++) {
        args[i] = (struct exchange_arg){i, steps, &all_alive};
        if (pthread_create(&t[i], NULL, exchange_thread, &args[i])) {
            fail("pthread_create failed", NULL);
            nthreads = i;
            break;
        }
    }
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&all_alive);
    drain_table();
    return 0;
}

static int test_exchange(void)
{
    return run_exchange(8, 40000);
}

static void *short_thread(void *arg)
{
    void *p[64];
    (void)arg;
    for (int i = 0; i < 64; i++) {
        p[i] = kmalloc(32 + (size_t)i * 8);
        fill(p[i], 32);
    }
    for (int i = 0; i < 64; i++) {
        if (!intact(p[i], 32))
            fail("short thread: block changed", p[i]);
        kfree(p[i]);
    }
    return NULL;
}

static int test_many_threads(void)
{
    run_exchange(80, 2000);
    for (int i = 0; i < 200; i++) {
        pthread_t t;
        pthread_create(&t, NULL, short_thread, NULL);
        pthread_join(t, NULL);
    }
    return 0;
}

/* ---- held: blocks waiting in the freeing thread's batch ------------------------------------ */

#define HELD_BLOCKS 4   /* fewer than REMOTE_BATCH_BLOCKS: the batch keeps them until exit */

/* What held_run adds: a second kfree of a held block by the freeing thread or by the owner, or
 * (AGAIN_WRITE) a write into one after the thread exited, before the owner collects it. */
enum held_again { AGAIN_NONE, AGAIN_FREER, AGAIN_OWNER, AGAIN_WRITE };

struct held {
    void *blocks[HELD_BLOCKS];
    enum held_again again;
    pthread_barrier_t freed, checked;
};

static void *held_thread(void *arg)
{
    struct held *h = arg;
    for (int i = 0; i < HELD_BLOCKS; i++)
        kfree(h->blocks[i]);
    if (h->again == AGAIN_FREER)
        kfree(h->blocks[1]);   /* reported: the block is in this thread's batch */
    pthread_barrier_wait(&h->freed);
    pthread_barrier_wait(&h->checked);
    return NULL;   /* exit: the batch goes to the owner's page */
}

/* Blocks handed out (nallocs - nfrees), and those of the 48-byte class. */
static void live_blocks(uint64_t *all, size_t *class48)
{
    struct heap_stats s;
    heap_get_stats(&s);
    *all = s.nallocs - s.nfrees;
    *class48 = 0;
    for (unsigned c = 0; c < HEAP_NCLASSES; c++)
        if (s.classes[c].size == 48)
            *class48 = s.classes[c].in_use;
}

static void held_check(const char *what, size_t base, uint64_t base_all, size_t base48)
{
    uint64_t all;
    size_t class48;
    live_blocks(&all, &class48);
    if (in_use() != base || all != base_all || class48 != base48) {
        fprintf(stderr, "    # %s: bytes in use %zu (baseline %zu), blocks %llu (%llu), "
                "48-byte blocks %zu (%zu)\n", what, in_use(), base,
                (unsigned long long)all, (unsigned long long)base_all, class48, base48);
        fail(what, NULL);
    }
}

/* Main allocates, a thread frees; `again` adds a second free of one block while it is held. */
static void held_run(enum held_again again)
{
    struct held h = {.again = again};
    size_t base = in_use(), base48;
    uint64_t base_all;
    pthread_t t;

    live_blocks(&base_all, &base48);

    for (int i = 0; i < HELD_BLOCKS; i++)
        h.blocks[i] = kmalloc(48);
    pthread_barrier_init(&h.freed, NULL, 2);
    pthread_barrier_init(&h.checked, NULL, 2);
    pthread_create(&t, NULL, held_thread, &h);
    pthread_barrier_wait(&h.freed);
    held_check("held: blocks waiting in a batch do not count as free", base, base_all, base48);
    if (again == AGAIN_OWNER)
        kfree(h.blocks[2]);    /* reported: the block is in the other thread's batch */
    pthread_barrier_wait(&h.checked);
    pthread_join(t, NULL);
    /* The batch went to the page's thread_free list at the exit; nothing has collected it. */
    held_check("held: blocks on a thread_free list do not count as free", base, base_all, base48);
    if (again == AGAIN_WRITE) {
        /* A write after free into the block's second word, then allocations of the class
         * until the owner's page runs dry and it collects the blocks: reported there. */
        ((volatile uintptr_t *)h.blocks[3])[1] = 0x1234;
        for (int i = 0; i < 100000; i++)
            if (!kmalloc(48))
                break;
    }
    pthread_barrier_destroy(&h.freed);
    pthread_barrier_destroy(&h.checked);
}

/* Run held_run(again) in a child and check that it died of the heap's double-free report. */
static void held_expect_report(enum held_again again, const char *who)
{
    int fds[2];
    char text[4096];
    size_t len = 0;
    ssize_t n;
    int status;

    if (pipe(fds) != 0) {
        fail("held: pipe", NULL);
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        held_run(again);
        _exit(0);   /* not reached when the heap reports */
    }
    close(fds[1]);
    while (len < sizeof text - 1 && (n = read(fds[0], text + len, sizeof text - 1 - len)) > 0)
        len += (size_t)n;
    text[len] = 0;
    close(fds[0]);
    waitpid(pid, &status, 0);
    /* Both frees named: the first by the freeing thread's slot (recorded in the block when it
     * joined the batch), the second by the slot of the thread that freed it again. A write
     * after the free is found by the owner's collection (the write destroyed the record of who
     * freed it). */
    unsigned first = 0, owner = 0, second = 0;
    const char *named = strstr(text, "freed on thread slot ");
    bool ok;
    const char *collected = strstr(text, "found bad when its owner thread slot ");
    if (again == AGAIN_WRITE)   /* the write destroyed the record naming the freer */
        ok = collected && sscanf(collected, "found bad when its owner thread slot %u", &owner) == 1 &&
             strstr(text, "size class 3, 48 bytes") && strstr(text, "written after its free");
    else
        ok = named && sscanf(named, "freed on thread slot %u, not yet collected by its owner "
                             "thread slot %u, and again on thread slot %u", &first, &owner,
                             &second) == 3 &&
             first != owner && second == (again == AGAIN_OWNER ? owner : first) &&
             strstr(text, "double free of") && strstr(text, "size class 3, 48 bytes") &&
             strstr(text, "(caller ");
    if (!WIFSIGNALED(status) || !ok) {
        fprintf(stderr, "    # second kfree by the %s: child status %d, output: %s\n", who, status,
                text);
        fail(again == AGAIN_WRITE ? "held: write after a remote free not reported"
                                  : "held: double free of a block in a batch not reported", NULL);
    }
}

static int test_held(void)
{
    held_run(AGAIN_NONE);
    held_expect_report(AGAIN_FREER, "freeing thread");
    held_expect_report(AGAIN_OWNER, "owner");
    held_expect_report(AGAIN_WRITE, "owner's collection");
    return 0;
}

/* ---- full pages: remote frees into pages their owner set aside ----------------------------- */

/*
 * The owner fills pages of one class (its refills mark them full and go on to new ones), another
 * thread frees every block and exits, which pushes its batches: onto the pages' thread_free
 * lists, and each full page, once, onto the owner's delayed list (mm/heap_remote.c). The
 * owner's next allocations of the class must get those blocks back (heap_drain_delayed returns
 * the pages to the class queue), not carve new pages; then everything is freed again.
 */
#define FULL_BLOCKS 600
#define FULL_SIZE   1536           /* 42 blocks a 64 KiB page: about 15 pages */

static void *full_free_thread(void *arg)
{
    void **blocks = arg;
    for (int i = 0; i < FULL_BLOCKS; i++) {
        if (!intact(blocks[i], FULL_SIZE))
            fail("full pages: block changed before the other thread freed it", blocks[i]);
        kfree(blocks[i]);
    }
    return NULL;
}

static int test_full_pages(void)
{
    static void *first[FULL_BLOCKS], *again[FULL_BLOCKS];
    pthread_t t;
    int reused = 0;

    for (int i = 0; i < FULL_BLOCKS; i++) {
        first[i] = kmalloc(FULL_SIZE);
        fill(first[i], FULL_SIZE);
    }
    pthread_create(&t, NULL, full_free_thread, first);
    pthread_join(t, NULL);
    for (int i = 0; i < FULL_BLOCKS; i++) {
        again[i] = kmalloc(FULL_SIZE);
        fill(again[i], FULL_SIZE);
        for (int j = 0; j < FULL_BLOCKS; j++)
            if (again[i] == first[j]) {
                reused++;
                break;
            }
    }
    /* All but what other pages of the class had free before (at most a few pages' worth). */
    if (reused < FULL_BLOCKS / 2) {
        fprintf(stderr, "    # %d of %d blocks reused\n", reused, FULL_BLOCKS);
        fail("full pages: blocks another thread freed into full pages did not come back", NULL);
    }
    for (int i = 0; i < FULL_BLOCKS; i++) {
        if (!intact(again[i], FULL_SIZE))
            fail("full pages: block changed while allocated", again[i]);
        kfree(again[i]);
    }
    return 0;
}

int main(void)
{
    static const struct {
        const char *name;
        int (*fn)(void);
    } tests[] = {
        {"heap_tsan.handoff", test_handoff},
        {"heap_tsan.exchange", test_exchange},
        {"heap_tsan.many_threads", test_many_threads},
        {"heap_tsan.held", test_held},
        {"heap_tsan.full_pages", test_full_pages},
    };
    int n = (int)(sizeof tests / sizeof tests[0]), passed = 0, failed = 0;

    printf("KTAP version 1\n1..%d\n", n);
    for (int i = 0; i < n; i++) {
        size_t base = in_use();
        int before = failures;
        tests[i].fn();
        size_t after = in_use();
        if (after != base) {
            fprintf(stderr, "    # bytes_in_use %zu, expected %zu\n", after, base);
            failures++;
        }
        if (failures == before) {
            passed++;
            printf("ok %d %s\n", i + 1, tests[i].name);
        } else {
            failed++;
            printf("not ok %d %s\n", i + 1, tests[i].name);
        }
        fflush(stdout);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
