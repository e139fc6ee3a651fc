/* resolve_cmd: `vtl-eval resolve RESOLVER --ctx CTX.json [--state DB.json]`
 * and the unit shortcut `vtl-eval REQ.vtl --ctx CTX.json --execute TABLE`. */
#ifndef VTL_CLI_RESOLVE_CMD_H
#define VTL_CLI_RESOLVE_CMD_H
#include "cli/opts.h"

/* Run the resolve subcommand; argv[0] is "resolve". Returns the exit code. */
int cli_resolve_main(int argc, char **argv);
/* The --execute shortcut with already-parsed options. */
int cli_execute(const cli_opts *o, const char *req, size_t req_len, const char *ctx, size_t ctx_len);

#endif
