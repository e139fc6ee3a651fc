/* util_rds: the $util.rds namespace. */
#include "util/util.h"

static const method_def rds_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_rds = {"rds", rds_fns, 0};
