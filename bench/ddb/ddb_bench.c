/* ddb_bench: throughput of the in-memory DynamoDB engine, for bench/ddb/run.
 *   ddb_bench [SECONDS]      (SECONDS -N: only put_get_api, for N pairs)
 * Prints tab-separated lines "<measure>\t<value>\t<unit>":
 *   cond_eval        condition evaluations per second (a parsed condition
 *                    evaluated against a stored-size item)
 *   put_get_api      PutItem+GetItem pairs per second through vtl_ddb_call
 *                    (JSON request in, JSON response out, full validation;
 *                    the GetItem response is checked). A negative SECONDS
 *                    -N runs only this measure, for exactly N pairs.
 *   put_get_core     the same pairs through the table store alone
 *   query_100k       seconds for a Query that pages through 100,000 items of
 *                    one partition (all pages), and its items per second
 *   scan_<n>         nanoseconds per item for full paged scans of n items
 *   get_<n>          nanoseconds per GetItem in a table of n items
 * The last two show that scans cost linear time and lookups logarithmic. */
#include "base/alloc.h"
#include "ddb/ddb_eval.h"
#include "ddb/ddb_parse.h"
#include "ddb/ddb_table.h"
#include "vtl/vtl_ddb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *TABLE =
    "{\"TableName\":\"bench\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
    "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"AttributeDefinitions\":["
    "{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"}]}";

static const char *ITEM = "{\"pk\":{\"S\":\"user#42\"},\"sk\":{\"N\":\"7\"},\"status\":{\"S\":\"active\"},"
                          "\"price\":{\"N\":\"19.99\"},\"tags\":{\"SS\":[\"a\",\"b\",\"c\"]},"
                          "\"profile\":{\"M\":{\"name\":{\"S\":\"Ada\"},\"visits\":{\"N\":\"12\"}}}}";

static void die(const char *what)
{
    fprintf(stderr, "ddb_bench: %s\n", what);
    exit(1);
}

/* ---------------------------------------------------------------- conditions */

static void bench_conditions(double secs)
{
    arena ar;
    arena_init(&ar, 65536);
    ddb_json *names, *values, *item_json;
    char err[160];
    const char *n = "{\"#s\":\"status\"}";
    const char *v = "{\":active\":{\"S\":\"active\"},\":n\":{\"N\":\"2\"},\":lo\":{\"N\":\"10\"},\":hi\":{\"N\":\"20\"}}";
    if (!ddb_json_parse(&ar, n, strlen(n), &names, err, sizeof err) ||
        !ddb_json_parse(&ar, v, strlen(v), &values, err, sizeof err) ||
        !ddb_json_parse(&ar, ITEM, strlen(ITEM), &item_json, err, sizeof err))
        die(err);
    ddb_conv c = {&ar, false, NULL, NULL};
    ddb_value vals, item;
    ddb_item_from_json(&c, values, &vals);
    ddb_item_from_json(&c, item_json, &item);
    ddb_value *stored = ddb_value_dup_heap(&item);
    ddb_exprctx cx = {names, &vals, arena_calloc(&ar, 2), arena_calloc(&ar, 5)};
    const char *expr = "attribute_exists(pk) AND #s = :active AND size(tags) > :n AND price BETWEEN :lo AND :hi";
    ddb_parsed p;
    const char *e = ddb_parse(&ar, DDB_ROLE_CONDITION, expr, strlen(expr), &cx, &p);
    if (e)
        die(e);
    long iters = 0, hits = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 10000; i++)
            hits += ddb_eval_condition(p.cond, stored);
        iters += 10000;
    } while ((t = now() - t0) < secs);
    if (hits != iters)
        die("the benchmark condition should hold");
    printf("cond_eval\t%.0f\tevals/s\n", (double)iters / t);
    xfree(stored);
    arena_free(&ar);
}

/* ---------------------------------------------------------------- put + get */

static vtl_ddb *new_db(void)
{
    vtl_ddb *db = vtl_ddb_new();
    char *err = NULL;
    if (!vtl_ddb_create_tables(db, TABLE, strlen(TABLE), &err))
        die(err);
    return db;
}

static void call_ok(vtl_ddb *db, const char *op, const char *req, size_t len)
{
    vtl_ddb_result *r = vtl_ddb_call(db, op, req, len);
    if (!vtl_ddb_result_ok(r)) {
        fprintf(stderr, "%s: %s\n", op, vtl_ddb_result_error_message(r));
        exit(1);
    }
    vtl_ddb_result_free(r);
}

