/* ddb_reserved: DynamoDB's reserved words. A bare name in an expression that
 * is one of them (in any letter case) must be written as a #placeholder. */
#ifndef VTL_DDB_DDB_RESERVED_H
#define VTL_DDB_DDB_RESERVED_H
#include <stdbool.h>
#include <stddef.h>

/* Whether the n bytes at s spell a reserved word, ignoring case. */
bool ddb_is_reserved(const char *s, size_t n);

#endif
