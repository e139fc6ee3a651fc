/* ddb_read: the read operations: GetItem, Query, Scan, BatchGetItem and
 * TransactGetItems.
 *
 * Query walks one partition of a table or index in sort-key order (either
 * direction) from the first key the key condition allows; Scan walks the
 * whole table or index in key order (parallel scans take the partitions
 * whose key hashes to their segment). Both count items read against Limit
 * and 1 MB before applying the filter, and return LastEvaluatedKey whenever
 * they stopped early, as DynamoDB does.
 */
#ifndef VTL_DDB_DDB_READ_H
#define VTL_DDB_DDB_READ_H
#include "ddb/ddb_req.h"

/* Each runs one request whose JSON body is r->body; the outcome goes to
 * r->res. They return false when the request failed. */
bool ddb_get_item(ddb_req *r);
bool ddb_query(ddb_req *r);
bool ddb_scan(ddb_req *r);
bool ddb_batch_get_item(ddb_req *r);
bool ddb_transact_get_items(ddb_req *r);

#endif
