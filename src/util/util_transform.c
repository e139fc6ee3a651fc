/* util_transform: the $util.transform namespace. */
#include "util/util.h"

static const method_def transform_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_transform = {"transform", transform_fns, 0};
