/* util: the $util registry.
 *
 * $util (and its alias $utils) is an object whose methods are the core helpers
 * and whose properties are namespaces ($util.time, $util.log, ...). Every
 * namespace is a sorted table of method_def {name, fn, min, max}; the registry
 * lists the namespaces. A call that matches no entry by name and arity, or an
 * entry that rejects its argument types, is "method not found": the reference
 * renders as its own text, as AppSync does. */
#ifndef VTL_UTIL_UTIL_H
#define VTL_UTIL_UTIL_H
#include "eval/eval.h"

typedef struct util_ns {
    const char *name;         /* "" for $util itself */
    const method_def *fns;
    size_t nfns;
} util_ns;

/* Every namespace, $util itself first (for indexing their method tables). */
const util_ns *const *util_namespaces(size_t *n);

/* The namespaces, defined in util_<name>.c. */
extern const util_ns util_ns_core;       /* util_core.c */
extern const util_ns util_ns_log;        /* util_core.c */
extern const util_ns util_ns_time;       /* util_time.c */
extern const util_ns util_ns_list;       /* util_list.c */
extern const util_ns util_ns_map;        /* util_map.c */
extern const util_ns util_ns_math;       /* util_math.c */
extern const util_ns util_ns_str;        /* util_str.c */
extern const util_ns util_ns_dynamodb;   /* util_dynamodb.c */
extern const util_ns util_ns_transform;  /* util_transform.c */
extern const util_ns util_ns_rds;        /* util_rds.c */
extern const util_ns util_ns_http;       /* util_http.c */
extern const util_ns util_ns_xml;        /* util_xml.c */

/* The $util object. */
vval util_root(eval_state *ev);
/* $util.<name>(args) or $util.<ns>.<name>(args). */
mres util_call(eval_state *ev, vval self, const char *name, size_t nlen, const vval *args, size_t nargs,
               vval *out, const ast_node *site);
/* $util.<ns>: the namespace object, or not found. */
mres util_property(eval_state *ev, vval self, const char *name, size_t nlen, vval *out);
/* Append every function as "$util.ns.name/arity" lines, sorted; returns the count. */
size_t util_list_builtins(strbuf *out);

/* Argument helpers shared by the namespaces. */
static inline bool util_is_str(vval v) { return v.kind == VVAL_STRING; }
/* Value for a `void` result: renders as nothing. */
vval util_void(eval_state *ev);

#endif
