/* api: libvtl internals that tests reach for (not part of vtl/vtl.h). */
#ifndef VTL_EVAL_API_H
#define VTL_EVAL_API_H
#include "vtl/vtl.h"

/* vtl_parse without the parser's fast path for references (parse_ref.c): every
 * token goes through the grammar. The tree, messages and results must be the
 * same as vtl_parse's; the fuzz target and unit tests check that they are. */
vtl_template *vtl_parse_grammar_only(const char *name, const char *src, size_t len);

#endif
