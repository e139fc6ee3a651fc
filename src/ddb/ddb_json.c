/* ddb_json: a strict JSON reader into an arena DOM that keeps number lexemes
 * and NUL bytes in strings, and a compact writer for that DOM. */
#include "ddb/ddb_json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256

typedef struct reader {
    const char *s, *p, *end;
    arena *ar;
    char *err;
    size_t errcap;
    int depth;
} reader;

static bool fail(reader *r, const char *what)
{
    if (r->err && r->errcap)
        snprintf(r->err, r->errcap, "%s at offset %zu", what, (size_t)(r->p - r->s));
    return false;
}

static void skip_ws(reader *r)
{
    const char *p = r->p, *end = r->end;   /* locals: the loop runs per byte */
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    r->p = p;
}

static ddb_json *node(reader *r, ddb_json_kind k)
{
    static const ddb_json empty;
    ddb_json *j = arena_alloc(r->ar, sizeof *j);
    *j = empty;
    j->kind = k;
    return j;
}

static bool literal(reader *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return fail(r, "invalid literal");
    r->p += n;
    return true;
}

static bool digits(reader *r)
{
    const char *start = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
        r->p++;
    return r->p > start;
}

static bool parse_number(reader *r, ddb_json **out)
{
    const char *start = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    if (r->p < r->end && *r->p == '0')
        r->p++;
    else if (!digits(r))
        return fail(r, "invalid number");
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (!digits(r))
            return fail(r, "invalid number");
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (!digits(r))
            return fail(r, "invalid number");
    }
    ddb_json *j = node(r, DDB_JSON_NUMBER);
    j->str = start;
    j->len = (size_t)(r->p - start);
    *out = j;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(reader *r, unsigned *v)
{
    if (r->end - r->p < 4)
        return fail(r, "truncated \\u escape");
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(r->p[i]);
        if (h < 0)
            return fail(r, "invalid \\u escape");
        x = x * 16 + (unsigned)h;
    }
    r->p += 4;
    *v = x;
    return true;
}

static void put_utf8(strbuf *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    strbuf_append(sb, b, n);
}

/* A \uXXXX escape, joining a surrogate pair when one follows. */
static bool unicode_escape(reader *r, strbuf *sb)
{
    unsigned cp;
    if (!hex4(r, &cp))
        return false;
    if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
        const char *save = r->p;
        unsigned lo;
        r->p += 2;
        if (hex4(r, &lo) && lo >= 0xDC00 && lo < 0xE000)
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        else
            r->p = save;
    }
    put_utf8(sb, cp);
    return true;
}

static bool escape(reader *r, strbuf *sb)
{
    if (r->p >= r->end)
        return fail(r, "unterminated string");
    char c = *r->p++;
    switch (c) {
    case '"': strbuf_putc(sb, '"'); return true;
    case '\\': strbuf_putc(sb, '\\'); return true;
    case '/': strbuf_putc(sb, '/'); return true;
    case 'b': strbuf_putc(sb, '\b'); return true;
    case 'f': strbuf_putc(sb, '\f'); return true;
    case 'n': strbuf_putc(sb, '\n'); return true;
    case 'r': strbuf_putc(sb, '\r'); return true;
    case 't': strbuf_putc(sb, '\t'); return true;
    case 'u': return unicode_escape(r, sb);
    default: r->p--; return fail(r, "invalid escape");
    }
}

/* The rest of a string holding escapes, from r->p (after the plain run
 * start..r->p); the decoded text goes to the arena. */
static bool parse_string_escaped(reader *r, const char *start, const char **str, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    strbuf_append(&sb, start, (size_t)(r->p - start));
    bool ok = true;
    for (;;) {
        if (r->p >= r->end) {
            ok = fail(r, "unterminated string");
            break;
        }
        char c = *r->p;
        if (c == '"') {
            r->p++;
            break;
        }
        if ((unsigned char)c < 0x20) {
            ok = fail(r, "control character in string");
            break;
        }
        r->p++;
        if (c == '\\') {
            if (!(ok = escape(r, &sb)))
                break;
        } else {
            strbuf_putc(&sb, c);
        }
    }
    if (ok) {
        *len = sb.len;
        *str = arena_strndup(r->ar, strbuf_cstr(&sb), sb.len);
    }
    strbuf_free(&sb);
    return ok;
}

