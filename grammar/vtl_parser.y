/* vtl_parser.y: the VTL grammar (Velocity 1.7 as AppSync runs it).
 * Each action is one ast_* call; the lexer (vtl_lexer.re) has already
 * resolved VTL's modes, so references arrive as REF_SIMPLE, or as REF_CALL
 * (`$a.b.m(`) or REF_BEGIN followed by suffix tokens (REF_END only closes a
 * formal ${...}), and a directive's closing parenthesis as DIR_CLOSE. The
 * token reader first offers a reference with suffixes, or a map or list
 * literal, to parse_fast (src/vtl/parse_ref.c), which builds most of them as
 * these rules would and passes the whole node as one REF_NODE or VALUE_NODE. */
%require "3.8"
%define api.pure full
%define api.prefix {vtl_yy}
%define api.token.prefix {TOK_}
%define api.location.type {vtl_span}
%define parse.error custom
%locations
%param {struct vtl_parser *p}
%expect 0

%code requires {
#include "base/srcmap.h"
#include "vtl/lex.h"
#include "vtl/ast.h"
struct vtl_parser;
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
void vtl_yyerror(vtl_span *lloc, struct vtl_parser *p, const char *msg);
}

%code {
#include "vtl/parse.h"
#include <stdio.h>
#include <string.h>

/* The parser's token reader, inline in its loop: the lexer writes the value
 * the parser keeps (lex_token embeds a lex_value) and its span. While the
 * parser recovers from an error it takes tokens one by one, as the grammar
 * alone would, so that the messages after an error do not depend on the
 * fast path. */
static inline int read_token(VTL_YYSTYPE *lval, vtl_span *lloc, struct vtl_parser *p, bool recovering)
{
    lex_token t;
    int kind;
    if (p->has_pending) {   /* read by the fast path past what it took */
        t = p->pending;
        kind = t.kind;
        p->has_pending = false;
        if (kind == PARSE_TOKEN_OVERFLOW)
            return parse_lex_overflow(p, t.span);
    } else {
        kind = lex_next(p->lx, &t);
        if (p->lx->overflow)
            return parse_lex_overflow(p, t.span);
    }
    if (!recovering && !p->grammar_only) {
        if (kind == TOK_TEXT || kind == TOK_SET_TARGET) {
            kind = parse_fast_items(p, &t, &lval->list, lloc);
            if (kind == TOK_ITEMS)
                return kind;
        } else if (kind == TOK_REF_CALL || kind == TOK_REF_BEGIN || kind == TOK_LBRACE || kind == TOK_LBRACKET) {
            kind = parse_fast(p, &t, &lval->node, lloc);
            if (kind == TOK_REF_NODE || kind == TOK_VALUE_NODE)
                return kind;
        }
    }
    lval->tok = t.v;
    *lloc = t.span;
    if (kind == TOK_LEXERR)
        p->lexerr = t.text;  /* the lexer's own words for what is wrong */
    return kind;
}
/* yyparse calls yylex (vtl_yylex) where its error state is in scope. */
#define vtl_yylex(lval, lloc, p) read_token(lval, lloc, p, yyerrstatus != 0)
/* The span from the start of one symbol to the end of another. */
#define SPAN(a, b) ((vtl_span){(a).start, (b).end})
}

%union {
    lex_value tok;
    ast_node *node;
    ast_list list;
}

