/* ddb_parser.y: the grammar of DynamoDB expressions. One grammar covers the
 * three languages; the driver (src/ddb/ddb_parse.c) feeds a start token that
 * selects condition (ConditionExpression, FilterExpression and
 * KeyConditionExpression), update or projection. Each action is one
 * ddb_x_* / ddb_u_* call (src/ddb/ddb_expr.h).
 *
 * Conditions and operands share `operand` so that a parenthesis can open
 * either a group `(a = :v)` or an operand `(a) = :v` without backtracking;
 * the checker rejects the shapes DynamoDB's grammar does not have (a bare
 * path as a condition, a condition as an operand). */
%require "3.8"
%define api.pure full
%define api.prefix {ddb_yy}
%define api.token.prefix {TOK_}
%define api.location.type {vtl_span}
%define parse.error detailed
%locations
%param {struct ddb_parser *p}
%expect 0

%code requires {
#include "base/srcmap.h"
#include "ddb/ddb_expr.h"
struct ddb_parser;
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                             \
        if (N) {                                                     \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)
}

%code provides {
int ddb_yylex(DDB_YYSTYPE *lval, vtl_span *lloc, struct ddb_parser *p);
void ddb_yyerror(vtl_span *lloc, struct ddb_parser *p, const char *msg);
}

%code {
#include "ddb/ddb_parse.h"
}

%union {
    ddb_tok tok;
    ddb_expr *x;
    ddb_cmp cmp;
}

%token START_CONDITION "condition"
%token START_UPDATE "update"
%token START_PROJECTION "projection"
%token <tok> NAME "name"
%token <tok> NAMEREF "#name"
%token <tok> VALREF ":value"
%token <tok> INT "list index"
%token AND "AND"
%token OR "OR"
%token NOT "NOT"
%token BETWEEN "BETWEEN"
%token IN "IN"
%token SET "SET"
%token REMOVE "REMOVE"
%token ADD "ADD"
%token DELETE "DELETE"
%token EQ "'='"
%token NE "'<>'"
%token LT "'<'"
%token LE "'<='"
%token GT "'>'"
%token GE "'>='"
%token LPAREN "'('"
%token RPAREN "')'"
%token LBRACKET "'['"
%token RBRACKET "']'"
%token COMMA "','"
%token DOT "'.'"
%token PLUS "'+'"
%token MINUS "'-'"
%token <tok> LEXERR "invalid character"

%type <x> cond pred operand operands upath uterm uopnd uargs uvalue set_rhs
%type <cmp> comparator

%left OR
%left AND
%precedence NOT

%start input

%%

input:
    START_CONDITION cond                    { ddb_parse_set_root(p, $2); }
  | START_UPDATE clauses
  | START_PROJECTION projections
;

/* ---------------------------------------------------------------- conditions */

cond:
    cond OR cond                            { $$ = ddb_x_op(p->ar, DDB_X_OR, $1, $3, @$); }
  | cond AND cond                           { $$ = ddb_x_op(p->ar, DDB_X_AND, $1, $3, @$); }
  | NOT cond                                { $$ = ddb_x_op(p->ar, DDB_X_NOT, $2, NULL, @$); }
  | pred                                    { $$ = $1; }
;

pred:
    operand comparator operand              { $$ = ddb_x_cmp(p->ar, $2, $1, $3, @$); }
  | operand BETWEEN operand AND operand     { $$ = ddb_x_between(p->ar, $1, $3, $5, @$); }
  | operand IN LPAREN operands RPAREN       { $$ = ddb_x_in(p->ar, $1, $4, @$); }
  | operand                                 { $$ = $1; }
;

comparator:
    EQ                                      { $$ = DDB_EQ; }
  | NE                                      { $$ = DDB_NE; }
  | LT                                      { $$ = DDB_LT; }
  | LE                                      { $$ = DDB_LE; }
  | GT                                      { $$ = DDB_GT; }
  | GE                                      { $$ = DDB_GE; }
;

