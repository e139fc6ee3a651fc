/* request_doc: table-driven checks of AppSync request documents.
 * Each operation lists its fields with a type and whether it is required;
 * nested objects (condition, update, tables, transactItems) have their own
 * field lists. Paths in messages use AppSync's `$[a][b]` form. */
#include "resolver/request_doc.h"
#include <stdio.h>
#include <string.h>

typedef enum ftype {
    F_ANY, F_STRING, F_BOOL, F_INT, F_LONG, F_VERSION, F_SELECT, F_KEY, F_ITEM, F_EXPR, F_PROJ, F_COND,
    F_TXCOND, F_HANDLER, F_STRLIST, F_STRMAP, F_BGET, F_BPUT, F_BDEL, F_TGET, F_TWRITE, F_HTTP_PARAMS,
    F_HTTP_METHOD, F_LAMBDA_OP,
} ftype;

typedef struct field {
    const char *name;
    ftype type;
    bool required;
} field;

#define END {NULL, F_ANY, false}
#define BASE {"version", F_VERSION, true}, {"operation", F_STRING, true}
#define WRITE_META {"condition", F_COND, false}, {"_version", F_INT, false}, \
    {"customPartitionKey", F_STRING, false}, {"populateIndexFields", F_BOOL, false}

static const field get_item[] = {BASE, {"key", F_KEY, true}, {"consistentRead", F_BOOL, false},
                                 {"projection", F_PROJ, false}, END};
static const field put_item[] = {BASE, {"key", F_KEY, true}, {"attributeValues", F_ITEM, false}, WRITE_META, END};
static const field update_item[] = {BASE, {"key", F_KEY, true}, {"update", F_EXPR, true}, WRITE_META, END};
static const field delete_item[] = {BASE, {"key", F_KEY, true}, WRITE_META, END};
static const field query[] = {BASE, {"query", F_EXPR, true}, {"index", F_STRING, false},
                              {"nextToken", F_STRING, false}, {"limit", F_INT, false},
                              {"scanIndexForward", F_BOOL, false}, {"consistentRead", F_BOOL, false},
                              {"select", F_SELECT, false}, {"filter", F_EXPR, false},
                              {"projection", F_PROJ, false}, END};
static const field scan[] = {BASE, {"index", F_STRING, false}, {"limit", F_INT, false},
                             {"consistentRead", F_BOOL, false}, {"nextToken", F_STRING, false},
                             {"totalSegments", F_INT, false}, {"segment", F_INT, false},
                             {"select", F_SELECT, false}, {"filter", F_EXPR, false},
                             {"projection", F_PROJ, false}, END};
static const field sync[] = {BASE, {"basePartitionKey", F_STRING, false}, {"deltaIndexName", F_STRING, false},
                             {"limit", F_INT, false}, {"nextToken", F_STRING, false}, {"lastSync", F_LONG, false},
                             {"filter", F_EXPR, false}, END};
static const field batch_get[] = {BASE, {"tables", F_BGET, true}, END};
static const field batch_put[] = {BASE, {"tables", F_BPUT, true}, END};
static const field batch_delete[] = {BASE, {"tables", F_BDEL, true}, END};
static const field transact_get[] = {BASE, {"transactItems", F_TGET, true}, END};
static const field transact_write[] = {BASE, {"transactItems", F_TWRITE, true}, END};

static const field expr_obj[] = {{"expression", F_STRING, true}, {"expressionNames", F_STRMAP, false},
                                  {"expressionValues", F_ITEM, false}, END};
static const field proj_obj[] = {{"expression", F_STRING, true}, {"expressionNames", F_STRMAP, false}, END};
static const field cond_obj[] = {{"expression", F_STRING, true}, {"expressionNames", F_STRMAP, false},
                                  {"expressionValues", F_ITEM, false}, {"equalsIgnore", F_STRLIST, false},
                                  {"consistentRead", F_BOOL, false},
                                  {"conditionalCheckFailedHandler", F_HANDLER, false}, END};
static const field txcond_obj[] = {{"expression", F_STRING, true}, {"expressionNames", F_STRMAP, false},
                                    {"expressionValues", F_ITEM, false},
                                    {"returnValuesOnConditionCheckFailure", F_BOOL, false}, END};
static const field handler_obj[] = {{"strategy", F_STRING, true}, {"lambdaArn", F_STRING, false}, END};
static const field bget_table[] = {{"keys", F_ANY, true}, {"consistentRead", F_BOOL, false},
                                   {"projection", F_PROJ, false}, END};
