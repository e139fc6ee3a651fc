/* main: vtl-eval's entry point. Reads the files, calls libvtl, prints, and
 * turns the outcome into an exit code. */
#include "base/fileio.h"
#include "cli/ddb_cmd.h"
#include "cli/opts.h"
#include "cli/resolve_cmd.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_FILE (256u * 1024 * 1024)

/* Read a whole file; NULL with a message on failure (shared with the subcommands). */
char *cli_read_file(const char *path, size_t *len)
{
    char *text = file_read(path, MAX_FILE, len);
    if (!text)
        fprintf(stderr, "vtl-eval: cannot %s %s: %s\n", errno == ENOENT || errno == EACCES ? "open" : "read",
                path, errno == EFBIG ? "larger than 256 MiB" : strerror(errno));
    return text;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int exit_code(vtl_status st)
{
    switch (st) {
    case VTL_OK:
    case VTL_RETURNED: return EXIT_RENDERED;
    case VTL_PARSE_ERROR: return EXIT_PARSE;
    case VTL_CTX_ERROR: return EXIT_USAGE;
    default: return EXIT_EVAL_ERROR;
    }
}

static int print_builtins(void)
{
    char *list = vtl_builtins();
    fputs(list, stdout);
    free(list);
    return EXIT_RENDERED;
}

static void report(const cli_opts *o, vtl_result *r)
{
    if (o->json) {
        char *js = vtl_result_json(r, o->format);
        fputs(js, stdout);
        free(js);
    } else {
        size_t len;
        const char *out = vtl_result_output(r, &len);
        if (out)
            fwrite(out, 1, len, stdout);
    }
    const char *d = vtl_result_diagnostics(r);
    if (d)
        fputs(d, stderr);
}

static int run(const cli_opts *o, const char *src, size_t slen, const char *ctx, size_t clen)
{
    if (slen > o->max_template) {
        fprintf(stderr, "%s: error: the template is %zu bytes; AppSync's limit is %zu "
                "(raise it with --max-template)\n", o->template_path, slen, o->max_template);
        return EXIT_PARSE;
    }
    vtl_template *t = vtl_parse(o->template_path, src, slen);
    if (o->dump_ast) {
        int rc = EXIT_RENDERED;
        if (vtl_template_ok(t)) {
            char *dump = vtl_template_dump(t);
            fputs(dump, stdout);
            free(dump);
        } else {
            char *errs = vtl_template_render_errors(t);
            fputs(errs, stderr);
            free(errs);
            rc = EXIT_PARSE;
        }
        vtl_template_free(t);
        return rc;
    }
    double start = now_seconds();
    for (long i = 1; i < o->repeat; i++) {
        /* Each repetition parses and builds the context, as a fresh request would. */
        vtl_template *tt = vtl_parse(o->template_path, src, slen);
        vtl_result_free(vtl_evaluate(tt, o->ctx_path, ctx, clen, &o->eval));
        vtl_template_free(tt);
    }
    vtl_result *r = vtl_evaluate(t, o->ctx_path, ctx, clen, &o->eval);
    if (o->repeat > 1) {
        double secs = now_seconds() - start;
        fprintf(stderr, "vtl-eval: %ld evaluations in %.3f s: %.0f evaluations/s\n", o->repeat, secs,
                (double)o->repeat / (secs > 0 ? secs : 1e-9));
    }
    report(o, r);
    int rc = exit_code(vtl_result_status(r));
    vtl_result_free(r);
    vtl_template_free(t);
    return rc;
}

/* Release the process-wide caches (regexes, arena blocks) so leak checkers
 * see nothing left. */
static int finish(int rc)
{
    vtl_cleanup();
    return rc;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "ddb") == 0)
        return finish(cli_ddb_main(argc - 1, argv + 1));
    if (argc > 1 && strcmp(argv[1], "resolve") == 0)
        return finish(cli_resolve_main(argc - 1, argv + 1));
    cli_opts o;
    if (!cli_parse_opts(&o, argc, argv))
        return EXIT_USAGE;
    if (o.help) {
        cli_usage(stdout);
        return EXIT_RENDERED;
    }
    if (o.version) {
        printf("vtl-eval %s (AppSync VTL, Velocity 1.7 semantics)\n", VTL_VERSION);
        return EXIT_RENDERED;
    }
    if (o.list_builtins)
        return print_builtins();
    size_t slen, clen = 0;
    char *src = cli_read_file(o.template_path, &slen);
    if (!src)
        return EXIT_USAGE;
    char *ctx = NULL;
    if (o.ctx_path && !(ctx = cli_read_file(o.ctx_path, &clen))) {
        free(src);
        return EXIT_USAGE;
    }
    int rc = o.execute_table ? cli_execute(&o, src, slen, ctx, clen) : run(&o, src, slen, ctx, clen);
    free(src);
    free(ctx);
    return finish(rc);
}
