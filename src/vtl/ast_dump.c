/* ast_dump: a readable tree for parser golden tests and for learners. */
#include "vtl/ast_dump.h"
#include "vval/vval_print.h"

static void quoted(strbuf *out, const char *s, size_t n)
{
    strbuf_json_string(out, s, n);
}

void ast_dump(strbuf *out, const ast_node *n, const srcmap *map, int indent)
{
    if (!n)
        return;
    int line, col;
    srcmap_locate(map, n->span.start, &line, &col);
    for (int i = 0; i < indent; i++)
        strbuf_puts(out, "  ");
    strbuf_printf(out, "%s @%d:%d", ast_kind_name(n->kind), line, col);
    switch (n->kind) {
    case AST_TEXT:
        strbuf_putc(out, ' ');
        quoted(out, n->str, n->len);
        break;
    case AST_REF:
        strbuf_printf(out, " $%s%.*s", (n->flags & LEXF_QUIET) ? "!" : "", (int)n->len, n->str);
        if (n->flags & LEXF_FORMAL)
            strbuf_puts(out, " formal");
        if (n->escapes)
            strbuf_printf(out, " escapes=%d", n->escapes);
        break;
    case AST_PROP:
    case AST_METHOD:
        strbuf_printf(out, " %.*s", (int)n->len, n->str);
        break;
    case AST_LITERAL:
        strbuf_printf(out, " %s ", vval_class_name(n->lit));
        if (n->lit.kind == VVAL_STRING)
            quoted(out, n->lit.u.s->data, n->lit.u.s->len);
        else
            vval_print(out, n->lit);
        break;
    default:
        break;
    }
    strbuf_putc(out, '\n');
    for (size_t i = 0; i < n->nkids; i++)
        ast_dump(out, n->kids[i], map, indent + 1);
}
