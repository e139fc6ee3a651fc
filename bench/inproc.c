/* inproc: in-process throughput of libvtl on case folders, for bench/run.
 *   inproc [--ctx-text | --parse-only | --eval-only] SECONDS CASE_DIR...
 *                  (a negative SECONDS -N runs N evaluations per case instead,
 *                   for instruction counts under callgrind)
 *   inproc --resolve SECONDS RESOLVER CTX      whole resolver round trips
 *                                               (request -> engine -> response)
 * Prints "<case>\t<rate> eval/s" per case and the geometric mean. By default
 * every evaluation parses the template and builds $ctx from the case's
 * context, which is parsed from JSON once before timing: the same work the
 * simulator's benchmark (bench-sim.js) measures, which JSON.parses ctx.json
 * once and renders from that object. --ctx-text parses the context's JSON
 * text on every evaluation as well. */
#include "vtl/vtl.h"
#include "base/fileio.h"
#include "resolver/resolve.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The whole file (NUL-terminated), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    size_t n;
    char *text = file_read(path, (size_t)64 << 20, &n);
    if (text && len)
        *len = n;
    return text;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Round trips of a resolver on one engine: each one loads the resolver file
 * (parsing its templates, as a fresh request would), renders, runs the
 * document on the tables and renders the response. */
static int resolve_bench(double secs, const char *resolver, const char *ctx_path)
{
    size_t cl = 0;
    char *ctx = slurp(ctx_path, &cl);
    strbuf err = STRBUF_INIT;
    ddb_bridge *ddb = ddb_bridge_open(NULL, &err);
    rs_options ro;
    vtl_options_init(&ro.eval);
    ro.eval.now_ms = 1704164645678LL;
    ro.eval.ids = VTL_IDS_COUNTER;
    ro.steps = false;
    for (int once = 0; once < 2; once++) {
        rs_resolver *loaded = once ? rs_load(resolver, &err) : NULL;
        long n = 0;
        double t0 = now(), t = t0;
        while (t - t0 < secs) {
            for (int k = 0; k < 20; k++) {
                rs_resolver *r = once ? loaded : rs_load(resolver, &err);
                if (!r || !ddb_bridge_ensure_tables(ddb, r->tables, &err)) {
                    fprintf(stderr, "inproc: %s\n", strbuf_cstr(&err));
                    return 1;
                }
                bool failed;
                free(rs_run(r, ddb, "ctx", ctx, cl, &ro, &failed));
                if (!once)
                    rs_free(r);
            }
            n += 20;
            t = now();
        }
        printf("%s\t%.0f eval/s\n", once ? "round-trip (resolver loaded once)"
                                          : "round-trip (resolver file loaded and templates parsed each time)",
               (double)n / (t - t0));
        rs_free(loaded);
    }
    ddb_bridge_close(ddb);
    strbuf_free(&err);
    free(ctx);
    return 0;
}

/* BATCH evaluations of one case in the given mode (see main). */
enum { BATCH = 50 };
static void batch(int mode, const vtl_template *pre, const char *tpl, size_t tl, const vtl_context *cx,
                  const char *ctx, size_t cl, const vtl_options *o)
{
    for (int k = 0; k < BATCH; k++) {
        if (mode == 2) {
            vtl_result_free(vtl_evaluate_context(pre, cx, o));
        } else {
            vtl_template *tt = vtl_parse("template.vtl", tpl, tl);
            if (mode == 0)
                vtl_result_free(vtl_evaluate_context(tt, cx, o));
            else if (mode == 3)
                vtl_result_free(vtl_evaluate(tt, "ctx.json", ctx, cl, o));
            vtl_template_free(tt);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "--resolve"))
        return resolve_bench(atof(argv[2]), argv[3], argv[4]);
    int mode = 0, i = 1;
    if (i < argc && !strcmp(argv[i], "--parse-only")) { mode = 1; i++; }
    else if (i < argc && !strcmp(argv[i], "--eval-only")) { mode = 2; i++; }
    else if (i < argc && !strcmp(argv[i], "--ctx-text")) { mode = 3; i++; }
    if (i >= argc) {
        fprintf(stderr, "usage: inproc [--ctx-text|--parse-only|--eval-only] SECONDS CASE_DIR...\n");
        return 2;
    }
    double secs = atof(argv[i++]), logsum = 0;
    int ncases = 0;
    vtl_options o;
    vtl_options_init(&o);
    o.now_ms = 1704164645678LL;
    o.ids = VTL_IDS_COUNTER;
    for (; i < argc; i++) {
        char path[4096];
        size_t tl, cl = 0;
        snprintf(path, sizeof path, "%s/template.vtl", argv[i]);
        char *tpl = slurp(path, &tl);
        snprintf(path, sizeof path, "%s/ctx.json", argv[i]);
        char *ctx = slurp(path, &cl);
        if (!tpl)
            continue;
        vtl_template *pre = vtl_parse("template.vtl", tpl, tl);
        vtl_context *cx = vtl_context_parse("ctx.json", ctx, cl, NULL);
        if (!cx) {
            fprintf(stderr, "inproc: %s: malformed ctx.json\n", argv[i]);
            return 1;
        }
        long n = 0, want = secs < 0 ? (long)-secs : 0;
        if (!want)   /* untimed, as bench-sim.js warms the reference; not for a fixed count (callgrind) */
            batch(mode, pre, tpl, tl, cx, ctx, cl, &o);
        double t0 = now(), t = t0;
        while (want ? n < want : t - t0 < secs) {
            batch(mode, pre, tpl, tl, cx, ctx, cl, &o);
            n += BATCH;
            t = now();
        }
        double rate = (double)n / (t - t0);
        const char *name = strrchr(argv[i], '/');
        printf("%s\t%.0f eval/s\n", name ? name + 1 : argv[i], rate);
        logsum += log(rate);
        ncases++;
        vtl_template_free(pre);
        vtl_context_free(cx);
        free(tpl);
        free(ctx);
    }
    if (ncases)
        printf("geomean\t%.0f eval/s\n", exp(logsum / ncases));
    vtl_cleanup();
    return 0;
}
