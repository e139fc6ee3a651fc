/* ddb_db: the table set and its JSON dumps. */
#include "ddb/ddb_db.h"
#include "base/alloc.h"
#include <string.h>

ddb_db *ddb_db_new(void) { return xcalloc(1, sizeof(ddb_db)); }

void ddb_db_free(ddb_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n; i++)
        ddb_table_free(db->tables[i]);
    xfree(db->tables);
    for (size_t i = 0; i < db->ntokens; i++)
        xfree(db->tokens[i]);
    xfree(db->tokens);
    xfree(db->token_hashes);
    xfree(db);
}

ddb_table *ddb_db_table(const ddb_db *db, const char *name, size_t len)
{
    for (size_t i = 0; i < db->n; i++)
        if (db->tables[i]->name_len == len && ddb_same_name(db->tables[i]->name, name, len))
            return db->tables[i];
    return NULL;
}

void ddb_db_add(ddb_db *db, ddb_table *t)
{
    for (size_t i = 0; i < db->n; i++) {
        if (strcmp(db->tables[i]->name, t->name) == 0) {
            ddb_table_free(db->tables[i]);
            db->tables[i] = t;
            return;
        }
    }
    if (db->n == db->cap) {
        db->cap = db->cap ? db->cap * 2 : 4;
        db->tables = xrealloc(db->tables, db->cap * sizeof *db->tables);
    }
    db->tables[db->n++] = t;
}

int ddb_db_token(const ddb_db *db, const char *token, size_t len, uint64_t hash)
{
    for (size_t i = 0; i < db->ntokens; i++)
        if (strlen(db->tokens[i]) == len && memcmp(db->tokens[i], token, len) == 0)
            return db->token_hashes[i] == hash ? 1 : -1;
    return 0;
}

void ddb_db_add_token(ddb_db *db, const char *token, size_t len, uint64_t hash)
{
    if (db->ntokens == db->tcap) {
        db->tcap = db->tcap ? db->tcap * 2 : 8;
        db->tokens = xrealloc(db->tokens, db->tcap * sizeof *db->tokens);
        db->token_hashes = xrealloc(db->token_hashes, db->tcap * sizeof *db->token_hashes);
    }
    db->tokens[db->ntokens] = xmemdup0(token, len);
    db->token_hashes[db->ntokens++] = hash;
}

void ddb_db_items_json(strbuf *out, const ddb_db *db)
{
    strbuf_putc(out, '{');
    for (size_t i = 0; i < db->n; i++) {
        const ddb_table *t = db->tables[i];
        if (i)
            strbuf_putc(out, ',');
        strbuf_json_string(out, t->name, strlen(t->name));
        strbuf_puts(out, ":[");
        for (ddb_tnode *n = t->items.first; n; n = n->next) {
            if (n != t->items.first)
                strbuf_putc(out, ',');
            ddb_item_to_json(out, n->item);
        }
        strbuf_putc(out, ']');
    }
    strbuf_putc(out, '}');
}

void ddb_db_to_json(strbuf *out, const ddb_db *db)
{
    strbuf_puts(out, "{\"Tables\":[");
    for (size_t i = 0; i < db->n; i++) {
        if (i)
            strbuf_puts(out, ",\n");
        ddb_table_to_json(out, db->tables[i]);
    }
    strbuf_puts(out, "]}\n");
}
