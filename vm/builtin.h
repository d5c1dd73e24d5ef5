/*
 * vm/builtin.h - constructors and accessors of the built-in types (one file per type in vm/:
 * int.c, float.c, str.c, bytes.c, tuple.c, list.c, dict.c, set.c, range.c, slice.c, func.c ...).
 * Conventions as vm/object.h: new references, NULL/-1 with an exception set.
 */
#ifndef VM_BUILTIN_H
#define VM_BUILTIN_H

#include "vm/object.h"

/* ---- int (vm/int.c): CPython's layout, 30-bit digits, sign in size ------------------------------ */

#define INT_SHIFT 30
#define INT_MASK  ((uint32_t)((1u << INT_SHIFT) - 1))
#define INT_SMALL_MIN (-5)
#define INT_SMALL_MAX 256

object_t *int_from_i64(int64_t v);
object_t *int_from_u64(uint64_t v);
/* 0 and *out set when o fits; -1 with OverflowError otherwise. o must be an int. */
int int_to_i64(object_t *o, int64_t *out);
/* The value of a small enough int, without error (fits says whether it did). */
static inline bool int_fits_i64(object_t *o, int64_t *out)
{
    struct int_object *i = (struct int_object *)o;
    intptr_t n = i->size < 0 ? -i->size : i->size;
    if (n <= 2) {
        int64_t v = n == 0 ? 0 : (int64_t)i->digit[0] | (n == 2 ? (int64_t)i->digit[1] << INT_SHIFT : 0);
        *out = i->size < 0 ? -v : v;
        return true;
    }
    return false;
}
double int_to_double(object_t *o, bool *overflow);
object_t *int_from_double(double d);         /* ValueError/OverflowError for nan/inf */
object_t *int_from_text(const char *s, size_t len, int base); /* int(s, base) */
object_t *int_to_text(object_t *o, int base); /* str; base 2, 8, 10, 16 with prefix for 2/8/16 */
int int_sign(object_t *o);
object_t *int_lshift_c(object_t *o, unsigned n);

/* ---- float (vm/float.c) ----------------------------------------------------------------------- */

struct float_object {
    struct object ob;
    double value;
};
object_t *float_new(double v);
static inline double float_value(object_t *o)
{
    return ((struct float_object *)o)->value;
}
/* A float or an int as a double (TypeError otherwise; OverflowError for a huge int). */
int vm_as_double(object_t *o, double *out);
object_t *float_repr_obj(double v);

/* ---- str (vm/str.c): UTF-8 bytes plus the length in code points ------------------------------- */

object_t *str_from_utf8(const char *s, size_t len);     /* the bytes must be valid UTF-8 */
object_t *str_from_cstr(const char *s);
object_t *str_intern_cstr(const char *s);               /* one object per text: names */
object_t *str_from_codepoint(uint32_t cp);
/* printf-like formatting into a new str (%s %d %ld %lld %zu %zd %c %x %p, %R repr, %S str, %T
 * type name of an object, %U a str object). */
object_t *str_format_c(const char *fmt, ...);
static inline const char *str_data(object_t *o)
{
    return ((struct str_object *)o)->data;
}
static inline size_t str_bytes(object_t *o)
{
    return ((struct str_object *)o)->len;
}
static inline size_t str_chars(object_t *o)
{
    return ((struct str_object *)o)->nchars;
}
bool str_eq(object_t *a, object_t *b);
bool str_eq_cstr(object_t *a, const char *s);
object_t *str_concat(object_t *a, object_t *b);
/* Join strs (a list or tuple's items) with sep. */
object_t *str_join_items(object_t *sep, object_t *const *items, size_t n);
int64_t str_hash_value(object_t *o);
/* A str from bytes that should be UTF-8: UnicodeDecodeError naming the position when not. */
object_t *str_decode_utf8(const char *s, size_t len);
/* Code points [from, to) of s. */
object_t *str_substring(object_t *s, size_t from, size_t to);
size_t char_offset_from(object_t *s, size_t off, size_t n);
object_t *str_repr_obj(object_t *s);
/* Is c in s? */
bool str_has_byte(object_t *s, char c);
/* format(o, spec) for an int, float or str o with a non-empty spec (vm/format_glue.c). */
object_t *vm_format_number_spec(object_t *o, object_t *spec);

