/* ddb_expr: the syntax tree of DynamoDB expressions (condition, filter and key
 * condition; update; projection), built by grammar/ddb_parser.y.
 *
 * A document path is an array of elements, each a map key or a list index.
 * Keys written as #placeholders are resolved by the checker (ddb_parse.c)
 * after parsing; `raw` keeps the spelling for messages. Operands and
 * conditions share one node type: the grammar accepts a little more than
 * DynamoDB does (a bare path where a condition belongs, a condition inside
 * an operand's parentheses) and the checker rejects it with DynamoDB's
 * syntax-error message. Every node carries its byte span in the source.
 * All nodes live in the parse's arena.
 */
#ifndef VTL_DDB_DDB_EXPR_H
#define VTL_DDB_DDB_EXPR_H
#include "base/arena.h"
#include "base/srcmap.h"
#include "ddb/ddb_attr.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ddb_xkind {
    DDB_X_PATH,      /* document path */
    DDB_X_VALUE,     /* :placeholder */
    DDB_X_CALL,      /* name(args) */
    DDB_X_PAREN,     /* ( x ) */
    DDB_X_CMP,       /* a op b */
    DDB_X_BETWEEN,   /* a BETWEEN b AND c */
    DDB_X_IN,        /* a IN (b, ...) */
    DDB_X_AND,
    DDB_X_OR,
    DDB_X_NOT,
    DDB_X_PLUS,      /* update: a + b */
    DDB_X_MINUS,     /* update: a - b */
} ddb_xkind;

typedef enum ddb_cmp { DDB_EQ, DDB_NE, DDB_LT, DDB_LE, DDB_GT, DDB_GE } ddb_cmp;

/* Functions of both languages; DDB_FN_UNKNOWN for any other name. */
typedef enum ddb_fn {
    DDB_FN_UNKNOWN,
    DDB_FN_ATTRIBUTE_EXISTS,
    DDB_FN_ATTRIBUTE_NOT_EXISTS,
    DDB_FN_ATTRIBUTE_TYPE,
    DDB_FN_BEGINS_WITH,
    DDB_FN_CONTAINS,
    DDB_FN_SIZE,
    DDB_FN_IF_NOT_EXISTS,
    DDB_FN_LIST_APPEND,
} ddb_fn;

typedef struct ddb_pelem {
    bool is_index;
    bool placeholder;         /* written as #name */
    uint32_t index;           /* list index */
    const char *name;         /* resolved key (NULL until resolved) */
    size_t len;
    const char *raw;          /* as written */
    size_t raw_len;
} ddb_pelem;

typedef struct ddb_path {
    ddb_pelem *elems;
    size_t n, cap;
    vtl_span span;
} ddb_path;

typedef struct ddb_expr ddb_expr;
struct ddb_expr {
    ddb_xkind kind;
    vtl_span span;
    ddb_cmp op;                /* CMP */
    ddb_fn fn;                 /* CALL */
    ddb_path path;             /* PATH */
    const char *name;          /* VALUE placeholder / CALL function name */
    size_t len;
    const ddb_value *value;    /* VALUE, once resolved */
    ddb_expr **args;           /* operands / arguments / children */
    size_t nargs, cap;
    bool bad_suffix;           /* `.x` or `[n]` after something not a path */
    int vtype;                 /* checker: ddb_type a CALL yields, or -1 */
};

/* Update expressions: one action per SET/REMOVE/ADD/DELETE item, in source
 * order; `clause` numbers the clause each came from. */
typedef enum ddb_ukind { DDB_U_SET, DDB_U_REMOVE, DDB_U_ADD, DDB_U_DELETE } ddb_ukind;

typedef struct ddb_uaction {
    ddb_ukind kind;
    int clause;
    ddb_path path;
    ddb_expr *value;           /* SET right-hand side; ADD/DELETE :value */
} ddb_uaction;

typedef struct ddb_update {
    ddb_uaction *actions;
    size_t n, cap;
    ddb_ukind *clauses;        /* kind of each clause, in order */
    size_t nclauses, ccap;
} ddb_update;

/* A token as the lexer hands it to the parser. */
typedef struct ddb_tok {
    const char *text;
    size_t len;
    vtl_span span;
} ddb_tok;

/* ---- constructors (called from grammar actions; memory from ar) ---- */
ddb_expr *ddb_x_path(arena *ar, const ddb_tok *t, bool placeholder, vtl_span sp);
/* x.name / x.#name; a non-path x is marked bad_suffix. */
ddb_expr *ddb_x_member(arena *ar, ddb_expr *x, const ddb_tok *t, bool placeholder, vtl_span sp);
/* x[index]; a non-path x is marked bad_suffix. */
ddb_expr *ddb_x_index(arena *ar, ddb_expr *x, const ddb_tok *t, vtl_span sp);
ddb_expr *ddb_x_value(arena *ar, const ddb_tok *t, vtl_span sp);
ddb_expr *ddb_x_call(arena *ar, const ddb_tok *name, ddb_expr *args, vtl_span sp);
ddb_expr *ddb_x_paren(arena *ar, ddb_expr *x, vtl_span sp);
ddb_expr *ddb_x_cmp(arena *ar, ddb_cmp op, ddb_expr *a, ddb_expr *b, vtl_span sp);
ddb_expr *ddb_x_between(arena *ar, ddb_expr *a, ddb_expr *lo, ddb_expr *hi, vtl_span sp);
/* a IN (list): list is an argument-list node from ddb_x_list(). */
ddb_expr *ddb_x_in(arena *ar, ddb_expr *a, ddb_expr *list, vtl_span sp);
/* AND, OR, PLUS, MINUS (b may be NULL for NOT). */
ddb_expr *ddb_x_op(arena *ar, ddb_xkind kind, ddb_expr *a, ddb_expr *b, vtl_span sp);
/* An argument list: start with ddb_x_list(ar, NULL, first), append with
 * ddb_x_list(ar, list, next). */
ddb_expr *ddb_x_list(arena *ar, ddb_expr *list, ddb_expr *item);

/* Open a new clause of kind k in u. */
void ddb_u_clause(arena *ar, ddb_update *u, ddb_ukind k);
/* Add an action of the current clause; path comes from a PATH node. */
void ddb_u_action(arena *ar, ddb_update *u, ddb_expr *path, ddb_expr *value);
/* Append the path of PATH node x to a projection list. */
void ddb_proj_add(arena *ar, ddb_path **paths, size_t *n, size_t *cap, ddb_expr *x);

/* The function named by n bytes at s. */
ddb_fn ddb_fn_lookup(const char *s, size_t n);
/* "[a, b, [1]]": a path as DynamoDB prints it in messages (memory from ar). */
const char *ddb_path_text(arena *ar, const ddb_path *p);

#endif
