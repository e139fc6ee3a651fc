/* method_misc: Number and Boolean methods (including the static parse methods
 * templates reach through an instance: #set($Integer = 0) $Integer.parseInt("5")),
 * Map.Entry, and the $foreach scope. */
#include "eval/eval.h"
#include "vval/vval_print.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define METHOD(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                      const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* ================================================================ numbers */

METHOD(n_int_value) { UNUSED; *out = vval_int(vval_java_int(self)); return M_OK; }
METHOD(n_long_value) { UNUSED; *out = vval_long(vval_java_long(self)); return M_OK; }
METHOD(n_double_value) { UNUSED; *out = vval_double(vval_as_double(self)); return M_OK; }

METHOD(n_compare_to)
{
    UNUSED;
    if (a[0].kind != self.kind)
        return M_NOTFOUND;
    *out = vval_int(vval_num_cmp(self, a[0]));
    return M_OK;
}

METHOD(n_is_nan) { UNUSED; if (self.kind != VVAL_DOUBLE) return M_NOTFOUND; *out = vval_bool(isnan(self.u.d)); return M_OK; }
METHOD(n_is_infinite) { UNUSED; if (self.kind != VVAL_DOUBLE) return M_NOTFOUND; *out = vval_bool(isinf(self.u.d)); return M_OK; }

static mres number_format_error(eval_state *ev, const ast_node *site, const char *m, vval s)
{
    return method_throw(ev, site, "Invocation of method '%s' threw exception java.lang.NumberFormatException: "
                        "For input string: \"%s\"", m, s.kind == VVAL_STRING ? s.u.s->data : "null");
}

/* Integer.parseInt / Long.parseLong (radix 10, optional sign, no spaces). */
static mres parse_integral(eval_state *ev, vval s, const ast_node *site, const char *m, bool is_long, vval *out)
{
    if (s.kind != VVAL_STRING)
        return s.kind == VVAL_NULL ? number_format_error(ev, site, m, s) : M_NOTFOUND;
    const char *p = s.u.s->data;
    size_t n = s.u.s->len, i = 0;
    bool neg = false;
    if (i < n && (p[i] == '-' || p[i] == '+'))
        neg = p[i++] == '-';
    if (i == n)
        return number_format_error(ev, site, m, s);
    __int128 x = 0;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9' || x > (__int128)INT64_MAX * 10)
            return number_format_error(ev, site, m, s);
        x = x * 10 + (p[i] - '0');
    }
    if (neg)
        x = -x;
    if (is_long ? (x < INT64_MIN || x > INT64_MAX) : (x < INT32_MIN || x > INT32_MAX))
        return number_format_error(ev, site, m, s);
    *out = is_long ? vval_long((int64_t)x) : vval_int((int32_t)x);
    return M_OK;
}

static mres parse_double(eval_state *ev, vval s, const ast_node *site, vval *out)
{
    if (s.kind != VVAL_STRING)
        return s.kind == VVAL_NULL ? method_throw(ev, site, "Invocation of method 'parseDouble' threw exception "
                                                  "java.lang.NullPointerException")
                                   : M_NOTFOUND;
    const char *p = s.u.s->data;
    while (*p && (unsigned char)*p <= ' ')
        p++;
    char *end;
    errno = 0;
    double d = strtod(p, &end);
    while (*end && (unsigned char)*end <= ' ')
        end++;
    if (end == p || *end || (end[-1] != '.' && (end[-1] < '0' || end[-1] > '9') && strncmp(p, "Infinity", 8) &&
                                   strncmp(p, "-Infinity", 9) && strcmp(p, "NaN")))
        return number_format_error(ev, site, "parseDouble", s);
    *out = vval_double(d);
    return M_OK;
}

/* Statics of the receiver's class: parseInt on an Integer, parseDouble on a Double... */
METHOD(n_parse)
{
    (void)na;
    const char *m = site->str;
    size_t ml = site->len;
    bool is_int = self.kind == VVAL_INT, is_long = self.kind == VVAL_LONG;
    if (ml == 8 && !memcmp(m, "parseInt", 8) && is_int)
        return parse_integral(ev, a[0], site, "parseInt", false, out);
    if (ml == 9 && !memcmp(m, "parseLong", 9) && is_long)
        return parse_integral(ev, a[0], site, "parseLong", true, out);
    if (ml == 11 && !memcmp(m, "parseDouble", 11) && self.kind == VVAL_DOUBLE)
        return parse_double(ev, a[0], site, out);
    if (ml == 7 && !memcmp(m, "valueOf", 7)) {
        if (a[0].kind == VVAL_STRING) {
            if (is_int || is_long)
                return parse_integral(ev, a[0], site, "valueOf", is_long, out);
            if (self.kind == VVAL_DOUBLE)
                return parse_double(ev, a[0], site, out);
        }
        if (a[0].kind == self.kind) {
            *out = a[0];
            return M_OK;
        }
    }
    return M_NOTFOUND;
}

/* Integer.toString() and the static Integer.toString(int). */
METHOD(n_to_string)
{
    UNUSED;
    vval v = na == 1 ? a[0] : self;
    if (na == 1 && v.kind != self.kind)
        return M_NOTFOUND;
    *out = vval_from_vstr(vval_to_vstr(ev->ar, v));
    return M_OK;
}

