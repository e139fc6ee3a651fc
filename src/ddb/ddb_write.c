/* ddb_write: PutItem, UpdateItem, DeleteItem, BatchWriteItem and
 * TransactWriteItems. A write goes through the stages of ddb_req.h:
 * convert, validate, resolve (table, key and schema checks), plan (read,
 * condition, new item), commit. */
#include "ddb/ddb_write.h"
#include "ddb/ddb_eval.h"
#include "ddb/ddb_jsonw.h"
#include "ddb/ddb_update.h"
#include "base/alloc.h"
#include <string.h>

#define MAX_ITEM_SIZE 409600
#define MAX_BATCH_WRITE 25
#define MAX_TRANSACT 100

#define BIT(role) (1u << (role))

static const char *const RETURN_VALUES[] = {"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW", NULL};
static const char *const RETURN_ON_FAILURE[] = {"ALL_OLD", "NONE", NULL};
static const char *const CAPACITY[] = {"INDEXES", "TOTAL", "NONE", NULL};
static const char *const METRICS[] = {"SIZE", "NONE", NULL};
static const char *const CONDITIONAL_OPERATOR[] = {"OR", "AND", NULL};

typedef enum wkind { W_PUT, W_UPDATE, W_DELETE, W_CHECK } wkind;

typedef struct wspec {
    wkind kind;
    const ddb_json *obj;
    ddb_table *table;
    const ddb_json *name, *rv, *rvf;
    bool has_item, has_key;
    ddb_value item, key;
    size_t item_bound;         /* at least the item's size, when known without summing it (else 0) */
    const char *item_json;     /* the item's text as ddb_item_to_json writes it, when known (else NULL) */
    size_t item_json_len;
    const char *item_err, *key_err;
    ddb_exprs ex;
    /* the plan */
    const ddb_value *old;
    ddb_value next;
    bool write, remove, failed;
} wspec;

/* ================================================================ convert */

/* A directly decoded PutItem body (the only write ddb_direct decodes):
 * TableName and the item, every other member absent (w->obj is NULL, so later
 * lookups find nothing). */
static bool w_convert_direct(ddb_req *r, wspec *w)
{
    w->name = &r->direct->name;
    w->item = r->direct->map;
    w->item_bound = r->direct->size_bound;
    w->item_json = r->direct->json;
    w->item_json_len = r->direct->json_len;
    w->has_item = true;
    return ddb_exprs_convert(r, NULL, &w->ex);
}

static bool w_convert(ddb_req *r, wspec *w)
{
    if (r->direct)   /* never set for a transaction */
        return w_convert_direct(r, w);
    bool ok = true;
    w->name = ddb_field(r, w->obj, "TableName", DDB_F_STRING, &ok);
    const char *map = w->kind == W_PUT ? "Item" : "Key";
    const ddb_json *m = ddb_json_get(w->obj, map);
    if (ok && m && m->kind != DDB_JSON_NULL) {
        bool *has = w->kind == W_PUT ? &w->has_item : &w->has_key;
        ok = ddb_req_map(r, m, w->kind == W_PUT ? &w->item : &w->key, w->kind == W_PUT ? &w->item_err : &w->key_err);
        *has = ok;
    }
    static const char *const strings[] = {"ConditionExpression", "UpdateExpression", "ReturnConsumedCapacity",
                                          "ReturnItemCollectionMetrics", "ConditionalOperator", NULL};
    for (size_t i = 0; ok && strings[i]; i++)
        ddb_field(r, w->obj, strings[i], DDB_F_STRING, &ok);
    if (ok)
        w->rv = ddb_field(r, w->obj, "ReturnValues", DDB_F_STRING, &ok);
    if (ok)
        w->rvf = ddb_field(r, w->obj, "ReturnValuesOnConditionCheckFailure", DDB_F_STRING, &ok);
    return ok && ddb_exprs_convert(r, w->obj, &w->ex);
}

/* ================================================================ validate */

