/* ddb_parse: the expression driver (scan, bison, checks). The checks follow
 * DynamoDB's precedence between error kinds: for conditions a syntax error,
 * then redundant parentheses, unknown functions, misused functions, reserved
 * words, then the first predicate's own problem (undefined placeholder,
 * operand count, identical operands, operand type); for updates reserved
 * words, unknown functions, repeated clauses, undefined names, undefined
 * values, overlapping paths, conflicting paths, ADD/DELETE operand types,
 * function checks. */
#include "ddb/ddb_parse.h"
#include "base/base64.h"
#include "base/strbuf.h"
#include "ddb/ddb_lex.h"
#include "ddb/ddb_reserved.h"
#include "ddb_parser.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ddb_yyparse(struct ddb_parser *p);

#define MAX_EXPR_LEN 4096
#define MAX_IN_OPERANDS 100

static const char *const role_names[] = {
    "UpdateExpression", "ConditionExpression", "KeyConditionExpression", "FilterExpression", "ProjectionExpression",
};

const char *ddb_role_name(ddb_role role) { return role_names[role]; }

static const char *msgf(arena *ar, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *msgf(arena *ar, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    char *s = arena_strndup(ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

/* ================================================================ scanning */

static void push_tok(ddb_parser *p, size_t *cap, int kind, const ddb_tok *t)
{
    if (p->ntoks == *cap) {
        size_t ncap = *cap ? *cap * 2 : 32;
        p->toks = arena_grow(p->ar, p->toks, *cap * sizeof *p->toks, ncap * sizeof *p->toks);
        p->kinds = arena_grow(p->ar, p->kinds, *cap * sizeof *p->kinds, ncap * sizeof *p->kinds);
        *cap = ncap;
    }
    p->toks[p->ntoks] = *t;
    p->kinds[p->ntoks++] = kind;
}

static void tokenize(ddb_parser *p, ddb_role role)
{
    ddb_lex_mode mode = role == DDB_ROLE_UPDATE ? DDB_LEX_UPDATE
                        : role == DDB_ROLE_PROJECTION ? DDB_LEX_PROJECTION : DDB_LEX_CONDITION;
    int start = mode == DDB_LEX_UPDATE ? TOK_START_UPDATE
                : mode == DDB_LEX_PROJECTION ? TOK_START_PROJECTION : TOK_START_CONDITION;
    size_t cap = 0;
    ddb_tok t;
    memset(&t, 0, sizeof t);
    push_tok(p, &cap, start, &t);
    ddb_lexer lx;
    ddb_lex_init(&lx, p->src, p->len, mode);
    int kind;
    do {
        kind = ddb_lex_next(&lx, &t);
        push_tok(p, &cap, kind, &t);
    } while (kind != TOK_YYEOF);
}

int ddb_yylex(DDB_YYSTYPE *lval, vtl_span *lloc, struct ddb_parser *p)
{
    size_t i = p->pos < p->ntoks ? p->pos++ : p->ntoks - 1;
    lval->tok = p->toks[i];
    *lloc = p->toks[i].span;
    return p->kinds[i];
}

/* DynamoDB's syntax-error text for the token at index i: the token and a
 * window from the token before it to the token after it. */
static const char *syntax_at(ddb_parser *p, size_t i)
{
    if (i >= p->ntoks)
        i = p->ntoks - 1;
    if (i == 0)
        i = 1;
    bool eof = p->kinds[i] == TOK_YYEOF;
    size_t first = i > 1 ? i - 1 : i;
    if (eof && first > 1)
        first--;
    size_t last = !eof && i + 1 < p->ntoks && p->kinds[i + 1] != TOK_YYEOF ? i + 1 : i;
    size_t start = p->toks[first].span.start, end = eof ? p->len : p->toks[last].span.end;
    if (eof && first == i)
        start = p->len;
    const ddb_tok *t = &p->toks[i];
    if (eof)
        return msgf(p->ar, "Syntax error; token: \"<EOF>\", near: \"%.*s\"", (int)(end - start), p->src + start);
    return msgf(p->ar, "Syntax error; token: \"%.*s\", near: \"%.*s\"", (int)t->len, t->text, (int)(end - start),
                p->src + start);
}

/* The index of the first token starting at or after byte offset off. */
static size_t tok_at(ddb_parser *p, size_t off)
{
    for (size_t i = 1; i < p->ntoks; i++)
        if (p->kinds[i] == TOK_YYEOF || p->toks[i].span.start >= off)
            return i;
    return p->ntoks - 1;
}

void ddb_yyerror(vtl_span *lloc, struct ddb_parser *p, const char *msg)
{
    (void)lloc;
    (void)msg;   /* DynamoDB's wording is built from the token stream instead */
    if (!p->error)
        p->error = syntax_at(p, p->pos ? p->pos - 1 : 0);
}

void ddb_parse_set_root(ddb_parser *p, ddb_expr *root) { p->root = root; }

/* ================================================================ checker state */

typedef struct chk {
    arena *ar;
    ddb_parser *p;
    ddb_exprctx *cx;
    const char *syntax;
    /* conditions */
    const char *parens, *unknown_fn, *misused_fn, *reserved, *condition;
    const char *name_val, *operand, *distinct, *function;
    /* updates and projections */
    const char *section, *attr_name, *attr_val, *overlap, *conflict;
    const ddb_path **targets;   /* update/projection paths checked for overlap */
    size_t ntargets, tcap;
    const ddb_path **all;
    size_t nall, acap;
} chk;

#define SET_ONCE(slot, value)    \
    do {                         \
        if (!(slot))             \
            (slot) = (value);    \
    } while (0)

static void note_path(chk *c, const ddb_path *path)
{
    if (c->nall == c->acap) {
        size_t ncap = c->acap ? c->acap * 2 : 8;
        c->all = arena_grow(c->ar, c->all, c->acap * sizeof *c->all, ncap * sizeof *c->all);
        c->acap = ncap;
    }
    c->all[c->nall++] = path;
}

/* Resolve #names of a path and check its bare names against the reserved
 * words; an undefined name goes to *undef (first one only). */
static void resolve_path(chk *c, ddb_path *path, const char **undef)
{
    for (size_t i = 0; i < path->n; i++) {
        ddb_pelem *e = &path->elems[i];
        if (e->is_index)
            continue;
        if (!e->placeholder) {
            if (!c->reserved && ddb_is_reserved(e->raw, e->raw_len))
                c->reserved = msgf(c->ar, "Attribute name is a reserved keyword; reserved keyword: %.*s",
                                   (int)e->raw_len, e->raw);
            continue;
        }
        if (*undef)
            continue;
        const ddb_json *names = c->cx ? c->cx->names : NULL;
        for (size_t k = names ? names->n : 0; k-- > 0;) {
            const ddb_json *v = names->items[k];
            if (names->keylens[k] == e->raw_len && memcmp(names->keys[k], e->raw, e->raw_len) == 0) {
                if (v->kind == DDB_JSON_STRING && v->len > 0) {
                    e->name = v->str;
                    e->len = v->len;
                    c->cx->names_used[k] = true;
                }
                break;
            }
        }
        if (!e->name)
            *undef = msgf(c->ar, "An expression attribute name used in the document path is not defined; "
                                 "attribute name: %.*s", (int)e->raw_len, e->raw);
    }
    note_path(c, path);
}

static void resolve_value(chk *c, ddb_expr *x, const char **undef)
{
    if (*undef)
        return;
    const ddb_value *vals = c->cx ? c->cx->values : NULL;
    for (size_t k = 0; vals && k < vals->u.map.len; k++) {
        const ddb_member *m = &vals->u.map.members[k];
        if (m->name_len == x->len && memcmp(m->name, x->name, x->len) == 0) {
            x->value = &m->value;
            c->cx->values_used[k] = true;
            return;
        }
    }
    *undef = msgf(c->ar, "An expression attribute value used in expression is not defined; attribute value: %.*s",
                  (int)x->len, x->name);
}

/* ================================================================ shapes */

static ddb_expr *unwrap(ddb_expr *x)
{
    while (x && x->kind == DDB_X_PAREN)
        x = x->args[0];
    return x;
}

static bool is_condition(const ddb_expr *x)
{
    switch (x->kind) {
    case DDB_X_AND:
    case DDB_X_OR:
    case DDB_X_NOT:
    case DDB_X_CMP:
    case DDB_X_BETWEEN:
    case DDB_X_IN: return true;
    default: return false;
    }
}

static bool shape_fail(chk *c, size_t offset)
{
    if (!c->syntax)
        c->syntax = syntax_at(c->p, tok_at(c->p, offset));
    return false;
}

static bool shape_operand(chk *c, ddb_expr *x, bool leading);

static bool shape_cond(chk *c, ddb_expr *x)
{
    if (x->bad_suffix)
        return shape_fail(c, x->span.end);
    switch (x->kind) {
    case DDB_X_AND:
    case DDB_X_OR: return shape_cond(c, x->args[0]) && shape_cond(c, x->args[1]);
    case DDB_X_NOT:
    case DDB_X_PAREN: return shape_cond(c, x->args[0]);
    case DDB_X_CMP:
    case DDB_X_BETWEEN:
    case DDB_X_IN:
    case DDB_X_CALL:
        for (size_t i = 0; i < x->nargs; i++)
            if (!shape_operand(c, x->args[i], i == 0 && x->kind != DDB_X_CALL))
                return false;
        return true;
    default: return shape_fail(c, x->span.end);   /* a path or value alone */
    }
}

/* An operand; `leading` says it opens its predicate, where DynamoDB's
 * parser reads a parenthesised condition as a group and stumbles on the
 * token after it rather than inside it. */
static bool shape_operand(chk *c, ddb_expr *x, bool leading)
{
    if (x->bad_suffix)
        return shape_fail(c, x->span.end);
    if (x->kind == DDB_X_PAREN) {
        ddb_expr *in = x->args[0];
        if (is_condition(in) && leading)
            return shape_fail(c, x->span.end);
        if (is_condition(in))
            return shape_fail(c, in->kind == DDB_X_NOT ? in->span.start : in->args[0]->span.end);
        return shape_operand(c, in, leading);
    }
    if (x->kind == DDB_X_CALL)
        for (size_t i = 0; i < x->nargs; i++)
            if (!shape_operand(c, x->args[i], false))
                return false;
    return true;
}

/* Update right-hand sides: + and - only at the top (inside at most the
 * parentheses around the whole right-hand side). */
static bool shape_update_value(chk *c, ddb_expr *x, bool top)
{
    switch (x->kind) {
    case DDB_X_PLUS:
    case DDB_X_MINUS:
        if (!top)
            return shape_fail(c, x->args[0]->span.end);
        return shape_update_value(c, x->args[0], false) && shape_update_value(c, x->args[1], false);
    case DDB_X_PAREN: return shape_update_value(c, x->args[0], top);
    case DDB_X_CALL:
        for (size_t i = 0; i < x->nargs; i++)
            if (!shape_update_value(c, x->args[i], false))
                return false;
        return true;
    default: return true;
    }
}

/* ================================================================ condition checks */

static int value_type(const ddb_expr *x)
{
    x = unwrap((ddb_expr *)x);
    if (x->kind == DDB_X_VALUE)
        return x->value ? (int)x->value->type : -1;
    if (x->kind == DDB_X_CALL)
        return x->vtype;
    return -1;
}

static int immediate_type(const ddb_expr *x)
{
    x = unwrap((ddb_expr *)x);
    return x->kind == DDB_X_VALUE && x->value ? (int)x->value->type : -1;
}

static bool same_path(const ddb_path *a, const ddb_path *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        const ddb_pelem *x = &a->elems[i], *y = &b->elems[i];
        if (x->is_index != y->is_index)
            return false;
        if (x->is_index ? x->index != y->index
                        : x->len != y->len || (x->name && y->name && memcmp(x->name, y->name, x->len) != 0) ||
                              (!x->name) != (!y->name))
            return false;
    }
    return true;
}

static void check_distinct(chk *c, const char *op, ddb_expr *a, ddb_expr *b)
{
    a = unwrap(a);
    b = unwrap(b);
    if (c->distinct || a->kind != DDB_X_PATH || b->kind != DDB_X_PATH || !same_path(&a->path, &b->path))
        return;
    c->distinct = msgf(c->ar, "The first operand must be distinct from the remaining operands for this operator or "
                              "function; operator: %s, first operand: %s", op, ddb_path_text(c->ar, &a->path));
}

static void misused_function(chk *c, ddb_expr **args, size_t n)
{
    for (size_t i = 0; i < n && !c->misused_fn; i++) {
        ddb_expr *a = unwrap(args[i]);
        if (a->kind == DDB_X_CALL && a->fn != DDB_FN_SIZE)
            c->misused_fn = msgf(c->ar, "The function is not allowed to be used this way in an expression; "
                                        "function: %.*s", (int)a->len, a->name);
    }
}

static void misused_size(chk *c, ddb_expr *x)
{
    x = unwrap(x);
    if (x->kind == DDB_X_CALL && x->fn == DDB_FN_SIZE && !c->misused_fn)
        c->misused_fn = "The function is not allowed to be used this way in an expression; function: size";
}

static void condition_errors(chk *c)
{
    if (c->condition)
        return;
    c->condition = c->name_val ? c->name_val : c->operand ? c->operand : c->distinct ? c->distinct : c->function;
}

/* How DynamoDB prints a bound in BETWEEN messages. */
static const char *bound_text(chk *c, const ddb_value *v)
{
    strbuf sb = STRBUF_INIT;
    char num[DDB_NUM_TEXT_MAX];
    switch (v->type) {
    case DDB_S: strbuf_append(&sb, v->u.str.ptr, v->u.str.len); break;
    case DDB_N: ddb_num_format(&v->u.num, num); strbuf_puts(&sb, num); break;
    case DDB_B: base64_encode(&sb, v->u.str.ptr, v->u.str.len); break;
    case DDB_BOOL: strbuf_puts(&sb, v->u.b ? "true" : "false"); break;
    case DDB_NULL: strbuf_puts(&sb, "true"); break;
    default: strbuf_puts(&sb, "[object Object]"); break;
    }
    const char *s = arena_strndup(c->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}

static void check_between(chk *c, ddb_expr *lo, ddb_expr *hi)
{
    if (c->function)
        return;
    int t1 = immediate_type(lo), t2 = immediate_type(hi);
    if (t1 < 0 || t2 < 0)
        return;
    const ddb_value *a = unwrap(lo)->value, *b = unwrap(hi)->value;
    int order;
    const char *what = NULL;
    if (t1 != t2)
        what = "same data type for lower and upper bounds";
    else if (ddb_value_order(a, b, &order) && order > 0)
        what = "upper bound to be greater than or equal to lower bound";
    if (what)
        c->function = msgf(c->ar, "The BETWEEN operator requires %s; lower bound operand: AttributeValue: {%s:%s}, "
                                  "upper bound operand: AttributeValue: {%s:%s}",
                           what, ddb_type_name((ddb_type)t1), bound_text(c, a), ddb_type_name((ddb_type)t2),
                           bound_text(c, b));
}

static const char *operand_type_msg(chk *c, const char *fn, size_t fnlen, const char *type)
{
    return msgf(c->ar, "Incorrect operand type for operator or function; operator or function: %.*s, operand type: %s",
                (int)fnlen, fn, type);
}

static int cond_arity(ddb_fn fn)
{
    switch (fn) {
    case DDB_FN_ATTRIBUTE_TYPE:
    case DDB_FN_BEGINS_WITH:
    case DDB_FN_CONTAINS: return 2;
    case DDB_FN_ATTRIBUTE_EXISTS:
    case DDB_FN_ATTRIBUTE_NOT_EXISTS:
    case DDB_FN_SIZE: return 1;
    default: return -1;
    }
}

/* attribute_type's second operand must be an S value naming a type. */
static void check_attribute_type(chk *c, ddb_expr *x)
{
    int t = value_type(x->args[1]);
    if (t != DDB_S) {
        c->function = operand_type_msg(c, x->name, x->len, t < 0 ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"
                                                                  : ddb_type_name((ddb_type)t));
        return;
    }
    const ddb_value *v = unwrap(x->args[1])->value;
    ddb_type parsed;
    if (!v || !ddb_type_parse(v->u.str.ptr, v->u.str.len, &parsed))
        c->function = msgf(c->ar, "Invalid attribute type name found; type: %.*s, valid types: "
                                  "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}", v ? (int)v->u.str.len : 0, v ? v->u.str.ptr : "");
}

/* Function-specific operand checks; sets x->vtype to the result type. */
static void check_cond_function_types(chk *c, ddb_expr *x)
{
    switch (x->fn) {
    case DDB_FN_ATTRIBUTE_EXISTS:
    case DDB_FN_ATTRIBUTE_NOT_EXISTS:
        if (unwrap(x->args[0])->kind != DDB_X_PATH)
            c->function = msgf(c->ar, "Operator or function requires a document path; operator or function: %.*s",
                               (int)x->len, x->name);
        return;
    case DDB_FN_BEGINS_WITH:
        for (size_t i = 0; i < x->nargs; i++) {
            int t = value_type(x->args[i]);
            if (t >= 0 && t != DDB_S && t != DDB_B) {
                c->function = operand_type_msg(c, x->name, x->len, ddb_type_name((ddb_type)t));
                return;
            }
        }
        x->vtype = DDB_BOOL;
        return;
    case DDB_FN_ATTRIBUTE_TYPE:
        check_attribute_type(c, x);
        if (!c->function)
            x->vtype = DDB_BOOL;
        return;
    case DDB_FN_SIZE: {
        int t = value_type(x->args[0]);
        if (t == DDB_N || t == DDB_BOOL || t == DDB_NULL) {
            c->function = operand_type_msg(c, x->name, x->len, ddb_type_name((ddb_type)t));
            return;
        }
        x->vtype = DDB_N;
        return;
    }
    default: x->vtype = DDB_BOOL; return;
    }
}

static void check_cond_function(chk *c, ddb_expr *x)
{
    if (c->unknown_fn)
        return;
    if (x->fn == DDB_FN_IF_NOT_EXISTS || x->fn == DDB_FN_LIST_APPEND) {
        SET_ONCE(c->misused_fn, msgf(c->ar, "The function is not allowed to be used this way in an expression; "
                                            "function: %.*s", (int)x->len, x->name));
        return;
    }
    int arity = cond_arity(x->fn);
    if (arity < 0) {
        c->unknown_fn = msgf(c->ar, "Invalid function name; function: %.*s", (int)x->len, x->name);
        return;
    }
    if (c->operand)
        return;
    if ((size_t)arity != x->nargs) {
        c->operand = msgf(c->ar, "Incorrect number of operands for operator or function; operator or function: %.*s, "
                                 "number of operands: %zu", (int)x->len, x->name, x->nargs);
        return;
    }
    if (arity == 2) {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)x->len, x->name);
        check_distinct(c, name, x->args[0], x->args[1]);
    }
    if (!c->function)
        check_cond_function_types(c, x);
}

static void walk_operand(chk *c, ddb_expr *x);

static void check_redundant(chk *c, ddb_expr *x)
{
    if (x->kind == DDB_X_PAREN && x->args[0]->kind == DDB_X_PAREN)
        c->parens = c->parens ? c->parens : "The expression has redundant parentheses;";
}

static void walk_call(chk *c, ddb_expr *x)
{
    for (size_t i = 0; i < x->nargs; i++)
        walk_operand(c, x->args[i]);
    misused_function(c, x->args, x->nargs);
    check_cond_function(c, x);
}

static void walk_operand(chk *c, ddb_expr *x)
{
    switch (x->kind) {
    case DDB_X_PAREN:
        check_redundant(c, x);
        walk_operand(c, x->args[0]);
        return;
    case DDB_X_PATH:
        for (size_t i = 0; i < x->nargs; i++)   /* the parenthesised head of (a).b */
            check_redundant(c, x->args[i]);
        resolve_path(c, &x->path, &c->name_val);
        return;
    case DDB_X_VALUE: resolve_value(c, x, &c->name_val); return;
    case DDB_X_CALL: walk_call(c, x); return;
    default: return;
    }
}

static const char *const cmp_names[] = {"=", "<>", "<", "<=", ">", ">="};

static void walk_cond(chk *c, ddb_expr *x)
{
    switch (x->kind) {
    case DDB_X_AND:
    case DDB_X_OR:
        walk_cond(c, x->args[0]);
        walk_cond(c, x->args[1]);
        misused_size(c, x->args[0]);
        misused_size(c, x->args[1]);
        return;
    case DDB_X_NOT:
        walk_cond(c, x->args[0]);
        misused_size(c, x->args[0]);
        return;
    case DDB_X_PAREN:
        check_redundant(c, x);
        walk_cond(c, x->args[0]);
        condition_errors(c);
        return;
    case DDB_X_CMP:
        walk_operand(c, x->args[0]);
        walk_operand(c, x->args[1]);
        misused_function(c, x->args, 2);
        check_distinct(c, cmp_names[x->op], x->args[0], x->args[1]);
        break;
    case DDB_X_BETWEEN:
        for (size_t i = 0; i < 3; i++)
            walk_operand(c, x->args[i]);
        misused_function(c, x->args, 3);
        check_between(c, x->args[1], x->args[2]);
        break;
    case DDB_X_IN:
        for (size_t i = 0; i < x->nargs; i++)
            walk_operand(c, x->args[i]);
        misused_function(c, x->args, x->nargs);
        break;
    case DDB_X_CALL: walk_call(c, x); break;
    default: return;
    }
    condition_errors(c);
}

/* Checks DynamoDB makes once the condition is otherwise valid: ordering
 * operators take only S, N or B values, and IN at most 100 operands. */
static const char *late_condition_checks(chk *c, ddb_expr *x)
{
    x = unwrap(x);
    if (x->kind == DDB_X_AND || x->kind == DDB_X_OR || x->kind == DDB_X_NOT) {
        for (size_t i = 0; i < x->nargs; i++) {
            const char *m = late_condition_checks(c, x->args[i]);
            if (m)
                return m;
        }
        return NULL;
    }
    bool ordering = (x->kind == DDB_X_CMP && x->op >= DDB_LT) || x->kind == DDB_X_BETWEEN;
    for (size_t i = 0; ordering && i < x->nargs; i++) {
        int t = immediate_type(x->args[i]);
        if (t >= 0 && t != DDB_S && t != DDB_N && t != DDB_B)
            return operand_type_msg(c, x->kind == DDB_X_BETWEEN ? "BETWEEN" : cmp_names[x->op],
                                    strlen(x->kind == DDB_X_BETWEEN ? "BETWEEN" : cmp_names[x->op]),
                                    ddb_type_name((ddb_type)t));
    }
    if (x->kind == DDB_X_IN && x->nargs > MAX_IN_OPERANDS)
        return msgf(c->ar, "The IN operator is provided with too many operands; number of operands: %zu", x->nargs);
    return NULL;
}

static const char *check_condition(chk *c, ddb_expr *root)
{
    if (!shape_cond(c, root))
        return c->syntax;
    walk_cond(c, root);
    misused_size(c, root);
    condition_errors(c);
    const char *first[] = {c->parens, c->unknown_fn, c->misused_fn, c->reserved, c->condition};
    for (size_t i = 0; i < 5; i++)
        if (first[i])
            return first[i];
    return late_condition_checks(c, root);
}

/* ================================================================ update checks */

/* Record a target path, reporting overlap (one a prefix of the other) or
 * conflict (one continues with a key where the other has an index). */
static void check_target(chk *c, const ddb_path *path)
{
    if (c->overlap)
        return;
    for (size_t i = 0; i < c->ntargets; i++) {
        const ddb_path *old = c->targets[i];
        size_t k = 0, n = old->n < path->n ? old->n : path->n;
        bool differ = false;
        for (; k < n; k++) {
            const ddb_pelem *a = &old->elems[k], *b = &path->elems[k];
            if (a->is_index != b->is_index) {
                c->conflict = msgf(c->ar, "Two document paths conflict with each other; must remove or rewrite one "
                                          "of these paths; path one: %s, path two: %s",
                                   ddb_path_text(c->ar, old), ddb_path_text(c->ar, path));
                differ = true;
                break;
            }
            if (a->is_index ? a->index != b->index
                            : a->len != b->len || !a->name || !b->name || memcmp(a->name, b->name, a->len) != 0) {
                differ = true;
                break;
            }
        }
        if (!differ) {
            c->overlap = msgf(c->ar, "Two document paths overlap with each other; must remove or rewrite one of "
                                     "these paths; path one: %s, path two: %s",
                              ddb_path_text(c->ar, old), ddb_path_text(c->ar, path));
            return;
        }
    }
    if (c->ntargets == c->tcap) {
        size_t ncap = c->tcap ? c->tcap * 2 : 8;
        c->targets = arena_grow(c->ar, c->targets, c->tcap * sizeof *c->targets, ncap * sizeof *c->targets);
        c->tcap = ncap;
    }
    c->targets[c->ntargets++] = path;
}

static void update_function(chk *c, ddb_expr *x, const char *name, size_t len)
{
    if (c->unknown_fn)
        return;
    bool arith = x->kind == DDB_X_PLUS || x->kind == DDB_X_MINUS;
    if (!arith && x->fn != DDB_FN_IF_NOT_EXISTS && x->fn != DDB_FN_LIST_APPEND) {
        c->unknown_fn = msgf(c->ar, "Invalid function name; function: %.*s", (int)len, name);
        return;
    }
    if (c->function)
        return;
    if (x->nargs != 2) {
        c->function = msgf(c->ar, "Incorrect number of operands for operator or function; operator or function: "
                                  "%.*s, number of operands: %zu", (int)len, name, x->nargs);
        return;
    }
    if (x->fn == DDB_FN_IF_NOT_EXISTS && !arith) {
        if (unwrap(x->args[0])->kind != DDB_X_PATH)
            c->function = msgf(c->ar, "Operator or function requires a document path; operator or function: %.*s",
                               (int)len, name);
        else
            x->vtype = value_type(x->args[1]);
        return;
    }
    int want = arith ? DDB_N : DDB_L;
    for (size_t i = 0; i < 2; i++) {
        int t = immediate_type(x->args[i]);
        if (t >= 0 && t != want) {
            c->function = operand_type_msg(c, name, len, ddb_type_name((ddb_type)t));
            return;
        }
    }
    x->vtype = want;
}

static void walk_update_value(chk *c, ddb_expr *x)
{
    switch (x->kind) {
    case DDB_X_PATH: resolve_path(c, &x->path, &c->attr_name); return;
    case DDB_X_VALUE: resolve_value(c, x, &c->attr_val); return;
    case DDB_X_PAREN: walk_update_value(c, x->args[0]); return;
    case DDB_X_CALL:
        for (size_t i = 0; i < x->nargs; i++)
            walk_update_value(c, x->args[i]);
        update_function(c, x, x->name, x->len);
        return;
    case DDB_X_PLUS:
    case DDB_X_MINUS:
        walk_update_value(c, x->args[0]);
        walk_update_value(c, x->args[1]);
        update_function(c, x, x->kind == DDB_X_PLUS ? "+" : "-", 1);
        return;
    default: return;
    }
}

static const char *const long_type_names[] = {"STRING", "NUMBER", "BINARY", "BOOLEAN", "NULL", NULL, NULL, NULL,
                                              "LIST", "MAP"};

static void check_add_delete(chk *c, ddb_uaction *a)
{
    if (c->operand)
        return;
    int t = immediate_type(a->value);
    if (t < 0 || !long_type_names[t] || (a->kind == DDB_U_ADD && t == DDB_N))
        return;
    c->operand = msgf(c->ar, "Incorrect operand type for operator or function; operator: %s, operand type: %s",
                      a->kind == DDB_U_ADD ? "ADD" : "DELETE", long_type_names[t]);
}

static void check_sections(chk *c, const ddb_update *u)
{
    static const char *const names[] = {"SET", "REMOVE", "ADD", "DELETE"};
    bool seen[4] = {false, false, false, false};
    for (size_t i = 0; i < u->nclauses && !c->section; i++) {
        if (seen[u->clauses[i]])
            c->section = msgf(c->ar, "The \"%s\" section can only be used once in an update expression;",
                              names[u->clauses[i]]);
        seen[u->clauses[i]] = true;
    }
}

/* list_append may not take a list_append operand. */
static const char *nested_list_append(chk *c, const ddb_expr *x, bool in_list_append)
{
    x = unwrap((ddb_expr *)x);
    if (x->kind == DDB_X_CALL && x->fn == DDB_FN_LIST_APPEND && in_list_append)
        return "The function is not allowed to be used this way in an expression; function: list_append";
    if (x->kind != DDB_X_CALL && x->kind != DDB_X_PLUS && x->kind != DDB_X_MINUS)
        return NULL;
    for (size_t i = 0; i < x->nargs; i++) {
        const char *m = nested_list_append(c, x->args[i], x->kind == DDB_X_CALL && x->fn == DDB_FN_LIST_APPEND);
        if (m)
            return m;
    }
    return NULL;
}

static const char *check_update(chk *c, ddb_update *u)
{
    for (size_t i = 0; i < u->n; i++) {
        ddb_uaction *a = &u->actions[i];
        a->kind = u->clauses[a->clause];
        if (a->kind == DDB_U_SET && !shape_update_value(c, a->value, true))
            return c->syntax;
    }
    for (size_t i = 0; i < u->n; i++) {
        ddb_uaction *a = &u->actions[i];
        resolve_path(c, &a->path, &c->attr_name);
        if (a->value)
            walk_update_value(c, a->value);
        check_target(c, &a->path);
        if (a->kind == DDB_U_ADD || a->kind == DDB_U_DELETE)
            check_add_delete(c, a);
    }
    check_sections(c, u);
    const char *first[] = {c->reserved, c->unknown_fn, c->section, c->attr_name, c->attr_val,
                           c->overlap, c->conflict, c->operand, c->function};
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        if (first[i])
            return first[i];
    for (size_t i = 0; i < u->n; i++) {
        const char *m = u->actions[i].kind == DDB_U_SET ? nested_list_append(c, u->actions[i].value, false) : NULL;
        if (m)
            return m;
    }
    return NULL;
}

static const char *check_projection(chk *c, ddb_path *paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        resolve_path(c, &paths[i], &c->attr_name);
    for (size_t i = 0; i < n; i++)
        check_target(c, &paths[i]);
    const char *first[] = {c->reserved, c->attr_name, c->overlap, c->conflict};
    for (size_t i = 0; i < 4; i++)
        if (first[i])
            return first[i];
    return NULL;
}

/* ================================================================ driver */

static const char *prefixed(arena *ar, ddb_role role, const char *msg)
{
    return msgf(ar, "Invalid %s: %s", role_names[role], msg);
}

const char *ddb_parse(arena *ar, ddb_role role, const char *src, size_t len, ddb_exprctx *cx, ddb_parsed *out)
{
    memset(out, 0, sizeof *out);
    out->role = role;
    if (len == 0)
        return prefixed(ar, role, "The expression can not be empty;");
    if (len > MAX_EXPR_LEN)
        return prefixed(ar, role, msgf(ar, "Expression size has exceeded the maximum allowed size; expression size: %zu", len));
    ddb_parser p;
    memset(&p, 0, sizeof p);
    p.ar = ar;
    p.src = src;
    p.len = len;
    tokenize(&p, role);
    if (ddb_yyparse(&p) != 0 || p.error)
        return prefixed(ar, role, p.error ? p.error : "Syntax error;");
    chk c;
    memset(&c, 0, sizeof c);
    c.ar = ar;
    c.p = &p;
    c.cx = cx;
    const char *err;
    if (role == DDB_ROLE_UPDATE)
        err = check_update(&c, &p.update);
    else if (role == DDB_ROLE_PROJECTION)
        err = check_projection(&c, p.paths, p.npaths);
    else
        err = check_condition(&c, p.root);
    if (err)
        return prefixed(ar, role, err);
    out->cond = p.root;
    out->update = p.update;
    out->paths = p.paths;
    out->npaths = p.npaths;
    out->all = c.all;
    out->nall = c.nall;
    return NULL;
}
