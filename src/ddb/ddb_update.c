/* ddb_update: evaluation of SET right-hand sides (if_not_exists,
 * list_append, + and -) and the four update actions, with DynamoDB's
 * run-time errors. */
#include "ddb/ddb_update.h"
#include "ddb/ddb_eval.h"
#include <stdlib.h>
#include <string.h>

#define MISSING "The provided expression refers to an attribute that does not exist in the item"
#define BAD_TYPE "An operand in the update expression has an incorrect data type"
#define BAD_PATH "The document path provided in the update expression is invalid for update"
#define BAD_INDEX_TYPE "The update expression attempted to update the secondary index key to unsupported type"

typedef struct upd {
    arena *ar;
    ddb_value *item;
    const ddb_update *u;
    ddb_value *vals;        /* resolved SET values, by action */
    /* list changes applied at the end: appends, then removals */
    struct later { size_t action; uint32_t index; bool remove; } *later;
    size_t nlater, cap;
} upd;

/* ================================================================ SET values */

static const char *resolve(upd *s, const ddb_expr *x, ddb_value *out);

static const char *arith(upd *s, const ddb_expr *x, ddb_value *out)
{
    ddb_value a, b;
    const char *err = resolve(s, x->args[0], &a);
    if (err)
        return err;
    if (a.type != DDB_N)
        return BAD_TYPE;
    if ((err = resolve(s, x->args[1], &b)))
        return err;
    if (b.type != DDB_N)
        return BAD_TYPE;
    memset(out, 0, sizeof *out);
    out->type = DDB_N;
    ddb_num_status st = x->kind == DDB_X_PLUS ? ddb_num_add(&a.u.num, &b.u.num, &out->u.num)
                                              : ddb_num_sub(&a.u.num, &b.u.num, &out->u.num);
    return st == DDB_NUM_OK ? NULL : ddb_num_message(st);
}

static const char *list_append(upd *s, const ddb_expr *x, ddb_value *out)
{
    ddb_value a, b;
    const char *err = resolve(s, x->args[0], &a);
    if (err)
        return err;
    if (a.type != DDB_L)
        return BAD_TYPE;
    if ((err = resolve(s, x->args[1], &b)))
        return err;
    if (b.type != DDB_L)
        return BAD_TYPE;
    memset(out, 0, sizeof *out);
    out->type = DDB_L;
    for (size_t i = 0; i < a.u.list.len; i++)
        ddb_list_push(s->ar, out, &a.u.list.items[i]);
    for (size_t i = 0; i < b.u.list.len; i++)
        ddb_list_push(s->ar, out, &b.u.list.items[i]);
    return NULL;
}

/* The value of a right-hand-side term, as a private copy (later actions
 * change the item in place). */
static const char *resolve(upd *s, const ddb_expr *x, ddb_value *out)
{
    const ddb_value *v;
    switch (x->kind) {
    case DDB_X_PAREN: return resolve(s, x->args[0], out);
    case DDB_X_VALUE: *out = *x->value; return NULL;
    case DDB_X_PATH:
        if (!(v = ddb_path_get(s->item, &x->path)))
            return MISSING;
        ddb_value_copy(s->ar, v, out);
        return NULL;
    case DDB_X_PLUS:
    case DDB_X_MINUS: return arith(s, x, out);
    case DDB_X_CALL:
        if (x->fn == DDB_FN_LIST_APPEND)
            return list_append(s, x, out);
        if ((v = ddb_path_get(s->item, &x->args[0]->path))) {
            ddb_value_copy(s->ar, v, out);
            return NULL;
        }
        return resolve(s, x->args[1], out);
    default: return MISSING;
    }
}

/* ================================================================ actions */

static void defer(upd *s, size_t action, uint32_t index, bool remove)
{
    if (s->nlater == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 8;
        s->later = arena_grow(s->ar, s->later, s->cap * sizeof *s->later, ncap * sizeof *s->later);
        s->cap = ncap;
    }
    s->later[s->nlater].action = action;
    s->later[s->nlater].index = index;
    s->later[s->nlater++].remove = remove;
}

/* The container holding the last element of path (the item itself for a
 * top-level name), or NULL. */
static ddb_value *parent_of(ddb_value *item, const ddb_path *path)
{
    ddb_path prefix = *path;
    prefix.n--;
    return (ddb_value *)ddb_path_get(item, &prefix);
}

static void put(upd *s, size_t action, ddb_value *parent, const ddb_pelem *last, const ddb_value *v)
{
    if (!last->is_index) {
        ddb_map_put(s->ar, parent, last->name, last->len, v);
    } else if (last->index < parent->u.list.len) {
        parent->u.list.items[last->index] = *v;
    } else {
        s->vals[action] = *v;
        defer(s, action, last->index, false);
    }
}

static void drop(upd *s, size_t action, ddb_value *parent, const ddb_pelem *last)
{
    if (last->is_index)
        defer(s, action, last->index, true);
    else
        ddb_map_remove(parent, last->name, last->len);
}

