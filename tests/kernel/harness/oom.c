/*
 * tests/kernel/harness/oom.c - the out-of-memory run (see oom.h).
 *
 * The live objects form a chain of lists, each holding the previous link and one payload (a str,
 * an instance with attributes, or a dict), so growing it never needs a large array: memory runs
 * out in the small allocations everything else also makes, which is the case that matters.
 * Dropping the chain's head frees it link by link; the trashcan (gc/interp.h) keeps that from
 * recursing a million deep.
 */
#include "tests/kernel/harness/oom.h"
#include "gc/gc.h"
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "mm/malloc.h"

#define OOM_POLL_EVERY        4096      /* allocations between looks at Ctrl-C */
#define OOM_GARBAGE_RECLAIMS  2         /* collections forced by memory in step 1 */
#define OOM_GARBAGE_FACTOR    8         /* step 1 gives up after this many times the free room */
#define OOM_CYCLE_BYTES       96        /* two one-item lists with their GC headers */
/* Free pages plus the heap's mapped bytes must come back to within this of what they were
 * (pages taken meanwhile by something else than the heap, e.g. a console line's work). */
#define OOM_PAGES_SLACK_BYTES ((size_t)64 << 10)
#define OOM_PROBE_BYTES       ((size_t)1 << 20)

static struct {
    unsigned checks, failed;
    char first_failure[96];
} oom;

static void oom_check(bool ok, const char *what)
{
    oom.checks++;
    kprintf("  %s: %s\n", ok ? "ok" : "FAILED", what);
    if (!ok && oom.failed++ == 0)
        ksnprintf(oom.first_failure, sizeof oom.first_failure, "%s", what);
}

static size_t heap_in_use(void)
{
    struct heap_stats hs;
    heap_get_stats(&hs);
    return hs.bytes_in_use;
}

static long full_collections(void)
{
    struct gc_stats st[GC_NUM_GENERATIONS];
    gc_get_stats(st);
    return st[GC_NUM_GENERATIONS - 1].collections;
}

/* Step 1: garbage cycles with automatic collection off; none may fail. */
static void fill_with_garbage(size_t room, bool (*interrupted)(void))
{
    long start = full_collections(), made = 0, failed = 0;
    long cap = (long)(OOM_GARBAGE_FACTOR * (room / OOM_CYCLE_BYTES));
    bool was_enabled = gc_isenabled(), stopped = false;

    gc_disable();
    while (full_collections() - start < OOM_GARBAGE_RECLAIMS && made < cap) {
        object_t *a = list_new(), *b = a ? list_new() : NULL;
        if (!a || !b || list_append(a, b) < 0 || list_append(b, a) < 0)
            failed++;
        XDECREF(a);
        XDECREF(b);
        made++;
        if (made % OOM_POLL_EVERY == 0 && interrupted && (stopped = interrupted()))
            break;
    }
    if (was_enabled)
        gc_enable();
    kprintf("oom: step 1: %ld garbage 2-cycles (%lu MiB) with automatic gc off; %ld collections "
            "ran because memory was short; %ld allocations failed\n", made,
            (unsigned long)((size_t)made * OOM_CYCLE_BYTES >> 20), full_collections() - start,
            failed);
    oom_check(failed == 0, "no allocation failed while only garbage filled the heap");
    if (!stopped)
        oom_check(full_collections() - start >= OOM_GARBAGE_RECLAIMS,
                  "the collector reclaimed the cycles when memory ran out");
}

/* A payload for link n: a 200-byte str, an instance with two attributes, or a dict of two. */
struct oom_failure {
    const char *call;       /* the first call that reported out of memory */
    bool dirty;             /* it changed its container anyway */
};

static int add_payload(object_t *link, long n, class_t *cls, struct oom_failure *f)
{
    static const char text[] = "oom payload ............................................"
                               "............................................................"
                               "............................................................";
    object_t *p = NULL, *v = int_new(n);
    int r = -1;

    if (!v) {
        f->call = "int_new";
        return -1;
    }
    switch (n % 3) {
    case 0:
        if (!(p = str_new(text)))
            f->call = "str_new";
        break;
    case 1:
        if (!(p = instance_new(cls))) {
            f->call = "instance_new";
        } else if (instance_setattr(p, "n", v) < 0) {
            f->call = "instance_setattr";
            f->dirty = instance_getattr(p, "n") != NULL;
        } else if (instance_setattr(p, "link", link) < 0) {
            f->call = "instance_setattr";
            f->dirty = instance_getattr(p, "link") != NULL;
        }
        break;
    default:
        if (!(p = dict_new())) {
            f->call = "dict_new";
        } else if (dict_set(p, v, v) < 0) {
            f->call = "dict_set";
            f->dirty = dict_len(p) != 0 || dict_get(p, v) != NULL;
        }
        break;
    }
    if (p && !f->call) {
        size_t before = list_len(link);
        r = list_append(link, p);
        if (r < 0) {
            f->call = "list_append";
            f->dirty = list_len(link) != before;
        }
    }
    XDECREF(p);
    decref(v);
    return r;
}

