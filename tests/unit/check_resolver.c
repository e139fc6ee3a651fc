/* check_resolver: AppSync's reading of rendered output and the request
 * document checks, with AppSync's messages. */
#include "check_suites.h"
#include "resolver/appsync_json.h"
#include "resolver/request_doc.h"
#include "vval/vval_json.h"
#include <stdio.h>
#include <string.h>

static arena ar;
static void setup(void) { arena_init(&ar, 4096); }
static void teardown(void) { arena_free(&ar); }

/* Check a document given as JSON; returns the message ("" when valid). */
static const char *check(ds_kind kind, const char *json, const char *function_version)
{
    static char buf[512];
    vval doc;
    ck_assert_msg(vjson_parse(&ar, json, strlen(json), NULL, &doc, NULL), "bad test JSON: %s", json);
    strbuf msg = STRBUF_INIT;
    bool ok = reqdoc_check(kind, doc, function_version, &msg);
    snprintf(buf, sizeof buf, "%s", ok ? "" : strbuf_cstr(&msg));
    ck_assert(ok == (msg.len == 0));
    strbuf_free(&msg);
    return buf;
}

START_TEST(appsync_json_rules)
{
    vval v;
    strbuf msg = STRBUF_INIT;
    size_t at;
    ck_assert(appsync_json_read(&ar, "{\"a\": [1, 2,],}\n", 16, false, &v, &msg, &at));
    ck_assert_int_eq(reqdoc_get(v, "a").u.l->len, 2);
    ck_assert(!appsync_json_read(&ar, "{\"a\": 1, \"a\": 2}", 16, false, &v, &msg, &at));
    ck_assert_str_eq(strbuf_cstr(&msg), "Duplicate field 'a' detected on Object. Duplicate JSON keys are not allowed.");
    ck_assert_uint_eq(at, 9);
    strbuf_reset(&msg);
    ck_assert(!appsync_json_read(&ar, "{} x", 4, false, &v, &msg, &at));
    ck_assert_str_eq(strbuf_cstr(&msg), "Trailing characters at the end of the JSON string are not allowed.");
    strbuf_reset(&msg);
    ck_assert(!appsync_json_read(&ar, " \n ", 3, true, &v, &msg, &at));
    ck_assert_str_eq(strbuf_cstr(&msg), "Template transformation yielded an empty response.");
    strbuf_reset(&msg);
    ck_assert(!appsync_json_read(&ar, "# comment", 9, true, &v, &msg, &at));
    ck_assert_str_eq(strbuf_cstr(&msg), "Unable to convert # comment to class java.lang.Object.");
    strbuf_free(&msg);
}
END_TEST

START_TEST(dynamodb_documents)
{
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2017-02-28\", \"key\": {\"id\": {\"S\": \"1\"}}}", NULL),
                     "Value for field '$[operation]' not found.");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"GetItem\", "
                                        "\"key\": {\"id\": {\"S\": \"1\"}}, \"consistentRead\": true}", NULL), "");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"PutItem\", \"key\": {\"id\": {\"S\": \"1\"}},"
                                        "\"condition\": {\"expression\": \"a = :a\", \"returnValuesOnConditionCheckFailure\": false}}",
                           NULL),
                     "Unsupported element '$[condition][returnValuesOnConditionCheckFailure]'.");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"UpdateItem\", "
                                        "\"key\": {\"id\": {\"S\": \"1\"}}}", NULL),
                     "Value for field '$[update]' not found.");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"Scan\", \"scanIndexForward\": true}", NULL),
                     "Unsupported element '$[scanIndexForward]'.");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"Query\", "
                                        "\"query\": {\"expression\": \"id = :id\"}, \"limit\": \"10\"}", NULL),
                     "Expected an integer for field '$[limit]'.");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"GetItem\", "
                                        "\"key\": {\"id\": {\"S\": \"1\", \"N\": 2}}}", NULL),
                     "Expected a typed value with exactly one member for field '$[key][id]'.");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2017-02-28\", \"operation\": \"BatchGetItem\", "
                                        "\"tables\": {\"t\": {\"keys\": [{\"id\": {\"S\": \"1\"}}]}}}", NULL),
                     "Operation 'BatchGetItem' requires version '2018-05-29'.");
    /* a pipeline function's version comes from the function */
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"operation\": \"TransactGetItems\", \"transactItems\": "
                                        "[{\"table\": \"t\", \"key\": {\"id\": {\"N\": 1}}}]}", "2018-05-29"), "");
    ck_assert_str_eq(check(DS_DYNAMODB, "{\"version\": \"2018-05-29\", \"operation\": \"Frobnicate\"}", NULL),
                     "Unsupported operation 'Frobnicate'.");
}
END_TEST

START_TEST(other_data_sources)
{
    ck_assert_str_eq(check(DS_NONE, "{\"version\": \"2017-02-28\", \"payload\": {\"a\": 1}}", NULL), "");
    ck_assert_str_eq(check(DS_NONE, "{\"payload\": {}}", NULL), "Value for field '$[version]' not found.");
    ck_assert_str_eq(check(DS_LAMBDA, "{\"version\": \"2018-05-29\", \"operation\": \"Call\"}", NULL),
                     "Unsupported operation 'Call' for field '$[operation]'.");
    ck_assert_str_eq(check(DS_HTTP, "{\"version\": \"2018-05-29\", \"method\": \"GET\"}", NULL),
                     "Value for field '$[resourcePath]' not found.");
    ck_assert_str_eq(check(DS_HTTP, "{\"version\": \"2018-05-29\", \"method\": \"GET\", \"resourcePath\": \"/\", "
                                    "\"params\": {\"headers\": {\"a\": 1}}}", NULL),
                     "Expected a JSON object of strings for field '$[params][headers]'.");
}
END_TEST

Suite *resolver_suite(void)
{
    Suite *s = suite_create("resolver");
    TCase *tc = tcase_create("resolver");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, appsync_json_rules);
    tcase_add_test(tc, dynamodb_documents);
    tcase_add_test(tc, other_data_sources);
    suite_add_tcase(s, tc);
    return s;
}
