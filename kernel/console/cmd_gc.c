/*
 * kernel/console/cmd_gc.c - the collector's commands: `gc` (Python's gc module from the console),
 * `objects` (the census) and `cycles` (leave unreachable cycles for the collector to find).
 *
 * Everything acts on the console CPU's current interpreter, exactly as the gc module acts on the
 * calling thread's interpreter in CPython, and runs with that interpreter's GIL held (see
 * gc/interp.h: every gc_* call needs it).
 */
#include "gc/gc.h"
#include "gc/interp.h"
#include "kernel/kprintf.h"
#include "kernel/console/shell.h"
#include "mm/platform.h"

#define GC_THRESHOLD_MAX 100000000     /* gc.set_threshold takes any int; keep it printable */
#define CYCLES_MAX       1000000
#define CYCLE_LIST_MAX   64

static void print_summary(void)
{
    long count[GC_NUM_GENERATIONS], threshold[GC_NUM_GENERATIONS];
    struct gc_stats stats[GC_NUM_GENERATIONS];
    struct interp *in = interp_current();

    gc_get_count(count);
    gc_get_threshold(threshold);
    gc_get_stats(stats);
    kprintf("gc: %s, debug %s, %ld objects frozen (permanent generation)\n",
            gc_isenabled() ? "enabled" : "disabled",
            gc_get_debug() & GC_DEBUG_STATS ? "on" : "off", gc_get_freeze_count());
    kprintf("  gen  objects  count  threshold  collections  collected  uncollectable\n");
    for (int g = 0; g < GC_NUM_GENERATIONS; g++)
        kprintf("  %3d  %7ld  %5ld  %9ld  %11ld  %9ld  %13ld\n", g,
                gc_list_size(&in->generations[g].head), count[g], threshold[g],
                stats[g].collections, stats[g].collected, stats[g].uncollectable);
    struct gc_collection_info last;
    gc_last_collection(&last);
    if (last.pause_cycles) {
        kprintf("  last collection: ");
        gc_print_collection(&last);
    }
}

static int run_gc(int argc, char **argv)
{
    (void)argc, (void)argv;
    print_summary();
    return SHELL_OK;
}

static int run_gc_collect(int argc, char **argv)
{
    uint64_t generation = GC_NUM_GENERATIONS - 1;
    if (argc > 1 && !shell_parse_u64("GENERATION", argv[1], 0, GC_NUM_GENERATIONS - 1, &generation))
        return SHELL_ERR;
    long found = gc_collect((int)generation);
    struct gc_collection_info info;
    gc_last_collection(&info);
    gc_print_collection(&info);
    kprintf("gc collect %lu: %ld unreachable objects found\n", (unsigned long)generation, found);
    return SHELL_OK;
}

static int run_gc_threshold(int argc, char **argv)
{
    (void)argc;
    uint64_t t[GC_NUM_GENERATIONS];
    static const char *const names[] = {"THRESHOLD0", "THRESHOLD1", "THRESHOLD2"};
    for (int g = 0; g < GC_NUM_GENERATIONS; g++)
        if (!shell_parse_u64(names[g], argv[1 + g], 0, GC_THRESHOLD_MAX, &t[g]))
            return SHELL_ERR;
    gc_set_threshold((long)t[0], (long)t[1], (long)t[2]);
    kprintf("gc thresholds: %ld %ld %ld\n", (long)t[0], (long)t[1], (long)t[2]);
    return SHELL_OK;
}

static int run_gc_enable(int argc, char **argv)
{
    (void)argc, (void)argv;
    gc_enable();
    kprintf("gc: enabled\n");
    return SHELL_OK;
}

static int run_gc_disable(int argc, char **argv)
{
    (void)argc, (void)argv;
    gc_disable();
    kprintf("gc: disabled (automatic collections stop; gc collect still works)\n");
    return SHELL_OK;
}

static int run_gc_freeze(int argc, char **argv)
{
    (void)argc, (void)argv;
    gc_freeze();
    kprintf("gc: %ld objects frozen\n", gc_get_freeze_count());
    return SHELL_OK;
}

static int run_gc_unfreeze(int argc, char **argv)
{
    (void)argc, (void)argv;
    long frozen = gc_get_freeze_count();
    gc_unfreeze();
    kprintf("gc: %ld objects unfrozen into generation 2\n", frozen);
    return SHELL_OK;
}

