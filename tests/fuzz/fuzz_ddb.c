/* fuzz_ddb: libFuzzer target — the first byte picks a DynamoDB operation, the
 * rest is its JSON request, run on a fresh engine holding two small tables
 * (one hash key, one hash+range key with a GSI and an LSI). */
#include "vtl/vtl_ddb.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const OPS[] = {
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
    "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "NoSuchOperation",
};

static const char TABLES[] =
    "{\"Tables\":[{\"TableName\":\"tbl\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
    "\"Items\":[{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"},\"l\":{\"L\":[{\"S\":\"x\"}]},\"m\":{\"M\":{\"k\":{\"BOOL\":true}}}}]},"
    "{\"TableName\":\"rng\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
    "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"AttributeDefinitions\":["
    "{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"},"
    "{\"AttributeName\":\"g\",\"AttributeType\":\"S\"},{\"AttributeName\":\"ls\",\"AttributeType\":\"B\"}],"
    "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"G\",\"KeySchema\":[{\"AttributeName\":\"g\",\"KeyType\":\"HASH\"}],"
    "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}],"
    "\"LocalSecondaryIndexes\":[{\"IndexName\":\"L\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
    "{\"AttributeName\":\"ls\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}],"
    "\"Items\":[{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"g\":{\"S\":\"x\"}},"
    "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2.5\"},\"ls\":{\"B\":\"AQI=\"}}]}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    vtl_ddb *db = vtl_ddb_new();
    char *err = NULL;
    if (!vtl_ddb_create_tables(db, TABLES, strlen(TABLES), &err))
        abort();   /* the fixed tables must load */
    const char *op = OPS[data[0] % (sizeof OPS / sizeof *OPS)];
    vtl_ddb_result *r = vtl_ddb_call(db, op, (const char *)data + 1, size - 1);
    free(vtl_ddb_result_json(r));
    vtl_ddb_result_free(r);
    free(vtl_ddb_tables_json(db));
    free(vtl_ddb_state_json(db));
    vtl_ddb_free(db);
    return 0;
}
