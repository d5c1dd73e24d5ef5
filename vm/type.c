/*
 * vm/type.c - type objects: readying the built-in types, the MRO, attribute lookup along it,
 * classes made by class statements (Objects/typeobject.c, reduced).
 *
 * type_ready gives a static type its dict (a builtin method descriptor per method_def, a member
 * descriptor per member_def), its MRO tuple and the slots it inherits from its base. A class made
 * in Python is a heap type: a GC-tracked `struct type` whose dict is the class body's namespace,
 * whose MRO is the C3 linearisation of its bases (bases' MROs merged, each class before its
 * bases, the bases' order kept), and whose slots are "slot_*" functions that look the dunder
 * method up on the type and call it - set only for the dunders the class or its bases define, so
 * an instance of a class without __eq__ still compares by identity at C speed.
 *
 * Invariant: type->mro[0] is the type itself and the last item is `object`.
 */
#include "vm/builtin.h"
#include "vm/types_init.h"
#include "vm/slots.h"

int type_add_dict_member(struct type *t);

object_t *type_lookup(const struct type *t, object_t *name)
{
    /* A static type nobody readied yet (an iterator type...) gets ready on first use. */
    if (__builtin_expect(!(t->vm_flags & VM_TYPE_READY), 0) && type_ready((struct type *)t) < 0)
        return NULL;
    object_t *mro = t->mro;
    if (!mro) {
        for (; t; t = t->base)
            if (t->dict) {
                object_t *v = dict_lookup_str(t->dict, name);
                if (v)
                    return v;
            }
        return NULL;
    }
    size_t n = tuple_size(mro);
    for (size_t i = 0; i < n; i++) {
        struct type *b = (struct type *)tuple_items(mro)[i];
        if (b->dict) {
            object_t *v = dict_lookup_str(b->dict, name);
            if (v)
                return v;
        }
    }
    return NULL;
}

object_t *type_lookup_cstr(const struct type *t, const char *name)
{
    object_t *key = str_intern_cstr(name);
    return key ? type_lookup(t, key) : NULL;
}

bool type_is_subtype(const struct type *a, const struct type *b)
{
    if (a == b)
        return true;
    if (a->mro) {
        size_t n = tuple_size(a->mro);
        for (size_t i = 0; i < n; i++)
            if (tuple_items(a->mro)[i] == (object_t *)b)
                return true;
        return false;
    }
    for (; a; a = a->base)
        if (a == b)
            return true;
    return false;
}

bool vm_isinstance_type(object_t *o, const struct type *t)
{
    return type_is_subtype(o->type, t);
}

/* ---- readying -------------------------------------------------------------------------------- */

#define INHERIT(slot) if (!t->slot) t->slot = b->slot

static void inherit_slots(struct type *t, const struct type *b)
{
    INHERIT(repr);
    INHERIT(str);
    INHERIT(getattro);
    INHERIT(setattro);
    INHERIT(iter);
    INHERIT(iternext);
    INHERIT(call);
    INHERIT(descr_get);
    INHERIT(descr_set);
    INHERIT(init);
    INHERIT(newfunc);
    INHERIT(length);
    INHERIT(getitem);
    INHERIT(setitem);
    INHERIT(contains);
    INHERIT(number);
    /* hash and richcompare go together (a class defining __eq__ only is unhashable). */
    if (!t->richcompare && !t->hash) {
        t->richcompare = b->richcompare;
        t->hash = b->hash;
    }
    if (!t->dictoffset)
        t->dictoffset = b->dictoffset;
    t->vm_flags |= b->vm_flags & (VM_TYPE_EXC | VM_TYPE_INT_SUB | VM_TYPE_STR_SUB |
                                  VM_TYPE_TUPLE_SUB | VM_TYPE_LIST_SUB | VM_TYPE_DICT_SUB |
                                  VM_TYPE_TYPE_SUB);
}

