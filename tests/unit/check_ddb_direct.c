/* check_ddb_direct: the direct decoder of PutItem/GetItem bodies
 * (src/ddb/ddb_direct.h): what it accepts decodes exactly as the general
 * path (ddb_json_parse + ddb_item_from_json), everything else is declined,
 * and requests answered through it match the general path's answers,
 * errors included. */
#include "check_ddb_suites.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_direct.h"
#include "ddb/ddb_json.h"
#include "vtl/vtl_ddb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static arena ar;

static void setup(void) { arena_init(&ar, 4096); }
static void teardown(void) { arena_free(&ar); }

static bool decode(const char *body, const char *member, ddb_direct *d)
{
    return ddb_direct_decode(&ar, body, strlen(body), member, d);
}

/* The general path's item: the member's map converted, with no
 * serialization or validation error. */
static void general(const char *body, const char *member, ddb_json **name, ddb_value *map)
{
    ddb_json *j = NULL;
    char err[160];
    ck_assert_msg(ddb_json_parse(&ar, body, strlen(body), &j, err, sizeof err), "%s: %s", body, err);
    ddb_conv c = {&ar, false, NULL, NULL};
    ck_assert(ddb_item_from_json(&c, ddb_json_get(j, member), map));
    ck_assert_msg(!c.val_err, "%s: %s", body, c.val_err);
    *name = ddb_json_get(j, "TableName");
}

static char *item_text(const ddb_value *v)
{
    strbuf sb = STRBUF_INIT;
    ddb_item_to_json(&sb, v);
    return strbuf_take(&sb);
}

/* Types, member order, names and values match (lists compared element by
 * element through the JSON text, which keeps order and types). */
static void assert_same(const char *body, const char *member)
{
    ddb_direct d;
    ck_assert_msg(decode(body, member, &d), "declined: %s", body);
    ddb_json *name = NULL;
    ddb_value want;
    general(body, member, &name, &want);
    ck_assert_int_eq(d.name.kind, DDB_JSON_STRING);
    ck_assert_uint_eq(d.name.len, name->len);
    ck_assert_mem_eq(d.name.str, name->str, name->len);
    ck_assert_int_eq(d.map.type, DDB_M);
    ck_assert_uint_eq(d.map.u.map.len, want.u.map.len);
    for (size_t i = 0; i < want.u.map.len; i++) {
        ck_assert_uint_eq(d.map.u.map.members[i].name_len, want.u.map.members[i].name_len);
        ck_assert_mem_eq(d.map.u.map.members[i].name, want.u.map.members[i].name, want.u.map.members[i].name_len);
    }
    ck_assert(ddb_value_equal(&d.map, &want));
    ck_assert_uint_eq(d.size_bound, strlen(body));
    ck_assert_uint_le(ddb_item_size(&want), d.size_bound);
    char *a = item_text(&d.map), *b = item_text(&want);
    ck_assert_str_eq(a, b);
    if (d.json) {   /* the kept text is the general writer's, byte for byte */
        ck_assert_uint_eq(d.json_len, strlen(b));
        ck_assert_mem_eq(d.json, b, d.json_len);
    }
    free(a);
    free(b);
}

START_TEST(direct_matches_general)
{
    static const char *const items[] = {
        "{}",
        "{\"pk\":{\"S\":\"u1\"}}",
        "{\"pk\":{\"S\":\"\"},\"n\":{\"N\":\"-0.500\"},\"e\":{\"N\":\"1E+5\"},\"big\":{\"N\":\"12345678901234567890123456789012345678\"}}",
        "{\"b\":{\"BOOL\":true},\"f\":{\"BOOL\":false},\"z\":{\"NULL\":true}}",
        "{\"m\":{\"M\":{}},\"l\":{\"L\":[]},\"deep\":{\"M\":{\"a\":{\"L\":[{\"S\":\"x\"},{\"N\":\"2\"},{\"M\":{\"q\":{\"NULL\":true}}}]}}}}",
        "{\"a\":{\"S\":\"1\"},\"b\":{\"S\":\"2\"},\"a\":{\"N\":\"3\"}}",            /* repeated: first place, last value */
        "{\"m\":{\"M\":{\"k\":{\"S\":\"1\"},\"k\":{\"S\":\"2\"},\"j\":{\"BOOL\":true}}}}",
        "{\"utf8\":{\"S\":\"caf\xc3\xa9 \xe2\x82\xac\"},\"\xc3\xa9\":{\"S\":\"/\"}}",
        " { \"pk\" : { \"S\" : \"a\" } ,\n\t\"l\" :\r{ \"L\" : [ { \"N\" : \"1\" } , { \"BOOL\" : false } ] } } ",
    };
    char body[1024];
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        snprintf(body, sizeof body, "{\"TableName\":\"tbl\",\"Item\":%s}", items[i]);
        assert_same(body, "Item");
        snprintf(body, sizeof body, " {\"Key\" : %s , \"TableName\":\"some-table.1\" }\n", items[i]);
        assert_same(body, "Key");
    }
    /* more members than the decoder's first stack holds */
    strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, "{\"TableName\":\"tbl\",\"Item\":{");
    for (int i = 0; i < 100; i++)
        strbuf_printf(&sb, "%s\"a%d\":{\"L\":[{\"N\":\"%d\"},{\"S\":\"s%d\"}]}", i ? "," : "", i % 70, i, i);
    strbuf_puts(&sb, "}}");
    assert_same(strbuf_cstr(&sb), "Item");
    strbuf_free(&sb);
}
END_TEST