%token <tok> TEXT "text"
%token <tok> REF_BEGIN "reference"
%token <tok> REF_SIMPLE "simple reference"
%token <tok> REF_CALL "reference with a method call"
%token <node> REF_NODE "whole reference"
%token <node> VALUE_NODE "whole literal"
%token <list> ITEMS "run of text"
%token <tok> PROP "property"
%token <tok> METHOD "method call"
%token REF_END "end of reference"
%token INDEX_OPEN "'[' (index)"
%token INDEX_CLOSE "']' (end of index)"
%token CALL_CLOSE "')' (end of arguments)"
%token SET "#set"
%token <tok> SET_TARGET "#set( $variable ="
%token IF "#if"
%token ELSEIF "#elseif"
%token ELSE "#else"
%token END "#end"
%token FOREACH "#foreach"
%token <tok> BREAK "#break"
%token BREAK_ARGS "#break("
%token <tok> STOP "#stop"
%token <tok> RETURN "#return"
%token RETURN_ARGS "#return("
%token DEFINE "#define"
%token <tok> UNSUPPORTED "unsupported directive"
%token DIR_CLOSE "')' (end of directive)"
%token LPAREN "'('"
%token RPAREN "')'"
%token LBRACKET "'['"
%token RBRACKET "']'"
%token LBRACE "'{'"
%token RBRACE "'}'"
%token COMMA "','"
%token COLON "':'"
%token DOTDOT "'..'"
%token ASSIGN "'='"
%token <tok> INT "integer"
%token <tok> FLOAT "number"
%token <tok> STRING "string"
%token <tok> ISTRING "interpolated string"
%token TRUE "true"
%token FALSE "false"
%token NULL "null"
%token IN "in"
%token OR "'||'"
%token AND "'&&'"
%token EQ "'=='"
%token NE "'!='"
%token LT "'<'"
%token LE "'<='"
%token GT "'>'"
%token GE "'>='"
%token PLUS "'+'"
%token MINUS "'-'"
%token STAR "'*'"
%token SLASH "'/'"
%token PERCENT "'%'"
%token NOT "'!'"
%token <tok> LEXERR "invalid token"

%type <list> items elseifs ref_chain arglist exprs map_entries
%type <node> reference expr directive else_opt

%left OR
%left AND
%left EQ NE
%left LT LE GT GE
%left PLUS MINUS
%left STAR SLASH PERCENT
%precedence NOT

%start template

%%

template:
    items                               { p->root = ast_new_block(p, &$1, @$); }
;

/* Text and references are most of a template: they are appended directly,
 * one reduction each (a reference with suffixes is built as a ref_chain). A
 * reference with suffixes has no end token unless it is formal (`${...}`,
 * whose REF_END is the closing brace): the suffix tokens exist only inside
 * references, so whatever follows ends it. */
items:
    %empty                              { ast_list_init(&$$); }
|   items TEXT                          { $$ = $1; ast_list_push(p, &$$, ast_new_text(p, &$2, @2)); }
|   items REF_SIMPLE                    { $$ = $1; ast_list_push(p, &$$, ast_new_ref(p, &$2, @2)); }
|   items REF_NODE                      { $$ = $1; ast_list_push(p, &$$, $2); }
|   items ITEMS                         { if ($1.len) { $$ = $1; ast_list_append(p, &$$, &$2); } else $$ = $2; }
|   items ref_chain                     { $$ = $1; ast_list_push(p, &$$, ast_ref_finish(p, &$2, @2)); }
|   items ref_chain REF_END             { $$ = $1; ast_list_push(p, &$$, ast_ref_finish(p, &$2, SPAN(@2, @3))); }
|   items directive                     { $$ = $1; ast_list_push(p, &$$, $2); }
|   items error DIR_CLOSE               { $$ = $1; }
|   items error END                     { $$ = $1; }
;

/* The target of #set, #foreach and #define. */
reference:
    REF_SIMPLE                          { $$ = ast_new_ref(p, &$1, @$); }
|   REF_NODE
|   ref_chain                           { $$ = ast_ref_finish(p, &$1, @$); }
|   ref_chain REF_END                   { $$ = ast_ref_finish(p, &$1, @$); }
;

/* A reference with suffixes, as a list: the REF node (from REF_BEGIN, or from
 * REF_CALL with its first call), its folded properties, then each link,
 * appended directly (one reduction per link); ast_ref_finish makes the list
 * the node's suffixes. A call without arguments has no argument list to reduce. */
ref_chain:
    REF_BEGIN                           { ast_ref_begin(p, &$$, &$1, @1); }
|   REF_CALL CALL_CLOSE                 { ast_ref_call(p, &$$, &$1, NULL, @1); }
|   REF_CALL arglist CALL_CLOSE         { ast_ref_call(p, &$$, &$1, &$2, @1); }
|   ref_chain PROP                      { $$ = $1; ast_list_push(p, &$$, ast_new_prop(p, &$2, @2)); }
|   ref_chain METHOD CALL_CLOSE         { $$ = $1; ast_list_push(p, &$$, ast_new_method(p, &$2, NULL, @2)); }
|   ref_chain METHOD arglist CALL_CLOSE { $$ = $1; ast_list_push(p, &$$, ast_new_method(p, &$2, &$3, @2)); }
|   ref_chain INDEX_OPEN expr INDEX_CLOSE
                                        { $$ = $1; ast_list_push(p, &$$, ast_new_index(p, $3, @2)); }
