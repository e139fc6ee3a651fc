/* vval: a VTL runtime value, modelled on the Java objects AppSync hands templates.
 *
 * Representation: a small tagged struct passed by value. Null, Boolean and the
 * Java numbers Integer/Long/Double sit unboxed in it; Integer and Long are kept
 * apart (and apart from Double) because VTL follows Java's numeric types:
 * `1` renders `1`, `1.0` renders `1.0`, and Integer + Integer overflows into Long.
 * BigInteger is a pointer to a 128-bit integer (wider results become null).
 *
 * Strings, lists, maps and objects are pointers into the evaluation's arena.
 * Lists and maps have reference semantics, as in Java: after #set($b = $a),
 * $b.add(1) changes $a. Nothing is reference counted; the arena frees it all.
 *
 * Strings are UTF-8 internally; Java's UTF-16 indexing is computed on demand
 * (vstr.ascii makes the common case O(1)).
 *
 * Maps keep insertion order (LinkedHashMap) unless hash_order is set, in which
 * case they iterate in Java HashMap order (what $util.dynamodb produces).
 * Keys are any value compared with Java equals(): Integer 1, Long 1 and "1" are
 * three different keys.
 *
 * VVAL_OBJECT covers every other Java object a template can hold: $util and its
 * namespaces, $foreach, Map.Entry, Class, #define blocks. The evaluator
 * interprets vobj.type.
 */
#ifndef VTL_VVAL_VVAL_H
#define VTL_VVAL_VVAL_H
#include "base/arena.h"
#include "base/strbuf.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum vval_kind {
    VVAL_NULL,
    VVAL_BOOL,
    VVAL_INT,     /* java.lang.Integer */
    VVAL_LONG,    /* java.lang.Long */
    VVAL_BIGINT,  /* java.math.BigInteger (128-bit) */
    VVAL_DOUBLE,  /* java.lang.Double */
    VVAL_STRING,  /* java.lang.String */
    VVAL_LIST,    /* java.util.ArrayList, or a Java array (is_array) */
    VVAL_MAP,     /* java.util.LinkedHashMap / HashMap */
    VVAL_OBJECT,  /* anything else; see vobj */
} vval_kind;

typedef struct vstr vstr;
typedef struct vlist vlist;
typedef struct vmap vmap;
typedef struct vobj vobj;

typedef struct vval {
    vval_kind kind;
    union {
        bool b;
        int64_t i;        /* INT and LONG */
        double d;
        __int128 *big;
        vstr *s;
        vlist *l;
        vmap *m;
        vobj *o;
    } u;
} vval;

struct vstr {
    size_t len;      /* bytes */
    uint32_t hash;   /* Java hashCode, valid when hashed */
    bool hashed;
    bool ascii;      /* every byte < 0x80: UTF-16 index == byte index */
    char data[];     /* NUL-terminated */
};

struct vlist {
    size_t len, cap;
    vval *items;
    bool is_array;   /* a Java array (String[] from split): renders as [L...;@hash */
    arena *ar;
};

typedef struct vmap_entry {
    vval key, value;
    uint32_t hash;   /* Java hashCode of key (spread not applied) */
    bool live;
} vmap_entry;

struct vmap {
    vmap_entry *entries;   /* insertion order, with dead slots after removals */
    size_t len, cap;       /* slots used / allocated */
    size_t count;          /* live entries */
    int32_t *index;        /* open-addressing table of entry indexes, or NULL when small */
    size_t index_cap;
    bool hash_order;       /* iterate in java.util.HashMap order */
    arena *ar;
};

/* Object kinds; the evaluator gives them behaviour. */
enum {
    VOBJ_UTIL,      /* $util or one of its namespaces: ptr = namespace descriptor */
    VOBJ_FOREACH,   /* $foreach: ptr = loop state */
    VOBJ_ENTRY,     /* Map.Entry: a = key, b = value */
    VOBJ_CLASS,     /* java.lang.Class: ptr = class name (const char *) */
    VOBJ_BLOCK,     /* #define block: ptr = AST node */
    VOBJ_CTX_LOG,   /* $util.log */
};

