/* ddb_read: GetItem, Query, Scan, BatchGetItem, TransactGetItems: request
 * validation in DynamoDB's order, key-condition analysis, partition and
 * table walks, filters, projections and paging. */
#include "ddb/ddb_read.h"
#include "ddb/ddb_eval.h"
#include "ddb/ddb_jsonw.h"
#include <math.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#define BIT(role) (1u << (role))
#define PAGE_BYTES (1024 * 1024)
#define MAX_BATCH_GET 100

static const char *const SELECT[] = {"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES",
                                     NULL};
static const char *const CAPACITY[] = {"INDEXES", "TOTAL", "NONE", NULL};
static const char *const CONDITIONAL_OPERATOR[] = {"OR", "AND", NULL};

/* ================================================================ projections */

typedef struct proj {
    const ddb_path **paths;
    size_t n;
    bool any;
} proj;

/* The paths of a ProjectionExpression, or of legacy AttributesToGet. */
static void proj_init(ddb_req *r, const ddb_exprs *ex, const ddb_json *atg, proj *p)
{
    memset(p, 0, sizeof *p);
    if (ex->present[DDB_ROLE_PROJECTION]) {
        const ddb_parsed *pp = &ex->parsed[DDB_ROLE_PROJECTION];
        p->paths = arena_alloc(r->ar, (pp->npaths + 1) * sizeof *p->paths);
        for (size_t i = 0; i < pp->npaths; i++)
            p->paths[i] = &pp->paths[i];
        p->n = pp->npaths;
        p->any = true;
    } else if (atg) {
        p->paths = arena_alloc(r->ar, (atg->n + 1) * sizeof *p->paths);
        for (size_t i = 0; i < atg->n; i++) {
            ddb_path *path = arena_calloc(r->ar, sizeof *path);
            path->elems = arena_calloc(r->ar, sizeof *path->elems);
            path->elems[0].name = atg->items[i]->str;
            path->elems[0].len = atg->items[i]->len;
            path->n = path->cap = 1;
            p->paths[p->n++] = path;
        }
        p->any = true;
    }
}

static void item_json(ddb_req *r, strbuf *out, const ddb_value *item, const proj *p)
{
    if (!p->any) {
        ddb_item_to_json(out, item);
        return;
    }
    ddb_value v;
    ddb_project(r->ar, item, p->paths, p->n, &v);
    ddb_item_to_json(out, &v);
}

/* item_json of a stored item (from ddb_table_get): its text kept at put
 * time, when it has one, is copied. */
static void stored_json(ddb_req *r, strbuf *out, const ddb_value *item, const proj *p)
{
    size_t n;
    const char *json = p->any ? NULL : ddb_stored_json(item, &n);
    if (json)
        ddb_jsonw_raw(out, json, n);
    else
        item_json(r, out, item, p);
}

/* AttributesToGet: a list of strings without duplicates. */
static bool check_atg(ddb_req *r, const ddb_json *atg)
{
    for (size_t i = 0; atg && i < atg->n; i++)
        for (size_t k = 0; k < i; k++)
            if (atg->items[i]->len == atg->items[k]->len &&
                memcmp(atg->items[i]->str, atg->items[k]->str, atg->items[i]->len) == 0)
                return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Duplicate value "
                                 "in attribute name: %.*s", (int)atg->items[i]->len, atg->items[i]->str);
    return true;
}

static bool convert_atg(ddb_req *r, const ddb_json *obj, const ddb_json **atg)
{
    bool ok = true;
    *atg = ddb_field(r, obj, "AttributesToGet", DDB_F_LIST, &ok);
    for (size_t i = 0; ok && *atg && i < (*atg)->n; i++)
        if ((*atg)->items[i]->kind != DDB_JSON_STRING)
            return ddb_fail(r, DDB_ERR_SERIALIZATION, "NUMBER_VALUE cannot be converted to String");
    return ok;
}

static void verr_atg(ddb_verrs *v, const ddb_json *atg, const char *path)
{
    if (atg && atg->n < 1)
        ddb_verr(v, atg, path, "Member must have length greater than or equal to 1");
    if (atg && atg->n > 255)
        ddb_verr(v, atg, path, "Member must have length less than or equal to 255");
}

/* ================================================================ GetItem */

typedef struct getspec {
    const ddb_json *obj, *name, *atg;
    ddb_value key;
    bool has_key;
    const char *key_err;
    ddb_exprs ex;
    ddb_table *table;
    proj pr;
} getspec;

static bool get_convert(ddb_req *r, getspec *g)
{
    if (r->direct) {   /* TableName and Key only (g->obj is NULL) */
        g->name = &r->direct->name;
        g->key = r->direct->map;
        g->has_key = true;
        return ddb_exprs_convert(r, NULL, &g->ex);
    }
    bool ok = true;
    g->name = ddb_field(r, g->obj, "TableName", DDB_F_STRING, &ok);
    const ddb_json *k = ddb_json_get(g->obj, "Key");
    if (ok && k && k->kind != DDB_JSON_NULL)
        ok = g->has_key = ddb_req_map(r, k, &g->key, &g->key_err);
    if (ok)
        ddb_field(r, g->obj, "ProjectionExpression", DDB_F_STRING, &ok);
    if (ok)
        ddb_field(r, g->obj, "ConsistentRead", DDB_F_BOOL, &ok);
    return ok && convert_atg(r, g->obj, &g->atg) && ddb_exprs_convert(r, g->obj, &g->ex);
}

