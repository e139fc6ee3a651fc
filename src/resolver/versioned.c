/* versioned: AppSync's versioned DynamoDB data sources (conflict detection and
 * delta sync, dynamodb-semantics section 10). A write reads the stored item;
 * a stale or missing _version is a conflict for the configured handler;
 * otherwise the document is rewritten with the metadata (_version,
 * _lastChangedAt; a soft delete for DeleteItem) and run through the ordinary
 * path, and the change is appended to the delta table. */
#include "resolver/bridge_internal.h"
#include "vval/vval_print.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define GET(m, k) reqdoc_get(m, k)

static const char *const metadata[] = {"_version", "_lastChangedAt", "_deleted", "_ttl", "ds_pk", "ds_sk",
                                       "gsi_ds_pk", "gsi_ds_sk", NULL};

static vval S(arena *ar, const char *s) { return vval_cstr(ar, s); }

static vval typed(arena *ar, const char *tag, vval v)
{
    vval m = vval_map_new(ar);
    vmap_put_str(m.u.m, tag, v);
    return m;
}

static vval error_value(arena *ar, const char *message, const char *type)
{
    vval e = vval_map_new(ar);
    vmap_put_str(e.u.m, "message", S(ar, message));
    vmap_put_str(e.u.m, "type", S(ar, type));
    return e;
}

static vval stored_item(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval key)
{
    vval req = vval_map_new(ar), resp, err;
    vmap_put_str(req.u.m, "TableName", S(ar, ds->table));
    vmap_put_str(req.u.m, "Key", bridge_map_to_wire(ar, key));
    vmap_put_str(req.u.m, "ConsistentRead", vval_bool(true));
    return bridge_call(b, ar, "GetItem", req, &resp, &err) ? GET(resp, "Item") : vval_null();
}

static int64_t item_version(arena *ar, vval wire_item)
{
    vval v = GET(bridge_item_to_plain(ar, wire_item), "_version");
    return vval_is_integral(v) ? (int64_t)vval_as_i128(v) : 0;
}

/* ================================================================ conflict handlers */

/* AUTOMERGE: keep the server's scalars, append incoming list elements, take
 * incoming values for new or null server fields, recurse into maps. */
static vval automerge(arena *ar, vval server, vval incoming)
{
    if (server.kind == VVAL_MAP && incoming.kind == VVAL_MAP) {
        vval out = vval_deep_copy(ar, server);
        for (size_t i = 0; i < incoming.u.m->len; i++) {
            const vmap_entry *e = &incoming.u.m->entries[i];
            if (!e->live)
                continue;
            vval *cur = vmap_find(out.u.m, e->key);
            vmap_put(out.u.m, e->key, cur && !vval_is_null(*cur) ? automerge(ar, *cur, e->value) : e->value, NULL);
        }
        return out;
    }
    if (server.kind == VVAL_LIST && incoming.kind == VVAL_LIST) {
        vval out = vval_deep_copy(ar, server);
        for (size_t i = 0; i < incoming.u.l->len; i++)
            vlist_push(out.u.l, incoming.u.l->items[i]);
        return out;
    }
    return server;
}

/* The attributes an Amplify-style update sets: "SET #a = :a, b = :b ..." */
static vval update_image(arena *ar, vval doc)
{
    vval upd = GET(doc, "update"), names = GET(upd, "expressionNames"), vals = GET(upd, "expressionValues");
    vval out = vval_map_new(ar), expr = GET(upd, "expression");
    if (expr.kind != VVAL_STRING)
        return out;
    const char *p = expr.u.s->data;
    while (*p) {
        while (*p && (isspace((unsigned char)*p) || *p == ','))
            p++;
        const char *name = p;
        while (*p && !isspace((unsigned char)*p) && *p != '=' && *p != ',')
            p++;
        size_t nl = (size_t)(p - name);
        while (*p == ' ')
            p++;
        if (*p != '=')
            continue;
        p++;
        while (*p == ' ')
            p++;
        const char *val = p;
        while (*p && !isspace((unsigned char)*p) && *p != ',')
            p++;
        if (*val != ':' || nl == 0)
            continue;
        vval key = vval_str(ar, name, nl);
        if (name[0] == '#' && vmap_find(names.u.m ? names.u.m : vval_map_new(ar).u.m, key))
            key = *vmap_find(names.u.m, key);
        vval *v = vals.kind == VVAL_MAP ? vmap_find(vals.u.m, vval_str(ar, val, (size_t)(p - val))) : NULL;
        if (v) {
            vval wire = typed(ar, "M", vval_map_new(ar));
            vmap_put(GET(wire, "M").u.m, key, bridge_to_wire(ar, *v), NULL);
            vval plain = bridge_item_to_plain(ar, GET(wire, "M"));
            vmap_put(out.u.m, key, *vmap_find(plain.u.m, key), NULL);
        }
    }
    return out;
}

