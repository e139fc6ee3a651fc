/* ddb_api: the public vtl_ddb_* interface (include/vtl/vtl_ddb.h): the
 * operation table, one arena per request, table documents and the state
 * file. */
#include "vtl/vtl_ddb.h"
#include "base/alloc.h"
#include "base/fileio.h"
#include "ddb/ddb_db.h"
#include "ddb/ddb_read.h"
#include "ddb/ddb_req.h"
#include "ddb/ddb_write.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Requests allocate from `scratch`, which is reset after each call:
 * nothing made by a request outlives it, and reusing the block saves the
 * malloc/free work per request. Responses are written into `response`,
 * also reused, and copied into their result. */
struct vtl_ddb {
    ddb_db *db;
    arena scratch;
    strbuf response;
};

/* A larger response buffer is released after its call. */
#define KEEP_RESPONSE_BUFFER 65536

/* One heap block: the outcome and the response text after it. */
struct vtl_ddb_result {
    bool ok;
    const char *err_name;      /* static text */
    char *err_msg, *error_json;
    size_t len;                /* of response */
    char response[];
};

/* The operations, sorted by name. `direct` names the map member of the
 * bodies ddb_direct decodes for the operation (NULL: always parsed). */
typedef struct opdef {
    const char *name;
    bool (*run)(ddb_req *r);
    const char *direct;
} opdef;

static const opdef operations[] = {
    {"BatchGetItem", ddb_batch_get_item, NULL},
    {"BatchWriteItem", ddb_batch_write_item, NULL},
    {"DeleteItem", ddb_delete_item, NULL},
    {"GetItem", ddb_get_item, "Key"},
    {"PutItem", ddb_put_item, "Item"},
    {"Query", ddb_query, NULL},
    {"Scan", ddb_scan, NULL},
    {"TransactGetItems", ddb_transact_get_items, NULL},
    {"TransactWriteItems", ddb_transact_write_items, NULL},
    {"UpdateItem", ddb_update_item, NULL},
};

static const opdef *find_operation(const char *name)
{
    for (size_t i = 0; i < sizeof operations / sizeof operations[0]; i++)
        if (operations[i].name[0] == name[0] && strcmp(operations[i].name, name) == 0)
            return &operations[i];
    return NULL;
}

vtl_ddb *vtl_ddb_new(void)
{
    vtl_ddb *d = xcalloc(1, sizeof *d);
    d->db = ddb_db_new();
    arena_init(&d->scratch, 16384);
    return d;
}

void vtl_ddb_free(vtl_ddb *d)
{
    if (!d)
        return;
    ddb_db_free(d->db);
    arena_free(&d->scratch);
    strbuf_free(&d->response);
    xfree(d);
}

void vtl_ddb_set_appsync_values(vtl_ddb *d, bool on) { d->db->appsync = on; }

/* ================================================================ requests */

static void req_init(ddb_req *r, ddb_db *db, arena *ar, ddb_result *res)
{
    memset(r, 0, sizeof *r);
    r->db = db;
    r->ar = ar;
    r->res = res;
    r->conv.ar = ar;
    r->conv.appsync = db->appsync;
}

/* Run r, whose body or direct body is set, as op (NULL: the unknown
 * operation `name`). */
static void run(ddb_req *r, const opdef *op, const char *name)
{
    ddb_result *res = r->res;
    res->ok = true;
    if (!op)
        ddb_failf(r, DDB_ERR_UNKNOWN_OP, "Unknown operation: %s", name);
    else if (r->body && r->body->kind != DDB_JSON_OBJECT)
        ddb_fail(r, DDB_ERR_SERIALIZATION, "Start of structure or map found where not expected");
    else if (!op->run(r) && !res->err_name)
        ddb_fail(r, DDB_ERR_VALIDATION, "The request was rejected");
    if (!res->ok)
        strbuf_reset(&res->response);
    for (size_t i = 0; i < r->nretired; i++)
        xfree(r->retired[i]);
    xfree(r->retired);
}

static char *error_json(const ddb_result *res)
{
    strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"name\":");
    strbuf_json_string(&sb, res->err_name, strlen(res->err_name));
    strbuf_puts(&sb, ",\"message\":");
    strbuf_json_string(&sb, res->err_msg, strlen(res->err_msg));
    strbuf_append(&sb, strbuf_cstr(&res->err_extra), res->err_extra.len);
    strbuf_putc(&sb, '}');
    return strbuf_take(&sb);
}

