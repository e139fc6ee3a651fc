/* util_rds: the $util.rds namespace. toJsonObject and toJsonString reduce an
 * RDS Data API result ({"sqlStatementResults": [{"records": [[field, ...], ...],
 * "columnMetadata": [{"name": ...}, ...]}, ...]}) to one list of rows per
 * statement, each row a map from column name to the field's plain value; a
 * statement without records (INSERT, UPDATE, DELETE) gives an empty list. */
#include "util/util.h"
#include "vval/vval_json.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)

/* A conversion in progress and its first problem, for the message. */
typedef struct rds_conv {
    eval_state *ev;
    char err[240];
} rds_conv;

static bool bad(rds_conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool bad(rds_conv *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return false;
}

static vval member(vval map, const char *key)
{
    vval *v = map.kind == VVAL_MAP ? vmap_find_str(map.u.m, key, strlen(key)) : NULL;
    return v ? *v : vval_null();
}

/* A Data API ArrayValue ({"stringValues": [...]}, {"arrayValues": [...]}, ...)
 * as a plain list; doubleValues become Doubles. */
static vval array_value(eval_state *ev, vval av, int depth)
{
    static const char *const kinds[] = {"booleanValues", "doubleValues", "longValues", "stringValues"};
    vval items = member(av, "arrayValues");
    vval out = vval_list_new(ev->ar, 0);
    if (items.kind == VVAL_LIST && depth < 64) {
        for (size_t i = 0; i < items.u.l->len; i++)
            vlist_push(out.u.l, array_value(ev, items.u.l->items[i], depth + 1));
        return out;
    }
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        items = member(av, kinds[k]);
        if (items.kind != VVAL_LIST)
            continue;
        for (size_t i = 0; i < items.u.l->len; i++) {
            vval v = items.u.l->items[i];
            vlist_push(out.u.l, k == 1 && vval_is_number(v) ? vval_double(vval_as_double(v)) : v);
        }
        break;
    }
    return out;
}

/* A Field's value: null for {"isNull": true}, else the one value member
 * (doubleValue as a Double, arrayValue as a list, blobValue as its base64 text). */
static vval field_value(eval_state *ev, vval field)
{
    static const char *const kinds[] = {"stringValue", "longValue", "doubleValue", "booleanValue", "blobValue",
                                        "arrayValue"};
    vval is_null = member(field, "isNull");
    if (is_null.kind == VVAL_BOOL && is_null.u.b)
        return vval_null();
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        vval *v = vmap_find_str(field.u.m, kinds[k], strlen(kinds[k]));
        if (!v)
            continue;
        if (k == 2 && vval_is_number(*v))
            return vval_double(vval_as_double(*v));
        return k == 5 ? array_value(ev, *v, 0) : *v;
    }
    return vval_null();
}

/* One record (a list of fields) as a row map keyed by column name. */
static bool record(rds_conv *c, vval rec, vval columns, size_t s, vval *row)
{
    if (rec.kind != VVAL_LIST)
        return bad(c, "statement %zu: a record is not a list", s);
    *row = vval_map_new(c->ev->ar);
    for (size_t j = 0; j < rec.u.l->len; j++) {
        vval field = rec.u.l->items[j];
        vval col = columns.kind == VVAL_LIST && j < columns.u.l->len ? columns.u.l->items[j] : vval_null();
        vval name = member(col, "name");
        if (name.kind != VVAL_STRING)
            return bad(c, "statement %zu: column %zu has no name in columnMetadata", s, j);
        if (field.kind != VVAL_MAP)
            return bad(c, "statement %zu: the field of column %zu is not an object", s, j);
        vmap_put(row->u.m, name, field_value(c->ev, field), NULL);
    }
    return true;
}

/* One entry of sqlStatementResults as its list of rows. */
static bool statement(rds_conv *c, vval st, size_t s, vval *rows)
{
    if (st.kind != VVAL_MAP)
        return bad(c, "statement %zu is not an object", s);
    vval recs = member(st, "records"), columns = member(st, "columnMetadata");
    *rows = vval_list_new(c->ev->ar, 0);
    if (vval_is_null(recs))
        return true;
    if (recs.kind != VVAL_LIST)
        return bad(c, "statement %zu: records is not a list", s);
    for (size_t i = 0; i < recs.u.l->len; i++) {
        vval row;
        if (!record(c, recs.u.l->items[i], columns, s, &row))
            return false;
        vlist_push(rows->u.l, row);
    }
    return true;
}

/* Parse and reduce the serialized result; false with c->err on bad input. */
static bool convert(rds_conv *c, const vstr *text, vval *out)
{
    vval root;
    vjson_error je;
    if (!vjson_parse(c->ev->ar, text->data, text->len, NULL, &root, &je)) {
        return bad(c, "the result is not JSON: %s at line %d column %d", je.msg, je.line, je.col);
    }
    if (root.kind != VVAL_MAP)
        return bad(c, "the result is not a JSON object");
    vval results = member(root, "sqlStatementResults");
    *out = vval_list_new(c->ev->ar, 0);
    if (vval_is_null(results))
        return true;
    if (results.kind != VVAL_LIST)
        return bad(c, "sqlStatementResults is not a list");
    for (size_t s = 0; s < results.u.l->len; s++) {
        vval rows;
        if (!statement(c, results.u.l->items[s], s, &rows))
            return false;
        vlist_push(out->u.l, rows);
    }
    return true;
}

/* Run the conversion for method `fn`: M_NOTFOUND for a non-String argument,
 * an exception for null or a malformed result. */
static mres run(eval_state *ev, const char *fn, vval arg, vval *rows, const ast_node *site)
{
    if (!arg_is_str(arg))
        return M_NOTFOUND;
    if (vval_is_null(arg))
        return method_throw(ev, site, "Invocation of method '%s' threw exception java.lang.NullPointerException", fn);
    rds_conv c = {ev, ""};
    if (!convert(&c, arg.u.s, rows))
        return method_throw(ev, site, "Invocation of method '%s' threw exception: invalid RDS result: %s", fn, c.err);
    return M_OK;
}

/* toJsonObject(String serializedSQLResult) : Object (a List of row Lists) */
FN(r_to_json_object)
{
    (void)self, (void)na;
    return run(ev, "toJsonObject", a[0], out, site);
}

/* toJsonString(String serializedSQLResult) : String */
FN(r_to_json_string)
{
    (void)self, (void)na;
    vval rows;
    mres r = run(ev, "toJsonString", a[0], &rows, site);
    if (r != M_OK)
        return r;
    *out = eval_json_text(ev, rows);
    return M_OK;
}

static const method_def rds_fns[] = {
    {"toJsonObject", r_to_json_object, 1, 1},
    {"toJsonString", r_to_json_string, 1, 1},
};
const util_ns util_ns_rds = {"rds", rds_fns, sizeof rds_fns / sizeof *rds_fns};
