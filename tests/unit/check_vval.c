/* check_vval: values, Java equality and hashing, map order, printing, JSON. */
#include "check_suites.h"
#include "vval/vval.h"
#include "vval/vval_json.h"
#include "vval/vval_print.h"
#include <stdio.h>
#include <string.h>

static arena ar;
static void setup(void) { arena_init(&ar, 4096); }
static void teardown(void) { arena_free(&ar); }

static const char *show(vval v)
{
    static char buf[512];
    strbuf sb = STRBUF_INIT;
    vval_print(&sb, v);
    snprintf(buf, sizeof buf, "%s", strbuf_cstr(&sb));
    strbuf_free(&sb);
    return buf;
}

static const char *show_double(double d)
{
    return show(vval_double(d));
}

START_TEST(double_to_string_like_java)
{
    ck_assert_str_eq(show_double(1.0), "1.0");
    ck_assert_str_eq(show_double(2.5), "2.5");
    ck_assert_str_eq(show_double(0.1 + 0.2), "0.30000000000000004");
    ck_assert_str_eq(show_double(123456789.0), "1.23456789E8");
    ck_assert_str_eq(show_double(1e-5), "1.0E-5");
    ck_assert_str_eq(show_double(1e20), "1.0E20");
    ck_assert_str_eq(show_double(0.001), "0.001");
    ck_assert_str_eq(show_double(9999999.0), "9999999.0");
    ck_assert_str_eq(show_double(10000000.0), "1.0E7");
    ck_assert_str_eq(show_double(-0.0), "-0.0");
    ck_assert_str_eq(show_double(100.0), "100.0");
}
END_TEST

START_TEST(integral_widening)
{
    ck_assert_int_eq(vval_integral(&ar, 2147483647).kind, VVAL_INT);
    ck_assert_int_eq(vval_integral(&ar, (__int128)2147483647 + 1).kind, VVAL_LONG);
    vval big = vval_integral(&ar, (__int128)INT64_MAX + 1);
    ck_assert_int_eq(big.kind, VVAL_BIGINT);
    ck_assert_str_eq(show(big), "9223372036854775808");
    ck_assert_int_eq(vval_integral_kind(&ar, 5, VVAL_LONG).kind, VVAL_LONG);
}
END_TEST

START_TEST(java_equals_and_hash)
{
    vval s1 = vval_cstr(&ar, "abc"), s2 = vval_cstr(&ar, "abc");
    ck_assert(vval_java_equals(s1, s2));
    ck_assert_uint_eq(vval_hash(s1), 96354);         /* "abc".hashCode() */
    ck_assert(!vval_java_equals(vval_int(1), vval_long(1)));  /* Integer.equals(Long) */
    ck_assert(!vval_java_equals(vval_int(1), vval_cstr(&ar, "1")));
    ck_assert_uint_eq(vval_hash(vval_cstr(&ar, "é")), 233);
    vval l1 = vval_list_new(&ar, 0), l2 = vval_list_new(&ar, 0);
    vlist_push(l1.u.l, vval_int(1));
    vlist_push(l2.u.l, vval_int(1));
    ck_assert(vval_java_equals(l1, l2));
}
END_TEST

START_TEST(map_insertion_order_and_removal)
{
    vval m = vval_map_new(&ar);
    for (int i = 0; i < 40; i++) {
        char k[8];
        snprintf(k, sizeof k, "k%d", i);
        vmap_put_str(m.u.m, k, vval_int(i));
    }
    vval old;
    ck_assert(vmap_remove(m.u.m, vval_cstr(&ar, "k3"), &old));
    ck_assert_int_eq(old.u.i, 3);
    ck_assert_ptr_null(vmap_find_str(m.u.m, "k3", 2));
    ck_assert_int_eq(vmap_find_str(m.u.m, "k39", 3)->u.i, 39);
    ck_assert(vmap_put(m.u.m, vval_cstr(&ar, "k0"), vval_int(100), &old));
    ck_assert_int_eq(old.u.i, 0);
    ck_assert_uint_eq(m.u.m->count, 39);
    size_t *order = vmap_order(m.u.m, &ar);
    ck_assert_str_eq(m.u.m->entries[order[0]].key.u.s->data, "k0");
    ck_assert_str_eq(m.u.m->entries[order[3]].key.u.s->data, "k4");
    /* an Integer key is not the String key */
    vmap_put(m.u.m, vval_int(1), vval_cstr(&ar, "int"), NULL);
    ck_assert_ptr_null(vmap_find(m.u.m, vval_cstr(&ar, "1")));
}
END_TEST

