/* ddb_attr: AttributeValue conversion from and to DynamoDB's wire JSON with
 * DynamoDB's validation messages, deep equality and ordering, item size
 * accounting, and copies into the arena or into one heap block. */
#include "ddb/ddb_attr.h"
#include "base/alloc.h"
#include "base/base64.h"
#include "ddb/ddb_jsonw.h"
#include <stdio.h>
#include <string.h>

/* =================================================================== names */

static const char *const type_names[] = {"S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"};

const char *ddb_type_name(ddb_type t) { return type_names[t]; }

bool ddb_type_parse(const char *s, size_t n, ddb_type *t)
{
    /* Called for every value of every request: dispatch on the length and
     * the first letter instead of comparing against all ten names. */
    static const struct {
        char c0, c1;
        ddb_type t;
    } two[] = {{'S', 'S', DDB_SS}, {'N', 'S', DDB_NS}, {'B', 'S', DDB_BS}};
    if (n == 1) {
        switch (s[0]) {
        case 'S': return *t = DDB_S, true;
        case 'N': return *t = DDB_N, true;
        case 'B': return *t = DDB_B, true;
        case 'L': return *t = DDB_L, true;
        case 'M': return *t = DDB_M, true;
        default: return false;
        }
    }
    if (n == 2) {
        for (int i = 0; i < 3; i++)
            if (s[0] == two[i].c0 && s[1] == two[i].c1)
                return *t = two[i].t, true;
        return false;
    }
    if (n == 4 && memcmp(s, "BOOL", 4) == 0)
        return *t = DDB_BOOL, true;
    if (n == 4 && memcmp(s, "NULL", 4) == 0)
        return *t = DDB_NULL, true;
    return false;
}

/* =================================================================== conversion */

static void val_error(ddb_conv *c, const char *msg)
{
    if (!c->val_err)
        c->val_err = msg;
}

static bool ser_error(ddb_conv *c, const char *msg)
{
    if (!c->ser_err)
        c->ser_err = msg;
    return false;
}

static char *fmt(ddb_conv *c, const char *f, const char *a, size_t alen)
{
    size_t n = strlen(f) + alen + 64;
    char *buf = arena_alloc(c->ar, n);
    snprintf(buf, n, f, (int)alen, a);
    return buf;
}

static bool is_integral_lexeme(const ddb_json *j)
{
    for (size_t i = 0; i < j->len; i++)
        if (j->str[i] == '.' || j->str[i] == 'e' || j->str[i] == 'E')
            return false;
    return true;
}

/* Shape check for a field DynamoDB models as a String. */
static bool want_string(ddb_conv *c, const ddb_json *j)
{
    switch (j->kind) {
    case DDB_JSON_STRING: return true;
    case DDB_JSON_BOOL: return ser_error(c, j->b ? "TRUE_VALUE cannot be converted to String" : "FALSE_VALUE cannot be converted to String");
    case DDB_JSON_NUMBER:
        return ser_error(c, is_integral_lexeme(j) ? "NUMBER_VALUE cannot be converted to String"
                                                  : "DECIMAL_VALUE cannot be converted to String");
    case DDB_JSON_OBJECT: return ser_error(c, "Start of structure or map found where not expected");
    case DDB_JSON_ARRAY: return ser_error(c, "Unrecognized collection type class java.lang.String");
    default: return true;
    }
}

static bool want_list(ddb_conv *c, const ddb_json *j)
{
    if (j->kind == DDB_JSON_ARRAY)
        return true;
    if (j->kind == DDB_JSON_OBJECT)
        return ser_error(c, "Start of structure or map found where not expected");
    return ser_error(c, "Unexpected field type");
}

/* Number text from a String field (or a JSON number in AppSync mode). */
static bool conv_number(ddb_conv *c, const ddb_json *j, ddb_num *out)
{
    if (!(c->appsync && j->kind == DDB_JSON_NUMBER) && !want_string(c, j))
        return false;
    ddb_num_status st = ddb_num_parse(j->str, j->len, out);
    if (st == DDB_NUM_SYNTAX)
        val_error(c, fmt(c, "The parameter cannot be converted to a numeric value: %.*s", j->str, j->len));
    else if (st != DDB_NUM_OK)
        val_error(c, ddb_num_message(st));
    return true;
}

