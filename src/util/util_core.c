/* util_core: the helpers directly on $util (reference 4.1-4.9): output control,
 * JSON, errors (with error data filtered by the selection set), null and type
 * tests, encoding (JavaScript, URL, base64), identifiers, matching, auth type;
 * and $util.log. A null where a String is expected gives null (the call then
 * renders as its own text), as the null-safe Java helpers AppSync wraps do. */
#include "util/util.h"
#include "base/hex.h"
#include "base/base64.h"
#include "base/jregex.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site
/* A String parameter: another type finds no method; null gives a null result. */
#define STRING_ARG(v) do { \
        if (!arg_is_str(v)) return M_NOTFOUND; \
        if (vval_is_null(v)) { *out = vval_null(); return M_OK; } \
    } while (0)

/* A Java exception thrown by a $util method: aborts the evaluation. */
static mres thrown(eval_state *ev, const ast_node *site, const char *method, const char *exc)
{
    return method_throw(ev, site, "Invocation of method '%s' threw exception %s", method, exc);
}

static vval info_map(eval_state *ev)
{
    vval *info = ev->ctx.kind == VVAL_MAP ? vmap_find_str(ev->ctx.u.m, "info", 4) : NULL;
    return info && info->kind == VVAL_MAP ? *info : vval_null();
}

/* ================================================================ output, JSON */

FN(u_qr) { UNUSED; *out = util_void(ev); return M_OK; }

/* Walks over values are bounded in depth and in nodes visited, because a list
 * or map can contain itself (several times over). */
#define WALK_DEPTH 64
#define WALK_NODES ((size_t)1 << 20)

/* Does v hold the map `m`? */
static bool holds(vval v, const vmap *m, int depth, size_t *budget)
{
    if (depth > WALK_DEPTH || !*budget)
        return false;
    --*budget;
    if (v.kind == VVAL_MAP) {
        if (v.u.m == m)
            return true;
        for (size_t i = 0; i < v.u.m->len; i++)
            if (v.u.m->entries[i].live && holds(v.u.m->entries[i].value, m, depth + 1, budget))
                return true;
    } else if (v.kind == VVAL_LIST) {
        for (size_t i = 0; i < v.u.l->len; i++)
            if (holds(v.u.l->items[i], m, depth + 1, budget))
                return true;
    }
    return false;
}

/* A copy of v in which $ctx.info lacks selectionSetList and selectionSetGraphQL. */
static vval hide_selection(eval_state *ev, vval v, const vmap *info, int depth, size_t *budget)
{
    if (depth > WALK_DEPTH || !*budget || (v.kind != VVAL_MAP && v.kind != VVAL_LIST))
        return v;
    --*budget;
    if (v.kind == VVAL_LIST) {
        vval c = vval_list_new(ev->ar, v.u.l->len);
        c.u.l->is_array = v.u.l->is_array;
        for (size_t i = 0; i < v.u.l->len; i++)
            vlist_push(c.u.l, hide_selection(ev, v.u.l->items[i], info, depth + 1, budget));
        return c;
    }
    vval c = vval_map_new(ev->ar);
    c.u.m->hash_order = v.u.m->hash_order;
    for (size_t i = 0; i < v.u.m->len; i++) {
        const vmap_entry *e = &v.u.m->entries[i];
        if (!e->live)
            continue;
        if (v.u.m == info && e->key.kind == VVAL_STRING &&
            (!strcmp(e->key.u.s->data, "selectionSetList") || !strcmp(e->key.u.s->data, "selectionSetGraphQL")))
            continue;
        vmap_put(c.u.m, e->key, hide_selection(ev, e->value, info, depth + 1, budget), NULL);
    }
    return c;
}

/* The JSON writer's nesting limit (deeper parts are written as null), and the
 * most containers a value written as JSON may have. */
#define JSON_DEPTH 512
#define JSON_NODES ((size_t)1 << 22)

typedef struct json_check {
    const void *open[JSON_DEPTH + 1];  /* the containers being visited */
    size_t budget;                     /* parts left to visit */
} json_check;

/* Why v has no JSON text: NULL, or the exception Java would throw. A list or
 * map inside itself recurses forever (Jackson reports it); a value with more
 * than JSON_NODES containers is refused instead of exhausting memory. */
