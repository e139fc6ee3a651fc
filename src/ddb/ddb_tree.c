/* ddb_tree: a threaded AVL tree keyed by DynamoDB key values. */
#include "ddb/ddb_tree.h"
#include "base/alloc.h"
#include <string.h>

void ddb_tree_init(ddb_tree *t, int nkey)
{
    memset(t, 0, sizeof *t);
    t->nkey = nkey;
}

void ddb_tree_clear(ddb_tree *t)
{
    ddb_tnode *n = t->first;
    while (n) {
        ddb_tnode *next = n->next;
        xfree(n);
        n = next;
    }
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
    while (n) {
        int c = key_cmp(key, n->key, t->nkey);
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

/* Insert nw below at; the nodes passed on the way are its neighbours'
 * candidates: the last one it went left of is its successor, the last one
 * it went right of its predecessor. */
static ddb_tnode *insert_rec(ddb_tree *t, ddb_tnode *at, ddb_tnode *nw)
{
    if (!at)
        return nw;
    if (key_cmp(nw->key, at->key, t->nkey) < 0) {
        nw->next = at;
        at->left = insert_rec(t, at->left, nw);
    } else {
        nw->prev = at;
        at->right = insert_rec(t, at->right, nw);
    }
    return rebalance(at);
}

ddb_tnode *ddb_tree_insert(ddb_tree *t, const ddb_value *const *key, ddb_value *item)
{
    ddb_tnode *nw = xcalloc(1, sizeof *nw);
    nw->height = 1;
    nw->item = item;
    memcpy(nw->key, key, (size_t)t->nkey * sizeof *key);
    t->root = insert_rec(t, t->root, nw);
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

static ddb_tnode *remove_rec(ddb_tree *t, ddb_tnode *n, const ddb_value *const *key, ddb_tnode **gone)
{
    if (!n)
        return NULL;
    int c = key_cmp(key, n->key, t->nkey);
    if (c < 0) {
        n->left = remove_rec(t, n->left, key, gone);
    } else if (c > 0) {
        n->right = remove_rec(t, n->right, key, gone);
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
    t->root = remove_rec(t, t->root, key, &gone);
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
    xfree(gone);
    return item;
}
