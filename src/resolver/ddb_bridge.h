/* ddb_bridge: AppSync DynamoDB request documents onto the in-memory engine.
 * Translates each operation to DynamoDB API requests, applies AppSync's
 * condition semantics (equalsIgnore re-read, Reject), versioned data sources
 * (_version, _lastChangedAt, soft deletes, delta records, conflict handlers),
 * and converts typed results to the plain JSON $ctx.result. */
#ifndef VTL_RESOLVER_DDB_BRIDGE_H
#define VTL_RESOLVER_DDB_BRIDGE_H
#include "resolver/datasource.h"

typedef struct ddb_bridge ddb_bridge;

/* A bridge over an empty engine, or one loaded from state_path (NULL: none).
 * Returns NULL with a message in err when the state file is unreadable. */
ddb_bridge *ddb_bridge_open(const char *state_path, strbuf *err);
/* Create the tables in `defs` (CreateTable definitions) that do not exist yet. */
bool ddb_bridge_ensure_tables(ddb_bridge *b, vval defs, strbuf *err);
/* Run one document (see datasource.h). `sync_config` is the resolver's or
 * function's SyncConfig (conflict handler), used on versioned data sources. */
void ddb_bridge_invoke(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, const char *version,
                       vval sync_config, int64_t now_ms, ds_call *call);
/* Save to the state file atomically (temp file + rename); no-op without one. */
bool ddb_bridge_save(ddb_bridge *b, strbuf *err);
/* The tables as JSON ({"name": [items...]}), for --json output. */
void ddb_bridge_dump(ddb_bridge *b, strbuf *out);
void ddb_bridge_close(ddb_bridge *b);

#endif
