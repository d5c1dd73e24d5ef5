/*
 * tests/kernel/harness/soak.c - the soak run's phases, its final checks and its report (see
 * soak.h).
 *
 * A phase: note the heap's bytes in use; set up the interpreter(s) (a full collection, the census
 * and statistics before, the anchors); start one worker thread per CPU; let them run until the
 * phase's deadline (polling for Ctrl-C); stop and join them; free what the cross-CPU mailboxes
 * hold; then, in each interpreter with its GIL held, drop everything the workers kept, collect,
 * and record what the checks compare: anchor counts, weakrefs still alive, the census after the
 * anchors are gone too. The shared interpreter is finished by this (the coordinating) thread;
 * a per-core interpreter by its own worker on its own CPU, which then frees it. Only after every
 * thread is joined is the heap compared with its baseline: heap_get_stats is exact then.
 *
 * All state is in `soak`; one soak runs at a time (the console runs one command at a time, and
 * the boot option runs before the console).
 */
#include "tests/kernel/harness/soak.h"
#include "gc/interp.h"
#include "kernel/sched/kinterp.h"
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "mm/malloc.h"

#define SOAK_POLL_US        10000   /* how often the coordinator looks at the clock and Ctrl-C */
#define SOAK_PROGRESS_S     10      /* a progress line this often */
#define SOAK_PHASE_MS_MIN   500
#define SOAK_THRESHOLD0_MIN 100     /* per-core interpreters draw threshold 0 from this range */
#define SOAK_THRESHOLD0_MAX 1000
/* A worker's blocks may take at most 1/SOAK_MEMORY_SHARE_DIV of its share of the free memory,
 * so a soak on a small machine (MEM=32M) does not run out just by the luck of its sizes. */
#define SOAK_MEMORY_SHARE_DIV 4
#define SOAK_BLOCK_BYTES_MIN 4096

enum { PHASE_SHARED, PHASE_CORE, PHASE_COUNT };
static const char *const phase_names[PHASE_COUNT] = {"shared", "per-core"};
static const char *const op_names[SOAK_OP_COUNT] = {
    "churn", "remote", "cycle", "dict", "weakref", "final", "drop", "collect", "io",
};

struct soak_phase {
    struct soak_worker w[SMP_MAX_CPUS];
    struct soak_interp shared, core[SMP_MAX_CPUS];
    size_t heap_before, heap_after;
    uint64_t start_tsc, end_tsc;
    bool ran;
};

static struct {
    volatile bool stop;
    unsigned ncpus;
    uint64_t seed;
    size_t block_bytes_max;
    struct soak_phase phase[PHASE_COUNT];
    struct soak_phase *running;
    unsigned checks, failed;
    char first_failure[96];
} soak;

struct soak_worker *soak_worker_of(unsigned index)
{
    return &soak.running->w[index];
}

static size_t heap_in_use(void)
{
    struct heap_stats hs;
    heap_get_stats(&hs);
    return hs.bytes_in_use;
}

static void census_total(long *objects, long *bytes)
{
    struct gc_census_row rows[TYPE_KIND_COUNT];
    size_t n = gc_object_census(rows, TYPE_KIND_COUNT);
    *objects = *bytes = 0;
    for (size_t i = 0; i < n; i++) {
        *objects += rows[i].objects;
        *bytes += rows[i].bytes;
    }
}

/* (GIL held, si->gc current) Collect, note the figures before, make the anchors. */
static void interp_begin(struct soak_interp *si)
{
    gc_collect(GC_NUM_GENERATIONS - 1);
    census_total(&si->census_objects, &si->census_bytes);
    gc_get_stats(si->stats_before);
    si->switches_before = si->gil->switch_number;
    si->setup_ok = soak_interp_setup(si);
}

