/* parse_ref: references, literals and runs of text read without the LALR
 * machinery.
 *
 * Most of a request template is text, references with method calls whose
 * arguments are literals, other references, and map or list literals
 * (`$util.qr($ctx.stash.put("k", {"a": $b.c()}))`), and #set directives with
 * such an operand (`#set($req = {"version": "2018-05-29", "key": $key})`).
 * When the parser asks for a token, this reader looks at what the lexer has:
 * - text or `#set( $x =` starts a run of items (parse_fast_items): text, plain
 *   references, references with suffixes and #set with an operand, up to the
 *   first directive the grammar must read; the run goes to the parser as one
 *   ITEMS token;
 * - a reference start (REF_CALL or REF_BEGIN) or a '{' or '[' in an expression
 *   is read whole (parse_fast) and goes as one REF_NODE or VALUE_NODE token.
 * Both use the grammar's constructors and spans (ref_chain, arglist, exprs,
 * map_entries, `SET_TARGET expr DIR_CLOSE`). Anything outside that subset (an
 * operator, a range, parentheses, an interpolated string that needs a nested
 * parse, an invalid token) makes them give up on that item before anything is
 * reported: the lexer goes back to before it and the grammar reads its tokens
 * as usual. While the parser recovers from an error they are not asked (so
 * later messages are the grammar's own).
 * So the grammar stays the definition and this is only a shortcut through it:
 * the tree, the messages and the results are the same either way, which the
 * template fuzz target and check_parse verify against vtl_parse_grammar_only. */
#include "vtl/parse.h"
#include "vtl_parser.h"
#include <string.h>

enum { FAST_MAX_DEPTH = 64 };   /* deeper nesting is left to the grammar */

typedef struct fast {
    vtl_parser *p;
    int depth;
    lex_token tok;     /* the last token taken */
    bool back;         /* untake: `tok` is taken again next */
} fast;

/* The next token (an overflow of the lexer's stack comes back as the kind
 * PARSE_TOKEN_OVERFLOW, which no rule here takes). */
static const lex_token *take(fast *f)
{
    if (f->back) {
        f->back = false;
        return &f->tok;
    }
    f->tok.kind = lex_next(f->p->lx, &f->tok);
    if (f->p->lx->overflow)
        f->tok.kind = PARSE_TOKEN_OVERFLOW;
    return &f->tok;
}

/* Take the last token again at the next take(). */
static void untake(fast *f)
{
    f->back = true;
}

static ast_node *expr(fast *f, const lex_token *t);

/* The arguments after a call's '(' up to its ')': false to give up. *out is
 * the list, or left without items for `()` (`has` tells which). */
static bool args(fast *f, ast_list *out, bool *has, vtl_span *close)
{
    ast_list_init(out);
    const lex_token *t = take(f);
    *has = t->kind != TOK_CALL_CLOSE;
    while (*has) {
        ast_node *e = expr(f, t);
        if (!e)
            return false;
        ast_list_push(f->p, out, e);
        const lex_token *u = take(f);
        if (u->kind == TOK_CALL_CLOSE) {
            t = u;
            break;
        }
        if (u->kind != TOK_COMMA)
            return false;
        t = take(f);
    }
    *close = t->span;
    return true;
}

/* A reference from its REF_CALL or REF_BEGIN token `start` (ref_chain). */
static ast_node *ref(fast *f, const lex_token *start)
{
    vtl_parser *p = f->p;
    ast_list chain, a;
    bool has;
    vtl_span span = start->span, close;
    lex_value head = start->v;
    if (start->kind == TOK_REF_CALL) {
        if (!args(f, &a, &has, &close))
            return NULL;
        ast_ref_call(p, &chain, &head, has ? &a : NULL, span);
        span.end = close.end;
    } else {
        ast_ref_begin(p, &chain, &head, span);
    }
    for (;;) {
        const lex_token *t = take(f);
        vtl_span at = t->span;
        lex_value v = t->v;
        switch (t->kind) {
        case TOK_PROP:
            ast_list_push(p, &chain, ast_new_prop(p, &v, at));
            span.end = at.end;
            continue;
        case TOK_METHOD:
            if (!args(f, &a, &has, &close))
                return NULL;
            ast_list_push(p, &chain, ast_new_method(p, &v, has ? &a : NULL, at));
            span.end = close.end;
            continue;
        case TOK_INDEX_OPEN: {
            ast_node *i = expr(f, take(f));
            const lex_token *c = i ? take(f) : NULL;
            if (!c || c->kind != TOK_INDEX_CLOSE)
                return NULL;
            ast_list_push(p, &chain, ast_new_index(p, i, at));
            span.end = c->span.end;
            continue;
        }
        case TOK_REF_END:
            span.end = at.end;
            return ast_ref_finish(p, &chain, span);
        default:
            untake(f);   /* not a link: the reference ends before it */
            return ast_ref_finish(p, &chain, span);
        }
    }
}

/* The elements of a list literal or the entries of a map literal after its
 * opening token, up to `closer`; `pairs` for `key: value` entries. */