/* The map's text is kept exactly when it is compact, without a repeated
 * name, and its numbers are in normal form. */
START_TEST(direct_keeps_plain_text)
{
    static const struct { const char *item; bool kept; } cases[] = {
        {"{}", true},
        {"{\"pk\":{\"S\":\"u1\"},\"n\":{\"N\":\"-19.99\"},\"z\":{\"N\":\"0\"},\"t\":{\"N\":\"1000\"}}", true},
        {"{\"b\":{\"BOOL\":false},\"z\":{\"NULL\":true},\"l\":{\"L\":[{\"M\":{}},{\"L\":[]},{\"S\":\"\xc3\xa9\"}]}}", true},
        {"{\"n\":{\"N\":\"1.0\"}}", false},
        {"{\"n\":{\"N\":\"-0\"}}", false},
        {"{\"n\":{\"N\":\"1e3\"}}", false},
        {"{\"n\":{\"N\":\"+1\"}}", false},
        {"{\"n\":{\"N\":\".5\"}}", false},
        {"{\"a\":{\"S\":\"1\"},\"a\":{\"S\":\"1\"}}", false},
        {"{\"m\":{\"M\":{\"a\":{\"S\":\"1\"},\"a\":{\"S\":\"2\"}}}}", false},
        {"{\"a\": {\"S\":\"1\"}}", false},
        {"{\"a\":{\"L\":[{\"N\":\"1\"} ]}}", false},
        {"{\"a\":{\"BOOL\": true}}", false},
        {" {}", false},
    };
    char body[512];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(body, sizeof body, "{\"TableName\":\"tbl\",\"Item\":%s}", cases[i].item);
        ddb_direct d;
        ck_assert_msg(decode(body, "Item", &d), "declined: %s", body);
        ck_assert_msg((d.json != NULL) == cases[i].kept, "%s", body);
        assert_same(body, "Item");
        if (d.json) {
            ck_assert_uint_eq(d.json_len, strlen(cases[i].item));
            ck_assert_mem_eq(d.json, cases[i].item, d.json_len);
        }
    }
    snprintf(body, sizeof body, "{\"TableName\": \"tbl\",\"Item\":{}}");   /* a blank anywhere */
    ddb_direct d;
    ck_assert(decode(body, "Item", &d) && !d.json);
}
END_TEST

