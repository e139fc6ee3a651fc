/* ddb_attr: DynamoDB AttributeValues: representation, wire JSON, equality,
 * ordering and size accounting.
 *
 * A ddb_value is a tagged struct. S and B hold bytes (S is UTF-8, B raw bytes
 * decoded from base64); N holds an exact ddb_num; BOOL a flag; NULL nothing;
 * SS/NS/BS and L hold an array of ddb_value (set elements are S/N/B values);
 * M and items hold an array of named members in insertion order (names are
 * byte strings and may contain NUL). An item is a ddb_value of type M.
 *
 * Memory: working values (request values, items being updated) live in a
 * request arena and are mutable. Stored items are immutable single heap
 * blocks made by ddb_value_dup_heap() and released with one xfree(); every
 * pointer inside such a block points into the block. Data crossing from a
 * request into a table is always copied.
 */
#ifndef VTL_DDB_DDB_ATTR_H
#define VTL_DDB_DDB_ATTR_H
#include "base/arena.h"
#include "base/strbuf.h"
#include "ddb/ddb_json.h"
#include "ddb/ddb_num.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum ddb_type {
    DDB_S, DDB_N, DDB_B, DDB_BOOL, DDB_NULL, DDB_SS, DDB_NS, DDB_BS, DDB_L, DDB_M
} ddb_type;

typedef struct ddb_value ddb_value;
typedef struct ddb_member ddb_member;

struct ddb_value {
    ddb_type type;
    union {
        struct { const char *ptr; size_t len; } str;              /* S, B */
        ddb_num num;                                              /* N */
        bool b;                                                   /* BOOL */
        struct { ddb_value *items; size_t len, cap; } list;       /* L, SS, NS, BS */
        struct { ddb_member *members; size_t len, cap; } map;     /* M */
    } u;
};

struct ddb_member {
    const char *name;
    size_t name_len;
    ddb_value value;
};

/* ---- conversion from wire JSON ----
 * Mirrors DynamoDB's two stages: a shape error (wrong JSON type, bad base64)
 * is a SerializationException and stops the conversion; a content error
 * (bad number, empty or duplicate set, NULL false, zero or several type
 * tags) is a ValidationException, recorded (first one only) while the
 * conversion carries on. With appsync set, AppSync's shapes are accepted
 * too: N and NS elements as JSON numbers (lexeme kept exactly), NULL as
 * null, and base64 decoded leniently (characters outside the alphabet are
 * skipped, padding is optional). */
typedef struct ddb_conv {
    arena *ar;
    bool appsync;
    const char *ser_err;   /* first serialization message, or NULL */
    const char *val_err;   /* first validation message, or NULL */
} ddb_conv;

/* Convert one AttributeValue. Returns false only on a serialization error. */
bool ddb_value_from_json(ddb_conv *c, const ddb_json *j, ddb_value *out);
/* Convert a map of name -> AttributeValue (an item, a key, a value map) into
 * an M value. Returns false only on a serialization error. */
bool ddb_item_from_json(ddb_conv *c, const ddb_json *j, ddb_value *out);

/* ---- output ---- */
/* Append v in DynamoDB's typed JSON ({"S":"x"}, {"N":"1.5"}, ...). */
void ddb_value_to_json(strbuf *out, const ddb_value *v);
/* Append an item (M value) as a JSON object of typed values. */
void ddb_item_to_json(strbuf *out, const ddb_value *item);
/* The type tag: "S", "N", ..., "M". */
const char *ddb_type_name(ddb_type t);
/* Parse a type tag; false if s is not one. */
bool ddb_type_parse(const char *s, size_t n, ddb_type *t);


/* ---- maps ---- */
/* Whether the n bytes at a and b are equal. Attribute names are short: a
 * loop over them is cheaper than a call to memcmp. */
static inline bool ddb_same_name(const char *a, const char *b, size_t n)
{
    if (n > 16)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}
/* The member named name (len bytes) of M value m, or NULL. */
ddb_value *ddb_map_get(const ddb_value *m, const char *name, size_t len);
/* Set member name of m to v (replacing an existing one); memory from ar. */
void ddb_map_put(arena *ar, ddb_value *m, const char *name, size_t len, const ddb_value *v);
/* Remove member name from m; true if it was there. */
bool ddb_map_remove(ddb_value *m, const char *name, size_t len);
/* Append v to the L or set value l; memory from ar. */
void ddb_list_push(arena *ar, ddb_value *l, const ddb_value *v);
/* An empty M value. */
ddb_value ddb_map_new(void);

/* ---- comparison ---- */
/* Deep equality as DynamoDB's `=`: same type; N numerically; S/B bytewise;
 * sets as sets; L element-wise; M by name. */
bool ddb_value_equal(const ddb_value *a, const ddb_value *b);
/* Order a against b when both are S, N or B of one type (S and B by unsigned
 * bytes, N numerically): stores <0, 0, >0 in *out and returns true; returns
 * false when the two are not ordered against each other. */
bool ddb_value_order(const ddb_value *a, const ddb_value *b, int *out);
/* Whether set or L value s holds an element equal to e. */
bool ddb_set_contains(const ddb_value *s, const ddb_value *e);
/* Hash of a scalar S/N/B value consistent with ddb_value_equal. */
uint64_t ddb_scalar_hash(const ddb_value *v);

/* ---- size accounting (DynamoDB's 400 KB item limit) ---- */
size_t ddb_value_size(const ddb_value *v);
/* Sum over members of name bytes + value size. */
size_t ddb_item_size(const ddb_value *item);

/* ---- copies ---- */
/* Deep copy into ar (the copy is mutable). */
void ddb_value_copy(arena *ar, const ddb_value *v, ddb_value *out);
/* Deep copy into one fresh heap block (release it with xfree()). */
ddb_value *ddb_value_dup_heap(const ddb_value *v);
/* The same for an item whose text as ddb_item_to_json writes it is known:
 * json (n bytes, NULL for none) is kept in the block. Blocks are immutable,
 * so the text stays the item's until the block is freed; a changed item is
 * a new block. */
ddb_value *ddb_item_dup_heap_json(const ddb_value *item, const char *json, size_t n);
/* The text kept with a block of ddb_item_dup_heap_json (its length in *n),
 * or NULL (always for ddb_value_dup_heap). stored must be such a block. */
const char *ddb_stored_json(const ddb_value *stored, size_t *n);

#endif
