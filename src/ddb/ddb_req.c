/* ddb_req: the request machinery shared by the operations (errors, member
 * shapes, constraint messages, key validation, expression parameters). */
#include "ddb/ddb_req.h"
#include "base/alloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ================================================================ errors */

bool ddb_fail(ddb_req *r, const char *name, const char *msg)
{
    if (!r->res->ok && r->res->err_name)
        return false;   /* keep the first error */
    r->res->ok = false;
    r->res->err_name = name;
    r->res->err_msg = xstrdup(msg);
    return false;
}

bool ddb_failf(ddb_req *r, const char *name, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    ddb_fail(r, name, strbuf_cstr(&sb));
    strbuf_free(&sb);
    return false;
}

bool ddb_invalid(ddb_req *r, const char *msg) { return ddb_fail(r, DDB_ERR_VALIDATION, msg); }

bool ddb_no_table(ddb_req *r) { return ddb_fail(r, DDB_ERR_NOT_FOUND, "Requested resource not found"); }

void ddb_retire(ddb_req *r, ddb_value *item)
{
    if (!item)
        return;
    if (r->nretired == r->rcap) {
        r->rcap = r->rcap ? r->rcap * 2 : 8;
        r->retired = xrealloc(r->retired, r->rcap * sizeof *r->retired);
    }
    r->retired[r->nretired++] = item;
}

/* ================================================================ member shapes */

static const char *shape_error(const ddb_json *j, ddb_field_kind kind)
{
    switch (j->kind) {
    case DDB_JSON_STRING:
        if (kind == DDB_F_STRING)
            return NULL;
        if (kind == DDB_F_INT)
            return "STRING_VALUE cannot be converted to Integer";
        if (kind == DDB_F_BOOL)
            return NULL;   /* "true"/"1"/"yes" convert; checked by the caller */
        return kind == DDB_F_OBJECT ? "Unexpected value type in payload" : "Unexpected field type";
    case DDB_JSON_NUMBER:
        if (kind == DDB_F_INT)
            return NULL;
        if (kind == DDB_F_STRING)
            return "NUMBER_VALUE cannot be converted to String";
        if (kind == DDB_F_BOOL)
            return "NUMBER_VALUE cannot be converted to Boolean";
        return kind == DDB_F_OBJECT ? "Unexpected value type in payload" : "Unexpected field type";
    case DDB_JSON_BOOL:
        if (kind == DDB_F_BOOL)
            return NULL;
        if (kind == DDB_F_STRING)
            return j->b ? "TRUE_VALUE cannot be converted to String" : "FALSE_VALUE cannot be converted to String";
        if (kind == DDB_F_INT)
            return j->b ? "TRUE_VALUE cannot be converted to Integer" : "FALSE_VALUE cannot be converted to Integer";
        return kind == DDB_F_OBJECT ? "Unexpected value type in payload" : "Unexpected field type";
    case DDB_JSON_OBJECT:
        return kind == DDB_F_OBJECT ? NULL : "Start of structure or map found where not expected";
    case DDB_JSON_ARRAY:
        if (kind == DDB_F_LIST)
            return NULL;
        if (kind <= DDB_F_INT)
            return kind == DDB_F_STRING ? "Unrecognized collection type class java.lang.String"
                   : kind == DDB_F_BOOL ? "Unrecognized collection type class java.lang.Boolean"
                                        : "Unrecognized collection type class java.lang.Integer";
        return "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>";
    default: return NULL;
    }
}

const ddb_json *ddb_field_check(ddb_req *r, const ddb_json *j, ddb_field_kind kind, bool *ok)
{
    if (!j || j->kind == DDB_JSON_NULL)
        return NULL;
    const char *err = shape_error(j, kind);
    if (err) {
        *ok = false;
        ddb_fail(r, DDB_ERR_SERIALIZATION, err);
        return NULL;
    }
    return j;
}

/* ================================================================ constraints */

/* DynamoDB's rendering of a request value inside these messages. */
static void value_text(strbuf *out, const ddb_json *j)
{
    if (j->kind == DDB_JSON_STRING || j->kind == DDB_JSON_NUMBER) {
        strbuf_append(out, j->str, j->len);
    } else if (j->kind == DDB_JSON_ARRAY) {
        strbuf_putc(out, '[');
        for (size_t i = 0; i < j->n; i++) {
            if (i)
                strbuf_puts(out, ", ");
            value_text(out, j->items[i]);
        }
        strbuf_putc(out, ']');
    } else if (j->kind == DDB_JSON_BOOL) {
        strbuf_puts(out, j->b ? "true" : "false");
    } else {
        ddb_json_write(out, j);
    }
}

