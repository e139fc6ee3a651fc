/* method: resolving $x.name, $x.name(args) and $x[i] on Java-like values.
 * Property lookup follows Velocity 1.7's UberspectImpl order: a getter
 * (getName/getname), then Map.get("name"), then get("name"), then isName. */
#include "eval/eval.h"
#include "util/util.h"
#include "vval/vval_print.h"
#include "base/namehash.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

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

/* Method lookup goes through one process-wide hash of (table, name) built
 * on first use from every table: the per-type tables here and each $util
 * namespace. Overloads of a name sit in the probe chain in table order, so
 * the first whose arity fits is the one the table lists first. */
#define INDEX_SLOTS 1024   /* a power of two, well over twice the methods */
typedef struct index_slot {
    const method_def *table;
    const method_def *def;
    size_t nlen;   /* strlen(def->name) */
} index_slot;
static index_slot lookup_index[INDEX_SLOTS];
static once_flag index_once = ONCE_FLAG_INIT;

static uint32_t slot_of(const method_def *table, const char *name, size_t nlen)
{
    uint32_t h = name_hash(name, nlen) ^ (uint32_t)((uintptr_t)table >> 4) * 2654435761u;
    return h & (INDEX_SLOTS - 1);
}

static void index_table(const method_def *table, size_t n)
{
    static size_t indexed;
    if ((indexed += n) > INDEX_SLOTS / 2)
        abort();   /* more methods than the index is sized for: raise INDEX_SLOTS */
    for (size_t i = 0; i < n; i++) {
        size_t nlen = strlen(table[i].name);
        uint32_t b = slot_of(table, table[i].name, nlen);
        while (lookup_index[b].def)
            b = (b + 1) & (INDEX_SLOTS - 1);
        lookup_index[b] = (index_slot){table, &table[i], nlen};
    }
}

static void build_index(void)
{
    index_table(string_methods, string_methods_len);
    index_table(list_methods, list_methods_len);
    index_table(map_methods, map_methods_len);
    index_table(number_methods, number_methods_len);
    index_table(bool_methods, bool_methods_len);
    index_table(entry_methods, entry_methods_len);
    index_table(foreach_methods, foreach_methods_len);
    size_t nns;
    const util_ns *const *ns = util_namespaces(&nns);
    for (size_t i = 0; i < nns; i++)
        index_table(ns[i]->fns, ns[i]->nfns);
}

const method_def *method_find(const method_def *table, const char *name, size_t nlen, size_t nargs)
{
    call_once(&index_once, build_index);
    for (uint32_t b = slot_of(table, name, nlen);; b = (b + 1) & (INDEX_SLOTS - 1)) {
        const index_slot *s = &lookup_index[b];
        if (!s->def)
            return NULL;
        const method_def *m = s->def;
        if (s->table == table && s->nlen == nlen && memcmp(m->name, name, nlen) == 0 &&
            (int)nargs >= m->min_args && (m->max_args < 0 || (int)nargs <= m->max_args))
            return m;
    }
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

static const method_def *table_for(vval self)
{
    switch (self.kind) {
    case VVAL_STRING: return string_methods;
    case VVAL_LIST: return list_methods;
    case VVAL_MAP: return map_methods;
    case VVAL_INT: case VVAL_LONG: case VVAL_BIGINT: case VVAL_DOUBLE: return number_methods;
    case VVAL_BOOL: return bool_methods;
    case VVAL_OBJECT:
        if (self.u.o->type == VOBJ_ENTRY)
            return entry_methods;
        if (self.u.o->type == VOBJ_FOREACH)
            return foreach_methods;
        break;
    default: break;
    }
    return NULL;
}

mres method_call(eval_state *ev, vval self, const char *name, size_t nlen, const vval *args,
                 size_t nargs, vval *out, const ast_node *site)
{
    if (vval_is_obj(self, VOBJ_UTIL))
        return util_call(ev, self, name, nlen, args, nargs, out, site);
    const method_def *table = table_for(self);
    const method_def *m = table ? method_find(table, name, nlen, nargs) : NULL;
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
