/* fuzz_ctx: libFuzzer target — any bytes as the context JSON, through both
 * context paths (text per evaluation and a parsed context), with a template
 * that walks and re-serialises what it was given. */
#include "vtl/vtl.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char TPL[] =
    "#set($m = $util.defaultIfNull($ctx.args, {}))$util.toJson($ctx)\n"
    "#foreach($e in $m.entrySet())$e.key=$e.value;#end\n"
    "$util.dynamodb.toMapValuesJson($m) $util.toJson($ctx.stash) $ctx.identity.sub $ctx.source\n"
    "$util.qr($ctx.stash.put(\"seen\", $m.size()))$ctx.info.fieldName";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static vtl_template *t;
    if (!t)
        t = vtl_parse("fuzz.vtl", TPL, strlen(TPL));
    vtl_options o;
    vtl_options_init(&o);
    o.now_ms = 1704164645678LL;
    o.ids = VTL_IDS_COUNTER;
    o.max_foreach = 40;
    vtl_result *r = vtl_evaluate(t, "ctx.json", (const char *)data, size, &o);
    free(vtl_result_json(r, VTL_FORMAT_CONFORMANCE));
    vtl_result_free(r);
    vtl_context *c = vtl_context_parse("ctx.json", (const char *)data, size, NULL);
    if (c) {
        for (int i = 0; i < 2; i++)
            vtl_result_free(vtl_evaluate_context(t, c, &o));
        vtl_context_free(c);
    }
    return 0;
}
