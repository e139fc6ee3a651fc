/* check_ddb_value: AttributeValues: wire-JSON conversion with DynamoDB's
 * serialization and validation messages, base64, equality, ordering, sizes,
 * heap copies; and the engine's JSON reader. */
#include "check_ddb_suites.h"
#include "base/alloc.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_json.h"
#include "ddb/ddb_jsonw.h"
#include "ddb/ddb_table.h"
#include "ddb/ddb_tree.h"
#include <stdio.h>
#include <string.h>

static arena ar;

static void setup(void) { arena_init(&ar, 4096); }
static void teardown(void) { arena_free(&ar); }

static ddb_json *json(const char *s)
{
    ddb_json *j = NULL;
    char err[160];
    ck_assert_msg(ddb_json_parse(&ar, s, strlen(s), &j, err, sizeof err), "bad JSON %s: %s", s, err);
    return j;
}

/* Convert one AttributeValue; returns "" when valid, the message otherwise
 * ("ser: ..." for serialization errors). */
static const char *conv(const char *s, ddb_value *out, bool appsync)
{
    static char buf[512];
    ddb_conv c = {&ar, appsync, NULL, NULL};
    ddb_value v;
    if (!ddb_value_from_json(&c, json(s), out ? out : &v)) {
        snprintf(buf, sizeof buf, "ser: %s", c.ser_err);
        return buf;
    }
    return c.val_err ? c.val_err : "";
}

static const char *round_trip(const char *s)
{
    static char buf[512];
    ddb_value v;
    ck_assert_str_eq(conv(s, &v, false), "");
    strbuf sb = STRBUF_INIT;
    ddb_value_to_json(&sb, &v);
    snprintf(buf, sizeof buf, "%s", strbuf_cstr(&sb));
    strbuf_free(&sb);
    return buf;
}

START_TEST(value_round_trips)
{
    ck_assert_str_eq(round_trip("{\"S\":\"a\\u0000b\"}"), "{\"S\":\"a\\u0000b\"}");
    ck_assert_str_eq(round_trip("{\"N\":\"1.50\"}"), "{\"N\":\"1.5\"}");
    ck_assert_str_eq(round_trip("{\"B\":\"AQID\"}"), "{\"B\":\"AQID\"}");
    ck_assert_str_eq(round_trip("{\"NULL\":true}"), "{\"NULL\":true}");
    ck_assert_str_eq(round_trip("{\"BOOL\":\"yes\"}"), "{\"BOOL\":true}");
    ck_assert_str_eq(round_trip("{\"NS\":[\"1\",\"2.50\"]}"), "{\"NS\":[\"1\",\"2.5\"]}");
    ck_assert_str_eq(round_trip("{\"L\":[{\"M\":{\"k\":{\"SS\":[\"x\"]}}},{\"BS\":[\"AQ==\"]}]}"),
                     "{\"L\":[{\"M\":{\"k\":{\"SS\":[\"x\"]}}},{\"BS\":[\"AQ==\"]}]}");
    ck_assert_str_eq(round_trip("{\"S\":\"x\",\"Q\":1}"), "{\"S\":\"x\"}");   /* unmodelled members dropped */
}
END_TEST

/* Items written member by member: scalar members are reserved for at once,
 * the others and long names or strings piece by piece; the text is the
 * canonical input either way. */
START_TEST(item_writer_members)
{
    char longs[301];
    memset(longs, 'q', 300);
    longs[300] = 0;
    strbuf in = STRBUF_INIT;
    strbuf_printf(&in, "{\"a\\\"b\\n\":{\"S\":\"x\\u0001\\t\"},\"%s\":{\"S\":\"%s\"},\"s\":{\"S\":\"%s\"},"
                       "\"%sx\":{\"N\":\"1\"},\"\":{\"S\":\"\"},\"t\":{\"BOOL\":true},\"f\":{\"BOOL\":false},"
                       "\"z\":{\"NULL\":true},\"n\":{\"N\":\"-0.001\"},\"e\":{\"N\":\"1000000000000000000000000000000000000000\"},"
                       "\"b\":{\"B\":\"AQID\"},\"l\":{\"L\":[{\"S\":\"\\\"\"},{\"M\":{\"k\":{\"N\":\"2.5\"}}}]},"
                       "\"ns\":{\"NS\":[\"1\",\"2\"]}}", longs, longs, longs, longs);
    ddb_value item;
    ddb_conv c = {&ar, false, NULL, NULL};
    ck_assert(ddb_item_from_json(&c, json(strbuf_cstr(&in)), &item));
    strbuf out = STRBUF_INIT;
    ddb_item_to_json(&out, &item);
    ck_assert_str_eq(strbuf_cstr(&out), strbuf_cstr(&in));
    strbuf_free(&in);
    strbuf_free(&out);
}
END_TEST

