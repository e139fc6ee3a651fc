/* method_string: java.lang.String methods. Indexes and lengths count UTF-16
 * code units, as Java does; the text itself stays UTF-8. */
#include "eval/eval.h"
#include "base/jregex.h"
#include "vval/vval_print.h"
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* ================================================================ UTF-16 helpers */

/* Decode one code point at s[*i], advancing *i; invalid bytes decode as themselves. */
static int32_t next_cp(const char *s, size_t n, size_t *i)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
    if (k <= 0) {
        cp = (unsigned char)s[*i];
        k = 1;
    }
    *i += (size_t)k;
    return cp;
}

static size_t u16_len(const vstr *s)
{
    if (s->ascii)
        return s->len;
    size_t n = 0;
    for (size_t i = 0; i < s->len;)
        n += next_cp(s->data, s->len, &i) >= 0x10000 ? 2 : 1;
    return n;
}

/* Byte offset of UTF-16 index idx (idx <= u16_len). */
static size_t u16_to_byte(const vstr *s, size_t idx)
{
    if (s->ascii)
        return idx;
    size_t u = 0, i = 0;
    while (i < s->len && u < idx) {
        u += next_cp(s->data, s->len, &i) >= 0x10000 ? 2 : 1;
    }
    return i;
}

static size_t byte_to_u16(const vstr *s, size_t off)
{
    if (s->ascii)
        return off;
    size_t u = 0;
    for (size_t i = 0; i < off && i < s->len;)
        u += next_cp(s->data, s->len, &i) >= 0x10000 ? 2 : 1;
    return u;
}

static vval sub(eval_state *ev, const vstr *s, size_t b, size_t e)
{
    return vval_str(ev->ar, s->data + b, e - b);
}

static const char *find_bytes(const char *h, size_t hn, const char *nd, size_t nn, size_t from)
{
    if (nn == 0)
        return from <= hn ? h + from : NULL;
    for (size_t i = from; i + nn <= hn; i++)
        if (h[i] == nd[0] && memcmp(h + i, nd, nn) == 0)
            return h + i;
    return NULL;
}

#define SELF (self.u.s)
#define METHOD(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                      const ast_node *site)
#define UNUSED (void)ev, (void)a, (void)na, (void)site

/* ================================================================ methods */

METHOD(s_length) { UNUSED; *out = vval_int((int32_t)u16_len(SELF)); return M_OK; }
METHOD(s_is_empty) { UNUSED; *out = vval_bool(SELF->len == 0); return M_OK; }

METHOD(s_char_at)
{
    UNUSED;
    if (!arg_is_int(a[0]))
        return M_NOTFOUND;
    int64_t i = a[0].u.i, len = (int64_t)u16_len(SELF);
    if (i < 0 || i >= len)
        return method_throw(ev, site, "Invocation of method 'charAt' in  class java.lang.String threw exception "
                            "java.lang.StringIndexOutOfBoundsException: index %lld, length %lld",
                            (long long)i, (long long)len);
    size_t b = u16_to_byte(SELF, (size_t)i), e = b;
    next_cp(SELF->data, SELF->len, &e);
    *out = sub(ev, SELF, b, e);
    return M_OK;
}

METHOD(s_substring)
{
    UNUSED;
    if (!arg_is_int(a[0]) || (na == 2 && !arg_is_int(a[1])))
        return M_NOTFOUND;
    int64_t len = (int64_t)u16_len(SELF);
    int64_t b = a[0].u.i, e = na == 2 ? a[1].u.i : len;
    if (b < 0 || e > len || b > e)
        return method_throw(ev, site, "Invocation of method 'substring' in  class java.lang.String threw exception "
                            "java.lang.StringIndexOutOfBoundsException: begin %lld, end %lld, length %lld",
                            (long long)b, (long long)e, (long long)len);
    *out = sub(ev, SELF, u16_to_byte(SELF, (size_t)b), u16_to_byte(SELF, (size_t)e));
    return M_OK;
}

