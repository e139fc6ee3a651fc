/* ddb_lex: the DynamoDB expression lexer's state (the scanner is
 * grammar/ddb_lexer.re).
 *
 * Expressions are short, so the driver (ddb_parse.c) scans the whole text
 * into a token array first; bison then reads from that array, and a syntax
 * error can name the offending token and its neighbours the way DynamoDB's
 * "token: ..., near: ..." messages do. The lexer's mode decides which words
 * are keywords: AND OR NOT BETWEEN IN in conditions, SET REMOVE ADD DELETE
 * in updates, none in projections; elsewhere they are ordinary names.
 */
#ifndef VTL_DDB_DDB_LEX_H
#define VTL_DDB_DDB_LEX_H
#include "ddb/ddb_expr.h"
#include <stddef.h>

typedef enum ddb_lex_mode { DDB_LEX_CONDITION, DDB_LEX_UPDATE, DDB_LEX_PROJECTION } ddb_lex_mode;

typedef struct ddb_lexer {
    const unsigned char *src, *cur, *lim, *mar, *tok;
    ddb_lex_mode mode;
} ddb_lexer;

/* Start scanning src[0..len); src[len] must be NUL (embedded NULs are
 * ordinary bytes). */
void ddb_lex_init(ddb_lexer *lx, const char *src, size_t len, ddb_lex_mode mode);
/* Scan the next token into *t and return its bison token kind; at the end of
 * input returns the end-of-file kind with an empty token. */
int ddb_lex_next(ddb_lexer *lx, ddb_tok *t);

#endif
