/* check_base: arena, strbuf, srcmap and diagnostic rendering. */
#include "check_suites.h"
#include "base/arena.h"
#include "base/base64.h"
#include "base/diag.h"
#include "base/jregex.h"
#include "base/srcmap.h"
#include "base/strbuf.h"
#include <stdint.h>
#include <string.h>

START_TEST(arena_alignment_and_large_blocks)
{
    arena a;
    arena_init(&a, 1024);
    for (int i = 0; i < 100; i++) {
        void *p = arena_alloc(&a, (size_t)i + 1);
        ck_assert_uint_eq((uintptr_t)p % 16, 0);
        memset(p, 0xab, (size_t)i + 1);
    }
    char *big = arena_alloc(&a, 100000);   /* larger than a block: its own */
    memset(big, 1, 100000);
    char *s = arena_strndup(&a, "hello world", 5);
    ck_assert_str_eq(s, "hello");
    ck_assert_uint_ge(a.total, 100000);
    arena_free(&a);
    ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(base64_encode_and_lenient_decode)
{
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {   /* RFC 4648 vectors */
        strbuf sb = STRBUF_INIT;
        base64_encode(&sb, plain[i], strlen(plain[i]));
        ck_assert_str_eq(strbuf_cstr(&sb), coded[i]);
        unsigned char out[16];
        size_t n = base64_decode_lenient(coded[i], strlen(coded[i]), out);
        ck_assert_uint_eq(n, strlen(plain[i]));
        ck_assert(memcmp(out, plain[i], n) == 0);
        strbuf_free(&sb);
    }
    unsigned char out[16];
    /* line breaks and stray bytes are skipped, URL-safe digits read, '=' ends the data */
    size_t n = base64_decode_lenient("Zm9v\r\nY*g=Zm9v", 16, out);
    ck_assert_uint_eq(n, 4);
    ck_assert(memcmp(out, "foob", 4) == 0);
    n = base64_decode_lenient("-_8", 3, out);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(out[0], 0xfb);
    ck_assert_uint_eq(out[1], 0xff);
    ck_assert_int_eq(base64_digit('/'), 63);
    ck_assert_int_eq(base64_digit('-'), -1);   /* the standard alphabet only */
    ck_assert_int_eq(base64_digit('='), -1);
}
END_TEST

START_TEST(strbuf_json_escapes)
{
    strbuf sb = STRBUF_INIT;
    strbuf_json_string(&sb, "a\"b\\c\n\t\x01/é", strlen("a\"b\\c\n\t\x01/é"));
    ck_assert_str_eq(strbuf_cstr(&sb), "\"a\\\"b\\\\c\\n\\t\\u0001/é\"");
    strbuf_reset(&sb);
    strbuf_printf(&sb, "%d-%s", 42, "x");
    ck_assert_str_eq(strbuf_cstr(&sb), "42-x");
    strbuf_free(&sb);
}
END_TEST

START_TEST(srcmap_lines_and_utf8_columns)
{
    const char *src = "ab\ncé d\n\nlast";
    srcmap m;
    srcmap_init(&m, src, strlen(src));
    int line = 0, col = 0;
    srcmap_locate(&m, 0, &line, &col);
    ck_assert_int_eq(line, 1);
    ck_assert_int_eq(col, 1);
    srcmap_locate(&m, 7, &line, &col); /* the 'd' after "cé ": bytes c,é(2), space */
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(col, 4);
    srcmap_locate(&m, strlen(src), &line, &col);
    ck_assert_int_eq(line, 4);
    ck_assert_int_eq(col, 5);
    size_t len;
    const char *l2 = srcmap_line(&m, 2, &len);
    ck_assert_int_eq((int)len, 5);
    ck_assert(memcmp(l2, "cé d", len) == 0);
    srcmap_free(&m);
}
END_TEST

START_TEST(diag_renders_caret)
{
    const char *src = "x\n#if($a == 1))\n";
    srcmap m;
    srcmap_init(&m, src, strlen(src));
    diag d;
    memset(&d, 0, sizeof d);
    d.has_span = true;
    d.span.start = d.span.end = 15;
    strcpy(d.msg, "unexpected ')'");
    strbuf sb = STRBUF_INIT;
    diag_render(&sb, "t.vtl", &m, &d);
    ck_assert_str_eq(strbuf_cstr(&sb), "t.vtl:2:14: error: unexpected ')'\n    #if($a == 1))\n                 ^\n");
    strbuf_free(&sb);
    srcmap_free(&m);
}
END_TEST

START_TEST(jregex_java_conventions)
{
    char err[256];
    const jregex *re = jregex_get("a.*", 3, err, sizeof err);
    ck_assert_ptr_nonnull(re);
    ck_assert(jregex_matches(re, "abc", 3));
    re = jregex_get("b", 1, err, sizeof err);
    ck_assert(!jregex_matches(re, "abc", 3));   /* whole-string match */
    re = jregex_get("(\\w+)@(\\w+)", 11, err, sizeof err);
    strbuf sb = STRBUF_INIT;
    ck_assert(jregex_replace(re, "x a@b y", 7, "$2 at $1", 8, true, &sb, err, sizeof err));
    ck_assert_str_eq(strbuf_cstr(&sb), "x b at a y");
    strbuf_free(&sb);
    ck_assert_ptr_null(jregex_get("(", 1, err, sizeof err));
    ck_assert(strstr(err, "PatternSyntaxException") != NULL);
    jregex_cache_clear();
}
END_TEST

Suite *base_suite(void)
{
    Suite *s = suite_create("base");
    TCase *tc = tcase_create("base");
    tcase_add_test(tc, arena_alignment_and_large_blocks);
    tcase_add_test(tc, strbuf_json_escapes);
    tcase_add_test(tc, base64_encode_and_lenient_decode);
    tcase_add_test(tc, srcmap_lines_and_utf8_columns);
    tcase_add_test(tc, diag_renders_caret);
    tcase_add_test(tc, jregex_java_conventions);
    suite_add_tcase(s, tc);
    return s;
}