static const field tget_item[] = {{"table", F_STRING, true}, {"key", F_KEY, true}, {"projection", F_PROJ, false}, END};
static const field twrite_item[] = {{"table", F_STRING, true}, {"operation", F_STRING, true}, {"key", F_KEY, true},
                                    {"attributeValues", F_ITEM, false}, {"update", F_EXPR, false},
                                    {"condition", F_TXCOND, false}, END};
static const field none_doc[] = {{"version", F_VERSION, true}, {"payload", F_ANY, false}, END};
static const field lambda_doc[] = {{"version", F_VERSION, true}, {"operation", F_LAMBDA_OP, true},
                                   {"payload", F_ANY, false}, {"invocationType", F_STRING, false}, END};
static const field http_doc[] = {{"version", F_VERSION, true}, {"method", F_HTTP_METHOD, true},
                                 {"resourcePath", F_STRING, true}, {"params", F_HTTP_PARAMS, false}, END};
static const field http_params[] = {{"headers", F_STRMAP, false}, {"query", F_STRMAP, false},
                                    {"body", F_STRING, false}, END};

static const struct {
    const char *op;
    const field *fields;
    bool only_2018;
} operations[] = {
    {"GetItem", get_item, false}, {"PutItem", put_item, false}, {"UpdateItem", update_item, false},
    {"DeleteItem", delete_item, false}, {"Query", query, false}, {"Scan", scan, false},
    {"Sync", sync, true}, {"BatchGetItem", batch_get, true}, {"BatchPutItem", batch_put, true},
    {"BatchDeleteItem", batch_delete, true}, {"TransactGetItems", transact_get, true},
    {"TransactWriteItems", transact_write, true},
};

vval reqdoc_get(vval map, const char *key)
{
    if (map.kind != VVAL_MAP)
        return vval_null();
    vval *v = vmap_find_str(map.u.m, key, strlen(key));
    return v ? *v : vval_null();
}

const char *reqdoc_str(vval map, const char *key, const char *dflt)
{
    vval v = reqdoc_get(map, key);
    return v.kind == VVAL_STRING ? v.u.s->data : dflt;
}

/* ================================================================ paths and messages */

typedef struct path {
    char text[512];
    size_t len;
} path;

static void path_push(path *p, const char *seg, long index)
{
    int n = index >= 0 ? snprintf(p->text + p->len, sizeof p->text - p->len, "[%ld]", index)
                       : snprintf(p->text + p->len, sizeof p->text - p->len, "[%s]", seg ? seg : "");
    if (n > 0 && p->len + (size_t)n < sizeof p->text)
        p->len += (size_t)n;
}

__attribute__((format(printf, 3, 0))) static bool fail(strbuf *msg, const path *p, const char *fmt)
{
    strbuf_printf(msg, fmt, (int)p->len, p->text);
    return false;
}

/* ================================================================ checks */

static bool check_fields(vval obj, const field *fields, path *p, strbuf *msg);

static bool typed_value(vval v, path *p, strbuf *msg)
{
    static const char *const tags[] = {"S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS", NULL};
    if (v.kind != VVAL_MAP || v.u.m->count != 1)
        return fail(msg, p, "Expected a typed value with exactly one member for field '$%.*s'.");
    vval tag = v.u.m->entries[0].live ? v.u.m->entries[0].key : vval_null();
    for (size_t i = 0; i < v.u.m->len; i++)
        if (v.u.m->entries[i].live)
            tag = v.u.m->entries[i].key;
    for (int i = 0; tags[i]; i++)
        if (tag.kind == VVAL_STRING && strcmp(tag.u.s->data, tags[i]) == 0)
            return true;
    return fail(msg, p, "Unsupported element '$%.*s': not a DynamoDB type (S, N, B, BOOL, NULL, L, M, SS, NS, BS).");
}

/* A map of name -> typed value (key, attributeValues, expressionValues). */
static bool typed_map(vval v, path *p, strbuf *msg)
{
    if (v.kind != VVAL_MAP)
        return fail(msg, p, "Expected a JSON object for field '$%.*s'.");
    for (size_t i = 0; i < v.u.m->len; i++) {
        const vmap_entry *e = &v.u.m->entries[i];
        if (!e->live)
            continue;
        path q = *p;
        path_push(&q, e->key.kind == VVAL_STRING ? e->key.u.s->data : "?", -1);
        if (!typed_value(e->value, &q, msg))
            return false;
    }
    return true;
}

