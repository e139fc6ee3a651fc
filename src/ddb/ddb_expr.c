/* ddb_expr: constructors for the expression syntax tree (one per grammar
 * action) and small helpers shared by the checker and the evaluator. */
#include "ddb/ddb_expr.h"
#include "base/strbuf.h"
#include <stdlib.h>
#include <string.h>

static ddb_expr *node(arena *ar, ddb_xkind k, vtl_span sp)
{
    ddb_expr *x = arena_calloc(ar, sizeof *x);
    x->kind = k;
    x->span = sp;
    x->vtype = -1;
    return x;
}

static void push_arg(arena *ar, ddb_expr *x, ddb_expr *a)
{
    if (x->nargs == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 4;
        x->args = arena_grow(ar, x->args, x->cap * sizeof *x->args, ncap * sizeof *x->args);
        x->cap = ncap;
    }
    x->args[x->nargs++] = a;
}

static void push_elem(arena *ar, ddb_path *p, const ddb_pelem *e)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 4;
        p->elems = arena_grow(ar, p->elems, p->cap * sizeof *p->elems, ncap * sizeof *p->elems);
        p->cap = ncap;
    }
    p->elems[p->n++] = *e;
}

static ddb_pelem name_elem(const ddb_tok *t, bool placeholder)
{
    ddb_pelem e;
    memset(&e, 0, sizeof e);
    e.placeholder = placeholder;
    e.raw = t->text;
    e.raw_len = t->len;
    if (!placeholder) {
        e.name = t->text;
        e.len = t->len;
    }
    return e;
}

ddb_expr *ddb_x_path(arena *ar, const ddb_tok *t, bool placeholder, vtl_span sp)
{
    ddb_expr *x = node(ar, DDB_X_PATH, sp);
    ddb_pelem e = name_elem(t, placeholder);
    push_elem(ar, &x->path, &e);
    x->path.span = sp;
    return x;
}

/* The path a suffix extends: x itself, or the path inside (single or nested)
 * parentheses, copied so the parenthesised node keeps its own. */
static ddb_expr *suffix_base(arena *ar, ddb_expr *x, vtl_span sp)
{
    if (x->kind == DDB_X_PATH) {
        x->span = sp;
        x->path.span = sp;
        return x;
    }
    ddb_expr *in = x;
    while (in->kind == DDB_X_PAREN)
        in = in->args[0];
    if (in->kind != DDB_X_PATH || in->bad_suffix) {
        x->bad_suffix = true;
        return NULL;
    }
    ddb_expr *p = node(ar, DDB_X_PATH, sp);
    for (size_t i = 0; i < in->path.n; i++)
        push_elem(ar, &p->path, &in->path.elems[i]);
    p->path.span = sp;
    /* Keep the parenthesised form reachable for the redundancy check. */
    push_arg(ar, p, x);
    return p;
}

ddb_expr *ddb_x_member(arena *ar, ddb_expr *x, const ddb_tok *t, bool placeholder, vtl_span sp)
{
    ddb_expr *p = suffix_base(ar, x, sp);
    if (!p)
        return x;
    ddb_pelem e = name_elem(t, placeholder);
    push_elem(ar, &p->path, &e);
    return p;
}

ddb_expr *ddb_x_index(arena *ar, ddb_expr *x, const ddb_tok *t, vtl_span sp)
{
    ddb_expr *p = suffix_base(ar, x, sp);
    if (!p)
        return x;
    ddb_pelem e;
    memset(&e, 0, sizeof e);
    e.is_index = true;
    unsigned long long v = 0;
    for (size_t i = 0; i < t->len; i++) {
        v = v * 10 + (unsigned)(t->text[i] - '0');
        if (v > UINT32_MAX)
            v = UINT32_MAX;
    }
    e.index = (uint32_t)v;
    e.raw = t->text;
    e.raw_len = t->len;
    push_elem(ar, &p->path, &e);
    return p;
}

ddb_expr *ddb_x_value(arena *ar, const ddb_tok *t, vtl_span sp)
{
    ddb_expr *x = node(ar, DDB_X_VALUE, sp);
    x->name = t->text;
    x->len = t->len;
    return x;
}

ddb_expr *ddb_x_call(arena *ar, const ddb_tok *name, ddb_expr *args, vtl_span sp)
{
    ddb_expr *x = node(ar, DDB_X_CALL, sp);
    x->name = name->text;
    x->len = name->len;
    x->fn = ddb_fn_lookup(name->text, name->len);
    x->args = args->args;
    x->nargs = args->nargs;
    x->cap = args->cap;
    return x;
}

