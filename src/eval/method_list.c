/* method_list: java.util.ArrayList methods, and the few that Velocity allows
 * on Java arrays (size, get, isEmpty). */
#include "eval/eval.h"
#include "vval/vval_print.h"
#include <stdlib.h>
#include <string.h>

#define L (self.u.l)
#define METHOD(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                      const ast_node *site)
#define UNUSED (void)ev, (void)a, (void)na, (void)site
#define NOT_ON_ARRAY if (L->is_array) return M_NOTFOUND

static mres out_of_bounds(eval_state *ev, const ast_node *site, const char *m, int64_t i, size_t len)
{
    return method_throw(ev, site, "Invocation of method '%s' in  class java.util.ArrayList threw exception "
                        "java.lang.IndexOutOfBoundsException: Index %lld out of bounds for length %zu",
                        m, (long long)i, len);
}

METHOD(l_size) { UNUSED; *out = vval_int((int32_t)L->len); return M_OK; }
METHOD(l_is_empty) { UNUSED; *out = vval_bool(L->len == 0); return M_OK; }

METHOD(l_get)
{
    UNUSED;
    if (!arg_is_int(a[0]))
        return M_NOTFOUND;
    if (a[0].u.i < 0 || a[0].u.i >= (int64_t)L->len)
        return out_of_bounds(ev, site, "get", a[0].u.i, L->len);
    *out = L->items[a[0].u.i];
    return M_OK;
}

METHOD(l_add)
{
    UNUSED;
    NOT_ON_ARRAY;
    if (na == 1) {
        vlist_push(L, a[0]);
        *out = vval_bool(true);
        return M_OK;
    }
    if (!arg_is_int(a[0]))
        return M_NOTFOUND;
    if (a[0].u.i < 0 || a[0].u.i > (int64_t)L->len)
        return out_of_bounds(ev, site, "add", a[0].u.i, L->len);
    vlist_insert(L, (size_t)a[0].u.i, a[1]);
    *out = vval_cstr(ev->ar, "");  /* void */
    return M_OK;
}

METHOD(l_add_all)
{
    UNUSED;
    NOT_ON_ARRAY;
    vval src = a[na - 1];
    if (src.kind != VVAL_LIST || (na == 2 && !arg_is_int(a[0])))
        return M_NOTFOUND;
    size_t n = src.u.l->len;
    vval *copy = arena_alloc(ev->ar, (n ? n : 1) * sizeof *copy);
    memcpy(copy, src.u.l->items, n * sizeof *copy);
    size_t at = na == 2 ? (size_t)a[0].u.i : L->len;
    if (na == 2 && (a[0].u.i < 0 || a[0].u.i > (int64_t)L->len))
        return out_of_bounds(ev, site, "addAll", a[0].u.i, L->len);
    for (size_t i = 0; i < n; i++)
        vlist_insert(L, at + i, copy[i]);
    *out = vval_bool(n > 0);
    return M_OK;
}

METHOD(l_set)
{
    UNUSED;
    NOT_ON_ARRAY;
    if (!arg_is_int(a[0]))
        return M_NOTFOUND;
    if (a[0].u.i < 0 || a[0].u.i >= (int64_t)L->len)
        return out_of_bounds(ev, site, "set", a[0].u.i, L->len);
    *out = L->items[a[0].u.i];
    L->items[a[0].u.i] = a[1];
    return M_OK;
}

static long index_of(const vlist *l, vval x, bool last)
{
    long found = -1;
    for (size_t i = 0; i < l->len; i++) {
        if (vval_java_equals(l->items[i], x)) {
            found = (long)i;
            if (!last)
                break;
        }
    }
    return found;
}

/* remove(int) by index returns the element; remove(Object) returns a boolean. */
METHOD(l_remove)
{
    UNUSED;
    NOT_ON_ARRAY;
    if (arg_is_int(a[0])) {
        if (a[0].u.i < 0 || a[0].u.i >= (int64_t)L->len)
            return out_of_bounds(ev, site, "remove", a[0].u.i, L->len);
        *out = vlist_remove_at(L, (size_t)a[0].u.i);
        return M_OK;
    }
    long i = index_of(L, a[0], false);
    if (i >= 0)
        vlist_remove_at(L, (size_t)i);
    *out = vval_bool(i >= 0);
    return M_OK;
}

METHOD(l_contains) { UNUSED; *out = vval_bool(index_of(L, a[0], false) >= 0); return M_OK; }
METHOD(l_index_of) { UNUSED; *out = vval_int((int32_t)index_of(L, a[0], false)); return M_OK; }
METHOD(l_last_index_of) { UNUSED; *out = vval_int((int32_t)index_of(L, a[0], true)); return M_OK; }

