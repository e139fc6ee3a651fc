/* util_xml: the $util.xml namespace: toMap and toJsonString turn XML text into
 * nested maps. AppSync's documented output (numbers from text, repeated elements
 * as a list, the root element kept) is what org.json's XML.toJSONObject gives, so
 * the tokenizer and conversion below follow that library's grammar, its rules
 * (attributes as keys, mixed text under "content") and its error messages. */
#include "util/util.h"
#include "vval/vval_json.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_DEPTH 512          /* org.json's default nesting limit */
#define CONTENT_KEY "content"  /* text next to attributes or child elements */

/* ================================================================ reader */

/* The input, read one code point at a time. A NUL ends it (Java's reader
 * reports a 0 char as the end). The first exception is kept as Java text. */
typedef struct xml_in {
    const char *s;
    size_t len, pos;
    size_t prev;              /* pos before the last next(), for back() */
    arena *ar;
    char err[320];            /* "org.json.JSONException: ..." once failed */
} xml_in;

/* Tokens: names and quoted strings are both TK_NAME, as in org.json. */
typedef enum tok_kind { TK_NAME, TK_GT, TK_SLASH, TK_EQ, TK_BANG, TK_QUEST, TK_LT, TK_META, TK_END } tok_kind;

typedef struct tok {
    tok_kind kind;
    vstr *text;               /* TK_NAME, and text content */
} tok;

/* What parse() found after a '<'. */
typedef enum pres { P_DONE, P_CLOSED, P_ERR } pres;

static uint32_t next(xml_in *in)
{
    in->prev = in->pos;
    if (in->pos >= in->len)
        return 0;
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)in->s + in->pos,
                                          (utf8proc_ssize_t)(in->len - in->pos), &cp);
    if (n <= 0) {
        n = 1;
        cp = 0xFFFD;          /* a stray byte: classified as U+FFFD, copied as it is */
    }
    in->pos += (size_t)n;
    return (uint32_t)cp;
}

static void back(xml_in *in) { in->pos = in->prev; }

/* Append the bytes of the character next() just returned. */
static void put_last(strbuf *sb, const xml_in *in) { strbuf_append(sb, in->s + in->prev, in->pos - in->prev); }

static vstr *take(xml_in *in, strbuf *sb)
{
    vstr *s = vstr_new(in->ar, strbuf_cstr(sb), sb->len);
    strbuf_free(sb);
    return s;
}

/* Java's Character.isWhitespace. */
static bool is_ws(uint32_t c)
{
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F))
        return true;
    if (c < 0x80 || c == 0xA0 || c == 0x2007 || c == 0x202F)
        return false;
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL || k == UTF8PROC_CATEGORY_ZP;
}

/* Java's Character.isLetterOrDigit. */
static bool is_alnum(uint32_t c)
{
    if (c < 0x80)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) || k == UTF8PROC_CATEGORY_ND;
}

/* Java's Character.toLowerCase. */
static uint32_t to_lower(uint32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
}

/* ================================================================ errors */