/* The result of res (whose error message it takes over). */
static vtl_ddb_result *result_new(ddb_result *res)
{
    size_t len = res->ok ? res->response.len : 0;
    vtl_ddb_result *out = xmalloc(sizeof *out + len + 1);
    out->ok = res->ok;
    out->err_name = res->err_name;
    out->err_msg = res->err_msg;
    out->error_json = res->ok ? NULL : error_json(res);
    out->len = len;
    if (len)
        memcpy(out->response, res->response.data, len);
    out->response[len] = '\0';
    strbuf_free(&res->err_extra);
    return out;
}

static void serialization_error(ddb_result *res, const char *err)
{
    res->ok = false;
    res->err_name = DDB_ERR_SERIALIZATION;
    size_t n = strlen(err) + 64;
    res->err_msg = xmalloc(n);
    snprintf(res->err_msg, n, "The request body is not valid JSON: %s", err);
}

vtl_ddb_result *vtl_ddb_call(vtl_ddb *d, const char *operation, const char *request, size_t len)
{
    arena *ar = &d->scratch;
    const char *name = operation ? operation : "";
    const opdef *op = find_operation(name);
    ddb_result res;
    memset(&res, 0, sizeof res);
    res.response = d->response;
    ddb_req r;
    req_init(&r, d->db, ar, &res);
    ddb_direct direct;
    ddb_json *body = NULL;
    char err[160];
    if (op && op->direct && ddb_direct_decode(ar, request, len, op->direct, &direct)) {
        r.direct = &direct;
        run(&r, op, name);
    } else if (!ddb_json_parse(ar, request, len, &body, err, sizeof err)) {
        serialization_error(&res, err);
    } else {
        r.body = body;
        run(&r, op, name);
    }
    arena_reset(ar);
    vtl_ddb_result *out = result_new(&res);
    d->response = res.response;
    strbuf_reset(&d->response);
    if (d->response.cap > KEEP_RESPONSE_BUFFER)
        strbuf_free(&d->response);
    return out;
}

bool vtl_ddb_result_ok(const vtl_ddb_result *r) { return r->ok; }

const char *vtl_ddb_result_response(const vtl_ddb_result *r) { return r->ok && r->len ? r->response : "{}"; }

const char *vtl_ddb_result_error_name(const vtl_ddb_result *r) { return r->ok ? NULL : r->err_name; }
const char *vtl_ddb_result_error_message(const vtl_ddb_result *r) { return r->ok ? NULL : r->err_msg; }
const char *vtl_ddb_result_error_json(const vtl_ddb_result *r) { return r->ok ? NULL : r->error_json; }

char *vtl_ddb_result_json(const vtl_ddb_result *r)
{
    strbuf sb = STRBUF_INIT;
    if (r->ok) {
        strbuf_puts(&sb, "{\"ok\":true,\"response\":");
        strbuf_puts(&sb, vtl_ddb_result_response(r));
    } else {
        strbuf_puts(&sb, "{\"ok\":false,\"error\":");
        strbuf_puts(&sb, r->error_json);
    }
    strbuf_putc(&sb, '}');
    return strbuf_take(&sb);
}

void vtl_ddb_result_free(vtl_ddb_result *r)
{
    if (!r)
        return;
    xfree(r->err_msg);
    xfree(r->error_json);
    xfree(r);
}

/* ================================================================ table documents */

static char *heap_msg(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 4;
    char *s = xmalloc(n);
    snprintf(s, n, "%s%s", a, b);
    return s;
}

