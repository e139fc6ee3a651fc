/* check_ddb_num: the exact decimal module: parsing and DynamoDB's limits,
 * normal form, numeric comparison, exact addition and subtraction, sizes. */
#include "check_ddb_suites.h"
#include "ddb/ddb_num.h"
#include <string.h>

static ddb_num num(const char *s)
{
    ddb_num n;
    ck_assert_msg(ddb_num_parse(s, strlen(s), &n) == DDB_NUM_OK, "cannot parse %s", s);
    return n;
}

static const char *text(ddb_num n)
{
    static char buf[DDB_NUM_TEXT_MAX];
    ddb_num_format(&n, buf);
    return buf;
}

static ddb_num_status status(const char *s)
{
    ddb_num n;
    return ddb_num_parse(s, strlen(s), &n);
}

static char *repeat(char *buf, char c, int n)
{
    memset(buf, c, (size_t)n);
    buf[n] = 0;
    return buf;
}

START_TEST(num_accepts_dynamodb_spellings)
{
    ck_assert_str_eq(text(num("+5")), "5");
    ck_assert_str_eq(text(num("-7")), "-7");
    ck_assert_str_eq(text(num(".5")), "0.5");
    ck_assert_str_eq(text(num("5.")), "5");
    ck_assert_str_eq(text(num("1e+2")), "100");
    ck_assert_str_eq(text(num("00042")), "42");
    ck_assert_str_eq(text(num("1.e1")), "10");
    ck_assert_str_eq(text(num("-.5")), "-0.5");
    ck_assert_str_eq(text(num("0e999999999")), "0");
}
END_TEST

