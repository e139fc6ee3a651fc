/* ddb_bridge: AppSync DynamoDB documents -> DynamoDB API requests -> engine,
 * and the engine's typed answers -> the plain JSON of $ctx.result.
 * The engine is reached only through engine_* below, in DynamoDB's wire JSON. */
#include "resolver/ddb_bridge.h"
#include "resolver/bridge_internal.h"
#include "base/alloc.h"
#include "base/base64.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include "vtl/vtl_ddb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ddb_bridge {
    void *engine;
    char *state_path;
    uint64_t request_id;      /* deterministic request ids in error messages */
};

/* ================================================================ engine boundary */


static void *engine_open(const char *state_path, strbuf *err);
static bool engine_save(void *engine, const char *path, strbuf *err);
static void engine_dump(void *engine, strbuf *out);
static void engine_close(void *engine);

/* ================================================================ small helpers */

#define GET(m, k) reqdoc_get(m, k)

static vval S(arena *ar, const char *s) { return vval_cstr(ar, s); }

static void put(vval m, const char *k, vval v)
{
    if (!vval_is_null(v))
        vmap_put_str(m.u.m, k, v);
}

/* AppSync typed value -> DynamoDB wire value: N as a JSON number becomes the
 * number's text, NULL: null becomes true; nested L/M/NS handled recursively. */
vval bridge_to_wire(arena *ar, vval v)
{
    if (v.kind == VVAL_LIST) {
        vval l = vval_list_new(ar, v.u.l->len);
        for (size_t i = 0; i < v.u.l->len; i++)
            vlist_push(l.u.l, bridge_to_wire(ar, v.u.l->items[i]));
        return l;
    }
    if (v.kind != VVAL_MAP)
        return v;
    vval out = vval_map_new(ar);
    for (size_t i = 0; i < v.u.m->len; i++) {
        const vmap_entry *e = &v.u.m->entries[i];
        if (!e->live)
            continue;
        const char *tag = e->key.kind == VVAL_STRING ? e->key.u.s->data : "";
        vval x = e->value;
        if (!strcmp(tag, "N") && vval_is_number(x)) {
            x = vval_from_vstr(vval_to_vstr(ar, x));
        } else if (!strcmp(tag, "NS") && x.kind == VVAL_LIST) {
            vval l = vval_list_new(ar, x.u.l->len);
            for (size_t k = 0; k < x.u.l->len; k++)
                vlist_push(l.u.l, vval_is_number(x.u.l->items[k]) ? vval_from_vstr(vval_to_vstr(ar, x.u.l->items[k]))
                                                                     : x.u.l->items[k]);
            x = l;
        } else if (!strcmp(tag, "NULL") && vval_is_null(x)) {
            x = vval_bool(true);
        } else if (!strcmp(tag, "L") || !strcmp(tag, "M") || (strlen(tag) > 1 && tag[0] != 'N')) {
            x = bridge_to_wire(ar, x);
        } else if (x.kind == VVAL_MAP) {
            x = bridge_to_wire(ar, x);
        }
        vmap_put(out.u.m, e->key, x, NULL);
    }
    return out;
}

/* A map of name -> typed value (key, item, expressionValues) to the wire. */
vval bridge_map_to_wire(arena *ar, vval m)
{
    if (m.kind != VVAL_MAP)
        return m;
    vval out = vval_map_new(ar);
    for (size_t i = 0; i < m.u.m->len; i++)
        if (m.u.m->entries[i].live)
            vmap_put(out.u.m, m.u.m->entries[i].key, bridge_to_wire(ar, m.u.m->entries[i].value), NULL);
    return out;
}