/* The conflict outcome: reject (error + server item), or a replacement item
 * (plain JSON) to write over the server's. */
static bool resolve_conflict(arena *ar, const char *op, vval doc, vval server_plain, vval sync, vval *replacement,
                             ds_call *call)
{
    const char *handler = reqdoc_str(sync, "ConflictHandler", "OPTIMISTIC_CONCURRENCY");
    vval decision = GET(sync, "LambdaConflictHandlerResult");
    const char *action = reqdoc_str(decision, "action", "REJECT");
    if (!strcmp(handler, "AUTOMERGE") && strcmp(op, "DeleteItem")) {
        vval incoming = !strcmp(op, "PutItem") ? bridge_item_to_plain(ar, bridge_map_to_wire(ar, GET(doc, "attributeValues")))
                                               : update_image(ar, doc);
        if (incoming.kind != VVAL_MAP)
            incoming = vval_map_new(ar);
        *replacement = automerge(ar, server_plain, incoming);
        return true;
    }
    if (!strcmp(handler, "LAMBDA") && !strcmp(action, "RESOLVE") && strcmp(op, "DeleteItem")) {
        *replacement = GET(decision, "resolvedItem");
        return replacement->kind == VVAL_MAP;
    }
    if (!strcmp(handler, "LAMBDA") && !strcmp(action, "REMOVE") && !strcmp(op, "DeleteItem")) {
        *replacement = vval_null();
        return true;
    }
    call->error = error_value(ar, "Conflict resolver rejects mutation.", "ConflictUnhandled");
    call->result = server_plain;
    return false;
}

/* ================================================================ writes */

static void put_meta(arena *ar, vval values, int64_t version, int64_t now_ms)
{
    vmap_put_str(values.u.m, "_version", typed(ar, "N", vval_long(version)));
    vmap_put_str(values.u.m, "_lastChangedAt", typed(ar, "N", vval_long(now_ms)));
}

/* Insert "#_vtl_v = :_vtl_v, #_vtl_l = :_vtl_l" into the update's SET clause. */
static vval update_with_meta(arena *ar, vval upd, int64_t version, int64_t now_ms)
{
    vval out = vval_deep_copy(ar, upd);
    const char *e = reqdoc_str(out, "expression", "");
    const char *set = NULL;
    for (const char *p = e; *p; p++)
        if ((p == e || isspace((unsigned char)p[-1])) && !strncasecmp(p, "SET", 3) && isspace((unsigned char)p[3])) {
            set = p;
            break;
        }
    strbuf sb = STRBUF_INIT;
    const char *meta = "#_vtl_v = :_vtl_v, #_vtl_l = :_vtl_l";
    if (set)
        strbuf_printf(&sb, "%.*sSET %s, %s", (int)(set - e), e, meta, set + 4);
    else
        strbuf_printf(&sb, "SET %s %s", meta, e);
    vmap_put_str(out.u.m, "expression", vval_str(ar, strbuf_cstr(&sb), sb.len));
    strbuf_free(&sb);
    vval names = GET(out, "expressionNames"), vals = GET(out, "expressionValues");
    if (names.kind != VVAL_MAP)
        vmap_put_str(out.u.m, "expressionNames", names = vval_map_new(ar));
    if (vals.kind != VVAL_MAP)
        vmap_put_str(out.u.m, "expressionValues", vals = vval_map_new(ar));
    vmap_put_str(names.u.m, "#_vtl_v", S(ar, "_version"));
    vmap_put_str(names.u.m, "#_vtl_l", S(ar, "_lastChangedAt"));
    vmap_put_str(vals.u.m, ":_vtl_v", typed(ar, "N", vval_long(version)));
    vmap_put_str(vals.u.m, ":_vtl_l", typed(ar, "N", vval_long(now_ms)));
    return out;
}

/* The key as text for ds_sk: values joined by ':'. */
static void key_text(arena *ar, vval key, strbuf *out)
{
    vval plain = bridge_item_to_plain(ar, bridge_map_to_wire(ar, key));
    bool first = true;
    for (size_t i = 0; plain.kind == VVAL_MAP && i < plain.u.m->len; i++) {
        if (!plain.u.m->entries[i].live)
            continue;
        if (!first)
            strbuf_putc(out, ':');
        first = false;
        vval_print(out, plain.u.m->entries[i].value);
    }
}

