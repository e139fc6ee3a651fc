/* check_eval: evaluation semantics (reference Appendix A transcript), method
 * dispatch, arithmetic, whitespace, limits and error outcomes. */
#include "check_suites.h"
#include "vtl/vtl.h"
#include "eval/eval.h"
#include "util/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *ARGS = "{\"arguments\":{\"name\":\"Ada\",\"age\":36,\"score\":9.5,\"flag\":true,\"nothing\":null,"
                          "\"tags\":[\"x\",\"y\"],\"meta\":{\"_version\":3,\"empty\":\"E\",\"a-b\":1}}}";

char *render(const char *tpl, const char *ctx)
{
    vtl_options o;
    vtl_options_init(&o);
    o.now_ms = 1704164645678LL;
    o.ids = VTL_IDS_COUNTER;
    vtl_template *t = vtl_parse("t.vtl", tpl, strlen(tpl));
    vtl_result *r = vtl_evaluate(t, "ctx", ctx, ctx ? strlen(ctx) : 0, &o);
    char *out;
    size_t len;
    const char *s = vtl_result_output(r, &len);
    vtl_status st = vtl_result_status(r);
    if (st == VTL_ERROR || st == VTL_PARSE_ERROR || st == VTL_CTX_ERROR) {
        out = strdup(st == VTL_PARSE_ERROR ? "<ERROR:parse>" : st == VTL_CTX_ERROR ? "<ERROR:ctx>" : "<ERROR:eval>");
    } else {
        out = s ? strndup(s, len) : strdup("<NULL>");
    }
    vtl_result_free(r);
    vtl_template_free(t);
    return out;
}

#define RENDERS(tpl, ctx, expected)                       \
    do {                                                  \
        char *got_ = render(tpl, ctx);                    \
        ck_assert_msg(strcmp(got_, expected) == 0, "%s\n  expected [%s]\n  got      [%s]", tpl, expected, got_); \
        free(got_);                                       \
    } while (0)

START_TEST(references)
{
    RENDERS("$foo|$!foo|${foo}|$!{foo}|${!foo}|$foo.bar()|\\$foo", NULL, "$foo||${foo}||${!foo}|$foo.bar()|\\$foo");
    RENDERS("#set($foo = 1)\\$foo|\\\\$foo|$foo", NULL, "$foo|\\1|1");
    RENDERS("$ctx.args.meta._version|$ctx.args.meta.get(\"_version\")|$ctx.args.meta.empty|$ctx.args.tags.empty|"
            "$ctx.args.meta.a-b|$ctx.args.name.length()|$ctx.args.name.length", ARGS,
            "{_version=3, empty=E, a-b=1}._version|3|E|false|1|3|$ctx.args.name.length");
    RENDERS("$ctx.args.tags[0]|$ctx.args.tags[-1]|$ctx.args.meta[\"empty\"]|$ctx.args.tags.size()", ARGS, "x|y|E|2");
    RENDERS("#set($n = \"world\")${n}world|$n's|$nworld|$n.|#set($p = \"$5.00\")$p|#set($price = 4)$$price", NULL,
            "worldworld|world's|$nworld|world.|$5.00|$4");
}
END_TEST

START_TEST(set_and_truthiness)
{
    RENDERS("#set($x = \"a\")#set($x = $nothing)[$x]", NULL, "[a]");
    RENDERS("#set($m = {})#set($m.k = \"v\")#set($m.k = $nothing)$m", NULL, "{k=v}");
    RENDERS("#if(1)T#{else}F#end|#if(\"\")T#{else}F#end|#if(0 == 0)T#{else}F#end|#if($ctx.args.age)T#{else}F#end"
            "|#if(\"abc\")T#{else}F#end", ARGS, "F|F|T|T|F");
    RENDERS("#set($e = \"\")#if($e)T#{else}F#end|#set($z = 0)#if($z)T#{else}F#end|#set($l = [])#if($l)T#{else}F#end"
            "|#if($ctx.args.nothing)T#{else}F#end", ARGS, "T|T|T|F");
    RENDERS("#set($l = [1,2])#set($l[0] = 9)$l|#set($m = {\"a\":{\"b\":1}})#set($m.a.b = 2)$m|#set($m.x.y = 3)$m",
            NULL, "[9, 2]|{a={b=2}}|{a={b=2}}");
}
END_TEST

