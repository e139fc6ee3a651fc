/* ddb_req: what every DynamoDB operation shares: the request context and
 * result, DynamoDB's error shapes, request-member shape checks
 * (SerializationException), constraint checks ("1 validation error
 * detected: ..."), key and item validation, and the expression parameters
 * (ExpressionAttributeNames/Values and the five expressions) with
 * DynamoDB's order of checks.
 *
 * An operation runs in three stages, as DynamoDB's do: convert and
 * shape-check the request, validate it, then act on the table. Nothing is
 * written before the last stage, and a write stage only replaces whole
 * items, so a failed request leaves every table as it was.
 */
#ifndef VTL_DDB_DDB_REQ_H
#define VTL_DDB_DDB_REQ_H
#include "base/arena.h"
#include "base/strbuf.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_db.h"
#include "ddb/ddb_direct.h"
#include "ddb/ddb_json.h"
#include "ddb/ddb_parse.h"
#include <stdbool.h>

#define DDB_ERR_VALIDATION "ValidationException"
#define DDB_ERR_SERIALIZATION "SerializationException"
#define DDB_ERR_NOT_FOUND "ResourceNotFoundException"
#define DDB_ERR_CONDITION "ConditionalCheckFailedException"
#define DDB_ERR_CANCELED "TransactionCanceledException"
#define DDB_ERR_UNKNOWN_OP "UnknownOperationException"

/* The outcome of one request. */
typedef struct ddb_result {
    bool ok;
    const char *err_name;      /* static text */
    char *err_msg;             /* heap */
    strbuf response;           /* ok: the response object as JSON */
    strbuf err_extra;          /* error: extra members, each led by ',' */
} ddb_result;

typedef struct ddb_req {
    ddb_db *db;
    arena *ar;
    const ddb_json *body;      /* the parsed body, or NULL when direct is set */
    const ddb_direct *direct;  /* a directly decoded body (PutItem, GetItem):
                                * TableName and the Item or Key, nothing else */
    ddb_result *res;
    ddb_conv conv;
    ddb_value **retired;       /* items replaced by this request */
    size_t nretired, rcap;
} ddb_req;

/* ---- errors: each returns false so handlers can `return ddb_fail(...)` */
bool ddb_fail(ddb_req *r, const char *name, const char *msg);
bool ddb_failf(ddb_req *r, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool ddb_invalid(ddb_req *r, const char *msg);
/* Message for a missing table. */
bool ddb_no_table(ddb_req *r);

/* Keep a replaced item alive until the response is written. */
void ddb_retire(ddb_req *r, ddb_value *item);

/* ---- request members ---- */
typedef enum ddb_field_kind { DDB_F_STRING, DDB_F_BOOL, DDB_F_INT, DDB_F_LIST, DDB_F_OBJECT } ddb_field_kind;
/* Member j (NULL when absent) after DynamoDB's shape check for its
 * modelled kind: NULL when absent or null (a shape error sets *ok = false). */
const ddb_json *ddb_field_check(ddb_req *r, const ddb_json *j, ddb_field_kind kind, bool *ok);
/* The same for member `name` of obj (inline, so a literal name is looked
 * up without strlen). */
static inline const ddb_json *ddb_field(ddb_req *r, const ddb_json *obj, const char *name, ddb_field_kind kind, bool *ok)
{
    return ddb_field_check(r, ddb_json_get(obj, name), kind, ok);
}

/* ---- "N validation errors detected" ---- */
typedef struct ddb_verrs {
    strbuf sb;
    int n;
} ddb_verrs;
/* Record that value (NULL for null) at path breaks constraint. */
void ddb_verr(ddb_verrs *v, const ddb_json *value, const char *path, const char *constraint);
/* Check a table name the way every operation does (path "tableName"). */
void ddb_verr_table_name(ddb_verrs *v, const ddb_json *name, const char *path, bool required);
/* Check an enum member. */
void ddb_verr_enum(ddb_verrs *v, const ddb_json *value, const char *path, const char *const *allowed);
/* Fail with the collected errors (and free them); true when there were none. */
bool ddb_verrs_done(ddb_req *r, ddb_verrs *v);

/* ---- attribute values ---- */
/* Convert an item/key map; *val_err receives its first validation message. */
bool ddb_req_map(ddb_req *r, const ddb_json *j, ddb_value *out, const char **val_err);
/* The key attributes (hash, then range) of item as a new M value. */
void ddb_key_of(ddb_req *r, const ddb_table *t, const ddb_value *item, ddb_value *key);
/* Append item's key as a JSON object of typed values. */
void ddb_key_json(strbuf *out, const ddb_table *t, const ddb_value *item);

/* DynamoDB's checks of a Key parameter against the schema. */
bool ddb_check_key(ddb_req *r, const ddb_table *t, const ddb_value *key);
/* DynamoDB's checks of a whole item's key and index-key attributes. */
bool ddb_check_item(ddb_req *r, const ddb_table *t, const ddb_value *item);
/* Nested paths (a.b, a[0]) on key or index-key attributes are errors. */
bool ddb_check_key_paths(ddb_req *r, const ddb_table *t, const ddb_parsed *p);

/* ---- expressions ---- */
typedef struct ddb_exprs {
    ddb_exprctx cx;
    const ddb_json *names;
    ddb_value values;
    const char **value_errs;   /* per member of values */
    bool has_values;
    ddb_parsed parsed[5];      /* by ddb_role */
    bool present[5];
} ddb_exprs;

/* The three take obj NULL for a directly decoded body, which has none of
 * the expression members. */
/* Shape-check and convert obj's ExpressionAttributeNames/Values into e,
 * which starts zeroed (every request spec holding one is zeroed whole;
 * clearing its 600 bytes again cost two memsets per request). */
bool ddb_exprs_convert(ddb_req *r, const ddb_json *obj, ddb_exprs *e);
/* DynamoDB's check that expression and legacy parameters are not mixed and
 * that placeholders come with an expression. exprs and legacy are
 * NULL-terminated lists of parameter names. */
bool ddb_exprs_params(ddb_req *r, const ddb_json *obj, const char *const *exprs, const char *const *legacy);
/* Validate the placeholders, parse every expression of obj whose role is in
 * roles (a bit mask of 1 << ddb_role), then report unused placeholders. */
bool ddb_exprs_parse(ddb_req *r, const ddb_json *obj, ddb_exprs *e, unsigned roles);

#endif