/* Typed wire value -> plain JSON (reference 8.2, dynamodb-semantics 2.3). */
static vval to_plain(arena *ar, vval v)
{
    if (v.kind != VVAL_MAP || v.u.m->count != 1)
        return vval_null();
    const vmap_entry *e = NULL;
    for (size_t i = 0; i < v.u.m->len; i++)
        if (v.u.m->entries[i].live)
            e = &v.u.m->entries[i];
    const char *tag = e->key.u.s->data;
    vval x = e->value;
    if (!strcmp(tag, "N") && x.kind == VVAL_STRING) {
        vval n;
        return vjson_parse(ar, x.u.s->data, x.u.s->len, NULL, &n, NULL) ? n : x;
    }
    if (!strcmp(tag, "NS") && x.kind == VVAL_LIST) {
        vval l = vval_list_new(ar, x.u.l->len);
        for (size_t i = 0; i < x.u.l->len; i++) {
            vval n = x.u.l->items[i];
            if (n.kind == VVAL_STRING)
                vjson_parse(ar, n.u.s->data, n.u.s->len, NULL, &n, NULL);
            vlist_push(l.u.l, n);
        }
        return l;
    }
    if (!strcmp(tag, "NULL"))
        return vval_null();
    if (!strcmp(tag, "L")) {
        vval l = vval_list_new(ar, x.kind == VVAL_LIST ? x.u.l->len : 0);
        for (size_t i = 0; x.kind == VVAL_LIST && i < x.u.l->len; i++)
            vlist_push(l.u.l, to_plain(ar, x.u.l->items[i]));
        return l;
    }
    if (!strcmp(tag, "M")) {
        vval m = vval_map_new(ar);
        for (size_t i = 0; x.kind == VVAL_MAP && i < x.u.m->len; i++)
            if (x.u.m->entries[i].live)
                vmap_put(m.u.m, x.u.m->entries[i].key, to_plain(ar, x.u.m->entries[i].value), NULL);
        return m;
    }
    return x;  /* S, B (base64 text), BOOL, SS, BS */
}

static vval plain_to_typed(arena *ar, vval v)
{
    vval t = vval_map_new(ar);
    switch (v.kind) {
    case VVAL_NULL: vmap_put_str(t.u.m, "NULL", vval_bool(true)); break;
    case VVAL_BOOL: vmap_put_str(t.u.m, "BOOL", v); break;
    case VVAL_STRING: vmap_put_str(t.u.m, "S", v); break;
    case VVAL_LIST: {
        vval l = vval_list_new(ar, v.u.l->len);
        for (size_t i = 0; i < v.u.l->len; i++)
            vlist_push(l.u.l, plain_to_typed(ar, v.u.l->items[i]));
        vmap_put_str(t.u.m, "L", l);
        break;
    }
    case VVAL_MAP: vmap_put_str(t.u.m, "M", bridge_plain_item_to_wire(ar, v)); break;
    default:
        if (vval_is_number(v))
            vmap_put_str(t.u.m, "N", vval_from_vstr(vval_to_vstr(ar, v)));
        else
            vmap_put_str(t.u.m, "S", vval_from_vstr(vval_to_vstr(ar, v)));
    }
    return t;
}

vval bridge_plain_item_to_wire(arena *ar, vval item)
{
    vval m = vval_map_new(ar);
    for (size_t i = 0; item.kind == VVAL_MAP && i < item.u.m->len; i++)
        if (item.u.m->entries[i].live)
            vmap_put(m.u.m, item.u.m->entries[i].key, plain_to_typed(ar, item.u.m->entries[i].value), NULL);
    return m;
}

vval bridge_item_to_plain(arena *ar, vval item)
{
    if (item.kind != VVAL_MAP)
        return vval_null();
    vval m = vval_map_new(ar);
    for (size_t i = 0; i < item.u.m->len; i++)
        if (item.u.m->entries[i].live)
            vmap_put(m.u.m, item.u.m->entries[i].key, to_plain(ar, item.u.m->entries[i].value), NULL);
    return m;
}

/* $ctx.error for an engine error, in AppSync's (SDK v1) wording. */
vval bridge_appsync_error(ddb_bridge *b, arena *ar, vval err)
{
    const char *n = reqdoc_str(err, "name", "InternalServerError");
    strbuf sb = STRBUF_INIT;
    char rid[64];
    snprintf(rid, sizeof rid, "VTLEVAL%045llu", (unsigned long long)++b->request_id);
    strbuf_printf(&sb, "%s (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: %s; Request ID: %s)",
                  reqdoc_str(err, "message", n), n, rid);
    vval e = vval_map_new(ar);
    vmap_put_str(e.u.m, "message", vval_str(ar, strbuf_cstr(&sb), sb.len));
    /* SDK v1 has classes for the modelled exceptions; ValidationException is
     * not one, so AppSync reports it as AmazonDynamoDBException */
    bool validation = !strcmp(n, "ValidationException");
    strbuf_reset(&sb);
    strbuf_printf(&sb, "DynamoDB:%s", validation ? "AmazonDynamoDBException" : n);
    vmap_put_str(e.u.m, "type", vval_str(ar, strbuf_cstr(&sb), sb.len));
    strbuf_free(&sb);
    return e;
}

