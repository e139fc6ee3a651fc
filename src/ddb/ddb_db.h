/* ddb_db: a set of tables: the in-memory DynamoDB an engine instance runs
 * requests against. Owns its tables (and through them every item). */
#ifndef VTL_DDB_DDB_DB_H
#define VTL_DDB_DDB_DB_H
#include "base/strbuf.h"
#include "ddb/ddb_table.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ddb_db {
    ddb_table **tables;
    size_t n, cap;
    bool appsync;              /* accept AppSync's value shapes (ddb_conv) */
    /* TransactWriteItems idempotency: ClientRequestToken -> request hash */
    char **tokens;
    uint64_t *token_hashes;
    size_t ntokens, tcap;
} ddb_db;

/* An empty database (no tables). */
ddb_db *ddb_db_new(void);
/* Free the database, its tables and their items. */
void ddb_db_free(ddb_db *db);
/* The table named name (len bytes, case-sensitive), or NULL. */
ddb_table *ddb_db_table(const ddb_db *db, const char *name, size_t len);
/* Add t (now owned by db); a table of the same name is freed and replaced. */
void ddb_db_add(ddb_db *db, ddb_table *t);
/* Look up a transaction token: 0 unknown, 1 seen with this request hash,
 * -1 seen with another request. */
int ddb_db_token(const ddb_db *db, const char *token, size_t len, uint64_t hash);
/* Remember a token of a successful transaction. */
void ddb_db_add_token(ddb_db *db, const char *token, size_t len, uint64_t hash);
/* Append {"<table>": [items in key order], ...}. */
void ddb_db_items_json(strbuf *out, const ddb_db *db);
/* Append {"Tables": [<definition with Items>, ...]} (the state format). */
void ddb_db_to_json(strbuf *out, const ddb_db *db);

#endif
