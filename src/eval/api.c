/* api: the public vtl_* entry points: parse, evaluate, report. */
#include "vtl/vtl.h"
#include "base/alloc.h"
#include "base/diag.h"
#include "base/jregex.h"
#include "eval/eval.h"
#include "util/util.h"
#include "vtl/ast_dump.h"
#include "vtl/parse.h"
#include "eval/api.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

struct vtl_template {
    char *name;
    char *src;              /* NUL-terminated copy */
    size_t len;
    arena ar;               /* AST, symbols, processed text */
    symtab syms;
    ast_node *root;
    diag *diags;
    size_t ndiags;
    srcmap map;             /* built on first use: only messages need it */
    bool has_map;
};

/* The template's line map, built the first time a position is rendered. */
static const srcmap *template_map(const vtl_template *t)
{
    vtl_template *m = (vtl_template *)t;  /* a cache: logically const */
    if (!m->has_map) {
        srcmap_init(&m->map, m->src, m->len);
        m->has_map = true;
    }
    return &m->map;
}

struct vtl_result {
    vtl_status status;
    arena ar;               /* every value of the evaluation */
    char *output;           /* heap, or NULL */
    size_t output_len;
    bool is_return;
    ev_error *errors;
    size_t nerrors;
    const vtl_template *tpl;  /* for locations in messages */
    ev_origin *origins;       /* output byte runs -> template offsets */
    size_t norigins;
    vval stash, args, logs;
    vval headers;           /* $util.http response headers (Map), or null */
    char *diagnostics;      /* rendered messages, or NULL */
};

/* ================================================================ templates */

/* Every template's symbols start with the built-in names in fixed slots
 * (SLOT_CTX ...). They are interned once per process into this prototype,
 * which each parse copies. */
static symtab builtin_syms;
static once_flag builtin_once = ONCE_FLAG_INIT;

static void intern_builtins(void)
{
    static const char *const builtin[] = {"ctx", "context", "util", "utils", "foreach", "velocityCount",
                                          "velocityHasNext", "extensions"};
    static char *names[32];
    static size_t lens[32];
    static int32_t index[64];
    builtin_syms = (symtab){names, lens, 0, 32, index, 64};
    memset(index, 0xff, sizeof index);
    for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++)   /* static names: no arena needed */
        symtab_intern_static(&builtin_syms, NULL, builtin[i], strlen(builtin[i]));
}

static vtl_template *parse_with(const char *name, const char *src, size_t len, bool grammar_only)
{
    vtl_template *t = arena_new_self(sizeof *t, offsetof(vtl_template, ar), 8 * 1024);
    name = name ? name : "template";
    t->name = arena_strndup(&t->ar, name, strlen(name));
    t->src = arena_strndup(&t->ar, src, len);
    t->len = len;
    call_once(&builtin_once, intern_builtins);
    symtab_copy(&t->syms, &t->ar, &builtin_syms);
    vtl_parser p;
    memset(&p, 0, sizeof p);
    p.ar = &t->ar;
    p.syms = &t->syms;
    p.grammar_only = grammar_only;
    t->root = parse_template(&p, t->src, len, 0);
    t->diags = p.diags;
    t->ndiags = p.ndiags;
    return t;
}

vtl_template *vtl_parse(const char *name, const char *src, size_t len)
{
    return parse_with(name, src, len, false);
}

vtl_template *vtl_parse_grammar_only(const char *name, const char *src, size_t len)
{
    return parse_with(name, src, len, true);
}

bool vtl_template_ok(const vtl_template *t)
{
    return t->root != NULL && t->ndiags == 0;
}

size_t vtl_template_error_count(const vtl_template *t)
{
    return t->ndiags;
}

const char *vtl_template_error(const vtl_template *t, size_t i, int *line, int *col)
{
    if (i >= t->ndiags)
        return NULL;
    srcmap_locate(template_map(t), t->diags[i].span.start, line, col);
    return t->diags[i].msg;
}