static const char *delta_table(arena *ar, const rs_datasource *ds)
{
    if (ds->delta_table)
        return ds->delta_table;
    size_t n = strlen(ds->table);
    char *name = arena_alloc(ar, n + 6);
    memcpy(name, ds->table, n);
    memcpy(name + n, "Delta", 6);
    return name;
}

static vval key_attr(arena *ar, const char *name, const char *type)
{
    vval m = vval_map_new(ar);
    vmap_put_str(m.u.m, "AttributeName", S(ar, name));
    vmap_put_str(m.u.m, type[0] == 'H' || type[0] == 'R' ? "KeyType" : "AttributeType", S(ar, type));
    return m;
}

/* The delta table: ds_pk (HASH) and ds_sk (RANGE), both strings. */
static void ensure_delta_table(ddb_bridge *b, arena *ar, const char *table)
{
    vval def = vval_map_new(ar), ks = vval_list_new(ar, 2), ad = vval_list_new(ar, 2);
    vlist_push(ks.u.l, key_attr(ar, "ds_pk", "HASH"));
    vlist_push(ks.u.l, key_attr(ar, "ds_sk", "RANGE"));
    vlist_push(ad.u.l, key_attr(ar, "ds_pk", "S"));
    vlist_push(ad.u.l, key_attr(ar, "ds_sk", "S"));
    vmap_put_str(def.u.m, "TableName", S(ar, table));
    vmap_put_str(def.u.m, "KeySchema", ks);
    vmap_put_str(def.u.m, "AttributeDefinitions", ad);
    strbuf err = STRBUF_INIT;
    bridge_create_table(b, def, &err);
    strbuf_free(&err);
}

/* Append the change to the delta table: the item image plus ds_pk
 * (<data source>:<YYYY-MM-DD>[:<custom partition key value>]), ds_sk
 * (<HH:MM:SS.mmm>:<key>:<version>) and _ttl. */
