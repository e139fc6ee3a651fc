/* ddb_eval: path lookup, condition evaluation with DynamoDB's rules for
 * missing operands and mismatched types, and projection building. */
#include "ddb/ddb_eval.h"
#include <string.h>

const ddb_value *ddb_path_get(const ddb_value *item, const ddb_path *p)
{
    const ddb_value *v = item;
    if (!v)
        return NULL;
    for (size_t i = 0; i < p->n && v; i++) {
        const ddb_pelem *e = &p->elems[i];
        if (e->is_index) {
            if (v->type != DDB_L || e->index >= v->u.list.len)
                return NULL;
            v = &v->u.list.items[e->index];
        } else {
            if (v->type != DDB_M || !e->name)
                return NULL;
            v = ddb_map_get(v, e->name, e->len);
        }
    }
    return v;
}

bool ddb_value_length(const ddb_value *v, uint64_t *len)
{
    switch (v->type) {
    case DDB_S: {
        uint64_t n = 0;
        for (size_t i = 0; i < v->u.str.len; i++) {
            unsigned char c = (unsigned char)v->u.str.ptr[i];
            if ((c & 0xC0) != 0x80)
                n += c >= 0xF0 ? 2 : 1;   /* astral code points are two UTF-16 units */
        }
        *len = n;
        return true;
    }
    case DDB_B: *len = v->u.str.len; return true;
    case DDB_SS:
    case DDB_NS:
    case DDB_BS:
    case DDB_L: *len = v->u.list.len; return true;
    case DDB_M: *len = v->u.map.len; return true;
    default: return false;
    }
}

/* The value of an operand, or NULL when it has none; size() results are
 * built in *scratch. */
static const ddb_value *operand(const ddb_expr *x, const ddb_value *item, ddb_value *scratch)
{
    while (x->kind == DDB_X_PAREN)
        x = x->args[0];
    switch (x->kind) {
    case DDB_X_PATH: return ddb_path_get(item, &x->path);
    case DDB_X_VALUE: return x->value;
    case DDB_X_CALL: {
        ddb_value tmp;
        const ddb_value *v = x->fn == DDB_FN_SIZE ? operand(x->args[0], item, &tmp) : NULL;
        uint64_t n;
        if (!v || !ddb_value_length(v, &n))
            return NULL;
        memset(scratch, 0, sizeof *scratch);
        scratch->type = DDB_N;
        scratch->u.num = ddb_num_from_u64(n);
        return scratch;
    }
    default: return NULL;
    }
}

static bool compare(ddb_cmp op, const ddb_value *a, const ddb_value *b)
{
    if (op == DDB_EQ)
        return a && b && ddb_value_equal(a, b);
    if (op == DDB_NE)
        return !(a && b && ddb_value_equal(a, b));
    int c;
    if (!a || !b || !ddb_value_order(a, b, &c))
        return false;
    switch (op) {
    case DDB_LT: return c < 0;
    case DDB_LE: return c <= 0;
    case DDB_GT: return c > 0;
    default: return c >= 0;
    }
}

static bool bytes_contain(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0)
        return true;
    if (nn > hn)
        return false;
    for (size_t i = 0; i + nn <= hn; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nn) == 0)
            return true;
    return false;
}

static bool contains(const ddb_value *a, const ddb_value *b)
{
    if (!a || !b)
        return false;
    switch (a->type) {
    case DDB_S:
    case DDB_B: return b->type == a->type && bytes_contain(a->u.str.ptr, a->u.str.len, b->u.str.ptr, b->u.str.len);
    case DDB_SS: return b->type == DDB_S && ddb_set_contains(a, b);
    case DDB_NS: return b->type == DDB_N && ddb_set_contains(a, b);
    case DDB_BS: return b->type == DDB_B && ddb_set_contains(a, b);
    case DDB_L: return ddb_set_contains(a, b);
    default: return false;
    }
}

static bool begins_with(const ddb_value *a, const ddb_value *b)
{
    if (!a || !b || a->type != b->type || (a->type != DDB_S && a->type != DDB_B))
        return false;
    return a->u.str.len >= b->u.str.len && memcmp(a->u.str.ptr, b->u.str.ptr, b->u.str.len) == 0;
}

static bool call(const ddb_expr *x, const ddb_value *item)
{
    ddb_value s1, s2;
    const ddb_value *a = operand(x->args[0], item, &s1);
    const ddb_value *b = x->nargs > 1 ? operand(x->args[1], item, &s2) : NULL;
    switch (x->fn) {
    case DDB_FN_ATTRIBUTE_EXISTS: return a != NULL;
    case DDB_FN_ATTRIBUTE_NOT_EXISTS: return a == NULL;
    case DDB_FN_ATTRIBUTE_TYPE: {
        const char *t = a ? ddb_type_name(a->type) : NULL;
        return a && b && b->type == DDB_S && b->u.str.len == strlen(t) && memcmp(b->u.str.ptr, t, b->u.str.len) == 0;
    }
    case DDB_FN_BEGINS_WITH: return begins_with(a, b);
    case DDB_FN_CONTAINS: return contains(a, b);
    default: return false;
    }
}

