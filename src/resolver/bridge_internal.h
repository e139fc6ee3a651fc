/* bridge_internal: what ddb_bridge.c shares with versioned.c: the engine
 * call in DynamoDB wire JSON, and conversions between AppSync's typed JSON,
 * the wire format and plain JSON. */
#ifndef VTL_RESOLVER_BRIDGE_INTERNAL_H
#define VTL_RESOLVER_BRIDGE_INTERNAL_H
#include "resolver/ddb_bridge.h"

/* Run one DynamoDB API operation. True with the response in *resp, or false
 * with {name, message, ...} in *err. */
bool bridge_call(ddb_bridge *b, arena *ar, const char *op, vval req, vval *resp, vval *err);
/* Create a table from a CreateTable definition unless it exists. */
bool bridge_create_table(ddb_bridge *b, vval def, strbuf *err);
/* AppSync typed value (N as a JSON number, NULL: null) -> wire value. */
vval bridge_to_wire(arena *ar, vval v);
/* The same over a map of name -> typed value. */
vval bridge_map_to_wire(arena *ar, vval m);
/* Plain JSON -> typed AppSync values: strings S, numbers N, booleans BOOL,
 * null NULL, lists L, objects M (the inverse of the response conversion). */
vval bridge_plain_item_to_wire(arena *ar, vval item);
/* A wire item -> plain JSON ($ctx.result). */
vval bridge_item_to_plain(arena *ar, vval item);
/* $ctx.error {message, type} for an engine error, in AppSync's wording. */
vval bridge_appsync_error(ddb_bridge *b, arena *ar, vval err);
/* Merge a section's expressionNames (and expressionValues) into a request. */
void bridge_merge_expr(arena *ar, vval req, vval section, bool values);
/* The versioned-data-source path of PutItem, UpdateItem, DeleteItem and Sync
 * (versioned.c). */
void bridge_versioned(ddb_bridge *b, arena *ar, const rs_datasource *ds, vval doc, vval sync_config,
                      int64_t now_ms, ds_call *call);

#endif
