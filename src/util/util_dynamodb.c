/* util_dynamodb: the $util.dynamodb namespace (reference 4.13): the to* helpers
 * that build DynamoDB attribute values from template values, their *Json forms
 * (the same value as compact JSON text), and the S3 object helpers.
 * The auto-typing itself (util_dynamodb_typed) is shared with $util.transform. */
#include "util/util_dynamodb.h"
#include "util/util.h"
#include "vval/vval_json.h"
#include <string.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* Deeper than this is a list or map that contains itself: Java overflows its stack. */
#define MAX_DEPTH 1000

/* ================================================================ auto-typing (4.13.2) */

vval util_dynamodb_wrap(eval_state *ev, const char *type, vval v)
{
    vval m = vval_map_new(ev->ar);
    m.u.m->hash_order = true;
    vmap_put_str(m.u.m, type, v);
    return m;
}

static mres typed_rec(eval_state *ev, vval v, vval *out, const ast_node *site, int depth);

static mres typed_list(eval_state *ev, const vlist *l, vval *out, const ast_node *site, int depth)
{
    vval r = vval_list_new(ev->ar, l->len);
    for (size_t i = 0; i < l->len; i++) {
        vval t;
        if (typed_rec(ev, l->items[i], &t, site, depth + 1) != M_OK)
            return M_ERROR;
        vlist_push(r.u.l, t);
    }
    *out = r;
    return M_OK;
}

/* The entries of m, each value auto-typed, in a HashMap-ordered map. */
static mres typed_entries(eval_state *ev, const vmap *m, vval *out, const ast_node *site, int depth)
{
    vval r = vval_map_new(ev->ar);
    r.u.m->hash_order = true;
    for (size_t i = 0; i < m->len; i++) {
        if (!m->entries[i].live)
            continue;
        vval t;
        if (typed_rec(ev, m->entries[i].value, &t, site, depth + 1) != M_OK)
            return M_ERROR;
        vmap_put(r.u.m, m->entries[i].key, t, NULL);
    }
    *out = r;
    return M_OK;
}

static mres typed_rec(eval_state *ev, vval v, vval *out, const ast_node *site, int depth)
{
    if (depth > MAX_DEPTH)
        return method_throw(ev, site, "java.lang.StackOverflowError: the value nests more than %d levels "
                            "(a list or map that contains itself?)", MAX_DEPTH);
    vval inner;
    switch (v.kind) {
    case VVAL_NULL: *out = util_dynamodb_wrap(ev, "NULL", v); return M_OK;
    case VVAL_BOOL: *out = util_dynamodb_wrap(ev, "BOOL", v); return M_OK;
    case VVAL_INT:
    case VVAL_LONG:
    case VVAL_BIGINT:
    case VVAL_DOUBLE: *out = util_dynamodb_wrap(ev, "N", v); return M_OK;
    case VVAL_STRING: *out = util_dynamodb_wrap(ev, "S", v); return M_OK;
    case VVAL_LIST:
        if (typed_list(ev, v.u.l, &inner, site, depth) != M_OK)
            return M_ERROR;
        *out = util_dynamodb_wrap(ev, "L", inner);
        return M_OK;
    case VVAL_MAP:
        if (typed_entries(ev, v.u.m, &inner, site, depth) != M_OK)
            return M_ERROR;
        *out = util_dynamodb_wrap(ev, "M", inner);
        return M_OK;
    case VVAL_OBJECT: {
        /* Any other Java object is stored by its String.valueOf() [INF]. */
        vstr *s;
        if (eval_to_string(ev, v, &s) != EV_OK)
            return M_ERROR;
        *out = util_dynamodb_wrap(ev, "S", vval_from_vstr(s));
        return M_OK;
    }
    }
    return M_NOTFOUND;
}

mres util_dynamodb_typed(eval_state *ev, vval v, vval *out, const ast_node *site)
{
    return typed_rec(ev, v, out, site, 0);
}

/* ================================================================ argument checks */

/* A java.util.List parameter: a list (not an array) or null. */
static bool arg_list(vval v) { return vval_is_null(v) || (v.kind == VVAL_LIST && !v.u.l->is_array); }
static bool arg_map(vval v) { return vval_is_null(v) || v.kind == VVAL_MAP; }
static bool arg_number(vval v) { return vval_is_null(v) || vval_is_number(v); }
static bool arg_bool(vval v) { return vval_is_null(v) || v.kind == VVAL_BOOL; }

