/*
 * gc/interp.c - the main interpreter, the per-CPU-slot "current interpreter" table, and
 * creating/freeing further interpreters. See gc/interp.h for what an interpreter holds.
 *
 * The table is the only file-scope state in gc/ besides the main interpreter itself: it maps a CPU
 * slot to an interpreter and holds no collector state. A slot is written only by the CPU (thread)
 * it belongs to, so no synchronisation is needed.
 */
#include "gc/interp.h"
#include "mm/malloc.h"

struct interp interp_main_instance = INTERP_INIT(interp_main_instance);
#define main_interp interp_main_instance
bool interp_slots_in_use; /* set once any slot gets a non-main interpreter; never cleared */
static struct interp *current_by_slot[PLATFORM_MAX_CPUS];

struct interp *interp_main(void)
{
    return &main_interp;
}

struct interp *interp_current_slow(void)
{
    struct interp *in = current_by_slot[platform_cpu_id() % PLATFORM_MAX_CPUS];
    return in ? in : &main_interp;
}

void interp_set_current(struct interp *in)
{
    if (in == &main_interp)
        in = NULL;
    current_by_slot[platform_cpu_id() % PLATFORM_MAX_CPUS] = in;
    if (in)
        __atomic_store_n(&interp_slots_in_use, true, __ATOMIC_RELAXED);
}

struct interp *interp_new(void)
{
    struct interp *in = kmalloc(sizeof *in);
    if (!in)
        return NULL;
    memset(in, 0, sizeof *in);
    for (int g = 0; g < GC_NUM_GENERATIONS; g++)
        gc_list_init(&in->generations[g].head);
    in->generations[0].threshold = GC_THRESHOLD0;
    in->generations[1].threshold = GC_THRESHOLD1;
    in->generations[2].threshold = GC_THRESHOLD2;
    gc_list_init(&in->permanent);
    in->enabled = true;
    return in;
}

int interp_free(struct interp *in)
{
    struct interp *saved = interp_current();

    if (in == &main_interp)
        platform_panic("interp_free: the main interpreter cannot be freed (caller %p)",
                       (void *)CALLER_ADDR());
    /* Objects are freed under the interpreter that owns them (counts and census are its). */
    interp_set_current(in);
    gc_unfreeze();
    if (in->garbage)
        CLEAR_REF(in->garbage);
    gc_collect(2);
    for (int g = 0; g < GC_NUM_GENERATIONS; g++) {
        if (!gc_list_is_empty(&in->generations[g].head)) {
            interp_set_current(saved);
            return -1;
        }
    }
    interp_set_current(saved == in ? NULL : saved);
    kfree(in);
    return 0;
}