static bool list_of(vval v, path *p, strbuf *msg, bool (*each)(vval, path *, strbuf *))
{
    if (v.kind != VVAL_LIST)
        return fail(msg, p, "Expected a JSON array for field '$%.*s'.");
    for (size_t i = 0; i < v.u.l->len; i++) {
        path q = *p;
        path_push(&q, NULL, (long)i);
        if (!each(v.u.l->items[i], &q, msg))
            return false;
    }
    return true;
}

static bool tget_entry(vval v, path *p, strbuf *msg) { return check_fields(v, tget_item, p, msg); }
static bool twrite_entry(vval v, path *p, strbuf *msg) { return check_fields(v, twrite_item, p, msg); }
static bool bget_entry(vval v, path *p, strbuf *msg)
{
    if (!check_fields(v, bget_table, p, msg))
        return false;
    path q = *p;
    path_push(&q, "keys", -1);
    return list_of(reqdoc_get(v, "keys"), &q, msg, typed_map);
}

/* tables: {name: <each>} */
static bool tables(vval v, path *p, strbuf *msg, bool (*each)(vval, path *, strbuf *))
{
    if (v.kind != VVAL_MAP || v.u.m->count == 0)
        return fail(msg, p, "Expected a non-empty JSON object for field '$%.*s'.");
    for (size_t i = 0; i < v.u.m->len; i++) {
        const vmap_entry *e = &v.u.m->entries[i];
        if (!e->live)
            continue;
        path q = *p;
        path_push(&q, e->key.u.s->data, -1);
        if (!each(e->value, &q, msg))
            return false;
    }
    return true;
}

static bool items_list(vval v, path *p, strbuf *msg) { return list_of(v, p, msg, typed_map); }

static bool one_of(vval v, const char *const *allowed, path *p, strbuf *msg, const char *what)
{
    if (v.kind == VVAL_STRING)
        for (int i = 0; allowed[i]; i++)
            if (strcmp(v.u.s->data, allowed[i]) == 0)
                return true;
    strbuf_printf(msg, "Unsupported %s '", what);
    if (v.kind == VVAL_STRING)
        strbuf_append(msg, v.u.s->data, v.u.s->len);
    strbuf_printf(msg, "' for field '$%.*s'.", (int)p->len, p->text);
    return false;
}

static bool check_value(vval v, ftype t, path *p, strbuf *msg)
{
    static const char *const versions[] = {"2017-02-28", "2018-05-29", NULL};
    static const char *const selects[] = {"ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", NULL};
    static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", NULL};
    static const char *const lambda_ops[] = {"Invoke", "BatchInvoke", NULL};
    switch (t) {
    case F_ANY: return true;
    case F_STRING: return v.kind == VVAL_STRING || fail(msg, p, "Expected a string for field '$%.*s'.");
    case F_BOOL: return v.kind == VVAL_BOOL || fail(msg, p, "Expected a boolean for field '$%.*s'.");
    case F_INT:
        return ((v.kind == VVAL_INT || v.kind == VVAL_LONG) ||
                fail(msg, p, "Expected an integer for field '$%.*s'."));
    case F_LONG:
        return vval_is_integral(v) || fail(msg, p, "Expected an integer (epoch milliseconds) for field '$%.*s'.");
    case F_VERSION: return one_of(v, versions, p, msg, "version");
    case F_SELECT: return one_of(v, selects, p, msg, "select");
    case F_HTTP_METHOD: return one_of(v, methods, p, msg, "method");
    case F_LAMBDA_OP: return one_of(v, lambda_ops, p, msg, "operation");
    case F_KEY:
    case F_ITEM: return typed_map(v, p, msg);
    case F_EXPR: return check_fields(v, expr_obj, p, msg);
    case F_PROJ: return check_fields(v, proj_obj, p, msg);
    case F_COND: return check_fields(v, cond_obj, p, msg);
    case F_TXCOND: return check_fields(v, txcond_obj, p, msg);
    case F_HANDLER: return check_fields(v, handler_obj, p, msg);
    case F_HTTP_PARAMS: return check_fields(v, http_params, p, msg);
    case F_STRLIST:
        if (v.kind != VVAL_LIST)
            return fail(msg, p, "Expected a JSON array of strings for field '$%.*s'.");
        for (size_t i = 0; i < v.u.l->len; i++)
            if (v.u.l->items[i].kind != VVAL_STRING)
                return fail(msg, p, "Expected a JSON array of strings for field '$%.*s'.");
        return true;
    case F_STRMAP:
        if (v.kind != VVAL_MAP)
            return fail(msg, p, "Expected a JSON object of strings for field '$%.*s'.");
        for (size_t i = 0; i < v.u.m->len; i++)
            if (v.u.m->entries[i].live && v.u.m->entries[i].value.kind != VVAL_STRING &&
                v.u.m->entries[i].value.kind != VVAL_LIST)
                return fail(msg, p, "Expected a JSON object of strings for field '$%.*s'.");
        return true;
    case F_BGET: return tables(v, p, msg, bget_entry);
    case F_BPUT:
    case F_BDEL: return tables(v, p, msg, items_list);
    case F_TGET: return list_of(v, p, msg, tget_entry);
    case F_TWRITE: return list_of(v, p, msg, twrite_entry);
    }
    return true;
}

