/* util_transform: the $util.transform namespace (reference 4.14). Each helper
 * reads an Amplify-style filter map ({field: {op: value}, and: [...], or: [...],
 * not: {...}}) and rewrites it as a DynamoDB filter/condition expression, an
 * OpenSearch query or a subscription filter. Input the shape does not allow
 * gives null, as on AWS; a wrong argument type is "method not found". */
#include "util/util.h"
#include "util/util_dynamodb.h"
#include "vval/vval_json.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* Nesting deeper than this is a filter that contains itself: Java overflows its stack. */
#define MAX_DEPTH 1000
/* toSubscriptionFilter multiplies groups out; refuse an explosion instead of exhausting memory. */
#define MAX_GROUPS 10000

/* (data, length) argument pairs for cat(). */
#define S(v) (v)->data, (v)->len
#define L(lit) lit, sizeof lit - 1
#define C(s) s, strlen(s)

/* An arena string made of n (const char *, size_t) pieces. */
static vstr *cat(arena *ar, int n, ...)
{
    /* The pieces are joined in the arena: the expression builders call this
     * for every term, and a heap buffer each time cost a malloc and a free. */
    va_list ap;
    size_t total = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        (void)va_arg(ap, const char *);
        total += va_arg(ap, size_t);
    }
    va_end(ap);
    char *buf = arena_alloc(ar, total + 1), *d = buf;
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        const char *p = va_arg(ap, const char *);
        size_t len = va_arg(ap, size_t);
        if (len)
            memcpy(d, p, len);
        d += len;
    }
    va_end(ap);
    return vstr_new(ar, buf, total);
}

static bool key_is(vval k, const char *s)
{
    return k.kind == VVAL_STRING && k.u.s->len == strlen(s) && memcmp(k.u.s->data, s, k.u.s->len) == 0;
}

static bool is_list(vval v) { return v.kind == VVAL_LIST && !v.u.l->is_array; }

/* ================================================================ DynamoDB expressions (4.14.1) */

/* One expression build. Builders return the expression text, or NULL when the
 * filter cannot be rendered (the helper then returns null) or an error was
 * recorded (err == M_ERROR). */
typedef struct fx {
    eval_state *ev;
    const ast_node *site;
    bool parens;        /* each condition in parentheses, as recorded from AWS */
    const char *sep;    /* between a function's arguments: "," (AWS) or ", " (DOC example) */
    vmap *names, *values;
    mres err;
    int depth;
} fx;

/* n parts joined by `joiner`, in parentheses when there are several. Empty parts
 * are joined like any other, which leaves a dangling joiner (as AWS does). */