/* The direct writer escapes every byte as strbuf_json_string does, for
 * strings written in one reservation and for long ones. */
START_TEST(writer_matches_strbuf)
{
    char bytes[600];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (char)(i * 7 % 256);
    size_t lens[] = {0, 1, 40, 256, 257, 600};
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        strbuf a = STRBUF_INIT, b = STRBUF_INIT;
        strbuf_puts(&a, "x");
        strbuf_puts(&b, "x");
        ddb_jsonw_string(&a, bytes, lens[k]);
        strbuf_json_string(&b, bytes, lens[k]);
        ck_assert_uint_eq(a.len, b.len);
        ck_assert_int_eq(memcmp(a.data, b.data, a.len + 1), 0);
        strbuf_free(&a);
        strbuf_free(&b);
    }
    ck_assert_str_eq(round_trip("{\"S\":\"q\\\"\\\\\\n\\u001f\\u00e9\"}"), "{\"S\":\"q\\\"\\\\\\n\\u001F\xc3\xa9\"}");
    ck_assert_str_eq(round_trip("{\"N\":\"-1E-130\"}"), "{\"N\":\"-0.000000000000000000000000000000000000000000000000000000000000"
                     "0000000000000000000000000000000000000000000000000000000000000000000001\"}");
    ck_assert_str_eq(round_trip("{\"N\":\"12345678901234567890123456789012345678E2\"}"),
                     "{\"N\":\"1234567890123456789012345678901234567800\"}");
    ck_assert_str_eq(round_trip("{\"N\":\"-18446744073709551617.5\"}"), "{\"N\":\"-18446744073709551617.5\"}");
}
END_TEST

