/* ddb_json: a strict JSON reader into an arena DOM that keeps number lexemes
 * and NUL bytes in strings, and a compact writer for that DOM. */
#include "ddb/ddb_json.h"
#include "base/hex.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define MAX_DEPTH 256

/* Nodes are carved from the arena in batches: one arena call per batch
 * instead of one per node. With ARENA_DEBUG each node is its own block, so
 * tools still see its bounds. */
#ifdef ARENA_DEBUG
#define NODE_BATCH 1
#else
#define NODE_BATCH 32
#endif

/* Members of the open containers, innermost last: a container's members
 * are copied into one arena block when it closes. */
#define LOCAL_MEMBERS 64

typedef struct member {
    const char *key;
    size_t keylen;
    ddb_json *item;
} member;

/* The reader's position is passed between the functions as a pointer (a
 * register); functions return the position after what they read, or NULL
 * after recording an error. */
typedef struct reader {
    const char *s, *end;
    arena *ar;
    char *err;
    size_t errcap;
    int depth;
    ddb_json *free_nodes, *nodes_end;
    member *stack;
    size_t top, cap;
    member local[LOCAL_MEMBERS];
} reader;

static const char *fail(reader *r, const char *p, const char *what)
{
    if (r->err && r->errcap)
        snprintf(r->err, r->errcap, "%s at offset %zu", what, (size_t)(p - r->s));
    return NULL;
}

const unsigned char ddb_json_ws[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1};


static inline const char *skip_ws(const reader *r, const char *p) { return ddb_json_skip_ws(p, r->end); }

static ddb_json *node(reader *r, ddb_json_kind k)
{
    static const ddb_json empty;
    if (r->free_nodes == r->nodes_end) {
        r->free_nodes = arena_alloc(r->ar, NODE_BATCH * sizeof *r->free_nodes);
        r->nodes_end = r->free_nodes + NODE_BATCH;
    }
    ddb_json *j = r->free_nodes++;
    *j = empty;
    j->kind = k;
    return j;
}

static const char *literal(reader *r, const char *p, const char *word, ddb_json_kind k, bool b, ddb_json **out)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - p) < n || memcmp(p, word, n) != 0)
        return fail(r, p, "invalid literal");
    *out = node(r, k);
    (*out)->b = b;
    return p + n;
}

/* A run of digits at p, or NULL when there is none. */
static const char *digits(const reader *r, const char *p)
{
    const char *start = p;
    while (p < r->end && *p >= '0' && *p <= '9')
        p++;
    return p > start ? p : NULL;
}

static const char *parse_number(reader *r, const char *p, ddb_json **out)
{
    const char *start = p, *q;
    if (p < r->end && *p == '-')
        p++;
    if (p < r->end && *p == '0')
        p++;
    else if (!(q = digits(r, p)))
        return fail(r, p, "invalid number");
    else
        p = q;
    if (p < r->end && *p == '.' && !(p = digits(r, q = p + 1)))
        return fail(r, q, "invalid number");
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        if (!(q = digits(r, p)))
            return fail(r, p, "invalid number");
        p = q;
    }
    ddb_json *j = node(r, DDB_JSON_NUMBER);
    j->str = start;
    j->len = (size_t)(p - start);
    *out = j;
    return p;
}

static const char *hex4(reader *r, const char *p, unsigned *v)
{
    if (r->end - p < 4)
        return fail(r, p, "truncated \\u escape");
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value((unsigned char)p[i]);
        if (h < 0)
            return fail(r, p, "invalid \\u escape");
        x = x * 16 + (unsigned)h;
    }
    *v = x;
    return p + 4;
}

/* A \uXXXX escape (p after the 'u'), joining a surrogate pair when one
 * follows. */
static const char *unicode_escape(reader *r, const char *p, strbuf *sb)
{
    unsigned cp = 0, lo = 0;
    if (!(p = hex4(r, p, &cp)))
        return NULL;
    if (cp >= 0xD800 && cp < 0xDC00 && r->end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
        const char *q = hex4(r, p + 2, &lo);
        if (q && lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p = q;
        }
    }
    strbuf_put_utf8(sb, cp);
    return p;
}

