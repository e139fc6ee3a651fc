/* util_map: the $util.map namespace. */
#include "util/util.h"

static const method_def map_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_map = {"map", map_fns, 0};