/* Step 2: a chain of live objects until a call fails. Returns the chain's head. */
static object_t *fill_with_live_objects(bool (*interrupted)(void))
{
    class_t *cls = class_new("OomPayload", NULL);
    object_t *head = NULL;
    struct oom_failure f = {NULL, false};
    long n = 0;

    if (!cls) {
        oom_check(false, "class_new for the payload");
        return NULL;
    }
    for (;; n++) {
        object_t *link = list_new();
        if (!link) {
            f.call = "list_new";
            break;
        }
        if (head && list_append(link, head) < 0) {
            f.call = "list_append";
            f.dirty = list_len(link) != 0;
            decref(link);
            break;
        }
        XDECREF(head);
        head = link;
        if (add_payload(link, n, cls, &f) < 0)
            break;
        if (n % OOM_POLL_EVERY == 0 && interrupted && interrupted())
            break;
    }
    decref(class_as_object(cls));
    kprintf("oom: step 2: %ld live links made (heap %lu KiB in use), then %s reported out of "
            "memory\n", n, (unsigned long)(heap_in_use() >> 10),
            f.call ? f.call : "(interrupted: nothing)");
    if (f.call)
        oom_check(!f.dirty, "the failing call returned NULL/-1 and left its container unchanged");
    void *probe = kmalloc(OOM_PROBE_BYTES);
    kprintf("oom: at exhaustion kmalloc(%lu KiB) %s\n", (unsigned long)(OOM_PROBE_BYTES >> 10),
            probe ? "still succeeded (a free span was left)" : "returned NULL");
    kfree(probe);
    return head;
}

bool oom_run(size_t limit_bytes, bool (*interrupted)(void))
{
    struct heap_stats hs;
    size_t base, pages_before, room;
    object_t *chain;

    memset(&oom, 0, sizeof oom);
    gc_collect(GC_NUM_GENERATIONS - 1);
    heap_trim();
    base = heap_in_use();
    pages_before = memory_free_bytes();
    heap_get_stats(&hs);
    if (limit_bytes)
        heap_set_page_limit(hs.bytes_mapped + limit_bytes);
    room = (limit_bytes ? limit_bytes : pages_before) + (hs.bytes_mapped - hs.bytes_in_use);
    kprintf("oom: heap %lu KiB in use, %lu KiB mapped; %lu KiB of free pages; %s\n",
            (unsigned long)(base >> 10), (unsigned long)(hs.bytes_mapped >> 10),
            (unsigned long)(pages_before >> 10),
            limit_bytes ? "the heap is held to the limit given" : "memory ends where the machine's does");

    fill_with_garbage(room, interrupted);
    chain = fill_with_live_objects(interrupted);

    /* Step 3: recovery. */
    XDECREF(chain);
    heap_set_page_limit(0);
    gc_collect(GC_NUM_GENERATIONS - 1);
    heap_trim();
    size_t after = heap_in_use(), pages_after = memory_free_bytes();
    struct heap_stats hs_after;
    heap_get_stats(&hs_after);
    kprintf("oom: step 3: after dropping everything: heap %lu bytes in use (baseline %lu), "
            "%lu KiB mapped (before %lu KiB); %lu KiB of free pages (before %lu KiB)\n",
            (unsigned long)after, (unsigned long)base,
            (unsigned long)(hs_after.bytes_mapped >> 10), (unsigned long)(hs.bytes_mapped >> 10),
            (unsigned long)(pages_after >> 10), (unsigned long)(pages_before >> 10));
    oom_check(after == base, "the heap's bytes in use are back at the baseline");
    /* The heap may keep pages it mapped (per-CPU segments) after a trim; what must hold is that
     * no page went missing: free pages plus what the heap maps add up as before. */
    oom_check(pages_after + hs_after.bytes_mapped + OOM_PAGES_SLACK_BYTES >=
                  pages_before + hs.bytes_mapped,
              "every page is back: free, or mapped by the heap for reuse");
    void *p = kmalloc(OOM_PROBE_BYTES);
    object_t *l = list_new();
    oom_check(p && l && list_append(l, l) == 0, "allocating works again");
    kfree(p);
    XDECREF(l);
    gc_collect(GC_NUM_GENERATIONS - 1);
    if (oom.failed)
        kprintf("oom: FAIL %s\n", oom.first_failure);
    else
        kprintf("oom: PASS %u checks: garbage never caused a failure, the live objects' failure "
                "was clean, memory came back\n", oom.checks);
    return oom.failed == 0;
}
