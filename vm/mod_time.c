/*
 * vm/mod_time.c - the time module: the clocks programs time themselves with, and sleep
 * (Modules/timemodule.c, reduced). The platform gives a monotonic nanosecond clock (the TSC in
 * the kernel, CLOCK_MONOTONIC hosted); time.time() is that clock too, since the kernel has no
 * wall clock: a program can time itself, not learn the date.
 */
#include "vm/builtin.h"
#include "vm/vm.h"

static uint64_t now_ns(void)
{
    return vm_platform.monotonic_ns ? vm_platform.monotonic_ns() : 0;
}

#define TIMEFN(name) \
    static object_t *time_##name(object_t *self, object_t *const *args, size_t nargs, \
                                 object_t *kwnames)

TIMEFN(perf_counter)
{
    (void)self;
    (void)args;
    if (vm_check_args("perf_counter", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return float_new((double)now_ns() / 1e9);
}

TIMEFN(perf_counter_ns)
{
    (void)self;
    (void)args;
    if (vm_check_args("perf_counter_ns", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return int_from_u64(now_ns());
}

TIMEFN(sleep)
{
    (void)self;
    double secs;
    if (vm_check_args("sleep", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (vm_as_double(args[0], &secs) < 0)
        return NULL;
    if (secs < 0)
        return vm_err_format(exc_ValueError, "sleep length must be non-negative");
    if (secs != secs)
        return vm_err_format(exc_ValueError, "Invalid value NaN (not a number)");
    uint64_t ns = (uint64_t)(secs * 1e9);
    /* Sleep in slices so Ctrl-C (the eval breaker) ends the sleep. */
    while (ns) {
        uint64_t step = ns > 10000000 ? 10000000 : ns;
        if (vm_platform.sleep_ns)
            vm_platform.sleep_ns(step);
        ns -= step;
        vm_poll_interrupt();
        if (vm_eval_breaker && vm_handle_eval_breaker() < 0)
            return NULL;
    }
    return vm_none_ref();
}

static const struct method_def time_functions[] = {
    {"perf_counter", time_perf_counter, 0},
    {"perf_counter_ns", time_perf_counter_ns, 0},
    {"monotonic", time_perf_counter, 0},
    {"monotonic_ns", time_perf_counter_ns, 0},
    {"process_time", time_perf_counter, 0},
    {"time", time_perf_counter, 0},
    {"time_ns", time_perf_counter_ns, 0},
    {"sleep", time_sleep, 0},
    {NULL, NULL, 0},
};

object_t *vm_module_time(void)
{
    object_t *m = module_new("time");
    if (m && module_add_functions(m, time_functions) < 0) {
        decref(m);
        return NULL;
    }
    return m;
}