static int add_methods(struct type *t)
{
    for (const struct method_def *m = t->methods; m && m->name; m++) {
        object_t *d = method_descr_new(t, m);
        if (!d || dict_store_cstr(t->dict, m->name, d) < 0) {
            XDECREF(d);
            return -1;
        }
        decref(d);
    }
    for (const struct member_def *m = t->members; m && m->name; m++) {
        object_t *d = member_descr_new(t, m);
        if (!d || dict_store_cstr(t->dict, m->name, d) < 0) {
            XDECREF(d);
            return -1;
        }
        decref(d);
    }
    return 0;
}

int type_ready(struct type *t)
{
    if (t->vm_flags & VM_TYPE_READY)
        return 0;
    t->vm_flags |= VM_TYPE_READY;
    t->ob.type = &type_type;
    if (t->ob.refcnt == 0)
        t->ob.refcnt = 1 << 30; /* static types are never freed */
    if (!t->base && t != &object_type)
        t->base = &object_type;
    if (t->base && type_ready(t->base) < 0)
        return -1;
    if (!t->dict && !(t->dict = dict_new()))
        return -1;
    if (!t->name_obj) {
        const char *dot = t->name;
        for (const char *p = t->name; *p; p++)
            if (*p == '.')
                dot = p + 1;
        t->name_obj = str_intern_cstr(dot);
        if (!t->name_obj)
            return -1;
        incref(t->name_obj);
        t->qualname = t->name_obj;
        incref(t->qualname);
    }
    if (t->base) {
        inherit_slots(t, t->base);
        t->bases = tuple_pack(1, (object_t *)t->base);
        size_t n = tuple_size(t->base->mro);
        t->mro = tuple_new(n + 1);
        if (!t->bases || !t->mro)
            return -1;
        incref((object_t *)t);
        tuple_set(t->mro, 0, (object_t *)t);
        for (size_t i = 0; i < n; i++) {
            incref(tuple_items(t->base->mro)[i]);
            tuple_set(t->mro, i + 1, tuple_items(t->base->mro)[i]);
        }
    } else {
        t->bases = tuple_empty();
        t->mro = tuple_pack(1, (object_t *)t);
    }
    if (add_methods(t) < 0 || slots_add_wrappers(t) < 0)
        return -1;
    return 0;
}

/* ---- C3 linearisation -------------------------------------------------------------------------- */

/* Merge the lists in seqs (Python lists, consumed from the front via heads[]) into out. */
static int c3_merge(object_t *out, object_t **seqs, size_t *heads, size_t nseqs)
{
    for (;;) {
        bool empty = true;
        object_t *candidate = NULL;
        for (size_t i = 0; i < nseqs && !candidate; i++) {
            if (heads[i] >= list_size(seqs[i]))
                continue;
            empty = false;
            object_t *c = list_items_of(seqs[i])[heads[i]];
            bool in_tail = false;
            for (size_t j = 0; j < nseqs && !in_tail; j++)
                for (size_t k = heads[j] + 1; k < list_size(seqs[j]); k++)
                    if (list_items_of(seqs[j])[k] == c) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail)
                candidate = c;
        }
        if (empty)
            return 0;
        if (!candidate) {
            /* CPython names the classes still waiting at the heads, each once */
            struct strbuf b;
            sb_init(&b);
            for (size_t i = 0; i < nseqs; i++) {
                if (heads[i] >= list_size(seqs[i]))
                    continue;
                object_t *c = list_items_of(seqs[i])[heads[i]];
                bool seen = false;
                for (size_t j = 0; j < i; j++)
                    if (heads[j] < list_size(seqs[j]) && list_items_of(seqs[j])[heads[j]] == c)
                        seen = true;
                if (seen)
                    continue;
                if (b.len)
                    sb_puts(&b, ", ");
                sb_put_str(&b, ((struct type *)c)->name_obj);
            }
            object_t *names = sb_finish(&b);
            if (names) {
                vm_err_format(exc_TypeError, "Cannot create a consistent method resolution\n"
                                             "order (MRO) for bases %U", names);
                decref(names);
            }
            return -1;
        }
        if (list_append_checked(out, candidate) < 0)
            return -1;
        for (size_t i = 0; i < nseqs; i++)
            if (heads[i] < list_size(seqs[i]) && list_items_of(seqs[i])[heads[i]] == candidate)
                heads[i]++;
    }
}

