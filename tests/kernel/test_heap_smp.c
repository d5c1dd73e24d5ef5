/*
 * tests/kernel/test_heap_smp.c - the heap with every CPU allocating and cross-freeing at once.
 *
 * One thread per online CPU. In each round every thread allocates a batch of blocks of mixed
 * sizes, fills them with a pattern derived from their address, and posts the batch to the next
 * CPU in a ring; then it takes the previous CPU's batch, checks every block's pattern and frees
 * it. So every free (with two or more CPUs) is a cross-CPU free onto a page another CPU owns
 * (mm/malloc.c's thread_free and delayed lists), racing that owner's own allocations from the
 * same pages. A block handed out twice, or a remote free lost or applied twice, shows up as a
 * pattern mismatch, a nallocs/nfrees count off, or bytes_in_use not back at its baseline.
 *
 * With one CPU the ring has one member and the test checks the local paths only. Kernel only
 * (it needs kernel/sched/thread.h), so it lives here rather than in tests/mm/.
 */
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "mm/heap.h"   /* a heap's count of batched remote frees */
#include "mm/malloc.h"
#include "tests/ktest.h"

#define XFREE_ROUNDS    60
#define XFREE_BATCH     48
#define XFREE_MAX_BYTES 3000    /* spans small and medium classes */

struct xfree_ring {
    unsigned ncpus;
    void *batch[SMP_MAX_CPUS][XFREE_BATCH];
    unsigned posted[SMP_MAX_CPUS];   /* last round CPU i posted its batch for (atomic) */
    unsigned taken[SMP_MAX_CPUS];    /* last round CPU i's batch was taken by the next CPU */
    unsigned bad_blocks;             /* pattern mismatches seen (atomic) */
    unsigned nomem;                  /* allocations that returned NULL (atomic) */
};

struct xfree_worker {
    struct xfree_ring *ring;
    unsigned cpu;
};

static uint8_t xfree_byte(const void *p, size_t i)
{
    return (uint8_t)(((uintptr_t)p >> 4) * 167 + i * 13 + 3);
}

/* Wait until *word reaches want. Acquire pairs with the release stores in xfree_run. Yields,
 * so a worker sharing its CPU with the test's own thread lets it run. */
static void xfree_wait(const unsigned *word, unsigned want)
{
    while (__atomic_load_n(word, __ATOMIC_ACQUIRE) < want)
        thread_yield();
}

static void xfree_run(void *arg)
{
    struct xfree_worker *w = arg;
    struct xfree_ring *ring = w->ring;
    unsigned me = w->cpu, prev = (me + ring->ncpus - 1) % ring->ncpus;
    uint64_t rng = 0x9e3779b97f4a7c15ull * (me + 1);

    for (unsigned round = 1; round <= XFREE_ROUNDS; round++) {
        xfree_wait(&ring->taken[me], round - 1);   /* the next CPU is done with our last batch */
        for (unsigned k = 0; k < XFREE_BATCH; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t size = 8 + (size_t)(rng % XFREE_MAX_BYTES);
            uint8_t *p = kmalloc(size);
            if (!p) {
                __atomic_fetch_add(&ring->nomem, 1, __ATOMIC_RELAXED);
                ring->batch[me][k] = NULL;
                continue;
            }
            *(size_t *)p = size;
            for (size_t i = sizeof(size_t); i < size; i++)
                p[i] = xfree_byte(p, i);
            ring->batch[me][k] = p;
        }
        /* Release: the next CPU sees the batch and the blocks' contents. */
        __atomic_store_n(&ring->posted[me], round, __ATOMIC_RELEASE);

        xfree_wait(&ring->posted[prev], round);
        for (unsigned k = 0; k < XFREE_BATCH; k++) {
            uint8_t *p = ring->batch[prev][k];
            if (!p)
                continue;
            size_t size = *(size_t *)p;
            bool ok = size >= 8 && size < 8 + XFREE_MAX_BYTES;
            for (size_t i = sizeof(size_t); ok && i < size; i++)
                ok = p[i] == xfree_byte(p, i);
            if (!ok)
                __atomic_fetch_add(&ring->bad_blocks, 1, __ATOMIC_RELAXED);
            kfree(p);
        }
        /* Release: our reads of prev's batch are done before prev overwrites it. */
        __atomic_store_n(&ring->taken[prev], round, __ATOMIC_RELEASE);
    }
}

TEST(heap_smp, all_cpus_allocate_and_cross_free)
{
    static struct xfree_ring ring;
    struct xfree_worker workers[SMP_MAX_CPUS];
    struct thread *threads[SMP_MAX_CPUS];
    struct heap_stats before, after;
    unsigned n = percpu_online();

    memset(&ring, 0, sizeof ring);
    ring.ncpus = n;
    heap_get_stats(&before);
    for (unsigned i = 0; i < n; i++) {
        workers[i] = (struct xfree_worker){.ring = &ring, .cpu = i};
        threads[i] = thread_create("heap-xfree", i, xfree_run, &workers[i]);
        ASSERT_TRUE(threads[i] != NULL);
    }
    for (unsigned i = 0; i < n; i++)
        thread_join(threads[i]);
    heap_get_stats(&after);

    ktest_note("%u CPUs, %u rounds of %u blocks each", n, XFREE_ROUNDS, XFREE_BATCH);
    EXPECT_EQ(ring.nomem, 0);
    EXPECT_EQ(ring.bad_blocks, 0);
    /* Every block allocated was freed exactly once, whichever CPU freed it. The joins order the
     * workers' counter updates before these reads. */
    EXPECT_EQ(after.nallocs - before.nallocs, after.nfrees - before.nfrees);
    EXPECT_GE(after.nallocs - before.nallocs, (uint64_t)n * XFREE_ROUNDS * XFREE_BATCH);
    EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
}