/* (GIL held, si->gc current, the workers of si stopped) Drop everything, collect, record. */
static void interp_finish(struct soak_interp *si, struct soak_worker *ws, unsigned n)
{
    struct gc_stats after[GC_NUM_GENERATIONS];

    for (unsigned i = 0; i < n; i++)
        for (unsigned s = 0; s < SOAK_SLOTS; s++)
            CLEAR_REF(ws[i].slots[s]);
    gc_collect(GC_NUM_GENERATIONS - 1);
    /* Finalizers in that collection may have resurrected their objects; the second time these
     * die they are not finalized again, so one more round frees them for good. */
    if (si->resurrected) {
        list_clear(si->resurrected);
        gc_collect(GC_NUM_GENERATIONS - 1);
    }
    /* Every target is dead now, so every callback due has run. */
    si->weakrefs_alive = 0;
    for (unsigned i = 0; i < n; i++) {
        for (unsigned r = 0; r < SOAK_WEAKREFS; r++) {
            if (ws[i].weakrefs[r] && weakref_get(ws[i].weakrefs[r]))
                si->weakrefs_alive++;
            CLEAR_REF(ws[i].weakrefs[r]);
        }
    }
    gc_get_stats(after);
    si->collected = 0;
    for (int g = 0; g < GC_NUM_GENERATIONS; g++) {
        si->collections[g] = after[g].collections - si->stats_before[g].collections;
        si->collected += after[g].collected - si->stats_before[g].collected;
    }
    si->gil_switches = si->gil->switch_number - si->switches_before;
    for (unsigned a = 0; a < SOAK_ANCHORS; a++) {
        si->anchor_refs_after[a] = si->anchors[a] ? refcount(si->anchors[a]) : 0;
        CLEAR_REF(si->anchors[a]);
    }
    CLEAR_REF(si->resurrected);
    if (si->plain)
        decref(class_as_object(si->plain));
    if (si->finalizable)
        decref(class_as_object(si->finalizable));
    si->plain = si->finalizable = NULL;
    gc_collect(GC_NUM_GENERATIONS - 1);
    census_total(&si->census_objects_after, &si->census_bytes_after);
}

static void shared_worker(void *arg)
{
    struct soak_worker *w = arg;
    gil_acquire(w->si->gil);
    if (w->si->setup_ok)
        soak_worker_loop(w);
    gil_release(w->si->gil);
}

/* A per-core worker makes, runs, checks and frees its own interpreter on its own CPU. */
static void core_worker(void *arg)
{
    struct soak_worker *w = arg;
    struct soak_interp *si = w->si;

    gil_acquire(si->gil);
    si->gc = interp_new();
    si->free_result = -1;
    if (si->gc) {
        si->gc->gil = si->gil;
        interp_set_current(si->gc);
        gc_set_threshold(SOAK_THRESHOLD0_MIN +
                             (long)(w->rng % (SOAK_THRESHOLD0_MAX - SOAK_THRESHOLD0_MIN)),
                         GC_THRESHOLD1, GC_THRESHOLD2);
        interp_begin(si);
        if (si->setup_ok)
            soak_worker_loop(w);
        interp_finish(si, w, 1);
        si->free_result = interp_free(si->gc);   /* also makes the main interpreter current */
        if (si->free_result != 0)
            interp_set_current(NULL);
    }
    gil_release(si->gil);
}

static uint64_t phase_ops(const struct soak_phase *p)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < soak.ncpus; i++)
        total += __atomic_load_n(&p->w[i].ops_total, __ATOMIC_RELAXED);
    return total;
}