static object_t *compute_mro(struct type *t, object_t *bases)
{
    size_t nb = tuple_size(bases), nseqs = nb + 1;
    object_t *seqs[nseqs];
    size_t heads[nseqs];
    object_t *out = list_new(), *result = NULL;
    size_t made = 0;

    if (!out)
        return vm_err_nomemory();
    for (size_t i = 0; i < nb; i++, made++) {
        struct type *b = (struct type *)tuple_items(bases)[i];
        seqs[i] = vm_sequence_list(b->mro);
        if (!seqs[i])
            goto done;
        heads[i] = 0;
    }
    seqs[nb] = vm_sequence_list(bases);
    if (!seqs[nb])
        goto done;
    made++;
    heads[nb] = 0;
    if (list_append_checked(out, (object_t *)t) < 0 || c3_merge(out, seqs, heads, nseqs) < 0)
        goto done;
    result = vm_sequence_tuple(out);
done:
    for (size_t i = 0; i < made; i++)
        decref(seqs[i]);
    decref(out);
    return result;
}

/* ---- heap types (classes) ------------------------------------------------------------------------ */

struct heap_type {
    struct type type;
    struct weakref_object *weaklist;
    object_t *slots_names; /* __slots__ tuple or NULL */
    char name_buf[];
};

void heap_type_dealloc(object_t *o)
{
    struct type *t = (struct type *)o;
    gc_untrack(o);
    if (((struct heap_type *)t)->weaklist)
        object_clear_weakrefs(o);
    XDECREF(t->subclasses);
    XDECREF(t->dict);
    XDECREF(t->mro);
    XDECREF(t->bases);
    XDECREF(t->name_obj);
    XDECREF(t->qualname);
    if (t->base)
        decref((object_t *)t->base);
    gc_free(o, sizeof(struct heap_type) + strlen(t->name) + 1);
}

int heap_type_traverse(object_t *o, visitproc visit, void *arg)
{
    struct type *t = (struct type *)o;
    int r;
    if (t->dict && (r = visit(t->dict, arg)))
        return r;
    if (t->mro && (r = visit(t->mro, arg)))
        return r;
    if (t->bases && (r = visit(t->bases, arg)))
        return r;
    if (t->subclasses && (r = visit(t->subclasses, arg)))
        return r;
    if (t->base && (r = visit((object_t *)t->base, arg)))
        return r;
    return 0;
}

int heap_type_clear(object_t *o)
{
    struct type *t = (struct type *)o;
    CLEAR_REF(t->dict);
    CLEAR_REF(t->mro);
    CLEAR_REF(t->bases);
    CLEAR_REF(t->subclasses);
    return 0;
}


static struct type *best_base(object_t *bases)
{
    struct type *best = NULL;
    size_t n = tuple_size(bases);
    for (size_t i = 0; i < n; i++) {
        object_t *b = tuple_items(bases)[i];
        if (!IS_TYPE(b)) {
            vm_err_format(exc_TypeError, "bases must be types");
            return NULL;
        }
        struct type *bt = (struct type *)b;
        if (!(bt->vm_flags & VM_TYPE_BASETYPE)) {
            vm_err_format(exc_TypeError, "type '%s' is not an acceptable base type",
                          bt->name);
            return NULL;
        }
        /* The "solid" base: the one with the largest instance layout wins. */
        if (!best || bt->basic_size > best->basic_size)
            best = bt;
    }
    return best ? best : &object_type;
}

size_t heap_type_weaklist_offset(void)
{
    return offsetof(struct heap_type, weaklist);
}

