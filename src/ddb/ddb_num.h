/* ddb_num: DynamoDB numbers as exact decimals, never through double.
 *
 * Representation: value = (neg ? -1 : 1) × coef × 10^exp, where coef holds at
 * most 38 significant decimal digits (10^38 < 2^127, so one unsigned __int128)
 * and is kept canonical: no trailing zero digit, and zero is {0, 0, 0, false}.
 * ndigits caches the digit count of coef. DynamoDB's limits apply to every
 * value this module produces: at most 38 significant digits, magnitude in
 * [1E-130, 1E126). Text output is DynamoDB's normal form: plain notation, no
 * exponent, no leading or trailing zeros, no "+", "-0" is "0".
 */
#ifndef VTL_DDB_DDB_NUM_H
#define VTL_DDB_DDB_NUM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ddb_num {
    unsigned __int128 coef;  /* significant digits, canonical */
    int32_t exp;             /* power of ten of the last digit */
    int16_t ndigits;         /* digits in coef; 0 for zero */
    bool neg;                /* never set for zero */
} ddb_num;

/* Outcome of parsing or arithmetic; the message texts are DynamoDB's. */
typedef enum ddb_num_status {
    DDB_NUM_OK,
    DDB_NUM_EMPTY,       /* "" */
    DDB_NUM_SYNTAX,      /* not a number */
    DDB_NUM_OVERFLOW,    /* magnitude >= 1E126 */
    DDB_NUM_UNDERFLOW,   /* non-zero magnitude < 1E-130 */
    DDB_NUM_PRECISION,   /* more than 38 significant digits */
} ddb_num_status;

/* Longest normal-form text: "-0." + 129 zeros + 38 digits, plus NUL. */
#define DDB_NUM_TEXT_MAX 192

/* Parse the n bytes at s: [+-]? (digits ['.' digits?] | '.' digits)
 * ([eE] [+-]? digits)?, nothing else (no blanks). Range checks come in
 * DynamoDB's order: overflow, underflow, then precision. *out is set only on
 * DDB_NUM_OK. */
ddb_num_status ddb_num_parse(const char *s, size_t n, ddb_num *out);

/* DynamoDB's message for a status. For DDB_NUM_SYNTAX the caller appends
 * ": <text>" (DynamoDB quotes the offending text); NULL for DDB_NUM_OK. */
const char *ddb_num_message(ddb_num_status st);

/* The number with integral value v. */
ddb_num ddb_num_from_u64(uint64_t v);
/* v if it is a non-negative integer that fits, else false. */
bool ddb_num_to_u64(const ddb_num *a, uint64_t *v);

static inline bool ddb_num_is_zero(const ddb_num *a) { return a->ndigits == 0; }

/* Numeric order: <0, 0 or >0 as a < b, a == b, a > b. */
int ddb_num_cmp(const ddb_num *a, const ddb_num *b);
static inline bool ddb_num_eq(const ddb_num *a, const ddb_num *b)
{
    return a->coef == b->coef && a->exp == b->exp && a->neg == b->neg;
}

/* Exact a + b and a - b. The result is checked like a parsed number; on an
 * error status *out is unchanged. out may alias a or b. */
ddb_num_status ddb_num_add(const ddb_num *a, const ddb_num *b, ddb_num *out);
ddb_num_status ddb_num_sub(const ddb_num *a, const ddb_num *b, ddb_num *out);

/* Write the normal form into buf (at least DDB_NUM_TEXT_MAX bytes) and
 * NUL-terminate it; returns its length. */
size_t ddb_num_format(const ddb_num *a, char *buf);

/* Whether the n bytes at s, which ddb_num_parse accepts, are already the
 * normal form ddb_num_format writes: -?(0|[1-9][0-9]*)(.[0-9]*[1-9])?
 * without "-0". Lets a writer keep the request's text of a number. */
bool ddb_num_text_is_normal(const char *s, size_t n);

/* Bytes the number counts for in DynamoDB's item-size accounting. */
size_t ddb_num_size(const ddb_num *a);

/* A hash of the value (equal numbers hash equally). */
uint64_t ddb_num_hash(const ddb_num *a);

#endif