static bool get_validate(ddb_req *r, getspec *g)
{
    static const char *const ex[] = {"ProjectionExpression", NULL}, *const lg[] = {"AttributesToGet", NULL};
    ddb_verrs v = {STRBUF_INIT, 0};
    verr_atg(&v, g->atg, "attributesToGet");
    ddb_verr_table_name(&v, g->name, "tableName", true);
    if (!g->has_key)
        ddb_verr(&v, NULL, "key", "Member must not be null");
    if (!ddb_verrs_done(r, &v) || !ddb_exprs_params(r, g->obj, ex, lg))
        return false;
    if (g->key_err)
        return ddb_invalid(r, g->key_err);
    return check_atg(r, g->atg) && ddb_exprs_parse(r, g->obj, &g->ex, BIT(DDB_ROLE_PROJECTION));
}

static bool get_resolve(ddb_req *r, getspec *g)
{
    g->table = ddb_db_table(r->db, g->name->str, g->name->len);
    if (!g->table)
        return ddb_no_table(r);
    if (!ddb_check_key(r, g->table, &g->key))
        return false;
    if (g->ex.present[DDB_ROLE_PROJECTION] && !ddb_check_key_paths(r, g->table, &g->ex.parsed[DDB_ROLE_PROJECTION]))
        return false;
    proj_init(r, &g->ex, g->atg, &g->pr);
    return true;
}

static bool get_run(ddb_req *r, getspec *g)
{
    return get_convert(r, g) && get_validate(r, g) && get_resolve(r, g);
}

bool ddb_get_item(ddb_req *r)
{
    getspec g;
    memset(&g, 0, sizeof g);
    g.obj = r->body;
    if (!get_run(r, &g))
        return false;
    const ddb_value *item = ddb_table_get(g.table, &g.key);
    strbuf *out = &r->res->response;
    if (!item) {
        strbuf_puts(out, "{}");
        return true;
    }
    ddb_jsonw_raw(out, "{\"Item\":", 8);
    stored_json(r, out, item, &g.pr);
    ddb_jsonw_char(out, '}');
    return true;
}

/* ================================================================ Query and Scan: requests */

typedef enum kop { K_EQ, K_LT, K_LE, K_GT, K_GE, K_BETWEEN, K_BEGINS } kop;

typedef struct kcond {
    const char *attr;
    size_t len;
    kop op;
    const ddb_value *v[2];
} kcond;

typedef struct rspec {
    bool query;
    const ddb_json *obj, *name, *index_name, *select, *atg;
    long limit, segment, total;
    bool has_limit, has_segment, has_total, consistent, backward;
    ddb_value esk;
    bool has_esk;
    const char *esk_err;
    ddb_exprs ex;
    ddb_table *table;
    ddb_index *ix;
    kcond conds[2];
    size_t nconds;
    const ddb_keydef *khash, *krange;   /* the key schema being read */
    bool fetch_full;
    proj pr;
} rspec;

static bool get_long(ddb_req *r, const ddb_json *obj, const char *name, long *v, bool *has)
{
    bool ok = true;
    const ddb_json *j = ddb_field(r, obj, name, DDB_F_INT, &ok);
    if (!ok || !j)
        return ok;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)(j->len < 60 ? j->len : 60), j->str);
    double d = floor(strtod(buf, NULL));
    *v = d > 2147483647.0 ? 2147483647L : d < -2147483648.0 ? -2147483648L : (long)d;
    *has = true;
    return true;
}

static bool get_bool(ddb_req *r, const ddb_json *obj, const char *name, bool dflt, bool *out)
{
    bool ok = true;
    const ddb_json *j = ddb_field(r, obj, name, DDB_F_BOOL, &ok);
    *out = dflt;
    if (!ok || !j)
        return ok;
    if (j->kind == DDB_JSON_BOOL) {
        *out = j->b;
        return true;
    }
    static const char *const yes[] = {"true", "1", "yes"}, *const no[] = {"false", "0", "no"};
    for (int i = 0; i < 3; i++) {
        if (j->len == strlen(yes[i]) && strncasecmp(j->str, yes[i], j->len) == 0)
            return *out = true, true;
        if (j->len == strlen(no[i]) && strncasecmp(j->str, no[i], j->len) == 0)
            return *out = false, true;
    }
    return ddb_fail(r, DDB_ERR_SERIALIZATION, "Unexpected token received from parser");
}

static bool rs_convert(ddb_req *r, rspec *s)
{
    bool ok = true;
    s->name = ddb_field(r, s->obj, "TableName", DDB_F_STRING, &ok);
    if (ok)
        s->index_name = ddb_field(r, s->obj, "IndexName", DDB_F_STRING, &ok);
    if (ok)
        s->select = ddb_field(r, s->obj, "Select", DDB_F_STRING, &ok);
    static const char *const strings[] = {"KeyConditionExpression", "FilterExpression", "ProjectionExpression",
                                          "ReturnConsumedCapacity", "ConditionalOperator", NULL};
    for (size_t i = 0; ok && strings[i]; i++)
        ddb_field(r, s->obj, strings[i], DDB_F_STRING, &ok);
    bool fwd = true;
    ok = ok && get_long(r, s->obj, "Limit", &s->limit, &s->has_limit) &&
         get_long(r, s->obj, "Segment", &s->segment, &s->has_segment) &&
         get_long(r, s->obj, "TotalSegments", &s->total, &s->has_total) &&
         get_bool(r, s->obj, "ConsistentRead", false, &s->consistent) &&
         get_bool(r, s->obj, "ScanIndexForward", true, &fwd);
    s->backward = !fwd;
    const ddb_json *esk = ddb_json_get(s->obj, "ExclusiveStartKey");
    if (ok && esk && esk->kind != DDB_JSON_NULL)
        ok = s->has_esk = ddb_req_map(r, esk, &s->esk, &s->esk_err);
    return ok && convert_atg(r, s->obj, &s->atg) && ddb_exprs_convert(r, s->obj, &s->ex);
}

