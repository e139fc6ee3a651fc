/* golden: runs golden cases against libvtl and prints "N passed, M failed".
 *
 *   golden DIR...      every case folder below DIR (a folder with template.vtl)
 *                      and every *.test file
 *
 * A case folder holds template.vtl, ctx.json (optional), expected.json
 * ({"output", "errors": [{"kind", "message"?, "errorType"?}], "isReturn"?,
 * "compare"?: "json"}) and optionally expected.err, the exact diagnostics
 * (file:line:col, source line, caret) with the template named template.vtl.
 * A *.test file holds blank-line-separated groups of three lines: template,
 * ctx JSON, expected output; a group headed `%%FAIL KIND` expects an error of
 * that kind and, on the third line, its message (`*` for any). */
#include "vtl/vtl.h"
#include "base/fileio.h"
#include "vval/vval_json.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int passed, failed;
static bool verbose;

/* The whole file (NUL-terminated), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    size_t n;
    char *text = file_read(path, (size_t)64 << 20, &n);
    if (text && len)
        *len = n;
    return text;
}

static void fail(const char *name, const char *fmt, const char *a, const char *b)
{
    failed++;
    printf("FAIL %s: ", name);
    printf(fmt, a ? a : "(null)", b ? b : "(null)");
    putchar('\n');
}

static vval jget(vval m, const char *k)
{
    if (m.kind != VVAL_MAP)
        return vval_null();
    vval *v = vmap_find_str(m.u.m, k, strlen(k));
    return v ? *v : vval_null();
}

static const char *jstr(vval v)
{
    return v.kind == VVAL_STRING ? v.u.s->data : NULL;
}

/* Set for the rest of a .test file by a `%%TRANSFORM-STYLE doc|js` line. */
static vtl_transform_style transform_style = VTL_TRANSFORM_DOC;

static void options(vtl_options *o)
{
    vtl_options_init(o);
    o->transform_style = transform_style;
    o->now_ms = 1704164645678LL;  /* 2024-01-02T03:04:05.678Z, the corpus clock */
    o->ids = VTL_IDS_COUNTER;
    o->seed = 1;
}

/* Compare the actual result JSON with the expectation; NULL when they agree. */
static const char *compare(arena *ar, vval exp, vval act, char *why, size_t wl)
{
    const char *eo = jstr(jget(exp, "output")), *ao = jstr(jget(act, "output"));
    const char *mode = jstr(jget(exp, "compare"));
    if (eo && ao && mode && !strcmp(mode, "json")) {
        vval x, y;
        if (!vjson_parse(ar, eo, strlen(eo), NULL, &x, NULL) || !vjson_parse(ar, ao, strlen(ao), NULL, &y, NULL) ||
            !vval_java_equals(x, y)) {
            snprintf(why, wl, "output differs as JSON: expected %.200s, got %.200s", eo, ao);
            return why;
        }
    } else if ((eo == NULL) != (ao == NULL) || (eo && strcmp(eo, ao))) {
        snprintf(why, wl, "output differs:\n  expected %.300s\n  got      %.300s", eo ? eo : "null", ao ? ao : "null");
        return why;
    }
    vval ir = jget(exp, "isReturn");
    if (ir.kind == VVAL_BOOL && ir.u.b != (jget(act, "isReturn").kind == VVAL_BOOL && jget(act, "isReturn").u.b)) {
        snprintf(why, wl, "isReturn differs");
        return why;
    }
    vval ee = jget(exp, "errors"), ae = jget(act, "errors");
    size_t en = ee.kind == VVAL_LIST ? ee.u.l->len : 0, an = ae.kind == VVAL_LIST ? ae.u.l->len : 0;
    if (en != an) {
        snprintf(why, wl, "expected %zu errors, got %zu%s%.200s", en, an, an ? ": " : "",
                 an ? jstr(jget(ae.u.l->items[0], "message")) : "");
        return why;
    }
    for (size_t i = 0; i < en; i++) {
        vval e = ee.u.l->items[i], a = ae.u.l->items[i];
        const char *ek = jstr(jget(e, "kind")), *ak = jstr(jget(a, "kind"));
        if (!ek || !ak || strcmp(ek, ak)) {
            snprintf(why, wl, "error %zu: expected kind %s, got %s", i, ek ? ek : "?", ak ? ak : "?");
            return why;
        }
        bool util_kind = strcmp(ek, "parse") && strcmp(ek, "runtime");
        const char *fields[] = {"message", "errorType"};
        for (int f = 0; f < 2; f++) {
            vval ev = jget(e, fields[f]);
            if (!util_kind && !(f == 0 && ev.kind == VVAL_STRING))
                continue;
            const char *x = jstr(ev), *y = jstr(jget(a, fields[f]));
            if ((x == NULL) != (y == NULL) || (x && strcmp(x, y))) {
                snprintf(why, wl, "error %zu %s: expected %.200s, got %.200s", i, fields[f], x ? x : "null",
                         y ? y : "null");
                return why;
            }
        }
    }
    return NULL;
}

