/*
 * vm/args.c - argument checking for builtins (Python/getargs.c, reduced), with CPython's
 * TypeError messages.
 */
#include "vm/builtin.h"

int vm_check_args(const char *fname, size_t nargs, object_t *kwnames, size_t min, size_t max)
{
    if (kwnames && tuple_size(kwnames)) {
        vm_err_format(exc_TypeError, "%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs >= min && nargs <= max)
        return 0;
    if (min == max) {
        if (min == 0)
            vm_err_format(exc_TypeError, "%s() takes no arguments (%zu given)", fname, nargs);
        else if (min == 1)
            vm_err_format(exc_TypeError, "%s() takes exactly one argument (%zu given)", fname,
                          nargs);
        else
            vm_err_format(exc_TypeError, "%s expected %zu arguments, got %zu", fname, min,
                          nargs);
    } else if (nargs < min) {
        vm_err_format(exc_TypeError, "%s expected at least %zu argument%s, got %zu", fname, min,
                      min == 1 ? "" : "s", nargs);
    } else {
        vm_err_format(exc_TypeError, "%s expected at most %zu argument%s, got %zu", fname, max,
                      max == 1 ? "" : "s", nargs);
    }
    return -1;
}

int vm_parse_args(const char *fname, object_t *const *args, size_t nargs, object_t *kwnames,
                  const char *const *names, size_t min, object_t **out)
{
    size_t n = 0;
    while (names[n])
        n++;
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (nargs > n) {
        vm_err_format(exc_TypeError, "%s() takes at most %zu argument%s (%zu given)", fname, n,
                      n == 1 ? "" : "s", nargs);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++)
        out[i] = args[i];
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        object_t *key = tuple_items(kwnames)[k];
        size_t i;
        for (i = 0; i < n; i++)
            if (names[i][0] && str_eq_cstr(key, names[i]))
                break;
        if (i == n) {
            vm_err_format(exc_TypeError, "%s() got an unexpected keyword argument '%U'", fname,
                          key);
            return -1;
        }
        if (out[i]) {
            vm_err_format(exc_TypeError, "argument for %s() given by name ('%s') and position "
                                         "(%zu)", fname, names[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (size_t i = 0; i < min; i++)
        if (!out[i]) {
            if (names[i][0])
                vm_err_format(exc_TypeError, "%s() missing required argument '%s' (pos %zu)",
                              fname, names[i], i + 1);
            else
                vm_err_format(exc_TypeError, "%s() takes at least %zu positional argument%s "
                                             "(%zu given)", fname, min, min == 1 ? "" : "s",
                              nargs);
            return -1;
        }
    return 0;
}
