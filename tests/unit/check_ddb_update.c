/* check_ddb_update: applying update expressions to items: SET (new, nested,
 * list indexes, appends past the end, copies read before writing,
 * arithmetic, if_not_exists, list_append), REMOVE (original list
 * positions), ADD and DELETE, and the run-time errors. */
#include "check_ddb_suites.h"
#include "ddb/ddb_parse.h"
#include "ddb/ddb_update.h"
#include <stdio.h>
#include <string.h>

static const char *BASE = "{\"id\":{\"S\":\"1\"},\"n\":{\"N\":\"10\"},"
                          "\"l\":{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"}]},"
                          "\"s\":{\"SS\":[\"x\",\"y\"]},\"m\":{\"M\":{\"c\":{\"N\":\"1\"}}},\"str\":{\"S\":\"hi\"}}";

static ddb_json *js(arena *ar, const char *s)
{
    ddb_json *j = NULL;
    char e[160];
    ck_assert_msg(ddb_json_parse(ar, s, strlen(s), &j, e, sizeof e), "bad JSON %s", s);
    return j;
}

/* Apply expr (with :values) to item (JSON); the result item as JSON, or
 * "ERR: <message>". */
static const char *apply_to(const char *item_json, const char *expr, const char *values)
{
    static char out[4096];
    arena ar;
    arena_init(&ar, 4096);
    ddb_conv c = {&ar, false, NULL, NULL};
    ddb_value item, vals = ddb_map_new();
    ck_assert(ddb_item_from_json(&c, js(&ar, item_json), &item));
    ddb_exprctx cx;
    memset(&cx, 0, sizeof cx);
    if (values) {
        ck_assert(ddb_item_from_json(&c, js(&ar, values), &vals));
        cx.values = &vals;
        cx.values_used = arena_calloc(&ar, vals.u.map.len + 1);
    }
    cx.names = js(&ar, "{\"#k\":\"key\"}");
    cx.names_used = arena_calloc(&ar, 2);
    ddb_parsed p;
    const char *err = ddb_parse(&ar, DDB_ROLE_UPDATE, arena_strndup(&ar, expr, strlen(expr)), strlen(expr), &cx, &p);
    ck_assert_msg(!err, "%s: %s", expr, err);
    ddb_keyattr gsi = {"g", 1, DDB_S};
    err = ddb_update_apply(&ar, &p.update, &item, &gsi, 1);
    strbuf sb = STRBUF_INIT;
    if (err)
        strbuf_printf(&sb, "ERR: %s", err);
    else
        ddb_item_to_json(&sb, &item);
    snprintf(out, sizeof out, "%s", strbuf_cstr(&sb));
    strbuf_free(&sb);
    arena_free(&ar);
    return out;
}

static const char *apply(const char *expr, const char *values) { return apply_to(BASE, expr, values); }

/* The JSON of attribute name in the result (after "name":). */
static const char *attr(const char *result, const char *name)
{
    static char buf[1024];
    char key[64];
    snprintf(key, sizeof key, "\"%s\":", name);
    const char *p = strstr(result, key);
    if (!p)
        return "(absent)";
    p += strlen(key);
    int depth = 0;
    size_t n = 0;
    for (; p[n]; n++) {
        if (p[n] == '{' || p[n] == '[')
            depth++;
        if (p[n] == '}' || p[n] == ']')
            depth--;
        if (depth == 0)
            break;
    }
    snprintf(buf, sizeof buf, "%.*s", (int)n + 1, p);
    return buf;
}