static bool between(const ddb_expr *x, const ddb_value *item)
{
    ddb_value s0, s1, s2;
    const ddb_value *v = operand(x->args[0], item, &s0);
    const ddb_value *lo = operand(x->args[1], item, &s1);
    const ddb_value *hi = operand(x->args[2], item, &s2);
    int c1, c2;
    return v && lo && hi && ddb_value_order(v, lo, &c1) && ddb_value_order(v, hi, &c2) && c1 >= 0 && c2 <= 0;
}

static bool in_list(const ddb_expr *x, const ddb_value *item)
{
    ddb_value s0, s1;
    const ddb_value *v = operand(x->args[0], item, &s0);
    if (!v)
        return false;
    for (size_t i = 1; i < x->nargs; i++) {
        const ddb_value *c = operand(x->args[i], item, &s1);
        if (c && ddb_value_equal(v, c))
            return true;
    }
    return false;
}

bool ddb_eval_condition(const ddb_expr *x, const ddb_value *item)
{
    switch (x->kind) {
    case DDB_X_AND: return ddb_eval_condition(x->args[0], item) && ddb_eval_condition(x->args[1], item);
    case DDB_X_OR: return ddb_eval_condition(x->args[0], item) || ddb_eval_condition(x->args[1], item);
    case DDB_X_NOT: return !ddb_eval_condition(x->args[0], item);
    case DDB_X_PAREN: return ddb_eval_condition(x->args[0], item);
    case DDB_X_CMP: {
        ddb_value s1, s2;
        return compare(x->op, operand(x->args[0], item, &s1), operand(x->args[1], item, &s2));
    }
    case DDB_X_BETWEEN: return between(x, item);
    case DDB_X_IN: return in_list(x, item);
    case DDB_X_CALL: return call(x, item);
    default: return false;
    }
}

/* ================================================================ projection */

typedef struct pnode pnode;
typedef struct pkid {
    const char *name;
    size_t len;
    uint32_t index;
    pnode *node;
} pkid;

struct pnode {
    const ddb_value *leaf;   /* a projected value, or NULL for a container */
    bool is_list;
    pkid *kids;
    size_t n, cap;
};

static pnode *child(arena *ar, pnode *parent, const ddb_pelem *e)
{
    for (size_t i = 0; i < parent->n; i++) {
        pkid *k = &parent->kids[i];
        if (e->is_index ? k->index == e->index && !k->name
                        : k->name && k->len == e->len && memcmp(k->name, e->name, e->len) == 0)
            return k->node;
    }
    if (parent->n == parent->cap) {
        size_t ncap = parent->cap ? parent->cap * 2 : 4;
        parent->kids = arena_grow(ar, parent->kids, parent->cap * sizeof *parent->kids, ncap * sizeof *parent->kids);
        parent->cap = ncap;
    }
    pkid *k = &parent->kids[parent->n++];
    k->name = e->is_index ? NULL : e->name;
    k->len = e->is_index ? 0 : e->len;
    k->index = e->index;
    k->node = arena_calloc(ar, sizeof *k->node);
    parent->is_list = e->is_index;
    return k->node;
}

static void build(arena *ar, const pnode *n, ddb_value *out)
{
    if (n->leaf) {
        *out = *n->leaf;
        return;
    }
    memset(out, 0, sizeof *out);
    out->type = n->is_list ? DDB_L : DDB_M;
    /* List elements come out in index order, holes squeezed out. */
    pkid *order = arena_alloc(ar, (n->n ? n->n : 1) * sizeof *order);
    if (n->n)
        memcpy(order, n->kids, n->n * sizeof *order);
    for (size_t i = 1; n->is_list && i < n->n; i++)
        for (size_t k = i; k > 0 && order[k - 1].index > order[k].index; k--) {
            pkid t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (size_t i = 0; i < n->n; i++) {
        ddb_value v;
        build(ar, order[i].node, &v);
        if (n->is_list)
            ddb_list_push(ar, out, &v);
        else
            ddb_map_put(ar, out, order[i].name, order[i].len, &v);
    }
}

void ddb_project(arena *ar, const ddb_value *item, const ddb_path *const *paths, size_t n, ddb_value *out)
{
    pnode root;
    memset(&root, 0, sizeof root);
    for (size_t i = 0; i < n; i++) {
        const ddb_value *v = ddb_path_get(item, paths[i]);
        if (!v)
            continue;
        pnode *at = &root;
        for (size_t k = 0; k < paths[i]->n; k++)
            at = child(ar, at, &paths[i]->elems[k]);
        at->leaf = v;
        at->n = 0;
    }
    root.is_list = false;
    build(ar, &root, out);
}