static bool rs_constraints(ddb_req *r, rspec *s)
{
    ddb_verrs v = {STRBUF_INIT, 0};
    ddb_verr_enum(&v, s->select, "select", SELECT);
    ddb_verr_table_name(&v, s->index_name, "indexName", false);
    if (!s->query && s->has_total && s->total < 1)
        ddb_verr(&v, ddb_json_get(s->obj, "TotalSegments"), "totalSegments",
                 "Member must have value greater than or equal to 1");
    ddb_verr_enum(&v, ddb_json_get(s->obj, "ReturnConsumedCapacity"), "returnConsumedCapacity", CAPACITY);
    ddb_verr_table_name(&v, s->name, "tableName", true);
    ddb_verr_enum(&v, ddb_json_get(s->obj, "ConditionalOperator"), "conditionalOperator", CONDITIONAL_OPERATOR);
    if (!s->query && s->has_segment && s->segment < 0)
        ddb_verr(&v, ddb_json_get(s->obj, "Segment"), "segment", "Member must have value greater than or equal to 0");
    if (s->query)
        verr_atg(&v, s->atg, "attributesToGet");
    if (s->has_limit && s->limit < 1)
        ddb_verr(&v, ddb_json_get(s->obj, "Limit"), "limit", "Member must have value greater than or equal to 1");
    if (!s->query)
        verr_atg(&v, s->atg, "attributesToGet");
    return ddb_verrs_done(r, &v);
}

static bool rs_esk_values(ddb_req *r, rspec *s)
{
    if (!s->esk_err)
        return true;
    const char *m = s->esk_err;
    bool bare = strstr(m, "contains duplicates") || strstr(m, "number set") || strstr(m, "numeric value") ||
                strstr(m, "significant digits") || strstr(m, "number with magnitude");
    return ddb_failf(r, DDB_ERR_VALIDATION, "%s%s", bare ? "" : "The provided starting key is invalid: ", m);
}

static bool rs_segments(ddb_req *r, rspec *s)
{
    if (s->has_segment && s->segment != 0 && !s->has_total)
        return ddb_invalid(r, "The TotalSegments parameter is required but was not present in the request when "
                              "Segment parameter is present");
    if (s->has_total && s->total) {
        if (!s->has_segment)
            return ddb_invalid(r, "The Segment parameter is required but was not present in the request when "
                                  "parameter TotalSegments is present");
        if (s->segment >= s->total)
            return ddb_failf(r, DDB_ERR_VALIDATION, "The Segment parameter is zero-based and must be less than "
                             "parameter TotalSegments: Segment: %ld is not less than TotalSegments: %ld",
                             s->segment, s->total);
        if (s->total > 1000000)
            return ddb_invalid(r, "1 validation error detected: Value at 'totalSegments' failed to satisfy "
                                  "constraint: Member must have value less than or equal to 1000000");
    }
    return true;
}