/*
 * A CPU batches its frees of blocks whose pages another CPU owns (mm/heap_remote.c) and pushes
 * a batch when it fills or at its next refill. A CPU that frees and then goes idle must push
 * what it holds before it sleeps (heap_cpu_idle from the idle loop), or those blocks, and the
 * pages they pin, stay out of their owner's reach for as long as it idles.
 */
#define IDLE_FLUSH_BLOCKS 8          /* fewer than a batch (REMOTE_BATCH_BLOCKS): held, not pushed */

struct idle_free {
    void *blocks[IDLE_FLUSH_BLOCKS];
    uint32_t held_after_frees;      /* CPU 1's batch, read by CPU 1 before it goes idle */
};

static void free_blocks(void *arg)
{
    struct idle_free *f = arg;
    for (unsigned i = 0; i < IDLE_FLUSH_BLOCKS; i++)
        kfree(f->blocks[i]);
    f->held_after_frees = heap_state.heaps[platform_cpu_id()].remote_held;
}

TEST(heap_smp, idle_cpu_hands_back_batched_frees)
{
    static struct idle_free f;
    struct heap_stats before, after;

    if (percpu_online() < 2)
        ktest_skip("needs two CPUs");
    heap_get_stats(&before);
    for (unsigned i = 0; i < IDLE_FLUSH_BLOCKS; i++) {
        f.blocks[i] = kmalloc(64);           /* on this CPU, so CPU 1's frees are remote */
        ASSERT_NOT_NULL(f.blocks[i]);
    }
    f.held_after_frees = 0;
    struct thread *t = thread_create("heap-idle-free", 1, free_blocks, &f);
    ASSERT_TRUE(t != NULL);
    thread_join(t);
    /* The frees were batched, not pushed: otherwise what follows would pass with no idle flush. */
    EXPECT_EQ(f.held_after_frees, IDLE_FLUSH_BLOCKS);
    /* CPU 1 now runs its idle loop; give it up to 100 ms to get there. */
    const uint32_t *held = &heap_state.heaps[1].remote_held;
    for (unsigned waited = 0; __atomic_load_n(held, __ATOMIC_RELAXED) && waited < 1000; waited++)
        thread_sleep_us(100);
    EXPECT_EQ(__atomic_load_n(held, __ATOMIC_RELAXED), 0);
    heap_get_stats(&after);
    EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
}

/*
 * Memory runs out on one CPU while another idles with an empty page kept as its class's current
 * page (the hysteresis that spares a class taking and releasing a page per block). The idle CPU
 * would never reach a refill to notice the shortage, so the CPU that ran out wakes it
 * (platform_memory_short) and waits a bounded time for it to give back (heap_pages_get).
 */
#define GIVE_BACK_SIZE 64

static void alloc_and_free(void *arg)
{
    (void)arg;
    kfree(kmalloc(GIVE_BACK_SIZE));
}

TEST(heap_smp, idle_cpu_gives_back_when_memory_runs_out)
{
    struct heap_stats s;
    struct heap *other = &heap_state.heaps[1];
    unsigned qid;

    if (percpu_online() < 2)
        ktest_skip("needs two CPUs");
    if (heap_state.debug)
        ktest_skip("debug mode uses other queues");
    struct thread *t = thread_create("heap-keep-page", 1, alloc_and_free, NULL);
    ASSERT_TRUE(t != NULL);
    thread_join(t);
    qid = heap_state.small_class[(GIVE_BACK_SIZE + 15) >> 4];   /* the heap is set up now */
    /* CPU 1 idles now, keeping that class's page as its current one. */
    ASSERT_TRUE(__atomic_load_n(&other->q[qid].direct, __ATOMIC_RELAXED) != &heap_empty_page);
    heap_trim();
    heap_get_stats(&s);
    heap_set_page_limit(s.bytes_mapped);          /* the next page request fails */
    void *p = kmalloc((size_t)1 << 20);           /* a run of its own: a page request */
    heap_set_page_limit(0);
    kfree(p);                                     /* NULL, or a run CPU 1's give-back made room for */
    EXPECT_EQ(__atomic_load_n(&other->short_seen, __ATOMIC_ACQUIRE),
              __atomic_load_n(&heap_state.short_epoch, __ATOMIC_RELAXED));
    EXPECT_TRUE(__atomic_load_n(&other->q[qid].direct, __ATOMIC_RELAXED) == &heap_empty_page);
}
