/* ast: node constructors (one per grammar action) and the symbol table. */
#include "vtl/ast.h"
#include "vtl/parse.h"
#include "base/namehash.h"
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

/* ================================================================ lists */

void ast_list_init(ast_list *l)
{
    l->items = NULL;
    l->len = l->cap = 0;
}

void ast_list_grow(vtl_parser *p, ast_list *l)
{
    if (!l->cap) {   /* most lists stay within their first four items: a plain bump */
        l->items = arena_alloc(p->ar, 4 * sizeof *l->items);
        l->cap = 4;
        return;
    }
    uint32_t cap = l->cap * 2;
    l->items = arena_grow(p->ar, l->items, l->len * sizeof *l->items, cap * sizeof *l->items);
    l->cap = cap;
}

static ast_node *node(vtl_parser *p, ast_kind kind, vtl_span sp)
{
    ast_node *n = arena_alloc(p->ar, sizeof *n);
    *n = (ast_node){.kind = (uint8_t)kind, .slot = -1, .span = sp};   /* the rest zeroed */
    return n;
}

static void take_list(ast_node *n, ast_list *l)
{
    n->kids = l->items;
    n->nkids = (uint32_t)l->len;
}

static ast_node *with_kids(vtl_parser *p, ast_kind kind, vtl_span sp, int n, ...)
{
    ast_node *x = node(p, kind, sp);
    x->kids = arena_alloc(p->ar, (size_t)n * sizeof *x->kids);
    x->nkids = (uint32_t)n;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        x->kids[i] = va_arg(ap, ast_node *);
    va_end(ap);
    return x;
}

/* ================================================================ symbols */

int symtab_find(const symtab *st, const char *name, size_t len)
{
    if (!st->index_cap)
        return -1;
    size_t mask = st->index_cap - 1;
    for (size_t b = name_hash(name, len) & mask;; b = (b + 1) & mask) {
        int32_t i = st->index[b];
        if (i < 0)
            return -1;
        if (st->lens[i] == len && memcmp(st->names[i], name, len) == 0)
            return i;
    }
}

static void index_insert(symtab *st, int32_t slot)
{
    size_t mask = st->index_cap - 1;
    size_t b = name_hash(st->names[slot], st->lens[slot]) & mask;
    while (st->index[b] >= 0)
        b = (b + 1) & mask;
    st->index[b] = slot;
}

static void symtab_reserve(symtab *st, arena *ar, size_t cap);

static int intern(symtab *st, arena *ar, const char *name, size_t len, bool copy)
{
    int i = symtab_find(st, name, len);
    if (i >= 0)
        return i;
    if (st->len == st->cap)
        symtab_reserve(st, ar, st->cap ? st->cap * 2 : 16);
    st->names[st->len] = copy ? arena_strndup(ar, name, len) : (char *)name;
    st->lens[st->len] = len;
    index_insert(st, (int32_t)st->len);
    return (int)st->len++;
}

static void symtab_reserve(symtab *st, arena *ar, size_t cap)
{
    if (st->cap >= cap)
        return;
    st->names = arena_grow(ar, st->names, st->len * sizeof *st->names, cap * sizeof *st->names);
    st->lens = arena_grow(ar, st->lens, st->len * sizeof *st->lens, cap * sizeof *st->lens);
    st->cap = cap;
    st->index_cap = cap * 2;
    st->index = arena_alloc(ar, st->index_cap * sizeof *st->index);
    memset(st->index, 0xff, st->index_cap * sizeof *st->index);
    for (size_t k = 0; k < st->len; k++)
        index_insert(st, (int32_t)k);
}