/* Run one phase for ms milliseconds; false when interrupted. */
static bool run_phase(int which, uint64_t ms, uint64_t run_start_tsc, bool (*interrupted)(void))
{
    struct soak_phase *p = &soak.phase[which];
    bool per_core = which == PHASE_CORE, stopped_early = false;
    uint64_t hz = tsc_hz(), next_progress;

    memset(p, 0, sizeof *p);
    soak.running = p;
    soak.stop = false;
    p->heap_before = heap_in_use();
    if (!per_core) {
        struct soak_interp *si = &p->shared;
        si->gc = interp_main();
        si->gil = &kinterp_shared()->gil;
        si->gc->gil = si->gil;
        gil_acquire(si->gil);
        interp_begin(si);
        gil_release(si->gil);
    }
    for (unsigned i = 0; i < soak.ncpus; i++) {
        struct soak_worker *w = &p->w[i];
        w->index = w->cpu = i;
        w->si = per_core ? &p->core[i] : &p->shared;
        if (per_core)
            w->si->gil = &kinterp_core(i)->gil;   /* first use from this thread, as it requires */
        w->rng = soak.seed ^ ((uint64_t)(which * SMP_MAX_CPUS + i + 1) * 0x9e3779b97f4a7c15ull);
        w->stop = &soak.stop;
        w->block_bytes_max = soak.block_bytes_max;
    }
    p->start_tsc = platform_cycles();
    for (unsigned i = 0; i < soak.ncpus; i++) {
        char name[THREAD_NAME_MAX];
        ksnprintf(name, sizeof name, "soak %s %u", phase_names[which], i);
        p->w[i].thread = thread_create(name, i, per_core ? core_worker : shared_worker, &p->w[i]);
    }
    next_progress = ((platform_cycles() - run_start_tsc) / hz / SOAK_PROGRESS_S + 1) *
                    SOAK_PROGRESS_S;
    while (platform_cycles() - p->start_tsc < ms * (hz / 1000)) {
        uint64_t elapsed_s;
        if (interrupted && interrupted()) {
            stopped_early = true;
            break;
        }
        thread_sleep_us(SOAK_POLL_US);
        elapsed_s = (platform_cycles() - run_start_tsc) / hz;
        if (elapsed_s >= next_progress) {
            kprintf("soak: %lu s: %s phase, %lu operations so far\n", (unsigned long)elapsed_s,
                    phase_names[which], (unsigned long)phase_ops(p));
            next_progress += SOAK_PROGRESS_S;
        }
    }
    soak.stop = true;
    for (unsigned i = 0; i < soak.ncpus; i++)
        thread_join(p->w[i].thread);
    p->end_tsc = platform_cycles();
    soak_drain_mailboxes();
    if (!per_core) {
        struct soak_interp *si = &p->shared;
        gil_acquire(si->gil);
        interp_finish(si, p->w, soak.ncpus);
        gil_release(si->gil);
        si->gc->gil = NULL;
    }
    p->heap_after = heap_in_use();
    p->ran = true;
    return !stopped_early;
}

/* ---- checks and report ------------------------------------------------------------------------ */