char *vtl_template_render_errors(const vtl_template *t)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < t->ndiags; i++)
        diag_render(&sb, t->name, template_map(t), &t->diags[i]);
    return strbuf_take(&sb);
}

char *vtl_template_dump(const vtl_template *t)
{
    strbuf sb = STRBUF_INIT;
    ast_dump(&sb, t->root, template_map(t), 0);
    return strbuf_take(&sb);
}

void vtl_template_free(vtl_template *t)
{
    if (!t)
        return;
    if (t->has_map)
        srcmap_free(&t->map);
    xfree(t->diags);
    arena_free_self(&t->ar);   /* t itself lives in its arena */
}

/* ================================================================ evaluation */

void vtl_options_init(vtl_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_foreach = 1000;
    o->max_output = 5 * 1024 * 1024;
    o->max_depth = 1000;
}

static int64_t system_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A malformed context as `name:line:col: error: msg` with the JSON line. */
static char *ctx_error_text(const char *ctx_name, const char *json, size_t len, const vjson_error *e,
                            const char *msg)
{
    strbuf sb = STRBUF_INIT;
    srcmap m;
    srcmap_init(&m, json, len);
    diag d;
    memset(&d, 0, sizeof d);
    d.severity = DIAG_ERROR;
    d.has_span = e != NULL;
    if (e)
        d.span.start = d.span.end = e->offset;
    snprintf(d.msg, sizeof d.msg, "%s", msg);
    diag_render(&sb, ctx_name ? ctx_name : "ctx", &m, &d);
    srcmap_free(&m);
    return strbuf_take(&sb);
}

/* Read the context JSON (an object) into ar; NULL text is the empty object.
 * On failure *diagnostics gets the message (caller frees). */
static bool read_ctx(arena *ar, const char *ctx_name, const char *json, size_t len, vval *out,
                     char **diagnostics)
{
    *out = vval_map_new(ar);
    if (!json)
        return true;
    vjson_error err;
    vjson_opts jo = {false, false, false, 256};
    if (!vjson_parse(ar, json, len, &jo, out, &err)) {
        *diagnostics = ctx_error_text(ctx_name, json, len, &err, err.msg);
        return false;
    }
    if (out->kind != VVAL_MAP) {
        *diagnostics = ctx_error_text(ctx_name, json, len, NULL, "the context must be a JSON object");
        return false;
    }
    return true;
}

/* Parse errors become result errors of kind "parse". */
static void parse_failure(vtl_result *r, const vtl_template *t)
{
    r->status = VTL_PARSE_ERROR;
    r->nerrors = t->ndiags;
    r->errors = arena_calloc(&r->ar, (t->ndiags ? t->ndiags : 1) * sizeof *r->errors);
    for (size_t i = 0; i < t->ndiags; i++) {
        r->errors[i].kind = EVE_PARSE;
        r->errors[i].message = vval_cstr(&r->ar, t->diags[i].msg);
        r->errors[i].span = t->diags[i].span;
        r->errors[i].has_span = true;
    }
    r->diagnostics = vtl_template_render_errors(t);
}

static void runtime_diagnostics(vtl_result *r, const vtl_template *t)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < r->nerrors; i++) {
        const ev_error *e = &r->errors[i];
        if (e->kind == EVE_APPEND)
            continue;
        diag d;
        memset(&d, 0, sizeof d);
        d.severity = DIAG_ERROR;
        d.has_span = e->has_span;
        d.span = e->span;
        strbuf msg = STRBUF_INIT;
        static const char *const prefix[] = {"$util.error: ", "", "$util.unauthorized: ", "$util.validate: ", "", ""};
        strbuf_puts(&msg, prefix[e->kind]);
        vval_print(&msg, e->message);
        if (e->type.kind == VVAL_STRING) {
            strbuf_puts(&msg, " (");
            vval_print(&msg, e->type);
            strbuf_putc(&msg, ')');
        }
        snprintf(d.msg, sizeof d.msg, "%s", strbuf_cstr(&msg));
        strbuf_free(&msg);
        diag_render(&sb, t->name, template_map(t), &d);
    }
    r->diagnostics = sb.len ? strbuf_take(&sb) : (strbuf_free(&sb), NULL);
}