void symtab_copy(symtab *dst, arena *ar, const symtab *src)
{
    dst->len = src->len;
    dst->cap = src->cap;
    dst->index_cap = src->index_cap;
    dst->names = arena_alloc(ar, src->cap * sizeof *dst->names);
    dst->lens = arena_alloc(ar, src->cap * sizeof *dst->lens);
    dst->index = arena_alloc(ar, src->index_cap * sizeof *dst->index);
    memcpy(dst->names, src->names, src->len * sizeof *dst->names);
    memcpy(dst->lens, src->lens, src->len * sizeof *dst->lens);
    memcpy(dst->index, src->index, src->index_cap * sizeof *dst->index);
}

int symtab_intern(symtab *st, arena *ar, const char *name, size_t len)
{
    return intern(st, ar, name, len, true);
}

int symtab_intern_static(symtab *st, arena *ar, const char *name, size_t len)
{
    return intern(st, ar, name, len, false);
}

/* ================================================================ statements */

ast_node *ast_new_block(vtl_parser *p, ast_list *items, vtl_span sp)
{
    ast_node *n = node(p, AST_BLOCK, sp);
    take_list(n, items);
    return n;
}

ast_node *ast_new_text(vtl_parser *p, const lex_value *t, vtl_span sp)
{
    ast_node *n = node(p, AST_TEXT, sp);
    n->str = t->text;
    n->len = (uint32_t)t->len;
    return n;
}

/* The REF node of token t, named by the first len bytes of its text. */
static ast_node *ref_node(vtl_parser *p, const lex_value *t, size_t len, vtl_span sp)
{
    ast_node *n = node(p, AST_REF, sp);
    n->str = t->text;
    n->len = (uint32_t)len;
    n->flags = (uint8_t)t->flags;
    n->escapes = t->escapes;
    n->slot = symtab_intern(p->syms, p->ar, n->str, n->len);
    return n;
}

/* The REF node of token t and its folded links: "a.b.c" (the lexer folds plain
 * property links into the reference's token) becomes the node named "a" and
 * PROP nodes b and c, pushed onto `links` after the node. With `call` the last
 * segment is a method (a REF_CALL token) and its METHOD node is returned. */
static ast_node *ref_head(vtl_parser *p, ast_list *links, const lex_value *t, vtl_span sp, bool call)
{
    const char *end = t->text + t->len, *dot = memchr(t->text, '.', t->len);
    ast_list_push(p, links, ref_node(p, t, dot ? (size_t)(dot - t->text) : t->len, sp));
    ast_node *last = NULL;
    while (dot && dot < end) {
        const char *seg = dot + 1, *next = memchr(seg, '.', (size_t)(end - seg));
        size_t start = (size_t)(dot - (const char *)p->lx->src) + p->lx->base;
        size_t seg_len = (size_t)((next ? next : end) - seg);
        bool method = call && !next;
        /* a method's span runs from its '.' to past its '(' (the token's end) */
        last = node(p, method ? AST_METHOD : AST_PROP,
                    (vtl_span){start, method ? sp.end : start + seg_len + 1});
        last->str = seg;
        last->len = (uint32_t)seg_len;
        ast_list_push(p, links, last);
        dot = next;
    }
    return last;
}

/* The rest of a reference node once its span is known. */
static void ref_literal(vtl_parser *p, ast_node *n, vtl_span sp)
{
    n->span = sp;
    /* The literal text runs from the `$` to the end of the last suffix; the
     * lexer left the source pointer of the `$` in the token. */
    n->lit_text = (const char *)p->lx->src + (sp.start - p->lx->base);
    n->lit_len = sp.end - sp.start;
}

/* A REF_SIMPLE (or #set target) token: no suffixes but its folded properties. */
ast_node *ast_new_ref(vtl_parser *p, const lex_value *t, vtl_span sp)
{
    if (!memchr(t->text, '.', t->len)) {   /* the common `$name`: no list */
        ast_node *n = ref_node(p, t, t->len, sp);
        ref_literal(p, n, sp);
        return n;
    }
    ast_list links;
    ast_list_init(&links);
    ref_head(p, &links, t, sp, false);
    return ast_ref_finish(p, &links, sp);
}

