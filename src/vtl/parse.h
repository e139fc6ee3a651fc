/* parse: drives the bison parser over the lexer and collects diagnostics.
 * A parse reports every error it can recover from (up to PARSE_MAX_ERRORS). */
#ifndef VTL_VTL_PARSE_H
#define VTL_VTL_PARSE_H
#include "base/diag.h"
#include "vtl/ast.h"
#include "vtl/lex.h"

#define PARSE_MAX_ERRORS 20
#define PARSE_MAX_NESTING 200   /* interpolated strings inside strings, etc. */

typedef struct vtl_parser {
    lexer *lx;              /* the lexer of the template being parsed (nested parses swap it) */
    arena *ar;              /* the template's arena (AST, processed text) */
    symtab *syms;
    ast_node *root;
    diag *diags;            /* heap array */
    size_t ndiags, cap;
    vtl_span string_span;   /* for nested parses: the enclosing string literal */
    bool nested;
    int nesting;            /* depth of string interpolation */
    const char *lexerr;     /* message of the last invalid token, for the error */
    lex_token pending;      /* the token the fast path read past what it took */
    bool has_pending;
    int fast_kind;          /* the first token of the last REF_NODE/VALUE_NODE (for messages) */
    bool grammar_only;      /* no fast path (tests compare the two ways) */
} vtl_parser;

/* The kind of a pending token at which the lexer overflowed its mode stack. */
#define PARSE_TOKEN_OVERFLOW (-2)

/* Parse src[0..len) (src[len] must be NUL). Returns the root block, or NULL
 * when there were errors (they are in p->diags). `base` offsets all spans. */
ast_node *parse_template(vtl_parser *p, const char *src, size_t len, size_t base);
/* Record an error at span sp (printf-style message). */
void parse_error(vtl_parser *p, vtl_span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* For the parser's token reader (vtl_parser.y): report a lexer stack
 * overflow at `at`; returns the end-of-input token. */
int parse_lex_overflow(struct vtl_parser *p, vtl_span at);
/* Parse the body of an interpolated string literal as a nested template. */
ast_node *parse_nested(vtl_parser *p, const char *text, size_t len, vtl_span literal);
/* The same for a body of only text and plain references; NULL otherwise
 * (nothing is reported). */
ast_node *parse_simple_string(vtl_parser *p, const char *text, size_t len, vtl_span literal);
/* For the parser's token reader: read the reference or literal that starts with
 * `start` (REF_CALL, REF_BEGIN, LBRACE or LBRACKET) without the grammar
 * (parse_ref.c). Returns REF_NODE or VALUE_NODE with the node and its span (a
 * token read after a reference is then p->pending), or start's kind when it
 * needs the grammar: the lexer is back where start ended. */
int parse_fast(vtl_parser *p, const lex_token *start, ast_node **out, vtl_span *span);
/* The same for a run of a template's items that starts with `first` (TEXT or
 * SET_TARGET): text, references and `#set( $x = operand )`, up to a directive
 * the grammar must read. Returns ITEMS with the nodes and their span (the token
 * after the run is then p->pending), or first's kind. */
int parse_fast_items(vtl_parser *p, const lex_token *first, ast_list *out, vtl_span *span);

#endif
