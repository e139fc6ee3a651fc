/* vval_json: a strict, position-reporting JSON reader and a Jackson-style writer. */
#include "vval_json.h"
#include "base/hex.h"
#include "vval_print.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ reader */

typedef struct reader {
    const char *s, *p, *end;
    arena *ar;
    const vjson_opts *o;
    vjson_error *err;
    int depth, max_depth;
} reader;

static bool fail(reader *r, const char *at, const char *fmt, const char *tok)
{
    vjson_error *e = r->err;
    if (!e)
        return false;
    e->offset = (size_t)(at - r->s);
    int line = 1, col = 1;
    for (const char *q = r->s; q < at; q++) {
        if (*q == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)*q & 0xC0) != 0x80) {
            col++;
        }
    }
    e->line = line;
    e->col = col;
    snprintf(e->msg, sizeof e->msg, fmt, tok);
    return false;
}

static void skip_ws(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static const char *describe(reader *r)
{
    static char buf[16];
    if (r->p >= r->end)
        return "end of input";
    unsigned char c = (unsigned char)*r->p;
    if (c >= 0x20 && c < 0x7f)
        snprintf(buf, sizeof buf, "'%c'", c);
    else
        snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
}

static bool parse_value(reader *r, vval *out);

static bool read_hex4(reader *r, unsigned *u)
{
    if (r->end - r->p < 4)
        return fail(r, r->p, "incomplete \\u escape%s", "");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value((unsigned char)r->p[i]);
        if (h < 0)
            return fail(r, r->p + i, "invalid hex digit in \\u escape%s", "");
        v = v * 16 + (unsigned)h;
    }
    r->p += 4;
    *u = v;
    return true;
}

static bool parse_string(reader *r, vval *out)
{
    const char *start = r->p;
    r->p++; /* opening quote */
    /* Fast path: no escapes. */
    const char *q = r->p;
    while (q < r->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
        q++;
    if (q < r->end && *q == '"') {
        *out = vval_str(r->ar, r->p, (size_t)(q - r->p));
        r->p = q + 1;
        return true;
    }
    strbuf sb = STRBUF_INIT;
    for (;;) {
        if (r->p >= r->end) {
            strbuf_free(&sb);
            return fail(r, start, "unterminated string%s", "");
        }
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') {
            r->p++;
            break;
        }
        if (c < 0x20) {
            strbuf_free(&sb);
            return fail(r, r->p, "control character in string%s", "");
        }
        if (c != '\\') {
            strbuf_putc(&sb, (char)c);
            r->p++;
            continue;
        }
        r->p++;
        if (r->p >= r->end) {
            strbuf_free(&sb);
            return fail(r, start, "unterminated string%s", "");
        }
        char e = *r->p++;
        switch (e) {
        case '"': strbuf_putc(&sb, '"'); break;
        case '\\': strbuf_putc(&sb, '\\'); break;
        case '/': strbuf_putc(&sb, '/'); break;
        case 'b': strbuf_putc(&sb, '\b'); break;
        case 'f': strbuf_putc(&sb, '\f'); break;
        case 'n': strbuf_putc(&sb, '\n'); break;
        case 'r': strbuf_putc(&sb, '\r'); break;
        case 't': strbuf_putc(&sb, '\t'); break;
        case 'u': {
            unsigned u;
            if (!read_hex4(r, &u)) {
                strbuf_free(&sb);
                return false;
            }
            if (u >= 0xD800 && u < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
                const char *save = r->p;
                r->p += 2;
                unsigned lo;
                if (read_hex4(r, &lo) && lo >= 0xDC00 && lo < 0xE000)
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                else
                    r->p = save;
            }
            strbuf_put_utf8(&sb, u);
            break;
        }
        default:
            strbuf_free(&sb);
            return fail(r, r->p - 2, "invalid escape in string%s", "");
        }
    }
    *out = vval_str(r->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return true;
}

static bool parse_number(reader *r, vval *out)
{
    const char *start = r->p, *p = r->p;
    bool is_float = false;
    if (p < r->end && *p == '-')
        p++;
    if (p >= r->end || *p < '0' || *p > '9')
        return fail(r, start, "unexpected %s", describe(r));
    if (*p == '0') {
        p++;
    } else {
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < r->end && *p == '.') {
        is_float = true;
        p++;
        if (p >= r->end || *p < '0' || *p > '9')
            return fail(r, p, "expected a digit after the decimal point%s", "");
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        is_float = true;
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= r->end || *p < '0' || *p > '9')
            return fail(r, p, "expected a digit in the exponent%s", "");
        while (p < r->end && *p >= '0' && *p <= '9')
            p++;
    }
    size_t n = (size_t)(p - start);
    char buf[512];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, start, n);
    buf[n] = '\0';
    r->p = p;
    if (!is_float) {
        /* Integer lexeme: Integer, Long, BigInteger (128-bit), else Double. */
        const char *d = buf + (buf[0] == '-');
        if (strlen(d) <= 38) {
            __int128 x = 0;
            for (; *d; d++)
                x = x * 10 + (*d - '0');
            if (buf[0] == '-')
                x = -x;
            *out = vval_integral(r->ar, x);
            return true;
        }
    }
    *out = vval_double(strtod(buf, NULL));
    return true;
}