static bool conv_binary(ddb_conv *c, const ddb_json *j, const char **p, size_t *n)
{
    if (j->kind == DDB_JSON_BOOL || j->kind == DDB_JSON_NUMBER)
        return ser_error(c, "only base-64-encoded strings are convertible to bytes");
    if (j->kind == DDB_JSON_OBJECT)
        return ser_error(c, "Start of structure or map found where not expected");
    if (j->kind == DDB_JSON_ARRAY)
        return ser_error(c, "Unrecognized collection type class java.nio.ByteBuffer");
    unsigned char *buf = arena_alloc(c->ar, j->len / 4 * 3 + 3);
    *n = base64_decode_lenient(j->str, j->len, buf);
    *p = (const char *)buf;
    if (c->appsync)
        return true;
    if (j->len % 4) {
        char num[32];
        snprintf(num, sizeof num, "%zu", j->len);
        return ser_error(c, fmt(c, "Base64 encoded length is expected a multiple of 4 bytes but found: %.*s", num, strlen(num)));
    }
    strbuf sb = STRBUF_INIT;
    base64_encode(&sb, *p, *n);
    bool same = sb.len == j->len && memcmp(strbuf_cstr(&sb), j->str, j->len) == 0;
    strbuf_free(&sb);
    return same ? true : ser_error(c, "Invalid last non-pad Base64 character dectected");
}

static bool conv_bool(ddb_conv *c, const ddb_json *j, bool *b)
{
    switch (j->kind) {
    case DDB_JSON_BOOL: *b = j->b; return true;
    case DDB_JSON_NUMBER:
        return ser_error(c, is_integral_lexeme(j) ? "NUMBER_VALUE cannot be converted to Boolean"
                                                  : "DECIMAL_VALUE cannot be converted to Boolean");
    case DDB_JSON_OBJECT: return ser_error(c, "Start of structure or map found where not expected");
    case DDB_JSON_ARRAY: return ser_error(c, "Unrecognized collection type class java.lang.Boolean");
    case DDB_JSON_NULL: *b = true; return true;   /* AppSync's {"NULL": null} */
    case DDB_JSON_STRING: break;
    }
    static const char *const yes[] = {"TRUE", "1", "YES"}, *const no[] = {"FALSE", "0", "NO"};
    for (int i = 0; i < 3; i++) {
        if (j->len == strlen(yes[i]) && strncasecmp(j->str, yes[i], j->len) == 0) {
            *b = true;
            return true;
        }
        if (j->len == strlen(no[i]) && strncasecmp(j->str, no[i], j->len) == 0) {
            *b = false;
            return true;
        }
    }
    return ser_error(c, "Unexpected token received from parser");
}

