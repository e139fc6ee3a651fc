/* ctx: builds $ctx / $context from the ctx.json object, with the defaults of
 * the conformance format: args and arguments are one map; info gets the
 * default field name and type unless given; request defaults to headers {}. */
#include "eval/eval.h"
#include <string.h>

static vval get(vval m, const char *key)
{
    vval *v = vmap_find_str(m.u.m, key, strlen(key));
    return v ? *v : vval_null();
}

static bool has(vval m, const char *key)
{
    return vmap_find_str(m.u.m, key, strlen(key)) != NULL;
}

vval ctx_build(eval_state *ev, vval json)
{
    arena *ar = ev->ar;
    vval ctx = vval_map_new(ar);
    vmap *c = ctx.u.m;

    vval args = has(json, "arguments") ? get(json, "arguments") : get(json, "args");
    if (args.kind != VVAL_MAP)
        args = vval_map_new(ar);
    vmap_put_str(c, "arguments", args);
    vmap_put_str(c, "args", args);
    vmap_put_str(c, "source", get(json, "source"));
    vmap_put_str(c, "identity", get(json, "identity"));
    vval stash = get(json, "stash");
    vmap_put_str(c, "stash", stash.kind == VVAL_MAP ? stash : vval_map_new(ar));
    vmap_put_str(c, "result", get(json, "result"));
    if (has(json, "prev"))
        vmap_put_str(c, "prev", get(json, "prev"));

    vval info = vval_map_new(ar);
    vmap_put_str(info.u.m, "fieldName", vval_cstr(ar, "testField"));
    vmap_put_str(info.u.m, "parentTypeName", vval_cstr(ar, "Query"));
    vmap_put_str(info.u.m, "variables", vval_map_new(ar));
    vmap_put_str(info.u.m, "selectionSetList", vval_list_new(ar, 0));
    vmap_put_str(info.u.m, "selectionSetGraphQL", vval_cstr(ar, ""));
    vval given = get(json, "info");
    if (given.kind == VVAL_MAP)
        for (size_t i = 0; i < given.u.m->len; i++)
            if (given.u.m->entries[i].live)
                vmap_put(info.u.m, given.u.m->entries[i].key, given.u.m->entries[i].value, NULL);
    vmap_put_str(c, "info", info);

    vval request = get(json, "request");
    if (request.kind != VVAL_MAP) {
        request = vval_map_new(ar);
        vmap_put_str(request.u.m, "headers", vval_map_new(ar));
    }
    vmap_put_str(c, "request", request);
    if (has(json, "error"))
        vmap_put_str(c, "error", get(json, "error"));
    return ctx;
}