static const char *unwritable(json_check *c, vval v, int depth)
{
    const void *self = v.kind == VVAL_MAP ? (const void *)v.u.m : v.kind == VVAL_LIST ? (const void *)v.u.l : NULL;
    if (!self || depth > JSON_DEPTH)
        return NULL;
    if (!c->budget--)
        return "java.lang.OutOfMemoryError: the value is too large to write as JSON";
    for (int i = 0; i < depth; i++)
        if (c->open[i] == self)
            return "com.fasterxml.jackson.databind.JsonMappingException: Infinite recursion (StackOverflowError)";
    c->open[depth] = self;
    const char *why = NULL;
    if (v.kind == VVAL_LIST)
        for (size_t i = 0; i < v.u.l->len && !why; i++)
            why = unwritable(c, v.u.l->items[i], depth + 1);
    else
        for (size_t i = 0; i < v.u.m->len && !why; i++)
            if (v.u.m->entries[i].live)
                why = unwritable(c, v.u.m->entries[i].value, depth + 1);
    return why;
}

/* Throw when v cannot be serialised (the method name is for the message). */
static bool check_writable(eval_state *ev, vval v, const char *method, const ast_node *site)
{
    json_check c;
    c.budget = JSON_NODES;
    const char *why = unwritable(&c, v, 0);
    if (why)
        thrown(ev, site, method, why);
    return why == NULL;
}

/* toJson(Object): compact JSON in the map's iteration order; $ctx.info is
 * serialised without its selection set (reference 4.2). */
FN(u_to_json)
{
    UNUSED;
    if (!check_writable(ev, a[0], "toJson", site))
        return M_ERROR;
    vval v = a[0], info = info_map(ev);
    size_t budget = WALK_NODES, copies = WALK_NODES;
    if (info.kind == VVAL_MAP && holds(v, info.u.m, 0, &budget))
        v = hide_selection(ev, v, info.u.m, 0, &copies);
    *out = eval_json_text(ev, v);
    return M_OK;
}

/* parseJson(String): invalid JSON gives null. AppSync's open question (reference
 * 4.2, 10.7); a maintainer-merged Amplify fix (amplify-cli PR 10739) reports that
 * AppSync returns null for unparseable input. */
FN(u_parse_json)
{
    UNUSED;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    vjson_error err;
    if (vval_is_null(a[0]) || !vjson_parse(ev->ar, a[0].u.s->data, a[0].u.s->len, NULL, out, &err))
        *out = vval_null();
    return M_OK;
}

/* ================================================================ errors */

/* The selected field paths ("author/name"), or NULL when the context gives none:
 * then error data is not filtered. */
static const vlist *selection_paths(eval_state *ev)
{
    vval info = info_map(ev);
    vval *l = info.kind == VVAL_MAP ? vmap_find_str(info.u.m, "selectionSetList", 16) : NULL;
    return l && l->kind == VVAL_LIST && l->u.l->len ? l->u.l : NULL;
}

/* Is `path` selected (exact), or (sub) the parent of a selected path? */
static bool selected(const vlist *paths, const strbuf *path, bool sub)
{
    for (size_t i = 0; i < paths->len; i++) {
        vval p = paths->items[i];
        if (p.kind != VVAL_STRING || p.u.s->len < path->len + sub)
            continue;
        if (memcmp(p.u.s->data, strbuf_cstr(path), path->len) != 0)
            continue;
        if (sub ? p.u.s->data[path->len] == '/' : p.u.s->len == path->len)
            return true;
    }
    return false;
}

/* The state of one filtering walk. */
typedef struct filter_walk {
    eval_state *ev;
    const vlist *paths;
    strbuf path;        /* "a/b" of the current map */
    size_t budget;      /* nodes left to visit */
} filter_walk;

static vval filter_data(filter_walk *w, vval v, int depth);