static ast_node *collection(fast *f, const lex_token *open, int closer, bool pairs)
{
    vtl_parser *p = f->p;
    ast_list items;
    ast_list_init(&items);
    vtl_span span = open->span;
    const lex_token *t = take(f);
    while (t->kind != closer || items.len) {
        ast_node *e = expr(f, t);
        if (!e)
            return NULL;
        ast_list_push(p, &items, e);
        if (pairs) {
            ast_node *v = take(f)->kind == TOK_COLON ? expr(f, take(f)) : NULL;
            if (!v)
                return NULL;
            ast_list_push(p, &items, v);
        }
        t = take(f);
        if (t->kind == closer)
            break;
        if (t->kind != TOK_COMMA)
            return NULL;
        t = take(f);
    }
    span.end = t->span.end;
    return pairs ? ast_new_map(p, &items, span) : ast_new_list(p, &items, span);
}

/* An argument, index, element or entry: the grammar's expr, restricted to
 * operands (an operator after one makes the caller give up). */
static ast_node *expr(fast *f, const lex_token *t)
{
    vtl_parser *p = f->p;
    lex_value v = t->v;
    vtl_span at = t->span;
    ast_node *n = NULL;
    if (f->depth == FAST_MAX_DEPTH)
        return NULL;
    f->depth++;
    switch (t->kind) {
    case TOK_INT: n = ast_new_number(p, &v, false, at); break;
    case TOK_FLOAT: n = ast_new_number(p, &v, true, at); break;
    case TOK_STRING: n = ast_new_string(p, &v, false, at); break;
    case TOK_ISTRING: {
        ast_node *body = parse_simple_string(p, v.text, v.len, at);
        n = body ? ast_new_istring(p, body, at) : NULL;
        break;
    }
    case TOK_TRUE: n = ast_new_const(p, AST_TRUE, at); break;
    case TOK_FALSE: n = ast_new_const(p, AST_FALSE, at); break;
    case TOK_NULL: n = ast_new_const(p, AST_NULL, at); break;
    case TOK_REF_SIMPLE: n = ast_new_ref(p, &v, at); break;
    case TOK_REF_CALL:
    case TOK_REF_BEGIN: n = ref(f, t); break;
    case TOK_LBRACE: n = collection(f, t, TOK_RBRACE, true); break;
    case TOK_LBRACKET: n = collection(f, t, TOK_RBRACKET, false); break;
    default: break;
    }
    f->depth--;
    return n;
}

int parse_fast(vtl_parser *p, const lex_token *start, ast_node **out, vtl_span *span)
{
    lex_mark mark;
    lex_save(p->lx, &mark);
    fast f = {.p = p};
    lex_token s = *start;
    ast_node *n = expr(&f, &s);
    if (!n) {
        lex_restore(p->lx, &mark);   /* the grammar reads the tokens after start again */
        return start->kind;
    }
    if (f.back) {   /* the token after a reference, read to see it end */
        p->pending = f.tok;
        p->has_pending = true;
    }
    p->fast_kind = start->kind;
    *out = n;
    *span = n->span;
    return n->kind == AST_REF ? TOK_REF_NODE : TOK_VALUE_NODE;
}

/* One item of a template's text level from its first token t (not the
 * take() buffer): text, a reference, or `#set( $x = operand )`. NULL when the
 * grammar must read it (a directive, the end, anything else). */
static ast_node *item(fast *f, const lex_token *t)
{
    switch (t->kind) {
    case TOK_TEXT:
        return ast_new_text(f->p, &t->v, t->span);
    case TOK_REF_SIMPLE:
    case TOK_REF_CALL:
    case TOK_REF_BEGIN:
        return expr(f, t);
    case TOK_SET_TARGET: {
        /* the grammar's `SET_TARGET expr DIR_CLOSE`: the value first, then the target */
        ast_node *value = expr(f, take(f));
        const lex_token *c = value ? take(f) : NULL;
        if (!c || c->kind != TOK_DIR_CLOSE)
            return NULL;
        return ast_new_set(f->p, ast_new_set_target(f->p, &t->v), value, (vtl_span){t->span.start, c->span.end});
    }
    default:
        return NULL;
    }
}

int parse_fast_items(vtl_parser *p, const lex_token *first, ast_list *out, vtl_span *span)
{
    fast f = {.p = p};
    lex_mark mark;   /* the lexer just after the current item's first token */
    lex_save(p->lx, &mark);
    lex_token cur = *first;   /* take() reuses its buffer: keep the item's first token */
    ast_list_init(out);
    for (;;) {
        ast_node *n = item(&f, &cur);
        if (!n) {
            /* this item is the grammar's: the lexer goes back to after its
             * first token, which the parser reads next */
            lex_restore(p->lx, &mark);
            if (!out->len)
                return first->kind;
            p->pending = cur;
            p->has_pending = true;
            break;
        }
        ast_list_push(p, out, n);
        span->end = n->span.end;
        cur = *take(&f);
        lex_save(p->lx, &mark);
    }
    span->start = first->span.start;
    p->fast_kind = first->kind;
    return TOK_ITEMS;
}