/* Record an exception (what follows "threw exception "); keeps the first. */
static bool raise(xml_in *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool raise(xml_in *in, const char *fmt, ...)
{
    if (in->err[0])
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(in->err, sizeof in->err, fmt, ap);
    va_end(ap);
    return false;
}

/* JSONTokener's position after reading everything before in->pos: chars read
 * (UTF-16 units), the column (1 + chars on line one, chars since the newline
 * after that) and the line. */
static void position(const xml_in *in, long *index, long *character, long *line)
{
    xml_in r = *in;
    r.pos = 0;
    uint32_t prevc = 0;
    *index = 0, *character = 1, *line = 1;
    while (r.pos < in->pos) {
        uint32_t c = next(&r);
        int units = c >= 0x10000 ? 2 : 1;
        *index += units;
        if (c == '\r' || c == '\n') {
            *line += !(c == '\n' && prevc == '\r');
            *character = 0;
        } else {
            *character += units;
        }
        prevc = c;
    }
}

/* org.json's syntaxError: the message, then " at INDEX [character C line L]". */
static bool syntax(xml_in *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool syntax(xml_in *in, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long index, character, line;
    position(in, &index, &character, &line);
    return raise(in, "org.json.JSONException: %s at %ld [character %ld line %ld]", msg, index, character, line);
}

/* ================================================================ tokens */

/* "#65" or "#x41" (already lower-cased): the character, as Integer.parseInt
 * and new String(int[]) would give it. */
static bool numeric_entity(xml_in *in, const char *e, strbuf *sb)
{
    if (!e[1])
        return raise(in, "java.lang.StringIndexOutOfBoundsException: String index out of range: 1");
    int base = e[1] == 'x' ? 16 : 10;
    const char *d = e + (base == 16 ? 2 : 1);
    long long v = 0;
    bool ok = *d != '\0';
    for (const char *p = d; *p && ok; p++) {
        int k = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : 99;
        ok = k < base && (v = v * base + k) <= 0x7FFFFFFF;
    }
    if (!ok)
        return raise(in, "java.lang.NumberFormatException: For input string: \"%.100s\"", d);
    if (v > 0x10FFFF)
        return raise(in, "java.lang.IllegalArgumentException: %lld", v);
    strbuf_put_utf8(sb, v >= 0xD800 && v <= 0xDFFF ? 0xFFFD : (uint32_t)v);  /* no lone surrogates in UTF-8 */
    return true;
}

/* "&name;" after the '&': a predefined or numeric entity; others stay as text. */
static bool entity(xml_in *in, strbuf *sb)
{
    static const char *const named[][2] = {{"amp", "&"}, {"apos", "'"}, {"gt", ">"}, {"lt", "<"}, {"quot", "\""}};
    strbuf name = STRBUF_INIT;
    for (uint32_t c; (c = next(in)) != ';';) {
        if (!is_alnum(c) && c != '#') {
            syntax(in, "Missing ';' in XML entity: &%.100s", strbuf_cstr(&name));
            strbuf_free(&name);
            return false;
        }
        strbuf_put_utf8(&name, to_lower(c));
    }
    const char *e = strbuf_cstr(&name);
    bool ok = true;
    size_t i = 0;
    while (i < sizeof named / sizeof *named && strcmp(named[i][0], e))
        i++;
    if (e[0] == '#')
        ok = numeric_entity(in, e, sb);
    else if (i < sizeof named / sizeof *named)
        strbuf_puts(sb, named[i][1]);
    else if (e[0])
        strbuf_printf(sb, "&%s;", e);
    strbuf_free(&name);
    return ok;
}

/* A quoted string after its opening quote q; entities are expanded. */
static bool quoted(xml_in *in, uint32_t q, tok *t)
{
    strbuf sb = STRBUF_INIT;
    for (uint32_t c; (c = next(in)) != q;) {
        bool ok = c == 0 ? syntax(in, "Unterminated string") : c == '&' ? entity(in, &sb) : (put_last(&sb, in), true);
        if (!ok) {
            strbuf_free(&sb);
            return false;
        }
    }
    t->kind = TK_NAME;
    t->text = take(in, &sb);
    return true;
}

/* A name whose first character was just read: up to whitespace or a delimiter. */
static bool name(xml_in *in, tok *t)
{
    strbuf sb = STRBUF_INIT;
    put_last(&sb, in);
    for (uint32_t c; (c = next(in)) != 0 && !is_ws(c); put_last(&sb, in)) {
        if (c < 0x80 && strchr("<\"'", (int)c)) {
            strbuf_free(&sb);
            return syntax(in, "Bad character in a name");
        }
        if (c < 0x80 && strchr(">/=!?[]", (int)c)) {
            back(in);
            break;
        }
    }
    t->kind = TK_NAME;
    t->text = take(in, &sb);
    return true;
}

static bool punct(uint32_t c, tok *t)
{
    static const char chars[] = "></=!?";
    static const tok_kind kinds[] = {TK_GT, TK_LT, TK_SLASH, TK_EQ, TK_BANG, TK_QUEST};
    const char *p = c && c < 0x80 ? strchr(chars, (int)c) : NULL;
    if (p)
        t->kind = kinds[p - chars];
    return p != NULL;
}

/* XMLTokener.nextToken: the next token inside a tag. */
static bool next_token(xml_in *in, tok *t)
{
    uint32_t c;
    do
        c = next(in);
    while (is_ws(c));
    t->text = NULL;
    if (c == 0)
        return syntax(in, "Misshaped element");
    if (c == '<')
        return syntax(in, "Misplaced '<'");
    if (punct(c, t))
        return true;
    if (c == '"' || c == '\'')
        return quoted(in, c, t);
    return name(in, t);
}

/* XMLTokener.nextContent: text up to the next '<' (trimmed), TK_LT, or TK_END. */
static bool next_content(xml_in *in, tok *t)
{
    uint32_t c;
    do
        c = next(in);
    while (is_ws(c));
    t->kind = c == 0 ? TK_END : c == '<' ? TK_LT : TK_NAME;
    if (t->kind != TK_NAME)
        return true;
    strbuf sb = STRBUF_INIT;
    for (; c != 0 && c != '<'; c = next(in)) {
        if (c != '&') {
            put_last(&sb, in);
        } else if (!entity(in, &sb)) {
            strbuf_free(&sb);
            return false;
        }
    }
    if (c == '<')
        back(in);
    size_t b = 0, e = sb.len;  /* String.trim: chars <= ' ' at both ends */
    while (b < e && (unsigned char)sb.data[b] <= ' ')
        b++;
    while (e > b && (unsigned char)sb.data[e - 1] <= ' ')
        e--;
    t->text = vstr_new(in->ar, sb.data ? sb.data + b : "", e - b);
    strbuf_free(&sb);
    return true;
}

/* XMLTokener.nextMeta: a token inside <!...>; only TK_LT and TK_GT matter. */
static bool next_meta(xml_in *in, tok *t)
{
    uint32_t c;
    do
        c = next(in);
    while (is_ws(c));
    if (c == 0)
        return syntax(in, "Misshaped meta tag");
    if (punct(c, t))
        return true;
    t->kind = TK_META;
    if (c == '"' || c == '\'') {
        for (uint32_t q = c; (c = next(in)) != q;)
            if (c == 0)
                return syntax(in, "Unterminated string");
        return true;
    }
    while ((c = next(in)) != 0 && !is_ws(c))
        if (c < 0x80 && strchr("<>/=!?\"'", (int)c))
            break;
    if (!is_ws(c))
        back(in);  /* org.json backs up at the end too, then loops forever; we fail next time */
    return true;
}

/* Move past the next occurrence of `to`, or to the end. */
static void skip_past(xml_in *in, const char *to)
{
    size_t n = strlen(to);
    while (in->pos + n <= in->len && memcmp(in->s + in->pos, to, n))
        in->pos++;
    in->pos = in->pos + n <= in->len ? in->pos + n : in->len;
}

/* The text of <![CDATA[ ... ]]> after its opening, raw. */
static bool next_cdata(xml_in *in, tok *t)
{
    size_t start = in->pos;
    skip_past(in, "]]>");
    if (in->pos - start < 3 || memcmp(in->s + in->pos - 3, "]]>", 3))
        return syntax(in, "Unclosed CDATA");
    t->kind = TK_NAME;
    t->text = vstr_new(in->ar, in->s + start, in->pos - 3 - start);
    return true;
}

/* ================================================================ values */

/* Skip characters of `set` from i, counting them. */
static size_t span_of(const char *s, size_t i, size_t n, const char *set, size_t *count)
{
    for (; i < n && s[i] && strchr(set, s[i]); i++)
        ++*count;
    return i;
}

/* Java's Double.valueOf grammar after trim(): [sign] digits [. digits]
 * [e [sign] digits] [fFdD], or a hex float 0x h [. h] p [sign] digits. */
static bool java_double(arena *ar, const char *s, size_t n, double *out)
{
    while (n && (unsigned char)s[n - 1] <= ' ')
        n--;
    size_t i = s[0] == '-' || s[0] == '+', digits = 0, expdigits = 0;
    bool hex = n > i + 1 && s[i] == '0' && (s[i + 1] | 0x20) == 'x';
    const char *set = hex ? "0123456789abcdefABCDEF" : "0123456789";
    i = span_of(s, i + (hex ? 2 : 0), n, set, &digits);
    if (i < n && s[i] == '.')
        i = span_of(s, i + 1, n, set, &digits);
    bool has_exp = i < n && (s[i] | 0x20) == (hex ? 'p' : 'e');
    if (has_exp) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        i = span_of(s, i, n, "0123456789", &expdigits);
    }
    size_t end = i;
    if (i < n && s[i] && strchr("fFdD", s[i]))
        i++;
    if (digits == 0 || (has_exp && expdigits == 0) || (hex && !has_exp) || i != n)
        return false;
    *out = strtod(arena_strndup(ar, s, end), NULL);
    return true;
}

/* Long.valueOf(s) whose toString() is s again: -?(0|[1-9][0-9]*) in range. */
static bool canonical_long(const char *s, size_t n, int64_t *out)
{
    bool neg = s[0] == '-';
    size_t i = neg;
    if (i == n || (s[i] == '0' && n > i + 1))
        return false;
    __int128 v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || (v = v * 10 + (s[i] - '0')) > (__int128)INT64_MAX + 1)
            return false;
    }
    v = neg ? -v : v;
    if (v > INT64_MAX)
        return false;
    *out = (int64_t)v;
    return true;
}