/* Select against ProjectionExpression/AttributesToGet and IndexName. */
static bool rs_select(ddb_req *r, rspec *s)
{
    bool projected = s->ex.present[DDB_ROLE_PROJECTION] || s->atg;
    if (ddb_json_is_str(s->select, "SPECIFIC_ATTRIBUTES") && !projected)
        return ddb_invalid(r, s->query ? "1 validation error detected: Must specify the AttributesToGet or "
                                         "ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"
                                       : "Must specify the AttributesToGet or ProjectionExpression when choosing "
                                         "to get SPECIFIC_ATTRIBUTES");
    if (s->select && projected && !ddb_json_is_str(s->select, "SPECIFIC_ATTRIBUTES"))
        return ddb_failf(r, DDB_ERR_VALIDATION, "Cannot specify the %s when choosing to get %.*s",
                         s->ex.present[DDB_ROLE_PROJECTION] ? "ProjectionExpression" : "AttributesToGet",
                         ddb_json_is_str(s->select, "COUNT") ? 14 : (int)s->select->len,
                         ddb_json_is_str(s->select, "COUNT") ? "only the Count" : s->select->str);
    if (ddb_json_is_str(s->select, "ALL_PROJECTED_ATTRIBUTES") && !s->index_name)
        return ddb_invalid(r, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    return true;
}

static bool legacy_unsupported(ddb_req *r, const ddb_json *o, const char *const *legacy)
{
    for (size_t i = 0; legacy[i]; i++) {
        const ddb_json *j = ddb_json_get(o, legacy[i]);
        if (j && j->kind != DDB_JSON_NULL && strcmp(legacy[i], "AttributesToGet") != 0)
            return ddb_failf(r, DDB_ERR_VALIDATION, "vtl-eval does not support the legacy parameter %s; use the "
                             "expression parameters instead", legacy[i]);
    }
    return true;
}

/* ================================================================ key conditions */

static const ddb_expr *unwrap(const ddb_expr *x)
{
    while (x->kind == DDB_X_PAREN)
        x = x->args[0];
    return x;
}

static bool key_operator(ddb_req *r, const ddb_expr *x)
{
    static const char *const banned_fn[] = {"attribute_exists", "attribute_not_exists", "attribute_type", "contains"};
    if (x->kind == DDB_X_OR || x->kind == DDB_X_NOT || x->kind == DDB_X_IN || (x->kind == DDB_X_CMP && x->op == DDB_NE))
        return ddb_failf(r, DDB_ERR_VALIDATION, "Invalid operator used in KeyConditionExpression: %s",
                         x->kind == DDB_X_OR ? "OR" : x->kind == DDB_X_NOT ? "NOT" : x->kind == DDB_X_IN ? "IN" : "<>");
    if (x->kind != DDB_X_CALL)
        return true;
    for (size_t i = 0; i < 4; i++)
        if (x->len == strlen(banned_fn[i]) && memcmp(x->name, banned_fn[i], x->len) == 0)
            return ddb_failf(r, DDB_ERR_VALIDATION, "Invalid operator used in KeyConditionExpression: %s", banned_fn[i]);
    if (x->fn == DDB_FN_SIZE)
        return ddb_invalid(r, "KeyConditionExpressions cannot contain nested operations");
    return true;
}

static bool add_key_cond(ddb_req *r, rspec *s, const ddb_expr *x, const ddb_pelem *attr, size_t at)
{
    for (size_t i = 0; i < s->nconds; i++)
        if (s->conds[i].len == attr->len && memcmp(s->conds[i].attr, attr->name, attr->len) == 0)
            return ddb_invalid(r, "KeyConditionExpressions must only contain one condition per key");
    if (s->nconds == 2)
        return ddb_invalid(r, "Conditions can be of length 1 or 2 only");
    kcond *c = &s->conds[s->nconds++];
    static const kop flip[] = {K_EQ, K_EQ, K_GT, K_GE, K_LT, K_LE};
    static const kop plain[] = {K_EQ, K_EQ, K_LT, K_LE, K_GT, K_GE};
    c->attr = attr->name;
    c->len = attr->len;
    c->op = x->kind == DDB_X_BETWEEN ? K_BETWEEN : x->kind == DDB_X_CALL ? K_BEGINS : at ? flip[x->op] : plain[x->op];
    for (size_t i = 0, k = 0; i < x->nargs && k < 2; i++)
        if (i != at)
            c->v[k++] = unwrap(x->args[i])->value;
    return true;
}

/* DynamoDB's reading of a KeyConditionExpression: one or two simple
 * conditions joined by AND, each naming one top-level key attribute. */
static bool key_conditions(ddb_req *r, rspec *s, const ddb_expr *x)
{
    x = unwrap(x);
    if (!key_operator(r, x))
        return false;
    if ((x->kind == DDB_X_BETWEEN || (x->kind == DDB_X_CALL && x->fn == DDB_FN_BEGINS_WITH)) &&
        unwrap(x->args[0])->kind != DDB_X_PATH)
        return ddb_failf(r, DDB_ERR_VALIDATION, "Invalid condition in KeyConditionExpression: %s operator must have "
                         "the key attribute as its first operand", x->kind == DDB_X_BETWEEN ? "BETWEEN" : "begins_with");
    const ddb_pelem *attr = NULL;
    size_t at = 0;
    for (size_t i = 0; i < x->nargs; i++) {
        const ddb_expr *a = unwrap(x->args[i]);
        if (a->kind == DDB_X_PATH) {
            if (attr)
                return ddb_invalid(r, "Invalid condition in KeyConditionExpression: Multiple attribute names used in "
                                      "one condition");
            if (a->path.n > 1)
                return ddb_invalid(r, "KeyConditionExpressions cannot have conditions on nested attributes");
            attr = &a->path.elems[0];
            at = i;
        } else if (a->kind != DDB_X_VALUE && !key_conditions(r, s, a)) {
            return false;
        }
    }
    if (x->kind == DDB_X_AND)
        return true;
    if (!attr)
        return ddb_invalid(r, "Invalid condition in KeyConditionExpression: No key attribute specified");
    return add_key_cond(r, s, x, attr, at);
}

static const kcond *cond_for(const rspec *s, const ddb_keydef *k)
{
    for (size_t i = 0; k->name && i < s->nconds; i++)
        if (s->conds[i].len == k->len && memcmp(s->conds[i].attr, k->name, k->len) == 0)
            return &s->conds[i];
    return NULL;
}

/* The key conditions against the schema being queried. */
static bool key_schema(ddb_req *r, rspec *s)
{
    const ddb_keydef *keys[2] = {s->khash, s->krange};
    for (int i = 0; i < 2 && keys[i]->name; i++) {
        if (i == 0 && !keys[1]->name && s->nconds > 1)
            return ddb_invalid(r, "Query key condition not supported");
        const kcond *c = cond_for(s, keys[i]);
        if (!c) {
            if (i == 0 || s->nconds > 1)
                return ddb_failf(r, DDB_ERR_VALIDATION, "Query condition missed key schema element: %s", keys[i]->name);
            continue;
        }
        for (int k = 0; k < 2; k++)
            if (c->v[k] && c->v[k]->type != keys[i]->type)
                return ddb_invalid(r, "One or more parameter values were invalid: Condition parameter type does not "
                                      "match schema type");
        if (i == 0 && c->op != K_EQ)
            return ddb_invalid(r, "Query key condition not supported");
    }
    return true;
}

/* ================================================================ Query and Scan: validation */

static bool rs_validate(ddb_req *r, rspec *s)
{
    static const char *const q_ex[] = {"ProjectionExpression", "FilterExpression", "KeyConditionExpression", NULL};
    static const char *const q_lg[] = {"AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions", NULL};
    static const char *const s_ex[] = {"ProjectionExpression", "FilterExpression", NULL};
    static const char *const s_lg[] = {"AttributesToGet", "ScanFilter", "ConditionalOperator", NULL};
    if (!rs_constraints(r, s) || !ddb_exprs_params(r, s->obj, s->query ? q_ex : s_ex, s->query ? q_lg : s_lg))
        return false;
    if (!check_atg(r, s->atg) || !rs_esk_values(r, s) || !legacy_unsupported(r, s->obj, s->query ? q_lg : s_lg))
        return false;
    if (s->query && !ddb_json_get(s->obj, "KeyConditionExpression"))
        return ddb_invalid(r, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
                              "request.");
    if (!s->query && !rs_segments(r, s))
        return false;
    unsigned roles = BIT(DDB_ROLE_FILTER) | BIT(DDB_ROLE_PROJECTION) | (s->query ? BIT(DDB_ROLE_KEY_CONDITION) : 0);
    if (!ddb_exprs_parse(r, s->obj, &s->ex, roles))
        return false;
    if (s->query && !key_conditions(r, s, s->ex.parsed[DDB_ROLE_KEY_CONDITION].cond))
        return false;
    return rs_select(r, s);
}

/* The attribute names that make up LastEvaluatedKey / ExclusiveStartKey. */
static size_t start_key_names(const rspec *s, const ddb_keydef **names)
{
    size_t n = 0;
    names[n++] = &s->table->hash;
    if (s->table->range.name)
        names[n++] = &s->table->range;
    const ddb_keydef *ik[2] = {s->ix ? &s->ix->hash : NULL, s->ix ? &s->ix->range : NULL};
    for (int i = 0; i < 2; i++) {
        if (!ik[i] || !ik[i]->name)
            continue;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup = dup || (names[k]->len == ik[i]->len && memcmp(names[k]->name, ik[i]->name, ik[i]->len) == 0);
        if (!dup)
            names[n++] = ik[i];
    }
    return n;
}

/* One key attribute of an ExclusiveStartKey, checked like a Key piece. */
static bool key_piece_ok(ddb_req *r, const ddb_value *esk, const ddb_keydef *k)
{
    const ddb_value *v = ddb_map_get(esk, k->name, k->len);
    if (!v)
        return ddb_invalid(r, "The provided starting key is invalid");
    ddb_value one = ddb_map_new();
    ddb_map_put(r->ar, &one, k->name, k->len, v);
    ddb_table probe;
    memset(&probe, 0, sizeof probe);
    probe.hash = *k;
    return ddb_check_key(r, &probe, &one);
}

/* ExclusiveStartKey against the table and the queried key schema. */
static bool rs_check_esk(ddb_req *r, rspec *s)
{
    if (!s->has_esk)
        return true;
    const ddb_keydef *names[4];
    size_t n = start_key_names(s, names);
    if (s->esk.u.map.len != n)
        return ddb_invalid(r, s->query || s->ix ? "The provided starting key is invalid"
                                                : "The provided starting key is invalid: The provided key element "
                                                  "does not match the schema");
    if (s->query || s->ix) {
        const ddb_keydef *keys[2] = {s->khash, s->krange};
        for (int i = 0; i < 2 && keys[i]->name; i++)
            if (!key_piece_ok(r, &s->esk, keys[i]))
                return false;
    }
    ddb_value tkey;
    ddb_key_of(r, s->table, &s->esk, &tkey);
    if (!ddb_check_key(r, s->table, &tkey)) {
        char *m = r->res->err_msg;
        r->res->err_msg = NULL;
        r->res->err_name = NULL;
        ddb_failf(r, DDB_ERR_VALIDATION, "The provided starting key is invalid: %s", m);
        free(m);
        return false;
    }
    return true;
}

static int range_match(const kcond *c, const ddb_value *v);

static bool rs_esk_bounds(ddb_req *r, rspec *s)
{
    if (!s->query || !s->has_esk)
        return true;
    const kcond *hc = cond_for(s, s->khash), *rc = cond_for(s, s->krange);
    const ddb_value *h = ddb_map_get(&s->esk, s->khash->name, s->khash->len);
    bool same = h && ddb_value_equal(h, hc->v[0]);
    if (!rc)
        return same ? true : ddb_invalid(r, "The provided starting key is outside query boundaries based on provided "
                                            "conditions");
    if (range_match(rc, ddb_map_get(&s->esk, s->krange->name, s->krange->len)) != 0)
        return ddb_invalid(r, "The provided starting key does not match the range key predicate");
    return same ? true : ddb_invalid(r, "The query can return at most one row and cannot be restarted");
}

static bool filter_on_keys(ddb_req *r, const rspec *s)
{
    if (!s->query || !s->ex.present[DDB_ROLE_FILTER])
        return true;
    const ddb_parsed *f = &s->ex.parsed[DDB_ROLE_FILTER];
    const ddb_keydef *keys[2] = {s->khash, s->krange};
    for (int i = 0; i < 2 && keys[i]->name; i++)
        for (size_t k = 0; k < f->nall; k++) {
            const ddb_pelem *e = &f->all[k]->elems[0];
            if (e->name && e->len == keys[i]->len && memcmp(e->name, keys[i]->name, e->len) == 0)
                return ddb_failf(r, DDB_ERR_VALIDATION, "Filter Expression can only contain non-primary key "
                                 "attributes: Primary key attribute: %s", keys[i]->name);
        }
    return true;
}

static bool rs_resolve(ddb_req *r, rspec *s)
{
    if (!(s->table = ddb_db_table(r->db, s->name->str, s->name->len)))
        return ddb_no_table(r);
    s->khash = &s->table->hash;
    s->krange = &s->table->range;
    if (s->index_name) {
        if (!(s->ix = ddb_table_index(s->table, s->index_name->str, s->index_name->len)))
            return ddb_failf(r, DDB_ERR_VALIDATION, "The table does not have the specified index: %.*s",
                             (int)s->index_name->len, s->index_name->str);
        if (s->ix->global && s->consistent)
            return ddb_invalid(r, "Consistent reads are not supported on global secondary indexes");
        s->khash = &s->ix->hash;
        s->krange = &s->ix->range;
        s->fetch_full = ddb_json_is_str(s->select, "ALL_ATTRIBUTES") && s->ix->proj != DDB_PROJ_ALL;
    }
    if (!rs_check_esk(r, s) || (s->query && !key_schema(r, s)) || !rs_esk_bounds(r, s))
        return false;
    if (s->ex.present[DDB_ROLE_PROJECTION] && !ddb_check_key_paths(r, s->table, &s->ex.parsed[DDB_ROLE_PROJECTION]))
        return false;
    if (!filter_on_keys(r, s))
        return false;
    if (s->fetch_full && s->ix->global)
        return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Select type "
                         "ALL_ATTRIBUTES is not supported for global secondary index %s because its projection type "
                         "is not ALL", s->ix->name);
    if (s->ex.present[DDB_ROLE_FILTER] && !ddb_check_key_paths(r, s->table, &s->ex.parsed[DDB_ROLE_FILTER]))
        return false;
    proj_init(r, &s->ex, s->atg, &s->pr);
    return true;
}

