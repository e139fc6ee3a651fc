/* util: the $util registry and dispatch. */
#include "util/util.h"
#include <stdlib.h>
#include <string.h>

/* $util's own functions first, then the namespaces $util.<name> reaches. */
static const util_ns *const namespaces[] = {
    &util_ns_core, &util_ns_dynamodb, &util_ns_http, &util_ns_list, &util_ns_log, &util_ns_map,
    &util_ns_math, &util_ns_rds, &util_ns_str, &util_ns_time, &util_ns_transform, &util_ns_xml,
};
#define NNS (sizeof namespaces / sizeof *namespaces)

const util_ns *const *util_namespaces(size_t *n)
{
    *n = NNS;
    return namespaces;
}

vval util_root(eval_state *ev)
{
    return vval_object(ev->ar, VOBJ_UTIL, &util_ns_core, vval_null(), vval_null());
}

vval util_void(eval_state *ev)
{
    return vval_cstr(ev->ar, "");
}

mres util_call(eval_state *ev, vval self, const char *name, size_t nlen, const vval *args, size_t nargs,
               vval *out, const ast_node *site)
{
    const util_ns *ns = self.u.o->ptr;
    const method_def *m = method_find(ns->fns, name, nlen, nargs);
    if (!m)
        return M_NOTFOUND;
    return m->fn(ev, self, args, nargs, out, site);
}

mres util_property(eval_state *ev, vval self, const char *name, size_t nlen, vval *out)
{
    const util_ns *ns = self.u.o->ptr;
    if (ns != &util_ns_core)
        return M_NOTFOUND;
    for (size_t i = 1; i < NNS; i++) {
        if (strlen(namespaces[i]->name) == nlen && memcmp(namespaces[i]->name, name, nlen) == 0) {
            *out = vval_object(ev->ar, VOBJ_UTIL, namespaces[i], vval_null(), vval_null());
            return M_OK;
        }
    }
    return M_NOTFOUND;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_ns(strbuf *lines, const util_ns *ns)
{
    for (size_t i = 0; i < ns->nfns; i++) {
        const method_def *m = &ns->fns[i];
        strbuf_printf(lines, "$util.%s%s%s/", ns->name, *ns->name ? "." : "", m->name);
        if (m->max_args < 0)
            strbuf_printf(lines, "%d+", m->min_args);
        else if (m->min_args == m->max_args)
            strbuf_printf(lines, "%d", m->min_args);
        else
            strbuf_printf(lines, "%d-%d", m->min_args, m->max_args);
        strbuf_putc(lines, '\n');
    }
}

size_t util_list_builtins(strbuf *out)
{
    strbuf lines = STRBUF_INIT;
    for (size_t i = 0; i < NNS; i++)
        list_ns(&lines, namespaces[i]);
    /* sort the lines */
    size_t n = 0;
    for (size_t i = 0; i < lines.len; i++)
        n += lines.data[i] == '\n';
    char **v = malloc((n ? n : 1) * sizeof *v);
    size_t k = 0;
    char *p = lines.data;
    for (size_t i = 0; i < lines.len; i++) {
        if (lines.data[i] == '\n') {
            lines.data[i] = '\0';
            v[k++] = p;
            p = lines.data + i + 1;
        }
    }
    qsort(v, n, sizeof *v, cmp_lines);
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(out, v[i]);
        strbuf_putc(out, '\n');
    }
    free(v);
    strbuf_free(&lines);
    return n;
}
