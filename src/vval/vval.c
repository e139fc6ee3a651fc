/* vval: construction, lists, maps (insertion-ordered hash), Java equality. */
#include "vval.h"
#include "base/alloc.h"
#include <math.h>
#include <string.h>

/* ================================================================ construction */

/* No byte of s has its high bit set (eight bytes at a time). */
static bool all_ascii(const char *s, size_t n)
{
    uint64_t acc = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return (acc & 0x8080808080808080ULL) == 0;
}

vstr *vstr_new(arena *ar, const char *s, size_t n)
{
    vstr *v = arena_alloc(ar, sizeof *v + n + 1);
    v->len = n;
    v->hashed = false;
    v->ascii = all_ascii(s, n);
    if (n)
        memcpy(v->data, s, n);
    v->data[n] = '\0';
    return v;
}

vval vval_str(arena *ar, const char *s, size_t n)
{
    return vval_from_vstr(vstr_new(ar, s, n));
}

vval vval_cstr(arena *ar, const char *s)
{
    return vval_str(ar, s, strlen(s));
}

vval vval_integral(arena *ar, __int128 x)
{
    return vval_integral_kind(ar, x, VVAL_INT);
}

vval vval_integral_kind(arena *ar, __int128 x, vval_kind at_least)
{
    if (at_least == VVAL_INT && x >= INT32_MIN && x <= INT32_MAX)
        return vval_int((int32_t)x);
    if (at_least != VVAL_BIGINT && x >= INT64_MIN && x <= INT64_MAX)
        return vval_long((int64_t)x);
    vval v;
    v.kind = VVAL_BIGINT;
    v.u.big = arena_alloc(ar, sizeof(__int128));
    *v.u.big = x;
    return v;
}

vval vval_list_new(arena *ar, size_t cap)
{
    vlist *l = arena_alloc(ar, sizeof *l);
    l->len = 0;
    l->cap = cap;
    l->items = cap ? arena_alloc(ar, cap * sizeof(vval)) : NULL;
    l->is_array = false;
    l->ar = ar;
    vval v;
    v.kind = VVAL_LIST;
    v.u.l = l;
    return v;
}

vval vval_map_new(arena *ar)
{
    vmap *m = arena_calloc(ar, sizeof *m);
    m->ar = ar;
    vval v;
    v.kind = VVAL_MAP;
    v.u.m = m;
    return v;
}

vval vval_map_with_cap(arena *ar, size_t cap)
{
    vval v = vval_map_new(ar);
    v.u.m->entries = arena_alloc(ar, cap * sizeof(vmap_entry));
    v.u.m->cap = cap;
    return v;
}

vval vval_object(arena *ar, int type, const void *ptr, vval a, vval b)
{
    vobj *o = arena_alloc(ar, sizeof *o);
    o->type = type;
    o->ptr = ptr;
    o->a = a;
    o->b = b;
    vval v;
    v.kind = VVAL_OBJECT;
    v.u.o = o;
    return v;
}

/* Java's (long) d: NaN is 0, out-of-range values saturate. */
static int64_t double_to_long(double d)
{
    if (isnan(d))
        return 0;
    if (d >= 9223372036854775807.0)
        return INT64_MAX;
    if (d <= -9223372036854775808.0)
        return INT64_MIN;
    return (int64_t)d;
}

__int128 vval_as_i128(vval v)
{
    switch (v.kind) {
    case VVAL_INT:
    case VVAL_LONG: return v.u.i;
    case VVAL_BIGINT: return *v.u.big;
    case VVAL_DOUBLE: return double_to_long(v.u.d);
    default: return 0;
    }
}

int32_t vval_java_int(vval v)
{
    if (v.kind == VVAL_DOUBLE) {   /* Double.intValue(): (int) d saturates */
        double d = v.u.d;
        return isnan(d) ? 0 : d >= 2147483647.0 ? INT32_MAX : d <= -2147483648.0 ? INT32_MIN : (int32_t)d;
    }
    return (int32_t)(uint32_t)vval_as_i128(v);   /* Long/BigInteger.intValue(): the low 32 bits */
}

int64_t vval_java_long(vval v)
{
    return (int64_t)(uint64_t)vval_as_i128(v);   /* doubles saturate, big integers keep their low 64 bits */
}

double vval_as_double(vval v)
{
    switch (v.kind) {
    case VVAL_INT:
    case VVAL_LONG: return (double)v.u.i;
    case VVAL_BIGINT: return (double)*v.u.big;
    case VVAL_DOUBLE: return v.u.d;
    default: return 0;
    }
}

