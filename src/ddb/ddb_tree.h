/* ddb_tree: an ordered index of items for tables and secondary indexes.
 *
 * An AVL tree (lookups, inserts and removals in O(log n)) whose nodes are
 * also threaded in key order by prev/next links, so a scan or a range walk
 * costs O(1) per step. A key is up to four components, each an S, N or B
 * value (or NULL when absent): a table uses (hash, range); a secondary
 * index uses (index hash, index range, table hash, table range), which
 * makes its keys unique. Components compare by DynamoDB's order (S and B by
 * unsigned bytes, N numerically); an absent component sorts first. The
 * tree borrows the items and the key values, which point into them.
 */
#ifndef VTL_DDB_DDB_TREE_H
#define VTL_DDB_DDB_TREE_H
#include "ddb/ddb_attr.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DDB_TREE_MAX_KEY 4

typedef struct ddb_tnode ddb_tnode;
struct ddb_tnode {
    ddb_tnode *left, *right;   /* AVL children */
    ddb_tnode *prev, *next;    /* in-order neighbours */
    int height;
    uint64_t order;            /* ddb_key_order(key[0]): most comparisons stop here */
    ddb_value *item;
    const ddb_value *key[DDB_TREE_MAX_KEY];
};

typedef struct ddb_tslab ddb_tslab;

typedef struct ddb_tree {
    ddb_tnode *root, *first, *last;
    size_t count;
    int nkey;                  /* key components in use */
    ddb_tslab *slabs;          /* where nodes are carved from */
    ddb_tnode *spare;          /* removed nodes, for reuse (linked by right) */
} ddb_tree;

/* An empty tree whose keys have nkey components. */
void ddb_tree_init(ddb_tree *t, int nkey);
/* Free every node (not the items). */
void ddb_tree_clear(ddb_tree *t);

/* Compare two key component values (either may be NULL). */
int ddb_key_part_cmp(const ddb_value *a, const ddb_value *b);
/* A 64-bit summary of a key component (NULL allowed) that keeps its order:
 * ddb_key_part_cmp(a, b) < 0 implies ddb_key_order(a) <= ddb_key_order(b).
 * S and B: the first 8 bytes; N: sign, magnitude and 16 leading digits. */
uint64_t ddb_key_order(const ddb_value *v);

/* The node with exactly this key, or NULL. */
ddb_tnode *ddb_tree_find(const ddb_tree *t, const ddb_value *const *key);
/* Insert item under key (which must not be present); returns the node. */
ddb_tnode *ddb_tree_insert(ddb_tree *t, const ddb_value *const *key, ddb_value *item);
/* Remove the node with this key; returns its item, or NULL if absent. */
ddb_value *ddb_tree_remove(ddb_tree *t, const ddb_value *const *key);

/* The first node whose first n key components are > key (after = true)
 * or >= key (after = false), or NULL. */
ddb_tnode *ddb_tree_seek(const ddb_tree *t, const ddb_value *const *key, int n, bool after);
/* The last node whose first n key components are < key (before = true)
 * or <= key (before = false), or NULL. */
ddb_tnode *ddb_tree_seek_last(const ddb_tree *t, const ddb_value *const *key, int n, bool before);

#endif