static bool ieq(const vstr *s, const char *w)
{
    size_t n = strlen(w);
    if (s->len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s->data[i] | 0x20) != w[i])
            return false;
    return true;
}

/* org.json XML.stringToValue: "" stays, true/false/null in any case, Integer,
 * Long or Double when the whole text is one, else the String. */
static vval to_value(arena *ar, vstr *s)
{
    const char *p = s->data;
    size_t n = s->len;
    if (n == 0)
        return vval_from_vstr(s);
    if (ieq(s, "true") || ieq(s, "false"))
        return vval_bool((p[0] | 0x20) == 't');
    if (ieq(s, "null"))
        return vval_null();
    if ((p[0] >= '0' && p[0] <= '9') || p[0] == '-') {
        double d;
        int64_t l;
        if (memchr(p, '.', n) || memchr(p, 'e', n) || memchr(p, 'E', n) || (n == 2 && p[0] == '-' && p[1] == '0')) {
            if (java_double(ar, p, n, &d) && isfinite(d))
                return vval_double(d);
        } else if (canonical_long(p, n, &l)) {
            return l >= INT32_MIN && l <= INT32_MAX ? vval_int((int32_t)l) : vval_long(l);
        }
    }
    return vval_from_vstr(s);
}

/* JSONObject.accumulate: a second value under a key makes a list; a list put
 * under a new key is wrapped in one. */
