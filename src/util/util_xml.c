/* util_xml: the $util.xml namespace. */
#include "util/util.h"

static const method_def xml_fns[] = {
    {"", NULL, 0, 0},
};
const util_ns util_ns_xml = {"xml", xml_fns, 0};
