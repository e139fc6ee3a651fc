/* ddb_table: a table's schema and its items, with secondary indexes.
 *
 * A table owns its items: each is an immutable heap block (see ddb_attr.h)
 * held in a ddb_tree ordered by (hash key, range key), and reachable by key
 * through a hash index too, so a GetItem or PutItem costs O(1) expected
 * instead of a tree descent (O(log n) cache misses). Every global or
 * local secondary index keeps its own tree of the same items ordered by
 * (index hash, index range, table hash, table range); an item appears in an
 * index only when it has all of the index's key attributes (sparse
 * indexes). Index projections (ALL, KEYS_ONLY, INCLUDE) are applied when an
 * index is read. Writes replace whole items, so a write is either applied
 * completely or not at all.
 */
#ifndef VTL_DDB_DDB_TABLE_H
#define VTL_DDB_DDB_TABLE_H
#include "base/strbuf.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_json.h"
#include "ddb/ddb_tree.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ddb_projtype { DDB_PROJ_ALL, DDB_PROJ_KEYS_ONLY, DDB_PROJ_INCLUDE } ddb_projtype;

typedef struct ddb_keydef {
    char *name;                /* NULL when the key is absent (no range key) */
    size_t len;
    ddb_type type;             /* S, N or B */
} ddb_keydef;

typedef struct ddb_index {
    char *name;
    bool global;
    ddb_keydef hash, range;
    ddb_projtype proj;
    char **include;            /* INCLUDE: NonKeyAttributes */
    size_t ninclude;
    ddb_tree tree;
} ddb_index;

/* One slot of the key hash index (open addressing, linear probing). */
typedef struct ddb_slot {
    uint64_t hash;
    ddb_tnode *node;           /* NULL when the slot is free */
} ddb_slot;

typedef struct ddb_table {
    char *name;
    size_t name_len;           /* strlen(name), for lookups by name */
    ddb_keydef hash, range;
    ddb_keydef *attrs;         /* AttributeDefinitions */
    size_t nattrs;
    ddb_index *indexes;
    size_t nindexes;
    ddb_tree items;
    ddb_slot *slots;           /* key -> node; capacity a power of two */
    size_t nslots;
} ddb_table;

/* Create an empty table from a CreateTable-style definition (TableName,
 * KeySchema, AttributeDefinitions, GlobalSecondaryIndexes,
 * LocalSecondaryIndexes). On a bad definition returns NULL and writes a
 * message into err. */
ddb_table *ddb_table_create(const ddb_json *def, char *err, size_t errcap);
/* Free the table and every item it holds. */
void ddb_table_free(ddb_table *t);

/* The table's key values within item (range NULL for a hash-only table). */
void ddb_table_key(const ddb_table *t, const ddb_value *item, const ddb_value *key[2]);
/* The index key (index hash, index range, table hash, table range) of item;
 * false when item lacks one of the index's key attributes. */
bool ddb_index_key(const ddb_table *t, const ddb_index *ix, const ddb_value *item, const ddb_value *key[4]);
/* Walks the key attributes of a table's secondary indexes in the order
 * DynamoDB checks them: global indexes (hash, then range key) before local
 * ones (range key only: they share the table's hash key); absent keys are
 * skipped. Start from {t}; each call yields one (index, key). */
typedef struct ddb_index_keys {
    const ddb_table *t;
    int pass;        /* 0 global indexes, 1 local */
    size_t index;
    int key;         /* 0 hash, 1 range */
} ddb_index_keys;
bool ddb_index_keys_next(ddb_index_keys *it, const ddb_index **ix, const ddb_keydef **key);

/* The index named name (n bytes), or NULL. */
ddb_index *ddb_table_index(const ddb_table *t, const char *name, size_t n);

/* The stored item with the key held by key_item (a key or a whole item),
 * or NULL. */
const ddb_value *ddb_table_get(const ddb_table *t, const ddb_value *key_item);
/* Store item (a heap block from ddb_value_dup_heap, now owned by the
 * table), replacing the item with the same key. Returns the replaced item,
 * which the caller must xfree(), or NULL. */
ddb_value *ddb_table_put(ddb_table *t, ddb_value *item);
/* Remove the item with the key held by key_item; returns it (the caller
 * must xfree() it) or NULL. */
ddb_value *ddb_table_delete(ddb_table *t, const ddb_value *key_item);

/* Append the table's definition as CreateTable JSON with an "Items" array
 * (the table.json format). */
void ddb_table_to_json(strbuf *out, const ddb_table *t);

#endif