/* "[a, b]" as DynamoDB prints a collection in its messages. */
static const char *collection_text(ddb_conv *c, const ddb_json *arr)
{
    strbuf sb = STRBUF_INIT;
    strbuf_putc(&sb, '[');
    for (size_t i = 0; i < arr->n; i++) {
        if (i)
            strbuf_puts(&sb, ", ");
        strbuf_append(&sb, arr->items[i]->str, arr->items[i]->len);
    }
    strbuf_putc(&sb, ']');
    char *s = arena_strndup(c->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

static bool has_duplicate(const ddb_value *items, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (ddb_value_equal(&items[i], &items[k]))
                return true;
    return false;
}

static bool conv_set_element(ddb_conv *c, ddb_type t, const ddb_json *x, ddb_value *e)
{
    if (t == DDB_SS) {
        e->type = DDB_S;
        e->u.str.ptr = x->str;
        e->u.str.len = x->len;
        return want_string(c, x);
    }
    if (t == DDB_NS) {
        e->type = DDB_N;
        return conv_number(c, x, &e->u.num);
    }
    e->type = DDB_B;
    return conv_binary(c, x, &e->u.str.ptr, &e->u.str.len);
}

static bool conv_set(ddb_conv *c, ddb_type t, const ddb_json *j, ddb_value *out)
{
    if (!want_list(c, j))
        return false;
    out->type = t;
    out->u.list.len = out->u.list.cap = j->n;
    out->u.list.items = arena_calloc(c->ar, (j->n ? j->n : 1) * sizeof(ddb_value));
    const char *saved = c->val_err;
    c->val_err = NULL;
    for (size_t i = 0; i < j->n; i++)
        if (!conv_set_element(c, t, j->items[i], &out->u.list.items[i]))
            return false;
    /* Validation in DynamoDB's order: empty, element numbers, duplicates. */
    const char *elem_err = c->val_err;
    c->val_err = saved;
    if (j->n == 0)
        val_error(c, t == DDB_SS ? "One or more parameter values were invalid: An string set  may not be empty"
                     : t == DDB_NS ? "One or more parameter values were invalid: An number set  may not be empty"
                                   : "One or more parameter values were invalid: Binary sets should not be empty");
    if (elem_err)
        val_error(c, elem_err);
    if (!elem_err && has_duplicate(out->u.list.items, j->n)) {
        if (t == DDB_SS)
            val_error(c, fmt(c, "One or more parameter values were invalid: Input collection %.*s contains duplicates.",
                             collection_text(c, j), strlen(collection_text(c, j))));
        else if (t == DDB_NS)
            val_error(c, "Input collection contains duplicates");
        else
            val_error(c, fmt(c, "One or more parameter values were invalid: Input collection %.*sof type BS contains duplicates.",
                             collection_text(c, j), strlen(collection_text(c, j))));
    }
    return true;
}

static bool conv_list(ddb_conv *c, const ddb_json *j, ddb_value *out)
{
    if (!want_list(c, j))
        return false;
    out->type = DDB_L;
    out->u.list.len = out->u.list.cap = j->n;
    out->u.list.items = arena_calloc(c->ar, (j->n ? j->n : 1) * sizeof(ddb_value));
    for (size_t i = 0; i < j->n; i++)
        if (!ddb_value_from_json(c, j->items[i], &out->u.list.items[i]))
            return false;
    return true;
}

/* One type tag of an AttributeValue. */
static bool conv_tag(ddb_conv *c, ddb_type t, const ddb_json *x, ddb_value *out)
{
    out->type = t;
    switch (t) {
    case DDB_S:
        if (!want_string(c, x))
            return false;
        out->u.str.ptr = x->str;
        out->u.str.len = x->len;
        return true;
    case DDB_N: return conv_number(c, x, &out->u.num);
    case DDB_B: return conv_binary(c, x, &out->u.str.ptr, &out->u.str.len);
    case DDB_BOOL: return conv_bool(c, x, &out->u.b);
    case DDB_NULL: {
        bool b = true;
        if (!conv_bool(c, x, &b))
            return false;
        if (!b)
            val_error(c, "One or more parameter values were invalid: Null attribute value types must have the value of true");
        return true;
    }
    case DDB_SS:
    case DDB_NS:
    case DDB_BS: return conv_set(c, t, x, out);
    case DDB_L: return conv_list(c, x, out);
    case DDB_M: return ddb_item_from_json(c, x, out);
    }
    return true;
}

/* The common shape, one modelled non-null tag: converted in place. */
static bool single_tag(const ddb_json *j, ddb_type *t)
{
    return j->kind == DDB_JSON_OBJECT && j->n == 1 && ddb_type_parse(j->keys[0], j->keylens[0], t) &&
           j->items[0]->kind != DDB_JSON_NULL;
}

bool ddb_value_from_json(ddb_conv *c, const ddb_json *j, ddb_value *out)
{
    ddb_type t;
    memset(out, 0, sizeof *out);
    if (single_tag(j, &t))
        return conv_tag(c, t, j->items[0], out);
    out->type = DDB_NULL;
    if (j->kind == DDB_JSON_ARRAY)
        return ser_error(c, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
    if (j->kind != DDB_JSON_OBJECT && j->kind != DDB_JSON_NULL)
        return ser_error(c, "Unexpected value type in payload");
    int ntags = 0;
    for (size_t i = 0; j->kind == DDB_JSON_OBJECT && i < j->n; i++) {
        ddb_type t;
        const ddb_json *x = j->items[i];
        if (!ddb_type_parse(j->keys[i], j->keylens[i], &t))
            continue;   /* DynamoDB drops members it does not model */
        if (x->kind == DDB_JSON_NULL && !(c->appsync && t == DDB_NULL))
            continue;
        ddb_value v;
        memset(&v, 0, sizeof v);
        if (!conv_tag(c, t, x, &v))
            return false;
        if (ntags++ == 0)
            *out = v;
    }
    if (ntags == 0)
        val_error(c, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    else if (ntags > 1)
        val_error(c, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    return true;
}

bool ddb_item_from_json(ddb_conv *c, const ddb_json *j, ddb_value *out)
{
    *out = ddb_map_new();
    if (j->kind == DDB_JSON_ARRAY)
        return ser_error(c, "Unrecognized collection type java.util.Map<java.lang.String, "
                            "com.amazonaws.dynamodb.v20120810.AttributeValue>");
    if (j->kind == DDB_JSON_NULL)
        return true;
    if (j->kind != DDB_JSON_OBJECT)
        return ser_error(c, "Unexpected field type");
    out->u.map.members = arena_alloc(c->ar, (j->n ? j->n : 1) * sizeof(ddb_member));
    out->u.map.cap = j->n;
    for (size_t i = 0; i < j->n; i++) {
        if (j->items[i]->kind == DDB_JSON_NULL)
            continue;
        ddb_value v;
        if (!ddb_value_from_json(c, j->items[i], &v))
            return false;
        ddb_map_put(c->ar, out, j->keys[i], j->keylens[i], &v);
    }
    return true;
}

/* =================================================================== output */

static void quoted_base64(strbuf *out, const ddb_value *v)
{
    ddb_jsonw_char(out, '"');
    base64_encode(out, v->u.str.ptr, v->u.str.len);
    ddb_jsonw_char(out, '"');
}

static void set_json(strbuf *out, const ddb_value *v)
{
    ddb_jsonw_char(out, '[');
    for (size_t i = 0; i < v->u.list.len; i++) {
        const ddb_value *e = &v->u.list.items[i];
        if (i)
            ddb_jsonw_char(out, ',');
        if (e->type == DDB_N)
            ddb_jsonw_num(out, &e->u.num);
        else if (e->type == DDB_B)
            quoted_base64(out, e);
        else
            ddb_jsonw_string(out, e->u.str.ptr, e->u.str.len);
    }
    ddb_jsonw_char(out, ']');
}

static void list_json(strbuf *out, const ddb_value *v)
{
    ddb_jsonw_char(out, '[');
    for (size_t i = 0; i < v->u.list.len; i++) {
        if (i)
            ddb_jsonw_char(out, ',');
        ddb_value_to_json(out, &v->u.list.items[i]);
    }
    ddb_jsonw_char(out, ']');
}

/* The room scalar_at needs for v, an S, N, BOOL or NULL; 0 for the other
 * values (and long strings), written piece by piece. */
static size_t scalar_room(const ddb_value *v)
{
    switch (v->type) {
    case DDB_S: {
        size_t n = ddb_jsonw_string_room(v->u.str.len);
        return n ? 8 + n + 1 : 0;
    }
    case DDB_N: return 8 + ddb_jsonw_num_room(&v->u.num) + 1;
    case DDB_BOOL:
    case DDB_NULL: return 8 + 5 + 1;
    default: return 0;
    }
}

/* The opening text of v's type at p (8 bytes of room); returns its end. */
static char *open_at(char *p, const ddb_value *v)
{
    /* padded to 8 bytes for one copy */
    static const char opens[][8] = {"{\"S\":", "{\"N\":", "{\"B\":", "{\"BOOL\":", "{\"NULL\":",
                                    "{\"SS\":", "{\"NS\":", "{\"BS\":", "{\"L\":", "{\"M\":"};
    static const unsigned char open_lens[] = {5, 5, 5, 8, 8, 6, 6, 6, 5, 5};
    memcpy(p, opens[v->type], 8);
    return p + open_lens[v->type];
}

/* Write scalar v (scalar_room(v) bytes of room at p); returns the end. */
static char *scalar_at(char *p, const ddb_value *v)
{
    p = open_at(p, v);
    if (v->type == DDB_S) {
        p = ddb_jsonw_string_at(p, v->u.str.ptr, v->u.str.len);
    } else if (v->type == DDB_N) {
        p = ddb_jsonw_num_at(p, &v->u.num);
    } else {
        bool t = v->type == DDB_NULL || v->u.b;
        memcpy(p, t ? "true" : "false", 5);
        p += t ? 4 : 5;
    }
    *p++ = '}';
    return p;
}

void ddb_value_to_json(strbuf *out, const ddb_value *v)
{
    size_t room = scalar_room(v);
    if (room) {
        ddb_jsonw_done(out, scalar_at(ddb_jsonw_room(out, room), v));
        return;
    }
    ddb_jsonw_done(out, open_at(ddb_jsonw_room(out, 8), v));
    switch (v->type) {
    case DDB_S: ddb_jsonw_string(out, v->u.str.ptr, v->u.str.len); break;
    case DDB_B: quoted_base64(out, v); break;
    case DDB_SS:
    case DDB_NS:
    case DDB_BS: set_json(out, v); break;
    case DDB_L: list_json(out, v); break;
    case DDB_M: ddb_item_to_json(out, v); break;
    default: break;   /* the scalars above */
    }
    ddb_jsonw_char(out, '}');
}

/* Member m, after a ',' unless first: a scalar member is reserved for and
 * written at once. */
static void member_json(strbuf *out, const ddb_member *m, bool first)
{
    size_t name = ddb_jsonw_string_room(m->name_len), room = scalar_room(&m->value);
    if (name && room) {
        char *p = ddb_jsonw_room(out, 2 + name + room);
        if (!first)
            *p++ = ',';
        p = ddb_jsonw_string_at(p, m->name, m->name_len);
        *p++ = ':';
        ddb_jsonw_done(out, scalar_at(p, &m->value));
        return;
    }
    if (!first)
        ddb_jsonw_char(out, ',');
    ddb_jsonw_string(out, m->name, m->name_len);
    ddb_jsonw_char(out, ':');
    ddb_value_to_json(out, &m->value);
}

void ddb_item_to_json(strbuf *out, const ddb_value *item)
{
    ddb_jsonw_char(out, '{');
    for (size_t i = 0; i < item->u.map.len; i++)
        member_json(out, &item->u.map.members[i], i == 0);
    ddb_jsonw_char(out, '}');
}

/* =================================================================== maps */

ddb_value ddb_map_new(void)
{
    ddb_value v;
    memset(&v, 0, sizeof v);
    v.type = DDB_M;
    return v;
}

ddb_value *ddb_map_get(const ddb_value *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->u.map.len; i++) {
        ddb_member *e = &m->u.map.members[i];
        if (e->name_len == len && ddb_same_name(e->name, name, len))
            return &e->value;
    }
    return NULL;
}

void ddb_map_put(arena *ar, ddb_value *m, const char *name, size_t len, const ddb_value *v)
{
    ddb_value *old = ddb_map_get(m, name, len);
    if (old) {
        *old = *v;
        return;
    }
    if (m->u.map.len == m->u.map.cap) {
        size_t ncap = m->u.map.cap ? m->u.map.cap * 2 : 4;
        m->u.map.members = arena_grow(ar, m->u.map.members, m->u.map.cap * sizeof(ddb_member), ncap * sizeof(ddb_member));
        m->u.map.cap = ncap;
    }
    ddb_member *e = &m->u.map.members[m->u.map.len++];
    e->name = name;
    e->name_len = len;
    e->value = *v;
}

bool ddb_map_remove(ddb_value *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->u.map.len; i++) {
        ddb_member *e = &m->u.map.members[i];
        if (e->name_len == len && memcmp(e->name, name, len) == 0) {
            memmove(e, e + 1, (m->u.map.len - i - 1) * sizeof *e);
            m->u.map.len--;
            return true;
        }
    }
    return false;
}

void ddb_list_push(arena *ar, ddb_value *l, const ddb_value *v)
{
    if (l->u.list.len == l->u.list.cap) {
        size_t ncap = l->u.list.cap ? l->u.list.cap * 2 : 4;
        l->u.list.items = arena_grow(ar, l->u.list.items, l->u.list.cap * sizeof(ddb_value), ncap * sizeof(ddb_value));
        l->u.list.cap = ncap;
    }
    l->u.list.items[l->u.list.len++] = *v;
}

/* =================================================================== comparison */

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c)
        return c;
    return an < bn ? -1 : an > bn ? 1 : 0;
}

static bool sets_equal(const ddb_value *a, const ddb_value *b)
{
    if (a->u.list.len != b->u.list.len)
        return false;
    for (size_t i = 0; i < a->u.list.len; i++)
        if (!ddb_set_contains(b, &a->u.list.items[i]))
            return false;
    return true;
}

static bool maps_equal(const ddb_value *a, const ddb_value *b)
{
    if (a->u.map.len != b->u.map.len)
        return false;
    for (size_t i = 0; i < a->u.map.len; i++) {
        const ddb_member *m = &a->u.map.members[i];
        const ddb_value *o = ddb_map_get(b, m->name, m->name_len);
        if (!o || !ddb_value_equal(&m->value, o))
            return false;
    }
    return true;
}

bool ddb_value_equal(const ddb_value *a, const ddb_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case DDB_S:
    case DDB_B: return a->u.str.len == b->u.str.len && memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len) == 0;
    case DDB_N: return ddb_num_eq(&a->u.num, &b->u.num);
    case DDB_BOOL: return a->u.b == b->u.b;
    case DDB_NULL: return true;
    case DDB_SS:
    case DDB_NS:
    case DDB_BS: return sets_equal(a, b);
    case DDB_L:
        if (a->u.list.len != b->u.list.len)
            return false;
        for (size_t i = 0; i < a->u.list.len; i++)
            if (!ddb_value_equal(&a->u.list.items[i], &b->u.list.items[i]))
                return false;
        return true;
    case DDB_M: return maps_equal(a, b);
    }
    return false;
}

