/* ddb_eval: evaluates checked expressions against items: document paths,
 * condition and filter expressions, and projections.
 *
 * Conditions never fail at run time: a missing attribute or a type mismatch
 * makes a predicate false (`<>` true), as in DynamoDB. A missing item is
 * evaluated as an empty item.
 */
#ifndef VTL_DDB_DDB_EVAL_H
#define VTL_DDB_DDB_EVAL_H
#include "base/arena.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_expr.h"
#include <stdbool.h>

/* The value at path p in item (an M value), or NULL when any step is
 * missing or of the wrong container type. */
const ddb_value *ddb_path_get(const ddb_value *item, const ddb_path *p);

/* Whether condition x holds for item (NULL means no item). */
bool ddb_eval_condition(const ddb_expr *x, const ddb_value *item);

/* The projection of item over paths (DynamoDB's rules: enclosing maps and
 * lists are rebuilt, list elements keep their relative order, unresolved
 * paths contribute nothing). The result's leaves point into item. */
void ddb_project(arena *ar, const ddb_value *item, const ddb_path *const *paths, size_t n, ddb_value *out);

/* size() of v as DynamoDB counts it (S: UTF-16 code units, B: bytes, sets
 * and L: elements, M: members); false for other types. */
bool ddb_value_length(const ddb_value *v, uint64_t *len);

#endif
