/* util_http: the $util.http namespace. copyHeaders drops the hop-by-hop
 * headers AppSync does not forward. addResponseHeader(s) collect custom
 * response headers in ev->resp_headers; an empty or restricted name, a null
 * value or a header past the 4 KB budget is ignored and leaves a non-fatal
 * ResponseHeaderError in the errors, as AppSync documents. */
#include "util/util.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)

#define HEADER_BUDGET 4096  /* bytes of custom response header names and values */

/* Not copied by copyHeaders, and not accepted as response headers. */
static const char *const hop_by_hop[] = {
    "transfer-encoding", "connection", "host", "expect", "keep-alive", "upgrade",
    "proxy-authenticate", "proxy-authorization", "te", "content-length",
};

/* Also refused as response headers. */
static const char *const response_only[] = {
    "access-control-allow-credentials", "access-control-allow-origin", "access-control-expose-headers",
    "access-control-max-age", "access-control-allow-methods", "access-control-allow-headers",
    "vary", "content-type",
};

#define COUNT(a) (sizeof a / sizeof *a)

/* Header names compare without regard to ASCII case. */
static bool ci_prefix(const vstr *s, const char *w, bool whole)
{
    size_t n = strlen(w);
    if (s->len < n || (whole && s->len != n))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s->data[i];
        if ((c >= 'A' && c <= 'Z' ? c | 0x20 : c) != w[i])
            return false;
    }
    return true;
}

static bool listed(const vstr *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ci_prefix(name, list[i], true))
            return true;
    return false;
}

static bool response_restricted(const vstr *name)
{
    return listed(name, hop_by_hop, COUNT(hop_by_hop)) || listed(name, response_only, COUNT(response_only)) ||
           ci_prefix(name, "x-amzn-", false) || ci_prefix(name, "x-amz-", false);
}

static mres null_arg(eval_state *ev, const char *fn, const ast_node *site)
{
    return method_throw(ev, site, "Invocation of method '%s' threw exception java.lang.NullPointerException", fn);
}

/* copyHeaders(Map) : Map -- a new map without the hop-by-hop headers. */
FN(h_copy_headers)
{
    (void)self, (void)na;
    if (a[0].kind != VVAL_MAP)
        return vval_is_null(a[0]) ? null_arg(ev, "copyHeaders", site) : M_NOTFOUND;
    const vmap *m = a[0].u.m;
    size_t *order = vmap_order(m, ev->ar);
    *out = vval_map_new(ev->ar);
    for (size_t i = 0; i < m->count; i++) {
        const vmap_entry *e = &m->entries[order[i]];
        if (e->key.kind == VVAL_STRING && listed(e->key.u.s, hop_by_hop, COUNT(hop_by_hop)))
            continue;
        vmap_put(out->u.m, e->key, e->value, NULL);
    }
    return M_OK;
}

/* A refused header: recorded like $util.appendError, evaluation goes on. */
static void refuse(eval_state *ev, const ast_node *site, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void refuse(eval_state *ev, const ast_node *site, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    eval_record(ev, EVE_APPEND, vval_cstr(ev->ar, msg), vval_cstr(ev->ar, "ResponseHeaderError"), vval_null(),
                vval_null(), site->span);
}

/* The bytes a value takes in the response: a String as it is, anything else
 * as its JSON text. */
static size_t value_bytes(vval v)
{
    if (v.kind == VVAL_STRING)
        return v.u.s->len;
    strbuf sb = STRBUF_INIT;
    vjson_write(&sb, v);
    size_t n = sb.len;
    strbuf_free(&sb);
    return n;
}

/* Add one response header, or refuse it. The latest value of a name wins, but
 * every accepted header counts towards the budget. */
static void add_header(eval_state *ev, vval name, vval value, const ast_node *site)
{
    if (vval_is_null(name) || name.u.s->len == 0) {
        refuse(ev, site, "Response header name must not be empty.");
        return;
    }
    const char *n = name.u.s->data;
    if (response_restricted(name.u.s)) {
        refuse(ev, site, "Response header '%.200s' is restricted and cannot be set.", n);
        return;
    }
    if (vval_is_null(value)) {
        refuse(ev, site, "Response header '%.200s' has a null value.", n);
        return;
    }
    size_t bytes = name.u.s->len + value_bytes(value);
    if (bytes > HEADER_BUDGET - ev->resp_header_bytes) {
        refuse(ev, site, "Response header '%.200s' exceeds the %d bytes allowed for response headers.", n,
               HEADER_BUDGET);
        return;
    }
    ev->resp_header_bytes += bytes;
    if (vval_is_null(ev->resp_headers))
        ev->resp_headers = vval_map_new(ev->ar);
    vmap_put(ev->resp_headers.u.m, name, value, NULL);
}

/* addResponseHeader(String, Object) : void */
FN(h_add_response_header)
{
    (void)self, (void)na;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    add_header(ev, a[0], a[1], site);
    *out = util_void(ev);
    return M_OK;
}

/* addResponseHeaders(Map) : void -- each entry in turn (keys as strings). */
FN(h_add_response_headers)
{
    (void)self, (void)na;
    if (a[0].kind != VVAL_MAP)
        return vval_is_null(a[0]) ? null_arg(ev, "addResponseHeaders", site) : M_NOTFOUND;
    const vmap *m = a[0].u.m;
    size_t *order = vmap_order(m, ev->ar);
    for (size_t i = 0; i < m->count; i++) {
        const vmap_entry *e = &m->entries[order[i]];
        vval key = e->key.kind == VVAL_STRING || vval_is_null(e->key) ? e->key
                                                                        : vval_from_vstr(vval_to_vstr(ev->ar, e->key));
        add_header(ev, key, e->value, site);
    }
    *out = util_void(ev);
    return M_OK;
}

static const method_def http_fns[] = {
    {"addResponseHeader", h_add_response_header, 2, 2},
    {"addResponseHeaders", h_add_response_headers, 1, 1},
    {"copyHeaders", h_copy_headers, 1, 1},
};
const util_ns util_ns_http = {"http", http_fns, COUNT(http_fns)};