START_TEST(num_rejects_malformed_text)
{
    const char *bad[] = {"1e", ".", "1.2.3", "++5", " 5", "5 ", "NaN", "Infinity", "0x10", "1,5", "--1", "e5", "-", "1e+"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(status(bad[i]) == DDB_NUM_SYNTAX, "%s accepted", bad[i]);
    ck_assert_int_eq(status(""), DDB_NUM_EMPTY);
    ck_assert_str_eq(ddb_num_message(DDB_NUM_SYNTAX), "The parameter cannot be converted to a numeric value");
}
END_TEST

START_TEST(num_normal_form)
{
    ck_assert_str_eq(text(num("1.0")), "1");
    ck_assert_str_eq(text(num("3.1400")), "3.14");
    ck_assert_str_eq(text(num("1.5E2")), "150");
    ck_assert_str_eq(text(num("-0015.789e6")), "-15789000");
    ck_assert_str_eq(text(num("-0")), "0");
    ck_assert_str_eq(text(num("-0.000")), "0");
    ck_assert_str_eq(text(num("0.1e-5")), "0.000001");
    char want[200], b[200];
    /* 38 nines followed by 88 zeros */
    strcpy(want, repeat(b, '9', 38));
    strcat(want, repeat(b, '0', 88));
    ck_assert_str_eq(text(num("0009.99999999999999999999999999999999999990000e125")), want);
    strcpy(want, "0.");
    strcat(want, repeat(b, '0', 129));
    strcat(want, "1");
    ck_assert_str_eq(text(num("0001.000e-130")), want);
}
END_TEST

START_TEST(num_limits_in_dynamodb_order)
{
    char buf[200], b[100];
    ck_assert_int_eq(status("1E+126"), DDB_NUM_OVERFLOW);
    ck_assert_int_eq(status("-1E+126"), DDB_NUM_OVERFLOW);
    ck_assert_int_eq(status("9.9999999999999999999999999999999999999E+125"), DDB_NUM_OK);
    ck_assert_int_eq(status("1E-130"), DDB_NUM_OK);
    ck_assert_int_eq(status("1E-131"), DDB_NUM_UNDERFLOW);
    ck_assert_int_eq(status("12345678901234567890123456789012345678"), DDB_NUM_OK);
    ck_assert_int_eq(status("123456789012345678901234567890123456789"), DDB_NUM_PRECISION);
    ck_assert_int_eq(status("1234567890123456789012345678901234567800000"), DDB_NUM_OK);
    ck_assert_int_eq(status("0.000000000000000000000000000000000000012345678901234567890123456789012345678"), DDB_NUM_OK);
    /* too precise and too big: overflow is reported first */
    strcpy(buf, repeat(b, '7', 45));
    strcat(buf, "e100");
    ck_assert_int_eq(status(buf), DDB_NUM_OVERFLOW);
    /* many digits that end in zeros are fine */
    strcpy(buf, "1");
    strcat(buf, repeat(b, '0', 90));
    ck_assert_str_eq(text(num(buf)), buf);
    ck_assert_str_eq(ddb_num_message(DDB_NUM_PRECISION), "Attempting to store more than 38 significant digits in a Number");
}
END_TEST

START_TEST(num_compares_numerically)
{
    ck_assert_int_eq(ddb_num_cmp(&(ddb_num){0}, &(ddb_num){0}), 0);
    ddb_num a = num("5"), b = num("5.0000001"), c = num("0.5e1"), d = num("-2.5"), e = num("-2.4"), z = num("0");
    ck_assert_int_lt(ddb_num_cmp(&a, &b), 0);
    ck_assert_int_eq(ddb_num_cmp(&a, &c), 0);
    ck_assert(ddb_num_eq(&a, &c));
    ck_assert_int_lt(ddb_num_cmp(&d, &e), 0);
    ck_assert_int_lt(ddb_num_cmp(&d, &z), 0);
    ck_assert_int_gt(ddb_num_cmp(&a, &z), 0);
    ddb_num big = num("9007199254740993"), big2 = num("9007199254740992");
    ck_assert_int_gt(ddb_num_cmp(&big, &big2), 0);
    ddb_num tiny = num("1e-130"), neg_tiny = num("-1e-130");
    ck_assert_int_gt(ddb_num_cmp(&tiny, &z), 0);
    ck_assert_int_lt(ddb_num_cmp(&neg_tiny, &z), 0);
    ddb_num x = num("4.99999999999999999999999999999999999");
    ck_assert_int_gt(ddb_num_cmp(&a, &x), 0);
    ddb_num h1 = num("1e30"), h2 = num("1000000000000000000000000000000");
    ck_assert_uint_eq(ddb_num_hash(&h1), ddb_num_hash(&h2));
}
END_TEST

static const char *sum(const char *x, const char *y, bool minus)
{
    ddb_num a = num(x), b = num(y), r;
    ddb_num_status st = minus ? ddb_num_sub(&a, &b, &r) : ddb_num_add(&a, &b, &r);
    if (st != DDB_NUM_OK)
        return ddb_num_message(st);
    return text(r);
}

START_TEST(num_exact_arithmetic)
{
    ck_assert_str_eq(sum("0.1", "0.2", false), "0.3");
    ck_assert_str_eq(sum("0.3", "0.1", true), "0.2");
    ck_assert_str_eq(sum("10", "-2.5", false), "7.5");
    ck_assert_str_eq(sum("1", "1", true), "0");
    ck_assert_str_eq(sum("-0.25", "0", false), "-0.25");
    ck_assert_str_eq(sum("0", "3", true), "-3");
    ck_assert_str_eq(sum("99.99", "0.02", false), "100.01");
    ck_assert_str_eq(sum("10000000000", "0.0000000001", false), "10000000000.0000000001");
    ck_assert_str_eq(sum("99999999999999999999999999999999999999", "1", false), "100000000000000000000000000000000000000");
    ck_assert_str_eq(sum("1234567890123456789012345678901234567", "0.9", false), "1234567890123456789012345678901234567.9");
    ck_assert_str_eq(sum("5e50", "5e50", false), "1" "000000000000000000000000000000000000000000000000000");
    ck_assert_str_eq(sum("1e100", "-1e100", false), "0");
}
END_TEST

START_TEST(num_arithmetic_limits)
{
    ck_assert_str_eq(sum("12345678901234567890123456789012345678", "0.1", false),
                     "Attempting to store more than 38 significant digits in a Number");
    ck_assert_str_eq(sum("1", "1e-130", false), "Attempting to store more than 38 significant digits in a Number");
    ck_assert_str_eq(sum("9.9999999999999999999999999999999999999E+125", "1e125", false),
                     "Number overflow. Attempting to store a number with magnitude larger than supported range");
    ck_assert_str_eq(sum("-9e125", "9e125", true),
                     "Number overflow. Attempting to store a number with magnitude larger than supported range");
    char tiny[DDB_NUM_TEXT_MAX];
    strcpy(tiny, text(num("1e-130")));
    ck_assert_str_eq(sum("1.1e-129", "1e-129", true), tiny);
    ck_assert_str_eq(sum("1.5e-130", "1e-130", true),
                     "Number underflow. Attempting to store a number with magnitude smaller than supported range");
}
END_TEST

START_TEST(num_sizes_and_integers)
{
    ck_assert_uint_eq(ddb_num_size(&(ddb_num){0}), 1);
    ddb_num a = num("1"), b = num("-1"), c = num("12"), d = num("123.45");
    ck_assert_uint_eq(ddb_num_size(&a), 2);
    ck_assert_uint_eq(ddb_num_size(&b), 3);
    ck_assert_uint_eq(ddb_num_size(&c), 2);   /* even digit count, odd exponent */
    ck_assert_uint_eq(ddb_num_size(&d), 4);
    ddb_num e = ddb_num_from_u64(1200);
    ck_assert_str_eq(text(e), "1200");
    uint64_t v;
    ck_assert(ddb_num_to_u64(&e, &v));
    ck_assert_uint_eq(v, 1200);
    ck_assert(!ddb_num_to_u64(&d, &v));
    ck_assert(!ddb_num_to_u64(&b, &v));
}
END_TEST

/* Whether the text parses and ddb_num_text_is_normal agrees with comparing
 * it to its formatted normal form. */
static void check_normal(const char *s, size_t n)
{
    ddb_num a;
    char buf[DDB_NUM_TEXT_MAX];
    if (ddb_num_parse(s, n, &a) != DDB_NUM_OK)
        return;
    size_t len = ddb_num_format(&a, buf);
    bool same = len == n && memcmp(buf, s, n) == 0;
    ck_assert_msg(ddb_num_text_is_normal(s, n) == same, "%.*s", (int)n, s);
}

/* Every text of up to 6 characters over digits, point, signs and exponents,
 * and long ones at the limits. */
START_TEST(num_text_is_normal)
{
    static const char alphabet[] = "0159.-+eE";
    char s[8];
    for (int len = 0; len <= 6; len++) {
        long total = 1;
        for (int i = 0; i < len; i++)
            total *= 9;
        for (long k = 0; k < total; k++) {
            long v = k;
            for (int i = 0; i < len; i++, v /= 9)
                s[i] = alphabet[v % 9];
            check_normal(s, (size_t)len);
        }
    }
    char buf[256];
    static const char *const longs[] = {"12345678901234567890123456789012345678", "1000000000000000000000000000000000000000",
                                        "-0.00000000000000000000000000000000000000000001", "0.1000000000000000000000000000000000000000"};
    for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++)
        check_normal(longs[i], strlen(longs[i]));
    check_normal(repeat(buf, '9', 38), 38);
    ck_assert(ddb_num_text_is_normal("19.99", 5));
    ck_assert(!ddb_num_text_is_normal("-0", 2));
    ck_assert(!ddb_num_text_is_normal(".50", 3));
}
END_TEST

Suite *ddb_num_suite(void)
{
    Suite *s = suite_create("ddb_num");
    TCase *tc = tcase_create("num");
    tcase_add_test(tc, num_accepts_dynamodb_spellings);
    tcase_add_test(tc, num_rejects_malformed_text);
    tcase_add_test(tc, num_normal_form);
    tcase_add_test(tc, num_limits_in_dynamodb_order);
    tcase_add_test(tc, num_compares_numerically);
    tcase_add_test(tc, num_exact_arithmetic);
    tcase_add_test(tc, num_arithmetic_limits);
    tcase_add_test(tc, num_sizes_and_integers);
    tcase_add_test(tc, num_text_is_normal);
    suite_add_tcase(s, tc);
    return s;
}