START_TEST(arithmetic)
{
    RENDERS("#set($c = 5 / 2)$c|#set($d = 5 % 2)$d|#set($f = 5.0 / 2)$f|#set($g = 5 / 0)[$g]|"
            "#set($h = 2147483647 + 1)$h|#set($i = 10 * 1.0)$i|#set($j = 1e3)$j", NULL,
            "2|1|2.5|[$g]|2147483648|10.0|1000.0");
    RENDERS("#set($s = \"a\" + 1)$s|#set($t = 1 + \"a\")$t|#set($u = \"x\" + $undefinedvar)$u|"
            "#set($v = 1 + $undefinedvar)[$v]", NULL, "a1|1a|x$undefinedvar|[$v]");
    RENDERS("#set($x = 2 + 3 * 4)$x|#set($w = -5 % 3)$w|#set($v = 7 / -2)$v|#set($u = 100000 * 100000)$u", NULL,
            "14|-2|-3|10000000000");
    RENDERS("#set($x = 3000000000)$x|#set($y = 9223372036854775807 + 1)$y|#set($z = 0.1 + 0.2)$z|"
            "#set($r = 123456789.0)$r", NULL, "3000000000|9223372036854775808|0.30000000000000004|1.23456789E8");
    RENDERS("$ctx.args.age + 1", ARGS, "36 + 1");  /* operators are text outside directives */
    /* the blank before a #set that follows a reference is eaten, as in Velocity */
    RENDERS("#set($a = $ctx.args.age + 1)$a #set($b = $ctx.args.score * 2)$b", ARGS, "3719.0");
}
END_TEST

START_TEST(comparisons)
{
    RENDERS("#if(1 == \"1\")T#end|#if(\"true\" == true)T#end|#if($nothing == $alsonothing)T#end|"
            "#if($nothing != 1)T#end|#if(1 == 1.0)T#end|#if(\"a\" < \"b\")T#{else}F#end", NULL, "T|T|T|T|T|F");
    RENDERS("#if([\"a\"] == [\"a\"])T#end#if({\"a\":1} == \"{a=1}\")T#end#if(2 gt 1 and not false)T#end", NULL, "TTT");
}
END_TEST

START_TEST(foreach)
{
    RENDERS("#foreach($i in [1..3])$i:$foreach.index:$foreach.count:$foreach.hasNext:$foreach.first:$foreach.last:"
            "$velocityCount:$velocityHasNext #end", NULL,
            "1:0:1:true:true:false:1:true 2:1:2:true:false:false:2:true 3:2:3:false:false:true:3:false ");
    RENDERS("#foreach($i in [3..1])$i #end|#foreach($v in $ctx.args.meta)$v,#end|#foreach($c in \"abc\")$c#end", ARGS,
            "3 2 1 |3,E,1,|");
    RENDERS("#set($i = \"before\")#foreach($i in [1,2])$i#end|$i", NULL, "12|before");
    RENDERS("#foreach($i in [1..5])#if($i == 3)#break#end$i#end|after", NULL, "12|after");
    RENDERS("#foreach($i in [1..3])#foreach($j in [1..3])#if($j == 2)#break($foreach.parent)#end$i$j #end#end|end",
            NULL, "11 |end");
    RENDERS("#set($n = 0)#foreach($i in [1..1005])#set($n = $i)#end$n", NULL, "1000");
    RENDERS("a#stop b", NULL, "a");
    RENDERS("before#break after", NULL, "before");
}
END_TEST

