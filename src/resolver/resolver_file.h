/* resolver_file: loads a resolver definition (JSON or YAML) whose field names
 * follow CloudFormation's AWS::AppSync::Resolver, FunctionConfiguration and
 * DataSource, so a CloudFormation definition reads with little translation.
 * Template fields hold the template text or name a .vtl file beside the
 * resolver file. */
#ifndef VTL_RESOLVER_RESOLVER_FILE_H
#define VTL_RESOLVER_RESOLVER_FILE_H
#include "base/strbuf.h"
#include "resolver/request_doc.h"
#include "vtl/vtl.h"
#include "vval/vval.h"

#define RS_MAX_FUNCTIONS 10   /* AppSync's quota per pipeline */

typedef struct rs_datasource {
    const char *name;
    ds_kind kind;
    const char *table;         /* DynamoDB: DynamoDBConfig.TableName */
    bool versioned;            /* DynamoDBConfig.Versioned */
    int64_t base_table_ttl;    /* minutes; DeltaSyncConfig.BaseTableTTL */
    int64_t delta_table_ttl;   /* minutes; DeltaSyncConfig.DeltaSyncTableTTL */
    const char *delta_table;   /* DeltaSyncConfig.DeltaSyncTableName */
    vval config;               /* the whole definition, for Lambda/HTTP results */
} rs_datasource;

typedef struct rs_step {
    const char *name;          /* function name, or "resolver" */
    const rs_datasource *ds;   /* NULL for pipeline before/after templates */
    vtl_template *request, *response;
    const char *request_name, *response_name;
    const char *function_version;  /* pipeline functions only */
    vval sync_config;              /* SyncConfig of the function or resolver, or null */
} rs_step;

typedef struct rs_resolver {
    arena ar;                  /* the parsed file and names */
    const char *type_name, *field_name;
    bool pipeline;
    rs_step unit;              /* UNIT: the resolver; PIPELINE: before (request) / after (response) */
    rs_step functions[RS_MAX_FUNCTIONS];
    size_t nfunctions;
    rs_datasource *datasources;
    size_t ndatasources;
    vval tables;               /* Tables: CreateTable definitions, or null */
    vval doc;                  /* the whole file */
} rs_resolver;

/* Load `path`. On failure returns NULL and writes a message (file:line:col
 * where known) to err. */
rs_resolver *rs_load(const char *path, strbuf *err);
/* Build from already-loaded parts: one unit resolver on one DynamoDB table
 * (the --execute shortcut). Template texts are copied. */
rs_resolver *rs_unit_on_table(const char *req_name, const char *req, size_t req_len, const char *res_name,
                              const char *res, size_t res_len, const char *table, strbuf *err);
void rs_free(rs_resolver *r);

#endif
