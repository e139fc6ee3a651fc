/* check_ddb_ops: the operations through the public interface
 * (include/vtl/vtl_ddb.h): writes with ReturnValues and conditions,
 * queries and scans with indexes and paging, batches, transactions, errors
 * that must leave the tables unchanged, and the state file. */
#include "check_ddb_suites.h"
#include "vtl/vtl_ddb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static vtl_ddb *db;

static const char *TABLES =
    "{\"Tables\":[{\"TableName\":\"tbl\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
    "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\","
    "\"AttributeType\":\"N\"},{\"AttributeName\":\"g\",\"AttributeType\":\"S\"},{\"AttributeName\":\"ls\","
    "\"AttributeType\":\"S\"}],"
    "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"byG\",\"KeySchema\":[{\"AttributeName\":\"g\",\"KeyType\":\"HASH\"}],"
    "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}],"
    "\"LocalSecondaryIndexes\":[{\"IndexName\":\"byLs\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
    "{\"AttributeName\":\"ls\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"INCLUDE\","
    "\"NonKeyAttributes\":[\"v\"]}}],"
    "\"Items\":[{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"v\":{\"N\":\"1\"},\"g\":{\"S\":\"red\"},\"ls\":{\"S\":\"c\"}},"
    "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"},\"v\":{\"N\":\"2\"},\"ls\":{\"S\":\"b\"},\"w\":{\"S\":\"x\"}},"
    "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"3\"},\"v\":{\"N\":\"3\"},\"g\":{\"S\":\"red\"},\"ls\":{\"S\":\"a\"}},"
    "{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"},\"v\":{\"N\":\"4\"},\"g\":{\"S\":\"blue\"}}]},"
    "{\"TableName\":\"one\",\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}]}]}";

static void setup(void)
{
    db = vtl_ddb_new();
    char *err = NULL;
    ck_assert_msg(vtl_ddb_create_tables(db, TABLES, strlen(TABLES), &err), "%s", err ? err : "");
}

static void teardown(void) { vtl_ddb_free(db); }

/* Run op with request; "OK <response>" or "<ErrorName>: <message>". */
static const char *call(const char *op, const char *req)
{
    static char buf[8192];
    vtl_ddb_result *r = vtl_ddb_call(db, op, req, strlen(req));
    if (vtl_ddb_result_ok(r))
        snprintf(buf, sizeof buf, "OK %s", vtl_ddb_result_response(r));
    else
        snprintf(buf, sizeof buf, "%s: %s", vtl_ddb_result_error_name(r), vtl_ddb_result_error_message(r));
    vtl_ddb_result_free(r);
    return buf;
}

static char *tables(void) { return vtl_ddb_tables_json(db); }

START_TEST(put_get_update_delete)
{
    ck_assert_str_eq(call("PutItem", "{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"k\"},\"a\":{\"N\":\"1\"}}}"), "OK {}");
    ck_assert_str_eq(call("PutItem", "{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"k\"},\"a\":{\"N\":\"2\"}},"
                                     "\"ReturnValues\":\"ALL_OLD\"}"),
                     "OK {\"Attributes\":{\"id\":{\"S\":\"k\"},\"a\":{\"N\":\"1\"}}}");
    ck_assert_str_eq(call("GetItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"k\"}},\"ProjectionExpression\":\"a\"}"),
                     "OK {\"Item\":{\"a\":{\"N\":\"2\"}}}");
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"k\"}},\"UpdateExpression\":"
                                        "\"SET a = a + :one, b = :one\",\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"}},"
                                        "\"ReturnValues\":\"UPDATED_NEW\"}"),
                     "OK {\"Attributes\":{\"a\":{\"N\":\"3\"},\"b\":{\"N\":\"1\"}}}");
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"k\"}},\"UpdateExpression\":"
                                        "\"REMOVE b\",\"ReturnValues\":\"UPDATED_OLD\"}"),
                     "OK {\"Attributes\":{\"b\":{\"N\":\"1\"}}}");
    ck_assert_str_eq(call("DeleteItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"k\"}},\"ReturnValues\":\"ALL_OLD\"}"),
                     "OK {\"Attributes\":{\"id\":{\"S\":\"k\"},\"a\":{\"N\":\"3\"}}}");
    ck_assert_str_eq(call("GetItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"k\"}}}"), "OK {}");
    /* an update of a missing item creates it; one made only of REMOVEs does not */
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"n\"}},\"UpdateExpression\":"
                                        "\"REMOVE x\",\"ReturnValues\":\"ALL_NEW\"}"), "OK {}");
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"n\"}},\"ReturnValues\":\"ALL_NEW\"}"),
                     "OK {\"Attributes\":{\"id\":{\"S\":\"n\"}}}");
}
END_TEST