bool ddb_value_order(const ddb_value *a, const ddb_value *b, int *out)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case DDB_S:
    case DDB_B: *out = bytes_cmp(a->u.str.ptr, a->u.str.len, b->u.str.ptr, b->u.str.len); return true;
    case DDB_N: *out = ddb_num_cmp(&a->u.num, &b->u.num); return true;
    default: return false;
    }
}

bool ddb_set_contains(const ddb_value *s, const ddb_value *e)
{
    for (size_t i = 0; i < s->u.list.len; i++)
        if (ddb_value_equal(&s->u.list.items[i], e))
            return true;
    return false;
}

uint64_t ddb_scalar_hash(const ddb_value *v)
{
    if (v->type == DDB_N)
        return ddb_num_hash(&v->u.num);
    uint64_t h = 1469598103934665603ull ^ (uint64_t)v->type;
    for (size_t i = 0; i < v->u.str.len; i++)
        h = (h ^ (unsigned char)v->u.str.ptr[i]) * 1099511628211ull;
    return h;
}

/* =================================================================== sizes */

size_t ddb_value_size(const ddb_value *v)
{
    size_t n = 0;
    switch (v->type) {
    case DDB_S:
    case DDB_B: return v->u.str.len;
    case DDB_N: return ddb_num_size(&v->u.num);
    case DDB_BOOL:
    case DDB_NULL: return 1;
    case DDB_SS:
    case DDB_NS:
    case DDB_BS:
        for (size_t i = 0; i < v->u.list.len; i++)
            n += ddb_value_size(&v->u.list.items[i]);
        return n;
    case DDB_L:
        n = 3;
        for (size_t i = 0; i < v->u.list.len; i++)
            n += 1 + ddb_value_size(&v->u.list.items[i]);
        return n;
    case DDB_M: return 3 + v->u.map.len + ddb_item_size(v);
    }
    return 0;
}