START_TEST(java_methods)
{
    RENDERS("#set($m = {})$m.put(\"a\", 1)|$m.put(\"a\", 2)|$!m.put(\"b\", 3)|$m|$m.keySet()|$m.entrySet()", NULL,
            "$m.put(\"a\", 1)|1||{a=2, b=3}|[a, b]|[a=2, b=3]");
    RENDERS("#set($l = [])$l.add(\"x\")|$l.add(0, \"y\")|$l|$l.remove(0)|$l|$l.remove(\"x\")|$l", NULL,
            "true||[y, x]|y|[x]|true|[]");
    RENDERS("#set($str = \"a,b,,c,,\")$str.split(\",\").size()|#foreach($p in $str.split(\",\"))[$p]#end|"
            "$str.replaceAll(\",+\", \"-\")|$str.matches(\"a.*\")|$str.matches(\"b\")", NULL,
            "4|[a][b][][c]|a-b-c-|true|false");
    RENDERS("#set($Integer = 0)$Integer.parseInt(\"123\")|#set($D = 0.0)$D.parseDouble(\"1.5\")|"
            "#set($B = false)$B.parseBoolean(\"TRUE\")", NULL, "123|1.5|true");
    RENDERS("#set($s = \"héllo😀\")$s.length()|$s.substring(1, 3)|$s.indexOf(\"l\")|$s.toUpperCase()", NULL,
            "7|él|2|HÉLLO😀");
    RENDERS("$util.isNullOrEmpty($ctx.args.flag)", ARGS, "$util.isNullOrEmpty($ctx.args.flag)");
    RENDERS("#set($s = \"abc\")$s.substring(5)", NULL, "<ERROR:eval>");
}
END_TEST

START_TEST(strings_and_literals)
{
    RENDERS("#set($q = \"a\"\"b\")$q|#set($r = 'a''b $x')$r|#set($s = \"tab\\tnl\\nu\\u0041\")$s", NULL,
            "a\"b|a'b $x|tab\\tnl\\nuA");
    RENDERS("#set($s = \"x\")#set($t = \"$s\")$t|#set($u = \"$undefinedq\")$u|#set($w = \"#if(true)in#end\")$w", NULL,
            "x|$undefinedq|in");
    RENDERS("#set($n = \"a\")#define($b)$n#end#set($n = \"b\")$b", NULL, "b");
    RENDERS("#set($x = \"a\\\"b\")", NULL, "<ERROR:parse>");
    RENDERS("#set($m = {\"a\":1,})", NULL, "<ERROR:parse>");
    RENDERS("#set($z = -$y)", NULL, "<ERROR:parse>");
}
END_TEST

START_TEST(whitespace)
{
    RENDERS("  #set($a = 1)\n  #set($b = 2)\ny", NULL, "y");
    RENDERS("x\n  #set($a = 1)\n  #set($b = 2)\ny", NULL, "x\n  y");
    RENDERS("{\n  \"id\": $ctx.args.age,\n  #if($ctx.args.flag)\n  \"flag\": true,\n  #end\n  \"name\": \"$ctx.args.name\"\n}",
            ARGS, "{\n  \"id\": 36,\n    \"flag\": true,\n    \"name\": \"Ada\"\n}");
    RENDERS("#foreach($i in [1,2])\n  - $i\n#end\ndone", NULL, "  - 1\n  - 2\ndone");
    RENDERS("line1 ## c\nline2", NULL, "line1 line2");
    RENDERS("#set($x = \"v\")\r\nline1 $x\r\n#if(true)\r\nin-if\r\n#end\r\nlast\r\n", NULL,
            "line1 v\r\nin-if\r\nlast\r\n");
}
END_TEST

START_TEST(return_and_errors)
{
    RENDERS("prefix #return({\"a\": [1, 2.0]}) tail", NULL, "{\"a\":[1,2.0]}");
    RENDERS("x#return\ny", NULL, "<NULL>");
    RENDERS("ok$util.error(\"boom\", \"T\")", NULL, "<ERROR:eval>");
    RENDERS("$util.error(25)", NULL, "$util.error(25)");
    RENDERS("x", "[1]", "<ERROR:ctx>");
    RENDERS("x", "{\"a\":", "<ERROR:ctx>");
    RENDERS("#define($a)$a#end$a", NULL, "<ERROR:eval>");
}
END_TEST