/* Write v into the width bytes at p as zero-padded decimal digits. */
static void put_digits(char *p, int width, long v)
{
    for (int i = width - 1; i >= 0; i--, v /= 10)
        p[i] = (char)('0' + v % 10);
}

/* One request text with fixed-width digit fields patched in place per pair,
 * so the timed loop formats nothing (snprintf cost ~1.4k instructions per
 * pair, ~10% of the time measured before). */
typedef struct patched {
    char text[256];
    size_t len;
    char *pk, *sk, *n;   /* the digit fields: 5, 1 and 4 digits */
} patched;

/* The digits of one pair, formatted once and copied into the three texts. */
typedef struct pair_digits {
    char pk[5], sk[1], n[4];
} pair_digits;

static void patched_init(patched *p, const char *text)
{
    p->len = strlen(text);
    memcpy(p->text, text, p->len + 1);
    p->pk = strstr(p->text, "u00000") + 1;
    p->sk = strstr(p->text, "\"sk\":{\"N\":\"0") + 11;
    p->n = strstr(p->text, "1000");
}

static void pair_digits_set(pair_digits *d, long pair, int i)
{
    put_digits(d->pk, 5, pair % 50000);
    put_digits(d->sk, 1, pair % 7);
    put_digits(d->n, 4, 1000 + i);
}

static void patched_set(patched *p, const pair_digits *d)
{
    memcpy(p->pk, d->pk, sizeof d->pk);
    memcpy(p->sk, d->sk, sizeof d->sk);
    if (p->n)
        memcpy(p->n, d->n, sizeof d->n);
}

/* Timed per pair: one PutItem of the item (pk "u" + pair % 50000, sk
 * pair % 7: distinct items for the first 350,000 pairs, then replacements),
 * one GetItem of the same key, and a byte comparison of the GetItem
 * response with the item put; each call parses its JSON request, validates
 * it in full and writes its JSON response. Only patching the digits of the
 * three prepared texts happens outside the engine. A negative secs -N runs
 * exactly N pairs (for instruction counts under callgrind). */
static void bench_put_get_api(double secs)
{
    vtl_ddb *db = new_db();
    patched put, get, want;
    patched_init(&put, "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"u00000\"},\"sk\":{\"N\":\"0\"},"
                       "\"status\":{\"S\":\"active\"},\"price\":{\"N\":\"19.99\"},\"n\":{\"N\":\"1000\"}}}");
    patched_init(&get, "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"u00000\"},\"sk\":{\"N\":\"0\"}}}");
    patched_init(&want, "{\"Item\":{\"pk\":{\"S\":\"u00000\"},\"sk\":{\"N\":\"0\"},\"status\":{\"S\":\"active\"},"
                        "\"price\":{\"N\":\"19.99\"},\"n\":{\"N\":\"1000\"}}}");
    long pairs = 0, want_pairs = secs < 0 ? (long)-secs : 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 1000 && (!want_pairs || pairs < want_pairs); i++, pairs++) {
            pair_digits d;
            pair_digits_set(&d, pairs, i);
            patched_set(&put, &d);
            patched_set(&get, &d);
            patched_set(&want, &d);
            call_ok(db, "PutItem", put.text, put.len);
            vtl_ddb_result *r = vtl_ddb_call(db, "GetItem", get.text, get.len);
            const char *resp = vtl_ddb_result_response(r);
            if (!vtl_ddb_result_ok(r) || strlen(resp) != want.len || memcmp(resp, want.text, want.len) != 0)
                die("GetItem did not return the item just put");
            vtl_ddb_result_free(r);
        }
    } while (want_pairs ? pairs < want_pairs : (t = now() - t0) < secs);
    t = now() - t0;
    printf("put_get_api\t%.0f\tpairs/s\n", (double)pairs / t);
    vtl_ddb_free(db);
}

static void bench_put_get_core(double secs)
{
    arena ar;
    arena_init(&ar, 65536);
    ddb_json *def;
    char err[160];
    if (!ddb_json_parse(&ar, TABLE, strlen(TABLE), &def, err, sizeof err))
        die(err);
    ddb_table *t = ddb_table_create(def, err, sizeof err);
    ddb_json *ij;
    ddb_json_parse(&ar, ITEM, strlen(ITEM), &ij, err, sizeof err);
    ddb_conv c = {&ar, false, NULL, NULL};
    ddb_value item;
    ddb_item_from_json(&c, ij, &item);
    ddb_value *sk = ddb_map_get(&item, "sk", 2);
    long pairs = 0;
    double t0 = now(), tt;
    do {
        for (int i = 0; i < 10000; i++, pairs++) {
            sk->u.num = ddb_num_from_u64((uint64_t)(pairs % 100000));
            xfree(ddb_table_put(t, ddb_value_dup_heap(&item)));
            if (!ddb_table_get(t, &item))
                die("stored item not found");
        }
    } while ((tt = now() - t0) < secs);
    printf("put_get_core\t%.0f\tpairs/s\n", (double)pairs / tt);
    ddb_table_free(t);
    arena_free(&ar);
}