static vtl_result *new_result(const vtl_template *t)
{
    vtl_result *r = arena_new_self(sizeof *r, offsetof(vtl_result, ar), 8 * 1024);
    r->stash = r->args = vval_null();
    r->logs = vval_list_new(&r->ar, 0);
    r->tpl = t;
    return r;
}

static void run(vtl_result *r, const vtl_template *t, vval json, const vtl_options *opts);

vtl_result *vtl_evaluate(const vtl_template *t, const char *ctx_name, const char *ctx_json, size_t ctx_len,
                         const vtl_options *opts)
{
    vtl_result *r = new_result(t);
    if (!vtl_template_ok(t)) {
        parse_failure(r, t);
        return r;
    }
    vval json;
    if (!read_ctx(&r->ar, ctx_name, ctx_json, ctx_len, &json, &r->diagnostics)) {
        r->status = VTL_CTX_ERROR;
        return r;
    }
    run(r, t, json, opts);
    return r;
}

struct vtl_context {
    arena ar;
    vval json;   /* the parsed object; evaluations copy it, never change it */
};

vtl_context *vtl_context_parse(const char *ctx_name, const char *ctx_json, size_t ctx_len, char **diagnostics)
{
    vtl_context *c = arena_new_self(sizeof *c, offsetof(vtl_context, ar), 8 * 1024);
    char *why = NULL;
    if (!read_ctx(&c->ar, ctx_name, ctx_json, ctx_len, &c->json, &why)) {
        if (diagnostics)
            *diagnostics = why;
        else
            xfree(why);
        vtl_context_free(c);
        return NULL;
    }
    vval_hash(c->json);   /* caches every string's hash now: shared strings are then read-only */
    return c;
}

void vtl_context_free(vtl_context *c)
{
    if (!c)
        return;
    arena_free_self(&c->ar);
}

vtl_result *vtl_evaluate_context(const vtl_template *t, const vtl_context *c, const vtl_options *opts)
{
    vtl_result *r = new_result(t);
    if (!vtl_template_ok(t)) {
        parse_failure(r, t);
        return r;
    }
    run(r, t, vval_deep_copy(&r->ar, c->json), opts);
    return r;
}

/* Evaluate t with the context object json (owned by r's arena). */
static void run(vtl_result *r, const vtl_template *t, vval json, const vtl_options *opts)
{
    vtl_options defaults;
    if (!opts) {
        vtl_options_init(&defaults);
        opts = &defaults;
    }
    ev_options eo = {
        .now_ms = opts->now_ms ? opts->now_ms : system_now_ms(),
        .ids = opts->ids == VTL_IDS_COUNTER ? IDS_COUNTER : IDS_RANDOM,
        .seed = opts->seed,
        .max_foreach = opts->max_foreach,
        .max_output = opts->max_output,
        .max_depth = opts->max_depth > 0 ? opts->max_depth : 1000,
        .set_null_allowed = opts->set_null_allowed,
        .transform_parens = opts->transform_style == VTL_TRANSFORM_JS,
        .auth_type = NULL,
    };
    vval *auth = vmap_find_str(json.u.m, "authType", 8);
    if (auth && auth->kind == VVAL_STRING)
        eo.auth_type = auth->u.s->data;

    eval_state ev;
    memset(&ev, 0, sizeof ev);
    ev.ar = &r->ar;
    ev.opt = &eo;
    ev.nvars = t->syms.len;
    ev.vars = arena_calloc(&r->ar, (ev.nvars ? ev.nvars : 1) * sizeof *ev.vars);
    ev.logs = r->logs;
    ev.break_target = vval_null();
    ev.rng = opts->seed ? opts->seed : (uint64_t)eo.now_ms ^ (uint64_t)(uintptr_t)r;
    ev.ctx = ctx_build(&ev, json);
    ev.vars[SLOT_CTX] = ev.vars[SLOT_CONTEXT] = ev.ctx;
    ev.vars[SLOT_UTIL] = ev.vars[SLOT_UTILS] = util_root(&ev);
    strbuf out = STRBUF_INIT;
    strbuf_reserve(&out, 2048);   /* request documents run to kilobytes */
    ev.out = ev.top_out = &out;

    ev_status st = eval_block(&ev, t->root);

    r->stash = *vmap_find_str(ev.ctx.u.m, "stash", 5);
    r->args = *vmap_find_str(ev.ctx.u.m, "args", 4);
    r->headers = ev.resp_headers;
    r->errors = ev.errors;
    r->nerrors = ev.nerrors;
    r->origins = ev.origins;
    r->norigins = ev.norigins;
    switch (st) {
    case EV_OK:
    case EV_STOP:
    case EV_BREAK:
        r->status = VTL_OK;
        r->output_len = out.len;
        r->output = strbuf_take(&out);
        break;
    case EV_RETURN:
        r->status = VTL_RETURNED;
        r->is_return = true;
        if (!vval_is_null(ev.return_value)) {
            strbuf js = STRBUF_INIT;
            vjson_write(&js, ev.return_value);
            r->output_len = js.len;
            r->output = strbuf_take(&js);
        }
        break;
    case EV_ERROR:
        r->status = VTL_ERROR;
        break;
    }
    strbuf_free(&out);
    strbuf_free(&ev.scratch);
    runtime_diagnostics(r, t);
}

