/* resolve: runs a resolver end to end, as AppSync does: request template ->
 * request document checks -> data source -> response template, for unit
 * resolvers and pipelines (before -> functions -> after), with $ctx.stash
 * throughout and $ctx.prev.result between steps. */
#ifndef VTL_RESOLVER_RESOLVE_H
#define VTL_RESOLVER_RESOLVE_H
#include "resolver/ddb_bridge.h"
#include "resolver/resolver_file.h"

typedef struct rs_options {
    vtl_options eval;
    bool steps;               /* include every step in the result */
} rs_options;

/* Run `r` with the context JSON. Returns the result as JSON text (caller
 * frees): {"data": {field: value}, "errors": [...]} plus "steps" when asked.
 * *failed is set when the context is unusable (the text then describes why). */
char *rs_run(const rs_resolver *r, ddb_bridge *ddb, const char *ctx_name, const char *ctx, size_t ctx_len,
             const rs_options *o, bool *failed);

#endif