void ast_ref_begin(vtl_parser *p, ast_list *chain, const lex_value *t, vtl_span sp)
{
    ast_list_init(chain);
    ref_head(p, chain, t, sp, false);
}

void ast_ref_call(vtl_parser *p, ast_list *chain, const lex_value *t, ast_list *args, vtl_span sp)
{
    ast_list_init(chain);
    ast_node *m = ref_head(p, chain, t, sp, true);
    if (args)   /* NULL: no arguments */
        take_list(m, args);
}

ast_node *ast_ref_finish(vtl_parser *p, ast_list *chain, vtl_span sp)
{
    ast_node *n = chain->items[0];
    n->kids = chain->len > 1 ? chain->items + 1 : NULL;
    n->nkids = chain->len - 1;
    ref_literal(p, n, sp);
    return n;
}

ast_node *ast_new_prop(vtl_parser *p, const lex_value *t, vtl_span sp)
{
    ast_node *n = node(p, AST_PROP, sp);
    n->str = t->text;
    n->len = (uint32_t)t->len;
    return n;
}

ast_node *ast_new_method(vtl_parser *p, const lex_value *t, ast_list *args, vtl_span sp)
{
    ast_node *n = node(p, AST_METHOD, sp);
    n->str = t->text;
    n->len = (uint32_t)t->len;
    if (args)   /* NULL: no arguments */
        take_list(n, args);
    return n;
}

ast_node *ast_new_index(vtl_parser *p, ast_node *index, vtl_span sp)
{
    return with_kids(p, AST_INDEX, sp, 1, index);
}

/* The target of a SET_TARGET token: the reference from its `$` to its end. */
ast_node *ast_new_set_target(vtl_parser *p, const lex_value *t)
{
    size_t prefix = 1 + !!(t->flags & LEXF_QUIET) + !!(t->flags & LEXF_FORMAL);
    size_t start = (size_t)((const unsigned char *)t->text - p->lx->src) + p->lx->base - prefix;
    size_t end = start + prefix + t->len + !!(t->flags & LEXF_FORMAL);
    return ast_new_ref(p, t, (vtl_span){start, end});
}

ast_node *ast_new_set(vtl_parser *p, ast_node *target, ast_node *value, vtl_span sp)
{
    return with_kids(p, AST_SET, sp, 2, target, value);
}

ast_node *ast_new_if(vtl_parser *p, ast_node *cond, ast_list *then, ast_list *elseifs,
                     ast_node *else_block, vtl_span sp)
{
    ast_list kids;
    ast_list_init(&kids);
    ast_list_push(p, &kids, cond);
    ast_list_push(p, &kids, ast_new_block(p, then, sp));
    for (size_t i = 0; i < elseifs->len; i++)
        ast_list_push(p, &kids, elseifs->items[i]);
    if (else_block)
        ast_list_push(p, &kids, else_block);
    ast_node *n = node(p, AST_IF, sp);
    take_list(n, &kids);
    return n;
}

void ast_push_elseif(vtl_parser *p, ast_list *l, ast_node *cond, ast_list *block, vtl_span sp)
{
    ast_list_push(p, l, cond);
    ast_list_push(p, l, ast_new_block(p, block, sp));
}

ast_node *ast_new_foreach(vtl_parser *p, ast_node *var, ast_node *iter, ast_list *body, vtl_span sp)
{
    if (var->nkids)
        parse_error(p, var->span, "#foreach needs a plain variable before 'in'");
    ast_node *n = with_kids(p, AST_FOREACH, sp, 3, var, iter, ast_new_block(p, body, sp));
    n->slot = var->slot;
    return n;
}

ast_node *ast_new_jump(vtl_parser *p, ast_kind kind, ast_node *arg, vtl_span sp)
{
    if (arg)
        return with_kids(p, kind, sp, 1, arg);
    return node(p, kind, sp);
}