/* Merge expressionNames / expressionValues of several sections into one pair. */
void bridge_merge_expr(arena *ar, vval req, vval section, bool values)
{
    vval names = GET(section, "expressionNames"), vals = GET(section, "expressionValues");
    if (names.kind == VVAL_MAP && names.u.m->count) {
        vval *n = vmap_find_str(req.u.m, "ExpressionAttributeNames", 24);
        vval target = n ? *n : vval_map_new(ar);
        for (size_t i = 0; i < names.u.m->len; i++)
            if (names.u.m->entries[i].live)
                vmap_put(target.u.m, names.u.m->entries[i].key, names.u.m->entries[i].value, NULL);
        vmap_put_str(req.u.m, "ExpressionAttributeNames", target);
    }
    if (values && vals.kind == VVAL_MAP && vals.u.m->count) {
        vval *v = vmap_find_str(req.u.m, "ExpressionAttributeValues", 25);
        vval target = v ? *v : vval_map_new(ar);
        vval wire = bridge_map_to_wire(ar, vals);
        for (size_t i = 0; i < wire.u.m->len; i++)
            if (wire.u.m->entries[i].live)
                vmap_put(target.u.m, wire.u.m->entries[i].key, wire.u.m->entries[i].value, NULL);
        vmap_put_str(req.u.m, "ExpressionAttributeValues", target);
    }
}

static vval base_request(arena *ar, const rs_datasource *ds, vval doc)
{
    vval req = vval_map_new(ar);
    put(req, "TableName", S(ar, ds->table));
    put(req, "Key", bridge_map_to_wire(ar, GET(doc, "key")));
    return req;
}

static void add_condition(arena *ar, vval req, vval doc)
{
    vval cond = GET(doc, "condition");
    if (cond.kind != VVAL_MAP)
        return;
    put(req, "ConditionExpression", GET(cond, "expression"));
    bridge_merge_expr(ar, req, cond, true);
}

static void add_projection(arena *ar, vval req, vval doc)
{
    vval proj = GET(doc, "projection");
    if (proj.kind != VVAL_MAP)
        return;
    put(req, "ProjectionExpression", GET(proj, "expression"));
    bridge_merge_expr(ar, req, proj, false);
}

/* ================================================================ single items */

/* After a failed condition AppSync re-reads the item: equal to what was
 * wanted (equalsIgnore aside) means success; else the error, with the item. */
static void single_item(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *op, ds_call *call);

/* conditionalCheckFailedHandler {strategy: Custom}: AppSync asks a Lambda,
 * whose answer the resolver file gives as the data source's
 * ConditionalCheckFailedHandlerResult {action: reject | discard | retry,
 * retryMapping}. discard succeeds with the stored item; retry runs the
 * retryMapping document once, without a handler (a failure then rejects).
 * Returns false when the default Reject applies. */
static bool custom_handler(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *op,
                           vval current, ds_call *call)
{
    vval handler = GET(GET(doc, "condition"), "conditionalCheckFailedHandler");
    vval strategy = GET(handler, "strategy");
    if (strategy.kind != VVAL_STRING || strcmp(strategy.u.s->data, "Custom"))
        return false;
    vval decision = GET(ds->config, "ConditionalCheckFailedHandlerResult");
    const char *a = reqdoc_str(decision, "action", "reject");
    if (!strcmp(a, "discard")) {
        call->result = bridge_item_to_plain(ar, current);
        return true;
    }
    vval retry = GET(decision, "retryMapping");
    if (strcmp(a, "retry") || retry.kind != VVAL_MAP)
        return false;
    /* same operation, same key; the retry has no handler of its own */
    vval again = vval_deep_copy(ar, retry);
    vmap_put_str(again.u.m, "operation", S(ar, op));
    vmap_put_str(again.u.m, "key", GET(doc, "key"));
    vval cond = GET(again, "condition");
    if (cond.kind == VVAL_MAP)
        vmap_remove(cond.u.m, S(ar, "conditionalCheckFailedHandler"), NULL);
    single_item(b, ar, ds, again, op, call);
    return true;
}

static void condition_failed(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *op,
                             vval wanted, vval err, ds_call *call)
{
    vval get = base_request(ar, ds, doc);
    put(get, "ConsistentRead", vval_bool(true));
    vval resp, gerr;
    vval current = vval_null();
    if (bridge_call(b, ar, "GetItem", get, &resp, &gerr))
        current = GET(resp, "Item");
    vval ignore = GET(GET(doc, "condition"), "equalsIgnore");
    bool same = false;
    if (!strcmp(op, "DeleteItem")) {
        same = vval_is_null(current);
    } else if (!strcmp(op, "PutItem") && current.kind == VVAL_MAP && wanted.kind == VVAL_MAP) {
        vval a = vval_deep_copy(ar, bridge_item_to_plain(ar, current)), w = vval_deep_copy(ar, bridge_item_to_plain(ar, wanted));
        for (size_t i = 0; ignore.kind == VVAL_LIST && i < ignore.u.l->len; i++) {
            vmap_remove(a.u.m, ignore.u.l->items[i], NULL);
            vmap_remove(w.u.m, ignore.u.l->items[i], NULL);
        }
        same = vval_java_equals(a, w);
    }
    if (same) {
        call->result = bridge_item_to_plain(ar, current);
        return;
    }
    if (custom_handler(b, ar, ds, doc, op, current, call))
        return;
    call->error = bridge_appsync_error(b, ar, err);
    call->result = bridge_item_to_plain(ar, current);
}