static const char *do_add(upd *s, size_t i, ddb_value *parent, const ddb_pelem *last, ddb_value *existing)
{
    const ddb_value *v = s->u->actions[i].value->value;
    if (existing && existing->type != v->type)
        return BAD_TYPE;
    ddb_value r;
    if (v->type == DDB_N) {
        r = *v;
        if (existing) {
            ddb_num_status st = ddb_num_add(&existing->u.num, &v->u.num, &r.u.num);
            if (st != DDB_NUM_OK)
                return ddb_num_message(st);
        }
    } else {
        memset(&r, 0, sizeof r);
        r.type = v->type;
        for (size_t k = 0; existing && k < existing->u.list.len; k++)
            ddb_list_push(s->ar, &r, &existing->u.list.items[k]);
        for (size_t k = 0; k < v->u.list.len; k++)
            if (!existing || !ddb_set_contains(existing, &v->u.list.items[k]))
                ddb_list_push(s->ar, &r, &v->u.list.items[k]);
    }
    if (existing)
        *existing = r;
    else
        put(s, i, parent, last, &r);
    return NULL;
}

static const char *do_delete(upd *s, size_t i, ddb_value *parent, const ddb_pelem *last, ddb_value *existing)
{
    const ddb_value *v = s->u->actions[i].value->value;
    if (!existing)
        return NULL;
    if (existing->type != v->type)
        return BAD_TYPE;
    ddb_value r;
    memset(&r, 0, sizeof r);
    r.type = existing->type;
    for (size_t k = 0; k < existing->u.list.len; k++)
        if (!ddb_set_contains(v, &existing->u.list.items[k]))
            ddb_list_push(s->ar, &r, &existing->u.list.items[k]);
    if (r.u.list.len)
        *existing = r;
    else
        drop(s, i, parent, last);
    return NULL;
}

static const char *check_index_type(const ddb_uaction *a, const ddb_value *v, const ddb_keyattr *keys, size_t nkeys)
{
    if (a->path.n != 1)
        return NULL;
    const ddb_pelem *e = &a->path.elems[0];
    for (size_t k = 0; k < nkeys; k++)
        if (keys[k].len == e->len && memcmp(keys[k].name, e->name, e->len) == 0 && v->type != keys[k].type)
            return BAD_INDEX_TYPE;
    return NULL;
}

static const char *apply_action(upd *s, size_t i, const ddb_keyattr *keys, size_t nkeys)
{
    const ddb_uaction *a = &s->u->actions[i];
    const ddb_pelem *last = &a->path.elems[a->path.n - 1];
    ddb_value *parent = parent_of(s->item, &a->path);
    if (!parent || parent->type != (last->is_index ? DDB_L : DDB_M))
        return BAD_PATH;
    ddb_value *existing = last->is_index ? (last->index < parent->u.list.len ? &parent->u.list.items[last->index] : NULL)
                                         : ddb_map_get(parent, last->name, last->len);
    switch (a->kind) {
    case DDB_U_REMOVE:
        /* An index past the end still counts: elements appended by this
         * update may have moved into it. */
        drop(s, i, parent, last);
        return NULL;
    case DDB_U_ADD: return do_add(s, i, parent, last, existing);
    case DDB_U_DELETE: return do_delete(s, i, parent, last, existing);
    case DDB_U_SET: {
        const char *err = check_index_type(a, &s->vals[i], keys, nkeys);
        if (!err)
            put(s, i, parent, last, &s->vals[i]);
        return err;
    }
    }
    return NULL;
}

static int later_order(const void *x, const void *y)
{
    const struct later *a = x, *b = y;
    if (a->remove != b->remove)
        return a->remove ? 1 : -1;                /* appends first */
    if (a->index != b->index)
        return a->remove ? (a->index < b->index ? 1 : -1) : (a->index < b->index ? -1 : 1);
    return a->action < b->action ? -1 : a->action > b->action;
}

static void apply_later(upd *s)
{
    if (s->nlater)
        qsort(s->later, s->nlater, sizeof *s->later, later_order);
    for (size_t i = 0; i < s->nlater; i++) {
        const struct later *l = &s->later[i];
        ddb_value *list = parent_of(s->item, &s->u->actions[l->action].path);
        if (!list || list->type != DDB_L)
            continue;
        if (!l->remove) {
            ddb_list_push(s->ar, list, &s->vals[l->action]);
        } else if (l->index < list->u.list.len) {
            ddb_value *items = list->u.list.items;
            memmove(items + l->index, items + l->index + 1, (list->u.list.len - l->index - 1) * sizeof *items);
            list->u.list.len--;
        }
    }
}

const char *ddb_update_apply(arena *ar, const ddb_update *u, ddb_value *item, const ddb_keyattr *index_keys,
                             size_t nindex_keys)
{
    upd s;
    memset(&s, 0, sizeof s);
    s.ar = ar;
    s.item = item;
    s.u = u;
    s.vals = arena_calloc(ar, (u->n ? u->n : 1) * sizeof *s.vals);
    for (size_t i = 0; i < u->n; i++) {
        if (u->actions[i].kind != DDB_U_SET)
            continue;
        const char *err = resolve(&s, u->actions[i].value, &s.vals[i]);
        if (err)
            return err;
    }
    for (size_t i = 0; i < u->n; i++) {
        const char *err = apply_action(&s, i, index_keys, nindex_keys);
        if (err)
            return err;
    }
    apply_later(&s);
    return NULL;
}
