/* check_lex: token streams for each lexer mode and the whitespace rules. */
#include "check_suites.h"
#include "vtl/lex.h"
#include "vtl_parser.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Lex src and write "KIND:text" tokens separated by spaces into buf. */
static const char *tokens(const char *src)
{
    static char buf[2048];
    arena ar;
    arena_init(&ar, 4096);
    lexer lx;
    lex_init(&lx, src, strlen(src), 0, &ar);
    buf[0] = '\0';
    for (int i = 0; i < 64; i++) {
        lex_token t;
        int k = lex_next(&lx, &t);
        if (k == TOK_YYEOF)
            break;
        char one[256];
        snprintf(one, sizeof one, "%s%d:%.*s", buf[0] ? " " : "", k, (int)t.len, t.text ? t.text : "");
        strncat(buf, one, sizeof buf - strlen(buf) - 1);
    }
    arena_free(&ar);
    return buf;
}

static char expect_buf[2048];
/* Build the expected string from (kind, text) pairs ended by -1. */
static const char *expect(int kind, ...)
{
    va_list ap;
    va_start(ap, kind);
    expect_buf[0] = '\0';
    for (int k = kind; k != -1; k = va_arg(ap, int)) {
        const char *text = va_arg(ap, const char *);
        char one[256];
        snprintf(one, sizeof one, "%s%d:%s", expect_buf[0] ? " " : "", k, text);
        strncat(expect_buf, one, sizeof expect_buf - strlen(expect_buf) - 1);
    }
    va_end(ap);
    return expect_buf;
}

START_TEST(text_and_references)
{
    ck_assert_str_eq(tokens("a $b.c(1)[0] d"),
                     expect(TOK_TEXT, "a ", TOK_REF_CALL, "b.c", TOK_INT, "1", TOK_CALL_CLOSE, ")",
                            TOK_INDEX_OPEN, "[", TOK_INT, "0", TOK_INDEX_CLOSE, "]", TOK_TEXT, " d", -1));
    /* a hyphen belongs to the name; a trailing dot is text */
    ck_assert_str_eq(tokens("$a-b."), expect(TOK_REF_SIMPLE, "a-b", TOK_TEXT, ".", -1));
    ck_assert_str_eq(tokens("${x}y"), expect(TOK_REF_SIMPLE, "x", TOK_TEXT, "y", -1));
    ck_assert_str_eq(tokens("$5 #x"), expect(TOK_TEXT, "$", TOK_TEXT, "5 ", TOK_TEXT, "#x", -1));
    /* plain property links fold into one token, and so does the first method
     * call's name (REF_CALL); links after it are separate tokens */
    ck_assert_str_eq(tokens("$ctx.args.name.length() $a.b[1].c"),
                     expect(TOK_REF_CALL, "ctx.args.name.length", TOK_CALL_CLOSE, ")",
                            TOK_TEXT, " ", TOK_REF_BEGIN, "a.b", TOK_INDEX_OPEN, "[",
                            TOK_INT, "1", TOK_INDEX_CLOSE, "]", TOK_PROP, "c", -1));
    /* only a formal reference has an end token: its closing brace */
    ck_assert_str_eq(tokens("${a.b()}x"), expect(TOK_REF_CALL, "a.b", TOK_CALL_CLOSE, ")",
                                                 TOK_REF_END, "}", TOK_TEXT, "x", -1));
    ck_assert_str_eq(tokens("$a.b(1).c.d($e.f())"),
                     expect(TOK_REF_CALL, "a.b", TOK_INT, "1", TOK_CALL_CLOSE, ")", TOK_PROP, "c", TOK_METHOD, "d",
                            TOK_REF_CALL, "e.f", TOK_CALL_CLOSE, ")", TOK_CALL_CLOSE, ")", -1));
    ck_assert_str_eq(tokens("$!{m.k}x"), expect(TOK_REF_SIMPLE, "m.k", TOK_TEXT, "x", -1));
}
END_TEST

