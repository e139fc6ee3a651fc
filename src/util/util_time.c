/* util_time: the $util.time namespace. */
#include "util/util.h"

static const method_def time_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_time = {"time", time_fns, 0};
