/* vtl.h: the public API of libvtl, an AWS AppSync VTL (Velocity 1.7) engine.
 *
 * Ownership: objects returned by vtl_*_new / vtl_parse / vtl_evaluate belong
 * to the caller, who releases them with the matching vtl_*_free. Strings
 * returned by accessors are borrowed from their object and live as long as
 * it does. Strings returned as `char *` are the caller's to free().
 * The library never prints; it returns diagnostics as text or structures. */
#ifndef VTL_VTL_H
#define VTL_VTL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VTL_VERSION "0.1.0"

/* ---------------------------------------------------------------- templates */

typedef struct vtl_template vtl_template;

/* Parse a template. `name` is used in messages (a file name). The source is
 * copied. Never returns NULL; check vtl_template_ok(). */
vtl_template *vtl_parse(const char *name, const char *src, size_t len);
/* True when the template parsed without errors. */
bool vtl_template_ok(const vtl_template *t);
/* Number of parse errors. */
size_t vtl_template_error_count(const vtl_template *t);
/* Parse error i: 1-based line and column, and the message (borrowed). */
const char *vtl_template_error(const vtl_template *t, size_t i, int *line, int *col);
/* All parse errors rendered as `name:line:col: error: message` plus the source
 * line and a caret (caller frees). */
char *vtl_template_render_errors(const vtl_template *t);
/* The parse tree as indented text (caller frees); for --dump-ast. */
char *vtl_template_dump(const vtl_template *t);
void vtl_template_free(vtl_template *t);

/* ---------------------------------------------------------------- evaluation */

typedef enum vtl_ids { VTL_IDS_RANDOM, VTL_IDS_COUNTER } vtl_ids;

/* The expression text $util.transform.toDynamoDB{Filter,Condition}Expression
 * writes: DOC is the AppSync VTL reference's example (`contains(#t, :t_contains)`,
 * conditions joined without parentheses); JS is what the APPSYNC_JS runtime was
 * recorded producing (`(contains(#t,:t_contains))`, each condition in parentheses). */
typedef enum vtl_transform_style { VTL_TRANSFORM_DOC, VTL_TRANSFORM_JS } vtl_transform_style;

typedef struct vtl_options {
    int64_t now_ms;            /* clock (epoch ms); 0 means the system clock */
    vtl_ids ids;               /* how autoId/autoUlid are generated */
    uint64_t seed;             /* random ids and math.random: 0 = unseeded */
    size_t max_foreach;        /* iterations per #foreach; AppSync: 1000 */
    size_t max_output;         /* rendered bytes; AppSync: 5 MB */
    int max_depth;             /* expression/evaluation nesting */
    bool set_null_allowed;     /* Velocity directive.set.null.allowed */
    vtl_transform_style transform_style;  /* default VTL_TRANSFORM_DOC */
} vtl_options;

/* Fill `o` with AppSync's defaults. */
void vtl_options_init(vtl_options *o);

typedef enum vtl_status {
    VTL_OK = 0,          /* rendered (possibly with appended errors) */
    VTL_RETURNED,        /* #return ended the template */
    VTL_ERROR,           /* $util.error/unauthorized/validate or a runtime failure */
    VTL_CTX_ERROR,       /* the context JSON is malformed or not an object */
    VTL_PARSE_ERROR,     /* the template did not parse */
} vtl_status;

typedef struct vtl_result vtl_result;

/* Evaluate a parsed template with a context given as JSON text (ctx.json, see
 * the man page). `ctx_name` names the context in messages. Never returns NULL. */
vtl_result *vtl_evaluate(const vtl_template *t, const char *ctx_name, const char *ctx_json, size_t ctx_len,
                         const vtl_options *opts);
/* A context parsed once for many evaluations (a server's request object, a
 * benchmark's fixed input). NULL when the JSON is malformed or not an object;
 * then *diagnostics (if given) holds the message, which the caller frees. */
typedef struct vtl_context vtl_context;
vtl_context *vtl_context_parse(const char *ctx_name, const char *ctx_json, size_t ctx_len, char **diagnostics);
void vtl_context_free(vtl_context *c);
/* Evaluate with a parsed context. Each evaluation builds $ctx from its own
 * copy, so templates that change the stash or arguments leave c as it was,
 * and one context serves any number of evaluations. */
vtl_result *vtl_evaluate_context(const vtl_template *t, const vtl_context *c, const vtl_options *opts);
vtl_status vtl_result_status(const vtl_result *r);
/* The rendered text (or #return's value as JSON); NULL when there is none. */
const char *vtl_result_output(const vtl_result *r, size_t *len);
/* The template position (1-based line and column) that produced byte `offset`
 * of the rendered output: where a request document that is not valid JSON
 * went wrong, in template terms. False when unknown. */
bool vtl_result_origin(const vtl_result *r, size_t offset, int *line, int *col);
/* Human-readable diagnostics for a failed evaluation (`file:line:col: error: ...`
 * with the source line and a caret); NULL when there are none. Borrowed. */
const char *vtl_result_diagnostics(const vtl_result *r);

typedef enum vtl_format {
    VTL_FORMAT_CONFORMANCE,  /* {"output","errors","isReturn","stash","args","logs"} */
    VTL_FORMAT_AWS,          /* EvaluateMappingTemplate's {"evaluationResult","error","logs","stash","outErrors"} */
} vtl_format;

/* The result as one JSON object (caller frees). */
char *vtl_result_json(const vtl_result *r, vtl_format fmt);
void vtl_result_free(vtl_result *r);

/* ---------------------------------------------------------------- introspection */

/* Every $util function as "$util.ns.name/arity" lines, sorted (caller frees). */
char *vtl_builtins(void);
/* Release caches: compiled regular expressions, and the memory blocks the
 * calling thread keeps for reuse (up to 2 MiB). Call it at program end, and
 * in each thread that evaluated templates before that thread exits. */
void vtl_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif
