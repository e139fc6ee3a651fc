/* ddb_table: table definitions, the item store and index maintenance. */
#include "ddb/ddb_table.h"
#include "base/alloc.h"
#include <stdio.h>
#include <string.h>

/* ================================================================ definitions */

static bool def_error(char *err, size_t cap, const char *msg, const char *detail)
{
    snprintf(err, cap, "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
    return false;
}

static bool json_name(const ddb_json *j, char **out, size_t *len)
{
    if (!j || j->kind != DDB_JSON_STRING || j->len == 0)
        return false;
    *out = xmemdup0(j->str, j->len);
    *len = j->len;
    return true;
}

static bool parse_attrs(ddb_table *t, const ddb_json *defs, char *err, size_t cap)
{
    if (!defs || defs->kind != DDB_JSON_ARRAY || defs->n == 0)
        return def_error(err, cap, "AttributeDefinitions must be a non-empty array", NULL);
    t->attrs = xcalloc(defs->n, sizeof *t->attrs);
    for (size_t i = 0; i < defs->n; i++) {
        ddb_keydef *a = &t->attrs[t->nattrs];
        const ddb_json *type = ddb_json_get(defs->items[i], "AttributeType");
        if (!json_name(ddb_json_get(defs->items[i], "AttributeName"), &a->name, &a->len))
            return def_error(err, cap, "AttributeDefinitions entry without AttributeName", NULL);
        t->nattrs++;
        if (ddb_json_is_str(type, "S"))
            a->type = DDB_S;
        else if (ddb_json_is_str(type, "N"))
            a->type = DDB_N;
        else if (ddb_json_is_str(type, "B"))
            a->type = DDB_B;
        else
            return def_error(err, cap, "AttributeType must be S, N or B for attribute", a->name);
    }
    return true;
}

/* Fill a key definition from a KeySchema element, typed by the table's
 * AttributeDefinitions. */
static bool key_part(const ddb_table *t, const ddb_json *elem, ddb_keydef *k, char *err, size_t cap)
{
    const ddb_json *name = ddb_json_get(elem, "AttributeName");
    if (!name || name->kind != DDB_JSON_STRING)
        return def_error(err, cap, "KeySchema element without AttributeName", NULL);
    for (size_t i = 0; i < t->nattrs; i++) {
        if (t->attrs[i].len == name->len && memcmp(t->attrs[i].name, name->str, name->len) == 0) {
            k->name = xmemdup0(name->str, name->len);
            k->len = name->len;
            k->type = t->attrs[i].type;
            return true;
        }
    }
    char shown[256];
    snprintf(shown, sizeof shown, "%.*s", (int)(name->len < 255 ? name->len : 255), name->str);
    return def_error(err, cap, "Key attribute missing from AttributeDefinitions", shown);
}

static bool parse_schema(const ddb_table *t, const ddb_json *ks, ddb_keydef *hash, ddb_keydef *range, char *err,
                         size_t cap)
{
    if (!ks || ks->kind != DDB_JSON_ARRAY || ks->n < 1 || ks->n > 2)
        return def_error(err, cap, "KeySchema must have one or two elements", NULL);
    if (!ddb_json_is_str(ddb_json_get(ks->items[0], "KeyType"), "HASH"))
        return def_error(err, cap, "the first KeySchema element must be the HASH key", NULL);
    if (ks->n == 2 && !ddb_json_is_str(ddb_json_get(ks->items[1], "KeyType"), "RANGE"))
        return def_error(err, cap, "the second KeySchema element must be the RANGE key", NULL);
    if (!key_part(t, ks->items[0], hash, err, cap))
        return false;
    return ks->n == 1 || key_part(t, ks->items[1], range, err, cap);
}

static bool parse_projection(ddb_index *ix, const ddb_json *pj, char *err, size_t cap)
{
    const ddb_json *type = ddb_json_get(pj, "ProjectionType");
    if (!type || ddb_json_is_str(type, "ALL")) {
        ix->proj = DDB_PROJ_ALL;
        return true;
    }
    if (ddb_json_is_str(type, "KEYS_ONLY")) {
        ix->proj = DDB_PROJ_KEYS_ONLY;
        return true;
    }
    if (!ddb_json_is_str(type, "INCLUDE"))
        return def_error(err, cap, "ProjectionType must be ALL, KEYS_ONLY or INCLUDE in index", ix->name);
    ix->proj = DDB_PROJ_INCLUDE;
    const ddb_json *nk = ddb_json_get(pj, "NonKeyAttributes");
    if (!nk || nk->kind != DDB_JSON_ARRAY)
        return true;
    ix->include = xcalloc(nk->n ? nk->n : 1, sizeof *ix->include);
    for (size_t i = 0; i < nk->n; i++)
        if (nk->items[i]->kind == DDB_JSON_STRING)
            ix->include[ix->ninclude++] = xmemdup0(nk->items[i]->str, nk->items[i]->len);
    return true;
}

static bool parse_indexes(ddb_table *t, const ddb_json *list, bool global, char *err, size_t cap)
{
    if (!list)
        return true;
    if (list->kind != DDB_JSON_ARRAY)
        return def_error(err, cap, global ? "GlobalSecondaryIndexes must be an array"
                                          : "LocalSecondaryIndexes must be an array", NULL);
    t->indexes = xrealloc(t->indexes, (t->nindexes + list->n) * sizeof *t->indexes);
    for (size_t i = 0; i < list->n; i++) {
        ddb_index *ix = &t->indexes[t->nindexes];
        memset(ix, 0, sizeof *ix);
        size_t len;
        if (!json_name(ddb_json_get(list->items[i], "IndexName"), &ix->name, &len))
            return def_error(err, cap, "index without IndexName", NULL);
        t->nindexes++;
        ix->global = global;
        ddb_tree_init(&ix->tree, 4);
        if (!parse_schema(t, ddb_json_get(list->items[i], "KeySchema"), &ix->hash, &ix->range, err, cap) ||
            !parse_projection(ix, ddb_json_get(list->items[i], "Projection"), err, cap))
            return false;
        if (!global && (!ix->range.name || ix->hash.len != t->hash.len || memcmp(ix->hash.name, t->hash.name, t->hash.len)))
            return def_error(err, cap, "a local secondary index must share the table's hash key and have a range key",
                             ix->name);
    }
    return true;
}

ddb_table *ddb_table_create(const ddb_json *def, char *err, size_t errcap)
{
    ddb_table *t = xcalloc(1, sizeof *t);
    size_t len;
    ddb_tree_init(&t->items, 2);
    bool ok = json_name(ddb_json_get(def, "TableName"), &t->name, &len)
                  ? true : def_error(err, errcap, "table definition without TableName", NULL);
    t->name_len = ok ? strlen(t->name) : 0;
    ok = ok && parse_attrs(t, ddb_json_get(def, "AttributeDefinitions"), err, errcap);
    ok = ok && parse_schema(t, ddb_json_get(def, "KeySchema"), &t->hash, &t->range, err, errcap);
    ok = ok && parse_indexes(t, ddb_json_get(def, "GlobalSecondaryIndexes"), true, err, errcap);
    ok = ok && parse_indexes(t, ddb_json_get(def, "LocalSecondaryIndexes"), false, err, errcap);
    if (!ok) {
        ddb_table_free(t);
        return NULL;
    }
    return t;
}

static void free_index(ddb_index *ix)
{
    ddb_tree_clear(&ix->tree);
    xfree(ix->name);
    xfree(ix->hash.name);
    xfree(ix->range.name);
    for (size_t k = 0; k < ix->ninclude; k++)
        xfree(ix->include[k]);
    xfree(ix->include);
}

void ddb_table_free(ddb_table *t)
{
    if (!t)
        return;
    for (ddb_tnode *n = t->items.first; n; n = n->next)
        xfree(n->item);
    ddb_tree_clear(&t->items);
    xfree(t->slots);
    for (size_t i = 0; i < t->nindexes; i++)
        free_index(&t->indexes[i]);
    xfree(t->indexes);
    for (size_t i = 0; i < t->nattrs; i++)
        xfree(t->attrs[i].name);
    xfree(t->attrs);
    xfree(t->hash.name);
    xfree(t->range.name);
    xfree(t->name);
    xfree(t);
}

/* ================================================================ keys */

static const ddb_value *key_value(const ddb_value *item, const ddb_keydef *k)
{
    if (!k->name)
        return NULL;
    const ddb_value *v = ddb_map_get(item, k->name, k->len);
    return v && v->type == k->type ? v : NULL;
}

void ddb_table_key(const ddb_table *t, const ddb_value *item, const ddb_value *key[2])
{
    key[0] = key_value(item, &t->hash);
    key[1] = key_value(item, &t->range);
}

bool ddb_index_key(const ddb_table *t, const ddb_index *ix, const ddb_value *item, const ddb_value *key[4])
{
    key[0] = key_value(item, &ix->hash);
    key[1] = key_value(item, &ix->range);
    if (!key[0] || (ix->range.name && !key[1]))
        return false;
    ddb_table_key(t, item, key + 2);
    return true;
}

bool ddb_index_keys_next(ddb_index_keys *it, const ddb_index **ix, const ddb_keydef **key)
{
    for (; it->pass < 2; it->pass++, it->index = 0) {
        for (; it->index < it->t->nindexes; it->index++, it->key = 0) {
            const ddb_index *x = &it->t->indexes[it->index];
            if (x->global != (it->pass == 0))
                continue;
            if (!x->global && it->key == 0)
                it->key = 1;
            while (it->key < 2) {
                const ddb_keydef *k = it->key++ == 0 ? &x->hash : &x->range;
                if (k->name) {
                    *ix = x;
                    *key = k;
                    return true;
                }
            }
        }
    }
    return false;
}

ddb_index *ddb_table_index(const ddb_table *t, const char *name, size_t n)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (strlen(t->indexes[i].name) == n && memcmp(t->indexes[i].name, name, n) == 0)
            return &t->indexes[i];
    return NULL;
}

