/* inproc: in-process throughput of libvtl on case folders, for bench/run.
 *   inproc [--parse-only | --eval-only] SECONDS CASE_DIR...
 * Prints "<case>\t<rate> eval/s" per case and the geometric mean. By default
 * every evaluation parses the template and builds the context, as a fresh
 * request would (the same work the simulator's benchmark measures). */
#include "vtl/vtl.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int mode = 0, i = 1;
    if (i < argc && !strcmp(argv[i], "--parse-only")) { mode = 1; i++; }
    else if (i < argc && !strcmp(argv[i], "--eval-only")) { mode = 2; i++; }
    if (i >= argc) {
        fprintf(stderr, "usage: inproc [--parse-only|--eval-only] SECONDS CASE_DIR...\n");
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
        long n = 0;
        double t0 = now(), t = t0;
        while (t - t0 < secs) {
            for (int k = 0; k < 50; k++) {
                if (mode == 2) {
                    vtl_result_free(vtl_evaluate(pre, "ctx.json", ctx, cl, &o));
                } else {
                    vtl_template *tt = vtl_parse("template.vtl", tpl, tl);
                    if (mode == 0)
                        vtl_result_free(vtl_evaluate(tt, "ctx.json", ctx, cl, &o));
                    vtl_template_free(tt);
                }
            }
            n += 50;
            t = now();
        }
        double rate = (double)n / (t - t0);
        const char *name = strrchr(argv[i], '/');
        printf("%s\t%.0f eval/s\n", name ? name + 1 : argv[i], rate);
        logsum += log(rate);
        ncases++;
        vtl_template_free(pre);
        free(tpl);
        free(ctx);
    }
    if (ncases)
        printf("geomean\t%.0f eval/s\n", exp(logsum / ncases));
    vtl_cleanup();
    return 0;
}
