/* check_ddb_suites: the DynamoDB engine's unit-test suites (tests/unit/check_ddb*.c)
 * and the helpers they share. */
#ifndef VTL_TESTS_CHECK_DDB_SUITES_H
#define VTL_TESTS_CHECK_DDB_SUITES_H
#include <check.h>

Suite *ddb_num_suite(void);
Suite *ddb_value_suite(void);
Suite *ddb_expr_suite(void);
Suite *ddb_update_suite(void);
Suite *ddb_ops_suite(void);
Suite *ddb_direct_suite(void);

/* Parse expr as role (a ddb_role) with ExpressionAttributeNames/Values given
 * as JSON objects (NULL for none); NULL when it is valid, else the message
 * (static buffer). Defined in check_ddb_expr.c. */
const char *ddb_try_parse(int role, const char *expr, const char *names, const char *values);

#endif
