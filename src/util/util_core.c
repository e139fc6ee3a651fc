/* util_core: the helpers directly on $util: output control, JSON, errors,
 * null/type tests, encoding, identifiers, matching, auth type; and $util.log. */
#include "util/util.h"
#include "base/jregex.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include <stdio.h>
#include <string.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* ================================================================ output, JSON */

FN(u_qr) { UNUSED; *out = util_void(ev); return M_OK; }

FN(u_to_json)
{
    UNUSED;
    strbuf sb = STRBUF_INIT;
    vjson_write(&sb, a[0]);
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return M_OK;
}

FN(u_parse_json)
{
    UNUSED;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    if (vval_is_null(a[0])) {
        *out = vval_null();
        return M_OK;
    }
    vjson_error err;
    if (!vjson_parse(ev->ar, a[0].u.s->data, a[0].u.s->len, NULL, out, &err))
        *out = vval_null();  /* invalid JSON: null, as the simulator (AppSync's behaviour is open) */
    return M_OK;
}

/* ================================================================ errors */

/* (String message [, String type [, Object data [, Object info]]]) */
static bool error_args(const vval *a, size_t na)
{
    if (a[0].kind != VVAL_STRING)
        return false;
    return na < 2 || arg_is_str(a[1]);
}

static mres raise(eval_state *ev, ev_error_kind kind, const vval *a, size_t na, const ast_node *site)
{
    eval_record(ev, kind, a[0], na > 1 ? a[1] : vval_null(), na > 2 ? a[2] : vval_null(),
                na > 3 ? a[3] : vval_null(), site->span);
    return M_ERROR;
}

FN(u_error)
{
    UNUSED;
    if (!error_args(a, na))
        return M_NOTFOUND;
    return raise(ev, EVE_ERROR, a, na, site);
}

FN(u_append_error)
{
    UNUSED;
    if (!error_args(a, na))
        return M_NOTFOUND;
    raise(ev, EVE_APPEND, a, na, site);
    *out = util_void(ev);
    return M_OK;
}

static const char *info_field(eval_state *ev, const char *key, const char *dflt)
{
    vval *info = ev->ctx.kind == VVAL_MAP ? vmap_find_str(ev->ctx.u.m, "info", 4) : NULL;
    if (!info || info->kind != VVAL_MAP)
        return dflt;
    vval *v = vmap_find_str(info->u.m, key, strlen(key));
    return v && v->kind == VVAL_STRING ? v->u.s->data : dflt;
}

FN(u_unauthorized)
{
    UNUSED;
    char msg[512];
    snprintf(msg, sizeof msg, "Not Authorized to access %s on type %s",
             info_field(ev, "fieldName", "testField"), info_field(ev, "parentTypeName", "Query"));
    eval_record(ev, EVE_UNAUTHORIZED, vval_cstr(ev->ar, msg), vval_cstr(ev->ar, "Unauthorized"),
                vval_null(), vval_null(), site->span);
    return M_ERROR;
}

FN(u_validate)
{
    UNUSED;
    if (a[0].kind != VVAL_BOOL || a[1].kind != VVAL_STRING || (na > 2 && !arg_is_str(a[2])))
        return M_NOTFOUND;
    if (a[0].u.b) {
        *out = util_void(ev);
        return M_OK;
    }
    vval type = na > 2 && !vval_is_null(a[2]) ? a[2] : vval_cstr(ev->ar, "CustomTemplateException");
    eval_record(ev, EVE_VALIDATE, a[1], type, na > 3 ? a[3] : vval_null(), vval_null(), site->span);
    return M_ERROR;
}

/* ================================================================ null and type tests */

static bool is_blank(const vstr *s)
{
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->data[i];
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
              (c >= 0x1c && c <= 0x1f)))
            return false;
    }
    return true;
}

FN(u_is_null) { UNUSED; *out = vval_bool(vval_is_null(a[0])); return M_OK; }

