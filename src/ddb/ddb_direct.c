/* ddb_direct: request text straight to AttributeValues for the common
 * PutItem and GetItem bodies; anything unusual is declined (returns NULL
 * down the readers), never reported. */
#include "ddb/ddb_direct.h"
#include "ddb/ddb_num.h"
#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 32
#define LOCAL_MEMBERS 32

/* The members (or list elements, unnamed) of the open maps and lists,
 * innermost last: a map or list gets its own array when it closes.
 *
 * The reader works on a copy of the body ending in a NUL. A NUL is no blank,
 * no punctuation and stops every string scan (it is a control byte), so no
 * scan needs a bounds check: each stops at the terminator at the latest and
 * declines there, and a NUL inside the body is declined the same way (raw
 * NULs are not JSON). Only the end of the whole body compares positions.
 *
 * plain stays true while the text read is byte for byte what
 * ddb_item_to_json writes for what it decodes: no blank, no repeated name,
 * every number in its normal form (strings are plain: never escaped). */
typedef struct dreader {
    arena *ar;
    bool plain;
    int depth;
    ddb_member *stack;
    size_t top, cap;
    ddb_member local[LOCAL_MEMBERS];
} dreader;

static inline const char *blanks(dreader *r, const char *p)
{
    if (!ddb_json_ws[(unsigned char)*p])
        return p;
    r->plain = false;
    do
        p++;
    while (ddb_json_ws[(unsigned char)*p]);
    return p;
}

/* p past blanks and the byte c, or NULL when c is not next. Compact JSON
 * has no blanks: the first byte is tried first. */
static inline const char *expect(dreader *r, const char *p, char c)
{
    if (*p != c && *(p = blanks(r, p)) != c)
        return NULL;
    return p + 1;
}

/* A string without escapes, after blanks at p. */
static inline const char *plain_string(dreader *r, const char *p, const char **s, size_t *n)
{
    if (!(p = expect(r, p, '"')))
        return NULL;
    const char *q = p;
    while (!json_escaped[(unsigned char)*q])
        q++;
    if (*q != '"')
        return NULL;
    *s = p;
    *n = (size_t)(q - p);
    return q + 1;
}

/* "name": (after blanks at p). */
static inline const char *member_name(dreader *r, const char *p, const char **s, size_t *n)
{
    p = plain_string(r, p, s, n);
    return p ? expect(r, p, ':') : NULL;
}

/* p past the letters of word, or NULL; stops at the first difference, so
 * never reads past the terminator. */
static const char *word(const char *p, const char *w)
{
    while (*w && *p == *w)
        p++, w++;
    return *w ? NULL : p;
}

/* A JSON true or false. */
static const char *literal(dreader *r, const char *p, bool *b)
{
    p = blanks(r, p);
    const char *q = word(p, "true");
    *b = q != NULL;
    return q ? q : word(p, "false");
}

/* An N payload: a string DynamoDB accepts as a number. */
static const char *number(dreader *r, const char *p, ddb_num *out)
{
    const char *s;
    size_t n;
    if (!(p = plain_string(r, p, &s, &n)) || ddb_num_parse(s, n, out) != DDB_NUM_OK)
        return NULL;
    if (r->plain && !ddb_num_text_is_normal(s, n))
        r->plain = false;
    return p;
}

/* A bit standing for the names of length n ending in last: equal names have
 * the same bit, so a map whose earlier names lack the bit lacks the name. */
static inline uint64_t name_bit(const char *name, size_t n)
{
    return (uint64_t)1 << ((n * 8 + (n ? (unsigned char)name[n - 1] : 0)) & 63);
}

/* The member named name among the stack's base .. limit - 1, or NULL. */
static ddb_member *find(dreader *r, size_t base, size_t limit, const char *name, size_t n)
{
    for (size_t i = base; i < limit; i++) {
        ddb_member *m = &r->stack[i];
        if (m->name_len == n && ddb_same_name(m->name, name, n))
            return m;
    }
    return NULL;
}