ast_node *ast_new_define(vtl_parser *p, ast_node *var, ast_list *body, vtl_span sp)
{
    if (var->nkids)
        parse_error(p, var->span, "#define needs a plain variable");
    ast_node *n = with_kids(p, AST_DEFINE, sp, 2, var, ast_new_block(p, body, sp));
    n->slot = var->slot;
    return n;
}

ast_node *ast_new_unsupported(vtl_parser *p, const lex_value *t, vtl_span sp)
{
    parse_error(p, sp, "#%.*s is not supported by AWS AppSync", (int)t->len, t->text);
    ast_node *n = node(p, AST_UNSUPPORTED, sp);
    n->str = t->text;
    n->len = (uint32_t)t->len;
    return n;
}

/* ================================================================ expressions */

ast_node *ast_new_binop(vtl_parser *p, ast_kind op, ast_node *l, ast_node *r, vtl_span sp)
{
    if (!r)
        return with_kids(p, op, sp, 1, l);
    return with_kids(p, op, sp, 2, l, r);
}

ast_node *ast_new_number(vtl_parser *p, const lex_value *t, bool is_float, vtl_span sp)
{
    ast_node *n = node(p, AST_LITERAL, sp);
    char buf[400];
    size_t len = t->len < sizeof buf - 1 ? t->len : sizeof buf - 1;
    memcpy(buf, t->text, len);
    buf[len] = '\0';
    if (!is_float) {
        /* Integer, widening to Long and BigInteger (128-bit) as Velocity does. */
        const char *d = buf + (buf[0] == '-');
        size_t nd = strlen(d);
        if (nd <= 38) {
            __int128 x = 0;
            for (; *d; d++)
                x = x * 10 + (*d - '0');
            n->lit = vval_integral(p->ar, buf[0] == '-' ? -x : x);
            return n;
        }
    }
    n->lit = vval_double(strtod(buf, NULL));
    return n;
}

ast_node *ast_new_istring(vtl_parser *p, ast_node *body, vtl_span sp)
{
    ast_node *n = node(p, AST_ISTRING, sp);
    if (body) {
        n->kids = arena_alloc(p->ar, sizeof *n->kids);
        n->kids[0] = body;
        n->nkids = 1;
    }
    return n;
}

ast_node *ast_new_string(vtl_parser *p, const lex_value *t, bool interpolate, vtl_span sp)
{
    if (interpolate)
        return ast_new_istring(p, parse_nested(p, t->text, t->len, sp), sp);
    ast_node *n = node(p, AST_LITERAL, sp);
    n->lit = vval_str(p->ar, t->text, t->len);
    return n;
}

ast_node *ast_new_const(vtl_parser *p, ast_kind kind, vtl_span sp)
{
    return node(p, kind, sp);
}

ast_node *ast_new_list(vtl_parser *p, ast_list *items, vtl_span sp)
{
    ast_node *n = node(p, AST_LIST, sp);
    take_list(n, items);
    return n;
}

ast_node *ast_new_range(vtl_parser *p, ast_node *lo, ast_node *hi, vtl_span sp)
{
    return with_kids(p, AST_RANGE, sp, 2, lo, hi);
}

ast_node *ast_new_map(vtl_parser *p, ast_list *entries, vtl_span sp)
{
    ast_node *n = node(p, AST_MAP, sp);
    take_list(n, entries);
    return n;
}

const char *ast_kind_name(ast_kind k)
{
    static const char *const names[] = {
        "block", "text", "set", "if", "foreach", "break", "stop", "return", "define", "unsupported",
        "ref", "prop", "method", "index", "literal", "istring", "true", "false", "null", "list",
        "range", "map", "or", "and", "eq", "ne", "lt", "le", "gt", "ge", "add", "sub", "mul",
        "div", "mod", "not",
    };
    return (size_t)k < sizeof names / sizeof *names ? names[k] : "?";
}