/* ================================================================ lists */

static void list_reserve(vlist *l, size_t n)
{
    if (n <= l->cap)
        return;
    size_t cap = l->cap ? l->cap * 2 : 4;
    while (cap < n)
        cap *= 2;
    l->items = arena_grow(l->ar, l->items, l->len * sizeof(vval), cap * sizeof(vval));
    l->cap = cap;
}

void vlist_push(vlist *l, vval v)
{
    list_reserve(l, l->len + 1);
    l->items[l->len++] = v;
}

void vlist_insert(vlist *l, size_t at, vval v)
{
    list_reserve(l, l->len + 1);
    memmove(l->items + at + 1, l->items + at, (l->len - at) * sizeof(vval));
    l->items[at] = v;
    l->len++;
}

vval vlist_remove_at(vlist *l, size_t at)
{
    vval v = l->items[at];
    memmove(l->items + at, l->items + at + 1, (l->len - at - 1) * sizeof(vval));
    l->len--;
    return v;
}

/* ================================================================ hashing */

static uint32_t string_hash(const vstr *s)
{
    /* Java String.hashCode over UTF-16 code units. */
    uint32_t h = 0;
    const unsigned char *p = (const unsigned char *)s->data, *end = p + s->len;
    while (p < end) {
        uint32_t c = *p++;
        if (c >= 0x80) {
            int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : 0x1F;
            for (int k = 0; k < extra && p < end; k++)
                c = (c << 6) | (*p++ & 0x3F);
            if (c >= 0x10000) {
                c -= 0x10000;
                h = 31 * h + (0xD800 + (c >> 10));
                c = 0xDC00 + (c & 0x3FF);
            }
        }
        h = 31 * h + c;
    }
    return h;
}

static uint32_t long_hash(int64_t x)
{
    uint64_t u = (uint64_t)x;
    return (uint32_t)(u ^ (u >> 32));
}

uint32_t vval_hash(vval v)
{
    switch (v.kind) {
    case VVAL_NULL: return 0;
    case VVAL_BOOL: return v.u.b ? 1231 : 1237;
    case VVAL_INT: return (uint32_t)v.u.i;
    case VVAL_LONG: return long_hash(v.u.i);
    case VVAL_BIGINT: return long_hash((int64_t)*v.u.big);
    case VVAL_DOUBLE: {
        double d = v.u.d == 0.0 ? v.u.d : v.u.d; /* keep -0.0 distinct, as Java does */
        uint64_t bits;
        if (isnan(d))
            bits = 0x7ff8000000000000ULL;
        else
            memcpy(&bits, &d, sizeof bits);
        return (uint32_t)(bits ^ (bits >> 32));
    }
    case VVAL_STRING:
        if (!v.u.s->hashed) {
            v.u.s->hash = string_hash(v.u.s);
            v.u.s->hashed = true;
        }
        return v.u.s->hash;
    case VVAL_LIST: {
        uint32_t h = 1;
        for (size_t i = 0; i < v.u.l->len; i++)
            h = 31 * h + vval_hash(v.u.l->items[i]);
        return h;
    }
    case VVAL_MAP: {
        uint32_t h = 0;
        const vmap *m = v.u.m;
        for (size_t i = 0; i < m->len; i++)
            if (m->entries[i].live)
                h += m->entries[i].hash ^ vval_hash(m->entries[i].value);
        return h;
    }
    case VVAL_OBJECT: return (uint32_t)(uintptr_t)v.u.o;
    }
    return 0;
}

/* ================================================================ maps */

#define SMALL_MAP 8   /* up to this many slots a linear scan beats hashing */

static void index_rebuild(vmap *m, size_t cap)
{
    m->index = arena_alloc(m->ar, cap * sizeof(int32_t));
    memset(m->index, 0xff, cap * sizeof(int32_t));
    m->index_cap = cap;
    for (size_t i = 0; i < m->len; i++) {
        if (!m->entries[i].live)
            continue;
        size_t b = m->entries[i].hash & (cap - 1);
        while (m->index[b] >= 0)
            b = (b + 1) & (cap - 1);
        m->index[b] = (int32_t)i;
    }
}