/* ================================================================ store */

/* splitmix64's finalizer: spreads structured inputs (runs of integers)
 * over all bits, which linear probing needs. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t key_hash(const ddb_value *const key[2])
{
    uint64_t h = mix64(ddb_scalar_hash(key[0]));
    if (key[1])
        h = mix64(h ^ ddb_scalar_hash(key[1]));
    return h;
}

static bool same_key(const ddb_tnode *n, const ddb_value *const key[2])
{
    return ddb_key_part_cmp(n->key[0], key[0]) == 0 && ddb_key_part_cmp(n->key[1], key[1]) == 0;
}

/* The slot holding key, or the free slot where it would go. */
static size_t slot_of(const ddb_table *t, const ddb_value *const key[2], uint64_t h)
{
    size_t mask = t->nslots - 1, i = (size_t)h & mask;
    while (t->slots[i].node && !(t->slots[i].hash == h && same_key(t->slots[i].node, key)))
        i = (i + 1) & mask;
    return i;
}

static void slots_grow(ddb_table *t)
{
    ddb_slot *old = t->slots;
    size_t n = t->nslots;
    t->nslots = n ? n * 2 : 64;
    t->slots = xcalloc(t->nslots, sizeof *t->slots);
    for (size_t i = 0; i < n; i++) {
        if (!old[i].node)
            continue;
        size_t k = (size_t)old[i].hash & (t->nslots - 1);
        while (t->slots[k].node)
            k = (k + 1) & (t->nslots - 1);
        t->slots[k] = old[i];
    }
    xfree(old);
}