/* The selected entries of a map, in its order; the key extends the path. */
static vval filter_map(filter_walk *w, const vmap *m, int depth)
{
    const vlist *paths = w->paths;
    strbuf *path = &w->path;
    vval c = vval_map_new(w->ev->ar);
    size_t base = path->len;
    size_t *order = vmap_order(m, w->ev->ar);
    for (size_t k = 0; k < m->count; k++) {
        const vmap_entry *e = &m->entries[order[k]];
        if (e->key.kind != VVAL_STRING)
            continue;
        if (base)
            strbuf_putc(path, '/');
        strbuf_append(path, e->key.u.s->data, e->key.u.s->len);
        if (selected(paths, path, false))
            vmap_put(c.u.m, e->key, selected(paths, path, true) ? filter_data(w, e->value, depth + 1) : e->value,
                     NULL);
        path->len = base;
    }
    return c;
}

/* Keep only the selected fields of maps (lists are filtered element by element). */
static vval filter_data(filter_walk *w, vval v, int depth)
{
    if (v.kind != VVAL_MAP && v.kind != VVAL_LIST)
        return v;
    if (depth > WALK_DEPTH || !w->budget)
        return vval_null();
    w->budget--;
    if (v.kind == VVAL_MAP)
        return filter_map(w, v.u.m, depth);
    vval c = vval_list_new(w->ev->ar, v.u.l->len);
    for (size_t i = 0; i < v.u.l->len; i++)
        vlist_push(c.u.l, filter_data(w, v.u.l->items[i], depth + 1));
    return c;
}

/* Error data as the GraphQL response shows it: filtered by the selection set (4.5). */
static vval error_data(eval_state *ev, vval data)
{
    const vlist *paths = selection_paths(ev);
    if (!paths)
        return data;
    filter_walk w = {ev, paths, STRBUF_INIT, WALK_NODES};
    vval v = filter_data(&w, data, 0);
    strbuf_free(&w.path);
    return v;
}

/* (String message [, String type [, Object data [, Object info]]]) */
static bool error_args(const vval *a, size_t na)
{
    return arg_is_str(a[0]) && (na < 2 || arg_is_str(a[1]));
}

/* Record the error of $util.error / appendError. The response carries data and
 * errorInfo as JSON: when they have no JSON form, a runtime error is recorded
 * instead and the result is false. */
static bool raise(eval_state *ev, ev_error_kind kind, const vval *a, size_t na, const ast_node *site)
{
    const char *method = kind == EVE_APPEND ? "appendError" : "error";
    if ((na > 2 && !check_writable(ev, a[2], method, site)) || (na > 3 && !check_writable(ev, a[3], method, site)))
        return false;
    eval_record(ev, kind, a[0], na > 1 ? a[1] : vval_null(), na > 2 ? error_data(ev, a[2]) : vval_null(),
                na > 3 ? a[3] : vval_null(), site->span);
    return true;
}

FN(u_error)
{
    UNUSED;
    if (!error_args(a, na))
        return M_NOTFOUND;
    raise(ev, EVE_ERROR, a, na, site);
    return M_ERROR;
}

FN(u_append_error)
{
    UNUSED;
    if (!error_args(a, na))
        return M_NOTFOUND;
    if (!raise(ev, EVE_APPEND, a, na, site))
        return M_ERROR;
    *out = util_void(ev);
    return M_OK;
}