/* Store the items of one table definition through PutItem. */
static bool load_items(ddb_db *db, arena *ar, const ddb_table *t, const ddb_json *items, char **err)
{
    ddb_json name = {.kind = DDB_JSON_STRING, .str = t->name, .len = strlen(t->name)};
    static const char *keys[] = {"TableName", "Item"};
    static size_t keylens[] = {9, 4};
    for (size_t i = 0; items && i < items->n; i++) {
        ddb_json *members[2] = {&name, items->items[i]};
        ddb_json body = {.kind = DDB_JSON_OBJECT, .items = members, .keys = keys, .keylens = keylens, .n = 2};
        ddb_result res;
        memset(&res, 0, sizeof res);
        ddb_req r;
        req_init(&r, db, ar, &res);
        r.body = &body;
        run(&r, find_operation("PutItem"), "PutItem");
        bool ok = res.ok;
        if (!ok && err) {
            char pre[300];
            snprintf(pre, sizeof pre, "table %s, item %zu: %s: ", t->name, i, res.err_name);
            *err = heap_msg(pre, res.err_msg);
        }
        xfree(res.err_msg);
        strbuf_free(&res.response);
        strbuf_free(&res.err_extra);
        if (!ok)
            return false;
    }
    return true;
}

static bool create_one(ddb_db *db, arena *ar, const ddb_json *def, char **err)
{
    char msg[256];
    ddb_table *t = ddb_table_create(def, msg, sizeof msg);
    if (!t) {
        if (err)
            *err = heap_msg("bad table definition: ", msg);
        return false;
    }
    ddb_db_add(db, t);
    return load_items(db, ar, t, ddb_json_get(def, "Items"), err);
}

static bool create_from(ddb_db *db, arena *ar, const ddb_json *doc, char **err)
{
    const ddb_json *list = doc->kind == DDB_JSON_ARRAY ? doc : ddb_json_get(doc, "Tables");
    if (!list)
        return create_one(db, ar, doc, err);
    if (list->kind != DDB_JSON_ARRAY) {
        if (err)
            *err = xstrdup("\"Tables\" must be an array");
        return false;
    }
    for (size_t i = 0; i < list->n; i++)
        if (!create_one(db, ar, list->items[i], err))
            return false;
    return true;
}

bool vtl_ddb_create_tables(vtl_ddb *d, const char *json, size_t len, char **err)
{
    arena ar;
    arena_init(&ar, 65536);
    ddb_json *doc = NULL;
    char msg[160];
    bool ok = ddb_json_parse(&ar, json, len, &doc, msg, sizeof msg);
    if (!ok && err)
        *err = heap_msg("malformed table document: ", msg);
    ok = ok && create_from(d->db, &ar, doc, err);
    arena_free(&ar);
    return ok;
}

bool vtl_ddb_has_table(const vtl_ddb *d, const char *name)
{
    return ddb_db_table(d->db, name, strlen(name)) != NULL;
}

char *vtl_ddb_tables_json(const vtl_ddb *d)
{
    strbuf sb = STRBUF_INIT;
    ddb_db_items_json(&sb, d->db);
    return strbuf_take(&sb);
}

char *vtl_ddb_state_json(const vtl_ddb *d)
{
    strbuf sb = STRBUF_INIT;
    ddb_db_to_json(&sb, d->db);
    return strbuf_take(&sb);
}

/* ================================================================ state files */

static bool io_error(char **err, const char *what, const char *path)
{
    if (err) {
        char buf[600];
        snprintf(buf, sizeof buf, "%s %s: %s", what, path, strerror(errno));
        *err = xstrdup(buf);
    }
    return false;
}

bool vtl_ddb_load_state(vtl_ddb *d, const char *path, bool *loaded, char **err)
{
    size_t len = 0;
    bool missing = false;
    char *text = file_read(path, (size_t)1 << 30, &len);
    missing = !text && errno == ENOENT;
    *loaded = text != NULL;
    if (!text)
        return missing ? true : io_error(err, "cannot read", path);
    bool ok = vtl_ddb_create_tables(d, text, len, err);
    xfree(text);
    return ok;
}

bool vtl_ddb_save_state(const vtl_ddb *d, const char *path, char **err)
{
    size_t n = strlen(path) + 32;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    char *text = vtl_ddb_state_json(d);
    FILE *f = fopen(tmp, "wb");
    bool ok = f != NULL;
    if (ok) {
        size_t len = strlen(text);
        ok = fwrite(text, 1, len, f) == len;
        ok = fflush(f) == 0 && ok;
        ok = fsync(fileno(f)) == 0 && ok;
        ok = fclose(f) == 0 && ok;
    }
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        io_error(err, "cannot write state file", path);
        unlink(tmp);
    }
    xfree(text);
    xfree(tmp);
    return ok;
}
