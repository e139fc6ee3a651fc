/* util_str: the $util.str namespace (reference 4.16): case conversion and
 * literal replacement, which are java.lang.String's own toUpperCase,
 * toLowerCase and replace, and Unicode normalisation through utf8proc.
 * A null String argument gives null (the call renders as its own text). */
#include "util/util.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* Check that the first n arguments are Strings or null; *any_null says whether one is null. */
static bool str_args(const vval *a, size_t n, bool *any_null)
{
    *any_null = false;
    for (size_t i = 0; i < n; i++) {
        if (!arg_is_str(a[i]))
            return false;
        *any_null |= vval_is_null(a[i]);
    }
    return true;
}

/* a[0].<method>(a[1..n]) on java.lang.String. */
static mres string_method(eval_state *ev, const vval *a, size_t n, const char *method, vval *out,
                          const ast_node *site)
{
    bool any_null;
    if (!str_args(a, n, &any_null))
        return M_NOTFOUND;
    if (any_null) {
        *out = vval_null();
        return M_OK;
    }
    return method_call(ev, a[0], method, strlen(method), a + 1, n - 1, out, site);
}

FN(s_to_upper) { UNUSED; return string_method(ev, a, 1, "toUpperCase", out, site); }
FN(s_to_lower) { UNUSED; return string_method(ev, a, 1, "toLowerCase", out, site); }

/* toReplace(String s, String find, String repl): every occurrence, literally
 * (String.replace; reference 4.16 and 9.2 #41). */
FN(s_to_replace) { UNUSED; return string_method(ev, a, 3, "replace", out, site); }

/* The utf8proc options of a form name ("nfc", "NFKD", ...), or -1. */
static int form_options(const vstr *form)
{
    static const struct { const char *name; int opts; } forms[] = {
        {"nfc", UTF8PROC_STABLE | UTF8PROC_COMPOSE},
        {"nfd", UTF8PROC_STABLE | UTF8PROC_DECOMPOSE},
        {"nfkc", UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT},
        {"nfkd", UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT},
    };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        if (form->len == strlen(forms[i].name) && strncasecmp(form->data, forms[i].name, form->len) == 0)
            return forms[i].opts;
    return -1;
}

/* Normalizer.Form.valueOf(form.toUpperCase()) finds no such form. */
static mres bad_form(eval_state *ev, const vstr *form, const ast_node *site)
{
    char name[101];
    size_t n = form->len < 100 ? form->len : 100;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)toupper((unsigned char)form->data[i]);
    name[n] = '\0';
    return method_throw(ev, site, "Invocation of method 'normalize' threw exception "
                        "java.lang.IllegalArgumentException: No enum constant java.text.Normalizer.Form.%s", name);
}

/* normalize(String s, String form): Normalizer.normalize with form nfc, nfd,
 * nfkc or nfkd (any case); another form name throws, as Form.valueOf does. */
FN(s_normalize)
{
    UNUSED;
    bool any_null;
    if (!str_args(a, 2, &any_null))
        return M_NOTFOUND;
    if (any_null) {
        *out = vval_null();
        return M_OK;
    }
    int opts = form_options(a[1].u.s);
    if (opts < 0)
        return bad_form(ev, a[1].u.s, site);
    const vstr *s = a[0].u.s;
    utf8proc_uint8_t *res = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s->data, (utf8proc_ssize_t)s->len, &res,
                                      (utf8proc_option_t)opts);
    /* text utf8proc rejects (an unpaired surrogate) is left as it is */
    *out = n < 0 ? a[0] : vval_str(ev->ar, (const char *)res, (size_t)n);
    free(res);
    return M_OK;
}

static const method_def str_fns[] = {
    {"normalize", s_normalize, 2, 2},
    {"toLower", s_to_lower, 1, 1},
    {"toReplace", s_to_replace, 3, 3},
    {"toUpper", s_to_upper, 1, 1},
};
const util_ns util_ns_str = {"str", str_fns, sizeof str_fns / sizeof *str_fns};