static bool expect_word(reader *r, const char *w, vval v, vval *out)
{
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) >= n && memcmp(r->p, w, n) == 0) {
        r->p += n;
        *out = v;
        return true;
    }
    return fail(r, r->p, "unexpected %s", describe(r));
}

static bool parse_container(reader *r, vval *out, bool is_obj)
{
    if (++r->depth > r->max_depth)
        return fail(r, r->p, "nesting deeper than the limit%s", "");
    const char close = is_obj ? '}' : ']';
    r->p++;
    *out = is_obj ? vval_map_new(r->ar) : vval_list_new(r->ar, 0);
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        r->depth--;
        return true;
    }
    for (;;) {
        skip_ws(r);
        vval key = vval_null(), v;
        if (is_obj) {
            if (r->p >= r->end || *r->p != '"')
                return fail(r, r->p, "expected a string key, found %s", describe(r));
            const char *kat = r->p;
            if (!parse_string(r, &key))
                return false;
            skip_ws(r);
            if (r->p >= r->end || *r->p != ':')
                return fail(r, r->p, "expected ':' after an object key, found %s", describe(r));
            r->p++;
            skip_ws(r);
            if (!parse_value(r, &v))
                return false;
            bool dup = vmap_put(out->u.m, key, v, NULL);
            if (dup && r->o && r->o->reject_duplicates) {
                char msg[200];
                snprintf(msg, sizeof msg, "Duplicate field '%.80s' detected on Object. "
                         "Duplicate JSON keys are not allowed.", key.u.s->data);
                return fail(r, kat, "%s", msg);
            }
        } else {
            if (!parse_value(r, &v))
                return false;
            vlist_push(out->u.l, v);
        }
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            skip_ws(r);
            if (r->p < r->end && *r->p == close && r->o && r->o->trailing_commas) {
                r->p++;
                break;
            }
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            break;
        }
        return fail(r, r->p, is_obj ? "expected ',' or '}', found %s" : "expected ',' or ']', found %s",
                    describe(r));
    }
    r->depth--;
    return true;
}

static bool parse_value(reader *r, vval *out)
{
    skip_ws(r);
    if (r->p >= r->end)
        return fail(r, r->p, "unexpected end of input%s", "");
    switch (*r->p) {
    case '{': return parse_container(r, out, true);
    case '[': return parse_container(r, out, false);
    case '"': return parse_string(r, out);
    case 't': return expect_word(r, "true", vval_bool(true), out);
    case 'f': return expect_word(r, "false", vval_bool(false), out);
    case 'n': return expect_word(r, "null", vval_null(), out);
    default: return parse_number(r, out);
    }
}

bool vjson_parse(arena *ar, const char *s, size_t n, const vjson_opts *opts, vval *out, vjson_error *err)
{
    reader r = {s, s, s + n, ar, opts, err, 0, opts && opts->max_depth ? opts->max_depth : 512};
    if (!parse_value(&r, out))
        return false;
    if (opts && opts->allow_trailing)
        return true;
    skip_ws(&r);
    if (r.p != r.end)
        return fail(&r, r.p, "Trailing characters at the end of the JSON string are not allowed%s", "");
    return true;
}

/* ================================================================ writer */

#define MAX_WRITE_DEPTH 512

/* The containers on the path from the root: a value that contains itself
 * (directly or not) is written as null instead of recursing forever. */
static bool on_path(const void *const *path, int depth, const void *p)
{
    for (int i = 0; i < depth; i++)
        if (path[i] == p)
            return true;
    return false;
}

typedef const void *write_path[MAX_WRITE_DEPTH + 1];

static const void *container_of(vval v)
{
    return v.kind == VVAL_LIST ? (const void *)v.u.l : v.kind == VVAL_MAP ? (const void *)v.u.m : NULL;
}

