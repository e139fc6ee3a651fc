/* datasource: invoking a data source with a checked request document.
 * NONE returns the document's payload; Lambda and HTTP return the result the
 * resolver file (DataSources[].Invocation) or the context file
 * (invocations.<name>) gives, since nothing is called for real; DynamoDB runs
 * on the in-memory engine through ddb_bridge. */
#ifndef VTL_RESOLVER_DATASOURCE_H
#define VTL_RESOLVER_DATASOURCE_H
#include "resolver/resolver_file.h"

typedef struct ds_call {
    vval result;              /* $ctx.result */
    vval error;               /* $ctx.error {message, type} or null */
    vval engine_request;      /* what was sent to the engine (for --json), or null */
    vval engine_response;     /* what the engine answered, or null */
} ds_call;

struct ddb_bridge;

/* Invoke `ds` with `doc`. `invocations` is ctx.json's `invocations` map (or
 * null). Never fails outright: failures become call->error. */
void ds_invoke(arena *ar, const rs_datasource *ds, vval doc, const char *version, vval invocations,
               vval sync_config, struct ddb_bridge *ddb, int64_t now_ms, ds_call *call);

#endif
