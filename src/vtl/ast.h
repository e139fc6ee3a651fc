/* ast: the parsed template.
 *
 * Every node lives in the template's arena and carries the byte span of its
 * source. A reference also keeps its literal source text, because a null
 * reference renders as exactly that text ($foo, $m.put("a", 1)).
 * Variables are interned into slots at parse time (symtab), so the evaluator
 * reads and writes them by index instead of hashing names. */
#ifndef VTL_VTL_AST_H
#define VTL_VTL_AST_H
#include "base/arena.h"
#include "base/srcmap.h"
#include "vval/vval.h"
#include "vtl/lex.h"
#include <stdint.h>

typedef enum ast_kind {
    /* statements */
    AST_BLOCK, AST_TEXT, AST_SET, AST_IF, AST_FOREACH, AST_BREAK, AST_STOP,
    AST_RETURN, AST_DEFINE, AST_UNSUPPORTED,
    /* references and their suffixes */
    AST_REF, AST_PROP, AST_METHOD, AST_INDEX,
    /* literals */
    AST_LITERAL,     /* number or non-interpolated string: value in `lit` */
    AST_ISTRING,     /* interpolated string: kids[0] is the parsed block */
    AST_TRUE, AST_FALSE, AST_NULL, AST_LIST, AST_RANGE, AST_MAP,
    /* operators */
    AST_OR, AST_AND, AST_EQ, AST_NE, AST_LT, AST_LE, AST_GT, AST_GE,
    AST_ADD, AST_SUB, AST_MUL, AST_DIV, AST_MOD, AST_NOT,
} ast_kind;

typedef struct ast_node ast_node;

typedef struct ast_list {
    ast_node **items;
    uint32_t len, cap;   /* 16 bytes: lists ride bison's value stack */
} ast_list;

struct ast_node {
    uint8_t kind;          /* ast_kind */
    uint8_t flags;         /* REF: LEXF_QUIET | LEXF_FORMAL */
    uint16_t escapes;      /* REF: backslashes before it */
    int32_t slot;          /* REF, FOREACH, DEFINE: variable slot */
    vtl_span span;
    ast_node **kids;       /* see per-kind layout below */
    uint32_t nkids;
    uint32_t len;          /* length of str */
    const char *str;       /* TEXT text, REF/PROP/METHOD name */
    union {
        vval lit;          /* LITERAL value */
        struct {           /* REF: literal source text rendered when null */
            const char *lit_text;
            size_t lit_len;
        };
    };
};
/* Layouts:
 *   BLOCK   kids = statements
 *   REF     kids = suffixes (PROP, METHOD, INDEX) applied left to right
 *   METHOD  kids = arguments;  INDEX kids[0] = index expression
 *   SET     kids[0] = target REF, kids[1] = value
 *   IF      kids = cond0, block0, cond1, block1, ..., [else block] (nkids odd when an else exists)
 *   FOREACH kids[0] = loop REF, kids[1] = iterable, kids[2] = body
 *   BREAK/RETURN kids[0] = argument or none;  DEFINE kids[0] = REF, kids[1] = body
 *   LIST    kids = items;  RANGE kids[0..1] = bounds;  MAP kids = key0, value0, key1, ...
 *   binary  kids[0..1];  NOT kids[0]
 */

/* The symbol table: variable names to slots. Slots below SLOT_FIRST_USER are
 * the names the evaluator itself defines. */
enum {
    SLOT_CTX, SLOT_CONTEXT, SLOT_UTIL, SLOT_UTILS, SLOT_FOREACH, SLOT_VELOCITY_COUNT,
    SLOT_VELOCITY_HAS_NEXT, SLOT_EXTENSIONS, SLOT_FIRST_USER
};

typedef struct symtab {
    char **names;          /* arena strings, by slot */
    size_t *lens;
    size_t len, cap;
    int32_t *index;        /* open-addressing table of slots (-1 empty) */
    size_t index_cap;      /* a power of two, at least twice len */
} symtab;

struct vtl_parser;

void ast_list_init(ast_list *l);
void ast_list_grow(struct vtl_parser *p, ast_list *l);
/* Append n (NULL is skipped). Inline: most pushes fit. */
static inline void ast_list_push(struct vtl_parser *p, ast_list *l, ast_node *n)
{
    if (!n)
        return;
    if (l->len == l->cap)
        ast_list_grow(p, l);
    l->items[l->len++] = n;
}
/* Append every node of src. */
static inline void ast_list_append(struct vtl_parser *p, ast_list *l, const ast_list *src)
{
    for (uint32_t i = 0; i < src->len; i++)
        ast_list_push(p, l, src->items[i]);
}