static void single_item(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *op, ds_call *call)
{
    vval req = base_request(ar, ds, doc);
    vval wanted = vval_null();
    if (!strcmp(op, "GetItem")) {
        put(req, "ConsistentRead", GET(doc, "consistentRead"));
        add_projection(ar, req, doc);
    } else if (!strcmp(op, "PutItem")) {
        /* the item is key + attributeValues; the key wins */
        vval item = bridge_map_to_wire(ar, GET(doc, "attributeValues"));
        if (item.kind != VVAL_MAP)
            item = vval_map_new(ar);
        vval key = GET(req, "Key");
        for (size_t i = 0; key.kind == VVAL_MAP && i < key.u.m->len; i++)
            if (key.u.m->entries[i].live)
                vmap_put(item.u.m, key.u.m->entries[i].key, key.u.m->entries[i].value, NULL);
        vmap_remove(req.u.m, S(ar, "Key"), NULL);
        put(req, "Item", item);
        wanted = item;
        add_condition(ar, req, doc);
    } else if (!strcmp(op, "UpdateItem")) {
        vval upd = GET(doc, "update");
        put(req, "UpdateExpression", GET(upd, "expression"));
        bridge_merge_expr(ar, req, upd, true);
        add_condition(ar, req, doc);
        put(req, "ReturnValues", S(ar, "ALL_NEW"));
    } else {
        add_condition(ar, req, doc);
        put(req, "ReturnValues", S(ar, "ALL_OLD"));
    }
    call->engine_request = req;
    vval resp, err;
    if (!bridge_call(b, ar, op, req, &resp, &err)) {
        call->engine_response = err;
        vval name = GET(err, "name");
        if (name.kind == VVAL_STRING && !strcmp(name.u.s->data, "ConditionalCheckFailedException"))
            condition_failed(b, ar, ds, doc, op, wanted, err, call);
        else
            call->error = bridge_appsync_error(b, ar, err);
        return;
    }
    call->engine_response = resp;
    if (!strcmp(op, "GetItem"))
        call->result = bridge_item_to_plain(ar, GET(resp, "Item"));
    else if (!strcmp(op, "PutItem"))
        call->result = bridge_item_to_plain(ar, wanted);
    else
        call->result = bridge_item_to_plain(ar, GET(resp, "Attributes"));
}

/* Send req to the engine, recording it and the answer on call. False when
 * the engine refused it: *err holds its error and call->error AppSync's. */
static bool send(ddb_bridge *b, arena *ar, const char *op, vval req, ds_call *call, vval *resp, vval *err)
{
    call->engine_request = req;
    if (!bridge_call(b, ar, op, req, resp, err)) {
        call->engine_response = *err;
        call->error = bridge_appsync_error(b, ar, *err);
        return false;
    }
    call->engine_response = *resp;
    return true;
}

/* ================================================================ query and scan */

/* nextToken: base64 of {"version":1,"token":<LastEvaluatedKey>} */
static vval encode_token(arena *ar, vval lek)
{
    strbuf js = STRBUF_INIT, out = STRBUF_INIT;
    strbuf_puts(&js, "{\"version\":1,\"token\":");
    vjson_write(&js, lek);
    strbuf_putc(&js, '}');
    base64_encode(&out, js.data, js.len);
    vval t = vval_str(ar, strbuf_cstr(&out), out.len);
    strbuf_free(&js);
    strbuf_free(&out);
    return t;
}

/* The LastEvaluatedKey inside a nextToken (read leniently, like the engine's
 * binary values); false when the token is not one of ours. */
static bool decode_token(arena *ar, vval tok, vval *lek)
{
    if (tok.kind != VVAL_STRING)
        return false;
    unsigned char *js = arena_alloc(ar, tok.u.s->len / 4 * 3 + 3);
    size_t n = base64_decode_lenient(tok.u.s->data, tok.u.s->len, js);
    vval doc;
    bool ok = vjson_parse(ar, (const char *)js, n, NULL, &doc, NULL) && doc.kind == VVAL_MAP &&
              GET(doc, "token").kind == VVAL_MAP;
    if (ok)
        *lek = GET(doc, "token");
    return ok;
}

