/* ddb_cmd: `vtl-eval ddb TABLES.json OPS.json [--state FILE]`: creates the
 * tables, runs the operations in order and prints
 * {"results": [...], "tables": {...}} (the conformance corpus's
 * expected.json format). With --state, tables are loaded from FILE when it
 * exists (TABLES.json then only adds tables FILE lacks) and the final state
 * is written back to FILE atomically. */
#include "cli/ddb_cmd.h"
#include "base/fileio.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "cli/opts.h"
#include "ddb/ddb_json.h"
#include "vtl/vtl_ddb.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ddb_args {
    const char *tables, *ops, *state;
} ddb_args;

static void usage(FILE *f)
{
    fputs("usage: vtl-eval ddb TABLES.json OPS.json [--state FILE]\n", f);
}

static bool parse_args(int argc, char **argv, ddb_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--state") == 0 && i + 1 < argc) {
            a->state = argv[++i];
        } else if (strncmp(argv[i], "--state=", 8) == 0) {
            a->state = argv[i] + 8;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "vtl-eval ddb: unknown option %s\n", argv[i]);
            return false;
        } else if (!a->tables) {
            a->tables = argv[i];
        } else if (!a->ops) {
            a->ops = argv[i];
        } else {
            fprintf(stderr, "vtl-eval ddb: unexpected argument %s\n", argv[i]);
            return false;
        }
    }
    return a->tables && a->ops;
}

static char *read_all(const char *path, size_t *len)
{
    char *text = file_read(path, (size_t)256 << 20, len);
    if (!text)
        fprintf(stderr, "vtl-eval ddb: cannot read %s: %s\n", path, strerror(errno));
    return text;
}

/* The table definitions of a table document (object, array or
 * {"Tables": [...]}). */
static const ddb_json *definitions(const ddb_json *const *docp, size_t *n, const ddb_json *const **items)
{
    const ddb_json *doc = *docp;
    const ddb_json *list = doc->kind == DDB_JSON_ARRAY ? doc : ddb_json_get(doc, "Tables");
    if (list && list->kind == DDB_JSON_ARRAY) {
        *n = list->n;
        *items = (const ddb_json *const *)list->items;
        return list;
    }
    *n = 1;
    *items = docp;
    return doc;
}

/* Create the tables of TABLES.json; after a state file was loaded, only
 * those the state lacks. */
static bool create_tables(vtl_ddb *db, const char *path, bool only_missing)
{
    size_t len;
    char *text = read_all(path, &len);
    if (!text)
        return false;
    char *err = NULL;
    bool ok = true;
    if (!only_missing) {
        ok = vtl_ddb_create_tables(db, text, len, &err);
    } else {
        arena ar;
        arena_init(&ar, 65536);
        ddb_json *doc = NULL;
        char jerr[160];
        if (!ddb_json_parse(&ar, text, len, &doc, jerr, sizeof jerr)) {
            err = xstrdup(jerr);
            ok = false;
        }
        size_t n = 0;
        const ddb_json *const *defs = NULL;
        if (ok)
            definitions((const ddb_json *const *)&doc, &n, &defs);
        for (size_t i = 0; ok && i < n; i++) {
            const ddb_json *name = ddb_json_get(defs[i], "TableName");
            char *cname = name && name->kind == DDB_JSON_STRING ? xmemdup0(name->str, name->len) : xstrdup("");
            if (!vtl_ddb_has_table(db, cname)) {
                strbuf one = STRBUF_INIT;
                ddb_json_write(&one, defs[i]);
                ok = vtl_ddb_create_tables(db, strbuf_cstr(&one), one.len, &err);
                strbuf_free(&one);
            }
            free(cname);
        }
        arena_free(&ar);
    }
    if (!ok)
        fprintf(stderr, "vtl-eval ddb: %s: %s\n", path, err ? err : "cannot create the tables");
    free(err);
    free(text);
    return ok;
}

static void print_result(strbuf *out, size_t index, const ddb_json *op, vtl_ddb_result *res)
{
    strbuf_printf(out, "%s\n  {\"index\": %zu, \"op\": ", index ? "," : "", index);
    if (op && op->kind == DDB_JSON_STRING)
        strbuf_json_string(out, op->str, op->len);
    else
        strbuf_puts(out, "null");
    if (vtl_ddb_result_ok(res)) {
        strbuf_puts(out, ", \"ok\": true, \"response\": ");
        strbuf_puts(out, vtl_ddb_result_response(res));
    } else {
        strbuf_puts(out, ", \"ok\": false, \"error\": ");
        strbuf_puts(out, vtl_ddb_result_error_json(res));
    }
    strbuf_putc(out, '}');
}

/* Run every op of OPS.json and append the "results" array. */
static bool run_ops(vtl_ddb *db, const char *path, strbuf *out)
{
    size_t len;
    char *text = read_all(path, &len);
    if (!text)
        return false;
    arena ar;
    arena_init(&ar, 65536);
    ddb_json *ops = NULL;
    char err[160];
    bool ok = ddb_json_parse(&ar, text, len, &ops, err, sizeof err);
    if (!ok)
        fprintf(stderr, "vtl-eval ddb: %s: malformed JSON: %s\n", path, err);
    else if (ops->kind != DDB_JSON_ARRAY)
        ok = (fprintf(stderr, "vtl-eval ddb: %s: expected an array of operations\n", path), false);
    for (size_t i = 0; ok && i < ops->n; i++) {
        const ddb_json *op = ddb_json_get(ops->items[i], "op"), *req = ddb_json_get(ops->items[i], "request");
        strbuf body = STRBUF_INIT;
        if (req)
            ddb_json_write(&body, req);
        else
            strbuf_puts(&body, "{}");
        char *name = op && op->kind == DDB_JSON_STRING ? xmemdup0(op->str, op->len) : xstrdup("");
        vtl_ddb_result *res = vtl_ddb_call(db, name, strbuf_cstr(&body), body.len);
        print_result(out, i, op, res);
        vtl_ddb_result_free(res);
        free(name);
        strbuf_free(&body);
    }
    arena_free(&ar);
    free(text);
    return ok;
}

int cli_ddb_main(int argc, char **argv)
{
    ddb_args a;
    if (!parse_args(argc, argv, &a)) {
        usage(stderr);
        return EXIT_USAGE;
    }
    vtl_ddb *db = vtl_ddb_new();
    bool loaded = false;
    char *err = NULL;
    int rc = EXIT_USAGE;
    if (a.state && !vtl_ddb_load_state(db, a.state, &loaded, &err)) {
        fprintf(stderr, "vtl-eval ddb: %s\n", err);
        goto done;
    }
    if (!create_tables(db, a.tables, loaded))
        goto done;
    strbuf out = STRBUF_INIT;
    strbuf_puts(&out, "{\"results\": [");
    if (!run_ops(db, a.ops, &out)) {
        strbuf_free(&out);
        goto done;
    }
    char *tables = vtl_ddb_tables_json(db);
    strbuf_printf(&out, "\n],\n\"tables\": %s}\n", tables);
    free(tables);
    fwrite(strbuf_cstr(&out), 1, out.len, stdout);
    strbuf_free(&out);
    rc = EXIT_RENDERED;
    if (a.state && !vtl_ddb_save_state(db, a.state, &err)) {
        fprintf(stderr, "vtl-eval ddb: %s\n", err);
        rc = EXIT_EVAL_ERROR;
    }
done:
    free(err);
    vtl_ddb_free(db);
    return rc;
}