/* Free slot i, moving later members of its probe run back (no tombstones). */
static void slot_clear(ddb_table *t, size_t i)
{
    size_t mask = t->nslots - 1, j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (!t->slots[j].node)
            break;
        size_t home = (size_t)t->slots[j].hash & mask;
        /* slot j may fill the hole at i unless its home lies in (i, j] */
        bool keep = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!keep) {
            t->slots[i] = t->slots[j];
            i = j;
        }
    }
    t->slots[i].node = NULL;
}

static ddb_tnode *lookup(const ddb_table *t, const ddb_value *const key[2], uint64_t h)
{
    if (!t->nslots || !key[0])
        return NULL;
    return t->slots[slot_of(t, key, h)].node;
}

const ddb_value *ddb_table_get(const ddb_table *t, const ddb_value *key_item)
{
    const ddb_value *key[2];
    ddb_table_key(t, key_item, key);
    ddb_tnode *n = lookup(t, key, key_hash(key));
    return n ? n->item : NULL;
}

static void index_remove(ddb_table *t, const ddb_value *item)
{
    const ddb_value *key[4];
    for (size_t i = 0; i < t->nindexes; i++)
        if (ddb_index_key(t, &t->indexes[i], item, key))
            ddb_tree_remove(&t->indexes[i].tree, key);
}

static void index_insert(ddb_table *t, ddb_value *item)
{
    const ddb_value *key[4];
    for (size_t i = 0; i < t->nindexes; i++)
        if (ddb_index_key(t, &t->indexes[i], item, key))
            ddb_tree_insert(&t->indexes[i].tree, key, item);
}