static void query_scan(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *op, ds_call *call)
{
    vval req = vval_map_new(ar);
    put(req, "TableName", S(ar, ds->table));
    put(req, "IndexName", GET(doc, "index"));
    put(req, "Limit", GET(doc, "limit"));
    put(req, "ConsistentRead", GET(doc, "consistentRead"));
    put(req, "Select", GET(doc, "select"));
    put(req, "Segment", GET(doc, "segment"));
    put(req, "TotalSegments", GET(doc, "totalSegments"));
    if (!strcmp(op, "Query")) {
        vval q = GET(doc, "query");
        put(req, "KeyConditionExpression", GET(q, "expression"));
        bridge_merge_expr(ar, req, q, true);
        put(req, "ScanIndexForward", GET(doc, "scanIndexForward"));
    }
    vval filter = GET(doc, "filter");
    if (filter.kind == VVAL_MAP) {
        put(req, "FilterExpression", GET(filter, "expression"));
        bridge_merge_expr(ar, req, filter, true);
    }
    add_projection(ar, req, doc);
    vval token = GET(doc, "nextToken"), lek;
    if (!vval_is_null(token)) {
        if (!decode_token(ar, token, &lek)) {
            vval e = vval_map_new(ar);
            vmap_put_str(e.u.m, "message", S(ar, "com.amazonaws.deepdish.common.pagination."
                                                 "InvalidPaginationTokenException: Invalid pagination token given."));
            vmap_put_str(e.u.m, "type", S(ar, "DynamoDB:UserIllegalArgumentException"));
            call->error = e;
            return;
        }
        put(req, "ExclusiveStartKey", lek);
    }
    vval resp, err;
    if (!send(b, ar, op, req, call, &resp, &err))
        return;
    vval items = vval_list_new(ar, 0), raw = GET(resp, "Items");
    for (size_t i = 0; raw.kind == VVAL_LIST && i < raw.u.l->len; i++)
        vlist_push(items.u.l, bridge_item_to_plain(ar, raw.u.l->items[i]));
    vval result = vval_map_new(ar);
    vmap_put_str(result.u.m, "items", items);
    vval last = GET(resp, "LastEvaluatedKey");
    vmap_put_str(result.u.m, "nextToken", vval_is_null(last) ? vval_null() : encode_token(ar, last));
    vmap_put_str(result.u.m, "scannedCount", GET(resp, "ScannedCount"));
    call->result = result;
}

/* ================================================================ batches */

/* A batch: {"RequestItems": items} sent as one request. */
static bool send_batch(ddb_bridge *b, arena *ar, const char *op, vval items, ds_call *call, vval *resp)
{
    vval req = vval_map_new(ar), err;
    vmap_put_str(req.u.m, "RequestItems", items);
    return send(b, ar, op, req, call, resp, &err);
}


/* Does item hold every attribute of key with an equal value? */
static bool has_key(vval item, vval key)
{
    for (size_t f = 0; f < key.u.m->len; f++) {
        const vmap_entry *k = &key.u.m->entries[f];
        if (!k->live)
            continue;
        vval *v = vmap_find(item.u.m, k->key);
        if (!v || !vval_java_equals(*v, k->value))
            return false;
    }
    return true;
}

/* The item of a BatchGetItem response list (wire form) that has key, as a
 * plain map, or null. */
static vval item_with_key(arena *ar, vval got, vval key)
{
    for (size_t g = 0; got.kind == VVAL_LIST && g < got.u.l->len; g++) {
        vval cand = bridge_item_to_plain(ar, got.u.l->items[g]);
        if (has_key(cand, key))
            return cand;
    }
    return vval_null();
}