FN(u_is_null_or_empty)
{
    UNUSED;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    *out = vval_bool(vval_is_null(a[0]) || a[0].u.s->len == 0);
    return M_OK;
}

FN(u_is_null_or_blank)
{
    UNUSED;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    *out = vval_bool(vval_is_null(a[0]) || is_blank(a[0].u.s));
    return M_OK;
}

FN(u_default_if_null) { UNUSED; *out = vval_is_null(a[0]) ? a[1] : a[0]; return M_OK; }

FN(u_default_if_null_or_empty)
{
    UNUSED;
    if (!arg_is_str(a[0]) || !arg_is_str(a[1]))
        return M_NOTFOUND;
    *out = vval_is_null(a[0]) || a[0].u.s->len == 0 ? a[1] : a[0];
    return M_OK;
}

FN(u_default_if_null_or_blank)
{
    UNUSED;
    if (!arg_is_str(a[0]) || !arg_is_str(a[1]))
        return M_NOTFOUND;
    *out = vval_is_null(a[0]) || is_blank(a[0].u.s) ? a[1] : a[0];
    return M_OK;
}

FN(u_is_string) { UNUSED; *out = vval_bool(a[0].kind == VVAL_STRING); return M_OK; }
FN(u_is_number) { UNUSED; *out = vval_bool(vval_is_number(a[0])); return M_OK; }
FN(u_is_boolean) { UNUSED; *out = vval_bool(a[0].kind == VVAL_BOOL); return M_OK; }
FN(u_is_list) { UNUSED; *out = vval_bool(a[0].kind == VVAL_LIST && !a[0].u.l->is_array); return M_OK; }
FN(u_is_map) { UNUSED; *out = vval_bool(a[0].kind == VVAL_MAP); return M_OK; }

FN(u_type_of)
{
    UNUSED;
    const char *t = "Object";
    vval v = a[0];
    if (vval_is_null(v)) t = "Null";
    else if (vval_is_number(v)) t = "Number";
    else if (v.kind == VVAL_STRING) t = "String";
    else if (v.kind == VVAL_MAP) t = "Map";
    else if (v.kind == VVAL_LIST && !v.u.l->is_array) t = "List";
    else if (v.kind == VVAL_BOOL) t = "Boolean";
    *out = vval_cstr(ev->ar, t);
    return M_OK;
}

/* ================================================================ matching, auth */

FN(u_matches)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING || a[1].kind != VVAL_STRING)
        return M_NOTFOUND;
    char err[256];
    const jregex *re = jregex_get(a[0].u.s->data, a[0].u.s->len, err, sizeof err);
    if (!re)
        return method_throw(ev, site, "Invocation of method 'matches' threw exception %s", err);
    *out = vval_bool(jregex_matches(re, a[1].u.s->data, a[1].u.s->len));
    return M_OK;
}

FN(u_auth_type)
{
    UNUSED;
    static const struct { const char *key, *text; } names[] = {
        {"API_KEY", "API Key Authorization"},
        {"AWS_IAM", "IAM Authorization"},
        {"AMAZON_COGNITO_USER_POOLS", "User Pool Authorization"},
        {"OPENID_CONNECT", "Open ID Connect Authorization"},
        {"AWS_LAMBDA", "Lambda Authorization"},
    };
    const char *mode = ev->opt->auth_type ? ev->opt->auth_type : "API_KEY";
    const char *text = names[0].text;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(mode, names[i].key) == 0)
            text = names[i].text;
    *out = vval_cstr(ev->ar, text);
    return M_OK;
}

/* ================================================================ identifiers */