/* The called method's name, for exception messages. */
static int name_len(const ast_node *site) { return site->str ? (int)site->len : 0; }
static const char *name_of(const ast_node *site) { return site->str ? site->str : ""; }

/* A helper that has to look inside its argument fails on null as Java does. */
static mres null_pointer(eval_state *ev, const ast_node *site)
{
    return method_throw(ev, site, "Invocation of method '%.*s' threw exception java.lang.NullPointerException",
                        name_len(site), name_of(site));
}

/* ================================================================ the to* helpers */

FN(d_to_dynamodb) { UNUSED; return util_dynamodb_typed(ev, a[0], out, site); }

/* {type: value} for a value of the declared parameter type; null is stored as null [INF]. */
static mres wrap_typed(eval_state *ev, const char *type, bool ok, vval v, vval *out)
{
    if (!ok)
        return M_NOTFOUND;
    *out = util_dynamodb_wrap(ev, type, v);
    return M_OK;
}

/* {type: copy of the list}: set elements are kept as given (no typing, no dedup). */
static mres wrap_set(eval_state *ev, const char *type, vval v, vval *out)
{
    if (!arg_list(v))
        return M_NOTFOUND;
    vval copy = v;
    if (!vval_is_null(v)) {
        copy = vval_list_new(ev->ar, v.u.l->len);
        for (size_t i = 0; i < v.u.l->len; i++)
            vlist_push(copy.u.l, v.u.l->items[i]);
    }
    *out = util_dynamodb_wrap(ev, type, copy);
    return M_OK;
}

FN(d_to_string) { UNUSED; return wrap_typed(ev, "S", arg_is_str(a[0]), a[0], out); }
FN(d_to_number) { UNUSED; return wrap_typed(ev, "N", arg_number(a[0]), a[0], out); }
FN(d_to_binary) { UNUSED; return wrap_typed(ev, "B", arg_is_str(a[0]), a[0], out); }
FN(d_to_boolean) { UNUSED; return wrap_typed(ev, "BOOL", arg_bool(a[0]), a[0], out); }
FN(d_to_null) { UNUSED; *out = util_dynamodb_wrap(ev, "NULL", vval_null()); return M_OK; }
FN(d_to_string_set) { UNUSED; return wrap_set(ev, "SS", a[0], out); }
FN(d_to_number_set) { UNUSED; return wrap_set(ev, "NS", a[0], out); }
FN(d_to_binary_set) { UNUSED; return wrap_set(ev, "BS", a[0], out); }

FN(d_to_list)
{
    UNUSED;
    if (!arg_list(a[0]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]))
        return null_pointer(ev, site);
    return util_dynamodb_typed(ev, a[0], out, site);
}

FN(d_to_map)
{
    UNUSED;
    if (!arg_map(a[0]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]))
        return null_pointer(ev, site);
    return util_dynamodb_typed(ev, a[0], out, site);
}

/* toMap(m).get("M"): the typed entries without the wrapper. */
FN(d_to_map_values)
{
    UNUSED;
    if (!arg_map(a[0]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]))
        return null_pointer(ev, site);
    return typed_entries(ev, a[0].u.m, out, site, 0);
}

/* ================================================================ S3 objects (4.13.4) */

static const char *const s3_fields[] = {"key", "bucket", "region", "version"};

/* {"S": "{\"s3\":{\"key\":…,\"bucket\":…,\"region\":…[,\"version\":…]}}"}, compact as
 * recorded from AWS; a null field is left out (a 3-argument call has no version). */
FN(d_to_s3_object)
{
    UNUSED;
    for (size_t i = 0; i < na; i++)
        if (!arg_is_str(a[i]))
            return M_NOTFOUND;
    vval obj = vval_map_new(ev->ar), wrap = vval_map_new(ev->ar);
    for (size_t i = 0; i < na; i++)
        if (!vval_is_null(a[i]))
            vmap_put_str(obj.u.m, s3_fields[i], a[i]);
    vmap_put_str(wrap.u.m, "s3", obj);
    *out = util_dynamodb_wrap(ev, "S", eval_json_text(ev, wrap));
    return M_OK;
}