static bool check_fields(vval obj, const field *fields, path *p, strbuf *msg)
{
    if (obj.kind != VVAL_MAP)
        return fail(msg, p, "Expected a JSON object for field '$%.*s'.");
    for (const field *f = fields; f->name; f++) {
        vval *v = vmap_find_str(obj.u.m, f->name, strlen(f->name));
        path q = *p;
        path_push(&q, f->name, -1);
        if (!v || (vval_is_null(*v) && f->type != F_ANY)) {
            if (f->required)
                return fail(msg, &q, "Value for field '$%.*s' not found.");
            continue;
        }
        if (!check_value(*v, f->type, &q, msg))
            return false;
    }
    for (size_t i = 0; i < obj.u.m->len; i++) {
        const vmap_entry *e = &obj.u.m->entries[i];
        if (!e->live || e->key.kind != VVAL_STRING)
            continue;
        const field *f = fields;
        while (f->name && strcmp(f->name, e->key.u.s->data) != 0)
            f++;
        if (!f->name) {
            path q = *p;
            path_push(&q, e->key.u.s->data, -1);
            return fail(msg, &q, "Unsupported element '$%.*s'.");
        }
    }
    return true;
}

const char *reqdoc_version(vval doc, const char *function_version)
{
    if (function_version)
        return function_version;
    vval v = reqdoc_get(doc, "version");
    return v.kind == VVAL_STRING ? v.u.s->data : "2017-02-28";
}

static bool check_dynamodb(vval doc, const char *function_version, strbuf *msg)
{
    path p = {"", 0};
    vval op = reqdoc_get(doc, "operation");
    if (op.kind != VVAL_STRING) {
        path q = p;
        path_push(&q, "operation", -1);
        return fail(msg, &q, op.kind == VVAL_NULL ? "Value for field '$%.*s' not found."
                                                   : "Expected a string for field '$%.*s'.");
    }
    for (size_t i = 0; i < sizeof operations / sizeof *operations; i++) {
        if (strcmp(op.u.s->data, operations[i].op) != 0)
            continue;
        if (!check_fields(doc, operations[i].fields, &p, msg))
            return false;
        if (operations[i].only_2018 && strcmp(reqdoc_version(doc, function_version), "2018-05-29") != 0) {
            strbuf_printf(msg, "Operation '%s' requires version '2018-05-29'.", operations[i].op);
            return false;
        }
        return true;
    }
    strbuf_printf(msg, "Unsupported operation '%s'.", op.u.s->data);
    return false;
}

bool reqdoc_check(ds_kind kind, vval doc, const char *function_version, strbuf *msg)
{
    path p = {"", 0};
    if (doc.kind != VVAL_MAP) {
        strbuf_puts(msg, "Unable to convert the request mapping template output to a request: "
                         "it is not a JSON object.");
        return false;
    }
    if (function_version && !vmap_find_str(doc.u.m, "version", 7)) {
        /* functions take their version from the function, not the template */
        vmap_put_str(doc.u.m, "version", vval_cstr(doc.u.m->ar, function_version));
    }
    switch (kind) {
    case DS_DYNAMODB: return check_dynamodb(doc, function_version, msg);
    case DS_LAMBDA: return check_fields(doc, lambda_doc, &p, msg);
    case DS_HTTP: return check_fields(doc, http_doc, &p, msg);
    case DS_NONE: return check_fields(doc, none_doc, &p, msg);
    }
    return true;
}