static mres index_of(eval_state *ev, vval self, const vval *a, size_t na, vval *out, bool last)
{
    (void)ev;
    const char *nd;
    size_t nn;
    char cbuf[4];
    if (a[0].kind == VVAL_STRING) {
        nd = a[0].u.s->data;
        nn = a[0].u.s->len;
    } else if (a[0].kind == VVAL_INT) {
        utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)a[0].u.i, (utf8proc_uint8_t *)cbuf);
        if (k <= 0) {
            *out = vval_int(-1);
            return M_OK;
        }
        nd = cbuf;
        nn = (size_t)k;
    } else {
        return M_NOTFOUND;
    }
    if (na == 2 && !arg_is_int(a[1]))
        return M_NOTFOUND;
    int64_t len = (int64_t)u16_len(SELF);
    if (!last) {
        int64_t from = na == 2 ? a[1].u.i : 0;
        if (from < 0)
            from = 0;
        if (from > len) {
            *out = vval_int(nn == 0 ? (int32_t)len : -1);
            return M_OK;
        }
        const char *p = find_bytes(SELF->data, SELF->len, nd, nn, u16_to_byte(SELF, (size_t)from));
        *out = vval_int(p ? (int32_t)byte_to_u16(SELF, (size_t)(p - SELF->data)) : -1);
        return M_OK;
    }
    int64_t from = na == 2 ? a[1].u.i : len;
    if (from < 0) {
        *out = vval_int(-1);
        return M_OK;
    }
    size_t limit = u16_to_byte(SELF, (size_t)(from > len ? len : from));
    long found = -1;
    for (size_t i = 0; i + nn <= SELF->len && i <= limit; i++)
        if (memcmp(SELF->data + i, nd, nn) == 0)
            found = (long)i;
    *out = vval_int(found < 0 ? -1 : (int32_t)byte_to_u16(SELF, (size_t)found));
    return M_OK;
}

METHOD(s_index_of) { (void)site; return index_of(ev, self, a, na, out, false); }
METHOD(s_last_index_of) { (void)site; return index_of(ev, self, a, na, out, true); }

METHOD(s_contains)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return M_NOTFOUND;
    *out = vval_bool(find_bytes(SELF->data, SELF->len, a[0].u.s->data, a[0].u.s->len, 0) != NULL);
    return M_OK;
}

METHOD(s_starts_with)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING || (na == 2 && !arg_is_int(a[1])))
        return M_NOTFOUND;
    int64_t off = na == 2 ? a[1].u.i : 0;
    if (off < 0 || off > (int64_t)u16_len(SELF)) {
        *out = vval_bool(false);
        return M_OK;
    }
    size_t b = u16_to_byte(SELF, (size_t)off);
    const vstr *p = a[0].u.s;
    *out = vval_bool(SELF->len - b >= p->len && memcmp(SELF->data + b, p->data, p->len) == 0);
    return M_OK;
}

METHOD(s_ends_with)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return M_NOTFOUND;
    const vstr *p = a[0].u.s;
    *out = vval_bool(SELF->len >= p->len && memcmp(SELF->data + SELF->len - p->len, p->data, p->len) == 0);
    return M_OK;
}

/* Java compareTo: first differing UTF-16 unit, else the length difference. */
static int32_t compare_u16(const vstr *x, const vstr *y, bool fold)
{
    size_t i = 0, j = 0;
    while (i < x->len && j < y->len) {
        int32_t c = next_cp(x->data, x->len, &i), d = next_cp(y->data, y->len, &j);
        if (fold) {
            c = utf8proc_tolower(utf8proc_toupper(c));
            d = utf8proc_tolower(utf8proc_toupper(d));
        }
        if (c != d) {
            /* compare as UTF-16 units: high surrogate of supplementary chars */
            int32_t cu = c >= 0x10000 ? 0xD800 + ((c - 0x10000) >> 10) : c;
            int32_t du = d >= 0x10000 ? 0xD800 + ((d - 0x10000) >> 10) : d;
            if (cu != du)
                return cu - du;
            return (c & 0x3FF) - (d & 0x3FF);
        }
    }
    return (int32_t)u16_len(x) - (int32_t)u16_len(y) + 0 * (int32_t)(i + j);
}

METHOD(s_equals_ignore_case)
{
    UNUSED;
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    *out = vval_bool(a[0].kind == VVAL_STRING && u16_len(SELF) == u16_len(a[0].u.s) &&
                     compare_u16(SELF, a[0].u.s, true) == 0);
    return M_OK;
}

METHOD(s_compare_to)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return a[0].kind == VVAL_NULL ? method_throw(ev, site, "Invocation of method 'compareTo' in  class "
                                                     "java.lang.String threw exception java.lang.NullPointerException")
                                      : M_NOTFOUND;
    *out = vval_int(compare_u16(SELF, a[0].u.s, false));
    return M_OK;
}

METHOD(s_compare_to_ignore_case)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return M_NOTFOUND;
    *out = vval_int(compare_u16(SELF, a[0].u.s, true));
    return M_OK;
}