ddb_expr *ddb_x_paren(arena *ar, ddb_expr *x, vtl_span sp)
{
    ddb_expr *p = node(ar, DDB_X_PAREN, sp);
    push_arg(ar, p, x);
    return p;
}

ddb_expr *ddb_x_cmp(arena *ar, ddb_cmp op, ddb_expr *a, ddb_expr *b, vtl_span sp)
{
    ddb_expr *x = node(ar, DDB_X_CMP, sp);
    x->op = op;
    push_arg(ar, x, a);
    push_arg(ar, x, b);
    return x;
}

ddb_expr *ddb_x_between(arena *ar, ddb_expr *a, ddb_expr *lo, ddb_expr *hi, vtl_span sp)
{
    ddb_expr *x = node(ar, DDB_X_BETWEEN, sp);
    push_arg(ar, x, a);
    push_arg(ar, x, lo);
    push_arg(ar, x, hi);
    return x;
}

ddb_expr *ddb_x_in(arena *ar, ddb_expr *a, ddb_expr *list, vtl_span sp)
{
    ddb_expr *x = node(ar, DDB_X_IN, sp);
    push_arg(ar, x, a);
    for (size_t i = 0; i < list->nargs; i++)
        push_arg(ar, x, list->args[i]);
    return x;
}

ddb_expr *ddb_x_op(arena *ar, ddb_xkind kind, ddb_expr *a, ddb_expr *b, vtl_span sp)
{
    ddb_expr *x = node(ar, kind, sp);
    push_arg(ar, x, a);
    if (b)
        push_arg(ar, x, b);
    return x;
}

ddb_expr *ddb_x_list(arena *ar, ddb_expr *list, ddb_expr *item)
{
    if (!list)
        list = node(ar, DDB_X_CALL, item->span);
    push_arg(ar, list, item);
    return list;
}

void ddb_u_clause(arena *ar, ddb_update *u, ddb_ukind k)
{
    if (u->nclauses == u->ccap) {
        size_t ncap = u->ccap ? u->ccap * 2 : 4;
        u->clauses = arena_grow(ar, u->clauses, u->ccap * sizeof *u->clauses, ncap * sizeof *u->clauses);
        u->ccap = ncap;
    }
    u->clauses[u->nclauses++] = k;
}

void ddb_u_action(arena *ar, ddb_update *u, ddb_expr *path, ddb_expr *value)
{
    if (u->n == u->cap) {
        size_t ncap = u->cap ? u->cap * 2 : 8;
        u->actions = arena_grow(ar, u->actions, u->cap * sizeof *u->actions, ncap * sizeof *u->actions);
        u->cap = ncap;
    }
    ddb_uaction *a = &u->actions[u->n++];
    memset(a, 0, sizeof *a);
    /* The clause keyword is reduced after its actions, so the kind is filled
     * in by ddb_u_clause's caller through the clause index. */
    a->clause = (int)u->nclauses;
    a->path = path->path;
    a->value = value;
}

void ddb_proj_add(arena *ar, ddb_path **paths, size_t *n, size_t *cap, ddb_expr *x)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        *paths = arena_grow(ar, *paths, *cap * sizeof **paths, ncap * sizeof **paths);
        *cap = ncap;
    }
    (*paths)[(*n)++] = x->path;
}

static const struct {
    const char *name;
    ddb_fn fn;
} functions[] = {
    {"attribute_exists", DDB_FN_ATTRIBUTE_EXISTS},
    {"attribute_not_exists", DDB_FN_ATTRIBUTE_NOT_EXISTS},
    {"attribute_type", DDB_FN_ATTRIBUTE_TYPE},
    {"begins_with", DDB_FN_BEGINS_WITH},
    {"contains", DDB_FN_CONTAINS},
    {"if_not_exists", DDB_FN_IF_NOT_EXISTS},
    {"list_append", DDB_FN_LIST_APPEND},
    {"size", DDB_FN_SIZE},
};

ddb_fn ddb_fn_lookup(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
        if (strlen(functions[i].name) == n && memcmp(functions[i].name, s, n) == 0)
            return functions[i].fn;
    return DDB_FN_UNKNOWN;
}

const char *ddb_path_text(arena *ar, const ddb_path *p)
{
    strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '[');
    for (size_t i = 0; i < p->n; i++) {
        const ddb_pelem *e = &p->elems[i];
        if (i)
            strbuf_puts(&sb, ", ");
        if (e->is_index)
            strbuf_printf(&sb, "[%u]", e->index);
        else if (e->name)
            strbuf_append(&sb, e->name, e->len);
        else
            strbuf_puts(&sb, "undefined");
    }
    strbuf_putc(&sb, ']');
    char *s = arena_strndup(ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}