vtl_status vtl_result_status(const vtl_result *r)
{
    return r->status;
}

const char *vtl_result_output(const vtl_result *r, size_t *len)
{
    if (len)
        *len = r->output_len;
    return r->output;
}

bool vtl_result_origin(const vtl_result *r, size_t offset, int *line, int *col)
{
    if (!r->norigins || !r->output || offset > r->output_len)
        return false;
    size_t lo = 0, hi = r->norigins;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->origins[mid].out_start <= offset)
            lo = mid;
        else
            hi = mid;
    }
    const ev_origin *o = &r->origins[lo];
    size_t src = o->src_start + (o->verbatim ? offset - o->out_start : 0);
    if (src > r->tpl->len)
        src = r->tpl->len;
    srcmap_locate(template_map(r->tpl), src, line, col);
    return true;
}

const char *vtl_result_diagnostics(const vtl_result *r)
{
    return r->diagnostics;
}

static const char *kind_name(ev_error_kind k)
{
    static const char *const names[] = {"error", "appendError", "unauthorized", "validate", "parse", "runtime"};
    return names[k];
}

static void write_error(strbuf *sb, const vtl_result *r, const ev_error *e)
{
    strbuf_printf(sb, "{\"kind\":\"%s\",\"message\":", kind_name(e->kind));
    vjson_write(sb, e->message);
    strbuf_puts(sb, ",\"errorType\":");
    vjson_write(sb, e->type);
    strbuf_puts(sb, ",\"data\":");
    vjson_write(sb, e->data);
    strbuf_puts(sb, ",\"errorInfo\":");
    vjson_write(sb, e->info);
    if (e->has_span && r->tpl) {
        int line, col;
        srcmap_locate(template_map(r->tpl), e->span.start, &line, &col);
        strbuf_printf(sb, ",\"location\":{\"line\":%d,\"column\":%d}", line, col);
    }
    strbuf_putc(sb, '}');
}

static void write_output(strbuf *sb, const vtl_result *r)
{
    if (r->output)
        strbuf_json_string(sb, r->output, r->output_len);
    else
        strbuf_puts(sb, "null");
}

static void write_json_as_string(strbuf *sb, vval v)
{
    strbuf tmp = STRBUF_INIT;
    vjson_write(&tmp, v);
    strbuf_json_string(sb, strbuf_cstr(&tmp), tmp.len);
    strbuf_free(&tmp);
}

