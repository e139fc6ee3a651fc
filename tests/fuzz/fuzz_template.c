/* fuzz_template: libFuzzer target — any bytes as a template, parsed and
 * evaluated against a fixed context, the result rendered as --json would.
 * Loops are capped low so nested loops cannot run for minutes. The template is
 * also parsed with the grammar alone: the tree and the messages must be the
 * same as with the parser's fast path for references. */
#include "vtl/vtl.h"
#include "eval/api.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char CTX[] =
    "{\"arguments\":{\"id\":\"p1\",\"n\":7,\"x\":1.5,\"tags\":[\"a\",\"b\"],\"input\":{\"title\":\"T\",\"v\":null}},"
    "\"identity\":{\"sub\":\"u1\",\"claims\":{\"groups\":[\"admin\"]}},\"stash\":{\"k\":\"v\"},"
    "\"source\":{\"id\":\"s1\"},\"result\":{\"items\":[{\"id\":1},{\"id\":2}]},"
    "\"info\":{\"fieldName\":\"getPost\",\"parentTypeName\":\"Query\",\"selectionSetList\":[\"id\"]}}";

/* The tree, the messages and the --json result of t, as one string. */
static char *outcome(const vtl_template *t, const vtl_options *o)
{
    vtl_result *r = vtl_evaluate(t, "ctx.json", CTX, sizeof CTX - 1, o);
    char *dump = vtl_template_dump(t), *errs = vtl_template_render_errors(t);
    char *json = vtl_result_json(r, VTL_FORMAT_CONFORMANCE);
    free(vtl_result_json(r, VTL_FORMAT_AWS));
    size_t n = strlen(dump) + strlen(errs) + strlen(json) + 1;
    char *all = malloc(n);
    snprintf(all, n, "%s%s%s", dump, errs, json);
    free(dump);
    free(errs);
    free(json);
    vtl_result_free(r);
    return all;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vtl_options o;
    vtl_options_init(&o);
    o.now_ms = 1704164645678LL;
    o.ids = VTL_IDS_COUNTER;
    o.seed = 1;
    o.max_foreach = 40;
    o.max_output = 1 << 20;
    vtl_template *fast = vtl_parse("fuzz.vtl", (const char *)data, size);
    vtl_template *slow = vtl_parse_grammar_only("fuzz.vtl", (const char *)data, size);
    char *a = outcome(fast, &o), *b = outcome(slow, &o);
    if (strcmp(a, b)) {
        fprintf(stderr, "the parser's fast path and the grammar differ:\n%s\n---\n%s\n", a, b);
        abort();
    }
    free(a);
    free(b);
    vtl_template_free(slow);
    vtl_template_free(fast);
    return 0;
}
