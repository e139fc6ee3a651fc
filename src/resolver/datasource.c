/* datasource: NONE, Lambda and HTTP invocations; DynamoDB is delegated. */
#include "resolver/datasource.h"
#include "resolver/ddb_bridge.h"
#include <string.h>

static vval error_value(arena *ar, const char *message, const char *type)
{
    vval e = vval_map_new(ar);
    vmap_put_str(e.u.m, "message", vval_cstr(ar, message));
    vmap_put_str(e.u.m, "type", vval_cstr(ar, type));
    return e;
}

/* The mocked answer for a Lambda or HTTP data source: {Result} or {Error}. */
static void mocked(arena *ar, const rs_datasource *ds, vval invocations, ds_call *call)
{
    vval inv = reqdoc_get(invocations, ds->name);
    if (vval_is_null(inv))
        inv = reqdoc_get(ds->config, "Invocation");
    if (vval_is_null(inv)) {
        strbuf m = STRBUF_INIT;
        strbuf_printf(&m, "No invocation result for data source '%s': give DataSources[].Invocation "
                          "{\"Result\": ...} in the resolver file or invocations.%s in the context file",
                      ds->name, ds->name);
        call->error = error_value(ar, strbuf_cstr(&m), ds->kind == DS_LAMBDA ? "Lambda:Unhandled" : "HTTP:Error");
        strbuf_free(&m);
        return;
    }
    vval err = reqdoc_get(inv, "Error");
    if (err.kind == VVAL_MAP) {
        call->error = error_value(ar, reqdoc_str(err, "message", "Invocation failed"),
                                  reqdoc_str(err, "type", "Lambda:Unhandled"));
        return;
    }
    call->result = reqdoc_get(inv, "Result");
}

void ds_invoke(arena *ar, const rs_datasource *ds, vval doc, const char *version, vval invocations,
               vval sync_config, struct ddb_bridge *ddb, int64_t now_ms, ds_call *call)
{
    call->result = call->error = call->engine_request = call->engine_response = vval_null();
    switch (ds->kind) {
    case DS_NONE:
        call->result = reqdoc_get(doc, "payload");
        return;
    case DS_LAMBDA:
    case DS_HTTP:
        call->engine_request = doc;
        mocked(ar, ds, invocations, call);
        return;
    case DS_DYNAMODB:
        ddb_bridge_invoke(ddb, ar, ds, doc, version, sync_config, now_ms, call);
        return;
    }
}
