/* opts: command-line parsing for vtl-eval. */
#define _GNU_SOURCE
#include "cli/opts.h"
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void cli_usage(FILE *f)
{
    fputs("usage: vtl-eval TEMPLATE.vtl [--ctx CTX.json] [options]\n"
          "\n"
          "Render an AWS AppSync VTL mapping template offline, as AppSync does.\n"
          "\n"
          "options:\n"
          "  --ctx FILE            the context ($ctx): arguments, source, identity, stash,\n"
          "                        result, prev, info, request, error, authType\n"
          "  --json                print one JSON object: output, errors, isReturn, stash, logs\n"
          "  --format aws          print what EvaluateMappingTemplate returns\n"
          "                        (evaluationResult, error, logs, stash, outErrors)\n"
          "  --now TIME            fix the clock: ISO-8601 (2024-01-02T03:04:05.678Z) or epoch ms\n"
          "  --ids counter|random  how $util.autoId/autoUlid make ids (counter: deterministic)\n"
          "  --seed N              seed for random ids and $util.math.random*\n"
          "  --dump-ast            print the parse tree and exit\n"
          "  --repeat N            evaluate N times (parse and context each time) and print\n"
          "                        the rate on stderr\n"
          "  --max-foreach N       iterations per #foreach (default 1000, AppSync's quota)\n"
          "  --max-output N        rendered bytes (default 5242880)\n"
          "  --max-template N      template bytes (default 65536, AppSync's quota)\n"
          "  --max-depth N         expression nesting (default 1000)\n"
          "  --set-null-allowed    #set with a null value removes the variable\n"
          "                        (Velocity's directive.set.null.allowed)\n"
          "  --transform-style doc|js\n"
          "                        $util.transform's DynamoDB expression text: the AppSync\n"
          "                        VTL reference's (default) or the APPSYNC_JS runtime's\n"
          "  --list-builtins       print every $util function with its arity\n"
          "\n"
          "resolvers (request -> data source -> response):\n"
          "  vtl-eval resolve RESOLVER.json|yaml --ctx CTX.json [--state DB.json] [--json]\n"
          "  vtl-eval REQ.vtl --ctx CTX.json --execute TABLE [--response RES.vtl] [--state DB.json]\n"
          "  --state FILE          DynamoDB tables, loaded and saved back atomically\n"
          "DynamoDB engine:\n"
          "  vtl-eval ddb TABLES.json OPS.json [--state FILE]\n"
          "  --help, --version\n"
          "\n"
          "exit status: 0 rendered, 1 evaluation error, 2 usage or I/O error, 3 parse error\n",
          f);
}

static bool parse_size(const char *flag, const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') {
        fprintf(stderr, "vtl-eval: %s needs a non-negative number, got '%s'\n", flag, s);
        return false;
    }
    *out = (size_t)v;
    return true;
}

bool cli_parse_time(const char *s, int64_t *ms)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!errno && end != s && !*end) {
        *ms = v;
        return true;
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int frac = 0, fdigits = 0;
    const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!p)
        return false;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (fdigits < 3) {
                frac = frac * 10 + (*p - '0');
                fdigits++;
            }
            p++;
        }
        while (fdigits < 3) {
            frac *= 10;
            fdigits++;
        }
    }
    long offset = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int hh, mm;
        if (sscanf(p + 1, "%2d:%2d", &hh, &mm) != 2)
            return false;
        offset = (hh * 60L + mm) * 60L * (*p == '-' ? -1 : 1);
        p += 6;
    }
    if (*p)
        return false;
    *ms = ((int64_t)timegm(&tm) - offset) * 1000 + frac;
    return true;
}

/* ---------------------------------------------------------------- options
 * The table below maps names to what they set. Options with more to check
 * have a handler: it gets the option's value and reports its own errors. */
typedef bool (*opt_fn)(cli_opts *o, const char *name, const char *val);

static bool opt_format(cli_opts *o, const char *name, const char *val)
{
    if (!strcmp(val, "aws")) {
        o->format = VTL_FORMAT_AWS;
        o->json = true;
    } else if (!strcmp(val, "json")) {
        o->json = true;
    } else if (strcmp(val, "text")) {
        fprintf(stderr, "vtl-eval: --format takes text, json or aws, not '%s'\n", val);
        return false;
    }
    return true;
}

static bool opt_now(cli_opts *o, const char *name, const char *val)
{
    if (cli_parse_time(val, &o->eval.now_ms))
        return true;
    fprintf(stderr, "vtl-eval: --now takes an ISO-8601 instant or epoch milliseconds, not '%s'\n", val);
    return false;
}

static bool opt_ids(cli_opts *o, const char *name, const char *val)
{
    if (!strcmp(val, "counter"))
        o->eval.ids = VTL_IDS_COUNTER;
    else if (!strcmp(val, "random"))
        o->eval.ids = VTL_IDS_RANDOM;
    else {
        fprintf(stderr, "vtl-eval: --ids takes counter or random, not '%s'\n", val);
        return false;
    }
    return true;
}

static bool parse_transform_style(const char *s, vtl_transform_style *out)
{
    if (!strcmp(s, "doc"))
        *out = VTL_TRANSFORM_DOC;
    else if (!strcmp(s, "js"))
        *out = VTL_TRANSFORM_JS;
    else
        return false;
    return true;
}

