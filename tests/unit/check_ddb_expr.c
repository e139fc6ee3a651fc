/* check_ddb_expr: the expression lexer, grammar and checker (every rule and
 * every error, in DynamoDB's precedence), and condition evaluation. */
#include "check_ddb_suites.h"
#include "ddb/ddb_eval.h"
#include "ddb/ddb_parse.h"
#include "ddb/ddb_reserved.h"
#include <stdio.h>
#include <string.h>

static ddb_json *json_in(arena *ar, const char *s)
{
    ddb_json *j = NULL;
    char err[160];
    ck_assert_msg(ddb_json_parse(ar, s, strlen(s), &j, err, sizeof err), "bad JSON %s", s);
    return j;
}

static void make_ctx(arena *ar, const char *names, const char *values, ddb_exprctx *cx, ddb_value *vals)
{
    memset(cx, 0, sizeof *cx);
    if (names) {
        cx->names = json_in(ar, names);
        cx->names_used = arena_calloc(ar, cx->names->n + 1);
    }
    if (values) {
        ddb_conv c = {ar, false, NULL, NULL};
        ck_assert(ddb_item_from_json(&c, json_in(ar, values), vals));
        cx->values = vals;
        cx->values_used = arena_calloc(ar, vals->u.map.len + 1);
    }
}

const char *ddb_try_parse(int role, const char *expr, const char *names, const char *values)
{
    static char buf[1024];
    arena ar;
    arena_init(&ar, 4096);
    ddb_exprctx cx;
    ddb_value vals;
    make_ctx(&ar, names, values, &cx, &vals);
    ddb_parsed out;
    char *src = arena_strndup(&ar, expr, strlen(expr));
    const char *err = ddb_parse(&ar, (ddb_role)role, src, strlen(expr), &cx, &out);
    if (err)
        snprintf(buf, sizeof buf, "%s", err);
    arena_free(&ar);
    return err ? buf : NULL;
}

#define COND DDB_ROLE_CONDITION
#define UPD DDB_ROLE_UPDATE
#define PROJ DDB_ROLE_PROJECTION
#define V1 "{\":v\":{\"N\":\"1\"}}"
#define CE "Invalid ConditionExpression: "
#define UE "Invalid UpdateExpression: "

static void ok(int role, const char *expr, const char *names, const char *values)
{
    const char *e = ddb_try_parse(role, expr, names, values);
    ck_assert_msg(e == NULL, "%s rejected: %s", expr, e);
}

static void err(int role, const char *expr, const char *names, const char *values, const char *want)
{
    const char *e = ddb_try_parse(role, expr, names, values);
    ck_assert_msg(e != NULL, "%s accepted", expr);
    ck_assert_str_eq(e, want);
}

START_TEST(grammar_conditions_accepted)
{
    const char *v = "{\":v\":{\"N\":\"1\"},\":w\":{\"N\":\"2\"},\":s\":{\"S\":\"S\"}}";
    ok(COND, "a = :v OR b <> :v AND NOT c < :v OR d <= :w", NULL, "{\":v\":{\"N\":\"1\"},\":w\":{\"N\":\"2\"}}");
    ok(COND, "a > :v AND b >= :w", NULL, "{\":v\":{\"N\":\"1\"},\":w\":{\"N\":\"2\"}}");
    ok(COND, "a BETWEEN :v AND :w AND b IN (:v, :w, c.d[3])", NULL, "{\":v\":{\"N\":\"1\"},\":w\":{\"N\":\"2\"}}");
    ok(COND, "attribute_exists(a.b[0].#c) and attribute_not_exists(d)", "{\"#c\":\"c\"}", NULL);
    ok(COND, "attribute_type(a, :s) Or begins_with(b, :s) oR contains(c, :s)", NULL, v);
    ok(COND, "size(a) > :v AND (a) = :v AND (b.c).d = :v AND :v = :v", NULL, V1);
    ok(COND, "NOT NOT a = :v", NULL, V1);
    ok(COND, "(attribute_not_exists(pk)) AND (attribute_not_exists(#s))", "{\"#s\":\"s\"}", NULL);
    ok(COND, "a\t=\r\n:v", NULL, V1);
    ok(COND, "l[007] = :v", NULL, V1);
    ok(COND, "remove = :v", NULL, V1);   /* REMOVE is a keyword of updates only */
    err(COND, "set = :v", NULL, V1, CE "Attribute name is a reserved keyword; reserved keyword: set");
}
END_TEST

START_TEST(grammar_updates_and_projections_accepted)
{
    const char *v = "{\":v\":{\"N\":\"1\"},\":l\":{\"L\":[]},\":s\":{\"SS\":[\"a\"]}}";
    ok(UPD, "SET a = :v, b = c, d = if_not_exists(e, :v) + :v, f = list_append(:l, g) REMOVE h, i[2] ADD j :v "
            "DELETE k :s", NULL, v);
    ok(UPD, "  sEt   a=:v  ", NULL, "{\":v\":{\"N\":\"1\"}}");
    ok(UPD, "SET c = (c + :v)", NULL, "{\":v\":{\"N\":\"1\"}}");
    ok(UPD, "SET a = (:v)", NULL, "{\":v\":{\"N\":\"1\"}}");
    ok(UPD, "SET l = list_append(if_not_exists(l, :l), :l)", NULL, "{\":l\":{\"L\":[]}}");
    ok(UPD, "REMOVE a.b[1].c", NULL, NULL);
    ok(PROJ, "a, b.c, d[1], #e", "{\"#e\":\"e\"}", NULL);
}
END_TEST

START_TEST(syntax_errors)
{
    err(COND, "a =", NULL, NULL, CE "Syntax error; token: \"<EOF>\", near: \"a =\"");
    err(COND, "a != :v", NULL, V1, CE "Syntax error; token: \"!\", near: \"a !=\"");
    err(COND, "a", NULL, NULL, CE "Syntax error; token: \"<EOF>\", near: \"a\"");
    err(COND, ":v", NULL, V1, CE "Syntax error; token: \"<EOF>\", near: \":v\"");
    err(COND, "a > 4", NULL, NULL, CE "Syntax error; token: \"4\", near: \"> 4\"");
    err(COND, "a = :v)", NULL, V1, CE "Syntax error; token: \")\", near: \":v)\"");
    err(COND, "n IN ()", NULL, NULL, CE "Syntax error; token: \")\", near: \"()\"");
    err(COND, "l[-1] = :v", NULL, V1, CE "Syntax error; token: \"-\", near: \"[-1\"");
    err(COND, "_a = :v", NULL, V1, CE "Syntax error; token: \"_\", near: \"_a\"");
    err(COND, "(a = :v) = :v", NULL, V1, CE "Syntax error; token: \"=\", near: \") = :v\"");
    err(COND, ":v.a = :v", NULL, V1, CE "Syntax error; token: \".\", near: \":v.a\"");
    err(UPD, "INVALID SYNTAX", NULL, NULL, UE "Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
    err(UPD, "SET hits : incr", NULL, NULL, UE "Syntax error; token: \":\", near: \"hits : incr\"");
    err(UPD, "SET a = :x + :y + :z", NULL, NULL, UE "Syntax error; token: \"+\", near: \":y + :z\"");
    err(UPD, "SET c = if_not_exists(c, :x + :y)", NULL, NULL, UE "Syntax error; token: \"+\", near: \":x + :y\"");
    err(UPD, "SET a[:i] = :v", NULL, NULL, UE "Syntax error; token: \":i\", near: \"[:i]\"");
    err(UPD, "SET (a = :v)", NULL, NULL, UE "Syntax error; token: \"(\", near: \"SET (a\"");
    err(UPD, "ADD a b", NULL, NULL, UE "Syntax error; token: \"b\", near: \"a b\"");
    err(DDB_ROLE_PROJECTION, "!!", NULL, NULL, "Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
    err(DDB_ROLE_PROJECTION, ":v", NULL, NULL, "Invalid ProjectionExpression: Syntax error; token: \":v\", near: \":v\"");
    err(DDB_ROLE_FILTER, "", NULL, NULL, "Invalid FilterExpression: The expression can not be empty;");
    char longexpr[4200];
    memset(longexpr, 'a', 4097);
    longexpr[4097] = 0;
    err(DDB_ROLE_KEY_CONDITION, longexpr, NULL, NULL,
        "Invalid KeyConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097");
}
END_TEST

START_TEST(condition_checks_and_precedence)
{
    err(COND, "((a = :v))", NULL, V1, CE "The expression has redundant parentheses;");
    err(COND, "a > ((b))", NULL, NULL, CE "The expression has redundant parentheses;");
    err(COND, "(a)between(((b.c)).d)and(c)", NULL, NULL, CE "The expression has redundant parentheses;");
    err(COND, "dog(a) = :v", NULL, V1, CE "Invalid function name; function: dog");
    err(COND, "Size(s) = :v", NULL, V1, CE "Invalid function name; function: Size");
    err(COND, "if_not_exists(a, a) = :v", NULL, V1,
        CE "The function is not allowed to be used this way in an expression; function: if_not_exists");
    err(COND, "attribute_exists(a) = :v", NULL, V1,
        CE "The function is not allowed to be used this way in an expression; function: attribute_exists");
    err(COND, "size(s)", NULL, NULL, CE "The function is not allowed to be used this way in an expression; function: size");
    err(COND, "name = :v", NULL, V1, CE "Attribute name is a reserved keyword; reserved keyword: name");
    err(COND, "a.Status = :v", NULL, V1, CE "Attribute name is a reserved keyword; reserved keyword: Status");
    err(COND, "#x = :v", NULL, V1,
        CE "An expression attribute name used in the document path is not defined; attribute name: #x");
    err(COND, "#e = :v", "{\"#e\":\"\"}", V1,
        CE "An expression attribute name used in the document path is not defined; attribute name: #e");
    err(COND, "a = :nope", NULL, NULL,
        CE "An expression attribute value used in expression is not defined; attribute value: :nope");
    err(COND, "begins_with(a)", NULL, NULL,
        CE "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1");
    err(COND, "#a <> a", "{\"#a\":\"a\"}", NULL,
        CE "The first operand must be distinct from the remaining operands for this operator or function; operator: <>, "
           "first operand: [a]");
    err(COND, "contains(ab.bc[1].a, ab.bc[1].a)", NULL, NULL,
        CE "The first operand must be distinct from the remaining operands for this operator or function; operator: "
           "contains, first operand: [ab, bc, [1], a]");
    err(COND, "attribute_exists(:v)", NULL, V1,
        CE "Operator or function requires a document path; operator or function: attribute_exists");
    err(COND, "begins_with(a, :v)", NULL, V1,
        CE "Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    err(COND, "attribute_type(a, b)", NULL, NULL,
        CE "Incorrect operand type for operator or function; operator or function: attribute_type, operand type: "
           "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
    err(COND, "attribute_type(a, :t)", NULL, "{\":t\":{\"S\":\"STRING\"}}",
        CE "Invalid attribute type name found; type: STRING, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    err(COND, "size(:v) = :v", NULL, V1,
        CE "Incorrect operand type for operator or function; operator or function: size, operand type: N");
    err(COND, "a BETWEEN :a AND :b", NULL, "{\":a\":{\"N\":\"1\"},\":b\":{\"S\":\"a\"}}",
        CE "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: "
           "{N:1}, upper bound operand: AttributeValue: {S:a}");
    err(COND, "a BETWEEN :a AND :b", NULL, "{\":a\":{\"S\":\"b\"},\":b\":{\"S\":\"a\"}}",
        CE "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: "
           "AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}");
    err(COND, "a < :b", NULL, "{\":b\":{\"BOOL\":true}}",
        CE "Incorrect operand type for operator or function; operator or function: <, operand type: BOOL");
    /* precedence between kinds: parentheses before functions before reserved words before the rest */
    err(COND, "name = :undefined AND ((b = :v))", NULL, V1, CE "The expression has redundant parentheses;");
    err(COND, "name = :x AND dog(a) = :v", NULL, V1, CE "Invalid function name; function: dog");
    err(COND, "#undefined = :v AND name = :v", NULL, V1, CE "Attribute name is a reserved keyword; reserved keyword: name");
    err(COND, "begins_with(a) AND b = :undefined", NULL, NULL,
        CE "Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1");
}
END_TEST

START_TEST(in_operand_limit)
{
    char expr[2000] = "a IN (";
    char vals[4000] = "{";
    for (int i = 0; i < 100; i++) {
        snprintf(expr + strlen(expr), 20, "%s:v%d", i ? ", " : "", i);
        snprintf(vals + strlen(vals), 40, "%s\":v%d\":{\"N\":\"%d\"}", i ? "," : "", i, i);
    }
    strcat(expr, ")");
    strcat(vals, "}");
    err(COND, expr, NULL, vals,
        CE "The IN operator is provided with too many operands; number of operands: 101");
}
END_TEST

START_TEST(update_checks)
{
    err(UPD, "SET a = :v SET b = :v", NULL, V1, UE "The \"SET\" section can only be used once in an update expression;");
    err(UPD, "REMOVE a REMOVE b", NULL, NULL, UE "The \"REMOVE\" section can only be used once in an update expression;");
    err(UPD, "SET a = f(b, c)", NULL, NULL, UE "Invalid function name; function: f");
    err(UPD, "SET a = size(s)", NULL, NULL, UE "Invalid function name; function: size");
    err(UPD, "SET #v = :a, #v = :b", "{\"#v\":\"f\"}", "{\":a\":{\"N\":\"1\"},\":b\":{\"N\":\"2\"}}",
        UE "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [f], "
           "path two: [f]");
    err(UPD, "SET a[1] = :v, a[1][1] = :v", NULL, V1,
        UE "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, [1]], "
           "path two: [a, [1], [1]]");
    err(UPD, "SET a.b = :v REMOVE a[0]", NULL, V1,
        UE "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], "
           "path two: [a, [0]]");
    err(UPD, "ADD a :v", NULL, "{\":v\":{\"S\":\"x\"}}",
        UE "Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
    err(UPD, "DELETE a :v", NULL, V1,
        UE "Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
    err(UPD, "SET b = if_not_exists(:v, :v)", NULL, V1,
        UE "Operator or function requires a document path; operator or function: if_not_exists");
    err(UPD, "SET b = if_not_exists(a)", NULL, NULL,
        UE "Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1");
    err(UPD, "SET a = list_append(l, :v)", NULL, "{\":v\":{\"S\":\"x\"}}",
        UE "Incorrect operand type for operator or function; operator or function: list_append, operand type: S");
    err(UPD, "SET a = :v + :w", NULL, "{\":v\":{\"N\":\"1\"},\":w\":{\"L\":[]}}",
        UE "Incorrect operand type for operator or function; operator or function: +, operand type: L");
    err(UPD, "SET l = list_append(list_append(l, :v), :v)", NULL, "{\":v\":{\"L\":[]}}",
        UE "The function is not allowed to be used this way in an expression; function: list_append");
    err(UPD, "ADD m.new :v", NULL, V1, UE "Attribute name is a reserved keyword; reserved keyword: new");
    err(UPD, "SET a = :x", NULL, NULL,
        UE "An expression attribute value used in expression is not defined; attribute value: :x");
    /* precedence: reserved words, unknown functions, repeated sections, names, values, overlap */
    err(UPD, "SET a = :x, a = :x SET b = f(c) REMOVE name", NULL, NULL,
        UE "Attribute name is a reserved keyword; reserved keyword: name");
    err(UPD, "SET a = :x, a = :x SET b = f(c)", NULL, NULL, UE "Invalid function name; function: f");
    err(UPD, "SET a = :x, a = :x SET b = #y", NULL, NULL,
        UE "The \"SET\" section can only be used once in an update expression;");
    err(UPD, "SET a = :x, #b = :y", NULL, NULL,
        UE "An expression attribute name used in the document path is not defined; attribute name: #b");
}
END_TEST

START_TEST(projection_checks)
{
    err(PROJ, "a, a", NULL, NULL,
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these "
        "paths; path one: [a], path two: [a]");
    err(PROJ, "m.x, m[0]", NULL, NULL,
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these "
        "paths; path one: [m, x], path two: [m, [0]]");
    err(PROJ, "a, size", NULL, NULL, "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size");
    ck_assert(ddb_is_reserved("aBoRt", 5));
    ck_assert(ddb_is_reserved("ZONE", 4));
    ck_assert(!ddb_is_reserved("remove", 6));
}
END_TEST

/* ================================================================ evaluation */

static const char *ITEM =
    "{\"id\":{\"S\":\"1\"},\"n\":{\"N\":\"5\"},\"s\":{\"S\":\"abc\"},\"e\":{\"S\":\"\"},"
    "\"t\":{\"L\":[{\"S\":\"x\"},{\"S\":\"y\"}]},\"ss\":{\"SS\":[\"a\",\"b\"]},\"ns\":{\"NS\":[\"1\",\"2.5\"]},"
    "\"b\":{\"B\":\"AQID\"},\"nul\":{\"NULL\":true},"
    "\"m\":{\"M\":{\"k\":{\"L\":[{\"N\":\"1\"},{\"M\":{\"z\":{\"BOOL\":true}}}]}}}}";

static int eval(const char *expr, const char *values)
{
    arena ar;
    arena_init(&ar, 4096);
    ddb_exprctx cx;
    ddb_value vals, item;
    make_ctx(&ar, NULL, values, &cx, &vals);
    ddb_conv c = {&ar, false, NULL, NULL};
    ck_assert(ddb_item_from_json(&c, json_in(&ar, ITEM), &item));
    ddb_parsed p;
    const char *e = ddb_parse(&ar, DDB_ROLE_CONDITION, arena_strndup(&ar, expr, strlen(expr)), strlen(expr), &cx, &p);
    ck_assert_msg(!e, "%s: %s", expr, e);
    int r = ddb_eval_condition(p.cond, &item);
    arena_free(&ar);
    return r;
}

START_TEST(evaluation_semantics)
{
    ck_assert(eval("n > :v", "{\":v\":{\"N\":\"4.99\"}}"));
    ck_assert(!eval("n > :v", "{\":v\":{\"S\":\"4\"}}"));
    ck_assert(eval("zz <> :v", V1));
    ck_assert(eval("NOT zz = :v", V1));
    ck_assert(!eval("zz = yy", NULL));
    ck_assert(eval("zz <> yy", NULL));
    ck_assert(eval("m.k[1].z = :t", "{\":t\":{\"BOOL\":true}}"));
    ck_assert(!eval("m.k[5] = :t", "{\":t\":{\"BOOL\":true}}"));
    ck_assert(eval("size(s) = :three", "{\":three\":{\"N\":\"3\"}}"));
    ck_assert(eval("size(e) = :z", "{\":z\":{\"N\":\"0\"}}"));
    ck_assert(!eval("size(n) = :one", "{\":one\":{\"N\":\"1\"}}"));
    ck_assert(eval("size(n) <> :one", "{\":one\":{\"N\":\"1\"}}"));
    ck_assert(eval("contains(t, :x)", "{\":x\":{\"S\":\"x\"}}"));
    ck_assert(eval("contains(s, :b)", "{\":b\":{\"S\":\"b\"}}"));
    ck_assert(eval("contains(ns, :v)", "{\":v\":{\"N\":\"2.50\"}}"));
    ck_assert(!eval("contains(ss, :v)", "{\":v\":{\"N\":\"1\"}}"));
    ck_assert(eval("contains(b, :v)", "{\":v\":{\"B\":\"Ag==\"}}"));
    ck_assert(eval("attribute_type(m, :M)", "{\":M\":{\"S\":\"M\"}}"));
    ck_assert(!eval("begins_with(n, :p)", "{\":p\":{\"S\":\"5\"}}"));
    ck_assert(eval("begins_with(s, :p)", "{\":p\":{\"S\":\"ab\"}}"));
    ck_assert(eval("attribute_exists(nul) AND attribute_not_exists(m.k[2])", NULL));
    ck_assert(eval("n BETWEEN :a AND :b", "{\":a\":{\"N\":\"5.0\"},\":b\":{\"N\":\"5\"}}"));
    ck_assert(!eval("s BETWEEN :a AND :b", "{\":a\":{\"N\":\"1\"},\":b\":{\"N\":\"9\"}}"));
    ck_assert(eval("n IN (:a, :b)", "{\":a\":{\"S\":\"5\"},\":b\":{\"N\":\"5\"}}"));
    ck_assert(eval("t = :l", "{\":l\":{\"L\":[{\"S\":\"x\"},{\"S\":\"y\"}]}}"));
    ck_assert(!eval("t < :l", "{\":l\":{\"S\":\"x\"}}"));
    ck_assert(eval("s = :x OR n = :z AND t = :z", "{\":x\":{\"S\":\"abc\"},\":z\":{\"N\":\"0\"}}"));
    ck_assert(!eval("NOT s = :x AND n = :z", "{\":x\":{\"S\":\"q\"},\":z\":{\"N\":\"0\"}}"));
}
END_TEST

Suite *ddb_expr_suite(void)
{
    Suite *s = suite_create("ddb_expr");
    TCase *tc = tcase_create("expr");
    tcase_add_test(tc, grammar_conditions_accepted);
    tcase_add_test(tc, grammar_updates_and_projections_accepted);
    tcase_add_test(tc, syntax_errors);
    tcase_add_test(tc, condition_checks_and_precedence);
    tcase_add_test(tc, in_operand_limit);
    tcase_add_test(tc, update_checks);
    tcase_add_test(tc, projection_checks);
    tcase_add_test(tc, evaluation_semantics);
    suite_add_tcase(s, tc);
    return s;
}