static vval map_case(eval_state *ev, const vstr *s, bool upper)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < s->len;) {
        int32_t c = next_cp(s->data, s->len, &i);
        if (upper && c == 0xDF) {           /* Java: "ß".toUpperCase() is "SS" */
            strbuf_puts(&sb, "SS");
            continue;
        }
        c = upper ? utf8proc_toupper(c) : utf8proc_tolower(c);
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t k = utf8proc_encode_char(c, buf);
        strbuf_append(&sb, (const char *)buf, (size_t)k);
    }
    vval v = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return v;
}

/* ASCII fast path, utf8proc otherwise. */
static vval change_case(eval_state *ev, const vstr *s, bool upper)
{
    if (!s->ascii)
        return map_case(ev, s, upper);
    vval v = vval_str(ev->ar, s->data, s->len);
    char lo = upper ? 'a' : 'A', hi = upper ? 'z' : 'Z';
    for (size_t i = 0; i < v.u.s->len; i++)
        if (v.u.s->data[i] >= lo && v.u.s->data[i] <= hi)
            v.u.s->data[i] = (char)(v.u.s->data[i] ^ 0x20);
    return v;
}

METHOD(s_to_upper) { UNUSED; *out = change_case(ev, SELF, true); return M_OK; }
METHOD(s_to_lower) { UNUSED; *out = change_case(ev, SELF, false); return M_OK; }

METHOD(s_trim)
{
    UNUSED;
    size_t b = 0, e = SELF->len;
    while (b < e && (unsigned char)SELF->data[b] <= ' ')
        b++;
    while (e > b && (unsigned char)SELF->data[e - 1] <= ' ')
        e--;
    *out = sub(ev, SELF, b, e);
    return M_OK;
}

METHOD(s_concat)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return a[0].kind == VVAL_NULL ? method_throw(ev, site, "Invocation of method 'concat' in  class "
                                                     "java.lang.String threw exception java.lang.NullPointerException")
                                      : M_NOTFOUND;
    strbuf sb = STRBUF_INIT;
    strbuf_append(&sb, SELF->data, SELF->len);
    strbuf_append(&sb, a[0].u.s->data, a[0].u.s->len);
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return M_OK;
}

/* replace(CharSequence, CharSequence): literal, every occurrence. */
METHOD(s_replace)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING || a[1].kind != VVAL_STRING)
        return M_NOTFOUND;
    const vstr *from = a[0].u.s, *to = a[1].u.s;
    strbuf sb = STRBUF_INIT;
    if (from->len == 0) {
        /* Java inserts the replacement between every char and at both ends */
        strbuf_append(&sb, to->data, to->len);
        for (size_t i = 0; i < SELF->len;) {
            size_t j = i;
            next_cp(SELF->data, SELF->len, &j);
            strbuf_append(&sb, SELF->data + i, j - i);
            strbuf_append(&sb, to->data, to->len);
            i = j;
        }
    } else {
        size_t i = 0;
        const char *p;
        while ((p = find_bytes(SELF->data, SELF->len, from->data, from->len, i))) {
            strbuf_append(&sb, SELF->data + i, (size_t)(p - SELF->data) - i);
            strbuf_append(&sb, to->data, to->len);
            i = (size_t)(p - SELF->data) + from->len;
        }
        strbuf_append(&sb, SELF->data + i, SELF->len - i);
    }
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return M_OK;
}

static const jregex *regex_arg(eval_state *ev, vval pat, const ast_node *site, const char *method, mres *r)
{
    char err[256];
    const jregex *re = jregex_get(pat.u.s->data, pat.u.s->len, err, sizeof err);
    if (!re)
        *r = method_throw(ev, site, "Invocation of method '%s' in  class java.lang.String threw exception %s",
                          method, err);
    return re;
}

static mres replace_regex(eval_state *ev, vval self, const vval *a, vval *out, const ast_node *site, bool all)
{
    if (a[0].kind != VVAL_STRING || a[1].kind != VVAL_STRING)
        return M_NOTFOUND;
    mres r = M_ERROR;
    const char *name = all ? "replaceAll" : "replaceFirst";
    const jregex *re = regex_arg(ev, a[0], site, name, &r);
    if (!re)
        return r;
    strbuf sb = STRBUF_INIT;
    char err[256];
    if (!jregex_replace(re, SELF->data, SELF->len, a[1].u.s->data, a[1].u.s->len, all, &sb, err, sizeof err)) {
        strbuf_free(&sb);
        return method_throw(ev, site, "Invocation of method '%s' in  class java.lang.String threw exception %s",
                            name, err);
    }
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return M_OK;
}

