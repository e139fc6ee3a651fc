/* eval: the evaluator's state and the contracts shared by its files.
 *
 * Evaluation walks the AST and appends to an output buffer. Every function
 * returns an ev_status: EV_OK, or one of the outcomes that unwind the walk
 * (#break, #stop, #return, an error). Errors are values, not longjmps: a
 * runtime failure records an ev_error with its span and returns EV_ERROR.
 * Everything allocated during one evaluation comes from ev->ar. */
#ifndef VTL_EVAL_EVAL_H
#define VTL_EVAL_EVAL_H
#include "base/arena.h"
#include "base/diag.h"
#include "base/strbuf.h"
#include "vtl/ast.h"
#include "vval/vval.h"
#include <stdint.h>

typedef enum ev_status { EV_OK, EV_BREAK, EV_STOP, EV_RETURN, EV_ERROR } ev_status;

/* Kinds of recorded error, as the conformance format names them. */
typedef enum ev_error_kind {
    EVE_ERROR, EVE_APPEND, EVE_UNAUTHORIZED, EVE_VALIDATE, EVE_PARSE, EVE_RUNTIME
} ev_error_kind;

typedef struct ev_error {
    ev_error_kind kind;
    vval message;       /* String */
    vval type;          /* String or null */
    vval data;          /* any or null */
    vval info;          /* any or null */
    vtl_span span;
    bool has_span;
} ev_error;

/* Identifier schemes for --ids. */
enum { IDS_RANDOM, IDS_COUNTER };

typedef struct ev_options {
    int64_t now_ms;            /* the clock, epoch milliseconds */
    int ids;                   /* IDS_RANDOM or IDS_COUNTER */
    uint64_t seed;             /* for random ids and math.random when nonzero */
    size_t max_foreach;        /* iterations per #foreach (AppSync: 1000) */
    size_t max_output;         /* rendered bytes */
    int max_depth;             /* evaluation nesting */
    bool set_null_allowed;     /* Velocity's directive.set.null.allowed */
    bool transform_parens;     /* $util.transform: the APPSYNC_JS form */
    const char *auth_type;     /* what $util.authType() reports */
} ev_options;

typedef struct foreach_state {
    int64_t index;             /* 0-based */
    int64_t count;             /* 1-based */
    bool has_next;
    vval parent;               /* enclosing $foreach, or null */
} foreach_state;

/* Where a run of output bytes came from: a text node's bytes map one to one
 * onto the source; a reference's value maps to the reference's start. */
typedef struct ev_origin {
    size_t out_start;          /* first output byte of the run */
    size_t src_start;          /* template byte offset */
    bool verbatim;             /* output bytes are source bytes (TEXT) */
} ev_origin;

typedef struct eval_state {
    arena *ar;
    const ev_options *opt;
    vval *vars;                /* by symbol slot */
    size_t nvars;
    strbuf *out;               /* current output (interpolated strings swap it) */
    strbuf *top_out;           /* the template's own output, for origins */
    ev_origin *origins;        /* arena array, in output order */
    size_t norigins, origcap;
    vval ctx;
    ev_error *errors;          /* arena array */
    size_t nerrors, errcap;
    vval logs;                 /* List of String */
    vval resp_headers;         /* Map of $util.http.addResponseHeader(s) headers, or null */
    size_t resp_header_bytes;  /* bytes of every header name and value added, for the 4 KB cap */
    vval return_value;
    bool returned;             /* #return was executed */
    vval break_target;         /* $foreach scope #break names, or null for the innermost */
    int depth;
    uint64_t id_counter;
    uint64_t rng;
    int loops;                 /* #foreach nesting, for #break outside loops */
    strbuf scratch;            /* reused by eval_json_text (freed with the evaluation) */
} eval_state;