static const char *info_field(eval_state *ev, const char *key, const char *dflt)
{
    vval info = info_map(ev);
    vval *v = info.kind == VVAL_MAP ? vmap_find_str(info.u.m, key, strlen(key)) : NULL;
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

/* validate(Boolean, String [, String type [, Object data]]) */
FN(u_validate)
{
    UNUSED;
    if ((a[0].kind != VVAL_BOOL && !vval_is_null(a[0])) || !arg_is_str(a[1]) || (na > 2 && !arg_is_str(a[2])))
        return M_NOTFOUND;
    if (vval_is_null(a[0]))  /* unboxing a null Boolean */
        return thrown(ev, site, "validate", "java.lang.NullPointerException");
    if (a[0].u.b) {
        *out = util_void(ev);
        return M_OK;
    }
    if (na > 3 && !check_writable(ev, a[3], "validate", site))
        return M_ERROR;
    vval type = na > 2 && !vval_is_null(a[2]) ? a[2] : vval_cstr(ev->ar, "CustomTemplateException");
    eval_record(ev, EVE_VALIDATE, a[1], type, na > 3 ? error_data(ev, a[3]) : vval_null(), vval_null(),
                site->span);
    return M_ERROR;
}

/* ================================================================ text helpers */

/* Decode the code point at s[*i]. A Java string's unpaired surrogate reaches us
 * as its three-byte encoding (ED A0..BF xx) and decodes to the surrogate; any
 * other invalid byte decodes as itself. */
static int32_t next_cp(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    if (left >= 3 && p[0] == 0xED && p[1] >= 0xA0 && p[1] <= 0xBF && (p[2] & 0xC0) == 0x80) {
        *i += 3;
        return 0xD000 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p, (utf8proc_ssize_t)left, &cp);
    if (k <= 0) {
        cp = p[0];
        k = 1;
    }
    *i += (size_t)k;
    return cp;
}

static bool is_surrogate(int32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

/* The bytes of s.getBytes(UTF_8): an unpaired surrogate becomes '?'. */
static void java_utf8(strbuf *sb, const vstr *s)
{
    for (size_t i = 0; i < s->len;) {
        size_t at = i;
        if (is_surrogate(next_cp(s->data, s->len, &i)))
            strbuf_putc(sb, '?');
        else
            strbuf_append(sb, s->data + at, i - at);
    }
}

/* Length of the UTF-8 sequence at b[i] (< n) if well formed, else 0; *bad gets
 * how many bytes Java's decoder replaces with one U+FFFD (the maximal prefix
 * that could start a valid sequence; an encoded surrogate is one unit). */
static size_t utf8_seq(const unsigned char *b, size_t i, size_t n, size_t *bad)
{
    unsigned c = b[i], lo = 0x80, hi = 0xBF;
    size_t need;
    *bad = 1;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2, lo = c == 0xE0 ? 0xA0 : 0x80;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    size_t k = 1;
    while (k <= need && i + k < n && b[i + k] >= (k == 1 ? lo : 0x80) && b[i + k] <= (k == 1 ? hi : 0xBF))
        k++;
    if (c == 0xED && k == 3 && b[i + 1] >= 0xA0) {  /* a surrogate: malformed as a whole */
        *bad = 3;
        return 0;
    }
    *bad = k;
    return k == need + 1 ? k : 0;
}

/* Append new String(bytes, UTF_8): malformed input becomes U+FFFD. */
static void decode_utf8(strbuf *sb, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t bad, k = utf8_seq(b, i, n, &bad);
        if (k) {
            strbuf_append(sb, (const char *)b + i, k);
            i += k;
        } else {
            strbuf_puts(sb, "\xEF\xBF\xBD");
            i += bad;
        }
    }
}

static vval take_str(eval_state *ev, strbuf *sb)
{
    vval v = vval_str(ev->ar, strbuf_cstr(sb), sb->len);
    strbuf_free(sb);
    return v;
}

/* ================================================================ null and type tests */

/* Java Character.isWhitespace: space separators other than the no-break ones,
 * line and paragraph separators, and \t \n \v \f \r \x1C-\x1F. */
static bool java_whitespace(int32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    if (c == 0xA0 || c == 0x2007 || c == 0x202F)
        return false;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL || cat == UTF8PROC_CATEGORY_ZP;
}

static bool is_blank(const vstr *s)
{
    for (size_t i = 0; i < s->len;)
        if (!java_whitespace(next_cp(s->data, s->len, &i)))
            return false;
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

/* matches(String pattern, String data): Pattern.matches, the whole input. */
FN(u_matches)
{
    UNUSED;
    if (!arg_is_str(a[0]) || !arg_is_str(a[1]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]) || vval_is_null(a[1]))
        return thrown(ev, site, "matches", "java.lang.NullPointerException");
    char err[256], exc[320];
    const jregex *re = jregex_get(a[0].u.s->data, a[0].u.s->len, err, sizeof err);
    if (!re) {
        snprintf(exc, sizeof exc, "java.util.regex.PatternSyntaxException: %s", err);
        return thrown(ev, site, "matches", exc);
    }
    *out = vval_bool(jregex_matches(re, a[1].u.s->data, a[1].u.s->len));
    return M_OK;
}

static bool has_key(const vmap *m, const char *k)
{
    return vmap_find_str(m, k, strlen(k)) != NULL;
}

static bool has_value(const vmap *m, const char *k)
{
    vval *v = vmap_find_str(m, k, strlen(k));
    return v && !vval_is_null(*v);
}

/* Are all keys of m among the NULL-terminated `allowed`? */
static bool keys_within(const vmap *m, const char *const *allowed)
{
    for (size_t i = 0; i < m->len; i++) {
        const vmap_entry *e = &m->entries[i];
        if (!e->live)
            continue;
        bool ok = false;
        for (const char *const *k = allowed; *k && !ok; k++)
            ok = e->key.kind == VVAL_STRING && !strcmp(e->key.u.s->data, *k);
        if (!ok)
            return false;
    }
    return true;
}

/* The authorization mode an identity's shape implies (reference 4.8, from the
 * recorded EvaluateCode answers): none/null -> API key; {} or a Lambda
 * authorizer context -> Lambda; userArn + sourceIp -> IAM; defaultAuthStrategy
 * + sourceIp -> user pools; exactly sub, issuer, claims -> OIDC; else API key. */
static const char *identity_mode(vval id)
{
    static const char *const lambda_keys[] = {"resolverContext", "handlerContext", NULL};
    static const char *const oidc_keys[] = {"sub", "issuer", "claims", NULL};
    if (id.kind != VVAL_MAP)
        return "API_KEY";
    const vmap *m = id.u.m;
    if (keys_within(m, lambda_keys))
        return "AWS_LAMBDA";
    if (has_value(m, "userArn") && has_value(m, "sourceIp"))
        return "AWS_IAM";
    if (has_value(m, "defaultAuthStrategy") && has_value(m, "sourceIp"))
        return "AMAZON_COGNITO_USER_POOLS";
    if (has_key(m, "sub") && has_key(m, "issuer") && has_key(m, "claims") && keys_within(m, oidc_keys))
        return "OPENID_CONNECT";
    return "API_KEY";
}

/* authType(): the ctx.json authType when given, else what the identity implies. */
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
    const char *mode = ev->opt->auth_type;
    if (!mode) {
        vval *id = ev->ctx.kind == VVAL_MAP ? vmap_find_str(ev->ctx.u.m, "identity", 8) : NULL;
        mode = identity_mode(id ? *id : vval_null());
    }
    const char *text = names[0].text;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(mode, names[i].key) == 0)
            text = names[i].text;
    *out = vval_cstr(ev->ar, text);
    return M_OK;
}