size_t ddb_item_size(const ddb_value *item)
{
    size_t n = 0;
    for (size_t i = 0; i < item->u.map.len; i++)
        n += item->u.map.members[i].name_len + ddb_value_size(&item->u.map.members[i].value);
    return n;
}

/* =================================================================== copies */

void ddb_value_copy(arena *ar, const ddb_value *v, ddb_value *out)
{
    *out = *v;
    switch (v->type) {
    case DDB_SS:
    case DDB_NS:
    case DDB_BS:
    case DDB_L:
        out->u.list.cap = v->u.list.len;
        out->u.list.items = arena_alloc(ar, (v->u.list.len ? v->u.list.len : 1) * sizeof(ddb_value));
        for (size_t i = 0; i < v->u.list.len; i++)
            ddb_value_copy(ar, &v->u.list.items[i], &out->u.list.items[i]);
        break;
    case DDB_M:
        out->u.map.cap = v->u.map.len;
        out->u.map.members = arena_alloc(ar, (v->u.map.len ? v->u.map.len : 1) * sizeof(ddb_member));
        for (size_t i = 0; i < v->u.map.len; i++) {
            out->u.map.members[i].name = v->u.map.members[i].name;
            out->u.map.members[i].name_len = v->u.map.members[i].name_len;
            ddb_value_copy(ar, &v->u.map.members[i].value, &out->u.map.members[i].value);
        }
        break;
    default: break;
    }
}

