/* util_math: the $util.math namespace. */
#include "util/util.h"

static const method_def math_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_math = {"math", math_fns, 0};