/* ================================================================ encoding */

static void put_u16_escape(strbuf *sb, int32_t unit)
{
    strbuf_printf(sb, "\\u%04X", (unsigned)unit);
}

/* One UTF-16 unit as StringEscapeUtils.escapeJavaScript writes it. */
static void escape_js_unit(strbuf *sb, int32_t c)
{
    static const char shorts[] = "\bb\tt\nn\ff\rr''\"\"\\\\//";
    for (const char *p = shorts; *p; p += 2) {
        if (c == *p) {
            strbuf_putc(sb, '\\');
            strbuf_putc(sb, p[1]);
            return;
        }
    }
    if (c < 0x20 || c > 0x7F)
        put_u16_escape(sb, c);
    else
        strbuf_putc(sb, (char)c);
}

/* escapeJavaScript(String): reference 4.3 (Commons Lang rules). */
FN(u_escape_javascript)
{
    UNUSED;
    STRING_ARG(a[0]);
    const vstr *s = a[0].u.s;
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < s->len;) {
        int32_t c = next_cp(s->data, s->len, &i);
        if (c >= 0x10000) {
            escape_js_unit(&sb, 0xD800 + ((c - 0x10000) >> 10));
            escape_js_unit(&sb, 0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            escape_js_unit(&sb, c);
        }
    }
    *out = take_str(ev, &sb);
    return M_OK;
}

/* urlEncode(String): URLEncoder.encode(s, UTF-8). */
FN(u_url_encode)
{
    UNUSED;
    STRING_ARG(a[0]);
    strbuf bytes = STRBUF_INIT, sb = STRBUF_INIT;
    java_utf8(&bytes, a[0].u.s);
    for (size_t i = 0; i < bytes.len; i++) {
        unsigned char c = (unsigned char)bytes.data[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr(".-*_", c)))
            strbuf_putc(&sb, (char)c);
        else if (c == ' ')
            strbuf_putc(&sb, '+');
        else
            strbuf_printf(&sb, "%%%02X", c);
    }
    strbuf_free(&bytes);
    *out = take_str(ev, &sb);
    return M_OK;
}

