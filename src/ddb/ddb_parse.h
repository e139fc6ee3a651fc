/* ddb_parse: parses and checks one DynamoDB expression.
 *
 * The driver scans the text (grammar/ddb_lexer.re), runs the bison parser
 * (grammar/ddb_parser.y), then checks the tree the way DynamoDB does:
 * shapes its grammar rejects, redundant parentheses, function names and
 * uses, reserved words, undefined #names and :values, operand counts and
 * types, BETWEEN bounds, overlapping update paths. When several problems
 * exist the message is the one DynamoDB reports first. #names and :values
 * are resolved against the request's ExpressionAttributeNames/Values, and
 * every placeholder used is marked, so that the request can report unused
 * ones after all its expressions are parsed.
 */
#ifndef VTL_DDB_DDB_PARSE_H
#define VTL_DDB_DDB_PARSE_H
#include "base/arena.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_expr.h"
#include "ddb/ddb_json.h"
#include <stdbool.h>
#include <stddef.h>

/* Which request parameter an expression came from; it picks the language
 * and the message prefix ("Invalid FilterExpression: "). */
typedef enum ddb_role {
    DDB_ROLE_UPDATE,
    DDB_ROLE_CONDITION,
    DDB_ROLE_KEY_CONDITION,
    DDB_ROLE_FILTER,
    DDB_ROLE_PROJECTION,
} ddb_role;

/* The request's placeholders. names is a JSON object of strings (or NULL),
 * values an M value (or NULL); the used arrays parallel their members and
 * are set by ddb_parse(). */
typedef struct ddb_exprctx {
    const ddb_json *names;
    const ddb_value *values;
    bool *names_used;
    bool *values_used;
} ddb_exprctx;

/* A checked expression. */
typedef struct ddb_parsed {
    ddb_role role;
    ddb_expr *cond;            /* condition roles */
    ddb_update update;         /* DDB_ROLE_UPDATE */
    ddb_path *paths;           /* DDB_ROLE_PROJECTION */
    size_t npaths;
    const ddb_path **all;      /* every document path, in source order */
    size_t nall;
} ddb_parsed;

/* Parser state shared with the grammar's actions. */
typedef struct ddb_parser {
    arena *ar;
    const char *src;
    size_t len;
    ddb_tok *toks;             /* the whole token stream, EOF last */
    int *kinds;
    size_t ntoks, pos;
    ddb_expr *root;
    ddb_update update;
    ddb_path *paths;
    size_t npaths, pcap;
    const char *error;         /* first syntax error (without prefix) */
} ddb_parser;

/* Parse and check len bytes at src (src[len] must be NUL) as an expression
 * of the given role. Returns NULL and fills *out on success; otherwise the
 * complete error message (prefix included), allocated from ar. */
const char *ddb_parse(arena *ar, ddb_role role, const char *src, size_t len, ddb_exprctx *cx, ddb_parsed *out);

/* The request parameter name of a role: "ConditionExpression", ... */
const char *ddb_role_name(ddb_role role);

/* Grammar hook: record the condition tree. */
void ddb_parse_set_root(ddb_parser *p, ddb_expr *root);

#endif
