/* check_suites: every unit-test suite, one per module (check_<module>.c). */
#ifndef VTL_TESTS_CHECK_SUITES_H
#define VTL_TESTS_CHECK_SUITES_H
#include <check.h>

Suite *base_suite(void);
Suite *vval_suite(void);
Suite *lex_suite(void);
Suite *parse_suite(void);
Suite *eval_suite(void);
Suite *resolver_suite(void);

/* Render `tpl` with ctx JSON `ctx` (NULL for none) and the corpus clock; the
 * output or "<ERROR:kind>" (caller frees). Defined in check_eval.c. */
char *render(const char *tpl, const char *ctx);

#endif
