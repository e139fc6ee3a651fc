/* resolve: unit and pipeline execution over vtl_evaluate and the data sources. */
#include "resolver/resolve.h"
#include "resolver/appsync_json.h"
#include "base/alloc.h"
#include "vval/vval_json.h"
#include <stdlib.h>
#include <string.h>

typedef struct run {
    arena *ar;
    const rs_resolver *r;
    const rs_options *o;
    ddb_bridge *ddb;
    vval base;                /* ctx.json as given */
    vval stash, args;         /* carried from template to template */
    vval errors;              /* GraphQL errors */
    vval steps;               /* --json trace */
    vval invocations;
} run;

/* Outcome of rendering one template. */
typedef enum { T_RENDERED, T_RETURNED, T_FAILED } tstatus;

typedef struct tresult {
    tstatus status;
    vval value;               /* parsed output (RENDERED) or #return value (RETURNED) */
    vval text;                /* the rendered text, or null */
} tresult;

static vval str(run *x, const char *s)
{
    return vval_cstr(x->ar, s);
}

/* A GraphQL error entry. */
static void add_error(run *x, vval message, vval type, vval data, vval info)
{
    vval e = vval_map_new(x->ar);
    vval path = vval_list_new(x->ar, 1);
    vlist_push(path.u.l, str(x, x->r->field_name));
    vmap_put_str(e.u.m, "path", path);
    vmap_put_str(e.u.m, "data", data);
    vmap_put_str(e.u.m, "errorType", type);
    vmap_put_str(e.u.m, "errorInfo", info);
    vmap_put_str(e.u.m, "locations", vval_list_new(x->ar, 0));
    vmap_put_str(e.u.m, "message", message);
    vlist_push(x->errors.u.l, e);
}

static void mapping_error(run *x, const char *msg)
{
    add_error(x, str(x, msg), str(x, "MappingTemplate"), vval_null(), vval_null());
}

static vval step_record(run *x, const char *phase, const char *fn, const char *tpl_name)
{
    vval s = vval_map_new(x->ar);
    vmap_put_str(s.u.m, "step", str(x, phase));
    if (fn)
        vmap_put_str(s.u.m, "function", str(x, fn));
    if (tpl_name)
        vmap_put_str(s.u.m, "template", str(x, tpl_name));
    if (x->o->steps)
        vlist_push(x->steps.u.l, s);
    return s;
}

/* The $ctx for one template: the base context with the current stash and
 * args, plus result / error / prev as the phase provides. */
static char *context_json(run *x, vval result, vval error, vval prev, bool has_prev)
{
    vval c = vval_map_new(x->ar);
    const vmap *b = x->base.u.m;
    for (size_t i = 0; i < b->len; i++)
        if (b->entries[i].live)
            vmap_put(c.u.m, b->entries[i].key, b->entries[i].value, NULL);
    vmap_put_str(c.u.m, "arguments", x->args);
    vmap_remove(c.u.m, str(x, "args"), NULL);
    vmap_put_str(c.u.m, "stash", x->stash);
    vmap_put_str(c.u.m, "result", result);
    vmap_remove(c.u.m, str(x, "error"), NULL);
    vmap_remove(c.u.m, str(x, "prev"), NULL);
    if (!vval_is_null(error))
        vmap_put_str(c.u.m, "error", error);
    if (has_prev) {
        vval p = vval_map_new(x->ar);
        vmap_put_str(p.u.m, "result", prev);
        vmap_put_str(c.u.m, "prev", p);
    }
    strbuf sb = STRBUF_INIT;
    vjson_write(&sb, c);
    return strbuf_take(&sb);
}

/* Turn the template's recorded errors into GraphQL errors; true if one aborted. */
static bool collect_errors(run *x, vval errs, const char *tpl_name)
{
    bool aborted = false;
    for (size_t i = 0; errs.kind == VVAL_LIST && i < errs.u.l->len; i++) {
        vval e = errs.u.l->items[i];
        const char *kind = reqdoc_str(e, "kind", "");
        if (!strcmp(kind, "parse") || !strcmp(kind, "runtime")) {
            strbuf m = STRBUF_INIT;
            vval loc = reqdoc_get(e, "location");
            strbuf_printf(&m, "%s", reqdoc_str(e, "message", ""));
            if (loc.kind == VVAL_MAP)
                strbuf_printf(&m, " at %s[line %d, column %d]", tpl_name,
                              (int)reqdoc_get(loc, "line").u.i, (int)reqdoc_get(loc, "column").u.i);
            mapping_error(x, strbuf_cstr(&m));
            strbuf_free(&m);
            aborted = true;
            continue;
        }
        add_error(x, reqdoc_get(e, "message"), reqdoc_get(e, "errorType"), reqdoc_get(e, "data"),
                  reqdoc_get(e, "errorInfo"));
        if (strcmp(kind, "appendError"))
            aborted = true;
    }
    return aborted;
}

