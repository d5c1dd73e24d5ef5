/*
 * gc/atom.c - the atomic types: int and str (Objects/longobject.c, unicodeobject.c: their
 * memory side). They reference nothing and are never tracked. The interpreter (vm/int.c,
 * vm/str.c) adds their Python behaviour; these constructors are what gc/ and its tests use.
 */
#include "gc/types.h"

static void int_dealloc(object_t *o)
{
    struct int_object *i = (struct int_object *)o;
    size_t n = (size_t)(i->size < 0 ? -i->size : i->size);
    object_free(o, sizeof(struct int_object) + n * sizeof(uint32_t));
}

struct type int_type = {
    .name = "int",
    .basic_size = sizeof(struct int_object),
    .kind = TYPE_KIND_INT,
    .dealloc = int_dealloc,
};

object_t *int_new(long v)
{
    unsigned long m = v < 0 ? -(unsigned long)v : (unsigned long)v;
    uint32_t digits[3];
    size_t n = 0;
    while (m) {
        digits[n++] = (uint32_t)(m & ((1u << 30) - 1));
        m >>= 30;
    }
    struct int_object *i =
        (struct int_object *)object_alloc(&int_type, sizeof *i + n * sizeof(uint32_t));
    if (!i)
        return NULL;
    i->size = v < 0 ? -(intptr_t)n : (intptr_t)n;
    memcpy(i->digit, digits, n * sizeof(uint32_t));
    return &i->ob;
}

long int_value(object_t *o)
{
    if (o->type->kind != TYPE_KIND_INT)
        platform_panic("int_value: object %p is a %s, not an int", (void *)o, type_name(o));
    struct int_object *i = (struct int_object *)o;
    intptr_t n = i->size < 0 ? -i->size : i->size;
    if (n > 3 || (n == 3 && i->digit[2] >= 8))
        platform_panic("int_value: int %p does not fit in a long", (void *)o);
    unsigned long m = 0;
    for (intptr_t k = n; k-- > 0;)
        m = (m << 30) | i->digit[k];
    return i->size < 0 ? -(long)m : (long)m;
}

static void str_dealloc(object_t *o)
{
    object_free(o, sizeof(struct str_object) + ((struct str_object *)o)->len + 1);
}

struct type str_type = {
    .name = "str",
    .basic_size = sizeof(struct str_object),
    .kind = TYPE_KIND_STR,
    .dealloc = str_dealloc,
};

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME  0x100000001b3ull

int64_t str_hash_bytes(const char *s, size_t len)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    int64_t r = (int64_t)(h >> 1); /* non-negative, so never -1 */
    return r;
}

object_t *str_new_len(const char *s, size_t len, size_t nchars)
{
    struct str_object *str = (struct str_object *)object_alloc(&str_type, sizeof *str + len + 1);
    if (!str)
        return NULL;
    str->len = len;
    str->nchars = nchars;
    memcpy(str->data, s, len);
    str->data[len] = 0;
    str->hash = str_hash_bytes(s, len);
    return &str->ob;
}

object_t *str_new(const char *s)
{
    size_t len = strlen(s), nchars = 0;
    for (size_t i = 0; i < len; i++)
        nchars += ((unsigned char)s[i] & 0xc0) != 0x80;
    return str_new_len(s, len, nchars);
}

const char *str_value(object_t *o)
{
    if (o->type->kind != TYPE_KIND_STR)
        platform_panic("str_value: object %p is a %s, not a str", (void *)o, type_name(o));
    return ((struct str_object *)o)->data;
}