static vstr *join(fx *x, vstr **parts, size_t n, const char *joiner, bool wrap)
{
    strbuf sb = STRBUF_INIT;
    bool paren = wrap && n > 1;
    if (paren)
        strbuf_putc(&sb, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_puts(&sb, joiner);
        strbuf_append(&sb, S(parts[i]));
    }
    if (paren)
        strbuf_putc(&sb, ')');
    vstr *s = vstr_new(x->ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

static bool too_deep(fx *x)
{
    if (x->depth <= MAX_DEPTH)
        return false;
    x->err = method_throw(x->ev, x->site, "java.lang.StackOverflowError: the filter nests more than %d levels",
                          MAX_DEPTH);
    return true;
}

/* Registers ":<name>" with the typed value; returns the placeholder. */
static vstr *value_ref(fx *x, const vstr *name, vval v)
{
    vval typed;
    if (util_dynamodb_typed(x->ev, v, &typed, x->site) != M_OK) {
        x->err = M_ERROR;
        return NULL;
    }
    vstr *ph = cat(x->ev->ar, 2, L(":"), S(name));
    vmap_put(x->values, vval_from_vstr(ph), typed, NULL);
    return ph;
}

/* The operand of an operator: `#f`, or `size(#f)` under a size operator. */
typedef struct operand {
    const vstr *lhs;    /* what the condition tests */
    const vstr *base;   /* value placeholder stem: <prefix><field>[_size...] */
} operand;

static vstr *fx_ops(fx *x, vval ops, const vstr *field, operand o);

static const char *const compare_ops[][2] = {
    {"eq", "="}, {"ne", "<>"}, {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="},
};
static const char *const function_ops[][2] = {
    {"contains", "contains"}, {"notContains", "NOT contains"}, {"beginsWith", "begins_with"},
};
static const char *const attribute_types[][2] = {
    {"_null", "NULL"}, {"string", "S"}, {"stringSet", "SS"}, {"number", "N"}, {"numberSet", "NS"},
    {"binary", "B"}, {"binarySet", "BS"}, {"boolean", "BOOL"}, {"list", "L"}, {"map", "M"},
};
#define COUNT(t) (sizeof t / sizeof *t)

/* `lhs <sym> :base_op` or `fn(lhs,:base_op)`; NULL when op is neither. */
static vstr *fx_simple(fx *x, const vstr *op, vval v, operand o)
{
    for (size_t i = 0; i < COUNT(compare_ops) + COUNT(function_ops); i++) {
        bool cmp = i < COUNT(compare_ops);
        const char *const *e = cmp ? compare_ops[i] : function_ops[i - COUNT(compare_ops)];
        if (strlen(e[0]) != op->len || memcmp(e[0], op->data, op->len) != 0)
            continue;
        vstr *ph = value_ref(x, cat(x->ev->ar, 3, S(o.base), L("_"), S(op)), v);
        if (!ph)
            return NULL;
        if (cmp)
            return cat(x->ev->ar, 5, S(o.lhs), L(" "), C(e[1]), L(" "), S(ph));
        return cat(x->ev->ar, 6, C(e[1]), L("("), S(o.lhs), C(x->sep), S(ph), L(")"));
    }
    return NULL;
}

/* `lhs BETWEEN :base_between_start AND :base_between_end` (items past two ignored). */
static vstr *fx_between(fx *x, vval v, operand o)
{
    if (!is_list(v) || v.u.l->len < 2)
        return NULL;
    vstr *lo = value_ref(x, cat(x->ev->ar, 2, S(o.base), L("_between_start")), v.u.l->items[0]);
    vstr *hi = lo ? value_ref(x, cat(x->ev->ar, 2, S(o.base), L("_between_end")), v.u.l->items[1]) : NULL;
    if (!hi)
        return NULL;
    return cat(x->ev->ar, 5, S(o.lhs), L(" BETWEEN "), S(lo), L(" AND "), S(hi));
}

/* `lhs IN (:base_in_0, :base_in_1)`; an empty list renders `null` (Java's null + ""). */
static vstr *fx_in(fx *x, vval v, operand o)
{
    if (!is_list(v))
        return NULL;
    if (v.u.l->len == 0)
        return cat(x->ev->ar, 1, L("null"));
    strbuf sb = STRBUF_INIT;
    strbuf_append(&sb, S(o.lhs));
    strbuf_puts(&sb, " IN (");
    for (size_t i = 0; i < v.u.l->len; i++) {
        char num[32];
        snprintf(num, sizeof num, "_in_%zu", i);
        vstr *ph = value_ref(x, cat(x->ev->ar, 2, S(o.base), C(num)), v.u.l->items[i]);
        if (!ph) {
            strbuf_free(&sb);
            return NULL;
        }
        if (i)
            strbuf_puts(&sb, ", ");
        strbuf_append(&sb, S(ph));
    }
    strbuf_putc(&sb, ')');
    vstr *s = vstr_new(x->ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

/* attributeExists (Boolean) and attributeType (a type name from the table). */
static vstr *fx_attribute(fx *x, vval key, vval v, operand o)
{
    if (key_is(key, "attributeExists")) {
        if (v.kind != VVAL_BOOL)
            return NULL;
        return cat(x->ev->ar, 3, C(v.u.b ? "attribute_exists(" : "attribute_not_exists("), S(o.lhs), L(")"));
    }
    if (v.kind != VVAL_STRING)
        return NULL;
    for (size_t i = 0; i < COUNT(attribute_types); i++) {
        if (!key_is(v, attribute_types[i][0]))
            continue;
        vstr *ph = value_ref(x, cat(x->ev->ar, 2, S(o.base), L("_attributeType")),
                             vval_cstr(x->ev->ar, attribute_types[i][1]));
        return ph ? cat(x->ev->ar, 5, L("attribute_type("), S(o.lhs), C(x->sep), S(ph), L(")")) : NULL;
    }
    return NULL;
}

/* One operator of a field; NULL for an unknown operator or a value it cannot take. */
static vstr *fx_op(fx *x, vval key, vval v, const vstr *field, operand o)
{
    if (key.kind != VVAL_STRING)
        return NULL;
    const vstr *op = key.u.s;
    if (key_is(key, "size")) {
        /* size(#f) is the operand of the nested operators; a nested size only lengthens the name */
        operand so = {cat(x->ev->ar, 3, L("size("), S(field), L(")")), cat(x->ev->ar, 2, S(o.base), L("_size"))};
        return v.kind == VVAL_MAP ? fx_ops(x, v, field, so) : NULL;
    }
    vstr *cond;
    if (key_is(key, "between"))
        cond = fx_between(x, v, o);
    else if (key_is(key, "in"))
        cond = fx_in(x, v, o);
    else if (key_is(key, "attributeExists") || key_is(key, "attributeType"))
        cond = fx_attribute(x, key, v, o);
    else
        cond = fx_simple(x, op, v, o);
    if (!cond || !x->parens)
        return cond;
    return cat(x->ev->ar, 3, L("("), S(cond), L(")"));
}

/* The operators of one field, ANDed; several are wrapped in parentheses. */
static vstr *fx_ops(fx *x, vval ops, const vstr *field, operand o)
{
    x->depth++;
    if (too_deep(x))
        return NULL;
    const vmap *m = ops.u.m;
    size_t *order = vmap_order(m, x->ev->ar), n = m->count;
    vstr **parts = arena_alloc(x->ev->ar, (n ? n : 1) * sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        const vmap_entry *e = &m->entries[order[i]];
        if (!(parts[i] = fx_op(x, e->key, e->value, field, o)))
            return NULL;
    }
    x->depth--;
    return join(x, parts, n, " AND ", true);
}

/* A field: registers #name and renders its operators. */
static vstr *fx_field(fx *x, const vstr *name, vval ops, const vstr *prefix)
{
    if (ops.kind != VVAL_MAP)
        return NULL;
    vstr *ref = cat(x->ev->ar, 2, L("#"), S(name));
    vmap_put(x->names, vval_from_vstr(ref), vval_from_vstr((vstr *)name), NULL);
    operand o = {ref, cat(x->ev->ar, 2, S(prefix), S(name))};
    return fx_ops(x, ops, ref, o);
}

static vstr *fx_filter(fx *x, vval filter, const vstr *prefix, size_t *terms);

/* Parenthesised when `wrap`; it then counts as one term. */
static vstr *scoped(fx *x, vstr *s, bool wrap, size_t *terms)
{
    if (!wrap)
        return s;
    *terms = 1;
    return cat(x->ev->ar, 3, L("("), S(s), L(")"));
}

/* and/or: members render with the prefix <prefix><kind>_<i>_. The recorded form
 * wraps a group of several members; the DOC form wraps a group whose text has
 * several terms (a member's own fields and NOT count), as the Amplify simulator
 * does: {and:[{a, b}]} is `(#a = … AND #b = …)`. */
static vstr *fx_group(fx *x, vval list, const char *kind, const vstr *prefix, size_t *terms)
{
    if (!is_list(list))
        return NULL;
    size_t n = list.u.l->len;
    vstr **parts = arena_alloc(x->ev->ar, (n ? n : 1) * sizeof *parts);
    *terms = n ? n - 1 : 0;
    for (size_t i = 0; i < n; i++) {
        char num[48];
        size_t t = 0;
        snprintf(num, sizeof num, "%s_%zu_", kind, i);
        if (!(parts[i] = fx_filter(x, list.u.l->items[i], cat(x->ev->ar, 2, S(prefix), C(num)), &t)))
            return NULL;
        *terms += t;
    }
    vstr *s = join(x, parts, n, strcmp(kind, "or") ? " AND " : " OR ", false);
    return scoped(x, s, x->parens ? n > 1 : *terms > 1, terms);
}

/* A filter map: its fields and groups ANDed, without parentheses of its own.
 * *terms counts the conditions and operators of the text (for fx_group). */
static vstr *fx_filter(fx *x, vval filter, const vstr *prefix, size_t *terms)
{
    if (filter.kind != VVAL_MAP)
        return NULL;
    x->depth++;
    if (too_deep(x))
        return NULL;
    const vmap *m = filter.u.m;
    size_t *order = vmap_order(m, x->ev->ar), n = m->count;
    vstr **parts = arena_alloc(x->ev->ar, (n ? n : 1) * sizeof *parts);
    *terms = n ? n - 1 : 0;
    for (size_t i = 0; i < n; i++) {
        const vmap_entry *e = &m->entries[order[i]];
        vstr *p = NULL;
        size_t t = 1;
        if (key_is(e->key, "and") || key_is(e->key, "or")) {
            p = fx_group(x, e->value, e->key.u.s->data, prefix, &t);
        } else if (key_is(e->key, "not")) {
            vstr *inner = fx_filter(x, e->value, cat(x->ev->ar, 2, S(prefix), L("not_")), &t);
            if (inner && x->parens)
                p = cat(x->ev->ar, 3, L("(NOT "), S(inner), L(")"));
            else if (inner) {
                vstr *operand = scoped(x, inner, t > 1, &t);
                p = cat(x->ev->ar, 2, L("NOT "), S(operand));
                t++;
            }
        } else if (e->key.kind == VVAL_STRING) {
            p = fx_field(x, e->key.u.s, e->value, prefix);
        }
        if (!(parts[i] = p))
            return NULL;
        *terms += t;
    }
    x->depth--;
    return join(x, parts, n, " AND ", false);
}

/* {"expression", "expressionNames", "expressionValues"} as a JSON string, or null.
 * The default is the AppSync VTL reference's form (no parentheses around each
 * condition, ", " between function arguments); --transform-style js selects
 * the form recorded from the APPSYNC_JS runtime. */
static mres dynamodb_expression(eval_state *ev, vval filter, vval *out, const ast_node *site)
{
    if (vval_is_null(filter)) {
        *out = vval_null();
        return M_OK;
    }
    if (filter.kind != VVAL_MAP)
        return M_NOTFOUND;
    bool doc = !ev->opt->transform_parens;
    vval names = vval_map_new(ev->ar), values = vval_map_new(ev->ar);
    fx x = {ev, site, !doc, doc ? ", " : ",", names.u.m, values.u.m, M_OK, 0};
    size_t terms;
    vstr *expr = fx_filter(&x, filter, cat(ev->ar, 0), &terms);
    if (x.err == M_ERROR)
        return M_ERROR;
    if (!expr) {
        *out = vval_null();
        return M_OK;
    }
    vval r = vval_map_new(ev->ar);
    vmap_put_str(r.u.m, "expression", vval_from_vstr(expr));
    vmap_put_str(r.u.m, "expressionNames", names);
    vmap_put_str(r.u.m, "expressionValues", values);
    *out = eval_json_text(ev, r);
    return M_OK;
}

FN(t_to_dynamodb_filter_expression) { UNUSED; return dynamodb_expression(ev, a[0], out, site); }
FN(t_to_dynamodb_condition_expression) { UNUSED; return dynamodb_expression(ev, a[0], out, site); }

/* ================================================================ OpenSearch query DSL (4.14.2) */

typedef struct es {
    eval_state *ev;
    const ast_node *site;
    mres err;
    int depth;
} es;

static bool key_is_ci(vval k, const char *s)
{
    return k.kind == VVAL_STRING && k.u.s->len == strlen(s) && strncasecmp(k.u.s->data, s, k.u.s->len) == 0;
}

/* The one-entry map {k: v}. */
static vval single(eval_state *ev, vval k, vval v)
{
    vval m = vval_map_new(ev->ar);
    vmap_put(m.u.m, k, v, NULL);
    return m;
}
#define SINGLE(ev, k, v) single(ev, vval_cstr((ev)->ar, k), v)

static vval es_bool(eval_state *ev, const char *occur, vval v)
{
    return SINGLE(ev, "bool", SINGLE(ev, occur, v));
}

/* Operators that become {clause: {field: value}}; eq is a term query, as documented. */
static const char *const es_leaf_ops[][2] = {
    {"eq", "term"}, {"match", "match"}, {"matchPhrase", "match_phrase"},
    {"matchPhrasePrefix", "match_phrase_prefix"}, {"multiMatch", "multi_match"},
    {"regexp", "regexp"}, {"wildcard", "wildcard"},
};

/* One operator on a field; false for an unknown operator or a value it cannot take. */
static bool es_op(es *x, vval field, vval op, vval v, vval *out)
{
    eval_state *ev = x->ev;
    for (size_t i = 0; i < COUNT(es_leaf_ops); i++)
        if (key_is(op, es_leaf_ops[i][0])) {
            *out = SINGLE(ev, es_leaf_ops[i][1], single(ev, field, v));
            return true;
        }
    if (key_is(op, "ne")) {
        *out = es_bool(ev, "must_not", SINGLE(ev, "term", single(ev, field, v)));
    } else if (key_is(op, "gt") || key_is(op, "gte") || key_is(op, "lt") || key_is(op, "lte")) {
        *out = SINGLE(ev, "range", single(ev, field, single(ev, op, v)));
    } else if (key_is(op, "range")) {
        if (!is_list(v) || v.u.l->len < 2)
            return false;
        vval bounds = SINGLE(ev, "gte", v.u.l->items[0]);
        vmap_put_str(bounds.u.m, "lte", v.u.l->items[1]);
        *out = SINGLE(ev, "range", single(ev, field, bounds));
    } else if (key_is(op, "exists")) {
        if (v.kind != VVAL_BOOL)
            return false;
        vval q = SINGLE(ev, "exists", SINGLE(ev, "field", field));
        *out = v.u.b ? q : es_bool(ev, "must_not", q);
    } else {
        return false;
    }
    return true;
}

/* One clause stays as it is; several are ANDed in bool.must; none cannot be rendered. */
static bool es_combine(es *x, vval clauses, vval *out)
{
    if (clauses.u.l->len == 0)
        return false;
    *out = clauses.u.l->len == 1 ? clauses.u.l->items[0] : es_bool(x->ev, "must", clauses);
    return true;
}

static bool es_field(es *x, vval field, vval ops, vval *out)
{
    if (ops.kind != VVAL_MAP)
        return false;
    const vmap *m = ops.u.m;
    size_t *order = vmap_order(m, x->ev->ar);
    vval clauses = vval_list_new(x->ev->ar, m->count);
    for (size_t i = 0; i < m->count; i++) {
        vval c;
        if (!es_op(x, field, m->entries[order[i]].key, m->entries[order[i]].value, &c))
            return false;
        vlist_push(clauses.u.l, c);
    }
    return es_combine(x, clauses, out);
}

static bool es_filter(es *x, vval filter, vval *out);

/* and -> bool.must, or -> bool.should with minimum_should_match 1 (always wrapped). */
static bool es_group(es *x, vval list, bool is_or, vval *out)
{
    if (!is_list(list) || list.u.l->len == 0)
        return false;
    vval members = vval_list_new(x->ev->ar, list.u.l->len);
    for (size_t i = 0; i < list.u.l->len; i++) {
        vval c;
        if (!es_filter(x, list.u.l->items[i], &c))
            return false;
        vlist_push(members.u.l, c);
    }
    *out = es_bool(x->ev, is_or ? "should" : "must", members);
    if (is_or)
        vmap_put_str(vmap_find_str(out->u.m, "bool", 4)->u.m, "minimum_should_match", vval_int(1));
    return true;
}

static bool es_not(es *x, vval filter, vval *out)
{
    if (!es_filter(x, filter, out))
        return false;
    *out = es_bool(x->ev, "must_not", *out);
    return true;
}

/* A filter map: one clause per key, combined by es_combine. */
static bool es_filter(es *x, vval filter, vval *out)
{
    if (filter.kind != VVAL_MAP)
        return false;
    if (++x->depth > MAX_DEPTH) {
        x->err = method_throw(x->ev, x->site, "java.lang.StackOverflowError: the filter nests more than %d "
                              "levels", MAX_DEPTH);
        return false;
    }
    const vmap *m = filter.u.m;
    size_t *order = vmap_order(m, x->ev->ar);
    vval clauses = vval_list_new(x->ev->ar, m->count);
    for (size_t i = 0; i < m->count; i++) {
        vval k = m->entries[order[i]].key, v = m->entries[order[i]].value, c;
        bool ok;
        if (key_is_ci(k, "and") || key_is_ci(k, "or"))
            ok = es_group(x, v, key_is_ci(k, "or"), &c);
        else if (key_is_ci(k, "not"))
            ok = es_not(x, v, &c);
        else
            ok = es_field(x, k, v, &c);
        if (!ok)
            return false;
        vlist_push(clauses.u.l, c);
    }
    x->depth--;
    return es_combine(x, clauses, out);
}

/* The query as a JSON string; null when the filter cannot be rendered. */
FN(t_to_elasticsearch_query_dsl)
{
    UNUSED;
    if (vval_is_null(a[0])) {
        *out = vval_null();
        return M_OK;
    }
    if (a[0].kind != VVAL_MAP)
        return M_NOTFOUND;
    es x = {ev, site, M_OK, 0};
    vval q;
    bool ok = es_filter(&x, a[0], &q);
    if (x.err == M_ERROR)
        return M_ERROR;
    *out = ok ? eval_json_text(ev, q) : vval_null();
    return M_OK;
}

/* ================================================================ subscription filters (4.14.3) */

/* Groups are a List of Lists of {fieldName, operator, value}: each inner list is
 * ANDed, the groups are ORed. Alternatives multiply the groups out. */
typedef struct sf {
    eval_state *ev;
    const ast_node *site;
    vval ignored;       /* List of field names to leave out, or null */
    mres err;
    int depth;
} sf;

static vval sf_filter(eval_state *ev, vval field, vval op, vval value)
{
    vval m = vval_map_new(ev->ar);
    vmap_put_str(m.u.m, "fieldName", field);
    vmap_put_str(m.u.m, "operator", op);
    vmap_put_str(m.u.m, "value", value);
    return m;
}

/* Every group extended by every alternative (groups outer, alternatives inner);
 * filters are copied so that no two groups share a map. */
static bool sf_cross(sf *x, vval groups, vval alts, vval *out)
{
    size_t ng = groups.u.l->len, na = alts.u.l->len;
    if (na && ng > MAX_GROUPS / na) {
        x->err = method_throw(x->ev, x->site, "Invocation of method 'toSubscriptionFilter' threw exception "
                              "java.lang.IllegalArgumentException: the filter expands to more than %d filter "
                              "groups", MAX_GROUPS);
        return false;
    }
    vval r = vval_list_new(x->ev->ar, ng * na);
    for (size_t g = 0; g < ng; g++)
        for (size_t k = 0; k < na; k++) {
            vlist *pre = groups.u.l->items[g].u.l, *alt = alts.u.l->items[k].u.l;
            vval merged = vval_list_new(x->ev->ar, pre->len + alt->len);
            for (size_t i = 0; i < pre->len + alt->len; i++)
                vlist_push(merged.u.l, vval_deep_copy(x->ev->ar, i < pre->len ? pre->items[i]
                                                                              : alt->items[i - pre->len]));
            vlist_push(r.u.l, merged);
        }
    *out = r;
    return true;
}

/* The alternatives of a field: one single-filter group per operator. */
static bool sf_field(sf *x, vval field, vval ops, vval *alts)
{
    if (ops.kind != VVAL_MAP)
        return false;
    const vmap *m = ops.u.m;
    size_t *order = vmap_order(m, x->ev->ar);
    *alts = vval_list_new(x->ev->ar, m->count);
    for (size_t i = 0; i < m->count; i++) {
        vval g = vval_list_new(x->ev->ar, 1);
        vlist_push(g.u.l, sf_filter(x->ev, field, m->entries[order[i]].key, m->entries[order[i]].value));
        vlist_push(alts->u.l, g);
    }
    return true;
}

static bool sf_ignored(sf *x, vval field)
{
    if (vval_is_null(x->ignored))
        return false;
    for (size_t i = 0; i < x->ignored.u.l->len; i++)
        if (vval_java_equals(x->ignored.u.l->items[i], field))
            return true;
    return false;
}

static vval one_empty_group(eval_state *ev)
{
    vval g = vval_list_new(ev->ar, 1);
    vlist_push(g.u.l, vval_list_new(ev->ar, 0));
    return g;
}

static bool sf_apply(sf *x, vval filter, vval groups, vval *out);

/* and: each member narrows the groups in turn; or: the members' groups are the alternatives. */
static bool sf_group(sf *x, vval list, bool is_or, vval *groups)
{
    if (!is_list(list))
        return false;
    vval alts = vval_list_new(x->ev->ar, 0);
    for (size_t i = 0; i < list.u.l->len; i++) {
        vval member;
        if (!sf_apply(x, list.u.l->items[i], is_or ? one_empty_group(x->ev) : *groups, &member))
            return false;
        if (!is_or)
            *groups = member;
        for (size_t k = 0; is_or && k < member.u.l->len; k++)
            vlist_push(alts.u.l, member.u.l->items[k]);
    }
    return !is_or || sf_cross(x, *groups, alts, groups);
}

/* The groups after applying every key of filter to `groups`. */
static bool sf_apply(sf *x, vval filter, vval groups, vval *out)
{
    if (filter.kind != VVAL_MAP)
        return false;
    if (++x->depth > MAX_DEPTH) {
        x->err = method_throw(x->ev, x->site, "java.lang.StackOverflowError: the filter nests more than %d "
                              "levels", MAX_DEPTH);
        return false;
    }
    const vmap *m = filter.u.m;
    size_t *order = vmap_order(m, x->ev->ar);
    for (size_t i = 0; i < m->count; i++) {
        vval k = m->entries[order[i]].key, v = m->entries[order[i]].value, alts;
        bool ok = true;
        if (key_is(k, "and") || key_is(k, "or"))
            ok = sf_group(x, v, key_is(k, "or"), &groups);
        else if (!sf_ignored(x, k))
            ok = sf_field(x, k, v, &alts) && sf_cross(x, groups, alts, &groups);
        if (!ok)
            return false;
    }
    x->depth--;
    *out = groups;
    return true;
}

/* Rules: every (field, operator) of the map is one more alternative for every group. */
static bool sf_rules(sf *x, vval rules, vval *groups)
{
    if (vval_is_null(rules) || rules.u.m->count == 0)
        return true;
    const vmap *m = rules.u.m;
    size_t *order = vmap_order(m, x->ev->ar);
    vval all = vval_list_new(x->ev->ar, 0);
    for (size_t i = 0; i < m->count; i++) {
        vval alts;
        if (!sf_field(x, m->entries[order[i]].key, m->entries[order[i]].value, &alts))
            return false;
        for (size_t k = 0; k < alts.u.l->len; k++)
            vlist_push(all.u.l, alts.u.l->items[k]);
    }
    return sf_cross(x, *groups, all, groups);
}

/* {"filterGroup": [{"filters": [...]}, ...]}, leaving out empty groups. */
static vval sf_result(eval_state *ev, vval groups)
{
    vval list = vval_list_new(ev->ar, groups.u.l->len);
    for (size_t i = 0; i < groups.u.l->len; i++)
        if (groups.u.l->items[i].u.l->len)
            vlist_push(list.u.l, SINGLE(ev, "filters", groups.u.l->items[i]));
    return SINGLE(ev, "filterGroup", list);
}

/* (Map filter [, List ignoredFields [, Map rules]]) -> Map, or null. */
FN(t_to_subscription_filter)
{
    UNUSED;
    vval ignored = na > 1 ? a[1] : vval_null(), rules = na > 2 ? a[2] : vval_null();
    if (!(vval_is_null(a[0]) || a[0].kind == VVAL_MAP) || !(vval_is_null(ignored) || is_list(ignored)) ||
        !(vval_is_null(rules) || rules.kind == VVAL_MAP))
        return M_NOTFOUND;
    *out = vval_null();
    if (vval_is_null(a[0]))
        return M_OK;
    sf x = {ev, site, ignored, M_OK, 0};
    vval groups;
    bool ok = sf_apply(&x, a[0], one_empty_group(ev), &groups) && sf_rules(&x, rules, &groups);
    if (x.err == M_ERROR)
        return M_ERROR;
    if (ok)
        *out = sf_result(ev, groups);
    return M_OK;
}

/* ================================================================ table */

static const method_def transform_fns[] = {
    {"toDynamoDBConditionExpression", t_to_dynamodb_condition_expression, 1, 1},
    {"toDynamoDBFilterExpression", t_to_dynamodb_filter_expression, 1, 1},
    {"toElasticsearchQueryDSL", t_to_elasticsearch_query_dsl, 1, 1},
    {"toSubscriptionFilter", t_to_subscription_filter, 1, 3},
};
const util_ns util_ns_transform = {"transform", transform_fns, sizeof transform_fns / sizeof *transform_fns};