/* ================================================================ walking */

/* Where value v of the range key lies against condition c: 0 inside, <0
 * below the allowed range, >0 above it. */
static int range_match(const kcond *c, const ddb_value *v)
{
    if (!v)
        return -1;
    int lo = ddb_key_part_cmp(v, c->v[0]);
    switch (c->op) {
    case K_EQ: return lo;
    case K_LT: return lo < 0 ? 0 : 1;
    case K_LE: return lo <= 0 ? 0 : 1;
    case K_GT: return lo > 0 ? 0 : -1;
    case K_GE: return lo >= 0 ? 0 : -1;
    case K_BETWEEN: return lo < 0 ? -1 : ddb_key_part_cmp(v, c->v[1]) > 0 ? 1 : 0;
    case K_BEGINS:
        if (v->u.str.len >= c->v[0]->u.str.len && memcmp(v->u.str.ptr, c->v[0]->u.str.ptr, c->v[0]->u.str.len) == 0)
            return 0;
        return lo;
    }
    return 0;
}

typedef struct walk {
    const ddb_tree *tree;
    ddb_tnode *at;
    bool backward;
    const ddb_value *hash;     /* Query: the partition */
    const kcond *range;        /* Query: the sort-key condition */
} walk;

static void esk_key(const rspec *s, const ddb_value *key[4])
{
    if (s->ix)
        ddb_index_key(s->table, s->ix, &s->esk, key);
    else
        ddb_table_key(s->table, &s->esk, key);
}