static int run_gc_debug(int argc, char **argv)
{
    (void)argc;
    bool on;
    if (!shell_parse_bool("MODE", argv[1], &on))
        return SHELL_ERR;
    unsigned flags = gc_get_debug();
    gc_set_debug(on ? flags | GC_DEBUG_STATS : flags & ~(unsigned)GC_DEBUG_STATS);
    kprintf("gc debug: %s\n", on ? "on (a line per collection)" : "off");
    return SHELL_OK;
}

static const struct shell_command gc_subcommands[] = {
    {"collect", "[0|1|2]", "collect a generation and the younger ones (default 2)",
     "  Prints the collection's line: objects examined per generation, unreachable, finalized,\n"
     "  resurrected, freed, and the pause.", 0, 1, run_gc_collect, NULL},
    {"threshold", "A B C", "set the thresholds (Python: gc.set_threshold)",
     "  A: allocations minus deallocations that start a generation-0 collection (0 disables);\n"
     "  B, C: collections of the younger generation before the older one is collected.\n"
     "  Each 0 to 100000000.", 3, 3, run_gc_threshold, NULL},
    {"enable", "", "turn automatic collection on", NULL, 0, 0, run_gc_enable, NULL},
    {"disable", "", "turn automatic collection off", NULL, 0, 0, run_gc_disable, NULL},
    {"freeze", "", "move every tracked object to the permanent generation", NULL, 0, 0,
     run_gc_freeze, NULL},
    {"unfreeze", "", "move the permanent generation back into generation 2", NULL, 0, 0,
     run_gc_unfreeze, NULL},
    {"debug", "on|off", "print a line for every collection, automatic ones included", NULL, 1, 1,
     run_gc_debug, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL},
};

SHELL_COMMAND(cmd_gc, 120) = {
    "gc", "[SUBCOMMAND]", "the cycle collector: state, collect, thresholds, enable, freeze, debug",
    "  Alone: enabled, debug, frozen objects, and per generation the tracked objects, count,\n"
    "  threshold, collections, collected and uncollectable; then the last collection.",
    0, 0, run_gc, gc_subcommands,
};

/* ---- objects -------------------------------------------------------------------------------- */

static int run_objects(int argc, char **argv)
{
    (void)argc, (void)argv;
    gc_print_census();
    return SHELL_OK;
}

SHELL_COMMAND(cmd_objects, 130) = {
    "objects", "", "live objects by type (count, bytes) in the current interpreter",
    "  Bytes include GC headers and each object's item arrays, tables and attributes.", 0, 0,
    run_objects, NULL,
};

/* ---- cycles --------------------------------------------------------------------------------- */

/* Make one unreachable cycle: `size` lists, each holding the next, the last holding the first. */
static bool make_cycle(unsigned size)
{
    object_t *first = list_new(), *prev;
    if (!first)
        return false;
    prev = first;
    for (unsigned i = 1; i < size; i++) {
        object_t *next = list_new();
        if (!next || list_append(prev, next) < 0) {
            XDECREF(next);
            break;
        }
        DECREF(next);                  /* prev holds it now */
        prev = next;
    }
    bool ok = list_append(prev, first) == 0;
    DECREF(first);                     /* our reference: the cycle now keeps itself alive */
    if (!ok)
        list_clear(first);
    return ok;
}

static int run_cycles(int argc, char **argv)
{
    uint64_t n, size = 2;
    if (!shell_parse_u64("COUNT", argv[1], 1, CYCLES_MAX, &n))
        return SHELL_ERR;
    if (argc > 2 && !shell_parse_u64("SIZE", argv[2], 1, CYCLE_LIST_MAX, &size))
        return SHELL_ERR;
    uint64_t made = 0;
    for (; made < n && !shell_interrupted(); made++)
        if (!make_cycle((unsigned)size))
            return shell_error("out of memory after %lu cycles", (unsigned long)made);
    kprintf("cycles: left %lu unreachable cycles of %lu lists (%lu objects) for the collector%s\n",
            (unsigned long)made, (unsigned long)size, (unsigned long)(made * size),
            gc_isenabled() ? "; automatic collections may already have taken some" : "");
    return SHELL_OK;
}

SHELL_COMMAND(cmd_cycles, 140) = {
    "cycles", "COUNT [SIZE]", "leave COUNT unreachable cycles of SIZE lists as garbage",
    "  Refcounting cannot free them; only a collection can. COUNT 1 to 1000000, SIZE 1 to 64\n"
    "  (default 2; 1 is a list that contains itself). Ctrl-C stops early.",
    1, 2, run_cycles, NULL,
};
