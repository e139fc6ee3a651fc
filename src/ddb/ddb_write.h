/* ddb_write: the write operations: PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem and TransactWriteItems.
 *
 * Each write is planned before anything is stored: the request is
 * validated, the stored item read, the condition evaluated and the new item
 * computed in the request's arena; only then is the result copied into the
 * table (one heap block per item). A transaction plans all of its actions
 * against the state before the transaction and stores nothing unless every
 * condition holds.
 */
#ifndef VTL_DDB_DDB_WRITE_H
#define VTL_DDB_DDB_WRITE_H
#include "ddb/ddb_req.h"

/* Each runs one request whose JSON body is r->body; the outcome goes to
 * r->res. They return false when the request failed. */
bool ddb_put_item(ddb_req *r);
bool ddb_update_item(ddb_req *r);
bool ddb_delete_item(ddb_req *r);
bool ddb_batch_write_item(ddb_req *r);
bool ddb_transact_write_items(ddb_req *r);

#endif
