/* util_map: the $util.map namespace (reference 4.12): shallow copies of a map
 * that keep, or drop, the keys listed in a List (keys compared with Java
 * equals). The copy keeps the source's iteration order, so a copy of a
 * HashMap-ordered map starts in that same order. Null in, null out. */
#include "util/util.h"

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

static bool contains(const vlist *l, vval x)
{
    for (size_t i = 0; i < l->len; i++)
        if (vval_java_equals(l->items[i], x))
            return true;
    return false;
}

/* (Map, List): the entries whose key is (keep) or is not (!keep) in the list. */
static mres copy_keys(eval_state *ev, const vval *a, vval *out, bool keep)
{
    bool map_ok = a[0].kind == VVAL_MAP || vval_is_null(a[0]);
    bool list_ok = (a[1].kind == VVAL_LIST && !a[1].u.l->is_array) || vval_is_null(a[1]);
    if (!map_ok || !list_ok)
        return M_NOTFOUND;
    if (vval_is_null(a[0]) || vval_is_null(a[1])) {
        *out = vval_null();
        return M_OK;
    }
    const vmap *m = a[0].u.m;
    size_t *order = vmap_order(m, ev->ar);
    vval c = vval_map_new(ev->ar);
    for (size_t k = 0; k < m->count; k++) {
        const vmap_entry *e = &m->entries[order[k]];
        if (contains(a[1].u.l, e->key) == keep)
            vmap_put(c.u.m, e->key, e->value, NULL);
    }
    *out = c;
    return M_OK;
}

FN(m_copy_and_retain_all_keys) { UNUSED; return copy_keys(ev, a, out, true); }
FN(m_copy_and_remove_all_keys) { UNUSED; return copy_keys(ev, a, out, false); }

static const method_def map_fns[] = {
    {"copyAndRemoveAllKeys", m_copy_and_remove_all_keys, 2, 2},
    {"copyAndRetainAllKeys", m_copy_and_retain_all_keys, 2, 2},
};
const util_ns util_ns_map = {"map", map_fns, sizeof map_fns / sizeof *map_fns};