object_t *type_new_class(object_t *name, object_t *bases, object_t *dict)
{
    size_t nlen = str_bytes(name);
    struct heap_type *ht;
    struct type *t, *base;
    object_t *own_bases;

    if (tuple_size(bases) == 0) {
        own_bases = tuple_pack(1, (object_t *)&object_type);
        if (!own_bases)
            return NULL;
    } else {
        own_bases = bases;
        incref(bases);
    }
    base = best_base(own_bases);
    if (!base) {
        decref(own_bases);
        return NULL;
    }
    ht = (struct heap_type *)gc_alloc(&heap_type_meta, sizeof *ht + nlen + 1);
    if (!ht) {
        decref(own_bases);
        return vm_err_nomemory();
    }
    t = &ht->type;
    memset((char *)t + sizeof(struct object), 0, sizeof *ht - sizeof(struct object));
    memcpy(ht->name_buf, str_data(name), nlen + 1);
    t->name = ht->name_buf;
    t->vm_flags = VM_TYPE_HEAP | VM_TYPE_BASETYPE | VM_TYPE_READY;
    t->base = base;
    incref((object_t *)base);
    t->bases = own_bases;
    t->name_obj = name;
    incref(name);
    object_t *qn = dict_lookup_cstr(dict, "__qualname__");
    t->qualname = qn && IS_STR(qn) ? qn : name;
    incref(t->qualname);
    t->dict = dict_copy(dict);
    if (!t->dict)
        goto fail;
    if (qn)
        dict_remove(t->dict, str_intern_cstr("__qualname__"));

    /* Layout: the base's, plus __dict__ when the base has none (an instance of a class
     * always has a __dict__ here; __slots__ would leave it out). */
    t->basic_size = base->basic_size;
    t->flags = TYPE_FLAG_GC | TYPE_FLAG_WEAKREFABLE;
    /* The collector's inlined walks know the built-in layouts only: a class's instances are
     * walked through their traverse slot (which adds the __dict__ and the class). */
    t->kind = TYPE_KIND_OTHER;
    t->dictoffset = base->dictoffset;
    struct type *solid = base;
    while (solid->vm_flags & VM_TYPE_HEAP)
        solid = solid->base;
    bool instance_like = solid == &object_type || (solid->vm_flags & VM_TYPE_EXC);
    bool var_sized = solid == &tuple_type || solid == &int_type || solid == &str_type ||
                     solid == &bytes_type;
    /* __slots__: a value word per name after the base's layout, and no __dict__ unless named. */
    object_t *slots = dict_lookup_cstr(t->dict, "__slots__"), *slot_names = NULL;
    bool wants_dict = true;
    if (slots) {
        if (!instance_like) {
            vm_err_format(exc_TypeError, "__slots__ on a subclass of '%s' is not supported",
                          solid->name);
            goto fail;
        }
        slot_names = IS_STR(slots) ? tuple_pack(1, slots) : vm_sequence_tuple(slots);
        if (!slot_names)
            goto fail;
        wants_dict = false;
        size_t n = tuple_size(slot_names);
        for (size_t i = 0; i < n; i++) {
            object_t *nm = tuple_items(slot_names)[i];
            if (!IS_STR(nm)) {
                decref(slot_names);
                vm_err_format(exc_TypeError, "__slots__ items must be strings, not '%s'",
                              nm->type->name);
                goto fail;
            }
            if (str_eq_cstr(nm, "__dict__")) {
                wants_dict = true;
                continue;
            }
            if (str_eq_cstr(nm, "__weakref__"))
                continue;
            object_t *d = slot_descr_new(t, nm, t->basic_size);
            if (!d || dict_store(t->dict, nm, d) < 0) {
                XDECREF(d);
                decref(slot_names);
                goto fail;
            }
            decref(d);
            t->basic_size += sizeof(object_t *);
        }
        decref(slot_names);
    }
    if (!t->dictoffset && !var_sized && wants_dict) {
        if (!instance_like) {
            /* a subclass of list/dict/int...: append the __dict__ pointer */
            t->dictoffset = base->basic_size;
            t->basic_size = base->basic_size + sizeof(object_t *);
        } else {
            t->dictoffset = offsetof(struct instance_layout, dict);
            if (t->basic_size < sizeof(struct instance_layout))
                t->basic_size = sizeof(struct instance_layout);
        }
    }
    t->mro = compute_mro(t, own_bases);
    if (!t->mro)
        goto fail;
    /* Inherit along the MRO (the first base that has a slot wins). */
    for (size_t i = 1; i < tuple_size(t->mro); i++)
        inherit_slots(t, (struct type *)tuple_items(t->mro)[i]);
    t->dealloc = base->dealloc;
    t->traverse = base->traverse;
    t->clear = base->clear;
    t->finalize = base->finalize;
    if (instance_like) {
        if (solid == &object_type)
            t->vm_flags |= VM_TYPE_INLINE_DICT;
        t->dealloc = instance_dealloc;
        t->traverse = instance_traverse;
        t->clear = instance_clear;
    } else {
        t->dealloc = subclass_dealloc;
        t->traverse = subclass_traverse;
        t->clear = subclass_clear;
    }
    if (!(base->flags & TYPE_FLAG_WEAKREFABLE) && base != &object_type &&
        !(base->vm_flags & VM_TYPE_EXC))
        t->flags &= ~TYPE_FLAG_WEAKREFABLE;
    if (slots_install_dunders(t) < 0)
        goto fail;
    if (t->dictoffset && !dict_lookup_cstr(t->dict, "__dict__") && type_add_dict_member(t) < 0)
        goto fail;
    gc_track((object_t *)t);
    /* Each heap base remembers its subclasses weakly (type.__subclasses__). */
    for (size_t i = 0; i < tuple_size(own_bases); i++) {
        struct type *b = (struct type *)tuple_items(own_bases)[i];
        if (!(b->vm_flags & VM_TYPE_HEAP))
            continue;
        object_t *wr = weakref_new((object_t *)t, NULL, NULL);
        if (!wr || ((!b->subclasses && !(b->subclasses = list_new())) ||
                    list_append_checked(b->subclasses, wr) < 0)) {
            XDECREF(wr);
            decref((object_t *)t);
            return vm_err_nomemory();
        }
        decref(wr);
    }
    return (object_t *)t;
fail:
    decref((object_t *)t);
    return NULL;
}