METHOD(s_replace_all) { (void)na; return replace_regex(ev, self, a, out, site, true); }
METHOD(s_replace_first) { (void)na; return replace_regex(ev, self, a, out, site, false); }

METHOD(s_matches)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return M_NOTFOUND;
    mres r = M_ERROR;
    const jregex *re = regex_arg(ev, a[0], site, "matches", &r);
    if (!re)
        return r;
    *out = vval_bool(jregex_matches(re, SELF->data, SELF->len));
    return M_OK;
}

/* split(regex[, limit]): a Java String[]; trailing empty strings are removed
 * when limit == 0; a leading empty string from a zero-width match at 0 is not. */
METHOD(s_split)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING || (na == 2 && !arg_is_int(a[1])))
        return M_NOTFOUND;
    int64_t limit = na == 2 ? a[1].u.i : 0;
    mres r = M_ERROR;
    const jregex *re = regex_arg(ev, a[0], site, "split", &r);
    if (!re)
        return r;
    vval list = vval_list_new(ev->ar, 4);
    list.u.l->is_array = true;
    size_t start = 0, pos = 0, ms, me;
    while ((limit <= 0 || (int64_t)list.u.l->len < limit - 1) && jregex_find(re, SELF->data, SELF->len, pos, &ms, &me)) {
        if (me == 0 && ms == 0) {          /* zero-width match at the start: no leading empty */
            if (SELF->len == 0)
                break;
            pos = 1;
            while (pos < SELF->len && ((unsigned char)SELF->data[pos] & 0xC0) == 0x80)
                pos++;
            continue;
        }
        if (ms == me && ms >= SELF->len)
            break;
        vlist_push(list.u.l, sub(ev, SELF, start, ms));
        start = me;
        pos = me > ms ? me : me + 1;
        while (pos < SELF->len && ((unsigned char)SELF->data[pos] & 0xC0) == 0x80)
            pos++;
        if (pos > SELF->len)
            break;
    }
    vlist_push(list.u.l, sub(ev, SELF, start, SELF->len));
    if (limit == 0)
        while (list.u.l->len > 1 && list.u.l->items[list.u.l->len - 1].u.s->len == 0)
            list.u.l->len--;
    if (limit == 0 && list.u.l->len == 1 && SELF->len > 0 && list.u.l->items[0].u.s->len == 0)
        list.u.l->len = 0;
    *out = list;
    return M_OK;
}

METHOD(s_to_string) { UNUSED; *out = self; return M_OK; }

METHOD(s_get_bytes)
{
    UNUSED;
    /* byte[]: kept as the string's bytes; renders as a JVM array would */
    vval l = vval_list_new(ev->ar, SELF->len);
    l.u.l->is_array = true;
    for (size_t i = 0; i < SELF->len; i++)
        vlist_push(l.u.l, vval_int((int8_t)SELF->data[i]));
    *out = l;
    return M_OK;
}

METHOD(s_to_char_array)
{
    UNUSED;
    vval l = vval_list_new(ev->ar, SELF->len);
    l.u.l->is_array = true;
    for (size_t i = 0; i < SELF->len;) {
        size_t j = i;
        next_cp(SELF->data, SELF->len, &j);
        vlist_push(l.u.l, sub(ev, SELF, i, j));
        i = j;
    }
    *out = l;
    return M_OK;
}

/* Static String.valueOf(x) called through an instance. */
METHOD(s_value_of)
{
    UNUSED;
    vstr *s;
    if (eval_to_string(ev, a[0], &s))
        return M_ERROR;
    *out = vval_from_vstr(s);
    return M_OK;
}

/* Static String.join(sep, Iterable) or String.join(sep, a, b, ...). */
METHOD(s_join)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return M_NOTFOUND;
    const vval *items = a + 1;
    size_t n = na - 1;
    if (na == 2 && a[1].kind == VVAL_LIST) {
        items = a[1].u.l->items;
        n = a[1].u.l->len;
    }
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_append(&sb, a[0].u.s->data, a[0].u.s->len);
        vval_print(&sb, items[i]);
    }
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return M_OK;
}

