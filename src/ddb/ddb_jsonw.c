/* ddb_jsonw: escaped strings and numbers written straight into a strbuf's
 * reserved room. */
#include "ddb/ddb_jsonw.h"

char *ddb_jsonw_string_at(char *p, const char *s, size_t n)
{
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (json_escaped[c])
            p = json_escape_byte(p, c);
        else
            *p++ = (char)c;
    }
    *p++ = '"';
    return p;
}

/* Strings longer than DDB_JSONW_STRING_MAX are written in runs through the
 * strbuf instead of one reservation of their worst case (6 bytes a byte). */
void ddb_jsonw_string(strbuf *sb, const char *s, size_t n)
{
    size_t room = ddb_jsonw_string_room(n);
    if (!room) {
        strbuf_json_string(sb, s, n);
        return;
    }
    ddb_jsonw_done(sb, ddb_jsonw_string_at(ddb_jsonw_room(sb, room), s, n));
}

size_t ddb_jsonw_num_room(const ddb_num *n)
{
    /* The normal form has at most ndigits + |exp| + 3 bytes (sign, "0."). */
    return (size_t)n->ndigits + (size_t)(n->exp < 0 ? -(long)n->exp : n->exp) + 3 + 2;
}

char *ddb_jsonw_num_at(char *p, const ddb_num *n)
{
    *p++ = '"';
    p += ddb_num_format(n, p);
    *p++ = '"';
    return p;
}

void ddb_jsonw_num(strbuf *sb, const ddb_num *n)
{
    ddb_jsonw_done(sb, ddb_jsonw_num_at(ddb_jsonw_room(sb, ddb_jsonw_num_room(n)), n));
}