static void batch_get(ddb_bridge *b, arena *ar, vval doc, ds_call *call)
{
    vval tables = GET(doc, "tables"), ri = vval_map_new(ar);
    for (size_t i = 0; i < tables.u.m->len; i++) {
        const vmap_entry *e = &tables.u.m->entries[i];
        if (!e->live)
            continue;
        vval t = vval_map_new(ar), keys = vval_list_new(ar, 0), src = GET(e->value, "keys");
        for (size_t k = 0; k < src.u.l->len; k++)
            vlist_push(keys.u.l, bridge_map_to_wire(ar, src.u.l->items[k]));
        put(t, "Keys", keys);
        put(t, "ConsistentRead", GET(e->value, "consistentRead"));
        add_projection(ar, t, e->value);
        vmap_put(ri.u.m, e->key, t, NULL);
    }
    vval resp;
    if (!send_batch(b, ar, "BatchGetItem", ri, call, &resp))
        return;
    /* data.<table>: in request-key order, null where no item came back */
    vval data = vval_map_new(ar), unprocessed = vval_map_new(ar);
    for (size_t i = 0; i < tables.u.m->len; i++) {
        const vmap_entry *e = &tables.u.m->entries[i];
        if (!e->live)
            continue;
        vval got = GET(GET(resp, "Responses"), e->key.u.s->data), out = vval_list_new(ar, 0);
        vval keys = GET(e->value, "keys");
        for (size_t k = 0; k < keys.u.l->len; k++)
            vlist_push(out.u.l, item_with_key(ar, got, bridge_item_to_plain(ar, bridge_map_to_wire(ar, keys.u.l->items[k]))));
        vmap_put(data.u.m, e->key, out, NULL);
        vval uk = GET(GET(GET(resp, "UnprocessedKeys"), e->key.u.s->data), "Keys"), ul = vval_list_new(ar, 0);
        for (size_t k = 0; uk.kind == VVAL_LIST && k < uk.u.l->len; k++)
            vlist_push(ul.u.l, bridge_item_to_plain(ar, uk.u.l->items[k]));
        vmap_put(unprocessed.u.m, e->key, ul, NULL);
    }
    vval result = vval_map_new(ar);
    vmap_put_str(result.u.m, "data", data);
    vmap_put_str(result.u.m, "unprocessedKeys", unprocessed);
    call->result = result;
}

static void batch_write(ddb_bridge *b, arena *ar, vval doc, bool is_put, ds_call *call)
{
    vval tables = GET(doc, "tables"), ri = vval_map_new(ar);
    for (size_t i = 0; i < tables.u.m->len; i++) {
        const vmap_entry *e = &tables.u.m->entries[i];
        if (!e->live)
            continue;
        vval list = vval_list_new(ar, 0);
        for (size_t k = 0; k < e->value.u.l->len; k++) {
            vval inner = vval_map_new(ar), wrap = vval_map_new(ar);
            put(inner, is_put ? "Item" : "Key", bridge_map_to_wire(ar, e->value.u.l->items[k]));
            put(wrap, is_put ? "PutRequest" : "DeleteRequest", inner);
            vlist_push(list.u.l, wrap);
        }
        vmap_put(ri.u.m, e->key, list, NULL);
    }
    vval resp;
    if (!send_batch(b, ar, "BatchWriteItem", ri, call, &resp))
        return;
    vval data = vval_map_new(ar), unprocessed = vval_map_new(ar);
    for (size_t i = 0; i < tables.u.m->len; i++) {
        const vmap_entry *e = &tables.u.m->entries[i];
        if (!e->live)
            continue;
        vval out = vval_list_new(ar, 0), un = vval_list_new(ar, 0);
        for (size_t k = 0; k < e->value.u.l->len; k++)
            vlist_push(out.u.l, bridge_item_to_plain(ar, bridge_map_to_wire(ar, e->value.u.l->items[k])));
        vmap_put(data.u.m, e->key, out, NULL);
        vmap_put(unprocessed.u.m, e->key, un, NULL);
    }
    vval result = vval_map_new(ar);
    vmap_put_str(result.u.m, "data", data);
    vmap_put_str(result.u.m, is_put ? "unprocessedItems" : "unprocessedKeys", unprocessed);
    call->result = result;
}

/* ================================================================ transactions */

static vval transact_entry(arena *ar, vval it, bool write)
{
    vval inner = vval_map_new(ar), wrap = vval_map_new(ar);
    put(inner, "TableName", GET(it, "table"));
    const char *op = write ? reqdoc_str(it, "operation", "") : "Get";
    if (!strcmp(op, "PutItem")) {
        vval item = bridge_map_to_wire(ar, GET(it, "attributeValues"));
        if (item.kind != VVAL_MAP)
            item = vval_map_new(ar);
        vval key = bridge_map_to_wire(ar, GET(it, "key"));
        for (size_t i = 0; i < key.u.m->len; i++)
            if (key.u.m->entries[i].live)
                vmap_put(item.u.m, key.u.m->entries[i].key, key.u.m->entries[i].value, NULL);
        put(inner, "Item", item);
    } else {
        put(inner, "Key", bridge_map_to_wire(ar, GET(it, "key")));
    }
    if (!strcmp(op, "UpdateItem")) {
        put(inner, "UpdateExpression", GET(GET(it, "update"), "expression"));
        bridge_merge_expr(ar, inner, GET(it, "update"), true);
    }
    vval cond = GET(it, "condition");
    if (cond.kind == VVAL_MAP) {
        put(inner, "ConditionExpression", GET(cond, "expression"));
        bridge_merge_expr(ar, inner, cond, true);
        vval rv = GET(cond, "returnValuesOnConditionCheckFailure");
        bool want = !(rv.kind == VVAL_BOOL && !rv.u.b);
        put(inner, "ReturnValuesOnConditionCheckFailure", S(ar, want ? "ALL_OLD" : "NONE"));
    }
    if (!write)
        add_projection(ar, inner, it);
    const char *name = !write ? "Get" : !strcmp(op, "PutItem") ? "Put" : !strcmp(op, "UpdateItem") ? "Update"
                     : !strcmp(op, "DeleteItem") ? "Delete" : "ConditionCheck";
    put(wrap, name, inner);
    return wrap;
}