/* A growable UTF-8 buffer for building strs (repr of containers, formatting). */
struct strbuf {
    char *data;
    size_t len, cap;
    bool failed; /* an allocation failed: the result is MemoryError */
};
void sb_init(struct strbuf *b);
void sb_putc(struct strbuf *b, char c);
void sb_write(struct strbuf *b, const char *s, size_t n);
void sb_puts(struct strbuf *b, const char *s);
void sb_printf(struct strbuf *b, const char *fmt, ...);
/* Append a str object / its repr (0, or -1 with an exception set). */
void sb_put_str(struct strbuf *b, object_t *s);
int sb_put_repr(struct strbuf *b, object_t *o);
void sb_put_codepoint(struct strbuf *b, uint32_t cp);
object_t *sb_finish(struct strbuf *b);   /* a new str; frees the buffer */
object_t *sb_finish_bytes(struct strbuf *b);
void sb_free(struct strbuf *b);
/* Decode one UTF-8 code point at s (valid text), advancing *s. */
uint32_t utf8_next(const char **s);

/* ---- bytes (vm/bytes.c) ----------------------------------------------------------------------- */

struct bytes_object {
    struct object ob;
    size_t len;
    int64_t hash; /* -1 until computed */
    char data[];
};
object_t *bytes_new(const char *s, size_t len);
static inline const char *bytes_data(object_t *o)
{
    return ((struct bytes_object *)o)->data;
}
static inline size_t bytes_len(object_t *o)
{
    return ((struct bytes_object *)o)->len;
}

/* ---- tuple, list (gc/ layouts, Python behaviour in vm/tuple.c and vm/list.c) ------------------ */

static inline object_t **tuple_items(object_t *t)
{
    return ((struct tuple_object *)t)->items;
}
static inline size_t tuple_size(object_t *t)
{
    return ((struct tuple_object *)t)->size;
}
object_t *tuple_pack(size_t n, ...);                 /* borrowed items, new references taken */
object_t *tuple_from_array(object_t *const *items, size_t n);
object_t *tuple_empty(void);
static inline object_t **list_items_of(object_t *l)
{
    return list_items((struct list_object *)l);
}
static inline size_t list_size(object_t *l)
{
    return ((struct list_object *)l)->size;
}
object_t *list_from_array(object_t *const *items, size_t n);
int list_append_checked(object_t *l, object_t *item);  /* MemoryError on failure */
int list_extend(object_t *l, object_t *iterable);
int list_insert_at(object_t *l, intptr_t where, object_t *item);
int list_sort(object_t *l, object_t *key, bool reverse);
int list_reverse(object_t *l);
int list_resize(struct list_object *l, size_t n);  /* capacity for n items (size unchanged) */

/* ---- dict (gc/dict.c's ordered table; Python behaviour in vm/dict.c) --------------------------- */

/* Error-aware lookups for any hashable key. dict_lookup: borrowed value or NULL (no error when
 * absent; vm_err_occurred() tells). */
object_t *dict_lookup(object_t *d, object_t *key);
object_t *dict_lookup_str(object_t *d, object_t *key); /* key is an exact str (names) */
object_t *dict_lookup_cstr(object_t *d, const char *key);
int dict_store(object_t *d, object_t *key, object_t *value);
int dict_store_cstr(object_t *d, const char *key, object_t *value);
int dict_remove(object_t *d, object_t *key);        /* KeyError when absent */
int dict_merge(object_t *d, object_t *other, bool override);
object_t *dict_copy(object_t *d);
/* Iterate: *pos starts at 0; returns false at the end; key/value borrowed. */
bool dict_next(object_t *d, size_t *pos, object_t **key, object_t **value);

/* ---- set (vm/set.c) --------------------------------------------------------------------------- */

