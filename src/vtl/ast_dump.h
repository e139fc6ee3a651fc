/* ast_dump: the parse tree as indented text, one node per line (--dump-ast). */
#ifndef VTL_VTL_AST_DUMP_H
#define VTL_VTL_AST_DUMP_H
#include "base/srcmap.h"
#include "base/strbuf.h"
#include "vtl/ast.h"

/* Append the tree under n; positions are shown as line:col through map. */
void ast_dump(strbuf *out, const ast_node *n, const srcmap *map, int indent);

#endif