/* Constructors used by the grammar actions. Token values are read, not kept;
 * `sp` is the rule's (or the token's) location. */
ast_node *ast_new_block(struct vtl_parser *p, ast_list *items, vtl_span sp);
ast_node *ast_new_text(struct vtl_parser *p, const lex_value *t, vtl_span sp);
/* A reference without suffixes (REF_SIMPLE): `$name` or `$a.b.c`. */
ast_node *ast_new_ref(struct vtl_parser *p, const lex_value *t, vtl_span sp);
/* A reference with suffixes, built as a list whose first item is the REF node:
 * ast_ref_begin starts it from a REF_BEGIN token, ast_ref_call from a REF_CALL
 * token (`$a.b.m(`) and its arguments (NULL: none); the grammar appends each
 * further link; ast_ref_finish gives the node its suffixes and whole span. */
void ast_ref_begin(struct vtl_parser *p, ast_list *chain, const lex_value *t, vtl_span sp);
void ast_ref_call(struct vtl_parser *p, ast_list *chain, const lex_value *t, ast_list *args, vtl_span sp);
ast_node *ast_ref_finish(struct vtl_parser *p, ast_list *chain, vtl_span sp);
ast_node *ast_new_prop(struct vtl_parser *p, const lex_value *t, vtl_span sp);
ast_node *ast_new_method(struct vtl_parser *p, const lex_value *t, ast_list *args, vtl_span sp);
ast_node *ast_new_index(struct vtl_parser *p, ast_node *index, vtl_span sp);
ast_node *ast_new_set(struct vtl_parser *p, ast_node *target, ast_node *value, vtl_span sp);
ast_node *ast_new_set_target(struct vtl_parser *p, const lex_value *t);
ast_node *ast_new_if(struct vtl_parser *p, ast_node *cond, ast_list *then, ast_list *elseifs,
                     ast_node *else_block, vtl_span sp);
/* Append `cond` and its block to an elseif list (pairs). */
void ast_push_elseif(struct vtl_parser *p, ast_list *l, ast_node *cond, ast_list *block, vtl_span sp);
ast_node *ast_new_foreach(struct vtl_parser *p, ast_node *var, ast_node *iter, ast_list *body, vtl_span sp);
ast_node *ast_new_jump(struct vtl_parser *p, ast_kind kind, ast_node *arg, vtl_span sp);
ast_node *ast_new_define(struct vtl_parser *p, ast_node *var, ast_list *body, vtl_span sp);
ast_node *ast_new_unsupported(struct vtl_parser *p, const lex_value *t, vtl_span sp);
ast_node *ast_new_binop(struct vtl_parser *p, ast_kind op, ast_node *l, ast_node *r, vtl_span sp);
ast_node *ast_new_number(struct vtl_parser *p, const lex_value *t, bool is_float, vtl_span sp);
ast_node *ast_new_string(struct vtl_parser *p, const lex_value *t, bool interpolate, vtl_span sp);
/* An interpolated string whose body (a block, NULL after a parse error) is parsed. */
ast_node *ast_new_istring(struct vtl_parser *p, ast_node *body, vtl_span sp);
ast_node *ast_new_const(struct vtl_parser *p, ast_kind kind, vtl_span sp);
ast_node *ast_new_list(struct vtl_parser *p, ast_list *items, vtl_span sp);
ast_node *ast_new_range(struct vtl_parser *p, ast_node *lo, ast_node *hi, vtl_span sp);
ast_node *ast_new_map(struct vtl_parser *p, ast_list *entries, vtl_span sp);

/* Start dst as a copy of src (names are shared, arrays copied into ar). */
void symtab_copy(symtab *dst, arena *ar, const symtab *src);
/* Intern a variable name; returns its slot. */
int symtab_intern(symtab *st, arena *ar, const char *name, size_t len);
/* The same for a name that outlives the table (a string literal): not copied. */
int symtab_intern_static(symtab *st, arena *ar, const char *name, size_t len);
/* Slot of a name, or -1. */
int symtab_find(const symtab *st, const char *name, size_t len);

/* Human-readable name of a node kind ("set", "if", "ref", ...). */
const char *ast_kind_name(ast_kind k);

#endif