void ddb_verr(ddb_verrs *v, const ddb_json *value, const char *path, const char *constraint)
{
    if (v->n >= 10)
        return;
    if (v->n++)
        strbuf_puts(&v->sb, "; ");
    strbuf_puts(&v->sb, "Value ");
    if (value) {
        strbuf_putc(&v->sb, '\'');
        value_text(&v->sb, value);
        strbuf_putc(&v->sb, '\'');
    } else {
        strbuf_puts(&v->sb, "null");
    }
    strbuf_printf(&v->sb, " at '%s' failed to satisfy constraint: %s", path, constraint);
}

/* The bytes of table and index names: [a-zA-Z0-9_.-]. */
static const unsigned char NAME_CHARS[256] = {
    ['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, ['_'] = 1, ['-'] = 1, ['.'] = 1,
};

static bool name_chars_ok(const ddb_json *j)
{
    for (size_t i = 0; i < j->len; i++)
        if (!NAME_CHARS[(unsigned char)j->str[i]])
            return false;
    return j->len > 0;
}

void ddb_verr_table_name(ddb_verrs *v, const ddb_json *name, const char *path, bool required)
{
    if (!name) {
        if (required)
            ddb_verr(v, NULL, path, "Member must not be null");
        return;
    }
    if (!name_chars_ok(name))
        ddb_verr(v, name, path, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    if (name->len < 3)
        ddb_verr(v, name, path, "Member must have length greater than or equal to 3");
    if (name->len > 255)
        ddb_verr(v, name, path, "Member must have length less than or equal to 255");
}

void ddb_verr_enum(ddb_verrs *v, const ddb_json *value, const char *path, const char *const *allowed)
{
    if (!value)
        return;
    strbuf set = STRBUF_INIT;
    bool found = false;
    for (size_t i = 0; allowed[i]; i++) {
        strbuf_puts(&set, i ? ", " : "Member must satisfy enum value set: [");
        strbuf_puts(&set, allowed[i]);
        found = found || ddb_json_is_str(value, allowed[i]);
    }
    strbuf_putc(&set, ']');
    if (!found)
        ddb_verr(v, value, path, strbuf_cstr(&set));
    strbuf_free(&set);
}

bool ddb_verrs_done(ddb_req *r, ddb_verrs *v)
{
    bool ok = v->n == 0;
    if (!ok)
        ddb_failf(r, DDB_ERR_VALIDATION, "%d validation error%s detected: %s", v->n, v->n > 1 ? "s" : "",
                  strbuf_cstr(&v->sb));
    strbuf_free(&v->sb);
    return ok;
}

/* ================================================================ values and keys */

bool ddb_req_map(ddb_req *r, const ddb_json *j, ddb_value *out, const char **val_err)
{
    r->conv.val_err = NULL;
    r->conv.ser_err = NULL;
    bool ok = ddb_item_from_json(&r->conv, j, out);
    if (!ok)
        return ddb_fail(r, DDB_ERR_SERIALIZATION, r->conv.ser_err);
    if (val_err)
        *val_err = r->conv.val_err;
    return true;
}

void ddb_key_of(ddb_req *r, const ddb_table *t, const ddb_value *item, ddb_value *key)
{
    *key = ddb_map_new();
    const ddb_keydef *defs[2] = {&t->hash, &t->range};
    for (int i = 0; i < 2; i++) {
        const ddb_value *v = defs[i]->name ? ddb_map_get(item, defs[i]->name, defs[i]->len) : NULL;
        if (v)
            ddb_map_put(r->ar, key, defs[i]->name, defs[i]->len, v);
    }
}

void ddb_key_json(strbuf *out, const ddb_table *t, const ddb_value *item)
{
    const ddb_keydef *defs[2] = {&t->hash, &t->range};
    strbuf_putc(out, '{');
    for (int i = 0; i < 2; i++) {
        const ddb_value *v = defs[i]->name ? ddb_map_get(item, defs[i]->name, defs[i]->len) : NULL;
        if (!v)
            continue;
        if (i)
            strbuf_putc(out, ',');
        strbuf_json_string(out, defs[i]->name, defs[i]->len);
        strbuf_putc(out, ':');
        ddb_value_to_json(out, v);
    }
    strbuf_putc(out, '}');
}

static bool key_size(ddb_req *r, const ddb_value *v, bool hash)
{
    if (v->type == DDB_N)
        return true;
    if (hash && v->u.str.len > 2048)
        return ddb_invalid(r, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
                              "size limit of2048 bytes");
    if (!hash && v->u.str.len > 1024)
        return ddb_invalid(r, "One or more parameter values were invalid: Aggregated size of all range keys has "
                              "exceeded the size limit of 1024 bytes");
    return true;
}

bool ddb_check_key(ddb_req *r, const ddb_table *t, const ddb_value *key)
{
    size_t want = t->range.name ? 2 : 1;
    if (key->u.map.len != want)
        return ddb_invalid(r, "The provided key element does not match the schema");
    const ddb_keydef *defs[2] = {&t->hash, &t->range};
    for (size_t i = 0; i < want; i++) {
        const ddb_value *v = ddb_map_get(key, defs[i]->name, defs[i]->len);
        if (!v || v->type != defs[i]->type)
            return ddb_invalid(r, "The provided key element does not match the schema");
        if (v->type != DDB_N && v->u.str.len == 0)
            return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: The AttributeValue "
                             "for a key attribute cannot contain an empty %s value. Key: %s",
                             v->type == DDB_S ? "string" : "binary", defs[i]->name);
        if (!key_size(r, v, i == 0))
            return false;
    }
    return true;
}

static bool check_index_keys(ddb_req *r, const ddb_table *t, const ddb_value *item)
{
    ddb_index_keys it = {t, 0, 0, 0};
    const ddb_index *ix;
    const ddb_keydef *k;
    while (ddb_index_keys_next(&it, &ix, &k)) {
        const ddb_value *v = ddb_map_get(item, k->name, k->len);
        if (!v)
            continue;
        if (v->type != k->type)
            return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Type mismatch "
                             "for Index Key %s Expected: %s Actual: %s IndexName: %s", k->name,
                             ddb_type_name(k->type), ddb_type_name(v->type), ix->name);
        if (v->type != DDB_N && v->u.str.len == 0)
            return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values are not valid. A value "
                             "specified for a secondary index key is not supported. The AttributeValue for a "
                             "key attribute cannot contain an empty %s value. IndexName: %s, IndexKey: %s",
                             v->type == DDB_S ? "string" : "binary", ix->name, k->name);
    }
    return true;
}