static void accumulate(arena *ar, vmap *m, vval key, vval v)
{
    vval *old = vmap_find(m, key);
    if (old && old->kind == VVAL_LIST) {
        vlist_push(old->u.l, v);
        return;
    }
    if (old || v.kind == VVAL_LIST) {
        vval l = vval_list_new(ar, 2);
        if (old)
            vlist_push(l.u.l, *old);
        vlist_push(l.u.l, v);
        v = l;
    }
    vmap_put(m, key, v, NULL);
}

static void accumulate_str(arena *ar, vmap *m, const char *key, vval v)
{
    accumulate(ar, m, vval_cstr(ar, key), v);
}

/* ================================================================ elements */

static pres parse(xml_in *in, vmap *ctx, vstr *tag, int depth);

/* P_ERR after a syntax() call: `return failed(syntax(in, ...));` */
static pres failed(bool ignored)
{
    (void)ignored;
    return P_ERR;
}

/* A token as org.json would print it in a message. */
static const char *tok_text(const tok *t)
{
    static const char *const text[] = {"", ">", "/", "=", "!", "?", "<", "", ""};
    return t->kind == TK_NAME ? t->text->data : text[t->kind];
}

/* "</name>" after the '/': it must close `tag` (NULL at the top level). */
static pres close_tag(xml_in *in, const vstr *tag)
{
    tok t;
    if (!next_token(in, &t))
        return P_ERR;
    if (!tag)
        return failed(syntax(in, "Mismatched close tag %.100s", tok_text(&t)));
    if (t.kind != TK_NAME || t.text->len != tag->len || memcmp(t.text->data, tag->data, tag->len))
        return failed(syntax(in, "Mismatched %.100s and %.100s", tag->data, tok_text(&t)));
    if (!next_token(in, &t))
        return P_ERR;
    if (t.kind != TK_GT)
        return failed(syntax(in, "Misshaped close tag"));
    return P_CLOSED;
}