static bool opt_transform_style(cli_opts *o, const char *name, const char *val)
{
    if (parse_transform_style(val, &o->eval.transform_style))
        return true;
    fprintf(stderr, "vtl-eval: %s takes doc or js, not '%s'\n", name, val);
    return false;
}

static bool opt_seed(cli_opts *o, const char *name, const char *val)
{
    size_t s;
    if (!parse_size(name, val, &s))
        return false;
    o->eval.seed = s;
    return true;
}

static bool opt_repeat(cli_opts *o, const char *name, const char *val)
{
    size_t n;
    if (!parse_size(name, val, &n))
        return false;
    if (n == 0) {
        fprintf(stderr, "vtl-eval: --repeat needs at least 1\n");
        return false;
    }
    o->repeat = (long)n;
    return true;
}

static bool opt_max_depth(cli_opts *o, const char *name, const char *val)
{
    size_t d;
    if (!parse_size(name, val, &d))
        return false;
    o->eval.max_depth = d > 100000 ? 100000 : (int)d;
    return true;
}

/* Most options only store their value: a path, a size or a flag at a field of
 * cli_opts (FIELD). The rest have a handler. */
enum opt_kind { OPT_FN, OPT_PATH, OPT_SIZE, OPT_FLAG };
#define FIELD(f) offsetof(cli_opts, f)

static const struct option_def {
    const char *name, *alias;
    enum opt_kind kind;
    size_t field;    /* OPT_PATH, OPT_SIZE, OPT_FLAG */
    opt_fn fn;       /* OPT_FN; it takes a value */
} options[] = {
    {"--ctx", "--context", OPT_PATH, FIELD(ctx_path), NULL},
    {"--json", NULL, OPT_FLAG, FIELD(json), NULL},
    {"--format", NULL, OPT_FN, 0, opt_format},
    {"--now", NULL, OPT_FN, 0, opt_now},
    {"--ids", NULL, OPT_FN, 0, opt_ids},
    {"--seed", NULL, OPT_FN, 0, opt_seed},
    {"--dump-ast", NULL, OPT_FLAG, FIELD(dump_ast), NULL},
    {"--repeat", NULL, OPT_FN, 0, opt_repeat},
    {"--max-foreach", NULL, OPT_SIZE, FIELD(eval.max_foreach), NULL},
    {"--max-output", NULL, OPT_SIZE, FIELD(eval.max_output), NULL},
    {"--max-template", NULL, OPT_SIZE, FIELD(max_template), NULL},
    {"--max-depth", NULL, OPT_FN, 0, opt_max_depth},
    {"--state", NULL, OPT_PATH, FIELD(state_path), NULL},
    {"--execute", NULL, OPT_PATH, FIELD(execute_table), NULL},
    {"--response", NULL, OPT_PATH, FIELD(response_path), NULL},
    {"--set-null-allowed", NULL, OPT_FLAG, FIELD(eval.set_null_allowed), NULL},
    {"--transform-style", NULL, OPT_FN, 0, opt_transform_style},
    {"--list-builtins", NULL, OPT_FLAG, FIELD(list_builtins), NULL},
    {"--help", "-h", OPT_FLAG, FIELD(help), NULL},
    {"--version", NULL, OPT_FLAG, FIELD(version), NULL},
};

/* Apply option d with its value (NULL for a flag); false after a usage error. */
static bool apply(cli_opts *o, const struct option_def *d, const char *val)
{
    char *at = (char *)o + d->field;
    switch (d->kind) {
    case OPT_PATH:
        *(const char **)at = val;
        return true;
    case OPT_SIZE:
        return parse_size(d->name, val, (size_t *)at);
    case OPT_FLAG:
        *(bool *)at = true;
        return true;
    default:
        return d->fn(o, d->name, val);
    }
}

static const struct option_def *find_option(const char *a)
{
    for (size_t i = 0; i < sizeof options / sizeof *options; i++)
        if (!strcmp(a, options[i].name) || (options[i].alias && !strcmp(a, options[i].alias)))
            return &options[i];
    return NULL;
}

bool cli_parse_opts(cli_opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    vtl_options_init(&o->eval);
    const char *style = getenv("VTL_EVAL_TRANSFORM_STYLE");   /* --transform-style's default */
    if (style && !parse_transform_style(style, &o->eval.transform_style))
        fprintf(stderr, "vtl-eval: ignoring VTL_EVAL_TRANSFORM_STYLE=%s (doc or js)\n", style);
    o->format = VTL_FORMAT_CONFORMANCE;
    o->max_template = 65536;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const struct option_def *d = find_option(a);
        if (d) {
            const char *val = NULL;
            if (d->kind != OPT_FLAG) {
                if (i + 1 >= argc) {
                    fprintf(stderr, "vtl-eval: %s needs a value\n", a);
                    return false;
                }
                val = argv[++i];
            }
            if (!apply(o, d, val))
                return false;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "vtl-eval: unknown option '%s' (see --help)\n", a);
            return false;
        } else if (!o->template_path) {
            o->template_path = a;
        } else {
            fprintf(stderr, "vtl-eval: unexpected argument '%s' (one template at a time)\n", a);
            return false;
        }
    }
    if (!o->template_path && !o->help && !o->version && !o->list_builtins) {
        fprintf(stderr, "vtl-eval: no template given (see --help)\n");
        return false;
    }
    return true;
}
