/* check_parse: the tree the parser builds and the errors it reports. */
#include "check_suites.h"
#include "vtl/vtl.h"
#include "eval/api.h"
#include <stdlib.h>
#include <string.h>

static char *dump(const char *src)
{
    vtl_template *t = vtl_parse("t.vtl", src, strlen(src));
    char *d = vtl_template_ok(t) ? vtl_template_dump(t) : vtl_template_render_errors(t);
    vtl_template_free(t);
    return d;
}

START_TEST(tree_shapes)
{
    char *d = dump("#if($a)x#elseif($b == 2)y#{else}z#end");
    ck_assert_str_eq(d, "block @1:1\n"
                        "  if @1:1\n"
                        "    ref @1:5 $a\n"
                        "    block @1:1\n"
                        "      text @1:8 \"x\"\n"
                        "    eq @1:17\n"
                        "      ref @1:17 $b\n"
                        "      literal @1:23 java.lang.Integer 2\n"
                        "    block @1:9\n"
                        "      text @1:25 \"y\"\n"
                        "    block @1:26\n"
                        "      text @1:33 \"z\"\n");
    free(d);
    d = dump("#set($m.k[0] = {\"a\": [1..2]})");
    ck_assert(strstr(d, "set @1:1\n    ref @1:6 $m\n      prop @1:8 k\n      index @1:10\n") != NULL);
    ck_assert(strstr(d, "range @1:22") != NULL);
    free(d);
}
END_TEST

START_TEST(precedence)
{
    char *d = dump("#set($x = 1 + 2 * 3 == 7 && !$f || $g)");
    /* || at the top, then &&, then ==, then + over * */
    ck_assert(strstr(d, "    or @1:11\n      and @1:11\n        eq @1:11\n          add @1:11\n") != NULL);
    free(d);
}
END_TEST

START_TEST(reports_every_error)
{
    const char *src = "#set($a = )\nok\n#if($b ==)x#end\n#foreach($i [1])#end";
    vtl_template *t = vtl_parse("t.vtl", src, strlen(src));
    ck_assert(!vtl_template_ok(t));
    ck_assert_uint_ge(vtl_template_error_count(t), 2);
    int line = 0, col = 0;
    vtl_template_error(t, 0, &line, &col);
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(col, 11);
    vtl_template_error(t, 1, &line, &col);
    ck_assert_int_eq(line, 3);
    vtl_template_free(t);
}
END_TEST

START_TEST(error_messages_and_carets)
{
    char *d = dump("x\n#set($x = \"a\" \"b\")");
    ck_assert_str_eq(d, "t.vtl:2:15: error: unexpected string\n"
                        "    #set($x = \"a\" \"b\")\n"
                        "                  ^\n");
    free(d);
    d = dump("#macro(foo)x#end");
    ck_assert(strstr(d, "#macro is not supported by AWS AppSync") != NULL);
    free(d);
    d = dump("${a.b");
    ck_assert(strstr(d, "t.vtl:1:6: error:") != NULL);
    free(d);
}
END_TEST

START_TEST(deep_nesting_is_an_error_not_a_crash)
{
    size_t n = 100000;
    char *src = malloc(n * 2 + 32);
    strcpy(src, "#set($x = ");
    size_t k = strlen(src);
    for (size_t i = 0; i < n; i++)
        src[k++] = '(';
    src[k++] = '1';
    for (size_t i = 0; i < n; i++)
        src[k++] = ')';
    src[k++] = ')';
    src[k] = '\0';
    vtl_template *t = vtl_parse("t.vtl", src, k);
    ck_assert(!vtl_template_ok(t));
    vtl_template_free(t);
    free(src);
}
END_TEST

/* The tree (or the messages) of src, through vtl_parse or the grammar alone. */
static char *dump_with(vtl_template *(*parse)(const char *, const char *, size_t), const char *src)
{
    vtl_template *t = parse("t.vtl", src, strlen(src));
    char *d = vtl_template_ok(t) ? vtl_template_dump(t) : vtl_template_render_errors(t);
    vtl_template_free(t);
    return d;
}

START_TEST(fast_references_build_the_grammars_tree)
{
    /* parse_ref.c reads these references and literals whole, or gives up on
     * them at some point; the result must be what the grammar alone builds or
     * reports */
    static const char *const cases[] = {
        "$util.qr($m.put(\"k\", {\"a\": [1, $b.c()], \"d\": $e}))$m",
        "${a.b($c.d())}x", "$!a.b(1.5, -2, true, false, null)[0].c", "$a.b($c.d(1) + 2)",
        "$a.b([1..3])", "$a.b([1, 2,])", "$a.b({\"k\" 1})", "$a.b(\"x $y.z() w\")",
        "$a.b(\"#if(true)y#end\")", "$a[$i.j()].k()", "#if($a.b() $c.d())x#end", "$a.b(",
        "#if($x=y)$util.error($m.n, $m.t)#end", "#foreach($k in [\"a\", \"b\")$m.put($k, 1)#end",
        "#set($a.b() = 1)", "$a.b(#set($x = 1))", "$a.b($c.d(", "$a.b(@)",
        "#set($x = {\"a\": 1, \"b\": [1, {}], \"c\": $d.e()})$x", "#set($x = [1..3])",
        "#set($x = {\"a\": 1 + 1})", "#set({} = 1)", "#if([] == [])y#end", "#set($x = {\"k\": 1,})",
        "text $a #set($x = 1)more $b.c() #if(true)y#end", "a\n  #set($x = $a + 1)\n  t $x",
        "#set($x = {\"k\": $v.w()})\n$x\n#foreach($i in $x)$i#end", "t #set($x = )u", "#set($x = 1",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *a = dump_with(vtl_parse, cases[i]), *b = dump_with(vtl_parse_grammar_only, cases[i]);
        ck_assert_msg(strcmp(a, b) == 0, "%s:\n%s\n--- grammar alone:\n%s", cases[i], a, b);
        free(a);
        free(b);
    }
}
END_TEST

Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, tree_shapes);
    tcase_add_test(tc, precedence);
    tcase_add_test(tc, fast_references_build_the_grammars_tree);
    tcase_add_test(tc, reports_every_error);
    tcase_add_test(tc, error_messages_and_carets);
    tcase_add_test(tc, deep_nesting_is_an_error_not_a_crash);
    suite_add_tcase(s, tc);
    return s;
}