/* After "<!": a comment, a CDATA section (its raw text joins "content"), or a
 * declaration such as DOCTYPE, skipped up to its balancing '>'. */
static pres bang(xml_in *in, vmap *ctx)
{
    uint32_t c = next(in);
    tok t;
    if (c == '-') {
        if (next(in) == '-') {
            skip_past(in, "-->");
            return P_DONE;
        }
        back(in);
    } else if (c == '[') {
        if (!next_token(in, &t))
            return P_ERR;
        if (t.kind != TK_NAME || strcmp(t.text->data, "CDATA") || next(in) != '[')
            return failed(syntax(in, "Expected 'CDATA['"));
        if (!next_cdata(in, &t))
            return P_ERR;
        if (t.text->len)
            accumulate_str(in->ar, ctx, CONTENT_KEY, vval_from_vstr(t.text));
        return P_DONE;
    }
    for (int open = 1; open > 0;) {
        if (!next_meta(in, &t))
            return P_ERR;
        open += t.kind == TK_LT ? 1 : t.kind == TK_GT ? -1 : 0;
    }
    return P_DONE;
}

/* The content of `tag` up to its close tag. The element then joins ctx as ""
 * when it has nothing, as its text alone when that is all, else as the map. */
static pres content(xml_in *in, vmap *ctx, vstr *tag, vval obj, int depth)
{
    for (tok t;;) {
        if (!next_content(in, &t))
            return P_ERR;
        if (t.kind == TK_END)
            return failed(syntax(in, "Unclosed tag %.100s", tag->data));
        if (t.kind == TK_NAME) {
            if (t.text->len)
                accumulate_str(in->ar, obj.u.m, CONTENT_KEY, to_value(in->ar, t.text));
            continue;
        }
        if (depth == MAX_DEPTH)
            return failed(syntax(in, "Maximum nesting depth of %d reached", MAX_DEPTH));
        pres r = parse(in, obj.u.m, tag, depth + 1);
        if (r == P_ERR)
            return P_ERR;
        if (r == P_DONE)
            continue;
        vval *text = vmap_find_str(obj.u.m, CONTENT_KEY, strlen(CONTENT_KEY));
        size_t n = obj.u.m->count;
        accumulate(in->ar, ctx, vval_from_vstr(tag), n == 0 ? vval_cstr(in->ar, "") : n == 1 && text ? *text : obj);
        return P_DONE;
    }
}

/* A start tag whose name was read: attributes (values typed like text; a
 * bare name gets ""), then "/>" or '>' and the content. */
static pres element(xml_in *in, vmap *ctx, vstr *tag, int depth)
{
    vval obj = vval_map_new(in->ar);
    tok t;
    for (bool have = false;; ) {
        if (!have && !next_token(in, &t))
            return P_ERR;
        have = false;
        if (t.kind == TK_GT)
            return content(in, ctx, tag, obj, depth);
        if (t.kind == TK_SLASH) {
            if (!next_token(in, &t))
                return P_ERR;
            if (t.kind != TK_GT)
                return failed(syntax(in, "Misshaped tag"));
            accumulate(in->ar, ctx, vval_from_vstr(tag), obj.u.m->count ? obj : vval_cstr(in->ar, ""));
            return P_DONE;
        }
        if (t.kind != TK_NAME)
            return failed(syntax(in, "Misshaped tag"));
        vval attr = vval_from_vstr(t.text);
        if (!next_token(in, &t))
            return P_ERR;
        if (t.kind != TK_EQ) {
            accumulate(in->ar, obj.u.m, attr, vval_cstr(in->ar, ""));
            have = true;
            continue;
        }
        if (!next_token(in, &t))
            return P_ERR;
        if (t.kind != TK_NAME)
            return failed(syntax(in, "Missing value"));
        accumulate(in->ar, obj.u.m, attr, to_value(in->ar, t.text));
    }
}