static void transact(ddb_bridge *b, arena *ar, vval doc, bool write, ds_call *call)
{
    vval items = GET(doc, "transactItems"), list = vval_list_new(ar, items.u.l->len);
    for (size_t i = 0; i < items.u.l->len; i++)
        vlist_push(list.u.l, transact_entry(ar, items.u.l->items[i], write));
    vval req = vval_map_new(ar);
    vmap_put_str(req.u.m, "TransactItems", list);
    call->engine_request = req;
    vval resp, err, result = vval_map_new(ar);
    const char *what = write ? "keys" : "items";
    if (!bridge_call(b, ar, write ? "TransactWriteItems" : "TransactGetItems", req, &resp, &err)) {
        call->engine_response = err;
        call->error = bridge_appsync_error(b, ar, err);
        vval reasons = GET(err, "CancellationReasons");
        if (reasons.kind == VVAL_LIST) {
            vval out = vval_list_new(ar, reasons.u.l->len);
            for (size_t i = 0; i < reasons.u.l->len; i++) {
                vval r = reasons.u.l->items[i], o = vval_map_new(ar);
                if (!vval_is_null(GET(r, "Item")))
                    vmap_put_str(o.u.m, "item", bridge_item_to_plain(ar, GET(r, "Item")));
                vval code = GET(r, "Code");
                vmap_put_str(o.u.m, "type", vval_is_null(code) ? S(ar, "None") : code);
                vval m = GET(r, "Message");
                vmap_put_str(o.u.m, "message", vval_is_null(m) ? S(ar, "None") : m);
                vlist_push(out.u.l, o);
            }
            vmap_put_str(result.u.m, what, vval_null());
            vmap_put_str(result.u.m, "cancellationReasons", out);
            call->result = result;
        }
        return;
    }
    call->engine_response = resp;
    vval out = vval_list_new(ar, items.u.l->len), got = GET(resp, "Responses");
    for (size_t i = 0; i < items.u.l->len; i++) {
        if (write)
            vlist_push(out.u.l, bridge_item_to_plain(ar, bridge_map_to_wire(ar, GET(items.u.l->items[i], "key"))));
        else
            vlist_push(out.u.l, got.kind == VVAL_LIST && i < got.u.l->len
                                    ? bridge_item_to_plain(ar, GET(got.u.l->items[i], "Item")) : vval_null());
    }
    vmap_put_str(result.u.m, what, out);
    vmap_put_str(result.u.m, "cancellationReasons", vval_null());
    call->result = result;
}

/* ================================================================ entry points */

void ddb_bridge_invoke(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *version,
                       vval sync_config, int64_t now_ms, ds_call *call)
{
    (void)version;
    const char *op = reqdoc_str(doc, "operation", "");
    bool reads = !strcmp(op, "GetItem") || !strcmp(op, "Query") || !strcmp(op, "Scan") ||
                 !strcmp(op, "BatchGetItem") || !strcmp(op, "TransactGetItems");
    if (ds->versioned && !reads)
        bridge_versioned(b, ar, ds, doc, sync_config, now_ms, call);
    else if (!strcmp(op, "GetItem") || !strcmp(op, "PutItem") || !strcmp(op, "UpdateItem") || !strcmp(op, "DeleteItem"))
        single_item(b, ar, ds, doc, op, call);
    else if (!strcmp(op, "Query") || !strcmp(op, "Scan"))
        query_scan(b, ar, ds, doc, op, call);
    else if (!strcmp(op, "BatchGetItem"))
        batch_get(b, ar, doc, call);
    else if (!strcmp(op, "BatchPutItem") || !strcmp(op, "BatchDeleteItem"))
        batch_write(b, ar, doc, !strcmp(op, "BatchPutItem"), call);
    else if (!strcmp(op, "TransactGetItems") || !strcmp(op, "TransactWriteItems"))
        transact(b, ar, doc, !strcmp(op, "TransactWriteItems"), call);
    else {
        vval e = vval_map_new(ar);
        vmap_put_str(e.u.m, "message", S(ar, "Sync needs a versioned data source (DynamoDBConfig.Versioned)."));
        vmap_put_str(e.u.m, "type", S(ar, "UnsupportedOperation"));
        call->error = e;
    }
}