/* Bytes that end a plain run inside a string: '"', '\\' and controls. */
static const unsigned char stops[256] = {
    [0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* Parse a string starting at the opening quote. Without escapes the result
 * points into the input; otherwise it is decoded into the arena. */
static bool parse_string_raw(reader *r, const char **str, size_t *len)
{
    const char *start = r->p + 1, *p = start, *end = r->end;
    while (p < end && !stops[(unsigned char)*p])
        p++;
    r->p = p;
    if (p < end && *p == '"') {
        *str = start;
        *len = (size_t)(p - start);
        r->p = p + 1;
        return true;
    }
    return parse_string_escaped(r, start, str, len);
}

static bool parse_value(reader *r, ddb_json **out);

/* Members are gathered in a small buffer on the stack and copied to the
 * arena once the object or array is complete, so a typical object costs one
 * allocation per array instead of a growth sequence. */
#define LOCAL_MEMBERS 16

typedef struct members {
    ddb_json *items_buf[LOCAL_MEMBERS];
    const char *keys_buf[LOCAL_MEMBERS];
    size_t lens_buf[LOCAL_MEMBERS];
    ddb_json **items;
    const char **keys;
    size_t *lens;
    size_t n, cap;
} members;

static void members_init(members *m)
{
    m->items = m->items_buf;
    m->keys = m->keys_buf;
    m->lens = m->lens_buf;
    m->n = 0;
    m->cap = LOCAL_MEMBERS;
}

static void members_grow(reader *r, members *m)
{
    size_t ncap = m->cap * 2;
    m->items = arena_grow(r->ar, m->items, m->n * sizeof *m->items, ncap * sizeof *m->items);
    m->keys = arena_grow(r->ar, m->keys, m->n * sizeof *m->keys, ncap * sizeof *m->keys);
    m->lens = arena_grow(r->ar, m->lens, m->n * sizeof *m->lens, ncap * sizeof *m->lens);
    m->cap = ncap;
}

/* Move the gathered members into node j. */
static void members_finish(reader *r, members *m, ddb_json *j, bool with_keys)
{
    size_t n = m->n;
    j->n = n;
    if (!n)
        return;
    /* One allocation holds the three arrays (pointers and sizes share an
     * alignment). */
    void **block = arena_alloc(r->ar, n * (with_keys ? 3 : 1) * sizeof(void *));
    j->items = (ddb_json **)block;
    memcpy(j->items, m->items, n * sizeof *j->items);
    if (!with_keys)
        return;
    j->keys = (const char **)(block + n);
    memcpy(j->keys, m->keys, n * sizeof *j->keys);
    j->keylens = (size_t *)(block + 2 * n);
    memcpy(j->keylens, m->lens, n * sizeof *j->keylens);
}

static bool parse_member(reader *r, members *m)
{
    skip_ws(r);
    if (r->p >= r->end || *r->p != '"')
        return fail(r, "expected a member name");
    if (!parse_string_raw(r, &m->keys[m->n], &m->lens[m->n]))
        return false;
    skip_ws(r);
    if (r->p >= r->end || *r->p != ':')
        return fail(r, "expected ':'");
    r->p++;
    return parse_value(r, &m->items[m->n]);
}

/* An array or an object: the same loop, with members named for objects. */
static bool parse_container(reader *r, ddb_json **out, bool object)
{
    ddb_json *j = node(r, object ? DDB_JSON_OBJECT : DDB_JSON_ARRAY);
    const char close = object ? '}' : ']';
    members m;
    members_init(&m);
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        *out = j;
        return true;
    }
    for (;;) {
        if (m.n == m.cap)
            members_grow(r, &m);
        if (!(object ? parse_member(r, &m) : parse_value(r, &m.items[m.n])))
            return false;
        m.n++;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            members_finish(r, &m, j, object);
            *out = j;
            return true;
        }
        return fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool parse_value(reader *r, ddb_json **out)
{
    skip_ws(r);
    if (r->p >= r->end)
        return fail(r, "unexpected end of input");
    if (++r->depth > MAX_DEPTH)
        return fail(r, "nesting too deep");
    bool ok;
    switch (*r->p) {
    case '{': ok = parse_container(r, out, true); break;
    case '[': ok = parse_container(r, out, false); break;
    case '"': {
        ddb_json *j = node(r, DDB_JSON_STRING);
        ok = parse_string_raw(r, &j->str, &j->len);
        *out = j;
        break;
    }
    case 't': ok = literal(r, "true"); if (ok) { *out = node(r, DDB_JSON_BOOL); (*out)->b = true; } break;
    case 'f': ok = literal(r, "false"); if (ok) *out = node(r, DDB_JSON_BOOL); break;
    case 'n': ok = literal(r, "null"); if (ok) *out = node(r, DDB_JSON_NULL); break;
    default: ok = parse_number(r, out); break;
    }
    r->depth--;
    return ok;
}

bool ddb_json_parse(arena *ar, const char *s, size_t len, ddb_json **out, char *err, size_t errcap)
{
    reader r = {s, s, s + len, ar, err, errcap, 0};
    ddb_json *j = NULL;
    if (!parse_value(&r, &j))
        return false;
    skip_ws(&r);
    if (r.p != r.end)
        return fail(&r, "unexpected text after the JSON value");
    *out = j;
    return true;
}

ddb_json *ddb_json_getn(const ddb_json *o, const char *name, size_t n)
{
    if (!o || o->kind != DDB_JSON_OBJECT)
        return NULL;
    for (size_t i = o->n; i-- > 0;)
        if (o->keylens[i] == n && (n == 0 || o->keys[i][0] == name[0]) && memcmp(o->keys[i], name, n) == 0)
            return o->items[i];
    return NULL;
}

bool ddb_json_is_str(const ddb_json *j, const char *s)
{
    return j && j->kind == DDB_JSON_STRING && j->len == strlen(s) && memcmp(j->str, s, j->len) == 0;
}

bool ddb_json_int(const ddb_json *j, long *v)
{
    if (!j || j->kind != DDB_JSON_NUMBER)
        return false;
    char buf[64];
    if (j->len >= sizeof buf)
        return false;
    memcpy(buf, j->str, j->len);
    buf[j->len] = 0;
    char *end;
    double d = strtod(buf, &end);
    if (d != d || d > 9.0e15 || d < -9.0e15)
        return false;
    *v = (long)d;
    return (double)*v == d;
}

void ddb_json_write(strbuf *out, const ddb_json *j)
{
    switch (j->kind) {
    case DDB_JSON_NULL: strbuf_puts(out, "null"); break;
    case DDB_JSON_BOOL: strbuf_puts(out, j->b ? "true" : "false"); break;
    case DDB_JSON_NUMBER: strbuf_append(out, j->str, j->len); break;
    case DDB_JSON_STRING: strbuf_json_string(out, j->str, j->len); break;
    case DDB_JSON_ARRAY:
        strbuf_putc(out, '[');
        for (size_t i = 0; i < j->n; i++) {
            if (i)
                strbuf_putc(out, ',');
            ddb_json_write(out, j->items[i]);
        }
        strbuf_putc(out, ']');
        break;
    case DDB_JSON_OBJECT:
        strbuf_putc(out, '{');
        for (size_t i = 0; i < j->n; i++) {
            if (i)
                strbuf_putc(out, ',');
            strbuf_json_string(out, j->keys[i], j->keylens[i]);
            strbuf_putc(out, ':');
            ddb_json_write(out, j->items[i]);
        }
        strbuf_putc(out, '}');
        break;
    }
}