/* Integer.parseInt(two chars, 16): a sign may take the first place. Returns
 * false when Java throws NumberFormatException. */
static bool parse_hex2(const unsigned char *p, int *v)
{
    int d0 = hex_value(p[0]), d1 = hex_value(p[1]);
    if (d1 < 0)
        return false;
    if (d0 >= 0)
        *v = d0 * 16 + d1;
    else if (p[0] == '+' || p[0] == '-')
        *v = p[0] == '-' ? -d1 : d1;
    else
        return false;
    return true;
}

/* One run of %XY escapes starting at s[*i]; bytes go to `bytes`. NULL, or the
 * IllegalArgumentException text URLDecoder throws. */
static const char *url_escapes(const vstr *s, size_t *i, strbuf *bytes, char *why, size_t wl)
{
    const unsigned char *p = (const unsigned char *)s->data;
    while (*i < s->len && p[*i] == '%') {
        size_t j = *i + 1, k = j;
        if (j < s->len)
            next_cp(s->data, s->len, &k);
        if (k >= s->len)  /* fewer than two characters follow the '%' */
            return "URLDecoder: Incomplete trailing escape (%) pattern";
        size_t e = k;
        next_cp(s->data, s->len, &e);
        int v;
        if (e - j != 2 || !parse_hex2(p + j, &v)) {
            snprintf(why, wl, "URLDecoder: Illegal hex characters in escape (%%) pattern - "
                     "For input string: \"%.*s\"", (int)(e - j), s->data + j);
            return why;
        }
        if (v < 0)
            return "URLDecoder: Illegal hex characters in escape (%) pattern - negative value";
        strbuf_putc(bytes, (char)v);
        *i += 3;
    }
    return NULL;
}

/* urlDecode(String): URLDecoder.decode(s, UTF-8); '+' is a space, %XY runs are
 * UTF-8 bytes; a malformed escape throws IllegalArgumentException. */
FN(u_url_decode)
{
    UNUSED;
    STRING_ARG(a[0]);
    const vstr *s = a[0].u.s;
    strbuf sb = STRBUF_INIT, bytes = STRBUF_INIT;
    char why[256], exc[320];
    const char *bad = NULL;
    for (size_t i = 0; i < s->len && !bad;) {
        if (s->data[i] != '%') {
            strbuf_putc(&sb, s->data[i] == '+' ? ' ' : s->data[i]);
            i++;
            continue;
        }
        strbuf_reset(&bytes);
        bad = url_escapes(s, &i, &bytes, why, sizeof why);
        decode_utf8(&sb, (const unsigned char *)bytes.data, bytes.len);
    }
    strbuf_free(&bytes);
    if (bad) {
        strbuf_free(&sb);
        snprintf(exc, sizeof exc, "java.lang.IllegalArgumentException: %s", bad);
        return thrown(ev, site, "urlDecode", exc);
    }
    *out = take_str(ev, &sb);
    return M_OK;
}

/* The bytes of a byte[] (a Java array of Integers in -128..127), or false. */
static bool byte_array(const vval v, strbuf *bytes)
{
    if (v.kind != VVAL_LIST || !v.u.l->is_array)
        return false;
    for (size_t i = 0; i < v.u.l->len; i++) {
        vval b = v.u.l->items[i];
        if (b.kind != VVAL_INT || b.u.i < -128 || b.u.i > 127)
            return false;
        strbuf_putc(bytes, (char)(unsigned char)b.u.i);
    }
    return true;
}

/* base64Encode(byte[]), also called with a String (its UTF-8 bytes; 4.3). */
FN(u_base64_encode)
{
    UNUSED;
    strbuf bytes = STRBUF_INIT, sb = STRBUF_INIT;
    if (a[0].kind == VVAL_STRING) {
        java_utf8(&bytes, a[0].u.s);
    } else if (!byte_array(a[0], &bytes)) {
        strbuf_free(&bytes);
        if (!vval_is_null(a[0]))
            return M_NOTFOUND;
        *out = vval_null();
        return M_OK;
    }
    base64_encode(&sb, bytes.data, bytes.len);
    strbuf_free(&bytes);
    *out = take_str(ev, &sb);
    return M_OK;
}