static void record_delta(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, vval item_plain,
                         int64_t version, int64_t now_ms)
{
    const char *table = delta_table(ar, ds);
    ensure_delta_table(b, ar, table);
    time_t secs = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strbuf pk = STRBUF_INIT, sk = STRBUF_INIT;
    strbuf_printf(&pk, "%s:%04d-%02d-%02d", ds->name, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    strbuf_printf(&sk, "%02d:%02d:%02d.%03d:", tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(now_ms % 1000));
    vval cpk = GET(doc, "customPartitionKey");
    vval populate = GET(doc, "populateIndexFields");
    strbuf gpk = STRBUF_INIT, gsk = STRBUF_INIT;
    if (cpk.kind == VVAL_STRING) {
        /* customPartitionKey: ds_pk gains the partition key's value and ds_sk
         * uses the other (sort) key values; populateIndexFields keeps the
         * default shapes in gsi_ds_pk / gsi_ds_sk (<time>:<pk>#<sk>:<version>) */
        strbuf pval = STRBUF_INIT, sval = STRBUF_INIT;
        vval_print(&pval, GET(item_plain, cpk.u.s->data));
        vval key_plain = bridge_item_to_plain(ar, bridge_map_to_wire(ar, GET(doc, "key")));
        for (size_t i = 0; key_plain.kind == VVAL_MAP && i < key_plain.u.m->len; i++) {
            const vmap_entry *e = &key_plain.u.m->entries[i];
            if (!e->live || (e->key.kind == VVAL_STRING && !strcmp(e->key.u.s->data, cpk.u.s->data)))
                continue;
            if (sval.len)
                strbuf_putc(&sval, ':');
            vval_print(&sval, e->value);
        }
        if (populate.kind == VVAL_BOOL && populate.u.b) {
            strbuf_append(&gpk, strbuf_cstr(&pk), pk.len);
            strbuf_printf(&gsk, "%s%s#%s:%lld", strbuf_cstr(&sk), strbuf_cstr(&pval), strbuf_cstr(&sval),
                          (long long)version);
        }
        strbuf_printf(&pk, ":%s", strbuf_cstr(&pval));
        strbuf_append(&sk, strbuf_cstr(&sval), sval.len);
        strbuf_free(&pval);
        strbuf_free(&sval);
    } else {
        key_text(ar, GET(doc, "key"), &sk);
    }
    strbuf_printf(&sk, ":%lld", (long long)version);
    vval item = bridge_plain_item_to_wire(ar, item_plain);
    if (gpk.len) {
        vmap_put_str(item.u.m, "gsi_ds_pk", typed(ar, "S", vval_str(ar, strbuf_cstr(&gpk), gpk.len)));
        vmap_put_str(item.u.m, "gsi_ds_sk", typed(ar, "S", vval_str(ar, strbuf_cstr(&gsk), gsk.len)));
    }
    strbuf_free(&gpk);
    strbuf_free(&gsk);
    vmap_put_str(item.u.m, "ds_pk", typed(ar, "S", vval_str(ar, strbuf_cstr(&pk), pk.len)));
    vmap_put_str(item.u.m, "ds_sk", typed(ar, "S", vval_str(ar, strbuf_cstr(&sk), sk.len)));
    vval ttl = vval_long(now_ms / 1000 + ds->delta_table_ttl * 60);
    vmap_put_str(item.u.m, "_ttl", typed(ar, "N", vval_from_vstr(vval_to_vstr(ar, ttl))));
    vval req = vval_map_new(ar), resp, err;
    vmap_put_str(req.u.m, "TableName", S(ar, table));
    vmap_put_str(req.u.m, "Item", item);
    bridge_call(b, ar, "PutItem", req, &resp, &err);
    strbuf_free(&pk);
    strbuf_free(&sk);
}

/* The document to run for a write that passed conflict detection. */
static vval rewrite(arena *ar, const rs_datasource *ds, vval doc, const char *op, vval replacement,
                    int64_t version, int64_t now_ms)
{
    vval out = vval_map_new(ar);
    vmap_put_str(out.u.m, "version", S(ar, "2018-05-29"));
    vmap_put_str(out.u.m, "key", GET(doc, "key"));
    if (!vval_is_null(GET(doc, "condition")))
        vmap_put_str(out.u.m, "condition", GET(doc, "condition"));
    if (!strcmp(op, "PutItem") || !vval_is_null(replacement)) {
        vval values = !vval_is_null(replacement) ? bridge_plain_item_to_wire(ar, replacement)
                                                 : vval_deep_copy(ar, GET(doc, "attributeValues"));
        if (values.kind != VVAL_MAP)
            values = vval_map_new(ar);
        put_meta(ar, values, version, now_ms);
        vmap_put_str(out.u.m, "operation", S(ar, "PutItem"));
        vmap_put_str(out.u.m, "attributeValues", values);
        return out;
    }
    vmap_put_str(out.u.m, "operation", S(ar, "UpdateItem"));
    if (!strcmp(op, "UpdateItem")) {
        vmap_put_str(out.u.m, "update", update_with_meta(ar, GET(doc, "update"), version, now_ms));
        return out;
    }
    /* DeleteItem: a soft delete that lives until BaseTableTTL */
    vval upd = vval_map_new(ar), vals = vval_map_new(ar);
    vmap_put_str(upd.u.m, "expression", S(ar, "SET #_vtl_d = :_vtl_d, #_vtl_t = :_vtl_t"));
    vval names = vval_map_new(ar);
    vmap_put_str(names.u.m, "#_vtl_d", S(ar, "_deleted"));
    vmap_put_str(names.u.m, "#_vtl_t", S(ar, "_ttl"));
    vmap_put_str(upd.u.m, "expressionNames", names);
    vmap_put_str(vals.u.m, ":_vtl_d", typed(ar, "BOOL", vval_bool(true)));
    vmap_put_str(vals.u.m, ":_vtl_t", typed(ar, "N", vval_long(now_ms / 1000 + ds->base_table_ttl * 60)));
    vmap_put_str(upd.u.m, "expressionValues", vals);
    vmap_put_str(out.u.m, "update", update_with_meta(ar, upd, version, now_ms));
    return out;
}

static bool writes_metadata(arena *ar, vval doc, ds_call *call)
{
    vval values = GET(doc, "attributeValues");
    for (int i = 0; metadata[i]; i++) {
        if (values.kind == VVAL_MAP && vmap_find_str(values.u.m, metadata[i], strlen(metadata[i]))) {
            char msg[200];
            snprintf(msg, sizeof msg, "The attribute '%s' is managed by datasource versioning and cannot be "
                                      "written by a mapping template.", metadata[i]);
            call->error = error_value(ar, msg, "BadRequest");
            return true;
        }
    }
    return false;
}

static void versioned_write(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *op,
                            vval sync, int64_t now_ms, ds_call *call)
{
    if (writes_metadata(ar, doc, call))
        return;
    vval stored = stored_item(b, ar, ds, GET(doc, "key"));
    vval replacement = vval_null();
    int64_t server_version = vval_is_null(stored) ? 0 : item_version(ar, stored);
    vval expected = GET(doc, "_version");
    bool conflict = !vval_is_null(stored) &&
                    (!vval_is_integral(expected) || (int64_t)vval_as_i128(expected) != server_version);
    if (conflict && !resolve_conflict(ar, op, doc, bridge_item_to_plain(ar, stored), sync, &replacement, call))
        return;
    if (vval_is_null(stored) && !strcmp(op, "DeleteItem")) {
        call->result = vval_null();  /* nothing to delete */
        return;
    }
    int64_t version = server_version + 1;
    vval run_doc = rewrite(ar, ds, doc, op, replacement, version, now_ms);
    if (conflict)
        vmap_remove(run_doc.u.m, S(ar, "condition"), NULL);  /* the handler decided */
    rs_datasource plain = *ds;
    plain.versioned = false;
    ddb_bridge_invoke(b, ar, &plain, run_doc, "2018-05-29", vval_null(), now_ms, call);
    if (vval_is_null(call->error) && call->result.kind == VVAL_MAP)
        record_delta(b, ar, ds, doc, call->result, version, now_ms);
}

/* Sync: the base table (no lastSync) or the changes since lastSync. */
static void sync_op(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, int64_t now_ms, ds_call *call)
{
    vval scan = vval_map_new(ar);
    vmap_put_str(scan.u.m, "version", S(ar, "2018-05-29"));
    vmap_put_str(scan.u.m, "operation", S(ar, "Scan"));
    vval limit = GET(doc, "limit");
    int64_t lim = vval_is_integral(limit) ? (int64_t)vval_as_i128(limit) : 100;
    vmap_put_str(scan.u.m, "limit", vval_long(lim > 1000 ? 1000 : lim < 1 ? 1 : lim));
    if (!vval_is_null(GET(doc, "nextToken")))
        vmap_put_str(scan.u.m, "nextToken", GET(doc, "nextToken"));
    rs_datasource target = *ds;
    target.versioned = false;
    vval last = GET(doc, "lastSync"), filter = GET(doc, "filter");
    if (vval_is_integral(last)) {
        target.table = delta_table(ar, ds);
        ensure_delta_table(b, ar, target.table);
        vval f = vval_map_new(ar), names = vval_map_new(ar), vals = vval_map_new(ar);
        vmap_put_str(names.u.m, "#_vtl_l", S(ar, "_lastChangedAt"));
        vmap_put_str(vals.u.m, ":_vtl_l", typed(ar, "N", last));
        strbuf e = STRBUF_INIT;
        strbuf_puts(&e, "#_vtl_l > :_vtl_l");
        const char *fe = reqdoc_str(filter, "expression", NULL);
        if (fe) {
            strbuf_printf(&e, " AND (%s)", fe);
            vval user[2] = {GET(filter, "expressionNames"), GET(filter, "expressionValues")};
            vval into[2] = {names, vals};
            for (int k = 0; k < 2; k++)
                for (size_t i = 0; user[k].kind == VVAL_MAP && i < user[k].u.m->len; i++)
                    if (user[k].u.m->entries[i].live)
                        vmap_put(into[k].u.m, user[k].u.m->entries[i].key, user[k].u.m->entries[i].value, NULL);
        }
        vmap_put_str(f.u.m, "expression", vval_str(ar, strbuf_cstr(&e), e.len));
        strbuf_free(&e);
        vmap_put_str(f.u.m, "expressionNames", names);
        vmap_put_str(f.u.m, "expressionValues", vals);
        filter = f;
    }
    if (filter.kind == VVAL_MAP)
        vmap_put_str(scan.u.m, "filter", filter);
    ddb_bridge_invoke(b, ar, &target, scan, "2018-05-29", vval_null(), now_ms, call);
    if (call->result.kind == VVAL_MAP)
        vmap_put_str(call->result.u.m, "startedAt", vval_long(now_ms));
}

void bridge_versioned(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, vval sync_config,
                      int64_t now_ms, ds_call *call)
{
    const char *op = reqdoc_str(doc, "operation", "");
    if (!strcmp(op, "Sync")) {
        sync_op(b, ar, ds, doc, now_ms, call);
        return;
    }
    if (!strcmp(op, "PutItem") || !strcmp(op, "UpdateItem") || !strcmp(op, "DeleteItem")) {
        versioned_write(b, ar, ds, doc, op, sync_config, now_ms, call);
        return;
    }
    char msg[300];
    snprintf(msg, sizeof msg, "Unsupported operation '%s'. Datasource Versioning only supports the following "
                              "operations (TransactGetItems,PutItem,BatchGetItem,Scan,Query,GetItem,DeleteItem,"
                              "UpdateItem,Sync).", op);
    call->error = error_value(ar, msg, "UnsupportedOperation");
}