START_TEST(set_values)
{
    const char *r = apply("SET n = n + :d", "{\":d\":{\"N\":\"-2.5\"}}");
    ck_assert_str_eq(attr(r, "n"), "{\"N\":\"7.5\"}");
    r = apply("SET n = :a, n2 = n", "{\":a\":{\"N\":\"1\"}}");
    ck_assert_str_eq(attr(r, "n"), "{\"N\":\"1\"}");
    ck_assert_str_eq(attr(r, "n2"), "{\"N\":\"10\"}");
    r = apply("SET q = if_not_exists(q, :zero) + :one", "{\":zero\":{\"N\":\"0\"},\":one\":{\"N\":\"1\"}}");
    ck_assert_str_eq(attr(r, "q"), "{\"N\":\"1\"}");
    r = apply("SET l = list_append(:new, l)", "{\":new\":{\"L\":[{\"S\":\"z\"}]}}");
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"z\"},{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"}]}");
    r = apply("SET m.c = m.c + :one, m.#k = :one", "{\":one\":{\"N\":\"1\"}}");
    ck_assert_str_eq(attr(r, "m"), "{\"M\":{\"c\":{\"N\":\"2\"},\"key\":{\"N\":\"1\"}}}");
    r = apply("SET b = m REMOVE m.c", NULL);   /* the copy is taken before the removal */
    ck_assert_str_eq(attr(r, "b"), "{\"M\":{\"c\":{\"N\":\"1\"}}}");
    ck_assert_str_eq(attr(r, "m"), "{\"M\":{}}");
}
END_TEST

START_TEST(set_list_indexes)
{
    const char *r = apply("SET l[10] = :z", "{\":z\":{\"S\":\"z\"}}");
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"},{\"S\":\"z\"}]}");
    r = apply("SET l[1] = :z", "{\":z\":{\"S\":\"B\"}}");
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"a\"},{\"S\":\"B\"},{\"S\":\"c\"}]}");
    r = apply("SET l[84] = :a, l[37] = :b, l[17] = :c, l[50] = :d",
              "{\":a\":{\"S\":\"a1\"},\":b\":{\"S\":\"a2\"},\":c\":{\"S\":\"a3\"},\":d\":{\"S\":\"a4\"}}");
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"},{\"S\":\"a3\"},{\"S\":\"a2\"},"
                                   "{\"S\":\"a4\"},{\"S\":\"a1\"}]}");
    r = apply_to("{\"l\":{\"L\":[]}}", "SET l[0] = :v", "{\":v\":{\"N\":\"1\"}}");
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"N\":\"1\"}]}");
}
END_TEST

START_TEST(remove_actions)
{
    const char *five = "{\"l\":{\"L\":[{\"S\":\"Chisel\"},{\"S\":\"Hammer\"},{\"S\":\"Nails\"},{\"S\":\"Screwdriver\"},"
                       "{\"S\":\"Hacksaw\"}]}}";
    const char *r = apply_to(five, "REMOVE l[1], l[2]", NULL);
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"Chisel\"},{\"S\":\"Screwdriver\"},{\"S\":\"Hacksaw\"}]}");
    r = apply("REMOVE l[0], l[2]", NULL);
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"b\"}]}");
    r = apply("REMOVE l[17], zz, m.zz", NULL);
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"a\"},{\"S\":\"b\"},{\"S\":\"c\"}]}");
    r = apply("REMOVE l[1] SET l[2] = :v", "{\":v\":{\"S\":\"C\"}}");
    ck_assert_str_eq(attr(r, "l"), "{\"L\":[{\"S\":\"a\"},{\"S\":\"C\"}]}");
    r = apply("REMOVE n, s", NULL);
    ck_assert_str_eq(attr(r, "n"), "(absent)");
    ck_assert_str_eq(attr(r, "s"), "(absent)");
}
END_TEST