bool ddb_check_item(ddb_req *r, const ddb_table *t, const ddb_value *item)
{
    const ddb_keydef *defs[2] = {&t->hash, &t->range};
    for (int i = 0; i < 2 && defs[i]->name; i++) {
        const ddb_value *v = ddb_map_get(item, defs[i]->name, defs[i]->len);
        if (!v)
            return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Missing the key %s "
                             "in the item", defs[i]->name);
        if (v->type != defs[i]->type)
            return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Type mismatch for "
                             "key %s expected: %s actual: %s", defs[i]->name, ddb_type_name(defs[i]->type),
                             ddb_type_name(v->type));
        if (v->type != DDB_N && v->u.str.len == 0)
            return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values are not valid. The AttributeValue "
                             "for a key attribute cannot contain an empty %s value. Key: %s",
                             v->type == DDB_S ? "string" : "binary", defs[i]->name);
        if (!key_size(r, v, i == 0))
            return false;
    }
    return check_index_keys(r, t, item);
}

/* Whether some path of p with more than one element starts at name. */
static bool nested_head(const ddb_parsed *p, const char *name, size_t len)
{
    for (size_t i = 0; i < p->nall; i++) {
        const ddb_path *path = p->all[i];
        const ddb_pelem *e = &path->elems[0];
        if (path->n > 1 && e->name && e->len == len && memcmp(e->name, name, len) == 0)
            return true;
    }
    return false;
}

bool ddb_check_key_paths(ddb_req *r, const ddb_table *t, const ddb_parsed *p)
{
    const ddb_keydef *defs[2] = {&t->hash, &t->range};
    for (int i = 0; i < 2 && defs[i]->name; i++)
        if (nested_head(p, defs[i]->name, defs[i]->len))
            return ddb_failf(r, DDB_ERR_VALIDATION, "Key attributes must be scalars; list random access '[]' and map "
                             "lookup '.' are not allowed: Key: %s", defs[i]->name);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < t->nindexes; i++) {
            const ddb_index *ix = &t->indexes[i];
            if (ix->global != (pass == 0))
                continue;
            const ddb_keydef *k[2] = {&ix->hash, &ix->range};
            for (int j = ix->global ? 0 : 1; j < 2; j++)
                if (k[j]->name && nested_head(p, k[j]->name, k[j]->len))
                    return ddb_failf(r, DDB_ERR_VALIDATION, "Key attributes must be scalars; list random access '[]' "
                                     "and map lookup '.' are not allowed: IndexKey: %s", k[j]->name);
        }
    }
    return true;
}