;

arglist:
    expr                                { ast_list_init(&$$); ast_list_push(p, &$$, $1); }
|   arglist COMMA expr                  { $$ = $1; ast_list_push(p, &$$, $3); }
;

directive:
    SET reference ASSIGN expr DIR_CLOSE { $$ = ast_new_set(p, $2, $4, @$); }
|   SET_TARGET expr DIR_CLOSE           { $$ = ast_new_set(p, ast_new_set_target(p, &$1), $2, @$); }
|   IF expr DIR_CLOSE items elseifs else_opt END
                                        { $$ = ast_new_if(p, $2, &$4, &$5, $6, @$); }
|   FOREACH reference IN expr DIR_CLOSE items END
                                        { $$ = ast_new_foreach(p, $2, $4, &$6, @$); }
|   BREAK                               { $$ = ast_new_jump(p, AST_BREAK, NULL, @$); }
|   BREAK_ARGS expr DIR_CLOSE           { $$ = ast_new_jump(p, AST_BREAK, $2, @$); }
|   STOP                                { $$ = ast_new_jump(p, AST_STOP, NULL, @$); }
|   RETURN                              { $$ = ast_new_jump(p, AST_RETURN, NULL, @$); }
|   RETURN_ARGS expr DIR_CLOSE          { $$ = ast_new_jump(p, AST_RETURN, $2, @$); }
|   DEFINE reference DIR_CLOSE items END
                                        { $$ = ast_new_define(p, $2, &$4, @$); }
|   UNSUPPORTED                         { $$ = ast_new_unsupported(p, &$1, @$); }
;

elseifs:
    %empty                              { ast_list_init(&$$); }
|   elseifs ELSEIF expr DIR_CLOSE items { $$ = $1; ast_push_elseif(p, &$$, $3, &$5, @2); }
;

else_opt:
    %empty                              { $$ = NULL; }
|   ELSE items                          { $$ = ast_new_block(p, &$2, @$); }
;

/* Operands are alternatives of expr itself, not of a separate primary
 * rule: one reduction fewer for every literal and reference. */
expr:
    INT                                 { $$ = ast_new_number(p, &$1, false, @$); }
|   FLOAT                               { $$ = ast_new_number(p, &$1, true, @$); }
|   STRING                              { $$ = ast_new_string(p, &$1, false, @$); }
|   ISTRING                             { $$ = ast_new_string(p, &$1, true, @$); }
|   TRUE                                { $$ = ast_new_const(p, AST_TRUE, @$); }
|   FALSE                               { $$ = ast_new_const(p, AST_FALSE, @$); }
|   NULL                                { $$ = ast_new_const(p, AST_NULL, @$); }
|   REF_SIMPLE                          { $$ = ast_new_ref(p, &$1, @$); }
|   REF_NODE
|   VALUE_NODE
|   ref_chain                           { $$ = ast_ref_finish(p, &$1, @$); }
|   ref_chain REF_END                   { $$ = ast_ref_finish(p, &$1, @$); }
|   LPAREN expr RPAREN                  { $$ = $2; }
|   LBRACKET RBRACKET                   { ast_list l; ast_list_init(&l); $$ = ast_new_list(p, &l, @$); }
|   LBRACKET exprs RBRACKET             { $$ = ast_new_list(p, &$2, @$); }
|   LBRACKET expr DOTDOT expr RBRACKET  { $$ = ast_new_range(p, $2, $4, @$); }
|   LBRACE RBRACE                       { ast_list l; ast_list_init(&l); $$ = ast_new_map(p, &l, @$); }
|   LBRACE map_entries RBRACE           { $$ = ast_new_map(p, &$2, @$); }
|   expr OR expr                        { $$ = ast_new_binop(p, AST_OR, $1, $3, @$); }
|   expr AND expr                       { $$ = ast_new_binop(p, AST_AND, $1, $3, @$); }
|   expr EQ expr                        { $$ = ast_new_binop(p, AST_EQ, $1, $3, @$); }
|   expr NE expr                        { $$ = ast_new_binop(p, AST_NE, $1, $3, @$); }
|   expr LT expr                        { $$ = ast_new_binop(p, AST_LT, $1, $3, @$); }
|   expr LE expr                        { $$ = ast_new_binop(p, AST_LE, $1, $3, @$); }
|   expr GT expr                        { $$ = ast_new_binop(p, AST_GT, $1, $3, @$); }
|   expr GE expr                        { $$ = ast_new_binop(p, AST_GE, $1, $3, @$); }
|   expr PLUS expr                      { $$ = ast_new_binop(p, AST_ADD, $1, $3, @$); }
|   expr MINUS expr                     { $$ = ast_new_binop(p, AST_SUB, $1, $3, @$); }
|   expr STAR expr                      { $$ = ast_new_binop(p, AST_MUL, $1, $3, @$); }
|   expr SLASH expr                     { $$ = ast_new_binop(p, AST_DIV, $1, $3, @$); }
|   expr PERCENT expr                   { $$ = ast_new_binop(p, AST_MOD, $1, $3, @$); }
|   NOT expr                            { $$ = ast_new_binop(p, AST_NOT, $2, NULL, @$); }
;