static void write_rec(strbuf *out, vval v, int indent, int level, int depth, write_path path)
{
    const void *c = container_of(v);
    if (depth > MAX_WRITE_DEPTH || (c && on_path(path, depth, c))) {
        strbuf_puts(out, "null");
        return;
    }
    path[depth] = c;
    switch (v.kind) {
    case VVAL_NULL: strbuf_puts(out, "null"); return;
    case VVAL_BOOL: strbuf_puts(out, v.u.b ? "true" : "false"); return;
    case VVAL_INT:
    case VVAL_LONG:
    case VVAL_BIGINT: vval_print(out, v); return;
    case VVAL_DOUBLE:
        /* Jackson writes non-finite doubles as strings when quoting is on; use null-safe text. */
        if (v.u.d != v.u.d || v.u.d - v.u.d != 0) {
            strbuf_putc(out, '"');
            vval_print_double(out, v.u.d);
            strbuf_putc(out, '"');
        } else {
            vval_print_double(out, v.u.d);
        }
        return;
    case VVAL_STRING: strbuf_json_string(out, v.u.s->data, v.u.s->len); return;
    case VVAL_LIST: {
        strbuf_putc(out, '[');
        for (size_t i = 0; i < v.u.l->len; i++) {
            if (i)
                strbuf_putc(out, ',');
            if (indent) {
                strbuf_putc(out, '\n');
                for (int k = 0; k < (level + 1) * indent; k++)
                    strbuf_putc(out, ' ');
            }
            write_rec(out, v.u.l->items[i], indent, level + 1, depth + 1, path);
        }
        if (indent && v.u.l->len) {
            strbuf_putc(out, '\n');
            for (int k = 0; k < level * indent; k++)
                strbuf_putc(out, ' ');
        }
        strbuf_putc(out, ']');
        return;
    }
    case VVAL_MAP: {
        const vmap *m = v.u.m;
        /* HashMap-ordered maps need their iteration order computed; insertion
         * order is the entry array itself (no scratch memory). */
        arena tmp;
        size_t *order = NULL;
        if (m->hash_order && m->count > 1) {   /* one entry has one order */
            arena_init(&tmp, 1024);
            order = vmap_order(m, &tmp);
        }
        strbuf_putc(out, '{');
        size_t k = 0;
        for (size_t i = 0; i < (order ? m->count : m->len); i++) {
            const vmap_entry *e = &m->entries[order ? order[i] : i];
            if (!e->live)
                continue;
            if (k++)
                strbuf_putc(out, ',');
            if (indent) {
                strbuf_putc(out, '\n');
                for (int j = 0; j < (level + 1) * indent; j++)
                    strbuf_putc(out, ' ');
            }
            if (e->key.kind == VVAL_STRING) {
                strbuf_json_string(out, e->key.u.s->data, e->key.u.s->len);
            } else {
                strbuf ks = STRBUF_INIT;
                vval_print(&ks, e->key);
                strbuf_json_string(out, strbuf_cstr(&ks), ks.len);
                strbuf_free(&ks);
            }
            strbuf_puts(out, indent ? ": " : ":");
            write_rec(out, e->value, indent, level + 1, depth + 1, path);
        }
        if (indent && m->count) {
            strbuf_putc(out, '\n');
            for (int j = 0; j < level * indent; j++)
                strbuf_putc(out, ' ');
        }
        strbuf_putc(out, '}');
        if (order)
            arena_free(&tmp);
        return;
    }
    case VVAL_OBJECT:
        if (v.u.o->type == VOBJ_ENTRY) {
            strbuf_putc(out, '{');
            strbuf ks = STRBUF_INIT;
            vval_print(&ks, v.u.o->a);
            strbuf_json_string(out, strbuf_cstr(&ks), ks.len);
            strbuf_free(&ks);
            strbuf_putc(out, ':');
            write_rec(out, v.u.o->b, indent, level + 1, depth + 1, path);
            strbuf_putc(out, '}');
            return;
        }
        {
            strbuf s = STRBUF_INIT;
            vval_print(&s, v);
            strbuf_json_string(out, strbuf_cstr(&s), s.len);
            strbuf_free(&s);
        }
        return;
    }
}

void vjson_write(strbuf *out, vval v)
{
    write_path path;
    write_rec(out, v, 0, 0, 0, path);
}

void vjson_write_pretty(strbuf *out, vval v, int indent)
{
    write_path path;
    write_rec(out, v, indent, 0, 0, path);
}