/* A character's value for Java's basic decoder: -2 for padding, -1 outside the alphabet. */
static int b64_value(unsigned char c)
{
    int v = base64_digit(c);
    return v >= 0 ? v : c == '=' ? -2 : -1;
}

/* The message of the exception java.util.Base64's basic decoder throws at the
 * character at s[i], whose byte (ISO-8859-1, '?' beyond) is printed signed. */
static const char *illegal_b64(const vstr *s, size_t i, char *why, size_t wl)
{
    int32_t c = next_cp(s->data, s->len, &i);
    int8_t b = (int8_t)(c > 0xFF ? '?' : c);
    snprintf(why, wl, "Illegal base64 character %s%x", b < 0 ? "-" : "", b < 0 ? -b : b);
    return why;
}

/* After the last full unit: flush the bits left (shift says how many chars the
 * unit had) and check that nothing but the padding follows. */
static const char *b64_tail(const vstr *s, size_t i, uint32_t bits, int shift, strbuf *bytes, char *why, size_t wl)
{
    if (shift == 6) {
        strbuf_putc(bytes, (char)(bits >> 16));
    } else if (shift == 0) {
        strbuf_putc(bytes, (char)(bits >> 16));
        strbuf_putc(bytes, (char)(bits >> 8));
    } else if (shift == 12) {
        return "Last unit does not have enough valid bits";
    }
    if (i < s->len) {
        snprintf(why, wl, "Input byte array has incorrect ending byte at %zu", i);
        return why;
    }
    return NULL;
}

/* java.util.Base64.getDecoder().decode(s): NULL, or the exception message. */
static const char *base64_decode(const vstr *s, strbuf *bytes, char *why, size_t wl)
{
    const unsigned char *p = (const unsigned char *)s->data;
    uint32_t bits = 0;
    int shift = 18;
    size_t i = 0;
    if (s->len == 1)
        return "Input byte[] should at least have 2 bytes for base64 bytes";
    while (i < s->len) {
        int v = b64_value(p[i]);
        if (v == -1)
            return illegal_b64(s, i, why, wl);
        i++;
        if (v == -2) {  /* '=': "xx==" and "xxx=" end a unit; anything else is wrong */
            if ((shift == 6 && (i == s->len || p[i++] != '=')) || shift == 18)
                return "Input byte array has wrong 4-byte ending unit";
            break;
        }
        bits |= (uint32_t)v << shift;
        shift -= 6;
        if (shift < 0) {
            strbuf_putc(bytes, (char)(bits >> 16));
            strbuf_putc(bytes, (char)(bits >> 8));
            strbuf_putc(bytes, (char)bits);
            shift = 18;
            bits = 0;
        }
    }
    return b64_tail(s, i, bits, shift, bytes, why, wl);
}

/* base64Decode(String): the decoded bytes, shown as the UTF-8 String they
 * spell (reference 4.3: what templates see in practice). */
FN(u_base64_decode)
{
    UNUSED;
    STRING_ARG(a[0]);
    strbuf bytes = STRBUF_INIT, sb = STRBUF_INIT;
    char why[128], exc[200];
    const char *bad = base64_decode(a[0].u.s, &bytes, why, sizeof why);
    if (bad) {
        strbuf_free(&bytes);
        snprintf(exc, sizeof exc, "java.lang.IllegalArgumentException: %s", bad);
        return thrown(ev, site, "base64Decode", exc);
    }
    decode_utf8(&sb, (const unsigned char *)bytes.data, bytes.len);
    strbuf_free(&bytes);
    *out = take_str(ev, &sb);
    return M_OK;
}

/* ================================================================ identifiers
 *
 * With --ids counter the identifiers are deterministic and share one counter
 * per evaluation (N = 1, 2, ...): autoId is 00000000-0000-4000-8000-<N as 12
 * hex digits>; autoUlid is the clock's 48-bit millisecond time in 10 Crockford
 * digits followed by N in 16; autoKsuid is the clock's KSUID timestamp (seconds
 * since 2014-05-13T16:53:20Z) as 4 bytes followed by N as a 16-byte big-endian
 * payload, in 27 base-62 digits. Otherwise the random parts come from the
 * evaluation's generator (seeded by --seed when given). */


