/* util_http: the $util.http namespace. */
#include "util/util.h"

static const method_def http_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_http = {"http", http_fns, 0};