operand:
    NAME                                    { $$ = ddb_x_path(p->ar, &$1, false, @$); }
  | NAMEREF                                 { $$ = ddb_x_path(p->ar, &$1, true, @$); }
  | operand DOT NAME                        { $$ = ddb_x_member(p->ar, $1, &$3, false, @$); }
  | operand DOT NAMEREF                     { $$ = ddb_x_member(p->ar, $1, &$3, true, @$); }
  | operand LBRACKET INT RBRACKET           { $$ = ddb_x_index(p->ar, $1, &$3, @$); }
  | VALREF                                  { $$ = ddb_x_value(p->ar, &$1, @$); }
  | NAME LPAREN operands RPAREN             { $$ = ddb_x_call(p->ar, &$1, $3, @$); }
  | LPAREN cond RPAREN                      { $$ = ddb_x_paren(p->ar, $2, @$); }
;

operands:
    operand                                 { $$ = ddb_x_list(p->ar, NULL, $1); }
  | operands COMMA operand                  { $$ = ddb_x_list(p->ar, $1, $3); }
;

/* ---------------------------------------------------------------- updates */

clauses:
    clause
  | clauses clause
;

clause:
    SET set_actions                         { ddb_u_clause(p->ar, &p->update, DDB_U_SET); }
  | REMOVE remove_actions                   { ddb_u_clause(p->ar, &p->update, DDB_U_REMOVE); }
  | ADD value_actions                       { ddb_u_clause(p->ar, &p->update, DDB_U_ADD); }
  | DELETE value_actions                    { ddb_u_clause(p->ar, &p->update, DDB_U_DELETE); }
;

set_actions:
    set_action
  | set_actions COMMA set_action
;

set_action:
    upath EQ set_rhs                        { ddb_u_action(p->ar, &p->update, $1, $3); }
;

remove_actions:
    upath                                   { ddb_u_action(p->ar, &p->update, $1, NULL); }
  | remove_actions COMMA upath              { ddb_u_action(p->ar, &p->update, $3, NULL); }
;

value_actions:
    value_action
  | value_actions COMMA value_action
;

value_action:
    upath uvalue                            { ddb_u_action(p->ar, &p->update, $1, $2); }
;

uvalue:
    VALREF                                  { $$ = ddb_x_value(p->ar, &$1, @$); }
;

set_rhs:
    uterm                                   { $$ = $1; }
  | uterm PLUS uterm                        { $$ = ddb_x_op(p->ar, DDB_X_PLUS, $1, $3, @$); }
  | uterm MINUS uterm                       { $$ = ddb_x_op(p->ar, DDB_X_MINUS, $1, $3, @$); }
;

uterm:
    uopnd                                   { $$ = $1; }
  | LPAREN set_rhs RPAREN                   { $$ = ddb_x_paren(p->ar, $2, @$); }
;

uopnd:
    upath                                   { $$ = $1; }
  | uvalue                                  { $$ = $1; }
  | NAME LPAREN uargs RPAREN                { $$ = ddb_x_call(p->ar, &$1, $3, @$); }
;

uargs:
    uterm                                   { $$ = ddb_x_list(p->ar, NULL, $1); }
  | uargs COMMA uterm                       { $$ = ddb_x_list(p->ar, $1, $3); }
;

upath:
    NAME                                    { $$ = ddb_x_path(p->ar, &$1, false, @$); }
  | NAMEREF                                 { $$ = ddb_x_path(p->ar, &$1, true, @$); }
  | upath DOT NAME                          { $$ = ddb_x_member(p->ar, $1, &$3, false, @$); }
  | upath DOT NAMEREF                       { $$ = ddb_x_member(p->ar, $1, &$3, true, @$); }
  | upath LBRACKET INT RBRACKET             { $$ = ddb_x_index(p->ar, $1, &$3, @$); }
;

/* ---------------------------------------------------------------- projections */

projections:
    upath                                   { ddb_proj_add(p->ar, &p->paths, &p->npaths, &p->pcap, $1); }
  | projections COMMA upath                 { ddb_proj_add(p->ar, &p->paths, &p->npaths, &p->pcap, $3); }
;

%%
