/*
 * gc/atom.c - the atomic types int and str: they reference nothing, so they carry no GC header and
 * are never tracked (CPython's long and unicode objects are not GC types either).
 */
#include "gc/types.h"

static void int_dealloc(object_t *o)
{
    object_free(o, sizeof(struct int_object));
}

const struct type int_type = {
    .name = "int",
    .basic_size = sizeof(struct int_object),
    .kind = TYPE_KIND_INT,
    .dealloc = int_dealloc,
};

object_t *int_new(long v)
{
    struct int_object *i = (struct int_object *)object_alloc(&int_type, sizeof *i);
    if (!i)
        return NULL;
    i->value = v;
    return &i->ob;
}

long int_value(object_t *o)
{
    if (o->type != &int_type)
        platform_panic("int_value: object %p is a %s, not an int", (void *)o, type_name(o));
    return ((struct int_object *)o)->value;
}

static void str_dealloc(object_t *o)
{
    object_free(o, sizeof(struct str_object) + ((struct str_object *)o)->len + 1);
}

const struct type str_type = {
    .name = "str",
    .basic_size = sizeof(struct str_object),
    .kind = TYPE_KIND_STR,
    .dealloc = str_dealloc,
};

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME  0x100000001b3ull

object_t *str_new(const char *s)
{
    size_t len = strlen(s);
    struct str_object *str = (struct str_object *)object_alloc(&str_type, sizeof *str + len + 1);
    uint64_t h = FNV_OFFSET;

    if (!str)
        return NULL;
    str->len = len;
    memcpy(str->data, s, len + 1);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    str->hash = h;
    return &str->ob;
}

const char *str_value(object_t *o)
{
    if (o->type != &str_type)
        platform_panic("str_value: object %p is a %s, not a str", (void *)o, type_name(o));
    return ((struct str_object *)o)->data;
}