/* ================================================================ expressions */

bool ddb_exprs_convert(ddb_req *r, const ddb_json *obj, ddb_exprs *e)
{
    e->values = ddb_map_new();
    const ddb_json *names = ddb_json_get(obj, "ExpressionAttributeNames");
    if (names && names->kind != DDB_JSON_NULL) {
        if (names->kind != DDB_JSON_OBJECT)
            return ddb_fail(r, DDB_ERR_SERIALIZATION, names->kind == DDB_JSON_ARRAY
                            ? "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"
                            : "Unexpected field type");
        for (size_t i = 0; i < names->n; i++) {
            const char *err = names->items[i]->kind == DDB_JSON_NULL ? NULL : shape_error(names->items[i], DDB_F_STRING);
            if (err)
                return ddb_fail(r, DDB_ERR_SERIALIZATION, err);
        }
        e->names = names;
    }
    const ddb_json *vals = ddb_json_get(obj, "ExpressionAttributeValues");
    if (!vals || vals->kind == DDB_JSON_NULL)
        return true;
    if (vals->kind != DDB_JSON_OBJECT) {
        const char *unused;
        return ddb_req_map(r, vals, &e->values, &unused);   /* reports the shape error */
    }
    e->has_values = true;
    /* Member by member, keeping each value's own validation message. */
    e->value_errs = arena_calloc(r->ar, (vals->n ? vals->n : 1) * sizeof *e->value_errs);
    for (size_t i = 0, k = 0; i < vals->n; i++) {
        if (vals->items[i]->kind == DDB_JSON_NULL)
            continue;
        ddb_value v;
        r->conv.val_err = r->conv.ser_err = NULL;
        if (!ddb_value_from_json(&r->conv, vals->items[i], &v))
            return ddb_fail(r, DDB_ERR_SERIALIZATION, r->conv.ser_err);
        ddb_map_put(r->ar, &e->values, vals->keys[i], vals->keylens[i], &v);
        e->value_errs[k++] = r->conv.val_err;
    }
    return true;
}

static bool present(const ddb_json *obj, const char *name)
{
    const ddb_json *j = ddb_json_get(obj, name);
    return j && j->kind != DDB_JSON_NULL;
}

static void join(strbuf *sb, const ddb_json *obj, const char *const *names, const char *sep, int *count)
{
    *count = 0;
    for (size_t i = 0; names[i]; i++) {
        if (!present(obj, names[i]))
            continue;
        if ((*count)++)
            strbuf_puts(sb, sep);
        strbuf_puts(sb, names[i]);
    }
}

bool ddb_exprs_params(ddb_req *r, const ddb_json *obj, const char *const *exprs, const char *const *legacy)
{
    if (!obj)
        return true;   /* a direct body (ddb_direct.h) has none of these members */
    strbuf ex = STRBUF_INIT, lg = STRBUF_INIT;
    int nex, nlg;
    join(&ex, obj, exprs, ", ", &nex);
    join(&lg, obj, legacy, ", ", &nlg);
    bool ok = true;
    if (nex && nlg)
        ok = ddb_failf(r, DDB_ERR_VALIDATION, "Can not use both expression and non-expression parameters in the same "
                       "request: Non-expression parameters: {%s} Expression parameters: {%s}", strbuf_cstr(&lg),
                       strbuf_cstr(&ex));
    else if (present(obj, "ExpressionAttributeNames") && !nex)
        ok = ddb_invalid(r, "ExpressionAttributeNames can only be specified when using expressions");
    strbuf_free(&ex);
    strbuf_free(&lg);
    if (!ok || !present(obj, "ExpressionAttributeValues"))
        return ok;
    strbuf vx = STRBUF_INIT;
    int nvx = 0, any = 0;
    for (size_t i = 0; exprs[i]; i++) {
        if (strcmp(exprs[i], "ProjectionExpression") == 0)
            continue;
        strbuf_puts(&vx, nvx++ ? " and " : "");
        strbuf_puts(&vx, exprs[i]);
        any += present(obj, exprs[i]);
    }
    if (nvx && !any)
        ok = ddb_failf(r, DDB_ERR_VALIDATION, "ExpressionAttributeValues can only be specified when using "
                       "expressions: %s %s null", strbuf_cstr(&vx), nvx > 1 ? "are" : "is");
    strbuf_free(&vx);
    return ok;
}