static bool w_constraints(ddb_req *r, wspec *w)
{
    ddb_verrs v = {STRBUF_INIT, 0};
    const ddb_json *o = w->obj;
    ddb_verr_enum(&v, ddb_json_get(o, "ReturnConsumedCapacity"), "returnConsumedCapacity", CAPACITY);
    ddb_verr_table_name(&v, w->name, "tableName", true);
    if (w->kind == W_PUT && !w->has_item)
        ddb_verr(&v, NULL, "item", "Member must not be null");
    if (w->kind != W_PUT)
        ddb_verr_enum(&v, ddb_json_get(o, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", METRICS);
    ddb_verr_enum(&v, w->rv, "returnValues", RETURN_VALUES);
    if (w->kind != W_PUT && !w->has_key)
        ddb_verr(&v, NULL, "key", "Member must not be null");
    ddb_verr_enum(&v, ddb_json_get(o, "ConditionalOperator"), "conditionalOperator", CONDITIONAL_OPERATOR);
    if (w->kind == W_PUT)
        ddb_verr_enum(&v, ddb_json_get(o, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", METRICS);
    ddb_verr_enum(&v, w->rvf, "returnValuesOnConditionCheckFailure", RETURN_ON_FAILURE);
    return ddb_verrs_done(r, &v);
}

static bool legacy_unsupported(ddb_req *r, const ddb_json *o, const char *const *legacy)
{
    for (size_t i = 0; legacy[i]; i++) {
        const ddb_json *j = ddb_json_get(o, legacy[i]);
        if (j && j->kind != DDB_JSON_NULL)
            return ddb_failf(r, DDB_ERR_VALIDATION, "vtl-eval does not support the legacy parameter %s; use the "
                             "expression parameters instead", legacy[i]);
    }
    return true;
}

static bool returns_old_or_none(ddb_req *r, const wspec *w)
{
    if (w->rv && !ddb_json_is_str(w->rv, "ALL_OLD") && !ddb_json_is_str(w->rv, "NONE"))
        return ddb_invalid(r, "ReturnValues can only be ALL_OLD or NONE");
    return true;
}

/* Whether the item to put exceeds DynamoDB's item size limit; a known
 * bound within the limit spares the sum over the item. */
static bool too_large(const wspec *w)
{
    if (w->item_bound && w->item_bound <= MAX_ITEM_SIZE)
        return false;
    return ddb_item_size(&w->item) > MAX_ITEM_SIZE;
}

static bool w_validate(ddb_req *r, wspec *w)
{
    static const char *const put_ex[] = {"ConditionExpression", NULL}, *const put_lg[] = {"Expected", NULL};
    static const char *const upd_ex[] = {"UpdateExpression", "ConditionExpression", NULL};
    static const char *const upd_lg[] = {"AttributeUpdates", "Expected", NULL};
    if (!w_constraints(r, w))
        return false;
    bool upd = w->kind == W_UPDATE;
    if (!ddb_exprs_params(r, w->obj, upd ? upd_ex : put_ex, upd ? upd_lg : put_lg))
        return false;
    if (w->kind == W_PUT) {
        if (w->item_err)
            return ddb_invalid(r, w->item_err);
        if (!returns_old_or_none(r, w))
            return false;
        if (too_large(w))
            return ddb_invalid(r, "Item size has exceeded the maximum allowed size");
    } else {
        if (w->key_err)
            return ddb_invalid(r, w->key_err);
        if (w->kind == W_DELETE && !returns_old_or_none(r, w))
            return false;
    }
    if (!legacy_unsupported(r, w->obj, upd ? upd_lg : put_lg))
        return false;
    if (w->kind == W_CHECK && !ddb_json_get(w->obj, "ConditionExpression"))
        return ddb_invalid(r, "1 validation error detected: Value null at 'conditionExpression' failed to satisfy "
                              "constraint: Member must not be null");
    return ddb_exprs_parse(r, w->obj, &w->ex, BIT(DDB_ROLE_CONDITION) | (upd ? BIT(DDB_ROLE_UPDATE) : 0));
}

/* ================================================================ resolve */

static int set_value_type(const ddb_uaction *a)
{
    const ddb_expr *x = a->value;
    while (x && x->kind == DDB_X_PAREN)
        x = x->args[0];
    if (!x)
        return -1;
    if (x->kind == DDB_X_VALUE)
        return x->value ? (int)x->value->type : -1;
    return x->kind == DDB_X_PATH ? -1 : x->vtype;
}

static bool same_name(const ddb_pelem *e, const ddb_keydef *k)
{
    return !e->is_index && e->name && k->name && e->len == k->len && memcmp(e->name, k->name, k->len) == 0;
}

/* Index key attributes given a value of the wrong type by the update. */
static bool check_index_updates(ddb_req *r, const ddb_table *t, const ddb_update *u)
{
    ddb_index_keys it = {t, 0, 0, 0};
    const ddb_index *ix;
    const ddb_keydef *k;
    while (ddb_index_keys_next(&it, &ix, &k)) {
        for (size_t a = 0; a < u->n; a++) {
            if (u->actions[a].path.n != 1 || !same_name(&u->actions[a].path.elems[0], k))
                continue;
            int type = u->actions[a].kind == DDB_U_REMOVE ? -1 : set_value_type(&u->actions[a]);
            if (type >= 0 && type != (int)k->type)
                return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Type "
                                 "mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s",
                                 k->name, ddb_type_name(k->type), ddb_type_name((ddb_type)type), ix->name);
            break;
        }
    }
    return true;
}

static bool check_updates(ddb_req *r, const ddb_table *t, const ddb_exprs *ex)
{
    if (!ex->present[DDB_ROLE_UPDATE])
        return true;
    const ddb_update *u = &ex->parsed[DDB_ROLE_UPDATE].update;
    const ddb_keydef *keys[2] = {&t->hash, &t->range};
    for (int k = 0; k < 2 && keys[k]->name; k++)
        for (size_t a = 0; a < u->n; a++)
            if (same_name(&u->actions[a].path.elems[0], keys[k]))
                return ddb_failf(r, DDB_ERR_VALIDATION, "One or more parameter values were invalid: Cannot update "
                                 "attribute %s. This attribute is part of the key", keys[k]->name);
    return check_index_updates(r, t, u) && ddb_check_key_paths(r, t, &ex->parsed[DDB_ROLE_UPDATE]);
}

static bool w_resolve(ddb_req *r, wspec *w)
{
    w->table = ddb_db_table(r->db, w->name->str, w->name->len);
    if (!w->table)
        return ddb_no_table(r);
    if (w->kind == W_PUT)
        return ddb_check_item(r, w->table, &w->item);   /* the item serves as its key */
    return ddb_check_key(r, w->table, &w->key) && (w->kind != W_UPDATE || check_updates(r, w->table, &w->ex));
}

/* ================================================================ plan and commit */

static size_t index_key_attrs(ddb_req *r, const ddb_table *t, ddb_keyattr **out)
{
    ddb_keyattr *ka = arena_alloc(r->ar, (2 * t->nindexes + 1) * sizeof *ka);
    size_t n = 0;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ddb_keydef *k[2] = {&t->indexes[i].hash, &t->indexes[i].range};
        for (int j = 0; j < 2; j++)
            if (k[j]->name)
                ka[n++] = (ddb_keyattr){k[j]->name, k[j]->len, k[j]->type};
    }
    *out = ka;
    return n;
}

static bool only_removes(const ddb_exprs *ex)
{
    if (!ex->present[DDB_ROLE_UPDATE])
        return false;
    const ddb_update *u = &ex->parsed[DDB_ROLE_UPDATE].update;
    for (size_t i = 0; i < u->n; i++)
        if (u->actions[i].kind != DDB_U_REMOVE)
            return false;
    return true;
}

static bool plan_update(ddb_req *r, wspec *w)
{
    /* An update made only of REMOVEs does not create a missing item. */
    if (!w->old && only_removes(&w->ex))
        return true;
    ddb_value_copy(r->ar, w->old ? w->old : &w->key, &w->next);
    if (w->ex.present[DDB_ROLE_UPDATE]) {
        ddb_keyattr *ka;
        size_t nka = index_key_attrs(r, w->table, &ka);
        const char *err = ddb_update_apply(r->ar, &w->ex.parsed[DDB_ROLE_UPDATE].update, &w->next, ka, nka);
        if (err)
            return ddb_invalid(r, err);
    }
    if (ddb_item_size(&w->next) > MAX_ITEM_SIZE)
        return ddb_invalid(r, "Item size to update has exceeded the maximum allowed size");
    w->write = true;
    return true;
}

/* A put reads the stored item only for its condition or ReturnValues
 * ALL_OLD; the other writes always do. */
static bool reads_old(const wspec *w)
{
    return w->kind != W_PUT || w->ex.present[DDB_ROLE_CONDITION] || ddb_json_is_str(w->rv, "ALL_OLD");
}

/* Read the stored item and evaluate the condition; then work out the new
 * item. A false condition is not an error here (w->failed). */
static bool w_plan(ddb_req *r, wspec *w)
{
    if (reads_old(w))
        w->old = ddb_table_get(w->table, w->kind == W_PUT ? &w->item : &w->key);
    if (w->ex.present[DDB_ROLE_CONDITION] && !ddb_eval_condition(w->ex.parsed[DDB_ROLE_CONDITION].cond, w->old)) {
        w->failed = true;
        return true;
    }
    switch (w->kind) {
    case W_PUT:
        w->next = w->item;
        w->write = true;
        return true;
    case W_DELETE: w->remove = w->old != NULL; return true;
    case W_UPDATE: return plan_update(r, w);
    case W_CHECK: return true;
    }
    return true;
}

static void w_commit(ddb_req *r, wspec *w)
{
    if (w->write)   /* a PutItem's request text, when known, is the stored item's */
        ddb_retire(r, ddb_table_put(w->table, ddb_item_dup_heap_json(&w->next, w->item_json, w->item_json_len)));
    else if (w->remove)
        ddb_retire(r, ddb_table_delete(w->table, &w->key));
}

static bool condition_failed(ddb_req *r, const wspec *w)
{
    ddb_fail(r, DDB_ERR_CONDITION, "The conditional request failed");
    if (w->old && ddb_json_is_str(w->rvf, "ALL_OLD")) {
        strbuf_puts(&r->res->err_extra, ",\"Item\":");
        ddb_item_to_json(&r->res->err_extra, w->old);
    }
    return false;
}

/* ================================================================ single operations */

/* The response of a single write. Without attributes it stays empty,
 * which vtl_ddb_result_response() reads as "{}" (no buffer to allocate). */
static void attributes(ddb_req *r, const ddb_value *item)
{
    strbuf *out = &r->res->response;
    if (item && item->u.map.len) {
        ddb_jsonw_raw(out, "{\"Attributes\":", 14);
        ddb_item_to_json(out, item);
        ddb_jsonw_char(out, '}');
    }
}

static const ddb_value *update_return(ddb_req *r, const wspec *w)
{
    const ddb_update *u = &w->ex.parsed[DDB_ROLE_UPDATE].update;
    bool updated_old = ddb_json_is_str(w->rv, "UPDATED_OLD"), updated_new = ddb_json_is_str(w->rv, "UPDATED_NEW");
    if (!w->write)
        return NULL;
    if (ddb_json_is_str(w->rv, "ALL_OLD"))
        return w->old;
    if (ddb_json_is_str(w->rv, "ALL_NEW"))
        return &w->next;
    if (!(updated_old && w->old) && !updated_new)
        return NULL;
    const ddb_path **paths = arena_alloc(r->ar, (u->n + 1) * sizeof *paths);
    size_t np = 0;
    for (size_t i = 0; w->ex.present[DDB_ROLE_UPDATE] && i < u->n; i++)
        paths[np++] = &u->actions[i].path;
    ddb_value *out = arena_alloc(r->ar, sizeof *out);
    ddb_project(r->ar, updated_old ? w->old : &w->next, paths, np, out);
    return out;
}

static bool run_single(ddb_req *r, wkind kind)
{
    wspec w;
    memset(&w, 0, sizeof w);
    w.kind = kind;
    w.obj = r->body;
    if (!w_convert(r, &w) || !w_validate(r, &w) || !w_resolve(r, &w) || !w_plan(r, &w))
        return false;
    if (w.failed)
        return condition_failed(r, &w);
    w_commit(r, &w);
    if (kind == W_UPDATE)
        attributes(r, update_return(r, &w));
    else
        attributes(r, ddb_json_is_str(w.rv, "ALL_OLD") ? w.old : NULL);
    return true;
}

bool ddb_put_item(ddb_req *r) { return run_single(r, W_PUT); }
bool ddb_update_item(ddb_req *r) { return run_single(r, W_UPDATE); }
bool ddb_delete_item(ddb_req *r) { return run_single(r, W_DELETE); }

/* ================================================================ BatchWriteItem */

typedef struct bwreq {
    ddb_table *table;
    bool put;
    ddb_value value;           /* item or key */
    const char *err;
} bwreq;

static bool bw_convert(ddb_req *r, const ddb_json *items, bwreq **out, size_t *n)
{
    size_t total = 0;
    for (size_t t = 0; t < items->n; t++) {
        if (items->items[t]->kind != DDB_JSON_ARRAY)
            return ddb_fail(r, DDB_ERR_SERIALIZATION, "Unexpected field type");
        total += items->items[t]->n;
    }
    bwreq *reqs = arena_calloc(r->ar, (total ? total : 1) * sizeof *reqs);
    size_t k = 0;
    for (size_t t = 0; t < items->n; t++) {
        for (size_t i = 0; i < items->items[t]->n; i++, k++) {
            const ddb_json *wr = items->items[t]->items[i];
            const ddb_json *put = ddb_json_get(wr, "PutRequest"), *del = ddb_json_get(wr, "DeleteRequest");
            reqs[k].put = put != NULL;
            const ddb_json *m = put ? ddb_json_get(put, "Item") : del ? ddb_json_get(del, "Key") : NULL;
            reqs[k].value = ddb_map_new();
            if (m && !ddb_req_map(r, m, &reqs[k].value, &reqs[k].err))
                return false;
            if (!put && !del)
                reqs[k].err = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                              "the supported datatypes";
        }
    }
    *out = reqs;
    *n = total;
    return true;
}

static bool bw_validate(ddb_req *r, const ddb_json *items, const bwreq *reqs, size_t n)
{
    ddb_verrs v = {STRBUF_INIT, 0};
    ddb_verr_enum(&v, ddb_json_get(r->body, "ReturnConsumedCapacity"), "returnConsumedCapacity", CAPACITY);
    ddb_verr_enum(&v, ddb_json_get(r->body, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", METRICS);
    if (!items)
        ddb_verr(&v, NULL, "requestItems", "Member must not be null");
    for (size_t t = 0; items && t < items->n; t++)
        if (items->items[t]->n < 1 || items->items[t]->n > MAX_BATCH_WRITE) {
            ddb_verr(&v, items, "requestItems", "Map value must satisfy constraint: [Member must have length less "
                                                "than or equal to 25, Member must have length greater than or equal to 1]");
            break;
        }
    if (!ddb_verrs_done(r, &v))
        return false;
    if (items->n == 0)
        return ddb_invalid(r, "The requestItems parameter is required for BatchWriteItem");
    for (size_t i = 0; i < n; i++) {
        if (reqs[i].err)
            return ddb_invalid(r, reqs[i].err);
        if (reqs[i].put && ddb_item_size(&reqs[i].value) > MAX_ITEM_SIZE)
            return ddb_invalid(r, "Item size has exceeded the maximum allowed size");
    }
    return true;
}

static bool bw_resolve(ddb_req *r, const ddb_json *items, bwreq *reqs)
{
    size_t k = 0;
    for (size_t t = 0; t < items->n; t++) {
        ddb_table *tb = ddb_db_table(r->db, items->keys[t], items->keylens[t]);
        if (!tb)
            return ddb_no_table(r);
        size_t first = k;
        for (size_t i = 0; i < items->items[t]->n; i++, k++) {
            bwreq *q = &reqs[k];
            q->table = tb;
            bool ok = q->put ? ddb_check_item(r, tb, &q->value) : ddb_check_key(r, tb, &q->value);
            if (!ok) {
                char *m = r->res->err_msg;
                if (strstr(m, "Missing the key") || strstr(m, "Type mismatch for key")) {
                    r->res->err_msg = xstrdup("The provided key element does not match the schema");
                    xfree(m);
                }
                return false;
            }
            const ddb_value *b[2];
            ddb_table_key(tb, &q->value, b);
            for (size_t j = first; j < k; j++) {
                const ddb_value *a[2];
                ddb_table_key(tb, &reqs[j].value, a);
                if (ddb_key_part_cmp(a[0], b[0]) == 0 && ddb_key_part_cmp(a[1], b[1]) == 0)
                    return ddb_invalid(r, "Provided list of item keys contains duplicates");
            }
        }
    }
    return true;
}

bool ddb_batch_write_item(ddb_req *r)
{
    const ddb_json *items = ddb_json_get(r->body, "RequestItems");
    if (items && items->kind == DDB_JSON_NULL)
        items = NULL;
    if (items && items->kind != DDB_JSON_OBJECT)
        return ddb_fail(r, DDB_ERR_SERIALIZATION, items->kind == DDB_JSON_ARRAY
                        ? "Unrecognized collection type java.util.Map<java.lang.String, "
                          "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>"
                        : "Unexpected field type");
    bwreq *reqs = NULL;
    size_t n = 0;
    if (items && !bw_convert(r, items, &reqs, &n))
        return false;
    if (!bw_validate(r, items, reqs, n) || !bw_resolve(r, items, reqs))
        return false;
    for (size_t i = 0; i < n; i++) {
        if (reqs[i].put)
            ddb_retire(r, ddb_table_put(reqs[i].table, ddb_value_dup_heap(&reqs[i].value)));
        else
            ddb_retire(r, ddb_table_delete(reqs[i].table, &reqs[i].value));
    }
    strbuf_puts(&r->res->response, "{\"UnprocessedItems\":{}}");
    return true;
}

/* ================================================================ TransactWriteItems */

static const char *const TX_KINDS[] = {"Put", "Update", "Delete", "ConditionCheck"};

static bool tx_convert(ddb_req *r, const ddb_json *list, wspec *ws)
{
    for (size_t i = 0; i < list->n; i++) {
        int found = 0;
        for (int k = 0; k < 4; k++) {
            const ddb_json *o = ddb_json_get(list->items[i], TX_KINDS[k]);
            if (!o || o->kind == DDB_JSON_NULL)
                continue;
            found++;
            ws[i].kind = (wkind)k;
            ws[i].obj = o;
        }
        if (found != 1)
            return ddb_invalid(r, "TransactItems can only contain one of Check, Put, Update or Delete");
        if (ws[i].obj->kind != DDB_JSON_OBJECT)
            return ddb_fail(r, DDB_ERR_SERIALIZATION, "Unexpected value type in payload");
        if (!w_convert(r, &ws[i]))
            return false;
    }
    return true;
}

/* Reject two actions on one item (compared by table and key). */
static bool tx_distinct(ddb_req *r, wspec *ws, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!ws[i].name || !(ws[i].table = ddb_db_table(r->db, ws[i].name->str, ws[i].name->len)))
            return ddb_no_table(r);
        if (ws[i].kind == W_PUT)
            ddb_key_of(r, ws[i].table, &ws[i].item, &ws[i].key);
        for (size_t j = 0; j < i; j++)
            if (ws[j].table == ws[i].table && ddb_value_equal(&ws[j].key, &ws[i].key))
                return ddb_invalid(r, "Transaction request cannot include multiple operations on one item");
    }
    return true;
}

static bool tx_cancel(ddb_req *r, wspec *ws, size_t n)
{
    strbuf codes = STRBUF_INIT;
    strbuf *x = &r->res->err_extra;
    strbuf_puts(x, ",\"CancellationReasons\":[");
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(&codes, i ? ", " : "");
        strbuf_puts(&codes, ws[i].failed ? "ConditionalCheckFailed" : "None");
        strbuf_puts(x, i ? "," : "");
        if (!ws[i].failed) {
            strbuf_puts(x, "{\"Code\":\"None\"}");
            continue;
        }
        strbuf_puts(x, "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"");
        if (ws[i].old && ddb_json_is_str(ws[i].rvf, "ALL_OLD")) {
            strbuf_puts(x, ",\"Item\":");
            ddb_item_to_json(x, ws[i].old);
        }
        strbuf_putc(x, '}');
    }
    strbuf_putc(x, ']');
    ddb_failf(r, DDB_ERR_CANCELED, "Transaction cancelled, please refer cancellation reasons for specific reasons [%s]",
              strbuf_cstr(&codes));
    strbuf_free(&codes);
    return false;
}

static uint64_t request_hash(const ddb_json *list)
{
    strbuf sb = STRBUF_INIT;
    ddb_json_write(&sb, list);
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sb.len; i++)
        h = (h ^ (unsigned char)sb.data[i]) * 1099511628211ull;
    strbuf_free(&sb);
    return h;
}

static bool tx_validate(ddb_req *r, const ddb_json *list)
{
    ddb_verrs v = {STRBUF_INIT, 0};
    if (!list)
        ddb_verr(&v, NULL, "transactItems", "Member must not be null");
    else if (list->n < 1)
        ddb_verr(&v, list, "transactItems", "Member must have length greater than or equal to 1");
    else if (list->n > MAX_TRANSACT)
        ddb_verr(&v, list, "transactItems", "Member must have length less than or equal to 100");
    return ddb_verrs_done(r, &v);
}

bool ddb_transact_write_items(ddb_req *r)
{
    bool ok = true;
    const ddb_json *list = ddb_field(r, r->body, "TransactItems", DDB_F_LIST, &ok);
    const ddb_json *token = ok ? ddb_field(r, r->body, "ClientRequestToken", DDB_F_STRING, &ok) : NULL;
    if (!ok || !tx_validate(r, list))
        return false;
    uint64_t hash = request_hash(list);
    int seen = token ? ddb_db_token(r->db, token->str, token->len, hash) : 0;
    if (seen < 0)
        return ddb_fail(r, "IdempotentParameterMismatchException",
                        "Specified idempotent token was used with different request parameters");
    if (seen > 0) {   /* a retry of a transaction that already succeeded */
        strbuf_puts(&r->res->response, "{}");
        return true;
    }
    wspec *ws = arena_calloc(r->ar, list->n * sizeof *ws);
    if (!tx_convert(r, list, ws) || !tx_distinct(r, ws, list->n))
        return false;
    for (size_t i = 0; i < list->n; i++)
        if (!w_validate(r, &ws[i]) || !w_resolve(r, &ws[i]))
            return false;
    bool failed = false;
    for (size_t i = 0; i < list->n; i++) {
        if (!w_plan(r, &ws[i]))
            return false;
        failed = failed || ws[i].failed;
    }
    if (failed)
        return tx_cancel(r, ws, list->n);
    for (size_t i = 0; i < list->n; i++)
        w_commit(r, &ws[i]);
    if (token)
        ddb_db_add_token(r->db, token->str, token->len, hash);
    strbuf_puts(&r->res->response, "{}");
    return true;
}
