/* vval_json: JSON text <-> vval, keeping Java number types.
 *
 * cJSON turns every number into a double, which loses the difference between
 * `1` (Integer) and `1.0` (Double) that VTL output depends on, and it reports
 * no line:col. This reader keeps the lexeme's type: an integer lexeme becomes
 * Integer, Long or BigInteger by size; a fraction or exponent becomes Double.
 * Objects become insertion-ordered maps. The writer prints what Jackson prints
 * for the same Java values (compact, Double.toString numbers). */
#ifndef VTL_VVAL_VVAL_JSON_H
#define VTL_VVAL_VVAL_JSON_H
#include "vval.h"

typedef struct vjson_opts {
    bool trailing_commas;     /* accept `[1,]` and `{"a":1,}` (AppSync does) */
    bool reject_duplicates;   /* duplicate object keys are an error (AppSync) */
    bool allow_trailing;      /* stop after the first value instead of requiring EOF */
    int max_depth;            /* nesting limit; 0 means 512 */
} vjson_opts;

typedef struct vjson_error {
    size_t offset;            /* byte offset of the problem */
    int line, col;            /* 1-based */
    char msg[200];
} vjson_error;

/* Parse n bytes of JSON into *out (memory from ar). Returns false and fills err
 * on malformed input; never reads past s + n. opts may be NULL (strict). */
bool vjson_parse(arena *ar, const char *s, size_t n, const vjson_opts *opts, vval *out, vjson_error *err);
/* Append v as compact JSON. Objects without a JSON form print as strings. */
void vjson_write(strbuf *out, vval v);
/* Append v as indented JSON (2 spaces), for human-facing output. */
void vjson_write_pretty(strbuf *out, vval v, int indent);

#endif