static long find_slot(const vmap *m, vval key, uint32_t h)
{
    if (!m->index) {
        for (size_t i = 0; i < m->len; i++)
            if (m->entries[i].live && m->entries[i].hash == h && vval_java_equals(m->entries[i].key, key))
                return (long)i;
        return -1;
    }
    size_t b = h & (m->index_cap - 1);
    for (;;) {
        int32_t e = m->index[b];
        if (e < 0)
            return -1;
        const vmap_entry *en = &m->entries[e];
        if (en->live && en->hash == h && vval_java_equals(en->key, key))
            return e;
        b = (b + 1) & (m->index_cap - 1);
    }
}

vval *vmap_find(const vmap *m, vval key)
{
    long i = find_slot(m, key, vval_hash(key));
    return i < 0 ? NULL : &m->entries[i].value;
}

/* The entry whose key is the string key[0..n), by comparing bytes. */
static vval *scan_str(const vmap *m, const char *key, size_t n)
{
    for (size_t i = 0; i < m->len; i++) {
        const vmap_entry *en = &m->entries[i];
        if (en->live && en->key.kind == VVAL_STRING && en->key.u.s->len == n &&
            memcmp(en->key.u.s->data, key, n) == 0)
            return (vval *)&en->value;
    }
    return NULL;
}

vval *vmap_find_str(const vmap *m, const char *key, size_t n)
{
    struct { vstr s; char buf[64]; } small;
    if (!m->index || n >= sizeof small.buf)
        return scan_str(m, key, n);   /* a small map, or a key too long for the stack */
    /* A stack string reuses the hashed path without allocating. */
    small.s.len = n;
    small.s.hashed = false;
    small.s.ascii = true;
    memcpy(small.s.data, key, n);
    small.s.data[n] = '\0';
    vval k;
    k.kind = VVAL_STRING;
    k.u.s = &small.s;
    return vmap_find(m, k);
}

/* Append a new entry (the key is known to be absent). */
static void append(vmap *m, vval key, vval value, uint32_t h)
{
    if (m->len == m->cap) {
        /* Compact dead slots before growing. */
        if (m->count < m->len) {
            size_t j = 0;
            for (size_t k = 0; k < m->len; k++)
                if (m->entries[k].live)
                    m->entries[j++] = m->entries[k];
            m->len = j;
        }
        if (m->len == m->cap) {
            size_t cap = m->cap ? m->cap * 2 : 4;
            m->entries = arena_grow(m->ar, m->entries, m->len * sizeof(vmap_entry), cap * sizeof(vmap_entry));
            m->cap = cap;
        }
        m->index = NULL;
    }
    vmap_entry *en = &m->entries[m->len++];
    en->key = key;
    en->value = value;
    en->hash = h;
    en->live = true;
    m->count++;
    if (m->len > SMALL_MAP) {
        if (!m->index || m->len * 2 > m->index_cap) {
            size_t cap = 16;
            while (cap < m->cap * 2)
                cap *= 2;
            index_rebuild(m, cap);
        } else {
            size_t b = h & (m->index_cap - 1);
            while (m->index[b] >= 0)
                b = (b + 1) & (m->index_cap - 1);
            m->index[b] = (int32_t)(m->len - 1);
        }
    }
}

bool vmap_put(vmap *m, vval key, vval value, vval *old)
{
    uint32_t h = vval_hash(key);
    long i = find_slot(m, key, h);
    if (i >= 0) {
        if (old)
            *old = m->entries[i].value;
        m->entries[i].value = value;
        return true;
    }
    append(m, key, value, h);
    return false;
}

void vmap_put_new(vmap *m, vval key, vval value)
{
    append(m, key, value, vval_hash(key));
}

void vmap_put_str(vmap *m, const char *key, vval value)
{
    vmap_put(m, vval_cstr(m->ar, key), value, NULL);
}

bool vmap_remove(vmap *m, vval key, vval *old)
{
    long i = find_slot(m, key, vval_hash(key));
    if (i < 0)
        return false;
    if (old)
        *old = m->entries[i].value;
    /* Dead slots stay in the index (probing skips them via `live`). */
    m->entries[i].live = false;
    m->count--;
    return true;
}

void vmap_clear(vmap *m)
{
    m->len = m->count = 0;
    m->index = NULL;
    m->index_cap = 0;
}