char *vtl_result_json(const vtl_result *r, vtl_format fmt)
{
    strbuf sb = STRBUF_INIT;
    if (fmt == VTL_FORMAT_AWS) {
        strbuf_puts(&sb, "{\"evaluationResult\":");
        write_output(&sb, r);
        for (size_t i = 0; i < r->nerrors; i++) {
            if (r->errors[i].kind == EVE_APPEND)
                continue;
            strbuf_puts(&sb, ",\"error\":{\"message\":");
            vjson_write(&sb, r->errors[i].message);
            strbuf_putc(&sb, '}');
            break;
        }
        if (r->status == VTL_CTX_ERROR && r->diagnostics) {
            strbuf_puts(&sb, ",\"error\":{\"message\":");
            strbuf_json_string(&sb, r->diagnostics, strlen(r->diagnostics));
            strbuf_putc(&sb, '}');
        }
        strbuf_puts(&sb, ",\"logs\":");
        vjson_write(&sb, r->logs);
        strbuf_puts(&sb, ",\"stash\":");
        write_json_as_string(&sb, vval_is_null(r->stash) ? vval_map_new((arena *)&r->ar) : r->stash);
        strbuf_puts(&sb, ",\"outErrors\":");
        strbuf tmp = STRBUF_INIT;
        strbuf_putc(&tmp, '[');
        bool first = true;
        for (size_t i = 0; i < r->nerrors; i++) {
            const ev_error *e = &r->errors[i];
            if (e->kind != EVE_APPEND)
                continue;
            if (!first)
                strbuf_putc(&tmp, ',');
            first = false;
            strbuf_puts(&tmp, "{\"message\":");
            vjson_write(&tmp, e->message);
            strbuf_puts(&tmp, ",\"type\":");
            vjson_write(&tmp, e->type);
            strbuf_puts(&tmp, ",\"data\":");
            vjson_write(&tmp, e->data);
            strbuf_puts(&tmp, ",\"errorInfo\":");
            vjson_write(&tmp, e->info);
            strbuf_putc(&tmp, '}');
        }
        strbuf_putc(&tmp, ']');
        strbuf_json_string(&sb, strbuf_cstr(&tmp), tmp.len);
        strbuf_free(&tmp);
        strbuf_puts(&sb, "}\n");
        return strbuf_take(&sb);
    }
    strbuf_puts(&sb, "{\"output\":");
    write_output(&sb, r);
    strbuf_puts(&sb, ",\"errors\":[");
    for (size_t i = 0; i < r->nerrors; i++) {
        if (i)
            strbuf_putc(&sb, ',');
        write_error(&sb, r, &r->errors[i]);
    }
    if (r->status == VTL_CTX_ERROR) {
        strbuf_puts(&sb, "{\"kind\":\"runtime\",\"message\":");
        const char *d = r->diagnostics ? r->diagnostics : "bad context";
        strbuf_json_string(&sb, d, strlen(d));
        strbuf_puts(&sb, ",\"errorType\":null,\"data\":null,\"errorInfo\":null}");
    }
    strbuf_printf(&sb, "],\"isReturn\":%s,\"stash\":", r->is_return ? "true" : "false");
    vjson_write(&sb, vval_is_null(r->stash) ? vval_map_new((arena *)&r->ar) : r->stash);
    strbuf_puts(&sb, ",\"args\":");
    vjson_write(&sb, vval_is_null(r->args) ? vval_map_new((arena *)&r->ar) : r->args);
    strbuf_puts(&sb, ",\"logs\":");
    vjson_write(&sb, r->logs);
    if (!vval_is_null(r->headers)) {
        strbuf_puts(&sb, ",\"responseHeaders\":");
        vjson_write(&sb, r->headers);
    }
    strbuf_puts(&sb, "}\n");
    return strbuf_take(&sb);
}

void vtl_result_free(vtl_result *r)
{
    if (!r)
        return;
    xfree(r->output);
    xfree(r->diagnostics);
    arena_free_self(&r->ar);   /* r itself lives in its arena */
}

char *vtl_builtins(void)
{
    strbuf sb = STRBUF_INIT;
    util_list_builtins(&sb);
    return strbuf_take(&sb);
}

void vtl_cleanup(void)
{
    jregex_cache_clear();
    arena_cache_clear();
}