/* ---- attribute access ---------------------------------------------------------------------------- */

object_t **object_dict_slot(object_t *o)
{
    size_t off = o->type->dictoffset;
    return off ? (object_t **)((char *)o + off) : NULL;
}

static bool is_data_descriptor(object_t *d)
{
    return d->type->descr_set != NULL;
}

object_t *object_generic_getattr(object_t *o, object_t *name)
{
    struct type *t = type_of(o);
    object_t *descr = type_lookup(t, name);
    object_t **dictp;

    if (descr) {
        incref(descr);
        if (descr->type->descr_get && is_data_descriptor(descr)) {
            object_t *r = descr->type->descr_get(descr, o, (object_t *)t);
            decref(descr);
            return r;
        }
    }
    dictp = object_dict_slot(o);
    if (dictp && *dictp) {
        object_t *v = dict_lookup_str(*dictp, name);
        if (v) {
            incref(v);
            XDECREF(descr);
            return v;
        }
    }
    if (descr) {
        if (descr->type->descr_get) {
            object_t *r = descr->type->descr_get(descr, o, (object_t *)t);
            decref(descr);
            return r;
        }
        return descr;
    }
    return vm_err_format(exc_AttributeError, "'%s' object has no attribute '%U'", t->name, name);
}

int object_generic_setattr(object_t *o, object_t *name, object_t *value)
{
    struct type *t = type_of(o);
    object_t *descr = type_lookup(t, name);
    object_t **dictp;

    if (descr && descr->type->descr_set) {
        incref(descr);
        int r = descr->type->descr_set(descr, o, value);
        decref(descr);
        return r;
    }
    dictp = object_dict_slot(o);
    if (!dictp) {
        if (descr)
            vm_err_format(exc_AttributeError, "'%s' object attribute '%U' is read-only",
                          t->name, name);
        else
            vm_err_format(exc_AttributeError, "'%s' object has no attribute '%U'", t->name,
                          name);
        return -1;
    }
    if (!*dictp) {
        if (!value)
            goto missing;
        if (!(*dictp = dict_new())) {
            vm_err_nomemory();
            return -1;
        }
        if (t->vm_flags & VM_TYPE_INLINE_DICT)
            dict_set_owned(*dictp);
    }
    if (value)
        return dict_store(*dictp, name, value);
    if (dict_lookup_str(*dictp, name))
        return dict_remove(*dictp, name);
missing:
    vm_err_format(exc_AttributeError, "'%s' object has no attribute '%U'", t->name, name);
    return -1;
}
