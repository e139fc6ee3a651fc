/* ddb_jsonw: direct writers of the engine's JSON output (responses, items).
 *
 * A writer reserves room in the strbuf once for a piece of output and
 * stores bytes straight into it, instead of one strbuf call per character:
 * responses are written for every request, so this is the hot end of the
 * response path. The strbuf keeps its contract (NUL-terminated, owned by
 * its holder); these functions only grow it and append.
 */
#ifndef VTL_DDB_DDB_JSONW_H
#define VTL_DDB_DDB_JSONW_H
#include "base/strbuf.h"
#include "ddb/ddb_num.h"
#include <stddef.h>
#include <string.h>

/* Room for n more bytes at the end of sb: returns where they go. Finish
 * with ddb_jsonw_done(). */
static inline char *ddb_jsonw_room(strbuf *sb, size_t n)
{
    if (sb->len + n + 1 > sb->cap)
        strbuf_reserve(sb, n);
    return sb->data + sb->len;
}

/* The bytes up to end (within the last room) are written. */
static inline void ddb_jsonw_done(strbuf *sb, char *end)
{
    *end = '\0';
    sb->len = (size_t)(end - sb->data);
}

/* Append n bytes (inline: a literal's copy becomes a few stores). */
static inline void ddb_jsonw_raw(strbuf *sb, const char *s, size_t n)
{
    char *p = ddb_jsonw_room(sb, n);
    memcpy(p, s, n);
    ddb_jsonw_done(sb, p + n);
}

static inline void ddb_jsonw_char(strbuf *sb, char c)
{
    char *p = ddb_jsonw_room(sb, 1);
    *p = c;
    ddb_jsonw_done(sb, p + 1);
}

/* Append s (n bytes) as a JSON string literal, escaped as Jackson does
 * (\" \\ \n \r \t \b \f, other controls as \u00XX). */
void ddb_jsonw_string(strbuf *sb, const char *s, size_t n);

/* Append a number's normal form as a JSON string ("1.5"). */
void ddb_jsonw_num(strbuf *sb, const ddb_num *n);

/* The same two written at p, within room reserved by the caller, for
 * writers that reserve once for several pieces; they return the end.
 * A string needs ddb_jsonw_string_room(n) bytes, 0 meaning too long to be
 * written at once (use ddb_jsonw_string); a number ddb_jsonw_num_room. */
#define DDB_JSONW_STRING_MAX 256
static inline size_t ddb_jsonw_string_room(size_t n) { return n <= DDB_JSONW_STRING_MAX ? 6 * n + 2 : 0; }
char *ddb_jsonw_string_at(char *p, const char *s, size_t n);
size_t ddb_jsonw_num_room(const ddb_num *n);
char *ddb_jsonw_num_at(char *p, const ddb_num *n);

#endif