/* ---------------------------------------------------------------- bulk reads */

static vtl_ddb *filled(long n, const char *pk_fmt)
{
    vtl_ddb *db = new_db();
    char put[256];
    for (long i = 0; i < n; i++) {
        char pk[64];
        snprintf(pk, sizeof pk, pk_fmt, i);
        int len = snprintf(put, sizeof put, "{\"TableName\":\"bench\",\"Item\":{\"pk\":{\"S\":\"%s\"},\"sk\":{\"N\":\"%ld\"},"
                           "\"v\":{\"N\":\"%ld\"},\"s\":{\"S\":\"item-%ld\"}}}", pk, i, i % 97, i);
        call_ok(db, "PutItem", put, (size_t)len);
    }
    return db;
}

/* Run a Query or Scan over every page; returns the items read. */
static long page_through(vtl_ddb *db, const char *op, const char *fixed)
{
    long total = 0;
    char *start = NULL;
    for (;;) {
        char req[1024];
        int len = snprintf(req, sizeof req, "{%s%s%s}", fixed, start ? ",\"ExclusiveStartKey\":" : "", start ? start : "");
        vtl_ddb_result *r = vtl_ddb_call(db, op, req, (size_t)len);
        if (!vtl_ddb_result_ok(r))
            die(vtl_ddb_result_error_message(r));
        const char *resp = vtl_ddb_result_response(r);
        long scanned = 0;
        const char *sc = strstr(resp, "\"ScannedCount\":");
        if (sc)
            scanned = atol(sc + 15);
        total += scanned;
        free(start);
        start = NULL;
        const char *lek = strstr(resp, "\"LastEvaluatedKey\":");
        if (lek) {
            lek += 19;
            size_t n = strlen(lek) - 1;   /* drop the response's closing brace */
            start = xmemdup0(lek, n);
        }
        vtl_ddb_result_free(r);
        if (!start)
            return total;
    }
}

static void bench_query(void)
{
    vtl_ddb *db = filled(100000, "p");
    const char *q = "\"TableName\":\"bench\",\"KeyConditionExpression\":\"pk = :p\","
                    "\"FilterExpression\":\"v = :z\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p\"},\":z\":{\"N\":\"0\"}}";
    double t0 = now();
    long n = page_through(db, "Query", q);
    double t = now() - t0;
    if (n != 100000)
        die("the query should read 100000 items");
    printf("query_100k\t%.4f\tseconds\t%.0f\titems/s\n", t, (double)n / t);
    vtl_ddb_free(db);
}

static void bench_scaling(void)
{
    for (long n = 12500; n <= 100000; n *= 2) {
        vtl_ddb *db = filled(n, "h%ld");
        double t0 = now();
        long read = page_through(db, "Scan", "\"TableName\":\"bench\",\"Select\":\"COUNT\"");
        double scan = now() - t0;
        if (read != n)
            die("the scan should read every item");
        char get[256];
        long gets = 200000;
        t0 = now();
        for (long i = 0; i < gets; i++) {
            long k = (i * 7919) % n;
            int len = snprintf(get, sizeof get, "{\"TableName\":\"bench\",\"Key\":{\"pk\":{\"S\":\"h%ld\"},\"sk\":{\"N\":\"%ld\"}}}",
                               k, k);
            call_ok(db, "GetItem", get, (size_t)len);
        }
        double g = now() - t0;
        printf("scan_%ld\t%.1f\tns/item\n", n, scan * 1e9 / (double)n);
        printf("get_%ld\t%.1f\tns/get\n", n, g * 1e9 / (double)gets);
        vtl_ddb_free(db);
    }
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 1.0;
    if (secs < 0) {   /* -N: only N put/get pairs, for callgrind */
        bench_put_get_api(secs);
        return 0;
    }
    if (secs == 0)
        secs = 1.0;
    bench_conditions(secs);
    bench_put_get_api(secs);
    bench_put_get_core(secs);
    bench_query();
    bench_scaling();
    return 0;
}