/* A parsed context serves many evaluations, each with its own copy. */
START_TEST(parsed_context)
{
    const char *src = "$util.qr($ctx.stash.put(\"n\", $ctx.stash.size()))$ctx.stash.n $ctx.args.name";
    vtl_template *t = vtl_parse("t.vtl", src, strlen(src));
    const char *json = "{\"arguments\":{\"name\":\"Ada\"},\"stash\":{\"a\":1}}";
    vtl_context *c = vtl_context_parse("ctx", json, strlen(json), NULL);
    ck_assert_ptr_nonnull(c);
    vtl_options o;
    vtl_options_init(&o);
    for (int i = 0; i < 3; i++) {
        vtl_result *r = vtl_evaluate_context(t, c, &o);
        size_t len;
        const char *out = vtl_result_output(r, &len);
        ck_assert_str_eq(out, "1 Ada");   /* the stash put of the last run is not seen */
        vtl_result_free(r);
    }
    vtl_context_free(c);
    char *why = NULL;
    ck_assert_ptr_null(vtl_context_parse("bad.json", "{\"a\":", 6, &why));
    ck_assert_ptr_nonnull(strstr(why, "bad.json:1:"));
    free(why);
    ck_assert_ptr_null(vtl_context_parse("list.json", "[1]", 3, &why));
    ck_assert_ptr_nonnull(strstr(why, "must be a JSON object"));
    free(why);
    vtl_template_free(t);
}
END_TEST

/* Every method table is kept in strcmp order (overloads side by side, easy
 * to read), and each name is found, with an arity it accepts, through the
 * index; near misses are not. */
static void check_table(const char *what, const method_def *t, size_t n)
{
    for (size_t i = 1; i < n; i++)
        ck_assert_msg(strcmp(t[i - 1].name, t[i].name) <= 0, "%s: %s sorts after %s", what, t[i - 1].name,
                      t[i].name);
    for (size_t i = 0; i < n; i++) {
        const method_def *m = method_find(t, t[i].name, strlen(t[i].name), (size_t)t[i].min_args);
        ck_assert_msg(m && !strcmp(m->name, t[i].name), "%s: %s not found", what, t[i].name);
    }
    ck_assert_ptr_null(method_find(t, "noSuchMethod", 12, 0));
    ck_assert_ptr_null(method_find(t, t[0].name, strlen(t[0].name) - 1, 0));
}

START_TEST(method_tables_sorted)
{
    check_table("String", string_methods, string_methods_len);
    check_table("List", list_methods, list_methods_len);
    check_table("Map", map_methods, map_methods_len);
    check_table("Number", number_methods, number_methods_len);
    check_table("Boolean", bool_methods, bool_methods_len);
    check_table("Entry", entry_methods, entry_methods_len);
    check_table("foreach", foreach_methods, foreach_methods_len);
    size_t nns;
    const util_ns *const *ns = util_namespaces(&nns);
    ck_assert_uint_eq(nns, 12);   /* $util itself and its 11 namespaces */
    for (size_t i = 0; i < nns; i++)
        check_table(ns[i]->name[0] ? ns[i]->name : "util", ns[i]->fns, ns[i]->nfns);
}
END_TEST

Suite *eval_suite(void)
{
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("eval");
    tcase_add_test(tc, references);
    tcase_add_test(tc, set_and_truthiness);
    tcase_add_test(tc, arithmetic);
    tcase_add_test(tc, comparisons);
    tcase_add_test(tc, foreach);
    tcase_add_test(tc, java_methods);
    tcase_add_test(tc, strings_and_literals);
    tcase_add_test(tc, whitespace);
    tcase_add_test(tc, return_and_errors);
    tcase_add_test(tc, method_tables_sorted);
    tcase_add_test(tc, parsed_context);
    suite_add_tcase(s, tc);
    return s;
}