static void walk_start(rspec *s, walk *w)
{
    memset(w, 0, sizeof *w);
    w->tree = s->ix ? &s->ix->tree : &s->table->items;
    w->backward = s->query && s->backward;
    const ddb_value *key[4] = {NULL, NULL, NULL, NULL};
    if (s->query) {
        w->hash = cond_for(s, s->khash)->v[0];
        w->range = cond_for(s, s->krange);
    }
    if (s->has_esk) {
        esk_key(s, key);
        w->at = w->backward ? ddb_tree_seek_last(w->tree, key, w->tree->nkey, true)
                            : ddb_tree_seek(w->tree, key, w->tree->nkey, true);
        return;
    }
    if (!s->query) {
        w->at = w->tree->first;
        return;
    }
    key[0] = w->hash;
    const kcond *c = w->range;
    bool has_lo = c && (c->op == K_EQ || c->op == K_GT || c->op == K_GE || c->op == K_BETWEEN || c->op == K_BEGINS);
    bool has_hi = c && (c->op == K_EQ || c->op == K_LT || c->op == K_LE || c->op == K_BETWEEN);
    if (!w->backward) {
        key[1] = has_lo ? c->v[0] : NULL;
        w->at = ddb_tree_seek(w->tree, key, has_lo ? 2 : 1, has_lo && c->op == K_GT);
    } else {
        key[1] = has_hi ? (c->op == K_BETWEEN ? c->v[1] : c->v[0]) : NULL;
        w->at = ddb_tree_seek_last(w->tree, key, has_hi ? 2 : 1, has_hi && c->op == K_LT);
    }
}

/* The next node of the walk that belongs to the result, or NULL. */
static ddb_tnode *walk_next(walk *w)
{
    while (w->at) {
        ddb_tnode *n = w->at;
        w->at = w->backward ? n->prev : n->next;
        if (!w->hash)
            return n;
        if (ddb_key_part_cmp(n->key[0], w->hash) != 0)
            return NULL;
        int m = w->range ? range_match(w->range, n->key[1]) : 0;
        if (m == 0)
            return n;
        if ((m > 0 && !w->backward) || (m < 0 && w->backward))
            return NULL;
    }
    return NULL;
}

/* The attributes an index returns for item. */
static void index_view(ddb_req *r, const rspec *s, const ddb_value *item, ddb_value *out)
{
    const ddb_index *ix = s->ix;
    *out = ddb_map_new();
    for (size_t i = 0; i < item->u.map.len; i++) {
        const ddb_member *m = &item->u.map.members[i];
        bool keep = false;
        const ddb_keydef *k[4] = {&s->table->hash, &s->table->range, &ix->hash, &ix->range};
        for (int j = 0; j < 4 && !keep; j++)
            keep = k[j]->name && k[j]->len == m->name_len && memcmp(k[j]->name, m->name, m->name_len) == 0;
        for (size_t j = 0; j < ix->ninclude && !keep; j++)
            keep = strlen(ix->include[j]) == m->name_len && memcmp(ix->include[j], m->name, m->name_len) == 0;
        if (keep)
            ddb_map_put(r->ar, out, m->name, m->name_len, &m->value);
    }
}