START_TEST(directives_and_whitespace)
{
    /* #set eats its leading blanks at a token start; ')' eats blanks + newline */
    ck_assert_str_eq(tokens("  #set($a = 1)  \nx"),
                     expect(TOK_SET_TARGET, "a", TOK_INT, "1", TOK_DIR_CLOSE, ")", TOK_TEXT, "x", -1));
    /* a plain target and '=' fold into SET_TARGET; any other target keeps SET */
    ck_assert_str_eq(tokens("#set( $!{m.k}\n= 2)"), expect(TOK_SET_TARGET, "m.k", TOK_INT, "2", TOK_DIR_CLOSE, ")", -1));
    ck_assert_str_eq(tokens("#set($m[0] = 2)"),
                     expect(TOK_SET, "#set(", TOK_REF_BEGIN, "m", TOK_INDEX_OPEN, "[", TOK_INT, "0",
                            TOK_INDEX_CLOSE, "]", TOK_ASSIGN, "=", TOK_INT, "2", TOK_DIR_CLOSE, ")", -1));
    ck_assert_str_eq(tokens("#set($a == 2)"),
                     expect(TOK_SET, "#set(", TOK_REF_SIMPLE, "a", TOK_EQ, "==", TOK_INT, "2", TOK_DIR_CLOSE, ")", -1));
    /* #end eats blanks only when a newline follows */
    ck_assert_str_eq(tokens("#end  x"), expect(TOK_END, "#end", TOK_TEXT, "  x", -1));
    ck_assert_str_eq(tokens("#{else}\r\nq"), expect(TOK_ELSE, "#{else}\r\n", TOK_TEXT, "q", -1));
    ck_assert_str_eq(tokens("#elsewhere"), expect(TOK_TEXT, "#elsewhere", -1));
    ck_assert_str_eq(tokens("#break #stop #return"),
                     expect(TOK_BREAK, "#break", TOK_TEXT, " ", TOK_STOP, "#stop", TOK_TEXT, " ", TOK_RETURN,
                            "#return", -1));
}
END_TEST

START_TEST(expression_tokens)
{
    ck_assert_str_eq(tokens("#if($a >= -2 and !$b || 1.5e2 != 'x')"),
                     expect(TOK_IF, "#if(", TOK_REF_SIMPLE, "a", TOK_GE, ">=", TOK_INT, "-2",
                            TOK_AND, "and", TOK_NOT, "!", TOK_REF_SIMPLE, "b", TOK_OR, "||",
                            TOK_FLOAT, "1.5e2", TOK_NE, "!=", TOK_STRING, "x", TOK_DIR_CLOSE, ")", -1));
    ck_assert_str_eq(tokens("#set($r = [1..3])"),
                     expect(TOK_SET_TARGET, "r",
                            TOK_LBRACKET, "[", TOK_INT, "1", TOK_DOTDOT, "..", TOK_INT, "3", TOK_RBRACKET, "]",
                            TOK_DIR_CLOSE, ")", -1));
    /* doubled quotes collapse; $ or # makes a string interpolated */
    ck_assert_str_eq(tokens("#set($s = \"a\"\"b $c\")"),
                     expect(TOK_SET_TARGET, "s",
                            TOK_ISTRING, "a\"b $c", TOK_DIR_CLOSE, ")", -1));
}
END_TEST

START_TEST(comments_escapes_unparsed)
{
    ck_assert_str_eq(tokens("a ## c\nb#* x *#c#[[$raw]]#"),
                     expect(TOK_TEXT, "a ", TOK_TEXT, "b", TOK_TEXT, "c", TOK_TEXT, "$raw", -1));
    /* backslashes before a reference are handed to it */
    lex_token t;
    arena ar;
    arena_init(&ar, 1024);
    lexer lx;
    lex_init(&lx, "\\\\\\$x", 5, 0, &ar);
    ck_assert_int_eq(lex_next(&lx, &t), TOK_REF_SIMPLE);
    ck_assert_int_eq(t.escapes, 3);
    arena_free(&ar);
    ck_assert_str_eq(tokens("\\#if(x)"), expect(TOK_TEXT, "#if", TOK_TEXT, "(x)", -1));
    ck_assert_str_eq(tokens("\\\\#stop"), expect(TOK_TEXT, "\\", TOK_STOP, "#stop", -1));
}
END_TEST

START_TEST(errors_and_binary_input)
{
    ck_assert_str_eq(tokens("#if"), expect(TOK_LEXERR, "a directive needs '(' after its name", -1));
    /* NUL bytes inside the text; the last byte is the sentinel the lexer needs */
    const char bin[] = {'a', 0, 'b', '$', 0, '#', 0, '\\', 0};
    arena ar;
    arena_init(&ar, 1024);
    lexer lx;
    lex_init(&lx, bin, sizeof bin - 1, 0, &ar);
    lex_token t;
    int n = 0;
    while (lex_next(&lx, &t) != TOK_YYEOF && n < 100)
        n++;
    ck_assert_int_lt(n, 100);
    arena_free(&ar);
}
END_TEST

Suite *lex_suite(void)
{
    Suite *s = suite_create("lex");
    TCase *tc = tcase_create("lex");
    tcase_add_test(tc, text_and_references);
    tcase_add_test(tc, directives_and_whitespace);
    tcase_add_test(tc, expression_tokens);
    tcase_add_test(tc, comments_escapes_unparsed);
    tcase_add_test(tc, errors_and_binary_input);
    suite_add_tcase(s, tc);
    return s;
}