/* The string {"s3":{…}} back to the map {key, bucket, region[, version]}. */
FN(d_from_s3_object_json)
{
    UNUSED;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]))
        return null_pointer(ev, site);
    vval doc;
    vjson_error err;
    if (!vjson_parse(ev->ar, a[0].u.s->data, a[0].u.s->len, NULL, &doc, &err))
        return method_throw(ev, site, "Invocation of method '%.*s' threw exception "
                            "com.fasterxml.jackson.core.JsonParseException: %s", name_len(site), name_of(site),
                            err.msg);
    vval *s3 = doc.kind == VVAL_MAP ? vmap_find_str(doc.u.m, "s3", 2) : NULL;
    if (!s3 || s3->kind != VVAL_MAP)
        return null_pointer(ev, site);
    vval r = vval_map_new(ev->ar);
    for (size_t i = 0; i < sizeof s3_fields / sizeof *s3_fields; i++) {
        vval *f = vmap_find_str(s3->u.m, s3_fields[i], strlen(s3_fields[i]));
        if (f)
            vmap_put_str(r.u.m, s3_fields[i], *f);
    }
    *out = r;
    return M_OK;
}

/* ================================================================ the *Json forms */

/* X Json(args) is $util.toJson(X(args)). */
static mres as_json(eval_state *ev, mres r, vval *out)
{
    if (r != M_OK)
        return r;
    *out = eval_json_text(ev, *out);
    return M_OK;
}

#define JSON_FN(name, base) FN(name) { return as_json(ev, base(ev, self, a, na, out, site), out); }
JSON_FN(d_to_binary_json, d_to_binary)
JSON_FN(d_to_binary_set_json, d_to_binary_set)
JSON_FN(d_to_boolean_json, d_to_boolean)
JSON_FN(d_to_dynamodb_json, d_to_dynamodb)
JSON_FN(d_to_list_json, d_to_list)
JSON_FN(d_to_map_json, d_to_map)
JSON_FN(d_to_map_values_json, d_to_map_values)
JSON_FN(d_to_null_json, d_to_null)
JSON_FN(d_to_number_json, d_to_number)
JSON_FN(d_to_number_set_json, d_to_number_set)
JSON_FN(d_to_s3_object_json, d_to_s3_object)
JSON_FN(d_to_string_json, d_to_string)
JSON_FN(d_to_string_set_json, d_to_string_set)

/* ================================================================ table */

static const method_def dynamodb_fns[] = {
    {"fromS3ObjectJson", d_from_s3_object_json, 1, 1},
    {"toBinary", d_to_binary, 1, 1},
    {"toBinaryJson", d_to_binary_json, 1, 1},
    {"toBinarySet", d_to_binary_set, 1, 1},
    {"toBinarySetJson", d_to_binary_set_json, 1, 1},
    {"toBoolean", d_to_boolean, 1, 1},
    {"toBooleanJson", d_to_boolean_json, 1, 1},
    {"toDynamoDB", d_to_dynamodb, 1, 1},
    {"toDynamoDBJson", d_to_dynamodb_json, 1, 1},
    {"toList", d_to_list, 1, 1},
    {"toListJson", d_to_list_json, 1, 1},
    {"toMap", d_to_map, 1, 1},
    {"toMapJson", d_to_map_json, 1, 1},
    {"toMapValues", d_to_map_values, 1, 1},
    {"toMapValuesJson", d_to_map_values_json, 1, 1},
    {"toNull", d_to_null, 0, 0},
    {"toNullJson", d_to_null_json, 0, 0},
    {"toNumber", d_to_number, 1, 1},
    {"toNumberJson", d_to_number_json, 1, 1},
    {"toNumberSet", d_to_number_set, 1, 1},
    {"toNumberSetJson", d_to_number_set_json, 1, 1},
    {"toS3Object", d_to_s3_object, 3, 4},
    {"toS3ObjectJson", d_to_s3_object_json, 3, 4},
    {"toString", d_to_string, 1, 1},
    {"toStringJson", d_to_string_json, 1, 1},
    {"toStringSet", d_to_string_set, 1, 1},
    {"toStringSetJson", d_to_string_set_json, 1, 1},
};
const util_ns util_ns_dynamodb = {"dynamodb", dynamodb_fns, sizeof dynamodb_fns / sizeof *dynamodb_fns};