static bool placeholder_key_ok(const char *s, size_t n, char sigil)
{
    if (n < 2 || s[0] != sigil)
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

static bool check_placeholders(ddb_req *r, const ddb_json *obj, ddb_exprs *e)
{
    if (e->names) {
        if (e->names->n == 0)
            return ddb_invalid(r, "ExpressionAttributeNames must not be empty");
        for (size_t i = 0; i < e->names->n; i++)
            if (!placeholder_key_ok(e->names->keys[i], e->names->keylens[i], '#'))
                return ddb_failf(r, DDB_ERR_VALIDATION, "ExpressionAttributeNames contains invalid key: Syntax error; "
                                 "key: \"%.*s\"", (int)e->names->keylens[i], e->names->keys[i]);
    }
    if (!e->has_values)
        return true;
    const ddb_json *vals = ddb_json_get(obj, "ExpressionAttributeValues");
    if (vals->n == 0)
        return ddb_invalid(r, "ExpressionAttributeValues must not be empty");
    for (size_t i = 0; i < vals->n; i++)
        if (!placeholder_key_ok(vals->keys[i], vals->keylens[i], ':'))
            return ddb_failf(r, DDB_ERR_VALIDATION, "ExpressionAttributeValues contains invalid key: Syntax error; "
                             "key: \"%.*s\"", (int)vals->keylens[i], vals->keys[i]);
    for (size_t i = 0, k = 0; i < vals->n; i++) {
        if (vals->items[i]->kind == DDB_JSON_NULL)
            continue;
        if (e->value_errs[k])
            return ddb_failf(r, DDB_ERR_VALIDATION, "ExpressionAttributeValues contains invalid value: %s for key %.*s",
                             e->value_errs[k], (int)vals->keylens[i], vals->keys[i]);
        k++;
    }
    return true;
}

static bool report_unused(ddb_req *r, ddb_exprs *e)
{
    strbuf sb = STRBUF_INIT;
    int n = 0;
    for (size_t i = 0; e->names && i < e->names->n; i++)
        if (!e->cx.names_used[i]) {
            strbuf_puts(&sb, n++ ? ", " : "");
            strbuf_append(&sb, e->names->keys[i], e->names->keylens[i]);
        }
    if (n) {
        ddb_failf(r, DDB_ERR_VALIDATION, "Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}",
                  strbuf_cstr(&sb));
        strbuf_free(&sb);
        return false;
    }
    for (size_t i = 0; i < e->values.u.map.len; i++)
        if (!e->cx.values_used[i]) {
            strbuf_puts(&sb, n++ ? ", " : "");
            strbuf_append(&sb, e->values.u.map.members[i].name, e->values.u.map.members[i].name_len);
        }
    if (n)
        ddb_failf(r, DDB_ERR_VALIDATION, "Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}",
                  strbuf_cstr(&sb));
    strbuf_free(&sb);
    return n == 0;
}

bool ddb_exprs_parse(ddb_req *r, const ddb_json *obj, ddb_exprs *e, unsigned roles)
{
    if (!obj)
        return true;   /* a direct body: no expressions, no placeholders */
    if (!check_placeholders(r, obj, e))
        return false;
    e->cx.names = e->names;
    e->cx.values = &e->values;
    e->cx.names_used = arena_calloc(r->ar, (e->names ? e->names->n : 0) + 1);
    e->cx.values_used = arena_calloc(r->ar, e->values.u.map.len + 1);
    for (int role = 0; role < 5; role++) {
        if (!(roles & (1u << role)))
            continue;
        const ddb_json *x = ddb_json_get(obj, ddb_role_name((ddb_role)role));
        if (!x || x->kind != DDB_JSON_STRING)
            continue;
        const char *src = arena_strndup(r->ar, x->str, x->len);   /* the scanner needs a NUL after the text */
        const char *err = ddb_parse(r->ar, (ddb_role)role, src, x->len, &e->cx, &e->parsed[role]);
        if (err)
            return ddb_invalid(r, err);
        e->present[role] = true;
    }
    return report_unused(r, e);
}