/* A new member on top of the stack named name (NULL for a list element),
 * its value still to decode: its index (a pointer would not survive the
 * stack's growth while a map or list value is decoded). */
static inline size_t push(dreader *r, const char *name, size_t n)
{
    if (r->top == r->cap) {
        r->stack = arena_grow(r->ar, r->stack, r->cap * sizeof *r->stack, 2 * r->cap * sizeof *r->stack);
        r->cap *= 2;
    }
    ddb_member *m = &r->stack[r->top];
    m->name = name;
    m->name_len = n;
    return r->top++;
}

/* The member just decoded on top, in the map open at base (*bits: the
 * name bits of its members before it): when its name is repeated, its
 * value replaces the earlier one in its place and it leaves the stack. */
static inline void merge_repeat(dreader *r, size_t base, uint64_t *bits)
{
    ddb_member *m = &r->stack[r->top - 1];
    uint64_t bit = name_bit(m->name, m->name_len);
    ddb_member *same = *bits & bit ? find(r, base, r->top - 1, m->name, m->name_len) : NULL;
    *bits |= bit;
    if (same) {
        same->value = m->value;
        r->top--;
        r->plain = false;
    }
}

/* The members pushed above base, moved into an arena array of *n. */
static ddb_member *pop(dreader *r, size_t base, size_t *n)
{
    *n = r->top - base;
    ddb_member *m = arena_alloc(r->ar, (*n ? *n : 1) * sizeof *m);
    memcpy(m, r->stack + base, *n * sizeof *m);
    r->top = base;
    return m;
}

static const char *attr_value(dreader *r, const char *p, size_t at);

/* After a member or element at p: true with *p past a ',', false with *p
 * past the closing byte; NULL (declined) on anything else. */
static inline const char *next_or_close(dreader *r, const char *p, char close, bool *more)
{
    p = blanks(r, p);
    if (*p == ',' || *p == close) {
        *more = *p == ',';
        return p + 1;
    }
    return NULL;
}

/* An opening byte; *empty when the container closes right after it. */
static const char *open_container(dreader *r, const char *p, char c, char close, bool *empty)
{
    if (!(p = expect(r, p, c)) || ++r->depth > MAX_DEPTH)
        return NULL;
    p = blanks(r, p);
    *empty = *p == close;
    return *empty ? p + 1 : p;
}

/* A map of name -> AttributeValue (an item, a key, an M payload). */
static const char *map_body(dreader *r, const char *p, ddb_value *out)
{
    size_t base = r->top;
    uint64_t bits = 0;
    bool empty, more;
    if (!(p = open_container(r, p, '{', '}', &empty)))
        return NULL;
    more = !empty;
    while (more) {
        const char *name;
        size_t n;
        if (!(p = member_name(r, p, &name, &n)) || !(p = attr_value(r, p, push(r, name, n))) ||
            !(p = next_or_close(r, p, '}', &more)))
            return NULL;
        merge_repeat(r, base, &bits);
    }
    *out = ddb_map_new();
    out->u.map.members = pop(r, base, &out->u.map.len);
    out->u.map.cap = out->u.map.len;
    r->depth--;
    return p;
}

/* An L payload: a list of AttributeValues. */
static const char *list_body(dreader *r, const char *p, ddb_value *out)
{
    size_t base = r->top;
    bool empty, more;
    if (!(p = open_container(r, p, '[', ']', &empty)))
        return NULL;
    more = !empty;
    while (more) {
        if (!(p = attr_value(r, p, push(r, NULL, 0))) || !(p = next_or_close(r, p, ']', &more)))
            return NULL;
    }
    size_t n;
    ddb_member *m = pop(r, base, &n);
    memset(out, 0, sizeof *out);
    out->type = DDB_L;
    out->u.list.items = arena_alloc(r->ar, (n ? n : 1) * sizeof(ddb_value));
    for (size_t i = 0; i < n; i++)
        out->u.list.items[i] = m[i].value;
    out->u.list.len = out->u.list.cap = n;
    r->depth--;
    return p;
}