#define ALIGN(n) (((n) + 15) & ~(size_t)15)

/* Bytes a heap copy of v's children needs (v itself excluded). */
/* Scalars (S, N, B, BOOL, NULL) own at most one string: a copy handles
 * them inline and recurses only into sets, lists and maps. */
static bool is_scalar(const ddb_value *v) { return v->type < DDB_SS; }
static bool has_str(const ddb_value *v) { return v->type == DDB_S || v->type == DDB_B; }

static size_t heap_need(const ddb_value *v);

/* The bytes a copy of v needs beyond its ddb_value. */
static inline size_t value_need(const ddb_value *v)
{
    if (is_scalar(v))
        return has_str(v) ? ALIGN(v->u.str.len + 1) : 0;
    return heap_need(v);
}

/* value_need of a set, list or map. */
static size_t heap_need(const ddb_value *v)
{
    size_t n;
    if (v->type == DDB_M) {
        n = ALIGN(v->u.map.len * sizeof(ddb_member));
        for (size_t i = 0; i < v->u.map.len; i++)
            n += ALIGN(v->u.map.members[i].name_len + 1) + value_need(&v->u.map.members[i].value);
        return n;
    }
    n = ALIGN(v->u.list.len * sizeof(ddb_value));
    for (size_t i = 0; i < v->u.list.len; i++)
        n += value_need(&v->u.list.items[i]);
    return n;
}