static bool in_segment(const rspec *s, const ddb_tnode *n)
{
    if (s->query || !s->has_total || s->total <= 1)
        return true;
    const ddb_value *h = ddb_map_get(n->item, s->table->hash.name, s->table->hash.len);
    return h && (long)(ddb_scalar_hash(h) % (uint64_t)s->total) == s->segment;
}

static void last_key_json(strbuf *out, const rspec *s, const ddb_value *item)
{
    const ddb_keydef *names[4];
    size_t n = start_key_names(s, names);
    strbuf_puts(out, ",\"LastEvaluatedKey\":{");
    for (size_t i = 0; i < n; i++) {
        const ddb_value *v = ddb_map_get(item, names[i]->name, names[i]->len);
        if (i)
            strbuf_putc(out, ',');
        strbuf_json_string(out, names[i]->name, names[i]->len);
        strbuf_putc(out, ':');
        ddb_value_to_json(out, v);
    }
    strbuf_putc(out, '}');
}

/* One page of a Query or Scan. */
typedef struct page {
    strbuf items;
    long scanned, count;
    size_t bytes;
    const ddb_value *last;     /* the last item read */
    bool more;                 /* the read stopped early */
} page;

/* Read one item into the page: the index's view of it, the filter, the
 * projection. */
static void page_add(ddb_req *r, const rspec *s, page *pg, const ddb_value *item, bool count_only)
{
    pg->scanned++;
    pg->bytes += ddb_item_size(item);
    pg->last = item;
    ddb_value view;
    const ddb_value *it = item;
    if (s->ix && !s->fetch_full && s->ix->proj != DDB_PROJ_ALL && !(s->pr.any && !s->ix->global)) {
        index_view(r, s, item, &view);
        it = &view;
    }
    if (s->ex.present[DDB_ROLE_FILTER] && !ddb_eval_condition(s->ex.parsed[DDB_ROLE_FILTER].cond, it))
        return;
    if (!count_only) {
        strbuf_puts(&pg->items, pg->count ? "," : "");
        item_json(r, &pg->items, it, &s->pr);
    }
    pg->count++;
}

static void rs_run(ddb_req *r, rspec *s)
{
    walk w;
    walk_start(s, &w);
    bool count_only = ddb_json_is_str(s->select, "COUNT");
    page pg;
    memset(&pg, 0, sizeof pg);
    for (ddb_tnode *n; (n = walk_next(&w));) {
        if (!in_segment(s, n))
            continue;
        if ((s->has_limit && pg.scanned >= s->limit) || pg.bytes >= PAGE_BYTES) {
            pg.more = true;
            break;
        }
        page_add(r, s, &pg, n->item, count_only);
    }
    /* DynamoDB reports LastEvaluatedKey when Limit or the page size stopped
     * the read, even if nothing follows. */
    if ((s->has_limit && pg.scanned >= s->limit) || pg.bytes >= PAGE_BYTES)
        pg.more = true;
    strbuf *out = &r->res->response;
    strbuf_printf(out, "{\"Count\":%ld,\"ScannedCount\":%ld", pg.count, pg.scanned);
    if (!count_only) {
        strbuf_puts(out, ",\"Items\":[");
        strbuf_append(out, strbuf_cstr(&pg.items), pg.items.len);
        strbuf_putc(out, ']');
    }
    if (pg.more && pg.last)
        last_key_json(out, s, pg.last);
    strbuf_putc(out, '}');
    strbuf_free(&pg.items);
}

static bool run_read(ddb_req *r, bool query)
{
    rspec s;
    memset(&s, 0, sizeof s);
    s.query = query;
    s.obj = r->body;
    if (!rs_convert(r, &s) || !rs_validate(r, &s) || !rs_resolve(r, &s))
        return false;
    rs_run(r, &s);
    return true;
}

bool ddb_query(ddb_req *r) { return run_read(r, true); }
bool ddb_scan(ddb_req *r) { return run_read(r, false); }

/* ================================================================ BatchGetItem */

typedef struct bgtable {
    getspec g;
    const ddb_json *keys;
    ddb_value *values;
    const char **errs;
} bgtable;

static bool bg_convert(ddb_req *r, const ddb_json *items, bgtable *bt)
{
    for (size_t t = 0; t < items->n; t++) {
        bgtable *b = &bt[t];
        b->g.obj = items->items[t];
        if (b->g.obj->kind != DDB_JSON_OBJECT)
            return ddb_fail(r, DDB_ERR_SERIALIZATION, "Unexpected value type in payload");
        bool ok = true;
        b->keys = ddb_field(r, b->g.obj, "Keys", DDB_F_LIST, &ok);
        ddb_field(r, b->g.obj, "ProjectionExpression", DDB_F_STRING, &ok);
        ddb_field(r, b->g.obj, "ConsistentRead", DDB_F_BOOL, &ok);
        if (!ok || !convert_atg(r, b->g.obj, &b->g.atg) || !ddb_exprs_convert(r, b->g.obj, &b->g.ex))
            return false;
        size_t n = b->keys ? b->keys->n : 0;
        b->values = arena_calloc(r->ar, (n ? n : 1) * sizeof *b->values);
        b->errs = arena_calloc(r->ar, (n ? n : 1) * sizeof *b->errs);
        for (size_t i = 0; i < n; i++)
            if (!ddb_req_map(r, b->keys->items[i], &b->values[i], &b->errs[i]))
                return false;
    }
    return true;
}

