/* vval_print: Java toString rendering. */
#include "vval_print.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PRINT_DEPTH 200   /* guards against maps that contain themselves */

void vval_print_i128(strbuf *out, __int128 x)
{
    char buf[48];
    int n = sizeof buf;
    unsigned __int128 u = x < 0 ? -(unsigned __int128)x : (unsigned __int128)x;
    if (u <= UINT64_MAX) {
        uint64_t w = (uint64_t)u;   /* 64-bit division is much cheaper */
        do {
            buf[--n] = (char)('0' + (int)(w % 10));
            w /= 10;
        } while (w);
    } else {
        do {
            buf[--n] = (char)('0' + (int)(u % 10));
            u /= 10;
        } while (u);
    }
    if (x < 0)
        buf[--n] = '-';
    strbuf_append(out, buf + n, sizeof buf - (size_t)n);
}

/* Shortest decimal digits that read back as d (d > 0): fills digits (no dot)
 * and the decimal exponent of the first digit (d = 0.DIGITS * 10^(exp+1)). */
static int shortest_digits(double d, char *digits, int *exp10)
{
    char buf[40];
    if (d < 9007199254740992.0 && d == floor(d)) {
        /* An integer below 2^53: any shorter digit string moves it by at least
         * 1, more than its spacing, so its own digits (trailing zeros trimmed)
         * are the shortest. */
        int n = snprintf(buf, sizeof buf, "%.0f", d);
        *exp10 = n - 1;
        while (n > 1 && buf[n - 1] == '0')
            n--;
        memcpy(digits, buf, (size_t)n);
        digits[n] = '\0';
        return n;
    }
    /* The shortest digits are those of the least precision that reads back.
     * When 15 significant digits read back, that rounding is the shortest one
     * padded with zeros (d lies within 2^-53 of it, far inside half a step
     * of the 15-digit grid), so trimming zeros finds it at once; otherwise
     * 16 or 17 digits are needed. Subnormals have fewer bits: search all. */
    for (int prec = d >= DBL_MIN ? 14 : 0; prec < 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* buf is "D.DDDDe[+-]XX" (or "De[+-]XX") */
    int n = 0;
    char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    *exp10 = atoi(p + 1);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    digits[n] = '\0';
    return n;
}

void vval_print_double(strbuf *out, double d)
{
    if (isnan(d)) {
        strbuf_puts(out, "NaN");
        return;
    }
    if (isinf(d)) {
        strbuf_puts(out, d < 0 ? "-Infinity" : "Infinity");
        return;
    }
    if (d == 0) {
        strbuf_puts(out, signbit(d) ? "-0.0" : "0.0");
        return;
    }
    if (d < 0) {
        strbuf_putc(out, '-');
        d = -d;
    }
    char digits[40];
    int exp10;
    int n = shortest_digits(d, digits, &exp10);
    if (d >= 1e-3 && d < 1e7) {
        if (exp10 >= 0) {
            /* integer part: digits[0..exp10], padded with zeros */
            for (int i = 0; i <= exp10; i++)
                strbuf_putc(out, i < n ? digits[i] : '0');
            strbuf_putc(out, '.');
            if (exp10 + 1 < n)
                strbuf_append(out, digits + exp10 + 1, (size_t)(n - exp10 - 1));
            else
                strbuf_putc(out, '0');
        } else {
            strbuf_puts(out, "0.");
            for (int i = -1; i > exp10; i--)
                strbuf_putc(out, '0');
            strbuf_append(out, digits, (size_t)n);
        }
        return;
    }
    strbuf_putc(out, digits[0]);
    strbuf_putc(out, '.');
    if (n > 1)
        strbuf_append(out, digits + 1, (size_t)(n - 1));
    else
        strbuf_putc(out, '0');
    strbuf_printf(out, "E%d", exp10);
}

const char *vval_class_name(vval v)
{
    switch (v.kind) {
    case VVAL_NULL: return "null";
    case VVAL_BOOL: return "java.lang.Boolean";
    case VVAL_INT: return "java.lang.Integer";
    case VVAL_LONG: return "java.lang.Long";
    case VVAL_BIGINT: return "java.math.BigInteger";
    case VVAL_DOUBLE: return "java.lang.Double";
    case VVAL_STRING: return "java.lang.String";
    case VVAL_LIST: return v.u.l->is_array ? "[Ljava.lang.String;" : "java.util.ArrayList";
    case VVAL_MAP: return v.u.m->hash_order ? "java.util.HashMap" : "java.util.LinkedHashMap";
    case VVAL_OBJECT:
        switch (v.u.o->type) {
        case VOBJ_ENTRY: return "java.util.LinkedHashMap$Entry";
        case VOBJ_CLASS: return "java.lang.Class";
        case VOBJ_FOREACH: return "org.apache.velocity.runtime.directive.ForeachScope";
        default: return "java.lang.Object";
        }
    }
    return "java.lang.Object";
}

/* Containers on the current path (one slot per depth): an indirect cycle
 * prints as Java's "(this Map)" / "(this Collection)" instead of recursing
 * forever. */
typedef const void *print_path[MAX_PRINT_DEPTH + 2];

static void print_rec(strbuf *out, vval v, int depth, const void *self, print_path path);

static bool printing(const print_path path, int depth, const void *p)
{
    for (int i = 0; i < depth && i <= MAX_PRINT_DEPTH; i++)
        if (path[i] == p)
            return true;
    return false;
}

static void print_map(strbuf *out, const vmap *m, int depth, print_path path)
{
    strbuf_putc(out, '{');
    bool first = true;
    /* Java prints in iteration order; for HashMap order use a scratch order. */
    if (m->hash_order) {
        arena tmp;
        arena_init(&tmp, 4096);
        size_t *order = vmap_order(m, &tmp);
        for (size_t k = 0; k < m->count; k++) {
            const vmap_entry *e = &m->entries[order[k]];
            if (!first)
                strbuf_puts(out, ", ");
            first = false;
            print_rec(out, e->key, depth + 1, m, path);
            strbuf_putc(out, '=');
            print_rec(out, e->value, depth + 1, m, path);
        }
        arena_free(&tmp);
    } else {
        for (size_t i = 0; i < m->len; i++) {
            const vmap_entry *e = &m->entries[i];
            if (!e->live)
                continue;
            if (!first)
                strbuf_puts(out, ", ");
            first = false;
            print_rec(out, e->key, depth + 1, m, path);
            strbuf_putc(out, '=');
            print_rec(out, e->value, depth + 1, m, path);
        }
    }
    strbuf_putc(out, '}');
}

static void print_rec(strbuf *out, vval v, int depth, const void *self, print_path path)
{
    if (depth > MAX_PRINT_DEPTH) {
        strbuf_puts(out, "...");
        return;
    }
    switch (v.kind) {
    case VVAL_NULL: strbuf_puts(out, "null"); return;
    case VVAL_BOOL: strbuf_puts(out, v.u.b ? "true" : "false"); return;
    case VVAL_INT:
    case VVAL_LONG: vval_print_i128(out, v.u.i); return;
    case VVAL_BIGINT: vval_print_i128(out, *v.u.big); return;
    case VVAL_DOUBLE: vval_print_double(out, v.u.d); return;
    case VVAL_STRING: strbuf_append(out, v.u.s->data, v.u.s->len); return;
    case VVAL_LIST:
        if (v.u.l->is_array) {
            /* The JVM's identity hash is not reproducible; print a stable stand-in. */
            strbuf_puts(out, "[Ljava.lang.String;@1b6d3586");
            return;
        }
        if ((self && (const void *)v.u.l == self) || printing(path, depth, v.u.l)) {
            strbuf_puts(out, "(this Collection)");
            return;
        }
        path[depth] = v.u.l;
        strbuf_putc(out, '[');
        for (size_t i = 0; i < v.u.l->len; i++) {
            if (i)
                strbuf_puts(out, ", ");
            vval item = v.u.l->items[i];
            if (item.kind == VVAL_LIST && item.u.l == v.u.l)
                strbuf_puts(out, "(this Collection)");
            else
                print_rec(out, item, depth + 1, v.u.l, path);
        }
        strbuf_putc(out, ']');
        return;
    case VVAL_MAP:
        if ((self && (const void *)v.u.m == self) || printing(path, depth, v.u.m)) {
            strbuf_puts(out, "(this Map)");
            return;
        }
        path[depth] = v.u.m;
        print_map(out, v.u.m, depth, path);
        return;
    case VVAL_OBJECT:
        switch (v.u.o->type) {
        case VOBJ_ENTRY:
            print_rec(out, v.u.o->a, depth + 1, self, path);
            strbuf_putc(out, '=');
            print_rec(out, v.u.o->b, depth + 1, self, path);
            return;
        case VOBJ_CLASS:
            strbuf_printf(out, "class %s", (const char *)v.u.o->ptr);
            return;
        default:
            strbuf_printf(out, "%s@1b6d3586", vval_class_name(v));
            return;
        }
    }
}

void vval_print(strbuf *out, vval v)
{
    print_path path;
    print_rec(out, v, 0, NULL, path);
}

vstr *vval_to_vstr(arena *ar, vval v)
{
    if (v.kind == VVAL_STRING)
        return v.u.s;
    strbuf sb = STRBUF_INIT;
    vval_print(&sb, v);
    vstr *s = vstr_new(ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return s;
}
