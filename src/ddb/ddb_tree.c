/* ddb_tree: a threaded AVL tree keyed by DynamoDB key values. */
#include "ddb/ddb_tree.h"
#include "base/alloc.h"
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

/* Nodes are carved from slabs (one malloc per SLAB_NODES inserts), removed
 * ones are kept for reuse, and the slabs go when the tree is cleared. With
 * ARENA_DEBUG every node is its own block, freed on removal, so tools see
 * its bounds and any use after removal. */
#ifdef ARENA_DEBUG

static ddb_tnode *node_new(ddb_tree *t)
{
    (void)t;
    return xcalloc(1, sizeof(ddb_tnode));
}

static void node_release(ddb_tree *t, ddb_tnode *n)
{
    (void)t;
    xfree(n);
}

static void nodes_free(ddb_tree *t)
{
    for (ddb_tnode *n = t->first, *next; n; n = next) {
        next = n->next;
        xfree(n);
    }
}

#else

#define SLAB_NODES 64

struct ddb_tslab {
    ddb_tslab *next;
    size_t used;
    ddb_tnode nodes[SLAB_NODES];
};

static ddb_tnode *node_new(ddb_tree *t)
{
    ddb_tnode *n = t->spare;
    if (n) {
        t->spare = n->right;
    } else {
        if (!t->slabs || t->slabs->used == SLAB_NODES) {
            ddb_tslab *s = xmalloc(sizeof *s);
            s->next = t->slabs;
            s->used = 0;
            t->slabs = s;
        }
        n = &t->slabs->nodes[t->slabs->used++];
    }
    memset(n, 0, sizeof *n);
    return n;
}

static void node_release(ddb_tree *t, ddb_tnode *n)
{
    n->right = t->spare;
    t->spare = n;
}

static void nodes_free(ddb_tree *t)
{
    for (ddb_tslab *s = t->slabs, *next; s; s = next) {
        next = s->next;
        xfree(s);
    }
}

#endif

void ddb_tree_init(ddb_tree *t, int nkey)
{
    memset(t, 0, sizeof *t);
    t->nkey = nkey;
}

void ddb_tree_clear(ddb_tree *t)
{
    nodes_free(t);
    int nkey = t->nkey;
    ddb_tree_init(t, nkey);
}

/* memcmp's order of n bytes; short keys (the usual ones) are compared in
 * a loop, cheaper than the call at every level of a descent. */
static inline int bytes_cmp(const char *a, const char *b, size_t n)
{
    if (n > 16)
        return memcmp(a, b, n);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return (unsigned char)a[i] < (unsigned char)b[i] ? -1 : 1;
    return 0;
}

int ddb_key_part_cmp(const ddb_value *a, const ddb_value *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    if (a->type == DDB_N)
        return ddb_num_cmp(&a->u.num, &b->u.num);
    size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
    int c = bytes_cmp(a->u.str.ptr, b->u.str.ptr, n);
    if (c)
        return c;
    return a->u.str.len < b->u.str.len ? -1 : a->u.str.len > b->u.str.len;
}

static int key_cmp(const ddb_value *const *a, const ddb_value *const *b, int n)
{
    for (int i = 0; i < n; i++) {
        int c = ddb_key_part_cmp(a[i], b[i]);
        if (c)
            return c;
    }
    return 0;
}

/* The 16 leading digits of a non-zero number, as an integer below 10^16. */
static uint64_t leading_digits(const ddb_num *a)
{
    static const uint64_t pow10[17] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                       1000000000, 10000000000ull, 100000000000ull, 1000000000000ull,
                                       10000000000000ull, 100000000000000ull, 1000000000000000ull,
                                       10000000000000000ull};
    if (a->ndigits <= 16)
        return (uint64_t)a->coef * pow10[16 - a->ndigits];
    unsigned __int128 c = a->coef;
    for (int n = a->ndigits; n > 16; n--)
        c /= 10;
    return (uint64_t)c;
}

/* Zero is 2^63; a positive number is 2^63 + (adjusted exponent + 131) *
 * 2^54 + leading digits (< 2^54), the magnitude mirrored below 2^63 for a
 * negative one. */
static uint64_t num_order(const ddb_num *a)
{
    if (a->ndigits == 0)
        return 1ull << 63;
    uint64_t adj = (uint64_t)(a->exp + a->ndigits - 1 + 131);   /* 1 .. 256 */
    uint64_t m = adj << 54 | leading_digits(a);
    return a->neg ? (1ull << 63) - 1 - m : (1ull << 63) + m;
}

uint64_t ddb_key_order(const ddb_value *v)
{
    if (!v)
        return 0;
    if (v->type == DDB_N)
        return num_order(&v->u.num);
    size_t n = v->u.str.len < 8 ? v->u.str.len : 8;
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x |= (uint64_t)(unsigned char)v->u.str.ptr[i] << (56 - 8 * i);
    return x;
}

/* key, whose first component has the summary order, against node n. */
static inline int node_cmp(const ddb_tree *t, uint64_t order, const ddb_value *const *key, const ddb_tnode *n)
{
    if (order != n->order)
        return order < n->order ? -1 : 1;
    return key_cmp(key, n->key, t->nkey);
}

/* ---------------------------------------------------------------- balance */

static int height(const ddb_tnode *n) { return n ? n->height : 0; }

static void fix_height(ddb_tnode *n)
{
    int l = height(n->left), r = height(n->right);
    n->height = (l > r ? l : r) + 1;
}

