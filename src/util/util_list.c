/* util_list: the $util.list namespace (reference 4.11): shallow copies of a
 * list that keep or drop the items found in another list (Java equals), and
 * sortList with its documented rules: Strings and numbers in natural order,
 * maps by a property, and the original list back when the items are not all of
 * one class (or cannot be ordered) or there are more than 1000 of them. */
#include "util/util.h"
#include <math.h>
#include <string.h>
#include <utf8proc.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site
#define SORT_MAX 1000

/* A java.util.List argument (a Java array is not one), or null. */
static bool list_arg(vval v) { return (v.kind == VVAL_LIST && !v.u.l->is_array) || vval_is_null(v); }

static bool contains(const vlist *l, vval x)
{
    for (size_t i = 0; i < l->len; i++)
        if (vval_java_equals(l->items[i], x))
            return true;
    return false;
}

/* new ArrayList(a[0]) then retainAll / removeAll(a[1]); null in, null out. */
static mres copy_filtered(eval_state *ev, const vval *a, vval *out, bool keep)
{
    if (!list_arg(a[0]) || !list_arg(a[1]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]) || vval_is_null(a[1])) {
        *out = vval_null();
        return M_OK;
    }
    const vlist *src = a[0].u.l, *other = a[1].u.l;
    vval c = vval_list_new(ev->ar, src->len);
    for (size_t i = 0; i < src->len; i++)
        if (contains(other, src->items[i]) == keep)
            vlist_push(c.u.l, src->items[i]);
    *out = c;
    return M_OK;
}

FN(l_copy_and_retain_all) { UNUSED; return copy_filtered(ev, a, out, true); }
FN(l_copy_and_remove_all) { UNUSED; return copy_filtered(ev, a, out, false); }

/* ================================================================ sortList */

static int32_t next_cp(const vstr *s, size_t *i)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s->data + *i, (utf8proc_ssize_t)(s->len - *i), &cp);
    if (k <= 0) {
        cp = (unsigned char)s->data[*i];
        k = 1;
    }
    *i += (size_t)k;
    return cp;
}

/* String.compareTo: by UTF-16 code units, then by length. */
static int string_cmp(const vstr *x, const vstr *y)
{
    size_t i = 0, j = 0;
    while (i < x->len && j < y->len) {
        int32_t c = next_cp(x, &i), d = next_cp(y, &j);
        if (c == d)
            continue;
        int32_t cu = c >= 0x10000 ? 0xD800 + ((c - 0x10000) >> 10) : c;
        int32_t du = d >= 0x10000 ? 0xD800 + ((d - 0x10000) >> 10) : d;
        if (cu != du)
            return cu < du ? -1 : 1;
        return (c & 0x3FF) < (d & 0x3FF) ? -1 : 1;
    }
    return (i < x->len) - (j < y->len);
}

/* Double.compare: -0.0 before 0.0, NaN after everything. */
static int double_cmp(double x, double y)
{
    if (x < y)
        return -1;
    if (x > y)
        return 1;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return (signbit(y) != 0) - (signbit(x) != 0);
}

/* Comparable with its own class: String, Boolean and the number classes. */
static bool orderable(vval v)
{
    return v.kind == VVAL_STRING || v.kind == VVAL_BOOL || vval_is_number(v);
}

/* x.compareTo(y) for two values of one orderable class. */
static int natural_cmp(vval x, vval y)
{
    switch (x.kind) {
    case VVAL_STRING: return string_cmp(x.u.s, y.u.s);
    case VVAL_BOOL: return (int)x.u.b - (int)y.u.b;
    case VVAL_DOUBLE: return double_cmp(x.u.d, y.u.d);
    default: return vval_num_cmp(x, y);
    }
}

/* The sort key of each item (the item, or its property `prop` for maps), or
 * false when the list cannot be sorted and comes back unchanged. */
static bool sort_keys(const vlist *l, vval prop, vval *keys)
{
    for (size_t i = 0; i < l->len; i++) {
        vval v = l->items[i];
        if (v.kind != l->items[0].kind || (v.kind == VVAL_OBJECT && v.u.o->type != l->items[0].u.o->type))
            return false;  /* not all of one class */
        if (v.kind == VVAL_MAP) {
            vval *p = vval_is_null(prop) ? NULL : vmap_find(v.u.m, prop);
            v = p ? *p : vval_null();
        }
        if (!orderable(v) || (i > 0 && v.kind != keys[0].kind))
            return false;
        keys[i] = v;
    }
    return true;
}

/* Stable merge sort of the item indexes by key (Collections.sort is stable). */
static void merge_sort(size_t *idx, size_t *tmp, size_t n, const vval *keys, bool desc)
{
    if (n < 2)
        return;
    size_t h = n / 2, i = 0, j = h, k = 0;
    merge_sort(idx, tmp, h, keys, desc);
    merge_sort(idx + h, tmp, n - h, keys, desc);
    while (i < h && j < n) {
        int c = natural_cmp(keys[idx[j]], keys[idx[i]]);
        tmp[k++] = (desc ? c > 0 : c < 0) ? idx[j++] : idx[i++];
    }
    while (i < h)
        tmp[k++] = idx[i++];
    while (j < n)
        tmp[k++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/* sortList(List, Boolean descending, String property): a sorted copy. */
FN(l_sort_list)
{
    UNUSED;
    if (!list_arg(a[0]) || (a[1].kind != VVAL_BOOL && !vval_is_null(a[1])) || !arg_is_str(a[2]))
        return M_NOTFOUND;
    if (vval_is_null(a[0])) {
        *out = vval_null();
        return M_OK;
    }
    const vlist *l = a[0].u.l;
    size_t n = l->len;
    vval *keys = arena_alloc(ev->ar, (n ? n : 1) * sizeof *keys);
    if (n > SORT_MAX || !sort_keys(l, a[2], keys)) {
        *out = a[0];
        return M_OK;
    }
    size_t *idx = arena_alloc(ev->ar, (n ? n : 1) * sizeof *idx), *tmp = arena_alloc(ev->ar, (n ? n : 1) * sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    merge_sort(idx, tmp, n, keys, a[1].kind == VVAL_BOOL && a[1].u.b);
    vval c = vval_list_new(ev->ar, n);
    for (size_t i = 0; i < n; i++)
        vlist_push(c.u.l, l->items[idx[i]]);
    *out = c;
    return M_OK;
}

static const method_def list_fns[] = {
    {"copyAndRemoveAll", l_copy_and_remove_all, 2, 2},
    {"copyAndRetainAll", l_copy_and_retain_all, 2, 2},
    {"sortList", l_sort_list, 3, 3},
};
const util_ns util_ns_list = {"list", list_fns, sizeof list_fns / sizeof *list_fns};