/* One escape; p is after the backslash. */
static const char *escape(reader *r, const char *p, strbuf *sb)
{
    static const char plain[256] = {['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
                                    ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t'};
    if (p >= r->end)
        return fail(r, p, "unterminated string");
    if (*p == 'u')
        return unicode_escape(r, p + 1, sb);
    if (!plain[(unsigned char)*p])
        return fail(r, p, "invalid escape");
    strbuf_putc(sb, plain[(unsigned char)*p]);
    return p + 1;
}

/* The rest of a string holding escapes, from p (after the plain run
 * start..p); the decoded text goes to the arena. */
static const char *parse_string_escaped(reader *r, const char *start, const char *p, const char **str, size_t *len)
{
    strbuf sb = STRBUF_INIT;
    strbuf_append(&sb, start, (size_t)(p - start));
    for (;;) {
        if (p >= r->end) {
            p = fail(r, p, "unterminated string");
            break;
        }
        char c = *p;
        if (c == '"') {
            p++;
            break;
        }
        if ((unsigned char)c < 0x20) {
            p = fail(r, p, "control character in string");
            break;
        }
        if (c == '\\' && !(p = escape(r, p + 1, &sb)))
            break;
        if (c != '\\')
            strbuf_putc(&sb, *p++);
    }
    if (p) {
        *len = sb.len;
        *str = arena_strndup(r->ar, strbuf_cstr(&sb), sb.len);
    }
    strbuf_free(&sb);
    return p;
}

/* Parse a string starting at the opening quote. Without escapes the result
 * points into the input; otherwise it is decoded into the arena. */
static inline const char *parse_string_raw(reader *r, const char *p, const char **str, size_t *len)
{
    const char *start = p + 1, *end = r->end;
    p = ddb_json_plain_end(start, end);
    if (p < end && *p == '"') {
        *str = start;
        *len = (size_t)(p - start);
        return p + 1;
    }
    return parse_string_escaped(r, start, p, str, len);
}

static const char *parse_value(reader *r, const char *p, ddb_json **out);

/* A free member slot on the stack. */
static member *push_member(reader *r)
{
    if (r->top == r->cap) {
        size_t ncap = r->cap * 2;
        r->stack = arena_grow(r->ar, r->stack, r->cap * sizeof *r->stack, ncap * sizeof *r->stack);
        r->cap = ncap;
    }
    return &r->stack[r->top++];
}

/* Move the members above base into node j and pop them. One allocation
 * holds the three arrays (pointers and sizes share an alignment). */
static void pop_members(reader *r, size_t base, ddb_json *j, bool with_keys)
{
    size_t n = r->top - base;
    const member *m = r->stack + base;
    r->top = base;
    j->n = n;
    if (!n)
        return;
    void **block = arena_alloc(r->ar, n * (with_keys ? 3 : 1) * sizeof(void *));
    j->items = (ddb_json **)block;
    for (size_t i = 0; i < n; i++)
        j->items[i] = m[i].item;
    if (!with_keys)
        return;
    j->keys = (const char **)(block + n);
    j->keylens = (size_t *)(block + 2 * n);
    for (size_t i = 0; i < n; i++) {
        j->keys[i] = m[i].key;
        j->keylens[i] = m[i].keylen;
    }
}

/* name ':' value, p at the member's first byte. */
static const char *parse_member(reader *r, const char *p, member *m)
{
    p = skip_ws(r, p);
    if (p >= r->end || *p != '"')
        return fail(r, p, "expected a member name");
    if (!(p = parse_string_raw(r, p, &m->key, &m->keylen)))
        return NULL;
    p = skip_ws(r, p);
    if (p >= r->end || *p != ':')
        return fail(r, p, "expected ':'");
    return parse_value(r, p + 1, &m->item);
}

/* An array or an object (p at the bracket): the same loop, with members
 * named for objects. */
static const char *parse_container(reader *r, const char *p, ddb_json **out, bool object)
{
    ddb_json *j = node(r, object ? DDB_JSON_OBJECT : DDB_JSON_ARRAY);
    const char close = object ? '}' : ']';
    size_t base = r->top;
    *out = j;
    p = skip_ws(r, p + 1);
    if (p < r->end && *p == close)
        return p + 1;
    for (;;) {
        member *m = push_member(r);
        if (!(p = object ? parse_member(r, p, m) : parse_value(r, p, &m->item)))
            return NULL;
        p = skip_ws(r, p);
        if (p < r->end && *p == ',') {
            p++;
            continue;
        }
        if (p < r->end && *p == close) {
            pop_members(r, base, j, object);
            return p + 1;
        }
        return fail(r, p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static const char *parse_value(reader *r, const char *p, ddb_json **out)
{
    p = skip_ws(r, p);
    if (p >= r->end)
        return fail(r, p, "unexpected end of input");
    if (++r->depth > MAX_DEPTH)
        return fail(r, p, "nesting too deep");
    switch (*p) {
    case '{': p = parse_container(r, p, out, true); break;
    case '[': p = parse_container(r, p, out, false); break;
    case '"':
        *out = node(r, DDB_JSON_STRING);
        p = parse_string_raw(r, p, &(*out)->str, &(*out)->len);
        break;
    case 't': p = literal(r, p, "true", DDB_JSON_BOOL, true, out); break;
    case 'f': p = literal(r, p, "false", DDB_JSON_BOOL, false, out); break;
    case 'n': p = literal(r, p, "null", DDB_JSON_NULL, false, out); break;
    default: p = parse_number(r, p, out); break;
    }
    r->depth--;
    return p;
}

bool ddb_json_parse(arena *ar, const char *s, size_t len, ddb_json **out, char *err, size_t errcap)
{
    reader r;
    r.s = s;
    r.end = s + len;
    r.ar = ar;
    r.err = err;
    r.errcap = errcap;
    r.depth = 0;
    r.free_nodes = r.nodes_end = NULL;
    r.stack = r.local;
    r.top = 0;
    r.cap = LOCAL_MEMBERS;
    ddb_json *j = NULL;
    *out = NULL;   /* on failure too: callers may read it without the flag */
    const char *p = parse_value(&r, s, &j);
    if (!p)
        return false;
    p = skip_ws(&r, p);
    if (p != r.end)
        return fail(&r, p, "unexpected text after the JSON value") != NULL;
    *out = j;
    return true;
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