START_TEST(direct_declines)
{
    static const char *const bodies[] = {
        "", "[]", "\"x\"", "{}", "{\"TableName\":\"tbl\"}", "{\"Item\":{}}",
        "{\"TableName\":\"tbl\",\"Item\":{},\"ReturnValues\":\"NONE\"}",      /* another member */
        "{\"TableName\":\"tbl\",\"TableName\":\"tbl\",\"Item\":{}}",          /* repeated members */
        "{\"TableName\":\"tbl\",\"Item\":{},\"Item\":{}}",
        "{\"TableName\":\"tbl\",\"Key\":{}}",                                 /* another operation's member */
        "{\"TableName\":null,\"Item\":{}}", "{\"TableName\":1,\"Item\":{}}",
        "{\"TableName\":\"tbl\",\"Item\":null}", "{\"TableName\":\"tbl\",\"Item\":[]}",
        "{\"Table\\u004eame\":\"tbl\",\"Item\":{}}",                          /* escapes */
        "{\"TableName\":\"t\\\"bl\",\"Item\":{}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\\n\":{\"S\":\"x\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":\"x\\u0000\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":\"x\ny\"}}}",           /* control byte */
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":null}}",                      /* values */
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":null}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":\"x\",\"Q\":1}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"X\":\"x\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":1}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"N\":1}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"N\":\"1x\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"N\":\"\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"N\":\"1E+200\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"N\":\"123456789012345678901234567890123456789\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"BOOL\":\"true\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"BOOL\":tru}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"NULL\":false}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"NULL\":null}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"B\":\"AQ==\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"SS\":[\"x\"]}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"NS\":[\"1\"]}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"BS\":[\"AQ==\"]}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"M\":[]}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"L\":{}}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"L\":[null]}}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"L\":[{\"S\":\"x\"},]}}}",   /* malformed JSON */
        "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":\"x\"},}}",
        "{\"TableName\":\"tbl\",\"Item\":{\"a\" {\"S\":\"x\"}}}",
        "{\"TableName\":\"tbl\" \"Item\":{}}",
        "{\"TableName\":\"tbl\",\"Item\":{a:{\"S\":\"x\"}}}",
        "{\"TableName\":\"tbl\",\"Item\":{}}x",
        "{\"TableName\":\"tbl\",\"Item\":{}}}",
    };
    ddb_direct d;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        ck_assert_msg(!decode(bodies[i], "Item", &d), "accepted: %s", bodies[i]);
    /* a NUL byte anywhere in an accepted body (the decoder's terminator) */
    const char *nul = "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"S\":\"xy\"},\"b\":{\"BOOL\":true}}} ";
    char buf[128];
    size_t nlen = strlen(nul);
    for (size_t at = 0; at < nlen; at++) {
        memcpy(buf, nul, nlen);
        buf[at] = '\0';
        ck_assert_msg(!ddb_direct_decode(&ar, buf, nlen, "Item", &d), "accepted a NUL at %zu", at);
    }
    ck_assert(ddb_direct_decode(&ar, nul, nlen, "Item", &d));
    /* every proper prefix of an accepted body */
    const char *ok = "{\"TableName\":\"tbl\",\"Item\":{\"a\":{\"L\":[{\"N\":\"1\"},{\"BOOL\":true},{\"NULL\":true}]},"
                     "\"m\":{\"M\":{\"b\":{\"BOOL\":false}}}}}";
    ck_assert(decode(ok, "Item", &d));
    for (size_t n = 0; n < strlen(ok); n++)
        ck_assert_msg(!ddb_direct_decode(&ar, ok, n, "Item", &d), "accepted a prefix of %zu bytes", n);
}
END_TEST

/* Nesting: 32 levels are decoded, deeper bodies go to the general path. */
START_TEST(direct_depth)
{
    for (int depth = 30; depth <= 34; depth++) {
        strbuf sb = STRBUF_INIT;
        strbuf_puts(&sb, "{\"TableName\":\"tbl\",\"Item\":{\"a\":");
        for (int i = 1; i < depth; i++)
            strbuf_puts(&sb, "{\"L\":[");
        strbuf_puts(&sb, "{\"S\":\"x\"}");
        for (int i = 1; i < depth; i++)
            strbuf_puts(&sb, "]}");
        strbuf_puts(&sb, "}}");
        ddb_direct d;
        bool accepted = decode(strbuf_cstr(&sb), "Item", &d);
        ck_assert_msg(accepted == (depth <= 32), "depth %d", depth);
        if (accepted)
            assert_same(strbuf_cstr(&sb), "Item");
        strbuf_free(&sb);
    }
}
END_TEST

/* ---------------------------------------------------------------- through vtl_ddb_call */

static const char *TABLES =
    "[{\"TableName\":\"tbl\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
    "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
    "\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"N\"},{\"AttributeName\":\"g\","
    "\"AttributeType\":\"S\"}],\"GlobalSecondaryIndexes\":[{\"IndexName\":\"byG\",\"KeySchema\":[{\"AttributeName\":"
    "\"g\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}]},"
    "{\"TableName\":\"a!b\",\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}]},"
    "{\"TableName\":\"ab\",\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
    "\"AttributeDefinitions\":[{\"AttributeName\":\"id\",\"AttributeType\":\"S\"}]}]";

static char *answer(vtl_ddb *db, const char *op, const char *body)
{
    vtl_ddb_result *r = vtl_ddb_call(db, op, body, strlen(body));
    char *s = vtl_ddb_result_json(r);
    vtl_ddb_result_free(r);
    return s;
}