START_TEST(conditions_and_failures_change_nothing)
{
    const char *cond = "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                       "\"UpdateExpression\":\"SET v = :z\",\"ConditionExpression\":\"v = :z\","
                       "\"ExpressionAttributeValues\":{\":z\":{\"N\":\"0\"}},"
                       "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}";
    char *before = tables();
    vtl_ddb_result *r = vtl_ddb_call(db, "UpdateItem", cond, strlen(cond));
    ck_assert(!vtl_ddb_result_ok(r));
    ck_assert_str_eq(vtl_ddb_result_error_json(r),
                     "{\"name\":\"ConditionalCheckFailedException\",\"message\":\"The conditional request failed\","
                     "\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"v\":{\"N\":\"1\"},\"g\":{\"S\":\"red\"},"
                     "\"ls\":{\"S\":\"c\"}}}");
    vtl_ddb_result_free(r);
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                                        "\"UpdateExpression\":\"SET w = :s, v = v + :s\","
                                        "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"x\"}}}"),
                     "ValidationException: Invalid UpdateExpression: Incorrect operand type for operator or function; "
                     "operator or function: +, operand type: S");
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                                        "\"UpdateExpression\":\"SET w = :s, q = ls + v\","
                                        "\"ExpressionAttributeValues\":{\":s\":{\"S\":\"x\"}}}"),
                     "ValidationException: An operand in the update expression has an incorrect data type");
    ck_assert_str_eq(call("PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},"
                                     "\"g\":{\"N\":\"1\"}}}"),
                     "ValidationException: One or more parameter values were invalid: Type mismatch for Index Key g "
                     "Expected: S Actual: N IndexName: byG");
    ck_assert_str_eq(call("UpdateItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                                        "\"UpdateExpression\":\"SET sk = :s\",\"ExpressionAttributeValues\":{\":s\":{\"N\":\"9\"}}}"),
                     "ValidationException: One or more parameter values were invalid: Cannot update attribute sk. This "
                     "attribute is part of the key");
    char *after = tables();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    ck_assert_str_eq(call("GetItem", "{\"TableName\":\"nope\",\"Key\":{\"id\":{\"S\":\"k\"}}}"),
                     "ResourceNotFoundException: Requested resource not found");
    ck_assert_str_eq(call("Frobnicate", "{}"), "UnknownOperationException: Unknown operation: Frobnicate");
    const char *m = call("GetItem", "{\"TableName\":");
    ck_assert_msg(strncmp(m, "SerializationException: ", 24) == 0, "%s", m);
}
END_TEST

START_TEST(query_paging_and_indexes)
{
    const char *q = "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p AND sk >= :s\",\"Limit\":2,"
                    "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":s\":{\"N\":\"1\"}},"
                    "\"ProjectionExpression\":\"sk\"}";
    ck_assert_str_eq(call("Query", q), "OK {\"Count\":2,\"ScannedCount\":2,\"Items\":[{\"sk\":{\"N\":\"1\"}},"
                                       "{\"sk\":{\"N\":\"2\"}}],\"LastEvaluatedKey\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}}}");
    const char *q2 = "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p AND sk >= :s\",\"Limit\":2,"
                     "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":s\":{\"N\":\"1\"}},"
                     "\"ProjectionExpression\":\"sk\",\"ExclusiveStartKey\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"}}}";
    ck_assert_str_eq(call("Query", q2), "OK {\"Count\":1,\"ScannedCount\":1,\"Items\":[{\"sk\":{\"N\":\"3\"}}]}");
    const char *back = "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"pk = :p\",\"ScanIndexForward\":false,"
                       "\"FilterExpression\":\"v <> :two\",\"Select\":\"COUNT\","
                       "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":two\":{\"N\":\"2\"}}}";
    ck_assert_str_eq(call("Query", back), "OK {\"Count\":2,\"ScannedCount\":3}");
    const char *gsi = "{\"TableName\":\"tbl\",\"IndexName\":\"byG\",\"KeyConditionExpression\":\"g = :g\","
                      "\"ExpressionAttributeValues\":{\":g\":{\"S\":\"red\"}}}";
    ck_assert_str_eq(call("Query", gsi), "OK {\"Count\":2,\"ScannedCount\":2,\"Items\":["
                                         "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"g\":{\"S\":\"red\"}},"
                                         "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"3\"},\"g\":{\"S\":\"red\"}}]}");
    const char *lsi = "{\"TableName\":\"tbl\",\"IndexName\":\"byLs\",\"KeyConditionExpression\":\"pk = :p AND ls < :l\","
                      "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"a\"},\":l\":{\"S\":\"c\"}}}";
    ck_assert_str_eq(call("Query", lsi), "OK {\"Count\":2,\"ScannedCount\":2,\"Items\":["
                                         "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"3\"},\"v\":{\"N\":\"3\"},\"ls\":{\"S\":\"a\"}},"
                                         "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"2\"},\"v\":{\"N\":\"2\"},\"ls\":{\"S\":\"b\"}}]}");
    ck_assert_str_eq(call("Query", "{\"TableName\":\"tbl\",\"KeyConditionExpression\":\"sk = :s\","
                                   "\"ExpressionAttributeValues\":{\":s\":{\"N\":\"1\"}}}"),
                     "ValidationException: Query condition missed key schema element: pk");
    ck_assert_str_eq(call("Query", "{\"TableName\":\"tbl\",\"IndexName\":\"byG\",\"ConsistentRead\":true,"
                                   "\"KeyConditionExpression\":\"g = :g\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"x\"}}}"),
                     "ValidationException: Consistent reads are not supported on global secondary indexes");
}
END_TEST