START_TEST(map_hash_order_matches_java)
{
    /* reference Appendix B: name, age, active, score, tags, meta iterate as
     * score, meta, name, active, age, tags in a java.util.HashMap */
    vval m = vval_map_new(&ar);
    m.u.m->hash_order = true;
    const char *keys[] = {"name", "age", "active", "score", "tags", "meta"};
    for (int i = 0; i < 6; i++)
        vmap_put_str(m.u.m, keys[i], vval_int(i));
    ck_assert_str_eq(show(m), "{score=3, meta=5, name=0, active=2, age=1, tags=4}");
}
END_TEST

START_TEST(print_containers_like_java)
{
    vval m = vval_map_new(&ar), l = vval_list_new(&ar, 0);
    vlist_push(l.u.l, vval_cstr(&ar, "x"));
    vlist_push(l.u.l, vval_null());
    vmap_put_str(m.u.m, "a", vval_int(1));
    vmap_put_str(m.u.m, "b", l);
    vmap_put_str(m.u.m, "c", vval_double(2.0));
    ck_assert_str_eq(show(m), "{a=1, b=[x, null], c=2.0}");
    vlist_push(l.u.l, l);
    ck_assert_str_eq(show(l), "[x, null, (this Collection)]");
}
END_TEST

START_TEST(cycles_terminate)
{
    /* a map holding a list holding the map, twice: no exponential blow-up */
    vval m = vval_map_new(&ar), l = vval_list_new(&ar, 0);
    vlist_push(l.u.l, m);
    vlist_push(l.u.l, m);
    vmap_put_str(m.u.m, "a", l);
    vmap_put_str(m.u.m, "b", l);
    ck_assert_str_eq(show(m), "{a=[(this Map), (this Map)], b=[(this Map), (this Map)]}");
    strbuf sb = STRBUF_INIT;
    vjson_write(&sb, m);
    ck_assert_str_eq(strbuf_cstr(&sb), "{\"a\":[null,null],\"b\":[null,null]}");
    strbuf_free(&sb);
}
END_TEST

START_TEST(json_keeps_number_types)
{
    vval v;
    vjson_error err;
    const char *txt = "{\"i\":1,\"l\":3000000000,\"d\":1.0,\"e\":1e3,\"s\":\"\\u00e9\\n\",\"n\":null,\"b\":[true]}";
    ck_assert(vjson_parse(&ar, txt, strlen(txt), NULL, &v, &err));
    ck_assert_int_eq(vmap_find_str(v.u.m, "i", 1)->kind, VVAL_INT);
    ck_assert_int_eq(vmap_find_str(v.u.m, "l", 1)->kind, VVAL_LONG);
    ck_assert_int_eq(vmap_find_str(v.u.m, "d", 1)->kind, VVAL_DOUBLE);
    ck_assert_str_eq(show(v), "{i=1, l=3000000000, d=1.0, e=1000.0, s=é\n, n=null, b=[true]}");
    strbuf sb = STRBUF_INIT;
    vjson_write(&sb, v);
    ck_assert_str_eq(strbuf_cstr(&sb),
                     "{\"i\":1,\"l\":3000000000,\"d\":1.0,\"e\":1000.0,\"s\":\"é\\n\",\"n\":null,\"b\":[true]}");
    strbuf_free(&sb);
}
END_TEST

START_TEST(json_errors_have_positions)
{
    vval v;
    vjson_error err;
    ck_assert(!vjson_parse(&ar, "{\n  \"a\": 1,\n  x\n}", 17, NULL, &v, &err));
    ck_assert_int_eq(err.line, 3);
    ck_assert_int_eq(err.col, 3);
    vjson_opts strict = {false, true, false, 0};
    ck_assert(!vjson_parse(&ar, "{\"a\":1,\"a\":2}", 13, &strict, &v, &err));
    ck_assert(strstr(err.msg, "Duplicate field 'a'") != NULL);
    vjson_opts lenient = {true, false, false, 0};
    ck_assert(vjson_parse(&ar, "[1,2,]", 6, &lenient, &v, &err));
    ck_assert(!vjson_parse(&ar, "[1,2,]", 6, NULL, &v, &err));
    ck_assert(!vjson_parse(&ar, "{}x", 3, NULL, &v, &err));
    char deep[2000];
    memset(deep, '[', sizeof deep);
    ck_assert(!vjson_parse(&ar, deep, sizeof deep, NULL, &v, &err));
}
END_TEST

Suite *vval_suite(void)
{
    Suite *s = suite_create("vval");
    TCase *tc = tcase_create("vval");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, double_to_string_like_java);
    tcase_add_test(tc, integral_widening);
    tcase_add_test(tc, java_equals_and_hash);
    tcase_add_test(tc, map_insertion_order_and_removal);
    tcase_add_test(tc, map_hash_order_matches_java);
    tcase_add_test(tc, print_containers_like_java);
    tcase_add_test(tc, cycles_terminate);
    tcase_add_test(tc, json_keeps_number_types);
    tcase_add_test(tc, json_errors_have_positions);
    suite_add_tcase(s, tc);
    return s;
}