START_TEST(add_and_delete)
{
    const char *r = apply("ADD s :t", "{\":t\":{\"SS\":[\"y\",\"z\"]}}");
    ck_assert_str_eq(attr(r, "s"), "{\"SS\":[\"x\",\"y\",\"z\"]}");
    r = apply("DELETE s :t", "{\":t\":{\"SS\":[\"x\",\"y\"]}}");
    ck_assert_str_eq(attr(r, "s"), "(absent)");
    r = apply("DELETE s :t", "{\":t\":{\"SS\":[\"x\",\"q\"]}}");
    ck_assert_str_eq(attr(r, "s"), "{\"SS\":[\"y\"]}");
    r = apply("ADD n :v, cnt :v, ns :ns DELETE gone :ss",
              "{\":v\":{\"N\":\"-0.5\"},\":ns\":{\"NS\":[\"1\",\"2\"]},\":ss\":{\"SS\":[\"a\"]}}");
    ck_assert_str_eq(attr(r, "n"), "{\"N\":\"9.5\"}");
    ck_assert_str_eq(attr(r, "cnt"), "{\"N\":\"-0.5\"}");
    ck_assert_str_eq(attr(r, "ns"), "{\"NS\":[\"1\",\"2\"]}");
    r = apply_to("{\"ns\":{\"NS\":[\"1\",\"2.5\",\"-3\"]}}", "ADD ns :v", "{\":v\":{\"NS\":[\"2.50\",\"4\"]}}");
    ck_assert_str_eq(attr(r, "ns"), "{\"NS\":[\"1\",\"2.5\",\"-3\",\"4\"]}");
}
END_TEST

START_TEST(runtime_errors)
{
    ck_assert_str_eq(apply("SET q = q + :one", "{\":one\":{\"N\":\"1\"}}"),
                     "ERR: The provided expression refers to an attribute that does not exist in the item");
    ck_assert_str_eq(apply("SET a = str + :one", "{\":one\":{\"N\":\"1\"}}"),
                     "ERR: An operand in the update expression has an incorrect data type");
    ck_assert_str_eq(apply("SET a = list_append(str, :l)", "{\":l\":{\"L\":[]}}"),
                     "ERR: An operand in the update expression has an incorrect data type");
    ck_assert_str_eq(apply("ADD n :t", "{\":t\":{\"SS\":[\"a\"]}}"),
                     "ERR: An operand in the update expression has an incorrect data type");
    ck_assert_str_eq(apply("DELETE str :t", "{\":t\":{\"SS\":[\"a\"]}}"),
                     "ERR: An operand in the update expression has an incorrect data type");
    ck_assert_str_eq(apply("SET m.d.e = :v", "{\":v\":{\"N\":\"1\"}}"),
                     "ERR: The document path provided in the update expression is invalid for update");
    ck_assert_str_eq(apply("SET str[0] = :v", "{\":v\":{\"N\":\"1\"}}"),
                     "ERR: The document path provided in the update expression is invalid for update");
    ck_assert_str_eq(apply("REMOVE zz.c", NULL),
                     "ERR: The document path provided in the update expression is invalid for update");
    ck_assert_str_eq(apply("SET g = :v", "{\":v\":{\"N\":\"1\"}}"),
                     "ERR: The update expression attempted to update the secondary index key to unsupported type");
    ck_assert_str_eq(apply("SET n = n + :big", "{\":big\":{\"N\":\"99999999999999999999999999999999999999\"}}"),
                     "ERR: Attempting to store more than 38 significant digits in a Number");
    ck_assert_str_eq(apply_to("{\"a\":{\"N\":\"9.9999999999999999999999999999999999999E+125\"}}", "ADD a :v",
                              "{\":v\":{\"N\":\"1e125\"}}"),
                     "ERR: Number overflow. Attempting to store a number with magnitude larger than supported range");
}
END_TEST

Suite *ddb_update_suite(void)
{
    Suite *s = suite_create("ddb_update");
    TCase *tc = tcase_create("update");
    tcase_add_test(tc, set_values);
    tcase_add_test(tc, set_list_indexes);
    tcase_add_test(tc, remove_actions);
    tcase_add_test(tc, add_and_delete);
    tcase_add_test(tc, runtime_errors);
    suite_add_tcase(s, tc);
    return s;
}
