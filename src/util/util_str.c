/* util_str: the $util.str namespace. */
#include "util/util.h"

static const method_def str_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_str = {"str", str_fns, 0};
