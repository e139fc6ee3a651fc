/* ddb_direct: the direct decoder of the common request bodies.
 *
 * Most PutItem and GetItem requests are {"TableName": "...", "Item": {...}}
 * and {"TableName": "...", "Key": {...}} with nothing else. For such a body
 * this reader goes from the request text straight to the AttributeValue
 * map, without building ddb_json's generic tree and walking it again to
 * convert the values (ddb_attr).
 *
 * It declines (returns false) on anything else: another member or a
 * repeated one, a string with escapes, a null, a type tag other than S, N,
 * BOOL, NULL, L and M, a value DynamoDB would reject (a bad number, NULL
 * false), nesting deeper than 32 values, malformed JSON. The caller then
 * runs the general path (ddb_json_parse, ddb_item_from_json), which gives
 * the answer or the error; a decline costs only the arena memory used so
 * far. What it accepts it decodes exactly as the general path would: the
 * same TableName node, and the same M value (members in the order they first
 * appear, a repeated name keeping its last value); its strings point
 * into a copy of the request text in the arena.
 *
 * The body's length bounds the map's DynamoDB size (ddb_item_size): every
 * value's text is longer than its size. A string's bytes stand verbatim
 * between the 8 bytes of {"S":""}; a number of d significant digits (and a
 * '-' when negative) sizes at most d + 2 (+1), its text holds those
 * characters and 8 more; BOOL and NULL size 1; a list or map sizes 3 plus 1
 * per element plus the elements' (and names') sizes, and its text has 6
 * bytes around the elements plus a separator or the quotes and colon of a
 * name for each one. A repeated name only drops members from the sum.
 */
#ifndef VTL_DDB_DDB_DIRECT_H
#define VTL_DDB_DDB_DIRECT_H
#include "base/arena.h"
#include "ddb/ddb_attr.h"
#include "ddb/ddb_json.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct ddb_direct {
    ddb_json name;             /* TableName: a DDB_JSON_STRING node */
    ddb_value map;             /* the member's AttributeValue map (type M) */
    size_t size_bound;         /* at least ddb_item_size(&map): the body's length */
    const char *json;          /* the map's text when it is exactly what
                                  ddb_item_to_json writes for map (compact,
                                  no repeated name, numbers in normal form),
                                  json_len bytes in the arena; else NULL */
    size_t json_len;
} ddb_direct;

/* Decode the len bytes at s when they are an object of exactly two members,
 * "TableName" (a string) and `member` (a map of AttributeValues), in either
 * order. Memory comes from ar; strings point into a copy of s there (s need
 * not outlive the call, nor end in a NUL). false: declined, *out
 * is unspecified. */
bool ddb_direct_decode(arena *ar, const char *s, size_t len, const char *member, ddb_direct *out);

#endif
