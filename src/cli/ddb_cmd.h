/* ddb_cmd: `vtl-eval ddb TABLES.json OPS.json [--state FILE]`. */
#ifndef VTL_CLI_DDB_CMD_H
#define VTL_CLI_DDB_CMD_H

/* Run the ddb subcommand; argv[0] is "ddb". Returns the exit code. */
int cli_ddb_main(int argc, char **argv);

#endif
