/* ctx: builds $ctx / $context from the ctx.json object, with the defaults of
 * the conformance format: args and arguments are one map; info gets the
 * default field name and type unless given; request defaults to headers {}.
 * This runs once per evaluation, so the keys are static strings whose Java
 * hash codes are precomputed (the golden tests fail if one is wrong: every
 * $ctx lookup goes through them). */
#include "eval/eval.h"
#include <string.h>

#define KEY(var, text, hashcode) \
    static vstr var = {sizeof(text) - 1, hashcode, true, true, text}

KEY(K_arguments, "arguments", 2259450198u);
KEY(K_args, "args", 3002589u);
KEY(K_source, "source", 3398461467u);
KEY(K_identity, "identity", 4159205566u);
KEY(K_stash, "stash", 109757557u);
KEY(K_result, "result", 3360540701u);
KEY(K_prev, "prev", 3449395u);
KEY(K_info, "info", 3237038u);
KEY(K_fieldName, "fieldName", 1265009317u);
KEY(K_parentTypeName, "parentTypeName", 1578922927u);
KEY(K_variables, "variables", 4212489591u);
KEY(K_selectionSetList, "selectionSetList", 2495639796u);
KEY(K_selectionSetGraphQL, "selectionSetGraphQL", 1819740115u);
KEY(K_request, "request", 1095692943u);
KEY(K_headers, "headers", 795307910u);
KEY(K_error, "error", 96784904u);
/* default $ctx.info values (static like the keys: nothing to allocate) */
KEY(V_testField, "testField", 3091429256u);
KEY(V_Query, "Query", 78391464u);
KEY(V_empty, "", 0u);

static vval key(vstr *k)
{
    return vval_from_vstr(k);
}

static vval get(vval m, vstr *k)
{
    vval *v = vmap_find(m.u.m, key(k));
    return v ? *v : vval_null();
}

static bool has(vval m, vstr *k)
{
    return vmap_find(m.u.m, key(k)) != NULL;
}

/* ctx_build adds each static key once to a fresh map: no lookup needed. */
static void put(vval m, vstr *k, vval v)
{
    vmap_put_new(m.u.m, key(k), v);
}

static vval default_info(arena *ar, vval given)
{
    vval info = vval_map_with_cap(ar, 8);
    put(info, &K_fieldName, key(&V_testField));
    put(info, &K_parentTypeName, key(&V_Query));
    put(info, &K_variables, vval_map_new(ar));
    put(info, &K_selectionSetList, vval_list_new(ar, 0));
    put(info, &K_selectionSetGraphQL, key(&V_empty));
    if (given.kind == VVAL_MAP)
        for (size_t i = 0; i < given.u.m->len; i++)
            if (given.u.m->entries[i].live)
                vmap_put(info.u.m, given.u.m->entries[i].key, given.u.m->entries[i].value, NULL);
    return info;
}

vval ctx_build(eval_state *ev, vval json)
{
    arena *ar = ev->ar;
    vval ctx = vval_map_with_cap(ar, 16);
    vval args = has(json, &K_arguments) ? get(json, &K_arguments) : get(json, &K_args);
    if (args.kind != VVAL_MAP)
        args = vval_map_new(ar);
    put(ctx, &K_arguments, args);
    put(ctx, &K_args, args);
    put(ctx, &K_source, get(json, &K_source));
    put(ctx, &K_identity, get(json, &K_identity));
    vval stash = get(json, &K_stash);
    put(ctx, &K_stash, stash.kind == VVAL_MAP ? stash : vval_map_new(ar));
    put(ctx, &K_result, get(json, &K_result));
    if (has(json, &K_prev))
        put(ctx, &K_prev, get(json, &K_prev));
    put(ctx, &K_info, default_info(ar, get(json, &K_info)));
    vval request = get(json, &K_request);
    if (request.kind != VVAL_MAP) {
        request = vval_map_new(ar);
        put(request, &K_headers, vval_map_new(ar));
    }
    put(ctx, &K_request, request);
    if (has(json, &K_error))
        put(ctx, &K_error, get(json, &K_error));
    return ctx;
}