size_t *vmap_order(const vmap *m, arena *ar)
{
    size_t *order = arena_alloc(ar, (m->count ? m->count : 1) * sizeof(size_t));
    size_t n = 0;
    for (size_t i = 0; i < m->len; i++)
        if (m->entries[i].live)
            order[n++] = i;
    if (!m->hash_order || n < 2)
        return order;
    /* java.util.HashMap: capacity 16 doubling past a 0.75 load factor; buckets
     * visited in index order; within a bucket, insertion order (stable sort). */
    size_t cap = 16;
    while (n > cap * 3 / 4)
        cap *= 2;
    for (size_t i = 1; i < n; i++) {
        size_t cur = order[i];
        uint32_t h = m->entries[cur].hash;
        uint32_t b = (h ^ (h >> 16)) & (uint32_t)(cap - 1);
        size_t j = i;
        while (j > 0) {
            uint32_t hp = m->entries[order[j - 1]].hash;
            if (((hp ^ (hp >> 16)) & (uint32_t)(cap - 1)) <= b)
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = cur;
    }
    return order;
}

/* ================================================================ equality */

int vval_num_cmp(vval a, vval b)
{
    if (a.kind != VVAL_DOUBLE && b.kind != VVAL_DOUBLE) {
        __int128 x = vval_as_i128(a), y = vval_as_i128(b);
        return x < y ? -1 : x > y;
    }
    double x = vval_as_double(a), y = vval_as_double(b);
    return x < y ? -1 : x > y ? 1 : 0;
}

bool vval_java_equals(vval a, vval b)
{
    if (a.kind != b.kind) {
        /* BigInteger.equals(Long) is false, as is Integer.equals(Long). */
        return false;
    }
    switch (a.kind) {
    case VVAL_NULL: return true;
    case VVAL_BOOL: return a.u.b == b.u.b;
    case VVAL_INT:
    case VVAL_LONG: return a.u.i == b.u.i;
    case VVAL_BIGINT: return *a.u.big == *b.u.big;
    case VVAL_DOUBLE: {
        /* Double.equals compares bit patterns: NaN equals NaN, 0.0 != -0.0. */
        if (isnan(a.u.d) && isnan(b.u.d))
            return true;
        return a.u.d == b.u.d && signbit(a.u.d) == signbit(b.u.d);
    }
    case VVAL_STRING:
        return a.u.s == b.u.s ||
               (a.u.s->len == b.u.s->len && memcmp(a.u.s->data, b.u.s->data, a.u.s->len) == 0);
    case VVAL_LIST: {
        if (a.u.l == b.u.l)
            return true;
        if (a.u.l->len != b.u.l->len || a.u.l->is_array || b.u.l->is_array)
            return false;
        for (size_t i = 0; i < a.u.l->len; i++)
            if (!vval_java_equals(a.u.l->items[i], b.u.l->items[i]))
                return false;
        return true;
    }
    case VVAL_MAP: {
        const vmap *x = a.u.m, *y = b.u.m;
        if (x == y)
            return true;
        if (x->count != y->count)
            return false;
        for (size_t i = 0; i < x->len; i++) {
            if (!x->entries[i].live)
                continue;
            vval *other = vmap_find(y, x->entries[i].key);
            if (!other || !vval_java_equals(x->entries[i].value, *other))
                return false;
        }
        return true;
    }
    case VVAL_OBJECT:
        if (a.u.o == b.u.o)
            return true;
        if (a.u.o->type == VOBJ_ENTRY && b.u.o->type == VOBJ_ENTRY)
            return vval_java_equals(a.u.o->a, b.u.o->a) && vval_java_equals(a.u.o->b, b.u.o->b);
        if (a.u.o->type == VOBJ_CLASS && b.u.o->type == VOBJ_CLASS)
            return strcmp(a.u.o->ptr, b.u.o->ptr) == 0;
        return false;
    }
    return false;
}

/* ================================================================ copying */

vval vval_deep_copy(arena *ar, vval v)
{
    if (v.kind == VVAL_LIST) {
        vval c = vval_list_new(ar, v.u.l->len);
        c.u.l->is_array = v.u.l->is_array;
        for (size_t i = 0; i < v.u.l->len; i++)
            vlist_push(c.u.l, vval_deep_copy(ar, v.u.l->items[i]));
        return c;
    }
    if (v.kind == VVAL_MAP) {
        /* the source's keys are distinct: append them without lookups */
        vval c = vval_map_with_cap(ar, v.u.m->count ? v.u.m->count : 1);
        c.u.m->hash_order = v.u.m->hash_order;
        for (size_t i = 0; i < v.u.m->len; i++)
            if (v.u.m->entries[i].live)
                append(c.u.m, v.u.m->entries[i].key, vval_deep_copy(ar, v.u.m->entries[i].value),
                       v.u.m->entries[i].hash);
        return c;
    }
    return v;
}