/* ---- eval.c ---- */
/* Render a statement list into ev->out. */
ev_status eval_block(eval_state *ev, const ast_node *block);
/* Record a runtime error at span sp and return EV_ERROR. */
ev_status eval_fail(eval_state *ev, vtl_span sp, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Record an error of the given kind (for $util.error and friends). */
void eval_record(eval_state *ev, ev_error_kind kind, vval message, vval type, vval data, vval info, vtl_span sp);
/* v as compact JSON text (Jackson's rules), a string in the evaluation's arena. */
vval eval_json_text(eval_state *ev, vval v);
/* String.valueOf(v), rendering #define blocks with the current variables. */
ev_status eval_to_string(eval_state *ev, vval v, vstr **out);

/* ---- eval_expr.c ---- */
/* Evaluate an expression to a value (null for undefined/failed). */
ev_status eval_expr(eval_state *ev, const ast_node *n, vval *out);
/* Velocity truthiness of a condition node (see reference 2.9.2). */
ev_status eval_cond(eval_state *ev, const ast_node *n, bool *out);
/* Evaluate a reference chain; *out is null when any link is null. */
ev_status eval_ref(eval_state *ev, const ast_node *ref, vval *out);
/* Java's `==` as Velocity 1.7 applies it. */
bool eval_equals(eval_state *ev, vval a, vval b);

/* ---- method.c ---- */
typedef enum mres { M_OK, M_NOTFOUND, M_ERROR } mres;
/* A method implementation: self and evaluated args in, result in *out.
 * M_NOTFOUND means no method of that name accepts these argument types (the
 * reference then renders as its own text); M_ERROR means it threw (an error
 * has been recorded). `site` locates the call for messages. */
typedef mres (*method_fn)(eval_state *ev, vval self, const vval *args, size_t nargs, vval *out,
                          const ast_node *site);
typedef struct method_def {
    const char *name;
    method_fn fn;
    int min_args, max_args;
} method_def;

/* Call self.name(args). */
mres method_call(eval_state *ev, vval self, const char *name, size_t nlen, const vval *args,
                 size_t nargs, vval *out, const ast_node *site);
/* Property lookup self.name (getter, Map.get, isX rules). */
mres method_property(eval_state *ev, vval self, const char *name, size_t nlen, vval *out,
                     const ast_node *site);
/* Index lookup self[idx]. */
mres method_index(eval_state *ev, vval self, vval idx, vval *out, const ast_node *site);
/* Find name in one of the method tables (the per-type tables below or a
 * $util namespace's), honouring the argument count; NULL when none fits. */
const method_def *method_find(const method_def *table, const char *name, size_t nlen, size_t nargs);
/* Raise a Java exception from a method: records a runtime error, returns M_ERROR. */
mres method_throw(eval_state *ev, const ast_node *site, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Method tables, one per receiver type (method_*.c). */
extern const method_def string_methods[];
extern const size_t string_methods_len;
extern const method_def list_methods[];
extern const size_t list_methods_len;
extern const method_def map_methods[];
extern const size_t map_methods_len;
extern const method_def number_methods[];
extern const size_t number_methods_len;
extern const method_def bool_methods[];
extern const size_t bool_methods_len;
extern const method_def entry_methods[];
extern const size_t entry_methods_len;
extern const method_def foreach_methods[];
extern const size_t foreach_methods_len;

/* ---- argument helpers for methods ---- */
/* The evaluation's random stream (splitmix64 over ev->rng): seeded by --seed,
 * otherwise from the clock; shared by the random ids and $util.math.random*. */
static inline uint64_t eval_random(eval_state *ev)
{
    uint64_t z = (ev->rng += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline bool arg_is_str(vval v) { return v.kind == VVAL_STRING || v.kind == VVAL_NULL; }
/* Java int parameter: Integer only (a Long does not narrow). */
static inline bool arg_is_int(vval v) { return v.kind == VVAL_INT; }

/* ---- ctx.c ---- */
/* Build $ctx from a parsed ctx.json object. */
vval ctx_build(eval_state *ev, vval json);

#endif