static bool bg_constraints(ddb_req *r, const ddb_json *items, bgtable *bt)
{
    ddb_verrs v = {STRBUF_INIT, 0};
    ddb_verr_enum(&v, ddb_json_get(r->body, "ReturnConsumedCapacity"), "returnConsumedCapacity", CAPACITY);
    if (!items)
        ddb_verr(&v, NULL, "requestItems", "Member must not be null");
    else if (items->n < 1)
        ddb_verr(&v, items, "requestItems", "Member must have length greater than or equal to 1");
    for (size_t t = 0; items && t < items->n; t++) {
        char path[600];
        snprintf(path, sizeof path, "requestItems.%.*s.member.keys", (int)(items->keylens[t] < 500 ? items->keylens[t] : 500),
                 items->keys[t]);
        if (!bt[t].keys)
            ddb_verr(&v, NULL, path, "Member must not be null");
        else if (bt[t].keys->n < 1)
            ddb_verr(&v, bt[t].keys, path, "Member must have length greater than or equal to 1");
        else if (bt[t].keys->n > MAX_BATCH_GET)
            ddb_verr(&v, bt[t].keys, path, "Member must have length less than or equal to 100");
    }
    return ddb_verrs_done(r, &v);
}

static bool bg_validate(ddb_req *r, const ddb_json *items, bgtable *bt)
{
    static const char *const ex[] = {"ProjectionExpression", NULL}, *const lg[] = {"AttributesToGet", NULL};
    size_t total = 0;
    for (size_t t = 0; t < items->n; t++) {
        bgtable *b = &bt[t];
        if (!ddb_exprs_params(r, b->g.obj, ex, lg) || !check_atg(r, b->g.atg) ||
            !ddb_exprs_parse(r, b->g.obj, &b->g.ex, BIT(DDB_ROLE_PROJECTION)))
            return false;
        for (size_t i = 0; i < b->keys->n; i++) {
            if (b->errs[i])
                return ddb_invalid(r, b->errs[i]);
            for (size_t k = 0; k < i; k++)
                if (ddb_value_equal(&b->values[k], &b->values[i]))
                    return ddb_invalid(r, "Provided list of item keys contains duplicates");
            if (++total > MAX_BATCH_GET)
                return ddb_invalid(r, "Too many items requested for the BatchGetItem call");
        }
    }
    return true;
}

bool ddb_batch_get_item(ddb_req *r)
{
    const ddb_json *items = ddb_json_get(r->body, "RequestItems");
    if (items && items->kind == DDB_JSON_NULL)
        items = NULL;
    if (items && items->kind != DDB_JSON_OBJECT)
        return ddb_fail(r, DDB_ERR_SERIALIZATION, "Unexpected field type");
    bgtable *bt = arena_calloc(r->ar, ((items ? items->n : 0) + 1) * sizeof *bt);
    if ((items && !bg_convert(r, items, bt)) || !bg_constraints(r, items, bt) || !bg_validate(r, items, bt))
        return false;
    for (size_t t = 0; t < items->n; t++) {
        getspec *g = &bt[t].g;
        if (!(g->table = ddb_db_table(r->db, items->keys[t], items->keylens[t])))
            return ddb_no_table(r);
        for (size_t i = 0; i < bt[t].keys->n; i++)
            if (!ddb_check_key(r, g->table, &bt[t].values[i]))
                return false;
        proj_init(r, &g->ex, g->atg, &g->pr);
    }
    strbuf *out = &r->res->response;
    strbuf_puts(out, "{\"Responses\":{");
    for (size_t t = 0; t < items->n; t++) {
        strbuf_puts(out, t ? "," : "");
        strbuf_json_string(out, items->keys[t], items->keylens[t]);
        strbuf_puts(out, ":[");
        bool first = true;
        for (size_t i = 0; i < bt[t].keys->n; i++) {
            const ddb_value *item = ddb_table_get(bt[t].g.table, &bt[t].values[i]);
            if (!item)
                continue;
            strbuf_puts(out, first ? "" : ",");
            stored_json(r, out, item, &bt[t].g.pr);
            first = false;
        }
        strbuf_putc(out, ']');
    }
    strbuf_puts(out, "},\"UnprocessedKeys\":{}}");
    return true;
}

/* ================================================================ TransactGetItems */

bool ddb_transact_get_items(ddb_req *r)
{
    bool ok = true;
    const ddb_json *list = ddb_field(r, r->body, "TransactItems", DDB_F_LIST, &ok);
    if (!ok)
        return false;
    ddb_verrs v = {STRBUF_INIT, 0};
    if (!list)
        ddb_verr(&v, NULL, "transactItems", "Member must not be null");
    else if (list->n < 1)
        ddb_verr(&v, list, "transactItems", "Member must have length greater than or equal to 1");
    else if (list->n > 100)
        ddb_verr(&v, list, "transactItems", "Member must have length less than or equal to 100");
    if (!ddb_verrs_done(r, &v))
        return false;
    getspec *gs = arena_calloc(r->ar, list->n * sizeof *gs);
    for (size_t i = 0; i < list->n; i++) {
        gs[i].obj = ddb_json_get(list->items[i], "Get");
        if (!gs[i].obj || gs[i].obj->kind != DDB_JSON_OBJECT)
            return ddb_invalid(r, "1 validation error detected: Value null at 'transactItems.member.get' failed to "
                                  "satisfy constraint: Member must not be null");
        if (!get_run(r, &gs[i]))
            return false;
    }
    strbuf *out = &r->res->response;
    strbuf_puts(out, "{\"Responses\":[");
    for (size_t i = 0; i < list->n; i++) {
        const ddb_value *item = ddb_table_get(gs[i].table, &gs[i].key);
        strbuf_puts(out, i ? "," : "");
        if (!item) {
            strbuf_puts(out, "{}");
            continue;
        }
        strbuf_puts(out, "{\"Item\":");
        stored_json(r, out, item, &gs[i].pr);
        strbuf_putc(out, '}');
    }
    strbuf_puts(out, "]}");
    return true;
}
