/*
 * tools/bench/bench_malloc.c - one allocator workload per run, for tools/bench-malloc, which runs
 * this same binary with each allocator preloaded in turn (LD_PRELOAD) and compares medians.
 *
 *   bench-malloc WORKLOAD [SCALE]     prints "WORKLOAD ns_per_op peak_rss_kib ops"
 *
 * Workloads (the list; SCALE multiplies the step counts, default 1):
 *   lifo     10M malloc+free of random sizes 8..512, each freed at once     (ns per pair)
 *   random   10,000 live slots: free a random one, allocate 8..512 into it, 10M steps (ns per step)
 *   larson   2 threads, each replacing blocks in its own 1,000-slot working set and handing
 *            batches of 64 blocks to the other thread to free                (ns per malloc, per thread)
 *   realloc  100k buffers grown from 16 B to 64 KiB by doubling               (ns per realloc)
 *   rss      200,000 live slots of random sizes 8..512 replaced 2M times: the peak RSS figure
 *   xmalloc  2 threads: a producer allocates blocks of 8..512 and passes them through a queue
 *            to a consumer that frees every one (each free a cross-thread free; xmalloc-test
 *            and rptest's pattern)                                           (ns per block)
 *   simple   one thread, 100 blocks of 64 bytes allocated then freed, repeated (glibc's
 *            bench-malloc-simple)                                            (ns per malloc+free)
 *   large    20 live buffers of 5..25 MiB, one replaced at random 2,000 times, a byte written in
 *            every 4 KiB page of each new one (as a program filling it would): whether freed
 *            runs are reused or go back to the system and fault in again (ns per replacement)
 * Every block gets a byte written so no compiler can drop a malloc/free pair, and sizes come
 * from a precomputed table so the random generator costs next to nothing.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SIZE_TABLE 65536

static size_t sizes[SIZE_TABLE];
static double scale = 1.0;
static long ops_done;   /* the operations the ns/op figure divides by (tools/bench-malloc --count) */

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void init_sizes(void)
{
    uint64_t s = 0x853c49e6748fea9bull;
    for (int i = 0; i < SIZE_TABLE; i++)
        sizes[i] = 8 + xorshift(&s) % 505;   /* 8..512 */
}

static inline void touch(void *p)
{
    *(volatile char *)p = 1;
}

static long steps(long n)
{
    return (long)(n * scale);
}

static double bench_lifo(void)
{
    long n = steps(10000000);
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        void *p = malloc(sizes[i & (SIZE_TABLE - 1)]);
        touch(p);
        free(p);
    }
    ops_done = n;
    return (double)(now_ns() - t0) / (double)n;
}

static double random_slots(long nslots, long nsteps)
{
    void **slot = calloc((size_t)nslots, sizeof *slot);
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (long i = 0; i < nslots; i++) {
        slot[i] = malloc(sizes[i & (SIZE_TABLE - 1)]);
        touch(slot[i]);
    }
    uint64_t t0 = now_ns();
    for (long i = 0; i < nsteps; i++) {
        long k = (long)(xorshift(&s) % (uint64_t)nslots);
        free(slot[k]);
        slot[k] = malloc(sizes[i & (SIZE_TABLE - 1)]);
        touch(slot[k]);
    }
    double ns = (double)(now_ns() - t0) / (double)nsteps;
    ops_done = nsteps;
    for (long i = 0; i < nslots; i++)
        free(slot[i]);
    free(slot);
    return ns;
}

static double bench_random(void)
{
    return random_slots(10000, steps(10000000));
}

static double bench_rss(void)
{
    return random_slots(200000, steps(2000000));
}

static double bench_realloc(void)
{
    long n = steps(100000), ops = 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        char *p = malloc(16);
        touch(p);
        for (size_t size = 32; size <= 65536; size *= 2) {
            p = realloc(p, size);
            p[size - 1] = 1;
            ops++;
        }
        free(p);
    }
    ops_done = ops;
    return (double)(now_ns() - t0) / (double)ops;
}

/* ---- larson-like ------------------------------------------------------------------------------ */

#define LARSON_SLOTS 1000
#define LARSON_BATCH 64
/* Deep enough that a thread rarely waits for the other; when it must (the other was descheduled
 * on a busy machine), it yields instead of spinning through its time slice. */
#define RING 1024

struct ring {
    void **batch[RING];
    unsigned head, tail;   /* head: producer (the other thread), tail: consumer */
};

