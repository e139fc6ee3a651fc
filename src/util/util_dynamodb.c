/* util_dynamodb: the $util.dynamodb namespace. */
#include "util/util.h"

static const method_def dynamodb_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_dynamodb = {"dynamodb", dynamodb_fns, 0};