/* The body with "TableName" written "Table\u004eame": the same request,
 * which the direct decoder declines. */
static void general_body(const char *body, char *out, size_t cap)
{
    const char *at = strstr(body, "TableName");
    ck_assert_ptr_nonnull(at);
    snprintf(out, cap, "%.*sTable\\u004eame%s", (int)(at - body), body, at + 9);
}

START_TEST(direct_calls_match_general)
{
    static const char *const calls[][2] = {
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"g\":{\"S\":\"x\"}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1.0\"},\"v\":{\"L\":[]}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"-2\"},\"m\":{\"M\":{\"x\":{\"NULL\":true}}}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"-2.00\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"zz\"},\"sk\":{\"N\":\"1\"}}}"},
        /* errors found after decoding, in DynamoDB's order */
        {"PutItem", "{\"TableName\":\"nope\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"},
        {"PutItem", "{\"TableName\":\"a!b\",\"Item\":{\"id\":{\"S\":\"a\"}}}"},
        {"PutItem", "{\"TableName\":\"ab\",\"Item\":{}}"},
        {"PutItem", "{\"TableName\":\"\",\"Item\":{}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"N\":\"1\"},\"sk\":{\"N\":\"1\"}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"\"},\"sk\":{\"N\":\"1\"}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"g\":{\"N\":\"1\"}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"g\":{\"S\":\"\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"},\"x\":{\"S\":\"1\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"S\":\"1\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"\"},\"sk\":{\"N\":\"1\"}}}"},
        {"GetItem", "{\"TableName\":\"no\",\"Key\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"},
        {"GetItem", "{\"TableName\":\"a!b\",\"Key\":{\"id\":{\"S\":\"a\"}}}"},
        /* items kept with their text, then changed: answers show the change */
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"3\"},\"n\":{\"N\":\"19.99\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"3\"}}}"},
        {"UpdateItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"3\"}},"
                       "\"UpdateExpression\":\"SET g = :g, n = :n\",\"ExpressionAttributeValues\":{\":g\":{\"S\":\"y\"},"
                       "\":n\":{\"N\":\"5.50\"}}}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"3\"}}}"},
        {"TransactGetItems", "{\"TransactItems\":[{\"Get\":{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"c\"},"
                             "\"sk\":{\"N\":\"3\"}}}}]}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"3\"}}}"},
        {"TransactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"c\"},"
                               "\"sk\":{\"N\":\"3\"},\"t\":{\"BOOL\":true}}}}]}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"c\"},\"sk\":{\"N\":\"3\"}}}"},
        {"PutItem", "{\"TableName\":\"tbl\",\"Item\":{\"pk\":{\"S\":\"d\"},\"sk\":{\"N\":\"4\"}}}"},
        {"DeleteItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"d\"},\"sk\":{\"N\":\"4\"}},"
                       "\"ReturnValues\":\"ALL_OLD\"}"},
        {"GetItem", "{\"TableName\":\"tbl\",\"Key\":{\"pk\":{\"S\":\"d\"},\"sk\":{\"N\":\"4\"}}}"},
    };
    vtl_ddb *direct = vtl_ddb_new(), *parsed = vtl_ddb_new();
    ck_assert(vtl_ddb_create_tables(direct, TABLES, strlen(TABLES), NULL));
    ck_assert(vtl_ddb_create_tables(parsed, TABLES, strlen(TABLES), NULL));
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        char body[512];
        general_body(calls[i][1], body, sizeof body);
        char *a = answer(direct, calls[i][0], calls[i][1]), *b = answer(parsed, calls[i][0], body);
        ck_assert_msg(strcmp(a, b) == 0, "%s %s:\n direct  %s\n general %s", calls[i][0], calls[i][1], a, b);
        free(a);
        free(b);
    }
    char *a = vtl_ddb_tables_json(direct), *b = vtl_ddb_tables_json(parsed);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    vtl_ddb_free(direct);
    vtl_ddb_free(parsed);
}
END_TEST

Suite *ddb_direct_suite(void)
{
    Suite *s = suite_create("ddb_direct");
    TCase *tc = tcase_create("direct");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, direct_matches_general);
    tcase_add_test(tc, direct_keeps_plain_text);
    tcase_add_test(tc, direct_declines);
    tcase_add_test(tc, direct_depth);
    tcase_add_test(tc, direct_calls_match_general);
    suite_add_tcase(s, tc);
    return s;
}