struct larson_thread {
    struct ring *in, *out;
    long steps;
    long mallocs;
    uint64_t seed;
    pthread_barrier_t *start;
    int *done;
    int cpu;               /* host CPU the thread is pinned to, or -1 */
};

static void drain(struct ring *r)
{
    unsigned tail = r->tail;
    while (tail != __atomic_load_n(&r->head, __ATOMIC_ACQUIRE)) {
        void **batch = r->batch[tail % RING];
        for (int i = 0; i < LARSON_BATCH; i++)
            free(batch[i]);
        free(batch);
        tail++;
        __atomic_store_n(&r->tail, tail, __ATOMIC_RELEASE);
    }
}

static void *larson_run(void *argp)
{
    struct larson_thread *a = argp;
    void *slot[LARSON_SLOTS];
    long mallocs = 0;

    if (a->cpu >= 0) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(a->cpu, &one);
        pthread_setaffinity_np(pthread_self(), sizeof one, &one);   /* best effort */
    }
    for (int i = 0; i < LARSON_SLOTS; i++) {
        slot[i] = malloc(sizes[(a->seed + (uint64_t)i) & (SIZE_TABLE - 1)]);
        touch(slot[i]);
    }
    pthread_barrier_wait(a->start);
    for (long step = 0; step < a->steps; step++) {
        uint64_t r = xorshift(&a->seed);
        long k = (long)(r % LARSON_SLOTS);
        free(slot[k]);
        slot[k] = malloc(sizes[(r >> 20) & (SIZE_TABLE - 1)]);
        touch(slot[k]);
        mallocs++;
        if (step % LARSON_BATCH == LARSON_BATCH - 1) {
            /* hand a batch of blocks from the working set to the other thread */
            void **batch = malloc(LARSON_BATCH * sizeof *batch);
            mallocs++;
            for (int i = 0; i < LARSON_BATCH; i++) {
                long j = (long)(xorshift(&a->seed) % LARSON_SLOTS);
                batch[i] = slot[j];
                slot[j] = malloc(sizes[(r + (uint64_t)i) & (SIZE_TABLE - 1)]);
                touch(slot[j]);
                mallocs++;
            }
            while (a->out->head - __atomic_load_n(&a->out->tail, __ATOMIC_ACQUIRE) >= RING) {
                drain(a->in);   /* the other side is behind: free ours meanwhile */
                sched_yield();
            }
            a->out->batch[a->out->head % RING] = batch;
            __atomic_store_n(&a->out->head, a->out->head + 1, __ATOMIC_RELEASE);
            drain(a->in);
        }
    }
    /* Keep freeing what arrives until both are done handing over (the other may be waiting
     * for room in its ring, which only we empty). */
    __atomic_add_fetch(a->done, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(a->done, __ATOMIC_ACQUIRE) < 2) {
        drain(a->in);
        sched_yield();
    }
    pthread_barrier_wait(a->start);
    drain(a->in);
    for (int i = 0; i < LARSON_SLOTS; i++)
        free(slot[i]);
    a->mallocs = mallocs;
    return NULL;
}

static double bench_larson(void)
{
    static struct ring rings[2];
    pthread_barrier_t start;
    pthread_t t[2];
    struct larson_thread arg[2];
    long per_thread = steps(5000000);
    int done = 0, cpus[2] = {-1, -1}, n = 0;
    cpu_set_t allowed;

    /* One thread per host CPU when there are two: the figure is then the allocators' cross-CPU
     * cost, not how the host scheduler happened to place the threads (unpinned, the same
     * allocator's median moved between 13 and 28 ns/op from one run of the tool to the next). */
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0)
        for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
            if (CPU_ISSET(c, &allowed))
                cpus[n++] = c;
    if (n < 2)
        cpus[0] = cpus[1] = -1;
    pthread_barrier_init(&start, NULL, 3);
    for (int i = 0; i < 2; i++) {
        arg[i] = (struct larson_thread){&rings[i], &rings[1 - i], per_thread, 0,
                                        0x1234567ull * (uint64_t)(i + 1), &start, &done, cpus[i]};
        pthread_create(&t[i], NULL, larson_run, &arg[i]);
    }
    pthread_barrier_wait(&start);
    uint64_t t0 = now_ns();
    pthread_barrier_wait(&start);
    uint64_t t1 = now_ns();
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    ops_done = arg[0].mallocs + arg[1].mallocs;
    return (double)(t1 - t0) * 2 / (double)ops_done;
}

