/* util_dynamodb: the DynamoDB typing shared by $util.dynamodb and $util.transform.
 * Reference 4.13.2: String -> {"S":s}, numbers -> {"N":n} as JSON numbers,
 * Boolean -> {"BOOL":b}, null -> {"NULL":null}, List -> {"L":[...]} (never a set),
 * Map -> {"M":{...}}. Generated maps iterate in java.util.HashMap order (4.13.5). */
#ifndef VTL_UTIL_UTIL_DYNAMODB_H
#define VTL_UTIL_UTIL_DYNAMODB_H
#include "eval/eval.h"

/* Auto-type v into *out (memory from ev->ar; v itself is not changed).
 * Returns M_OK, or M_ERROR with a runtime error recorded at site when v nests
 * deeper than Java's stack would allow (a list or map that contains itself). */
mres util_dynamodb_typed(eval_state *ev, vval v, vval *out, const ast_node *site);

/* A one-entry attribute value {type: v} such as {"S":"x"}; v is stored as is. */
vval util_dynamodb_wrap(eval_state *ev, const char *type, vval v);

#endif
