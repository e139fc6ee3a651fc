/* resolve_cmd: the resolver round trip from the command line. The result is
 * GraphQL-shaped ({"data", "errors"}); --json adds every step. The state file
 * is replaced atomically, and only when the run completed. */
#include "cli/resolve_cmd.h"
#include "resolver/resolve.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cli_read_file(const char *path, size_t *len);

static int finish(rs_resolver *r, const cli_opts *o, const char *state, const char *ctx, size_t clen)
{
    strbuf err = STRBUF_INIT;
    ddb_bridge *ddb = ddb_bridge_open(state, &err);
    if (!ddb || !ddb_bridge_ensure_tables(ddb, r->tables, &err)) {
        fprintf(stderr, "vtl-eval: %s\n", strbuf_cstr(&err));
        strbuf_free(&err);
        ddb_bridge_close(ddb);
        return EXIT_USAGE;
    }
    rs_options ro = {o->eval, o->json};
    bool failed;
    char *out = rs_run(r, ddb, o->ctx_path ? o->ctx_path : "ctx", ctx, clen, &ro, &failed);
    int rc = EXIT_RENDERED;
    if (failed) {
        fputs(out, stderr);
        rc = EXIT_USAGE;
    } else {
        fputs(out, stdout);
        if (strstr(out, "\n  \"errors\": ["))
            rc = EXIT_EVAL_ERROR;
        if (!ddb_bridge_save(ddb, &err)) {
            fprintf(stderr, "vtl-eval: %s\n", strbuf_cstr(&err));
            rc = EXIT_USAGE;
        }
    }
    free(out);
    strbuf_free(&err);
    ddb_bridge_close(ddb);
    return rc;
}

int cli_resolve_main(int argc, char **argv)
{
    cli_opts o;
    /* reuse the common option parser: the resolver file takes the template's place */
    if (!cli_parse_opts(&o, argc, argv))
        return EXIT_USAGE;
    if (o.help || !o.template_path) {
        fputs("usage: vtl-eval resolve RESOLVER.json|yaml --ctx CTX.json [--state DB.json] [--json]\n", o.help ? stdout : stderr);
        return o.help ? EXIT_RENDERED : EXIT_USAGE;
    }
    strbuf err = STRBUF_INIT;
    rs_resolver *r = rs_load(o.template_path, &err);
    if (!r) {
        fprintf(stderr, "%s\n", strbuf_cstr(&err));
        strbuf_free(&err);
        return EXIT_USAGE;
    }
    strbuf_free(&err);
    size_t clen = 0;
    char *ctx = NULL;
    if (o.ctx_path && !(ctx = cli_read_file(o.ctx_path, &clen))) {
        rs_free(r);
        return EXIT_USAGE;
    }
    int rc = finish(r, &o, o.state_path, ctx, clen);
    free(ctx);
    rs_free(r);
    return rc;
}

int cli_execute(const cli_opts *o, const char *req, size_t req_len, const char *ctx, size_t ctx_len)
{
    size_t res_len = 0;
    char *res = NULL;
    if (o->response_path && !(res = cli_read_file(o->response_path, &res_len)))
        return EXIT_USAGE;
    strbuf err = STRBUF_INIT;
    rs_resolver *r = rs_unit_on_table(o->template_path, req, req_len, o->response_path, res, res_len,
                                      o->execute_table, &err);
    strbuf_free(&err);
    int rc = finish(r, o, o->state_path, ctx, ctx_len);
    free(res);
    rs_free(r);
    return rc;
}
