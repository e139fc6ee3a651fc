/* opts: vtl-eval's command line. */
#ifndef VTL_CLI_OPTS_H
#define VTL_CLI_OPTS_H
#include "vtl/vtl.h"
#include <stdbool.h>
#include <stdio.h>

/* Exit codes, documented in vtl-eval(1). */
enum { EXIT_RENDERED = 0, EXIT_EVAL_ERROR = 1, EXIT_USAGE = 2, EXIT_PARSE = 3 };

typedef struct cli_opts {
    const char *template_path;
    const char *ctx_path;
    bool json;
    vtl_format format;
    bool dump_ast;
    bool list_builtins;
    bool help, version;
    long repeat;
    const char *state_path;     /* --state: the DynamoDB tables */
    const char *execute_table;  /* --execute TABLE */
    const char *response_path;  /* --response RES.vtl */
    size_t max_template;
    vtl_options eval;
} cli_opts;

/* Parse argv; on a usage error prints a message to stderr and returns false. */
bool cli_parse_opts(cli_opts *o, int argc, char **argv);
void cli_usage(FILE *f);
/* Parse an ISO-8601 instant or epoch milliseconds; false if malformed. */
bool cli_parse_time(const char *s, int64_t *ms);

#endif
