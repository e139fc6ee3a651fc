/* method_map: java.util.Map methods (LinkedHashMap semantics). */
#include "eval/eval.h"
#include "vval/vval_print.h"
#include <string.h>

#define M (self.u.m)
#define METHOD(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                      const ast_node *site)
#define UNUSED (void)ev, (void)a, (void)na, (void)site

METHOD(m_get)
{
    UNUSED;
    vval *v = vmap_find(M, a[0]);
    *out = v ? *v : vval_null();
    return M_OK;
}

METHOD(m_get_or_default)
{
    UNUSED;
    vval *v = vmap_find(M, a[0]);
    *out = v ? *v : a[1];
    return M_OK;
}

/* put returns the previous value, so a bare $m.put("new", 1) renders its own text. */
METHOD(m_put)
{
    UNUSED;
    vval old = vval_null();
    vmap_put(M, a[0], a[1], &old);
    *out = old;
    return M_OK;
}

METHOD(m_put_if_absent)
{
    UNUSED;
    vval *v = vmap_find(M, a[0]);
    if (v && !vval_is_null(*v)) {
        *out = *v;
        return M_OK;
    }
    vmap_put(M, a[0], a[1], NULL);
    *out = vval_null();
    return M_OK;
}

METHOD(m_put_all)
{
    UNUSED;
    if (a[0].kind != VVAL_MAP)
        return M_NOTFOUND;
    const vmap *src = a[0].u.m;
    size_t *order = vmap_order(src, ev->ar);
    size_t n = src->count;
    for (size_t k = 0; k < n; k++)
        vmap_put(M, src->entries[order[k]].key, src->entries[order[k]].value, NULL);
    *out = vval_cstr(ev->ar, "");
    return M_OK;
}

METHOD(m_remove)
{
    UNUSED;
    vval old = vval_null();
    vmap_remove(M, a[0], &old);
    *out = old;
    return M_OK;
}

METHOD(m_contains_key) { UNUSED; *out = vval_bool(vmap_find(M, a[0]) != NULL); return M_OK; }

METHOD(m_contains_value)
{
    UNUSED;
    bool found = false;
    for (size_t i = 0; i < M->len && !found; i++)
        found = M->entries[i].live && vval_java_equals(M->entries[i].value, a[0]);
    *out = vval_bool(found);
    return M_OK;
}

METHOD(m_size) { UNUSED; *out = vval_int((int32_t)M->count); return M_OK; }
METHOD(m_is_empty) { UNUSED; *out = vval_bool(M->count == 0); return M_OK; }

METHOD(m_clear)
{
    UNUSED;
    vmap_clear(M);
    *out = vval_cstr(ev->ar, "");
    return M_OK;
}

/* keySet(), values(), entrySet(): snapshots in iteration order. */
static vval view(eval_state *ev, const vmap *m, int what)
{
    size_t *order = vmap_order(m, ev->ar);
    vval l = vval_list_new(ev->ar, m->count);
    for (size_t k = 0; k < m->count; k++) {
        const vmap_entry *e = &m->entries[order[k]];
        vval item = what == 0 ? e->key : what == 1 ? e->value
                  : vval_object(ev->ar, VOBJ_ENTRY, m, e->key, e->value);
        vlist_push(l.u.l, item);
    }
    return l;
}

METHOD(m_key_set) { UNUSED; *out = view(ev, M, 0); return M_OK; }
METHOD(m_values) { UNUSED; *out = view(ev, M, 1); return M_OK; }
METHOD(m_entry_set) { UNUSED; *out = view(ev, M, 2); return M_OK; }

METHOD(m_to_string)
{
    UNUSED;
    *out = vval_from_vstr(vval_to_vstr(ev->ar, self));
    return M_OK;
}

METHOD(m_replace)
{
    UNUSED;
    vval *v = vmap_find(M, a[0]);
    *out = v ? *v : vval_null();
    if (v)
        *v = a[1];
    return M_OK;
}

const method_def map_methods[] = {
    {"clear", m_clear, 0, 0},
    {"containsKey", m_contains_key, 1, 1},
    {"containsValue", m_contains_value, 1, 1},
    {"entrySet", m_entry_set, 0, 0},
    {"get", m_get, 1, 1},
    {"getOrDefault", m_get_or_default, 2, 2},
    {"isEmpty", m_is_empty, 0, 0},
    {"keySet", m_key_set, 0, 0},
    {"put", m_put, 2, 2},
    {"putAll", m_put_all, 1, 1},
    {"putIfAbsent", m_put_if_absent, 2, 2},
    {"remove", m_remove, 1, 1},
    {"replace", m_replace, 2, 2},
    {"size", m_size, 0, 0},
    {"toString", m_to_string, 0, 0},
    {"values", m_values, 0, 0},
};
const size_t map_methods_len = sizeof map_methods / sizeof *map_methods;
