/* check_ddb: runs the DynamoDB engine's unit-test suites and prints one line,
 * "ddb: N passed, M failed"; the exit status is non-zero on a failure. */
#include "check_ddb_suites.h"
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    SRunner *sr = srunner_create(ddb_num_suite());
    srunner_add_suite(sr, ddb_value_suite());
    srunner_add_suite(sr, ddb_expr_suite());
    srunner_add_suite(sr, ddb_update_suite());
    srunner_add_suite(sr, ddb_ops_suite());
    srunner_add_suite(sr, ddb_direct_suite());
    srunner_run_all(sr, CK_SILENT);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    if (failed) {
        TestResult **results = srunner_failures(sr);
        for (int i = 0; i < failed; i++)
            fprintf(stderr, "%s:%d: %s: %s\n", tr_lfile(results[i]), tr_lno(results[i]), tr_tcname(results[i]),
                    tr_msg(results[i]));
        free(results);
    }
    srunner_free(sr);
    printf("ddb: %d passed, %d failed\n", run - failed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