/* Render a template; parse its output as JSON (AppSync's rules). */
static tresult render(run *x, const vtl_template *t, const char *tpl_name, bool response, vval result,
                      vval error, vval prev, bool has_prev, vval step)
{
    tresult tr = {T_FAILED, vval_null(), vval_null()};
    char *ctx = context_json(x, result, error, prev, has_prev);
    vtl_result *vr = vtl_evaluate(t, "ctx", ctx, strlen(ctx), &x->o->eval);
    free(ctx);
    char *js = vtl_result_json(vr, VTL_FORMAT_CONFORMANCE);
    vval res;
    vjson_parse(x->ar, js, strlen(js), NULL, &res, NULL);
    free(js);
    x->stash = reqdoc_get(res, "stash");
    x->args = reqdoc_get(res, "args");
    tr.text = reqdoc_get(res, "output");
    vmap_put_str(step.u.m, "output", tr.text);
    bool aborted = collect_errors(x, reqdoc_get(res, "errors"), tpl_name);
    bool returned = reqdoc_get(res, "isReturn").kind == VVAL_BOOL && reqdoc_get(res, "isReturn").u.b;
    if (!aborted && returned) {
        tr.status = T_RETURNED;
        if (tr.text.kind == VVAL_STRING)
            vjson_parse(x->ar, tr.text.u.s->data, tr.text.u.s->len, NULL, &tr.value, NULL);
    } else if (!aborted) {
        strbuf msg = STRBUF_INIT;
        size_t at;
        const char *s = tr.text.kind == VVAL_STRING ? tr.text.u.s->data : "";
        size_t n = tr.text.kind == VVAL_STRING ? tr.text.u.s->len : 0;
        if (appsync_json_read(x->ar, s, n, response, &tr.value, &msg, &at)) {
            tr.status = T_RENDERED;
        } else {
            int line, col;
            if (vtl_result_origin(vr, at, &line, &col))
                strbuf_printf(&msg, " (%s:%d:%d)", tpl_name, line, col);
            mapping_error(x, strbuf_cstr(&msg));
        }
        strbuf_free(&msg);
    }
    vmap_put_str(step.u.m, "stash", x->stash);
    vtl_result_free(vr);
    return tr;
}

/* ================================================================ one step */

typedef struct step_out {
    bool stop;                /* the resolver ends here (error or #return at the top) */
    bool returned;            /* the request template used #return */
    vval value;
} step_out;

/* request template -> document -> data source -> response template */
static step_out data_step(run *x, const rs_step *s, const char *fn, vval prev, bool has_prev)
{
    step_out so = {true, false, vval_null()};
    vval rs = step_record(x, "request", fn, s->request_name);
    if (!s->request) {
        mapping_error(x, "The resolver has no request mapping template.");
        return so;
    }
    tresult req = render(x, s->request, s->request_name, false, vval_null(), vval_null(), prev, has_prev, rs);
    if (req.status == T_FAILED)
        return so;
    if (req.status == T_RETURNED) {
        so.stop = false;
        so.returned = true;
        so.value = req.value;
        return so;
    }
    vmap_put_str(rs.u.m, "document", req.value);
    strbuf msg = STRBUF_INIT;
    if (!reqdoc_check(s->ds->kind, req.value, s->function_version, &msg)) {
        mapping_error(x, strbuf_cstr(&msg));
        strbuf_free(&msg);
        return so;
    }
    strbuf_free(&msg);
    const char *version = reqdoc_version(req.value, s->function_version);
    ds_call call;
    ds_invoke(x->ar, s->ds, req.value, version, x->invocations, s->sync_config, x->ddb, x->o->eval.now_ms, &call);
    vval ds = step_record(x, "datasource", fn, NULL);
    vmap_put_str(ds.u.m, "dataSource", str(x, s->ds->name));
    vmap_put_str(ds.u.m, "engineRequest", call.engine_request);
    vmap_put_str(ds.u.m, "engineResponse", call.engine_response);
    vmap_put_str(ds.u.m, "result", call.result);
    vmap_put_str(ds.u.m, "error", call.error);
    bool v2017 = !strcmp(version, "2017-02-28");
    if (v2017 && vval_is_null(call.result) && vval_is_null(call.error)) {
        so.stop = false;  /* 2017-02-28: a null result skips the response template */
        return so;
    }
    if (!s->response) {
        so.stop = false;
        so.value = call.result;
        return so;
    }
    vval rr = step_record(x, "response", fn, s->response_name);
    tresult res = render(x, s->response, s->response_name, true, call.result, call.error, prev, has_prev, rr);
    if (v2017 && !vval_is_null(call.error)) {
        /* 2017-02-28 raises the data-source error itself, with the response output as data */
        add_error(x, reqdoc_get(call.error, "message"), reqdoc_get(call.error, "type"),
                  res.status == T_FAILED ? vval_null() : res.value, vval_null());
        return so;
    }
    if (res.status == T_FAILED)
        return so;
    so.stop = false;
    so.value = res.value;
    return so;
}