ddb_bridge *ddb_bridge_open(const char *state_path, strbuf *err)
{
    void *engine = engine_open(state_path, err);
    if (!engine)
        return NULL;
    ddb_bridge *b = xcalloc(1, sizeof *b);
    b->engine = engine;
    b->state_path = state_path ? xstrdup(state_path) : NULL;
    return b;
}

bool ddb_bridge_ensure_tables(ddb_bridge *b, vval defs, strbuf *err)
{
    for (size_t i = 0; defs.kind == VVAL_LIST && i < defs.u.l->len; i++)
        if (!bridge_create_table(b, defs.u.l->items[i], err))
            return false;
    return true;
}

bool ddb_bridge_save(ddb_bridge *b, strbuf *err)
{
    return !b->state_path || engine_save(b->engine, b->state_path, err);
}

void ddb_bridge_dump(ddb_bridge *b, strbuf *out)
{
    engine_dump(b->engine, out);
}

void ddb_bridge_close(ddb_bridge *b)
{
    if (!b)
        return;
    engine_close(b->engine);
    xfree(b->state_path);
    xfree(b);
}

/* ================================================================ engine */

bool bridge_call(ddb_bridge *b, arena *ar, const char *op, vval req, vval *resp, vval *err)
{
    strbuf js = STRBUF_INIT;
    vjson_write(&js, req);
    vtl_ddb_result *r = vtl_ddb_call(b->engine, op, strbuf_cstr(&js), js.len);
    strbuf_free(&js);
    bool ok = vtl_ddb_result_ok(r);
    const char *text = ok ? vtl_ddb_result_response(r) : vtl_ddb_result_error_json(r);
    vval v = vval_null();
    if (!text || !vjson_parse(ar, text, strlen(text), NULL, &v, NULL)) {
        v = vval_map_new(ar);
        vmap_put_str(v.u.m, "name", S(ar, "InternalServerError"));
        vmap_put_str(v.u.m, "message", S(ar, "the engine's answer could not be read"));
        ok = false;
    }
    *resp = ok ? v : vval_null();
    *err = ok ? vval_null() : v;
    vtl_ddb_result_free(r);
    return ok;
}

bool bridge_create_table(ddb_bridge *b, vval def, strbuf *err)
{
    vval name = GET(def, "TableName");
    if (name.kind == VVAL_STRING && vtl_ddb_has_table(b->engine, name.u.s->data))
        return true;
    strbuf js = STRBUF_INIT;
    vjson_write(&js, def);
    char *msg = NULL;
    bool ok = vtl_ddb_create_tables(b->engine, strbuf_cstr(&js), js.len, &msg);
    strbuf_free(&js);
    if (!ok)
        strbuf_printf(err, "cannot create table %s: %s", name.kind == VVAL_STRING ? name.u.s->data : "?",
                      msg ? msg : "invalid definition");
    free(msg);
    return ok;
}

static void *engine_open(const char *state_path, strbuf *err)
{
    vtl_ddb *db = vtl_ddb_new();
    vtl_ddb_set_appsync_values(db, true);  /* N as JSON numbers, {"NULL": null}, lenient base64 */
    if (state_path) {
        bool loaded;
        char *msg = NULL;
        if (!vtl_ddb_load_state(db, state_path, &loaded, &msg)) {
            strbuf_printf(err, "%s: %s", state_path, msg ? msg : "cannot read the state file");
            free(msg);
            vtl_ddb_free(db);
            return NULL;
        }
    }
    return db;
}

static bool engine_save(void *engine, const char *path, strbuf *err)
{
    char *msg = NULL;
    bool ok = vtl_ddb_save_state(engine, path, &msg);
    if (!ok)
        strbuf_printf(err, "%s: %s", path, msg ? msg : "cannot write the state file");
    free(msg);
    return ok;
}

static void engine_dump(void *engine, strbuf *out)
{
    char *js = vtl_ddb_tables_json(engine);
    strbuf_puts(out, js);
    free(js);
}

static void engine_close(void *engine)
{
    vtl_ddb_free(engine);
}