static void run_case(const char *dir)
{
    char path[4096], why[1024];
    size_t tlen = 0, clen = 0;
    snprintf(path, sizeof path, "%s/template.vtl", dir);
    char *tpl = slurp(path, &tlen);
    snprintf(path, sizeof path, "%s/ctx.json", dir);
    char *ctx = slurp(path, &clen);
    snprintf(path, sizeof path, "%s/expected.json", dir);
    char *expj = slurp(path, NULL);
    snprintf(path, sizeof path, "%s/expected.err", dir);
    char *experr = slurp(path, NULL);
    if (!tpl || !expj) {
        fail(dir, "missing %s%s", tpl ? "" : "template.vtl ", expj ? "" : "expected.json");
        goto out;
    }
    vtl_options o;
    options(&o);
    vtl_template *t = vtl_parse("template.vtl", tpl, tlen);
    vtl_result *r = vtl_evaluate(t, "ctx.json", ctx, clen, &o);
    char *actj = vtl_result_json(r, VTL_FORMAT_CONFORMANCE);
    arena ar;
    arena_init(&ar, 4096);
    vval exp, act;
    const char *bad = NULL;
    if (!vjson_parse(&ar, expj, strlen(expj), NULL, &exp, NULL))
        bad = "expected.json is not JSON";
    else if (!vjson_parse(&ar, actj, strlen(actj), NULL, &act, NULL))
        bad = "the result is not JSON";
    else
        bad = compare(&ar, exp, act, why, sizeof why);
    if (!bad && experr) {
        const char *d = vtl_result_diagnostics(r);
        if (!d || strcmp(d, experr)) {
            snprintf(why, sizeof why, "diagnostics differ:\n--- expected\n%s--- got\n%s", experr, d ? d : "(none)\n");
            bad = why;
        }
    }
    if (bad)
        fail(dir, "%s%s", bad, "");
    else
        passed++;
    if (verbose && !bad)
        printf("ok   %s\n", dir);
    arena_free(&ar);
    free(actj);
    vtl_result_free(r);
    vtl_template_free(t);
out:
    free(tpl);
    free(ctx);
    free(expj);
    free(experr);
}

/* Read the next non-comment line of a .test file into *line; false at EOF. */
static bool next_line(char **cur, char **line)
{
    while (**cur) {
        char *s = *cur, *e = strchr(s, '\n');
        if (!e)
            e = s + strlen(s);
        *cur = *e ? e + 1 : e;
        *e = '\0';
        if (s[0] == '#' && s[1] == ' ')
            continue;  /* a comment: "# " (templates never start so in these files) */
        *line = s;
        return true;
    }
    return false;
}

static void run_test_file(const char *file)
{
    char *text = slurp(file, NULL), *cur = text, *line;
    int lineno = 0;
    if (!text) {
        fail(file, "cannot read %s%s", file, "");
        return;
    }
    transform_style = VTL_TRANSFORM_DOC;
    while (next_line(&cur, &line)) {
        lineno++;
        if (!line[0])
            continue;
        if (!strncmp(line, "%%TRANSFORM-STYLE ", 18)) {
            transform_style = !strcmp(line + 18, "js") ? VTL_TRANSFORM_JS : VTL_TRANSFORM_DOC;
            continue;
        }
        char *fail_kind = NULL, *tpl = line, *ctx, *expected;
        if (!strncmp(line, "%%FAIL", 6)) {
            fail_kind = line[6] == ' ' ? line + 7 : "error";
            if (!next_line(&cur, &tpl))
                break;
        }
        if (!next_line(&cur, &ctx) || !next_line(&cur, &expected))
            break;
        char name[4600];
        snprintf(name, sizeof name, "%s: %.400s", file, tpl);
        vtl_options o;
        options(&o);
        vtl_template *t = vtl_parse("template.vtl", tpl, strlen(tpl));
        vtl_result *r = vtl_evaluate(t, "ctx", ctx, strlen(ctx), &o);
        char *actj = vtl_result_json(r, VTL_FORMAT_CONFORMANCE);
        arena ar;
        arena_init(&ar, 4096);
        vval act;
        vjson_parse(&ar, actj, strlen(actj), NULL, &act, NULL);
        vval errs = jget(act, "errors");
        if (fail_kind) {
            vval e0 = errs.kind == VVAL_LIST && errs.u.l->len ? errs.u.l->items[errs.u.l->len - 1] : vval_null();
            const char *k = jstr(jget(e0, "kind")), *m = jstr(jget(e0, "message"));
            if (!k || strcmp(k, fail_kind))
                fail(name, "expected a %s error, got %s", fail_kind, k ? k : "none");
            else if (strcmp(expected, "*") && (!m || strcmp(m, expected)))
                fail(name, "expected message %s, got %s", expected, m);
            else
                passed++;
        } else {
            const char *out = jstr(jget(act, "output"));
            if (errs.kind == VVAL_LIST && errs.u.l->len && strcmp(jstr(jget(errs.u.l->items[0], "kind")), "appendError"))
                fail(name, "unexpected error: %s%s", jstr(jget(errs.u.l->items[0], "message")), "");
            else if (!out || strcmp(out, expected))
                fail(name, "expected %s, got %s", expected, out);
            else
                passed++;
        }
        arena_free(&ar);
        free(actj);
        vtl_result_free(r);
        vtl_template_free(t);
    }
    free(text);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/template.vtl", dir);
    struct stat st;
    if (stat(path, &st) == 0) {
        run_case(dir);
        return;
    }
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || e->d_name[0] == '_')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t l = strlen(names[i]);
        if (l > 5 && !strcmp(names[i] + l - 5, ".test"))
            run_test_file(path);
        else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            walk(path);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            verbose = true;
        else
            walk(argv[i]);
    }
    vtl_cleanup();
    printf("golden: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
