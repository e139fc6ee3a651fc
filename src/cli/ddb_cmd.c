/* ddb_cmd: the `vtl-eval ddb` subcommand (the DynamoDB engine's front end). */
#include "cli/ddb_cmd.h"
#include "cli/opts.h"
#include <stdio.h>

int cli_ddb_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "vtl-eval ddb: the DynamoDB engine is not built yet\n");
    return EXIT_USAGE;
}