/* Static String.format(fmt, args...): the common conversions of java.util.Formatter. */
METHOD(s_format)
{
    UNUSED;
    if (a[0].kind != VVAL_STRING)
        return M_NOTFOUND;
    const vval *args = a + 1;
    size_t nargs = na - 1, next = 0;
    if (na == 2 && a[1].kind == VVAL_LIST && a[1].u.l->is_array) {
        args = a[1].u.l->items;
        nargs = a[1].u.l->len;
    }
    const char *f = a[0].u.s->data, *end = f + a[0].u.s->len;
    strbuf sb = STRBUF_INIT;
    while (f < end) {
        if (*f != '%') {
            strbuf_putc(&sb, *f++);
            continue;
        }
        const char *spec = f++;
        while (f < end && strchr("-#+ 0,(123456789.", *f))
            f++;
        if (f >= end)
            break;
        char conv = *f++;
        char flags[32];
        if (conv == '%') { strbuf_putc(&sb, '%'); continue; }
        if (conv == 'n') { strbuf_putc(&sb, '\n'); continue; }
        if (next >= nargs) {
            strbuf_free(&sb);
            return method_throw(ev, site, "Invocation of method 'format' in  class java.lang.String threw "
                                "exception java.util.MissingFormatArgumentException: Format specifier '%%%c'", conv);
        }
        vval v = args[next++];
        char fmtbuf[48], tmp[512];
        size_t fl = (size_t)(f - spec - 2);
        if (fl > 30)
            fl = 30;
        memcpy(flags, spec + 1, fl);
        flags[fl] = '\0';
        if ((conv == 'd') && vval_is_integral(v)) {
            snprintf(fmtbuf, sizeof fmtbuf, "%%%slld", flags);
            snprintf(tmp, sizeof tmp, fmtbuf, (long long)vval_as_i128(v));
            strbuf_puts(&sb, tmp);
        } else if ((conv == 'f' || conv == 'e' || conv == 'g') && v.kind == VVAL_DOUBLE) {
            snprintf(fmtbuf, sizeof fmtbuf, "%%%s%c", flags, conv);
            snprintf(tmp, sizeof tmp, fmtbuf, v.u.d);
            strbuf_puts(&sb, tmp);
        } else if ((conv == 'x' || conv == 'X' || conv == 'o') && vval_is_integral(v)) {
            snprintf(fmtbuf, sizeof fmtbuf, "%%%sll%c", flags, conv);
            snprintf(tmp, sizeof tmp, fmtbuf, (long long)vval_as_i128(v));
            strbuf_puts(&sb, tmp);
        } else if (conv == 's' || conv == 'S' || conv == 'b') {
            strbuf s = STRBUF_INIT;
            if (conv == 'b')
                strbuf_puts(&s, vval_is_null(v) ? "false" : v.kind == VVAL_BOOL && !v.u.b ? "false" : "true");
            else
                vval_print(&s, v);
            snprintf(fmtbuf, sizeof fmtbuf, "%%%ss", flags);
            snprintf(tmp, sizeof tmp, fmtbuf, strbuf_cstr(&s));
            strbuf_puts(&sb, tmp);
            strbuf_free(&s);
        } else {
            strbuf_free(&sb);
            return method_throw(ev, site, "Invocation of method 'format' in  class java.lang.String threw "
                                "exception java.util.IllegalFormatConversionException: %c != %s", conv,
                                vval_class_name(v));
        }
    }
    *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return M_OK;
}

const method_def string_methods[] = {
    {"charAt", s_char_at, 1, 1},
    {"compareTo", s_compare_to, 1, 1},
    {"compareToIgnoreCase", s_compare_to_ignore_case, 1, 1},
    {"concat", s_concat, 1, 1},
    {"contains", s_contains, 1, 1},
    {"endsWith", s_ends_with, 1, 1},
    {"equalsIgnoreCase", s_equals_ignore_case, 1, 1},
    {"format", s_format, 1, -1},
    {"getBytes", s_get_bytes, 0, 0},
    {"indexOf", s_index_of, 1, 2},
    {"isEmpty", s_is_empty, 0, 0},
    {"join", s_join, 2, -1},
    {"lastIndexOf", s_last_index_of, 1, 2},
    {"length", s_length, 0, 0},
    {"matches", s_matches, 1, 1},
    {"replace", s_replace, 2, 2},
    {"replaceAll", s_replace_all, 2, 2},
    {"replaceFirst", s_replace_first, 2, 2},
    {"split", s_split, 1, 2},
    {"startsWith", s_starts_with, 1, 2},
    {"substring", s_substring, 1, 2},
    {"toCharArray", s_to_char_array, 0, 0},
    {"toLowerCase", s_to_lower, 0, 0},
    {"toString", s_to_string, 0, 0},
    {"toUpperCase", s_to_upper, 0, 0},
    {"trim", s_trim, 0, 0},
    {"valueOf", s_value_of, 1, 1},
};
const size_t string_methods_len = sizeof string_methods / sizeof *string_methods;
