/* ddb_json: the DynamoDB engine's JSON boundary (requests, table files, state).
 *
 * A small strict reader into an arena DOM. It exists beside cJSON because the
 * engine must keep what cJSON drops: a number's exact lexeme (AppSync sends
 * {"N": 0.1} as a JSON number and DynamoDB numbers are 38-digit decimals) and
 * strings containing U+0000 (cJSON's NUL-terminated strings truncate them).
 * Objects keep their members in document order; lookups return the last
 * member of a name, as JavaScript's JSON.parse does.
 */
#ifndef VTL_DDB_DDB_JSON_H
#define VTL_DDB_DDB_JSON_H
#include "base/arena.h"
#include "base/strbuf.h"
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef enum ddb_json_kind {
    DDB_JSON_NULL,
    DDB_JSON_BOOL,
    DDB_JSON_NUMBER,   /* str/len: the lexeme as written */
    DDB_JSON_STRING,   /* str/len: decoded UTF-8 (may contain NUL bytes; not
                        * NUL-terminated: it may point into the input) */
    DDB_JSON_ARRAY,    /* items[0..n) */
    DDB_JSON_OBJECT,   /* keys[i] (keylens[i]) -> items[i], i < n */
} ddb_json_kind;

typedef struct ddb_json ddb_json;
struct ddb_json {
    ddb_json_kind kind;
    bool b;
    const char *str;
    size_t len;
    ddb_json **items;
    const char **keys;
    size_t *keylens;
    size_t n;
};

/* Parse len bytes of JSON into *out, all memory from ar. On malformed input
 * returns false and writes a short description (with the byte offset) into
 * err (errcap bytes), and *out is NULL. Nesting deeper than 256 levels is an
 * error. */
bool ddb_json_parse(arena *ar, const char *s, size_t len, ddb_json **out, char *err, size_t errcap);

/* The member named by the n bytes at name (the last one if repeated), or
 * NULL when o is not an object or has no such member. Inline: requests
 * look up dozens of fixed names, and with a literal name the length test
 * and the comparison compile to a few instructions. */
static inline ddb_json *ddb_json_getn(const ddb_json *o, const char *name, size_t n)
{
    if (!o || o->kind != DDB_JSON_OBJECT)
        return NULL;
    for (size_t i = o->n; i-- > 0;)
        if (o->keylens[i] == n && memcmp(o->keys[i], name, n) == 0)
            return o->items[i];
    return NULL;
}
/* The same for a C string (with a literal, strlen is a constant). */
static inline ddb_json *ddb_json_get(const ddb_json *o, const char *name)
{
    return ddb_json_getn(o, name, strlen(name));
}
/* True when j is a string equal to s. */
bool ddb_json_is_str(const ddb_json *j, const char *s);
/* j as a long if it is an integral number within range, else false. */
bool ddb_json_int(const ddb_json *j, long *v);

/* ---- scanning helpers, shared with the direct decoder (ddb_direct.h) ---- */
extern const unsigned char ddb_json_ws[256];     /* JSON's blanks */

/* p moved past blanks, at most to end. */
static inline const char *ddb_json_skip_ws(const char *p, const char *end)
{
    while (p < end && ddb_json_ws[(unsigned char)*p])
        p++;
    return p;
}
/* The end of the run of plain string bytes at p: the first '"', '\\' or
 * control byte, or end. */
static inline const char *ddb_json_plain_end(const char *p, const char *end)
{
    while (p < end && !json_escaped[(unsigned char)*p])
        p++;
    return p;
}

/* Append j as compact JSON. */
void ddb_json_write(strbuf *out, const ddb_json *j);

#endif