/* A pipeline's before/after template: rendered, parsed, no data source. */
static step_out plain_step(run *x, const vtl_template *t, const char *name, const char *phase, vval result,
                           vval prev, bool has_prev)
{
    step_out so = {true, false, vval_null()};
    vval st = step_record(x, phase, NULL, name);
    if (!t) {
        so.stop = false;
        so.value = prev;
        return so;
    }
    tresult tr = render(x, t, name, !strcmp(phase, "after"), result, vval_null(), prev, has_prev, st);
    if (tr.status == T_FAILED)
        return so;
    so.stop = tr.status == T_RETURNED;   /* #return in before/after returns from the resolver */
    so.returned = tr.status == T_RETURNED;
    so.value = tr.value;
    return so;
}

static vval run_pipeline(run *x)
{
    const rs_resolver *r = x->r;
    step_out so = plain_step(x, r->unit.request, r->unit.request_name, "before", vval_null(), vval_null(), false);
    if (so.stop)
        return so.value;
    vval prev = so.value;
    for (size_t i = 0; i < r->nfunctions; i++) {
        so = data_step(x, &r->functions[i], r->functions[i].name, prev, true);
        if (so.stop)
            return vval_null();  /* $util.error and mapping errors stop the whole pipeline */
        prev = so.value;
    }
    so = plain_step(x, r->unit.response, r->unit.response_name, "after", prev, prev, true);
    return so.value;
}

/* ================================================================ entry */

char *rs_run(const rs_resolver *r, ddb_bridge *ddb, const char *ctx_name, const char *ctx, size_t ctx_len,
             const rs_options *o, bool *failed)
{
    arena ar;
    arena_init(&ar, 16 * 1024);
    run x = {&ar, r, o, ddb, vval_null(), vval_null(), vval_null(), vval_null(), vval_null(), vval_null()};
    *failed = false;
    vjson_error je;
    strbuf out = STRBUF_INIT;
    if (ctx && !vjson_parse(&ar, ctx, ctx_len, NULL, &x.base, &je)) {
        strbuf_printf(&out, "%s:%d:%d: error: %s\n", ctx_name, je.line, je.col, je.msg);
        *failed = true;
    } else if (ctx && x.base.kind != VVAL_MAP) {
        strbuf_printf(&out, "%s: error: the context must be a JSON object\n", ctx_name);
        *failed = true;
    }
    if (*failed) {
        arena_free(&ar);
        return strbuf_take(&out);
    }
    if (!ctx)
        x.base = vval_map_new(&ar);
    x.errors = vval_list_new(&ar, 0);
    x.steps = vval_list_new(&ar, 0);
    x.stash = reqdoc_get(x.base, "stash").kind == VVAL_MAP ? reqdoc_get(x.base, "stash") : vval_map_new(&ar);
    x.args = reqdoc_get(x.base, "arguments");
    if (x.args.kind != VVAL_MAP)
        x.args = reqdoc_get(x.base, "args").kind == VVAL_MAP ? reqdoc_get(x.base, "args") : vval_map_new(&ar);
    x.invocations = reqdoc_get(x.base, "invocations");
    if (reqdoc_get(x.base, "info").kind != VVAL_MAP) {
        vval info = vval_map_new(&ar);
        vmap_put_str(info.u.m, "fieldName", str(&x, r->field_name));
        vmap_put_str(info.u.m, "parentTypeName", str(&x, r->type_name));
        vmap_put_str(x.base.u.m, "info", info);
    }
    vval value = r->pipeline ? run_pipeline(&x) : data_step(&x, &r->unit, NULL, vval_null(), false).value;
    vval result = vval_map_new(&ar), data = vval_map_new(&ar);
    vmap_put_str(data.u.m, r->field_name, value);
    vmap_put_str(result.u.m, "data", data);
    if (x.errors.u.l->len)
        vmap_put_str(result.u.m, "errors", x.errors);
    if (o->steps) {
        vmap_put_str(result.u.m, "steps", x.steps);
        vmap_put_str(result.u.m, "stash", x.stash);
    }
    vjson_write_pretty(&out, result, 2);
    strbuf_putc(&out, '\n');
    arena_free(&ar);
    return strbuf_take(&out);
}
