/* method: resolving $x.name, $x.name(args) and $x[i] on Java-like values.
 * Property lookup follows Velocity 1.7's UberspectImpl order: a getter
 * (getName/getname), then Map.get("name"), then get("name"), then isName. */
#include "eval/eval.h"
#include "util/util.h"
#include "vval/vval_print.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

mres method_throw(eval_state *ev, const ast_node *site, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    eval_fail(ev, site->span, "%s", buf);
    return M_ERROR;
}

/* Order of a table name against (name, nlen), as strcmp orders them. */
static inline int name_cmp(const char *table_name, const char *name, size_t nlen)
{
    /* names usually differ in their first bytes: no call to strncmp */
    for (size_t i = 0; i < nlen; i++) {
        unsigned char a = (unsigned char)table_name[i], b = (unsigned char)name[i];
        if (a != b)
            return a < b ? -1 : 1;   /* a table name ending early sorts first */
    }
    return table_name[nlen] ? 1 : 0;
}

/* Tables are sorted by name (a unit test checks it), with overloads of one
 * name adjacent in the order they are tried: binary search, then the first
 * overload whose arity fits. */
const method_def *method_find(const method_def *table, size_t n, const char *name, size_t nlen, size_t nargs)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (name_cmp(table[mid].name, name, nlen) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n && name_cmp(table[i].name, name, nlen) == 0; i++)
        if ((int)nargs >= table[i].min_args && (table[i].max_args < 0 || (int)nargs <= table[i].max_args))
            return &table[i];
    return NULL;
}

static vval class_of(eval_state *ev, vval self)
{
    return vval_object(ev->ar, VOBJ_CLASS, vval_class_name(self), vval_null(), vval_null());
}

/* Methods every Java object has. */
static mres object_method(eval_state *ev, vval self, const char *name, size_t nlen, const vval *args,
                          size_t nargs, vval *out)
{
#define IS(s) (nlen == sizeof(s) - 1 && memcmp(name, s, nlen) == 0)
    if (IS("getClass") && nargs == 0) {
        *out = class_of(ev, self);
        return M_OK;
    }
    if (IS("toString") && nargs == 0) {
        vstr *s;
        if (eval_to_string(ev, self, &s))
            return M_ERROR;
        *out = vval_from_vstr(s);
        return M_OK;
    }
    if (IS("hashCode") && nargs == 0) {
        *out = vval_int((int32_t)vval_hash(self));
        return M_OK;
    }
    if (IS("equals") && nargs == 1) {
        *out = vval_bool(vval_java_equals(self, args[0]));
        return M_OK;
    }
#undef IS
    return M_NOTFOUND;
}

static const method_def *table_for(vval self, size_t *n)
{
    switch (self.kind) {
    case VVAL_STRING: *n = string_methods_len; return string_methods;
    case VVAL_LIST: *n = list_methods_len; return list_methods;
    case VVAL_MAP: *n = map_methods_len; return map_methods;
    case VVAL_INT: case VVAL_LONG: case VVAL_BIGINT: case VVAL_DOUBLE:
        *n = number_methods_len; return number_methods;
    case VVAL_BOOL: *n = bool_methods_len; return bool_methods;
    case VVAL_OBJECT:
        if (self.u.o->type == VOBJ_ENTRY) { *n = entry_methods_len; return entry_methods; }
        if (self.u.o->type == VOBJ_FOREACH) { *n = foreach_methods_len; return foreach_methods; }
        break;
    default: break;
    }
    *n = 0;
    return NULL;
}

mres method_call(eval_state *ev, vval self, const char *name, size_t nlen, const vval *args,
                 size_t nargs, vval *out, const ast_node *site)
{
    if (vval_is_obj(self, VOBJ_UTIL))
        return util_call(ev, self, name, nlen, args, nargs, out, site);
    size_t n;
    const method_def *table = table_for(self, &n);
    const method_def *m = table ? method_find(table, n, name, nlen, nargs) : NULL;
    if (m)
        return m->fn(ev, self, args, nargs, out, site);
    if (vval_is_obj(self, VOBJ_CLASS) && nlen == 7 && memcmp(name, "getName", 7) == 0 && nargs == 0) {
        *out = vval_cstr(ev->ar, self.u.o->ptr);
        return M_OK;
    }
    return object_method(ev, self, name, nlen, args, nargs, out);
}

/* Velocity tries getName(), getname(), then (for maps) get("name"), then isName(). */
mres method_property(eval_state *ev, vval self, const char *name, size_t nlen, vval *out, const ast_node *site)
{
    if (self.kind == VVAL_MAP) {
        if (nlen == 5 && memcmp(name, "class", 5) == 0) {
            *out = class_of(ev, self);
            return M_OK;
        }
        vval *v = vmap_find_str(self.u.m, name, nlen);
        *out = v ? *v : vval_null();
        return M_OK;
    }
    if (vval_is_obj(self, VOBJ_UTIL))
        return util_property(ev, self, name, nlen, out);
    char getter[160];
    if (nlen + 4 > sizeof getter)
        return M_NOTFOUND;
    /* getName and getname */
    for (int pass = 0; pass < 2; pass++) {
        memcpy(getter, "get", 3);
        memcpy(getter + 3, name, nlen);
        if (pass == 0 && getter[3] >= 'a' && getter[3] <= 'z')
            getter[3] = (char)(getter[3] - 'a' + 'A');
        if (pass == 1 && getter[3] >= 'A' && getter[3] <= 'Z')
            getter[3] = (char)(getter[3] - 'A' + 'a');
        mres r = method_call(ev, self, getter, nlen + 3, NULL, 0, out, site);
        if (r != M_NOTFOUND)
            return r;
    }
    /* isName */
    memcpy(getter, "is", 2);
    memcpy(getter + 2, name, nlen);
    if (getter[2] >= 'a' && getter[2] <= 'z')
        getter[2] = (char)(getter[2] - 'a' + 'A');
    return method_call(ev, self, getter, nlen + 2, NULL, 0, out, site);
}

mres method_index(eval_state *ev, vval self, vval idx, vval *out, const ast_node *site)
{
    if (self.kind == VVAL_MAP) {
        vval *v = vmap_find(self.u.m, idx);
        *out = v ? *v : vval_null();
        return M_OK;
    }
    if (self.kind == VVAL_LIST) {
        if (idx.kind != VVAL_INT)
            return M_NOTFOUND;
        int64_t i = idx.u.i, len = (int64_t)self.u.l->len;
        if (i < 0)
            i += len;
        if (i < 0 || i >= len)
            return method_throw(ev, site,
                                "Error invoking method 'get(java.lang.Integer)' in java.util.ArrayList: "
                                "index %lld out of bounds for length %lld",
                                (long long)idx.u.i, (long long)len);
        *out = self.u.l->items[i];
        return M_OK;
    }
    /* Anything else: a get(Object) method, if it has one. */
    return method_call(ev, self, "get", 3, &idx, 1, out, site);
}
