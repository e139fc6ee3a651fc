/* parse: bison driver, error collection, nested parses for interpolated strings. */
#include "vtl/parse.h"
#include "base/alloc.h"
#include "vtl_parser.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int vtl_yyparse(struct vtl_parser *p);

void parse_error(vtl_parser *p, vtl_span sp, const char *fmt, ...)
{
    if (p->ndiags >= PARSE_MAX_ERRORS)
        return;
    if (p->ndiags == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4;
        p->diags = xrealloc(p->diags, p->cap * sizeof *p->diags);
    }
    diag *d = &p->diags[p->ndiags++];
    memset(d, 0, sizeof *d);
    d->severity = DIAG_ERROR;
    d->has_span = true;
    d->span = p->nested ? p->string_span : sp;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
}

/* The lexer overflowed its mode stack: say so and end the parse. */
int parse_lex_overflow(struct vtl_parser *p, vtl_span at)
{
    parse_error(p, at, "nesting is too deep (more than %d levels)", LEX_MAX_DEPTH);
    return TOK_YYEOF;
}

/* Bison's own messages (syntax errors go through yyreport_syntax_error in
 * vtl_parser.y): "memory exhausted" when the parse stack overflows. */
void vtl_yyerror(vtl_span *lloc, struct vtl_parser *p, const char *msg)
{
    parse_error(p, *lloc, "%s", msg);
}

ast_node *parse_template(vtl_parser *p, const char *src, size_t len, size_t base)
{
    lexer lx;
    lexer *outer = p->lx;
    lex_init(&lx, src, len, base, p->ar);
    p->lx = &lx;
    p->root = NULL;
    size_t before = p->ndiags;
    /* a nested parse (inside a grammar action) has its own pending token */
    lex_token pending = p->pending;
    bool has_pending = p->has_pending;
    p->has_pending = false;
    int rc = vtl_yyparse(p);
    p->pending = pending;
    p->has_pending = has_pending;
    p->lx = outer;
    if (rc != 0 || p->ndiags > before) {
        if (p->ndiags == before)
            parse_error(p, (vtl_span){base + len, base + len}, "template could not be parsed");
        return NULL;
    }
    return p->root;
}

/* Most interpolated strings ("$entry.key", "#$name", "$a $b.c") hold only
 * text and plain references. Build their block straight from the lexer's
 * tokens, exactly as the grammar's `items` rule would, and leave everything
 * else (directives, method calls, indexes, errors) to a nested parse. Returns
 * NULL when the string needs the parser. */
static ast_node *simple_string(vtl_parser *p, const char *text, size_t len, size_t base)
{
    lexer lx;
    lexer *outer = p->lx;
    lex_init(&lx, text, len, base, p->ar);
    p->lx = &lx;
    ast_list items;
    ast_list_init(&items);
    vtl_span all = {0, 0};   /* the span bison gives a fresh parse's `items` */
    ast_node *block = NULL;
    for (;;) {
        lex_token t;
        int kind = lex_next(&lx, &t);
        if (lx.overflow)
            break;
        if (kind == TOK_YYEOF) {
            block = ast_new_block(p, &items, all);
            break;
        }
        if (kind == TOK_TEXT)
            ast_list_push(p, &items, ast_new_text(p, &t.v, t.span));
        else if (kind == TOK_REF_SIMPLE)
            ast_list_push(p, &items, ast_new_ref(p, &t.v, t.span));
        else
            break;
        all.end = t.span.end;
    }
    p->lx = outer;
    return block;
}

ast_node *parse_simple_string(vtl_parser *p, const char *text, size_t len, vtl_span literal)
{
    return simple_string(p, text, len, literal.start + 1);
}

ast_node *parse_nested(vtl_parser *p, const char *text, size_t len, vtl_span literal)
{
    ast_node *simple = simple_string(p, text, len, literal.start + 1);
    if (simple)
        return simple;
    if (p->nesting >= PARSE_MAX_NESTING) {
        parse_error(p, literal, "string interpolation nested too deeply");
        return NULL;
    }
    /* The same parser state (arena, symbols, diagnostics) with a fresh lexer;
     * errors inside point at the string literal. */
    bool was_nested = p->nested;
    vtl_span was_span = p->string_span;
    ast_node *was_root = p->root;
    p->string_span = was_nested ? was_span : literal;
    p->nested = true;
    p->nesting++;
    ast_node *root = parse_template(p, text, len, literal.start + 1);
    p->nesting--;
    p->nested = was_nested;
    p->string_span = was_span;
    p->root = was_root;
    return root;
}
