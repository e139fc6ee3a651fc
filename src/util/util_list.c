/* util_list: the $util.list namespace. */
#include "util/util.h"

static const method_def list_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_list = {"list", list_fns, 0};