START_TEST(scan_segments_cover_the_table)
{
    for (int i = 0; i < 40; i++) {
        char req[200];
        snprintf(req, sizeof req, "{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"k%d\"}}}", i);
        ck_assert_str_eq(call("PutItem", req), "OK {}");
    }
    int total = 0;
    for (int seg = 0; seg < 3; seg++) {
        char req[200];
        snprintf(req, sizeof req, "{\"TableName\":\"one\",\"Segment\":%d,\"TotalSegments\":3,\"Select\":\"COUNT\"}", seg);
        int count = -1;
        ck_assert_int_eq(sscanf(call("Scan", req), "OK {\"Count\":%d", &count), 1);
        total += count;
    }
    ck_assert_int_eq(total, 40);
    const char *page = call("Scan", "{\"TableName\":\"one\",\"Limit\":39,\"Select\":\"COUNT\"}");
    ck_assert_msg(strstr(page, "\"LastEvaluatedKey\":{\"id\":{\"S\":\"k8\"}}") != NULL, "%s", page);
    ck_assert_str_eq(call("Scan", "{\"TableName\":\"one\",\"Segment\":3,\"TotalSegments\":3}"),
                     "ValidationException: The Segment parameter is zero-based and must be less than parameter "
                     "TotalSegments: Segment: 3 is not less than TotalSegments: 3");
}
END_TEST

START_TEST(batches)
{
    ck_assert_str_eq(call("BatchWriteItem", "{\"RequestItems\":{\"one\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"x\"}}}},"
                                            "{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"y\"}}}}],"
                                            "\"tbl\":[{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"}}}}]}}"),
                     "OK {\"UnprocessedItems\":{}}");
    ck_assert_str_eq(call("BatchGetItem", "{\"RequestItems\":{\"one\":{\"Keys\":[{\"id\":{\"S\":\"y\"}},{\"id\":{\"S\":\"z\"}},"
                                          "{\"id\":{\"S\":\"x\"}}]},\"tbl\":{\"Keys\":[{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"1\"}}]}}}"),
                     "OK {\"Responses\":{\"one\":[{\"id\":{\"S\":\"y\"}},{\"id\":{\"S\":\"x\"}}],\"tbl\":[]},\"UnprocessedKeys\":{}}");
    ck_assert_str_eq(call("BatchWriteItem", "{\"RequestItems\":{\"one\":[{\"PutRequest\":{\"Item\":{\"id\":{\"S\":\"q\"}}}},"
                                            "{\"DeleteRequest\":{\"Key\":{\"id\":{\"S\":\"q\"}}}}]}}"),
                     "ValidationException: Provided list of item keys contains duplicates");
    ck_assert_str_eq(call("GetItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"q\"}}}"), "OK {}");
}
END_TEST