METHOD(l_contains_all)
{
    UNUSED;
    if (a[0].kind != VVAL_LIST)
        return M_NOTFOUND;
    bool all = true;
    for (size_t i = 0; i < a[0].u.l->len && all; i++)
        all = index_of(L, a[0].u.l->items[i], false) >= 0;
    *out = vval_bool(all);
    return M_OK;
}

static mres filter(eval_state *ev, vval self, vval other, bool keep_if_in, vval *out)
{
    (void)ev;
    if (other.kind != VVAL_LIST || L->is_array)
        return M_NOTFOUND;
    size_t j = 0;
    for (size_t i = 0; i < L->len; i++)
        if ((index_of(other.u.l, L->items[i], false) >= 0) == keep_if_in)
            L->items[j++] = L->items[i];
    *out = vval_bool(j != L->len);
    L->len = j;
    return M_OK;
}

METHOD(l_remove_all) { UNUSED; return filter(ev, self, a[0], false, out); }
METHOD(l_retain_all) { UNUSED; return filter(ev, self, a[0], true, out); }

METHOD(l_clear)
{
    UNUSED;
    NOT_ON_ARRAY;
    L->len = 0;
    *out = vval_cstr(ev->ar, "");
    return M_OK;
}

METHOD(l_sub_list)
{
    UNUSED;
    NOT_ON_ARRAY;
    if (!arg_is_int(a[0]) || !arg_is_int(a[1]))
        return M_NOTFOUND;
    int64_t b = a[0].u.i, e = a[1].u.i;
    if (b < 0 || e > (int64_t)L->len || b > e)
        return method_throw(ev, site, "Invocation of method 'subList' in  class java.util.ArrayList threw "
                            "exception java.lang.IndexOutOfBoundsException: fromIndex %lld, toIndex %lld, size %zu",
                            (long long)b, (long long)e, L->len);
    vval l = vval_list_new(ev->ar, (size_t)(e - b));
    for (int64_t i = b; i < e; i++)
        vlist_push(l.u.l, L->items[i]);
    *out = l;
    return M_OK;
}

/* Natural ordering for sort(null): numbers, strings, booleans; mixed types throw. */
static int natural_cmp(vval x, vval y, bool *bad)
{
    if (vval_is_number(x) && vval_is_number(y) && x.kind == y.kind)
        return vval_num_cmp(x, y);
    if (x.kind == VVAL_STRING && y.kind == VVAL_STRING) {
        size_t n = x.u.s->len < y.u.s->len ? x.u.s->len : y.u.s->len;
        int c = memcmp(x.u.s->data, y.u.s->data, n);
        return c ? c : (x.u.s->len > y.u.s->len) - (x.u.s->len < y.u.s->len);
    }
    if (x.kind == VVAL_BOOL && y.kind == VVAL_BOOL)
        return (int)x.u.b - (int)y.u.b;
    *bad = true;
    return 0;
}

METHOD(l_sort)
{
    UNUSED;
    NOT_ON_ARRAY;
    if (!vval_is_null(a[0]))
        return M_NOTFOUND;  /* Comparators cannot be written in VTL */
    bool bad = false;
    /* insertion sort: stable, like Java's TimSort, and lists are small */
    for (size_t i = 1; i < L->len && !bad; i++) {
        vval cur = L->items[i];
        size_t j = i;
        while (j > 0 && natural_cmp(L->items[j - 1], cur, &bad) > 0 && !bad) {
            L->items[j] = L->items[j - 1];
            j--;
        }
        L->items[j] = cur;
    }
    if (bad)
        return method_throw(ev, site, "Invocation of method 'sort' in  class java.util.ArrayList threw "
                            "exception java.lang.ClassCastException");
    *out = vval_cstr(ev->ar, "");
    return M_OK;
}

METHOD(l_to_string)
{
    UNUSED;
    *out = vval_from_vstr(vval_to_vstr(ev->ar, self));
    return M_OK;
}

const method_def list_methods[] = {
    {"add", l_add, 1, 2},
    {"addAll", l_add_all, 1, 2},
    {"clear", l_clear, 0, 0},
    {"contains", l_contains, 1, 1},
    {"containsAll", l_contains_all, 1, 1},
    {"get", l_get, 1, 1},
    {"indexOf", l_index_of, 1, 1},
    {"isEmpty", l_is_empty, 0, 0},
    {"lastIndexOf", l_last_index_of, 1, 1},
    {"remove", l_remove, 1, 1},
    {"removeAll", l_remove_all, 1, 1},
    {"retainAll", l_retain_all, 1, 1},
    {"set", l_set, 2, 2},
    {"size", l_size, 0, 0},
    {"sort", l_sort, 1, 1},
    {"subList", l_sub_list, 2, 2},
    {"toString", l_to_string, 0, 0},
};
const size_t list_methods_len = sizeof list_methods / sizeof *list_methods;