object_t *set_new_from(struct type *t, object_t *iterable); /* iterable may be NULL */
int set_add_item(object_t *s, object_t *key);
int set_contains_item(object_t *s, object_t *key);

/* ---- range, slice (vm/range.c, vm/slice.c) ---------------------------------------------------- */

struct slice_object {
    struct object ob;
    object_t *start, *stop, *step;
};
object_t *slice_new(object_t *start, object_t *stop, object_t *step);
/* Resolve a slice against a length: CPython's PySlice_GetIndicesEx. */
int slice_indices(object_t *slice, intptr_t length, intptr_t *start, intptr_t *stop,
                  intptr_t *step, intptr_t *slicelength);

/* ---- functions, methods, cells, modules (vm/func.c, vm/module.c) ------------------------------- */

struct code_object;

struct function_object {
    struct object ob;
    struct weakref_object *weaklist;
    object_t *dict;          /* __dict__ (created on demand) */
    struct code_object *code;
    object_t *globals;
    object_t *builtins;
    object_t *name, *qualname;
    object_t *defaults;      /* tuple or NULL */
    object_t *kwdefaults;    /* dict or NULL */
    object_t *closure;       /* tuple of cells or NULL */
    object_t *doc;
    object_t *module;
    object_t *annotations;
};
object_t *function_new(struct code_object *code, object_t *globals, object_t *qualname);

struct method_object {
    struct object ob;
    object_t *func;
    object_t *self;
};
object_t *method_new(object_t *func, object_t *self);

struct cell_object {
    struct object ob;
    object_t *ref; /* NULL: empty */
};
object_t *cell_new(object_t *value);

struct builtin_function_object {
    struct object ob;
    const struct method_def *def;
    object_t *self;   /* bound self (module or instance) or NULL */
    object_t *module; /* __module__ name or NULL */
};
object_t *builtin_function_new(const struct method_def *def, object_t *self);

struct module_object {
    struct object ob;
    struct weakref_object *weaklist;
    object_t *dict;
    object_t *name;
};
object_t *module_new(const char *name);
/* Add the functions of defs to the module's dict. */
int module_add_functions(object_t *module, const struct method_def *defs);
int module_add_object(object_t *module, const char *name, object_t *value); /* steals value */
/* dict[name] = value, stealing value (NULL value: -1, the error already set). */
int dict_store_cstr_steal(object_t *d, const char *name, object_t *value);
/* sys.stdout as the program has it, and the fd of pymm's own stdout/stderr objects (-1 else). */
object_t *vm_sys_stdout(void);
int vm_file_fd(object_t *file);
object_t *int_divmod(object_t *a, object_t *b);
object_t *float_divmod(object_t *a, object_t *b);

/* staticmethod / classmethod / property: one callable inside, or fget/fset/fdel/doc. */
struct wrapper_object {
    struct object ob;
    object_t *callable;
    object_t *dict;
};
struct property_object {
    struct object ob;
    object_t *fget, *fset, *fdel, *doc;
};

/* ---- instances of classes defined in Python ---------------------------------------------------- */

/* The layout of `object()` and of instances of classes that derive from object only: the
 * weaklist first, where gc/types.h's weaklist_of looks, then __dict__. */
struct instance_layout {
    struct object ob;
    struct weakref_object *weaklist;
    object_t *dict;
};

/* ---- argument parsing (vm/args.c) ------------------------------------------------------------- */

/* Check a builtin's arguments: nargs within [min, max], no keywords (fname names the builtin in
 * the TypeError, as CPython's messages do). */
int vm_check_args(const char *fname, size_t nargs, object_t *kwnames, size_t min, size_t max);
/* Keyword-capable parsing: names is a NULL-terminated list; out[] gets borrowed values (NULL when
 * not given); the first `npos_only` are positional-only. */
int vm_parse_args(const char *fname, object_t *const *args, size_t nargs, object_t *kwnames,
                  const char *const *names, size_t min, object_t **out);

#endif /* VM_BUILTIN_H */