static void check(bool ok, const char *phase, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void check(bool ok, const char *phase, const char *name, const char *fmt, ...)
{
    char detail[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    soak.checks++;
    kprintf("%s %u soak.%s.%s\n    # %s\n", ok ? "ok" : "not ok", soak.checks, phase, name,
            detail);
    if (!ok && soak.failed++ == 0)
        ksnprintf(soak.first_failure, sizeof soak.first_failure, "%s %s: %s", phase, name,
                  detail);
}

static void check_interp(const char *phase, const struct soak_interp *si, bool per_core,
                         unsigned cpu)
{
    char who[24];
    unsigned anchors_off = 0, first_off = 0;
    ksnprintf(who, sizeof who, per_core ? "%s%u" : "%s", per_core ? "cpu" : "shared", cpu);
    for (unsigned a = SOAK_ANCHORS; a-- > 0;) {
        if (si->anchor_refs_after[a] != si->anchor_refs[a]) {
            anchors_off++;
            first_off = a;
        }
    }
    check(si->setup_ok, phase, "setup", "%s: anchors and classes made", who);
    check(anchors_off == 0, phase, "refcounts_exact",
          "%s: %u of %d anchors off their starting count (anchor %u: %ld, was %ld)", who,
          anchors_off, SOAK_ANCHORS, first_off, (long)si->anchor_refs_after[first_off],
          (long)si->anchor_refs[first_off]);
    check(si->weakrefs_alive == 0, phase, "weakref_targets_dead",
          "%s: %ld weakrefs still see a target after the final collection", who,
          si->weakrefs_alive);
    if (per_core) {
        check(si->census_objects_after == 0 && si->census_bytes_after == 0 &&
                  si->free_result == 0,
              phase, "interp_memory", "%s: census after %ld objects / %ld bytes; interp_free %d",
              who, si->census_objects_after, si->census_bytes_after, si->free_result);
    } else {
        check(si->census_objects_after == si->census_objects &&
                  si->census_bytes_after == si->census_bytes,
              phase, "interp_memory", "%s: census %ld objects / %ld bytes, before %ld / %ld", who,
              si->census_objects_after, si->census_bytes_after, si->census_objects,
              si->census_bytes);
    }
}

static void check_phase(int which)
{
    const struct soak_phase *p = &soak.phase[which];
    const char *phase = phase_names[which];
    unsigned stalled = 0;
    uint64_t fin_due = 0, fin = 0, cb_due = 0, cb = 0, early = 0, fails = 0, corrupt = 0;
    bool fin_exact = true, cb_exact = true;

    for (unsigned i = 0; i < soak.ncpus; i++) {
        const struct soak_worker *w = &p->w[i];
        stalled += w->ops_total == 0;
        fin_due += w->finalizers_due;
        fin += w->finalized;
        cb_due += w->callbacks_due;
        cb += w->callbacks;
        early += w->weakrefs_dropped_early;
        fails += w->alloc_failures;
        corrupt += w->corrupt_blocks;
        fin_exact &= w->finalized == w->finalizers_due;
        cb_exact &= w->callbacks == w->callbacks_due - w->weakrefs_dropped_early;
    }
    check(stalled == 0, phase, "every_cpu_progressed", "%u of %u CPUs made no operation",
          stalled, soak.ncpus);
    check(fails == 0, phase, "no_failed_allocation", "%lu allocations failed",
          (unsigned long)fails);
    check(corrupt == 0, phase, "heap_blocks_intact", "%lu blocks with bad guard words",
          (unsigned long)corrupt);
    check(fin_exact, phase, "finalizers_once_each", "%lu finalizers ran, %lu due",
          (unsigned long)fin, (unsigned long)fin_due);
    check(cb_exact, phase, "weakref_callbacks_once_each",
          "%lu callbacks ran, %lu due (%lu weakrefs made, %lu dropped before their target)",
          (unsigned long)cb, (unsigned long)(cb_due - early), (unsigned long)cb_due,
          (unsigned long)early);
    if (which == PHASE_SHARED) {
        check_interp(phase, &p->shared, false, 0);
    } else {
        for (unsigned i = 0; i < soak.ncpus; i++)
            check_interp(phase, &p->core[i], true, i);
    }
    check(p->heap_after == p->heap_before, phase, "heap_back_to_baseline",
          "heap bytes in use %lu after, %lu before", (unsigned long)p->heap_after,
          (unsigned long)p->heap_before);
}

static void print_phase(int which)
{
    const struct soak_phase *p = &soak.phase[which];
    long coll[GC_NUM_GENERATIONS] = {0}, collected = 0;
    uint64_t switches = 0, res = 0;
    unsigned long ms = (unsigned long)(tsc_to_us(p->end_tsc - p->start_tsc) / 1000);
    unsigned ninterp = which == PHASE_SHARED ? 1 : soak.ncpus;

    for (unsigned i = 0; i < ninterp; i++) {
        const struct soak_interp *si = which == PHASE_SHARED ? &p->shared : &p->core[i];
        for (int g = 0; g < GC_NUM_GENERATIONS; g++)
            coll[g] += si->collections[g];
        collected += si->collected;
        switches += si->gil_switches;
    }
    kprintf("soak: %s phase, %lu.%03lu s, %s:\n", phase_names[which], ms / 1000, ms % 1000,
            which == PHASE_SHARED ? "every CPU in one interpreter under one GIL"
                                  : "one interpreter and GIL per CPU");
    kprintf("  cpu %10s", "ops");
    for (int k = 0; k < SOAK_OP_COUNT; k++)
        kprintf(" %8s", op_names[k]);
    kprintf("\n");
    for (unsigned i = 0; i < soak.ncpus; i++) {
        const struct soak_worker *w = &p->w[i];
        kprintf("  %3u %10lu", i, (unsigned long)w->ops_total);
        for (int k = 0; k < SOAK_OP_COUNT; k++)
            kprintf(" %8lu", (unsigned long)w->ops[k]);
        kprintf("\n");
        res += w->resurrections;
    }
    kprintf("  collections gen0/1/2 %ld/%ld/%ld, %ld objects collected, %lu GIL switches, "
            "%lu resurrections\n", coll[0], coll[1], coll[2], collected, (unsigned long)switches,
            (unsigned long)res);
}

bool soak_run(uint64_t seconds, bool (*interrupted)(void))
{
    uint64_t start = platform_cycles(), total_ops = 0, min_cpu_ops = UINT64_MAX;
    uint64_t half_ms = seconds * 1000 / 2;
    bool completed;
    unsigned long elapsed_ms;

    if (half_ms < SOAK_PHASE_MS_MIN)
        half_ms = SOAK_PHASE_MS_MIN;
    memset(&soak, 0, sizeof soak);
    soak.ncpus = percpu_online();
    soak.seed = start ^ 0x5eed5eed5eed5eedull;
    {
        /* Free pages, plus what the heap holds mapped but unused (it keeps pages for reuse). */
        struct memory_stats ms;
        struct heap_stats hs;
        size_t share;
        memory_get_stats(&ms);
        heap_get_stats(&hs);
        share = (ms.free_pages * PAGE_SIZE + hs.bytes_mapped - hs.bytes_in_use) / soak.ncpus /
                SOAK_BLOCKS / SOAK_MEMORY_SHARE_DIV;
        soak.block_bytes_max = share < SOAK_BLOCK_BYTES_MIN   ? SOAK_BLOCK_BYTES_MIN
                               : share > SOAK_BLOCK_BYTES_MAX ? SOAK_BLOCK_BYTES_MAX
                                                              : share;
    }
    kprintf("soak: %lu s on %u CPUs (seed 0x%lx, heap blocks up to %lu KiB): half with one "
            "shared GIL, half with an interpreter per CPU\n", (unsigned long)seconds, soak.ncpus,
            (unsigned long)soak.seed, (unsigned long)(soak.block_bytes_max >> 10));
    completed = run_phase(PHASE_SHARED, half_ms, start, interrupted);
    if (completed)
        completed = run_phase(PHASE_CORE, seconds * 1000 - half_ms > SOAK_PHASE_MS_MIN
                                              ? seconds * 1000 - half_ms : SOAK_PHASE_MS_MIN,
                              start, interrupted);
    elapsed_ms = (unsigned long)(tsc_to_us(platform_cycles() - start) / 1000);
    for (int ph = 0; ph < PHASE_COUNT; ph++) {
        if (!soak.phase[ph].ran)
            continue;
        print_phase(ph);
        for (unsigned i = 0; i < soak.ncpus; i++) {
            uint64_t ops = soak.phase[ph].w[i].ops_total;
            total_ops += ops;
            if (ops < min_cpu_ops)
                min_cpu_ops = ops;
        }
    }
    kprintf("KTAP version 1\n");
    for (int ph = 0; ph < PHASE_COUNT; ph++)
        if (soak.phase[ph].ran)
            check_phase(ph);
    if (soak.failed)
        kprintf("soak: FAIL %s\n", soak.first_failure);
    else
        kprintf("soak: PASS %lu.%03lu s on %u CPUs%s: %lu operations, the slowest CPU did %lu in "
                "a phase; refcounts exact, finalizers and callbacks add up, heap at its "
                "baseline\n", elapsed_ms / 1000, elapsed_ms % 1000, soak.ncpus,
                completed ? "" : " (interrupted)", (unsigned long)total_ops,
                (unsigned long)min_cpu_ops);
    kprintf("%u passed, %u failed\n", soak.checks - soak.failed, soak.failed);
    soak.running = NULL;
    return soak.failed == 0;
}