START_TEST(value_validation_messages)
{
    ck_assert_str_eq(conv("{}", NULL, false),
                     "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    ck_assert_str_eq(conv("{\"S\":\"a\",\"N\":\"1\"}", NULL, false),
                     "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
                     "supported datatypes");
    ck_assert_str_eq(conv("{\"N\":\"\"}", NULL, false), "The parameter cannot be converted to a numeric value");
    ck_assert_str_eq(conv("{\"N\":\"b\"}", NULL, false), "The parameter cannot be converted to a numeric value: b");
    ck_assert_str_eq(conv("{\"SS\":[]}", NULL, false),
                     "One or more parameter values were invalid: An string set  may not be empty");
    ck_assert_str_eq(conv("{\"NS\":[]}", NULL, false),
                     "One or more parameter values were invalid: An number set  may not be empty");
    ck_assert_str_eq(conv("{\"BS\":[]}", NULL, false),
                     "One or more parameter values were invalid: Binary sets should not be empty");
    ck_assert_str_eq(conv("{\"SS\":[\"a\",\"a\"]}", NULL, false),
                     "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
    ck_assert_str_eq(conv("{\"NS\":[\"1\",\"1.0\"]}", NULL, false), "Input collection contains duplicates");
    ck_assert_str_eq(conv("{\"BS\":[\"Yg==\",\"Yg==\"]}", NULL, false),
                     "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains "
                     "duplicates.");
    ck_assert_str_eq(conv("{\"NULL\":false}", NULL, false),
                     "One or more parameter values were invalid: Null attribute value types must have the value of true");
    ck_assert_str_eq(conv("{\"M\":{\"a\":{\"L\":[{\"SS\":[]}]}}}", NULL, false),
                     "One or more parameter values were invalid: An string set  may not be empty");
    ck_assert_str_eq(conv("{\"N\":\"1e126\"}", NULL, false),
                     "Number overflow. Attempting to store a number with magnitude larger than supported range");
}
END_TEST

START_TEST(value_serialization_messages)
{
    ck_assert_str_eq(conv("{\"S\":1}", NULL, false), "ser: NUMBER_VALUE cannot be converted to String");
    ck_assert_str_eq(conv("{\"N\":1.5}", NULL, false), "ser: DECIMAL_VALUE cannot be converted to String");
    ck_assert_str_eq(conv("{\"S\":true}", NULL, false), "ser: TRUE_VALUE cannot be converted to String");
    ck_assert_str_eq(conv("{\"S\":{}}", NULL, false), "ser: Start of structure or map found where not expected");
    ck_assert_str_eq(conv("{\"B\":\"abc\"}", NULL, false),
                     "ser: Base64 encoded length is expected a multiple of 4 bytes but found: 3");
    ck_assert_str_eq(conv("{\"B\":\"AQ=A\"}", NULL, false), "ser: Invalid last non-pad Base64 character dectected");
    ck_assert_str_eq(conv("{\"BOOL\":3}", NULL, false), "ser: NUMBER_VALUE cannot be converted to Boolean");
    ck_assert_str_eq(conv("{\"BOOL\":\"maybe\"}", NULL, false), "ser: Unexpected token received from parser");
    ck_assert_str_eq(conv("{\"SS\":\"a\"}", NULL, false), "ser: Unexpected field type");
    ck_assert_str_eq(conv("[]", NULL, false),
                     "ser: Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
    ck_assert_str_eq(conv("\"x\"", NULL, false), "ser: Unexpected value type in payload");
}
END_TEST

START_TEST(value_appsync_shapes)
{
    ddb_value v;
    ck_assert_str_eq(conv("{\"N\":0.10}", &v, true), "");
    ck_assert_int_eq(v.type, DDB_N);
    char buf[DDB_NUM_TEXT_MAX];
    ddb_num_format(&v.u.num, buf);
    ck_assert_str_eq(buf, "0.1");
    ck_assert_str_eq(conv("{\"N\":12345678901234567890123456789012345678}", &v, true), "");
    ddb_num_format(&v.u.num, buf);
    ck_assert_str_eq(buf, "12345678901234567890123456789012345678");
    ck_assert_str_eq(conv("{\"NULL\":null}", &v, true), "");
    ck_assert_int_eq(v.type, DDB_NULL);
    ck_assert_str_eq(conv("{\"B\":\"AQ\"}", &v, true), "");   /* unpadded base64 */
    ck_assert_uint_eq(v.u.str.len, 1);
    ck_assert_str_eq(conv("{\"NS\":[1,2]}", &v, true), "");
}
END_TEST

START_TEST(value_equality_and_order)
{
    ddb_value a, b;
    conv("{\"NS\":[\"1\",\"2\"]}", &a, false);
    conv("{\"NS\":[\"2.0\",\"1\"]}", &b, false);
    ck_assert(ddb_value_equal(&a, &b));
    conv("{\"M\":{\"x\":{\"L\":[{\"N\":\"1\"}]},\"y\":{\"NULL\":true}}}", &a, false);
    conv("{\"M\":{\"y\":{\"NULL\":true},\"x\":{\"L\":[{\"N\":\"1.0\"}]}}}", &b, false);
    ck_assert(ddb_value_equal(&a, &b));
    conv("{\"S\":\"1234\"}", &a, false);
    conv("{\"N\":\"1234\"}", &b, false);
    ck_assert(!ddb_value_equal(&a, &b));
    int c;
    ck_assert(!ddb_value_order(&a, &b, &c));
    conv("{\"S\":\"\xc3\xa9\"}", &a, false);   /* é: C3 A9 sorts after z */
    conv("{\"S\":\"z\"}", &b, false);
    ck_assert(ddb_value_order(&a, &b, &c) && c > 0);
    conv("{\"B\":\"fw==\"}", &a, false);
    conv("{\"B\":\"/w==\"}", &b, false);
    ck_assert(ddb_value_order(&a, &b, &c) && c < 0);   /* unsigned bytes */
    conv("{\"BOOL\":true}", &a, false);
    ck_assert(!ddb_value_order(&a, &a, &c));
}
END_TEST

START_TEST(value_sizes_and_copies)
{
    ddb_conv cv = {&ar, false, NULL, NULL};
    ddb_value item;
    ck_assert(ddb_item_from_json(&cv, json("{\"pk\":{\"S\":\"abc\"},\"n\":{\"N\":\"12\"},"
                                           "\"l\":{\"L\":[{\"BOOL\":true},{\"S\":\"xy\"}]},\"m\":{\"M\":{\"k\":{\"NULL\":true}}}}"),
                                 &item));
    /* pk 2+3, n 1+2, l 1+(3+1+1+1+2), m 1+(3+1+(1+1)) */
    ck_assert_uint_eq(ddb_item_size(&item), 5 + 3 + 9 + 7);
    ddb_value *heap = ddb_value_dup_heap(&item);
    ck_assert(ddb_value_equal(heap, &item));
    size_t n;
    ck_assert_ptr_null(ddb_stored_json(heap, &n));
    ddb_value *kept = ddb_item_dup_heap_json(&item, "{\"x\"", 4);   /* any text: kept as given */
    ck_assert(ddb_value_equal(kept, &item));
    ck_assert_mem_eq(ddb_stored_json(kept, &n), "{\"x\"", 4);
    ck_assert_uint_eq(n, 4);
    xfree(kept);
    ck_assert_ptr_ne(ddb_map_get(heap, "l", 1)->u.list.items, ddb_map_get(&item, "l", 1)->u.list.items);
    ddb_value copy;
    ddb_value_copy(&ar, heap, &copy);
    ck_assert(ddb_map_remove(&copy, "n", 1));
    ck_assert_ptr_nonnull(ddb_map_get(heap, "n", 1));   /* the stored item is untouched */
    xfree(heap);
}
END_TEST

START_TEST(json_reader_edges)
{
    ddb_json *j = json("{\"a\":1,\"a\":2.50e1,\"s\":\"\\ud83d\\ude00\"}");
    ck_assert_uint_eq(ddb_json_get(j, "a")->len, 6);   /* last member wins, lexeme kept */
    ck_assert(memcmp(ddb_json_get(j, "a")->str, "2.50e1", 6) == 0);
    ck_assert_str_eq(ddb_json_get(j, "s")->str, "\xf0\x9f\x98\x80");
    char err[160];
    ddb_json *out = NULL;
    const char *bad[] = {"{", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "tru", "1 2", "\"a\nb\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!ddb_json_parse(&ar, bad[i], strlen(bad[i]), &out, err, sizeof err), "%s accepted", bad[i]);
    char deep[1200];
    memset(deep, '[', 600);
    memset(deep + 600, ']', 600);
    ck_assert(!ddb_json_parse(&ar, deep, 1200, &out, err, sizeof err));
    long v;
    ck_assert(ddb_json_int(json("25"), &v) && v == 25);
    ck_assert(!ddb_json_int(json("2.5"), &v));
}
END_TEST

/* ddb_key_order keeps the order of key values, across lengths, signs,
 * exponents and more than 16 digits. */
START_TEST(key_order_is_monotone)
{
    static const char *const sorted[] = {
        "{\"N\":\"-1E+125\"}", "{\"N\":\"-12345678901234567890\"}", "{\"N\":\"-12345678901234567800\"}",
        "{\"N\":\"-100\"}", "{\"N\":\"-2\"}", "{\"N\":\"-1.5\"}", "{\"N\":\"-1E-130\"}", "{\"N\":\"0\"}",
        "{\"N\":\"1E-130\"}", "{\"N\":\"0.5\"}", "{\"N\":\"1\"}", "{\"N\":\"1.0000000000000001\"}",
        "{\"N\":\"1.00000000000000011\"}", "{\"N\":\"2\"}", "{\"N\":\"10\"}",
        "{\"N\":\"99999999999999999999999999999999999999\"}", "{\"N\":\"1E+125\"}",
        NULL,
        "{\"S\":\"\"}", "{\"S\":\"a\"}", "{\"S\":\"a\\u0000\"}", "{\"S\":\"abcdefgh\"}", "{\"S\":\"abcdefgh0\"}",
        "{\"S\":\"abcdefgh1\"}", "{\"S\":\"abd\"}", "{\"S\":\"\u00e9\"}", NULL,
    };
    ddb_value v[32];
    size_t n = 0, start = 0;
    for (size_t i = 0; i < sizeof sorted / sizeof sorted[0]; i++) {
        if (sorted[i]) {
            ck_assert_str_eq(conv(sorted[i], &v[n++], false), "");
            continue;
        }
        for (size_t a = start; a < n; a++) {
            ck_assert_uint_le(ddb_key_order(NULL), ddb_key_order(&v[a]));
            for (size_t b = a + 1; b < n; b++) {
                ck_assert_msg(ddb_key_part_cmp(&v[a], &v[b]) < 0, "%zu %zu", a, b);
                ck_assert_msg(ddb_key_order(&v[a]) <= ddb_key_order(&v[b]), "%zu %zu", a, b);
            }
        }
        start = n;
    }
}
END_TEST

/* The tree stays ordered and balanced through inserts and removals in a
 * scrambled order; lookups find every key. */
/* Index keys come global indexes first (hash, range), then local range keys,
 * whatever order the definition lists them in. */
START_TEST(index_keys_in_check_order)
{
    const char *def =
        "{\"TableName\":\"tbl\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
        "{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"AttributeDefinitions\":["
        "{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"l\",\"AttributeType\":\"N\"},{\"AttributeName\":\"g1\",\"AttributeType\":\"S\"},"
        "{\"AttributeName\":\"g2\",\"AttributeType\":\"S\"},{\"AttributeName\":\"r2\",\"AttributeType\":\"B\"}],"
        "\"LocalSecondaryIndexes\":[{\"IndexName\":\"L\",\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},"
        "{\"AttributeName\":\"l\",\"KeyType\":\"RANGE\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}],"
        "\"GlobalSecondaryIndexes\":[{\"IndexName\":\"G1\",\"KeySchema\":[{\"AttributeName\":\"g1\",\"KeyType\":\"HASH\"}],"
        "\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}},{\"IndexName\":\"G2\",\"KeySchema\":["
        "{\"AttributeName\":\"g2\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"r2\",\"KeyType\":\"RANGE\"}],"
        "\"Projection\":{\"ProjectionType\":\"ALL\"}}]}";
    arena ar;
    arena_init(&ar, 0);
    ddb_json *j = NULL;
    char err[200];
    ck_assert(ddb_json_parse(&ar, def, strlen(def), &j, err, sizeof err));
    ddb_table *t = ddb_table_create(j, err, sizeof err);
    ck_assert_msg(t, "%s", err);
    char seen[64] = "";
    ddb_index_keys it = {t, 0, 0, 0};
    const ddb_index *ix;
    const ddb_keydef *k;
    while (ddb_index_keys_next(&it, &ix, &k))
        snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s.%s ", ix->name, k->name);
    ck_assert_str_eq(seen, "G1.g1 G2.g2 G2.r2 L.l ");
    ddb_table_free(t);
    arena_free(&ar);
}
END_TEST

START_TEST(tree_order_and_balance)
{
    enum { N = 2000 };
    static ddb_value keys[N];
    ddb_tree t;
    ddb_tree_init(&t, 1);
    for (int i = 0; i < N; i++) {
        keys[i].type = DDB_N;
        keys[i].u.num = ddb_num_from_u64((uint64_t)(i * 7919 % N));
        const ddb_value *k[1] = {&keys[i]};
        ddb_tree_insert(&t, k, &keys[i]);
    }
    ck_assert_uint_eq(t.count, N);
    ck_assert_int_le(t.root->height, 16);   /* AVL: below 1.44 log2(N + 2) */
    long expect = 0;
    for (ddb_tnode *n = t.first; n; n = n->next, expect++) {
        uint64_t v;
        ck_assert(ddb_num_to_u64(&n->key[0]->u.num, &v));
        ck_assert_uint_eq(v, (uint64_t)expect);
    }
    ck_assert_int_eq(expect, N);
    for (int i = 0; i < N; i += 2) {
        const ddb_value *k[1] = {&keys[i]};
        ck_assert_ptr_eq(ddb_tree_find(&t, k)->item, &keys[i]);
        ck_assert_ptr_eq(ddb_tree_remove(&t, k), &keys[i]);
        ck_assert_ptr_null(ddb_tree_find(&t, k));
    }
    ck_assert_uint_eq(t.count, N / 2);
    ck_assert_int_le(t.root->height, 15);
    for (int i = 0; i < N; i += 2) {   /* removed nodes are reused */
        const ddb_value *k[1] = {&keys[i]};
        ddb_tree_insert(&t, k, &keys[i]);
    }
    ck_assert_uint_eq(t.count, N);
    expect = 0;
    for (ddb_tnode *n = t.first; n; n = n->next, expect++) {
        const ddb_value *k[1] = {n->key[0]};
        ck_assert_ptr_eq(ddb_tree_find(&t, k), n);
    }
    ck_assert_int_eq(expect, N);
    ddb_tree_clear(&t);
}
END_TEST

Suite *ddb_value_suite(void)
{
    Suite *s = suite_create("ddb_value");
    TCase *tc = tcase_create("value");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, value_round_trips);
    tcase_add_test(tc, index_keys_in_check_order);
    tcase_add_test(tc, writer_matches_strbuf);
    tcase_add_test(tc, item_writer_members);
    tcase_add_test(tc, value_validation_messages);
    tcase_add_test(tc, value_serialization_messages);
    tcase_add_test(tc, value_appsync_shapes);
    tcase_add_test(tc, value_equality_and_order);
    tcase_add_test(tc, value_sizes_and_copies);
    tcase_add_test(tc, json_reader_edges);
    tcase_add_test(tc, key_order_is_monotone);
    tcase_add_test(tc, tree_order_and_balance);
    suite_add_tcase(s, tc);
    return s;
}