static uint64_t next_random(eval_state *ev)
{
    /* splitmix64: deterministic under --seed, seeded from the clock otherwise */
    uint64_t z = (ev->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

FN(u_auto_id)
{
    UNUSED;
    char buf[40];
    if (ev->opt->ids == IDS_COUNTER) {
        snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx", (unsigned long long)++ev->id_counter);
    } else {
        uint64_t h = next_random(ev), l = next_random(ev);
        snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                 (unsigned long long)(h >> 32), (unsigned long long)((h >> 16) & 0xffff),
                 (unsigned long long)(h & 0xfff), (unsigned long long)(0x8000 | (l >> 48 & 0x3fff)),
                 (unsigned long long)(l & 0xffffffffffffULL));
    }
    *out = vval_cstr(ev->ar, buf);
    return M_OK;
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

FN(u_auto_ulid)
{
    UNUSED;
    char buf[27];
    uint64_t t = (uint64_t)ev->opt->now_ms;
    for (int i = 9; i >= 0; i--, t >>= 5)
        buf[i] = crockford[t & 31];
    if (ev->opt->ids == IDS_COUNTER) {
        uint64_t c = ++ev->id_counter;
        for (int i = 25; i >= 10; i--, c >>= 5)
            buf[i] = crockford[c & 31];
    } else {
        uint64_t r1 = next_random(ev), r2 = next_random(ev);
        for (int i = 10; i < 26; i++) {
            uint64_t *r = i < 18 ? &r1 : &r2;
            buf[i] = crockford[*r & 31];
            *r >>= 5;
        }
    }
    buf[26] = '\0';
    *out = vval_cstr(ev->ar, buf);
    return M_OK;
}

/* ================================================================ tables */

static const method_def core_fns[] = {
    {"appendError", u_append_error, 1, 4},
    {"authType", u_auth_type, 0, 0},
    {"autoId", u_auto_id, 0, 0},
    {"autoUlid", u_auto_ulid, 0, 0},
    {"defaultIfNull", u_default_if_null, 2, 2},
    {"defaultIfNullOrBlank", u_default_if_null_or_blank, 2, 2},
    {"defaultIfNullOrEmpty", u_default_if_null_or_empty, 2, 2},
    {"error", u_error, 1, 4},
    {"isBoolean", u_is_boolean, 1, 1},
    {"isList", u_is_list, 1, 1},
    {"isMap", u_is_map, 1, 1},
    {"isNull", u_is_null, 1, 1},
    {"isNullOrBlank", u_is_null_or_blank, 1, 1},
    {"isNullOrEmpty", u_is_null_or_empty, 1, 1},
    {"isNumber", u_is_number, 1, 1},
    {"isString", u_is_string, 1, 1},
    {"matches", u_matches, 2, 2},
    {"parseJson", u_parse_json, 1, 1},
    {"quiet", u_qr, 1, 1},
    {"qr", u_qr, 1, 1},
    {"toJson", u_to_json, 1, 1},
    {"typeOf", u_type_of, 1, 1},
    {"unauthorized", u_unauthorized, 0, 0},
    {"validate", u_validate, 2, 4},
};
const util_ns util_ns_core = {"", core_fns, sizeof core_fns / sizeof *core_fns};

/* ================================================================ $util.log */

/* info(Object) or info(String fmt, Object...) with {} placeholders. */
static mres log_line(eval_state *ev, const vval *a, size_t na)
{
    strbuf sb = STRBUF_INIT;
    if (na > 1 && a[0].kind == VVAL_STRING) {
        const char *f = a[0].u.s->data, *end = f + a[0].u.s->len;
        size_t next = 1;
        while (f < end) {
            if (f + 1 < end && f[0] == '{' && f[1] == '}' && next < na) {
                vval_print(&sb, a[next++]);
                f += 2;
            } else {
                strbuf_putc(&sb, *f++);
            }
        }
    } else {
        vval_print(&sb, a[0]);
    }
    vlist_push(ev->logs.u.l, vval_str(ev->ar, strbuf_cstr(&sb), sb.len));
    strbuf_free(&sb);
    return M_OK;
}

FN(l_log) { UNUSED; *out = util_void(ev); return log_line(ev, a, na); }

static const method_def log_fns[] = {
    {"debug", l_log, 1, -1},
    {"error", l_log, 1, -1},
    {"info", l_log, 1, -1},
};
const util_ns util_ns_log = {"log", log_fns, sizeof log_fns / sizeof *log_fns};
