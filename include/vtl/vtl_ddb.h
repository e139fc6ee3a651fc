/* vtl_ddb.h: libvtl's in-memory DynamoDB engine, the public interface.
 *
 * A vtl_ddb is a set of tables with DynamoDB's semantics: typed values,
 * 38-digit decimal numbers, condition/update/key-condition/filter/projection
 * expressions, secondary indexes, and the operations GetItem, PutItem,
 * UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem,
 * TransactGetItems and TransactWriteItems. Requests and responses are
 * DynamoDB's low-level JSON (the body of the HTTP API call), so a caller
 * that translates AppSync request documents builds that JSON and reads the
 * response or error back.
 *
 * Ownership: functions returning char * or vtl_ddb_result * hand the caller
 * a heap object to release with free() / vtl_ddb_result_free(). Strings
 * returned by the vtl_ddb_result accessors belong to the result.
 * A vtl_ddb is not thread-safe; use one per thread or lock around it.
 */
#ifndef VTL_VTL_DDB_H
#define VTL_VTL_DDB_H
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vtl_ddb vtl_ddb;
typedef struct vtl_ddb_result vtl_ddb_result;

/* A database with no tables. */
vtl_ddb *vtl_ddb_new(void);
/* Release the database, its tables and items. NULL is ignored. */
void vtl_ddb_free(vtl_ddb *db);

/* Also accept AppSync's value shapes in requests: N and NS elements as JSON
 * numbers (their text is kept exactly), {"NULL": null}, and base64 decoded
 * leniently (RFC 2045: characters outside the alphabet are skipped). Off by
 * default, when requests must be exactly DynamoDB's wire format. */
void vtl_ddb_set_appsync_values(vtl_ddb *db, bool on);

/* Create tables from a table document: one CreateTable-style object
 * ({"TableName", "KeySchema", "AttributeDefinitions",
 * "GlobalSecondaryIndexes"?, "LocalSecondaryIndexes"?, "Items"?}), an
 * array of them, or {"Tables": [...]}. Items are stored with PutItem. A
 * table of an existing name replaces it. On failure returns false, sets
 * *err to a heap message (when err is not NULL) and leaves the tables that
 * were already created in place. */
bool vtl_ddb_create_tables(vtl_ddb *db, const char *json, size_t len, char **err);

/* Whether a table of this name exists. */
bool vtl_ddb_has_table(const vtl_ddb *db, const char *name);

/* Run one request. operation is the DynamoDB action name ("PutItem", ...),
 * request the JSON request body (len bytes). Never returns NULL. Malformed
 * JSON, an unknown operation or a missing table come back as DynamoDB's
 * errors; a failed request changes no table. */
vtl_ddb_result *vtl_ddb_call(vtl_ddb *db, const char *operation, const char *request, size_t len);

/* Whether the request succeeded. */
bool vtl_ddb_result_ok(const vtl_ddb_result *r);
/* The response object as JSON (e.g. {"Item":{...}}); "{}" after an error. */
const char *vtl_ddb_result_response(const vtl_ddb_result *r);
/* The error's name (e.g. "ConditionalCheckFailedException") and message;
 * NULL after a success. */
const char *vtl_ddb_result_error_name(const vtl_ddb_result *r);
const char *vtl_ddb_result_error_message(const vtl_ddb_result *r);
/* The error as a JSON object: {"name", "message"} plus "Item" (the stored
 * item of a failed condition, with ReturnValuesOnConditionCheckFailure
 * ALL_OLD) or "CancellationReasons" (a cancelled transaction); NULL after a
 * success. */
const char *vtl_ddb_result_error_json(const vtl_ddb_result *r);
/* {"ok": true, "response": {...}} or {"ok": false, "error": {...}} as a new
 * heap string. */
char *vtl_ddb_result_json(const vtl_ddb_result *r);
void vtl_ddb_result_free(vtl_ddb_result *r);

/* Every table's items in key order: {"<table>": [<item>, ...], ...} as a new
 * heap string (items in DynamoDB's typed JSON). */
char *vtl_ddb_tables_json(const vtl_ddb *db);

/* The whole database (definitions and items) as a table document, the
 * format vtl_ddb_create_tables() and vtl_ddb_load_state() read. */
char *vtl_ddb_state_json(const vtl_ddb *db);
/* Load tables from a state file written by vtl_ddb_save_state() (or any
 * table document). A missing file is not an error: *loaded says whether one
 * was read. On failure returns false with *err set. */
bool vtl_ddb_load_state(vtl_ddb *db, const char *path, bool *loaded, char **err);
/* Write the state to path atomically: a temporary file in the same
 * directory, flushed to disk, then renamed over path. On failure the old
 * file is untouched; returns false with *err set. */
bool vtl_ddb_save_state(const vtl_ddb *db, const char *path, char **err);

#ifdef __cplusplus
}
#endif

#endif