ddb_value *ddb_table_put(ddb_table *t, ddb_value *item)
{
    const ddb_value *key[2];
    ddb_table_key(t, item, key);
    uint64_t h = key_hash(key);
    /* room first, so the slot found holds the key or is where it goes */
    if ((t->items.count + 1) * 2 > t->nslots)
        slots_grow(t);
    size_t i = slot_of(t, key, h);
    ddb_tnode *n = t->slots[i].node;
    ddb_value *old = NULL;
    if (n) {
        old = n->item;
        index_remove(t, old);
        /* Same key: swap the item in place (the node's key must point into
         * the new item, which carries equal key values). */
        n->item = item;
        n->key[0] = key[0];
        n->key[1] = key[1];
    } else {
        n = ddb_tree_insert(&t->items, key, item);
        t->slots[i].hash = h;
        t->slots[i].node = n;
    }
    index_insert(t, item);
    return old;
}

ddb_value *ddb_table_delete(ddb_table *t, const ddb_value *key_item)
{
    const ddb_value *key[2];
    ddb_table_key(t, key_item, key);
    uint64_t h = key_hash(key);
    if (!t->nslots || !key[0])
        return NULL;
    size_t i = slot_of(t, key, h);
    ddb_tnode *n = t->slots[i].node;
    if (!n)
        return NULL;
    index_remove(t, n->item);
    slot_clear(t, i);
    return ddb_tree_remove(&t->items, key);
}

/* ================================================================ output */

static void key_schema_json(strbuf *out, const ddb_keydef *hash, const ddb_keydef *range)
{
    strbuf_puts(out, "\"KeySchema\":[{\"AttributeName\":");
    strbuf_json_string(out, hash->name, hash->len);
    strbuf_puts(out, ",\"KeyType\":\"HASH\"}");
    if (range->name) {
        strbuf_puts(out, ",{\"AttributeName\":");
        strbuf_json_string(out, range->name, range->len);
        strbuf_puts(out, ",\"KeyType\":\"RANGE\"}");
    }
    strbuf_putc(out, ']');
}

static void index_json(strbuf *out, const ddb_index *ix)
{
    static const char *const proj[] = {"ALL", "KEYS_ONLY", "INCLUDE"};
    strbuf_puts(out, "{\"IndexName\":");
    strbuf_json_string(out, ix->name, strlen(ix->name));
    strbuf_putc(out, ',');
    key_schema_json(out, &ix->hash, &ix->range);
    strbuf_printf(out, ",\"Projection\":{\"ProjectionType\":\"%s\"", proj[ix->proj]);
    if (ix->proj == DDB_PROJ_INCLUDE) {
        strbuf_puts(out, ",\"NonKeyAttributes\":[");
        for (size_t k = 0; k < ix->ninclude; k++) {
            if (k)
                strbuf_putc(out, ',');
            strbuf_json_string(out, ix->include[k], strlen(ix->include[k]));
        }
        strbuf_putc(out, ']');
    }
    strbuf_puts(out, "}}");
}

static void indexes_json(strbuf *out, const ddb_table *t, bool global)
{
    bool any = false;
    for (size_t i = 0; i < t->nindexes; i++) {
        if (t->indexes[i].global != global)
            continue;
        strbuf_puts(out, any ? "," : global ? ",\"GlobalSecondaryIndexes\":[" : ",\"LocalSecondaryIndexes\":[");
        index_json(out, &t->indexes[i]);
        any = true;
    }
    if (any)
        strbuf_putc(out, ']');
}

void ddb_table_to_json(strbuf *out, const ddb_table *t)
{
    strbuf_puts(out, "{\"TableName\":");
    strbuf_json_string(out, t->name, strlen(t->name));
    strbuf_putc(out, ',');
    key_schema_json(out, &t->hash, &t->range);
    strbuf_puts(out, ",\"AttributeDefinitions\":[");
    for (size_t i = 0; i < t->nattrs; i++) {
        strbuf_puts(out, i ? ",{\"AttributeName\":" : "{\"AttributeName\":");
        strbuf_json_string(out, t->attrs[i].name, t->attrs[i].len);
        strbuf_printf(out, ",\"AttributeType\":\"%s\"}", ddb_type_name(t->attrs[i].type));
    }
    strbuf_putc(out, ']');
    indexes_json(out, t, true);
    indexes_json(out, t, false);
    strbuf_puts(out, ",\"Items\":[");
    for (ddb_tnode *n = t->items.first; n; n = n->next) {
        if (n != t->items.first)
            strbuf_putc(out, ',');
        ddb_item_to_json(out, n->item);
    }
    strbuf_puts(out, "]}");
}