/* XML.parse: what follows a '<': a comment, declaration or CDATA, a
 * processing instruction (skipped), the close tag of `tag`, or an element. */
static pres parse(xml_in *in, vmap *ctx, vstr *tag, int depth)
{
    tok t;
    if (!next_token(in, &t))
        return P_ERR;
    switch (t.kind) {
    case TK_BANG:
        return bang(in, ctx);
    case TK_QUEST:
        skip_past(in, "?>");
        return P_DONE;
    case TK_SLASH:
        return close_tag(in, tag);
    case TK_NAME:
        return element(in, ctx, t.text, depth);
    default:
        return failed(syntax(in, "Misshaped tag"));
    }
}

/* XML.toJSONObject: every top-level construct goes into one map; text outside
 * elements is skipped. False, with in->err set, on malformed input. */
static bool to_map(xml_in *in, vval *out)
{
    *out = vval_map_new(in->ar);
    while (in->pos < in->len) {
        skip_past(in, "<");
        if (in->pos < in->len && parse(in, out->u.m, NULL, 0) == P_ERR)
            return false;
    }
    return true;
}

/* ================================================================ $util.xml */

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)

/* Convert the String argument of method `fn`: M_NOTFOUND for another type,
 * an exception for null or malformed XML. */
static mres convert(eval_state *ev, const char *fn, vval arg, vval *map, const ast_node *site)
{
    if (!arg_is_str(arg))
        return M_NOTFOUND;
    if (vval_is_null(arg))
        return method_throw(ev, site, "Invocation of method '%s' threw exception java.lang.NullPointerException", fn);
    xml_in in;
    memset(&in, 0, sizeof in);
    in.s = arg.u.s->data;
    const char *nul = memchr(in.s, '\0', arg.u.s->len);
    in.len = nul ? (size_t)(nul - in.s) : arg.u.s->len;
    in.ar = ev->ar;
    if (!to_map(&in, map))
        return method_throw(ev, site, "Invocation of method '%s' threw exception %s", fn,
                            in.err[0] ? in.err : "org.json.JSONException");
    return M_OK;
}

/* toMap(String) : Map */
FN(x_to_map)
{
    (void)self, (void)na;
    return convert(ev, "toMap", a[0], out, site);
}

/* toJsonString(String [, Boolean encode]) : String; with encode true the JSON
 * text comes back as a JSON string literal. */
FN(x_to_json_string)
{
    (void)self;
    bool encode = na > 1 && a[1].kind == VVAL_BOOL && a[1].u.b;
    if (na > 1 && a[1].kind != VVAL_BOOL && !vval_is_null(a[1]))
        return M_NOTFOUND;
    vval map;
    mres r = convert(ev, "toJsonString", a[0], &map, site);
    if (r != M_OK)
        return r;
    strbuf js = STRBUF_INIT, lit = STRBUF_INIT;
    vjson_write(&js, map);
    if (encode)
        strbuf_json_string(&lit, strbuf_cstr(&js), js.len);
    strbuf *res = encode ? &lit : &js;
    *out = vval_str(ev->ar, strbuf_cstr(res), res->len);
    strbuf_free(&js);
    strbuf_free(&lit);
    return M_OK;
}

static const method_def xml_fns[] = {
    {"toJsonString", x_to_json_string, 1, 2},
    {"toMap", x_to_map, 1, 1},
};
const util_ns util_ns_xml = {"xml", xml_fns, sizeof xml_fns / sizeof *xml_fns};
