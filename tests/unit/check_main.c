/* check_main: runs every unit-test suite; the exit status is the failure count. */
#include "check_suites.h"
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    SRunner *sr = srunner_create(base_suite());
    srunner_add_suite(sr, vval_suite());
    srunner_add_suite(sr, lex_suite());
    srunner_add_suite(sr, parse_suite());
    srunner_add_suite(sr, eval_suite());
    srunner_add_suite(sr, resolver_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("unit: %d passed, %d failed\n", run - failed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