static char *heap_str(char **bump, const char *s, size_t n)
{
    char *p = *bump;
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    *bump += ALIGN(n + 1);
    return p;
}

static void heap_fill(char **bump, const ddb_value *v, ddb_value *out);

/* Copy v into *out, its memory from *bump. */
static inline void value_fill(char **bump, const ddb_value *v, ddb_value *out)
{
    if (!is_scalar(v)) {
        heap_fill(bump, v, out);
        return;
    }
    *out = *v;
    if (has_str(v))
        out->u.str.ptr = heap_str(bump, v->u.str.ptr, v->u.str.len);
}

/* value_fill of a set, list or map. */
static void heap_fill(char **bump, const ddb_value *v, ddb_value *out)
{
    *out = *v;
    if (v->type == DDB_M) {
        out->u.map.cap = v->u.map.len;
        out->u.map.members = (ddb_member *)*bump;
        *bump += ALIGN(v->u.map.len * sizeof(ddb_member));
        for (size_t i = 0; i < v->u.map.len; i++) {
            const ddb_member *m = &v->u.map.members[i];
            out->u.map.members[i].name = heap_str(bump, m->name, m->name_len);
            out->u.map.members[i].name_len = m->name_len;
            value_fill(bump, &m->value, &out->u.map.members[i].value);
        }
        return;
    }
    out->u.list.cap = v->u.list.len;
    out->u.list.items = (ddb_value *)*bump;
    *bump += ALIGN(v->u.list.len * sizeof(ddb_value));
    for (size_t i = 0; i < v->u.list.len; i++)
        value_fill(bump, &v->u.list.items[i], &out->u.list.items[i]);
}

/* A heap block's head: the value first (the block's address is the
 * value's), then the item's text when known. */
typedef struct stored_head {
    ddb_value value;
    const char *json;
    size_t json_len;
} stored_head;

ddb_value *ddb_item_dup_heap_json(const ddb_value *item, const char *json, size_t n)
{
    size_t text = json ? ALIGN(n + 1) : 0;
    size_t need = ALIGN(sizeof(stored_head)) + value_need(item);
    char *block = xmalloc(need + text);
    char *bump = block + ALIGN(sizeof(stored_head));
    stored_head *head = (stored_head *)block;
    value_fill(&bump, item, &head->value);
    head->json = json ? heap_str(&bump, json, n) : NULL;
    head->json_len = n;
    return &head->value;
}

ddb_value *ddb_value_dup_heap(const ddb_value *v)
{
    return ddb_item_dup_heap_json(v, NULL, 0);
}

const char *ddb_stored_json(const ddb_value *stored, size_t *n)
{
    const stored_head *head = (const stored_head *)stored;
    *n = head->json_len;
    return head->json;
}