/* Static max/min/sum on Integer, Long and Double. */
METHOD(n_minmax)
{
    (void)na;
    if (a[0].kind != self.kind || a[1].kind != self.kind)
        return M_NOTFOUND;
    const char *m = site->str;
    int c = vval_num_cmp(a[0], a[1]);
    if (m[1] == 'a')
        *out = c >= 0 ? a[0] : a[1];
    else if (m[1] == 'i')
        *out = c <= 0 ? a[0] : a[1];
    else if (self.kind == VVAL_DOUBLE)
        *out = vval_double(a[0].u.d + a[1].u.d);
    else
        *out = vval_integral_kind(ev->ar, vval_as_i128(a[0]) + vval_as_i128(a[1]), self.kind);
    return M_OK;
}

const method_def number_methods[] = {
    {"compareTo", n_compare_to, 1, 1},
    {"doubleValue", n_double_value, 0, 0},
    {"floatValue", n_double_value, 0, 0},
    {"intValue", n_int_value, 0, 0},
    {"isInfinite", n_is_infinite, 0, 0},
    {"isNaN", n_is_nan, 0, 0},
    {"longValue", n_long_value, 0, 0},
    {"max", n_minmax, 2, 2},
    {"min", n_minmax, 2, 2},
    {"parseDouble", n_parse, 1, 1},
    {"parseInt", n_parse, 1, 1},
    {"parseLong", n_parse, 1, 1},
    {"shortValue", n_int_value, 0, 0},
    {"sum", n_minmax, 2, 2},
    {"toString", n_to_string, 0, 1},
    {"valueOf", n_parse, 1, 1},
};
const size_t number_methods_len = sizeof number_methods / sizeof *number_methods;

/* ================================================================ booleans */

METHOD(b_parse)
{
    UNUSED;
    if (a[0].kind == VVAL_BOOL && site->len == 7) { /* valueOf(boolean) */
        *out = a[0];
        return M_OK;
    }
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    *out = vval_bool(a[0].kind == VVAL_STRING && a[0].u.s->len == 4 && strncasecmp(a[0].u.s->data, "true", 4) == 0);
    return M_OK;
}

METHOD(b_boolean_value) { UNUSED; *out = self; return M_OK; }

METHOD(b_compare_to)
{
    UNUSED;
    if (a[0].kind != VVAL_BOOL)
        return M_NOTFOUND;
    *out = vval_int((int)self.u.b - (int)a[0].u.b);
    return M_OK;
}

const method_def bool_methods[] = {
    {"booleanValue", b_boolean_value, 0, 0},
    {"compareTo", b_compare_to, 1, 1},
    {"parseBoolean", b_parse, 1, 1},
    {"valueOf", b_parse, 1, 1},
};
const size_t bool_methods_len = sizeof bool_methods / sizeof *bool_methods;

/* ================================================================ Map.Entry */

METHOD(e_get_key) { UNUSED; *out = self.u.o->a; return M_OK; }
METHOD(e_get_value) { UNUSED; *out = self.u.o->b; return M_OK; }

METHOD(e_set_value)
{
    UNUSED;
    vobj *o = self.u.o;
    vmap *m = (vmap *)o->ptr;
    *out = o->b;
    o->b = a[0];
    if (m)
        vmap_put(m, o->a, a[0], NULL);
    return M_OK;
}

const method_def entry_methods[] = {
    {"getKey", e_get_key, 0, 0},
    {"getValue", e_get_value, 0, 0},
    {"setValue", e_set_value, 1, 1},
};
const size_t entry_methods_len = sizeof entry_methods / sizeof *entry_methods;

/* ================================================================ $foreach */

#define FS ((const foreach_state *)self.u.o->ptr)
METHOD(f_index) { UNUSED; *out = vval_int((int32_t)FS->index); return M_OK; }
METHOD(f_count) { UNUSED; *out = vval_int((int32_t)FS->count); return M_OK; }
METHOD(f_has_next) { UNUSED; *out = vval_bool(FS->has_next); return M_OK; }
METHOD(f_first) { UNUSED; *out = vval_bool(FS->index == 0); return M_OK; }
METHOD(f_last) { UNUSED; *out = vval_bool(!FS->has_next); return M_OK; }
METHOD(f_parent) { UNUSED; *out = FS->parent; return M_OK; }

METHOD(f_topmost)
{
    UNUSED;
    vval v = self;
    while (!vval_is_null(((const foreach_state *)v.u.o->ptr)->parent))
        v = ((const foreach_state *)v.u.o->ptr)->parent;
    *out = v;
    return M_OK;
}

const method_def foreach_methods[] = {
    {"getCount", f_count, 0, 0},
    {"getFirst", f_first, 0, 0},
    {"getHasNext", f_has_next, 0, 0},
    {"getIndex", f_index, 0, 0},
    {"getLast", f_last, 0, 0},
    {"getParent", f_parent, 0, 0},
    {"getTopmost", f_topmost, 0, 0},
    {"hasNext", f_has_next, 0, 0},
    {"isFirst", f_first, 0, 0},
    {"isLast", f_last, 0, 0},
};
const size_t foreach_methods_len = sizeof foreach_methods / sizeof *foreach_methods;