exprs:
    expr                                { ast_list_init(&$$); ast_list_push(p, &$$, $1); }
|   exprs COMMA expr                    { $$ = $1; ast_list_push(p, &$$, $3); }
;

map_entries:
    expr COLON expr                     { ast_list_init(&$$); ast_list_push(p, &$$, $1); ast_list_push(p, &$$, $3); }
|   map_entries COMMA expr COLON expr   { $$ = $1; ast_list_push(p, &$$, $3); ast_list_push(p, &$$, $5); }
;

%%

/* Syntax errors are worded as bison's detailed ones ("unexpected X, expecting
 * A or B", the list only when it has at most four entries), in the words of
 * the tokens a template is made of: the tokens the lexer and the fast path use
 * internally (a reference and its first call as one token, a whole reference,
 * literal or run of text as one) read as the token they begin with. */
static const char *token_words(yysymbol_kind_t k, int first)
{
    switch (k) {
    case YYSYMBOL_REF_CALL:
        return "reference";
    case YYSYMBOL_REF_NODE:
    case YYSYMBOL_VALUE_NODE:
    case YYSYMBOL_ITEMS:
        /* named by the first token of what the fast path read */
        return first == TOK_REF_CALL || first == TOK_REF_BEGIN ? "reference"
               : first == TOK_LBRACE ? "'{'" : first == TOK_LBRACKET ? "'['"
               : first == TOK_TEXT ? "text" : "#set( $variable =";
    default:
        return yysymbol_name(k);
    }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, struct vtl_parser *p)
{
    yysymbol_kind_t tok = yypcontext_token(ctx);
    vtl_span at = *yypcontext_location(ctx);
    if (tok == YYSYMBOL_YYEMPTY) {
        parse_error(p, at, "syntax error");
        return 0;
    }
    if (tok == YYSYMBOL_LEXERR && p->lexerr) {   /* the lexer knows better than "invalid token" */
        parse_error(p, at, "%s", p->lexerr);
        p->lexerr = NULL;
        return 0;
    }
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    const char *words[YYNTOKENS];
    int nw = 0;
    for (int i = 0; i < n; i++) {
        if (expected[i] == YYSYMBOL_REF_NODE || expected[i] == YYSYMBOL_VALUE_NODE)
            continue;   /* what they stand for is expected too */
        const char *w = token_words(expected[i], TOK_TEXT);   /* ITEMS: text */
        int j = 0;
        while (j < nw && strcmp(words[j], w))
            j++;
        if (j == nw)
            words[nw++] = w;
    }
    char msg[512];
    int len = snprintf(msg, sizeof msg, "unexpected %s", token_words(tok, p->fast_kind));
    for (int i = 0; nw <= 4 && i < nw && len > 0 && (size_t)len < sizeof msg; i++)
        len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s", i ? " or " : ", expecting ", words[i]);
    parse_error(p, at, "%s", msg);
    return 0;
}