struct vobj {
    int type;
    const void *ptr;
    vval a, b;
};

/* ---- construction (values that need memory take it from `ar`) ---- */
static inline vval vval_null(void) { vval v; v.kind = VVAL_NULL; v.u.i = 0; return v; }
static inline vval vval_bool(bool b) { vval v; v.kind = VVAL_BOOL; v.u.i = 0; v.u.b = b; return v; }
static inline vval vval_int(int32_t i) { vval v; v.kind = VVAL_INT; v.u.i = i; return v; }
static inline vval vval_long(int64_t i) { vval v; v.kind = VVAL_LONG; v.u.i = i; return v; }
static inline vval vval_double(double d) { vval v; v.kind = VVAL_DOUBLE; v.u.d = d; return v; }
/* The narrowest of Integer, Long, BigInteger that holds x. */
vval vval_integral(arena *ar, __int128 x);
/* Widen to at least `kind` (VVAL_INT/LONG/BIGINT), then narrow only as far as overflow demands. */
vval vval_integral_kind(arena *ar, __int128 x, vval_kind at_least);
vval vval_str(arena *ar, const char *s, size_t n);
vval vval_cstr(arena *ar, const char *s);
/* Wrap an already arena-allocated vstr. */
static inline vval vval_from_vstr(vstr *s) { vval v; v.kind = VVAL_STRING; v.u.s = s; return v; }
vstr *vstr_new(arena *ar, const char *s, size_t n);
vval vval_list_new(arena *ar, size_t cap);
vval vval_map_new(arena *ar);
/* An empty map with room for cap entries before it regrows. */
vval vval_map_with_cap(arena *ar, size_t cap);
vval vval_object(arena *ar, int type, const void *ptr, vval a, vval b);

/* ---- predicates ---- */
static inline bool vval_is_null(vval v) { return v.kind == VVAL_NULL; }
static inline bool vval_is_integral(vval v)
{
    return v.kind == VVAL_INT || v.kind == VVAL_LONG || v.kind == VVAL_BIGINT;
}
static inline bool vval_is_number(vval v) { return vval_is_integral(v) || v.kind == VVAL_DOUBLE; }
static inline bool vval_is_obj(vval v, int type) { return v.kind == VVAL_OBJECT && v.u.o->type == type; }
/* The value as a 128-bit integer (integral kinds only). */
__int128 vval_as_i128(vval v);
/* Number.intValue() / longValue() as Java computes them for each type. */
int32_t vval_java_int(vval v);
int64_t vval_java_long(vval v);
/* The value as a double (any number kind). */
double vval_as_double(vval v);

/* ---- lists ---- */
void vlist_push(vlist *l, vval v);
void vlist_insert(vlist *l, size_t at, vval v);
vval vlist_remove_at(vlist *l, size_t at);

/* ---- maps ---- */
/* Java hashCode of a key. */
uint32_t vval_hash(vval key);
/* Pointer to the value for key, or NULL when absent. */
vval *vmap_find(const vmap *m, vval key);
vval *vmap_find_str(const vmap *m, const char *key, size_t n);
/* Put; returns true and stores the previous value in *old when the key existed. */
bool vmap_put(vmap *m, vval key, vval value, vval *old);
void vmap_put_str(vmap *m, const char *key, vval value);
/* Append a key the caller knows is not in the map (no lookup first). */
void vmap_put_new(vmap *m, vval key, vval value);
/* Remove; returns true and stores the removed value in *old when the key existed. */
bool vmap_remove(vmap *m, vval key, vval *old);
void vmap_clear(vmap *m);
/* Iteration: fills `order` (m->count slots, from the arena) with entry indexes in
 * iteration order, and returns it. */
size_t *vmap_order(const vmap *m, arena *ar);

/* ---- comparison (Java semantics) ---- */
/* Java equals(): same class and value; lists and maps by content. */
bool vval_java_equals(vval a, vval b);
/* Three-way numeric comparison of two numbers. */
int vval_num_cmp(vval a, vval b);

/* ---- copying ---- */
/* Deep copy of lists and maps (strings and objects are shared) into `ar`. */
vval vval_deep_copy(arena *ar, vval v);

#endif
