/* fuzz_template: libFuzzer target — any bytes as a template, parsed and
 * evaluated against a fixed context, the result rendered as --json would.
 * Loops are capped low so nested loops cannot run for minutes. */
#include "vtl/vtl.h"
#include <stdint.h>
#include <stdlib.h>

static const char CTX[] =
    "{\"arguments\":{\"id\":\"p1\",\"n\":7,\"x\":1.5,\"tags\":[\"a\",\"b\"],\"input\":{\"title\":\"T\",\"v\":null}},"
    "\"identity\":{\"sub\":\"u1\",\"claims\":{\"groups\":[\"admin\"]}},\"stash\":{\"k\":\"v\"},"
    "\"source\":{\"id\":\"s1\"},\"result\":{\"items\":[{\"id\":1},{\"id\":2}]},"
    "\"info\":{\"fieldName\":\"getPost\",\"parentTypeName\":\"Query\",\"selectionSetList\":[\"id\"]}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vtl_options o;
    vtl_options_init(&o);
    o.now_ms = 1704164645678LL;
    o.ids = VTL_IDS_COUNTER;
    o.max_foreach = 40;
    o.max_output = 1 << 20;
    vtl_template *t = vtl_parse("fuzz.vtl", (const char *)data, size);
    vtl_result *r = vtl_evaluate(t, "ctx.json", CTX, sizeof CTX - 1, &o);
    free(vtl_result_json(r, VTL_FORMAT_CONFORMANCE));
    free(vtl_result_json(r, VTL_FORMAT_AWS));
    vtl_result_free(r);
    vtl_template_free(t);
    return 0;
}