START_TEST(transactions_all_or_nothing)
{
    const char *tx = "{\"TransactItems\":["
                     "{\"Put\":{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"t1\"}}}},"
                     "{\"Update\":{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                     "\"UpdateExpression\":\"SET v = :z\",\"ConditionExpression\":\"v = :z\","
                     "\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\","
                     "\"ExpressionAttributeValues\":{\":z\":{\"N\":\"0\"}}}}]}";
    vtl_ddb_result *r = vtl_ddb_call(db, "TransactWriteItems", tx, strlen(tx));
    ck_assert(!vtl_ddb_result_ok(r));
    ck_assert_str_eq(vtl_ddb_result_error_message(r), "Transaction cancelled, please refer cancellation reasons for "
                                                      "specific reasons [None, ConditionalCheckFailed]");
    ck_assert_msg(strstr(vtl_ddb_result_error_json(r), "\"CancellationReasons\":[{\"Code\":\"None\"},"
                                                       "{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional "
                                                       "request failed\",\"Item\":{\"pk\":") != NULL,
                  "%s", vtl_ddb_result_error_json(r));
    vtl_ddb_result_free(r);
    ck_assert_str_eq(call("GetItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"t1\"}}}"), "OK {}");
    const char *good = "{\"ClientRequestToken\":\"tok\",\"TransactItems\":["
                       "{\"Put\":{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"t1\"},\"n\":{\"N\":\"1\"}}}},"
                       "{\"ConditionCheck\":{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}},"
                       "\"ConditionExpression\":\"attribute_exists(v)\"}}]}";
    ck_assert_str_eq(call("TransactWriteItems", good), "OK {}");
    ck_assert_str_eq(call("PutItem", "{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"t1\"},\"n\":{\"N\":\"2\"}}}"), "OK {}");
    ck_assert_str_eq(call("TransactWriteItems", good), "OK {}");   /* a retry is not applied again */
    ck_assert_str_eq(call("GetItem", "{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"t1\"}}}"),
                     "OK {\"Item\":{\"id\":{\"S\":\"t1\"},\"n\":{\"N\":\"2\"}}}");
    ck_assert_str_eq(call("TransactGetItems", "{\"TransactItems\":[{\"Get\":{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"t1\"}},"
                                              "\"ProjectionExpression\":\"n\"}},{\"Get\":{\"TableName\":\"one\",\"Key\":"
                                              "{\"id\":{\"S\":\"zz\"}}}}]}"),
                     "OK {\"Responses\":[{\"Item\":{\"n\":{\"N\":\"2\"}}},{}]}");
    ck_assert_str_eq(call("TransactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":\"one\",\"Item\":{\"id\":{\"S\":\"d\"}}}},"
                                                "{\"Delete\":{\"TableName\":\"one\",\"Key\":{\"id\":{\"S\":\"d\"}}}}]}"),
                     "ValidationException: Transaction request cannot include multiple operations on one item");
}
END_TEST

START_TEST(state_round_trip)
{
    char path[] = "/tmp/check_ddb_stateXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    vtl_ddb *fresh = vtl_ddb_new();
    bool loaded = true;
    char *err = NULL;
    ck_assert(vtl_ddb_load_state(fresh, path, &loaded, &err));
    ck_assert(!loaded);
    ck_assert(vtl_ddb_save_state(db, path, &err));
    ck_assert(vtl_ddb_load_state(fresh, path, &loaded, &err));
    ck_assert(loaded);
    char *a = tables(), *b = vtl_ddb_tables_json(fresh);
    ck_assert_str_eq(a, b);
    const char *gsi = "{\"TableName\":\"tbl\",\"IndexName\":\"byG\",\"KeyConditionExpression\":\"g = :g\","
                      "\"Select\":\"COUNT\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"red\"}}}";
    vtl_ddb_result *r = vtl_ddb_call(fresh, "Query", gsi, strlen(gsi));
    ck_assert_str_eq(vtl_ddb_result_response(r), "{\"Count\":2,\"ScannedCount\":2}");
    vtl_ddb_result_free(r);
    free(a);
    free(b);
    vtl_ddb_free(fresh);
    ck_assert(!vtl_ddb_save_state(db, "/nonexistent-dir/state.json", &err));
    free(err);
    unlink(path);
}
END_TEST

Suite *ddb_ops_suite(void)
{
    Suite *s = suite_create("ddb_ops");
    TCase *tc = tcase_create("ops");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, put_get_update_delete);
    tcase_add_test(tc, conditions_and_failures_change_nothing);
    tcase_add_test(tc, query_paging_and_indexes);
    tcase_add_test(tc, scan_segments_cover_the_table);
    tcase_add_test(tc, batches);
    tcase_add_test(tc, transactions_all_or_nothing);
    tcase_add_test(tc, state_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