/* The type tag of an AttributeValue and its ':' (p after the '{'). The
 * compact "S": of the common one-letter tags is read at once. */
static inline const char *type_tag(dreader *r, const char *p, ddb_type *t)
{
    static const signed char letters[256] = {['S'] = DDB_S + 1, ['N'] = DDB_N + 1, ['L'] = DDB_L + 1,
                                              ['M'] = DDB_M + 1};
    if (p[0] == '"' && letters[(unsigned char)p[1]] && p[2] == '"' && p[3] == ':') {
        *t = (ddb_type)(letters[(unsigned char)p[1]] - 1);
        return p + 4;
    }
    const char *tag;
    size_t n;
    if (!(p = member_name(r, p, &tag, &n)) || !ddb_type_parse(tag, n, t))
        return NULL;
    return p;
}

/* The payload of a scalar of type t into *out. */
static inline const char *scalar(dreader *r, const char *p, ddb_type t, ddb_value *out)
{
    bool b = false;
    memset(out, 0, sizeof *out);
    out->type = t;
    switch (t) {
    case DDB_S: return plain_string(r, p, &out->u.str.ptr, &out->u.str.len);
    case DDB_N: return number(r, p, &out->u.num);
    case DDB_BOOL: return literal(r, p, &out->u.b);
    case DDB_NULL: p = literal(r, p, &b); return b ? p : NULL;
    default: return NULL;   /* B and the sets: the general path */
    }
}

/* One AttributeValue of a single tag, {"<tag>": <payload>}, into the
 * value of the stack's member at. */
static const char *attr_value(dreader *r, const char *p, size_t at)
{
    ddb_type t;
    ddb_value v;
    if (!(p = expect(r, p, '{')) || !(p = type_tag(r, p, &t)))
        return NULL;
    if (t == DDB_M || t == DDB_L) {   /* decoded aside: the stack may move */
        if (!(p = t == DDB_M ? map_body(r, p, &v) : list_body(r, p, &v)))
            return NULL;
        r->stack[at].value = v;
    } else if (!(p = scalar(r, p, t, &r->stack[at].value))) {
        return NULL;
    }
    return expect(r, p, '}');
}

/* One top-level member, p after its name: TableName or the map, each once. */
static const char *top_member(dreader *r, const char *p, const char *key, size_t n, const char *member,
                              ddb_direct *out, bool seen[2])
{
    if (n == 9 && memcmp(key, "TableName", 9) == 0 && !seen[0]) {
        seen[0] = true;
        return plain_string(r, p, &out->name.str, &out->name.len);
    }
    if (n == strlen(member) && memcmp(key, member, n) == 0 && !seen[1]) {
        seen[1] = true;
        out->json = p;
        if ((p = map_body(r, p, &out->map)))
            out->json_len = (size_t)(p - out->json);
        return p;
    }
    return NULL;
}

bool ddb_direct_decode(arena *ar, const char *s, size_t len, const char *member, ddb_direct *out)
{
    dreader r;
    r.ar = ar;
    r.plain = true;
    r.depth = 0;
    r.stack = r.local;
    r.top = 0;
    r.cap = LOCAL_MEMBERS;
    memset(&out->name, 0, sizeof out->name);
    out->name.kind = DDB_JSON_STRING;
    bool seen[2] = {false, false}, more = true;
    const char *text = arena_strndup(ar, s, len), *end = text + len;
    const char *p = expect(&r, text, '{');
    out->size_bound = len;
    while (p && more) {
        const char *key;
        size_t n;
        if (!(p = member_name(&r, p, &key, &n)) || !(p = top_member(&r, p, key, n, member, out, seen)))
            return false;
        p = next_or_close(&r, p, '}', &more);
    }
    if (!p || !seen[0] || !seen[1] || blanks(&r, p) != end)
        return false;
    if (!r.plain)
        out->json = NULL;
    return true;
}