/* ---- producer/consumer: every block freed by the other thread ---------------------------------- */

#define XM_QUEUE 4096

static struct {
    void *slot[XM_QUEUE];
    unsigned head, tail;   /* head: producer, tail: consumer (atomic) */
    long n;
} xm;

static void *xmalloc_consumer(void *arg)
{
    (void)arg;
    for (long done = 0; done < xm.n; done++) {
        unsigned t = xm.tail;
        while (__atomic_load_n(&xm.head, __ATOMIC_ACQUIRE) == t)
            sched_yield();
        free(xm.slot[t % XM_QUEUE]);
        __atomic_store_n(&xm.tail, t + 1, __ATOMIC_RELEASE);
    }
    return NULL;
}

static double bench_xmalloc(void)
{
    pthread_t consumer;
    xm.n = steps(4000000);
    uint64_t t0 = now_ns();
    pthread_create(&consumer, NULL, xmalloc_consumer, NULL);
    for (long i = 0; i < xm.n; i++) {
        unsigned h = xm.head;
        while (h - __atomic_load_n(&xm.tail, __ATOMIC_ACQUIRE) >= XM_QUEUE)
            sched_yield();
        void *p = malloc(sizes[i % SIZE_TABLE]);
        touch(p);
        xm.slot[h % XM_QUEUE] = p;
        __atomic_store_n(&xm.head, h + 1, __ATOMIC_RELEASE);
    }
    pthread_join(consumer, NULL);
    uint64_t t1 = now_ns();
    ops_done = xm.n;
    return (double)(t1 - t0) / (double)xm.n;
}

/* ---- bench-malloc-simple-like ------------------------------------------------------------------ */

static double bench_simple(void)
{
    void *blocks[100];
    long rounds = steps(100000);
    uint64_t t0 = now_ns();
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < 100; i++) {
            blocks[i] = malloc(64);
            touch(blocks[i]);
        }
        for (int i = 0; i < 100; i++)
            free(blocks[i]);
    }
    uint64_t t1 = now_ns();
    ops_done = rounds * 100;
    return (double)(t1 - t0) / (double)ops_done;
}

#define LARGE_BUFFERS 20
#define LARGE_MIN     ((size_t)5 << 20)
#define LARGE_SPAN    ((size_t)20 << 20)

static double bench_large(void)
{
    static char *buf[LARGE_BUFFERS];
    uint64_t rng = 0x2545f4914f6cdd1dull;
    long n = steps(2000);

    uint64_t t0 = now_ns();
    for (long i = 0; i < n; i++) {
        unsigned slot = (unsigned)(xorshift(&rng) % LARGE_BUFFERS);
        size_t size = LARGE_MIN + (size_t)(xorshift(&rng) % LARGE_SPAN);
        free(buf[slot]);
        buf[slot] = malloc(size);
        if (!buf[slot])
            abort();
        for (size_t off = 0; off < size; off += 4096)
            buf[slot][off] = (char)off;
    }
    uint64_t t1 = now_ns();
    for (unsigned i = 0; i < LARGE_BUFFERS; i++) {
        free(buf[i]);
        buf[i] = NULL;
    }
    ops_done = n;
    return (double)(t1 - t0) / (double)n;
}

/* VmHWM, not getrusage's ru_maxrss: that one survives execve, so it would report the peak of
 * whatever process forked us if that was larger. */
static long peak_rss_kib(void)
{
    char line[256];
    long kib = -1;
    FILE *f = fopen("/proc/self/status", "r");
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        double (*fn)(void);
    } workloads[] = {
        {"lifo", bench_lifo},       {"random", bench_random}, {"larson", bench_larson},
        {"realloc", bench_realloc}, {"rss", bench_rss},       {"large", bench_large},
        {"xmalloc", bench_xmalloc}, {"simple", bench_simple},
    };
    if (argc < 2) {
        fprintf(stderr, "usage: %s lifo|random|larson|realloc|rss|large|xmalloc|simple [scale]\n", argv[0]);
        return 2;
    }
    if (argc > 2)
        scale = atof(argv[2]);
    init_sizes();
    for (unsigned i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
        if (strcmp(argv[1], workloads[i].name) == 0) {
            double ns = workloads[i].fn();
            printf("%s %.2f %ld %ld\n", argv[1], ns, peak_rss_kib(), ops_done);
            return 0;
        }
    }
    fprintf(stderr, "unknown workload %s\n", argv[1]);
    return 2;
}