FN(u_auto_id)
{
    UNUSED;
    char buf[40];
    if (ev->opt->ids == IDS_COUNTER) {
        snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012llx", (unsigned long long)++ev->id_counter);
    } else {
        uint64_t h = eval_random(ev), l = eval_random(ev);
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
        uint64_t r1 = eval_random(ev), r2 = eval_random(ev);
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

/* The 20 bytes of a KSUID as 27 base-62 digits (0-9A-Za-z), zero-padded. */
static void ksuid_base62(const unsigned char raw[20], char buf[28])
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    unsigned char num[20];
    memcpy(num, raw, 20);
    for (int pos = 26; pos >= 0; pos--) {
        unsigned rem = 0;  /* num /= 62, long division by bytes */
        for (int i = 0; i < 20; i++) {
            unsigned cur = rem << 8 | num[i];
            num[i] = (unsigned char)(cur / 62);
            rem = cur % 62;
        }
        buf[pos] = digits[rem];
    }
    buf[27] = '\0';
}

FN(u_auto_ksuid)
{
    UNUSED;
    unsigned char raw[20];
    int64_t secs = ev->opt->now_ms / 1000 - 1400000000;
    uint32_t ts = secs < 0 ? 0 : secs > UINT32_MAX ? UINT32_MAX : (uint32_t)secs;
    for (int i = 0; i < 4; i++)
        raw[i] = (unsigned char)(ts >> (24 - 8 * i));
    uint64_t hi = 0, lo;
    if (ev->opt->ids == IDS_COUNTER) {
        lo = ++ev->id_counter;
    } else {
        hi = eval_random(ev);
        lo = eval_random(ev);
    }
    for (int i = 0; i < 8; i++) {
        raw[4 + i] = (unsigned char)(hi >> (56 - 8 * i));
        raw[12 + i] = (unsigned char)(lo >> (56 - 8 * i));
    }
    char buf[28];
    ksuid_base62(raw, buf);
    *out = vval_cstr(ev->ar, buf);
    return M_OK;
}

/* ================================================================ tables */

static const method_def core_fns[] = {
    {"appendError", u_append_error, 1, 4},
    {"authType", u_auth_type, 0, 0},
    {"autoId", u_auto_id, 0, 0},
    {"autoKsuid", u_auto_ksuid, 0, 0},
    {"autoUlid", u_auto_ulid, 0, 0},
    {"base64Decode", u_base64_decode, 1, 1},
    {"base64Encode", u_base64_encode, 1, 1},
    {"defaultIfNull", u_default_if_null, 2, 2},
    {"defaultIfNullOrBlank", u_default_if_null_or_blank, 2, 2},
    {"defaultIfNullOrEmpty", u_default_if_null_or_empty, 2, 2},
    {"error", u_error, 1, 4},
    {"escapeJavaScript", u_escape_javascript, 1, 1},
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
    {"qr", u_qr, 1, 1},
    {"quiet", u_qr, 1, 1},
    {"toJson", u_to_json, 1, 1},
    {"typeOf", u_type_of, 1, 1},
    {"unauthorized", u_unauthorized, 0, 0},
    {"urlDecode", u_url_decode, 1, 1},
    {"urlEncode", u_url_encode, 1, 1},
    {"validate", u_validate, 2, 4},
};
const util_ns util_ns_core = {"", core_fns, sizeof core_fns / sizeof *core_fns};

/* ================================================================ $util.log */

/* info(Object) or info(String fmt, Object...) with {} placeholders. */
static void log_line(eval_state *ev, const vval *a, size_t na)
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
    vlist_push(ev->logs.u.l, take_str(ev, &sb));
}

FN(l_log)
{
    UNUSED;
    if (na > 1 && !arg_is_str(a[0]))
        return M_NOTFOUND;  /* only (Object) and (String, Object...) exist */
    log_line(ev, a, na);
    *out = util_void(ev);
    return M_OK;
}

static const method_def log_fns[] = {
    {"debug", l_log, 1, -1},
    {"error", l_log, 1, -1},
    {"info", l_log, 1, -1},
};
const util_ns util_ns_log = {"log", log_fns, sizeof log_fns / sizeof *log_fns};