static ddb_tnode *rotate_right(ddb_tnode *n)
{
    ddb_tnode *l = n->left;
    n->left = l->right;
    l->right = n;
    fix_height(n);
    fix_height(l);
    return l;
}

static ddb_tnode *rotate_left(ddb_tnode *n)
{
    ddb_tnode *r = n->right;
    n->right = r->left;
    r->left = n;
    fix_height(n);
    fix_height(r);
    return r;
}

static ddb_tnode *rebalance(ddb_tnode *n)
{
    fix_height(n);
    int bal = height(n->left) - height(n->right);
    if (bal > 1) {
        if (height(n->left->left) < height(n->left->right))
            n->left = rotate_left(n->left);
        return rotate_right(n);
    }
    if (bal < -1) {
        if (height(n->right->right) < height(n->right->left))
            n->right = rotate_right(n->right);
        return rotate_left(n);
    }
    return n;
}

/* ---------------------------------------------------------------- lookup */

ddb_tnode *ddb_tree_find(const ddb_tree *t, const ddb_value *const *key)
{
    ddb_tnode *n = t->root;
    uint64_t order = ddb_key_order(key[0]);
    while (n) {
        int c = node_cmp(t, order, key, n);
        if (c == 0)
            return n;
        n = c < 0 ? n->left : n->right;
    }
    return NULL;
}

ddb_tnode *ddb_tree_seek(const ddb_tree *t, const ddb_value *const *key, int n, bool after)
{
    ddb_tnode *best = NULL, *at = t->root;
    while (at) {
        int c = key_cmp(at->key, key, n);
        if (c > 0 || (c == 0 && !after)) {
            best = at;
            at = at->left;
        } else {
            at = at->right;
        }
    }
    return best;
}

ddb_tnode *ddb_tree_seek_last(const ddb_tree *t, const ddb_value *const *key, int n, bool before)
{
    ddb_tnode *best = NULL, *at = t->root;
    while (at) {
        int c = key_cmp(at->key, key, n);
        if (c < 0 || (c == 0 && !before)) {
            best = at;
            at = at->right;
        } else {
            at = at->left;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- insert */

/* An AVL tree of this height would hold more than 2^64 nodes. */
#define MAX_HEIGHT 96

/* Rebalance the nodes of an insertion's path (links to them, root first),
 * bottom up, until one keeps its height: the ones above it are unchanged
 * then. */
static void retrace(ddb_tnode **path[], int depth)
{
    while (depth-- > 0) {
        ddb_tnode *n = *path[depth];
        int h = n->height;
        *path[depth] = rebalance(n);
        if ((*path[depth])->height == h)
            return;
    }
}

ddb_tnode *ddb_tree_insert(ddb_tree *t, const ddb_value *const *key, ddb_value *item)
{
    ddb_tnode *nw = node_new(t);
    nw->height = 1;
    nw->item = item;
    memcpy(nw->key, key, (size_t)t->nkey * sizeof *key);
    nw->order = ddb_key_order(key[0]);
    /* Descend: the last node passed on the left is the successor, the
     * last one passed on the right the predecessor. */
    ddb_tnode **path[MAX_HEIGHT], **link = &t->root;
    int depth = 0;
    while (*link) {
        ddb_tnode *at = *link;
        path[depth++] = link;
        if (node_cmp(t, nw->order, nw->key, at) < 0) {
            nw->next = at;
            link = &at->left;
        } else {
            nw->prev = at;
            link = &at->right;
        }
    }
    *link = nw;
    retrace(path, depth);
    ddb_tnode *pred = nw->prev, *succ = nw->next;
    if (pred)
        pred->next = nw;
    else
        t->first = nw;
    if (succ)
        succ->prev = nw;
    else
        t->last = nw;
    t->count++;
    return nw;
}

/* ---------------------------------------------------------------- remove */

static ddb_tnode *remove_min(ddb_tnode *n, ddb_tnode **min)
{
    if (!n->left) {
        *min = n;
        return n->right;
    }
    n->left = remove_min(n->left, min);
    return rebalance(n);
}

static ddb_tnode *remove_rec(ddb_tree *t, ddb_tnode *n, uint64_t order, const ddb_value *const *key,
                             ddb_tnode **gone)
{
    if (!n)
        return NULL;
    int c = node_cmp(t, order, key, n);
    if (c < 0) {
        n->left = remove_rec(t, n->left, order, key, gone);
    } else if (c > 0) {
        n->right = remove_rec(t, n->right, order, key, gone);
    } else {
        *gone = n;
        if (!n->left)
            return n->right;
        if (!n->right)
            return n->left;
        ddb_tnode *m;
        ddb_tnode *right = remove_min(n->right, &m);
        m->left = n->left;
        m->right = right;
        return rebalance(m);
    }
    return rebalance(n);
}

ddb_value *ddb_tree_remove(ddb_tree *t, const ddb_value *const *key)
{
    ddb_tnode *gone = NULL;
    t->root = remove_rec(t, t->root, ddb_key_order(key[0]), key, &gone);
    if (!gone)
        return NULL;
    if (gone->prev)
        gone->prev->next = gone->next;
    else
        t->first = gone->next;
    if (gone->next)
        gone->next->prev = gone->prev;
    else
        t->last = gone->prev;
    t->count--;
    ddb_value *item = gone->item;
    node_release(t, gone);
    return item;
}
