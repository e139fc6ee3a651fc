/* ddb_update: applies a checked update expression (SET, REMOVE, ADD,
 * DELETE) to an item.
 *
 * DynamoDB's order of work: every SET right-hand side is evaluated against
 * the item as it was before the update; then the actions run in source
 * order; list elements set past the end are appended in index order; list
 * elements removed by index refer to the list before the update and are
 * removed last, highest index first. Intermediate maps are never created.
 */
#ifndef VTL_DDB_DDB_UPDATE_H
#define VTL_DDB_DDB_UPDATE_H
#include "base/arena.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_expr.h"

/* A secondary-index key attribute: SET may not give it another type. */
typedef struct ddb_keyattr {
    const char *name;
    size_t len;
    ddb_type type;
} ddb_keyattr;

/* Apply u to item (a mutable M value whose memory is in ar). index_keys
 * lists the table's secondary-index key attributes. Returns NULL on
 * success, or DynamoDB's ValidationException message; on error the item is
 * left partly updated and must be discarded. */
const char *ddb_update_apply(arena *ar, const ddb_update *u, ddb_value *item, const ddb_keyattr *index_keys,
                             size_t nindex_keys);

#endif
