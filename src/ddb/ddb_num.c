/* ddb_num: exact decimal parsing, comparison, addition and formatting for
 * DynamoDB's N type. Arithmetic runs over a fixed buffer of decimal digits
 * wide enough for every representable operand (powers 10^-168 .. 10^126),
 * so no intermediate result is ever rounded. */
#include "ddb/ddb_num.h"
#include <string.h>

#define MAX_DIGITS 38
#define MAX_ADJ 125      /* largest power of ten of a leading digit */
#define MIN_ADJ (-130)   /* smallest one */
#define EXP_CLAMP 1000000

typedef unsigned __int128 u128;

static u128 pow10_u128(int k)
{
    u128 r = 1;
    while (k-- > 0)
        r *= 10;
    return r;
}

static int digit_count(u128 c)
{
    int n = 0;
    while (c) {
        c /= 10;
        n++;
    }
    return n;
}

/* Build a canonical number from the digit string d[0..nd) (most significant
 * first, no leading zeros) times 10^exp, checking DynamoDB's limits. */
static ddb_num_status make(const unsigned char *d, long nd, long exp, bool neg, ddb_num *out)
{
    while (nd > 0 && d[nd - 1] == 0) {
        nd--;
        exp++;
    }
    if (nd == 0) {
        memset(out, 0, sizeof *out);
        return DDB_NUM_OK;
    }
    long adj = exp + nd - 1;
    if (adj > MAX_ADJ)
        return DDB_NUM_OVERFLOW;
    if (adj < MIN_ADJ)
        return DDB_NUM_UNDERFLOW;
    if (nd > MAX_DIGITS)
        return DDB_NUM_PRECISION;
    u128 c = 0;
    for (long i = 0; i < nd; i++)
        c = c * 10 + d[i];
    out->coef = c;
    out->exp = (int32_t)exp;
    out->ndigits = (int16_t)nd;
    out->neg = neg;
    return DDB_NUM_OK;
}

/* ------------------------------------------------------------ parsing */

typedef struct scan {
    const char *p, *end;
    unsigned char digits[MAX_DIGITS + 2];
    long nd;          /* significant digits kept (capped) */
    long extra;       /* significant digits beyond the cap */
    long frac;        /* digits after the point, counted from the first kept */
    bool any;         /* saw at least one mantissa digit */
} scan;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Consume a run of mantissa digits; after_point says they are fractional. */
static void scan_digits(scan *s, bool after_point)
{
    for (; s->p < s->end && is_digit(*s->p); s->p++) {
        s->any = true;
        unsigned char d = (unsigned char)(*s->p - '0');
        if (s->nd == 0 && s->extra == 0 && d == 0) {
            if (after_point)
                s->frac++;   /* leading zero after the point still scales */
            continue;
        }
        if (s->nd < MAX_DIGITS + 1)
            s->digits[s->nd++] = d;
        else
            s->extra++;
        if (after_point)
            s->frac++;
    }
}

/* Parse [eE][+-]?digits into *e, clamped to +-EXP_CLAMP. */
static bool scan_exponent(scan *s, long *e)
{
    bool neg = false;
    long v = 0;
    if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        neg = *s->p++ == '-';
    if (s->p == s->end || !is_digit(*s->p))
        return false;
    for (; s->p < s->end && is_digit(*s->p); s->p++)
        if (v < EXP_CLAMP)
            v = v * 10 + (*s->p - '0');
    *e = neg ? -v : v;
    return true;
}

/* Digits past the stored cap count too: whether a non-zero one follows the
 * first kept significant digits of the mantissa at str..end. */
static bool dropped_nonzero(const char *str, const char *end, long kept)
{
    long seen = 0;
    for (const char *q = str; q < end && *q != 'e' && *q != 'E'; q++) {
        if (!is_digit(*q) || (seen == 0 && *q == '0'))
            continue;
        if (++seen > kept && *q != '0')
            return true;
    }
    return false;
}

/* The fast path of ddb_num_parse: [-]digits[.digits] or [-].digits of at
 * most 18 bytes, which fits 64 bits and DynamoDB's limits. False when s
 * has another shape (the general scanner then decides). */
static bool parse_short(const char *s, size_t n, ddb_num *out)
{
    if (n > 18)
        return false;
    const char *p = s, *end = s + n;
    bool neg = *p == '-', point = false, any = false;
    uint64_t c = 0;
    int32_t exp = 0;
    for (p += neg; p < end; p++) {
        if (*p >= '0' && *p <= '9') {
            c = c * 10 + (uint64_t)(*p - '0');
            exp -= point;
            any = true;
        } else if (*p == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    if (!any)
        return false;
    memset(out, 0, sizeof *out);
    if (c == 0)
        return true;
    for (; c % 10 == 0; c /= 10)
        exp++;
    out->coef = c;
    out->exp = exp;
    int nd = 1;
    for (uint64_t k = c; k >= 10; k /= 10)
        nd++;
    out->ndigits = (int16_t)nd;
    out->neg = neg;
    return true;
}

ddb_num_status ddb_num_parse(const char *str, size_t n, ddb_num *out)
{
    if (n == 0)
        return DDB_NUM_EMPTY;
    if (parse_short(str, n, out))
        return DDB_NUM_OK;
    scan s;
    memset(&s, 0, sizeof s);
    s.p = str;
    s.end = str + n;
    bool neg = false;
    if (*s.p == '+' || *s.p == '-')
        neg = *s.p++ == '-';
    scan_digits(&s, false);
    if (s.p < s.end && *s.p == '.') {
        s.p++;
        scan_digits(&s, true);
    }
    if (!s.any)
        return DDB_NUM_SYNTAX;
    long e = 0;
    if (s.p < s.end && (*s.p == 'e' || *s.p == 'E')) {
        s.p++;
        if (!scan_exponent(&s, &e))
            return DDB_NUM_SYNTAX;
    }
    if (s.p != s.end)
        return DDB_NUM_SYNTAX;
    long nd = s.nd, exp = e - s.frac + s.extra;
    if (s.extra > 0 && dropped_nonzero(str, s.end, nd)) {
        long adj = exp + nd - 1;
        return adj > MAX_ADJ ? DDB_NUM_OVERFLOW : adj < MIN_ADJ ? DDB_NUM_UNDERFLOW : DDB_NUM_PRECISION;
    }
    ddb_num_status st = make(s.digits, nd, exp, neg, out);
    if (st == DDB_NUM_OK && out->ndigits == 0)
        out->neg = false;
    return st;
}

const char *ddb_num_message(ddb_num_status st)
{
    switch (st) {
    case DDB_NUM_EMPTY:
    case DDB_NUM_SYNTAX: return "The parameter cannot be converted to a numeric value";
    case DDB_NUM_OVERFLOW:
        return "Number overflow. Attempting to store a number with magnitude larger than supported range";
    case DDB_NUM_UNDERFLOW:
        return "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    case DDB_NUM_PRECISION: return "Attempting to store more than 38 significant digits in a Number";
    default: return NULL;
    }
}

ddb_num ddb_num_from_u64(uint64_t v)
{
    ddb_num r;
    memset(&r, 0, sizeof r);
    if (v == 0)
        return r;
    while (v % 10 == 0) {
        v /= 10;
        r.exp++;
    }
    r.coef = v;
    r.ndigits = (int16_t)digit_count(v);
    return r;
}

bool ddb_num_to_u64(const ddb_num *a, uint64_t *v)
{
    if (a->neg || a->exp < 0 || a->ndigits + a->exp > 19)
        return false;
    u128 x = a->coef * pow10_u128(a->exp);
    if (x > UINT64_MAX)
        return false;
    *v = (uint64_t)x;
    return true;
}

/* ------------------------------------------------------------ comparison */

static int cmp_magnitude(const ddb_num *a, const ddb_num *b)
{
    long adja = (long)a->exp + a->ndigits - 1, adjb = (long)b->exp + b->ndigits - 1;
    if (adja != adjb)
        return adja < adjb ? -1 : 1;
    u128 ca = a->coef, cb = b->coef;
    if (a->ndigits < b->ndigits)
        ca *= pow10_u128(b->ndigits - a->ndigits);
    else if (b->ndigits < a->ndigits)
        cb *= pow10_u128(a->ndigits - b->ndigits);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
}

int ddb_num_cmp(const ddb_num *a, const ddb_num *b)
{
    int sa = a->ndigits == 0 ? 0 : a->neg ? -1 : 1;
    int sb = b->ndigits == 0 ? 0 : b->neg ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    int m = cmp_magnitude(a, b);
    return sa < 0 ? -m : m;
}

/* ------------------------------------------------------------ arithmetic */

/* Digit position p (power of ten) lives at index p + SPAN_OFF. */
#define SPAN_OFF 180
#define SPAN 320

static void spread(const ddb_num *a, signed char *buf)
{
    u128 c = a->coef;
    for (int i = 0; c; i++) {
        buf[a->exp + i + SPAN_OFF] = (signed char)(c % 10);
        c /= 10;
    }
}

/* |a| + |b| (sub = false) or |a| - |b| with |a| >= |b| (sub = true). */
static ddb_num_status combine(const ddb_num *a, const ddb_num *b, bool sub, bool neg, ddb_num *out)
{
    signed char x[SPAN], y[SPAN];
    memset(x, 0, sizeof x);
    memset(y, 0, sizeof y);
    spread(a, x);
    spread(b, y);
    int carry = 0;
    for (int i = 0; i < SPAN; i++) {
        int d = sub ? x[i] - y[i] - carry : x[i] + y[i] + carry;
        carry = sub ? d < 0 : d > 9;
        x[i] = (signed char)(sub ? (d < 0 ? d + 10 : d) : (d > 9 ? d - 10 : d));
    }
    int hi = SPAN - 1, lo = 0;
    while (hi >= 0 && x[hi] == 0)
        hi--;
    if (hi < 0) {
        memset(out, 0, sizeof *out);
        return DDB_NUM_OK;
    }
    while (x[lo] == 0)
        lo++;
    unsigned char d[SPAN];
    long nd = 0;
    for (int i = hi; i >= lo; i--)
        d[nd++] = (unsigned char)x[i];
    ddb_num r;
    ddb_num_status st = make(d, nd, lo - SPAN_OFF, neg, &r);
    if (st == DDB_NUM_OK)
        *out = r;
    return st;
}

static ddb_num_status add_signed(const ddb_num *a, const ddb_num *b, bool bneg, ddb_num *out)
{
    if (b->ndigits == 0) {
        *out = *a;
        return DDB_NUM_OK;
    }
    if (a->ndigits == 0) {
        ddb_num r = *b;
        r.neg = bneg;
        *out = r;
        return DDB_NUM_OK;
    }
    if (a->neg == bneg)
        return combine(a, b, false, a->neg, out);
    int m = cmp_magnitude(a, b);
    if (m == 0) {
        memset(out, 0, sizeof *out);
        return DDB_NUM_OK;
    }
    return m > 0 ? combine(a, b, true, a->neg, out) : combine(b, a, true, bneg, out);
}

ddb_num_status ddb_num_add(const ddb_num *a, const ddb_num *b, ddb_num *out)
{
    return add_signed(a, b, b->neg, out);
}

ddb_num_status ddb_num_sub(const ddb_num *a, const ddb_num *b, ddb_num *out)
{
    return add_signed(a, b, b->ndigits ? !b->neg : false, out);
}

/* ------------------------------------------------------------ output */

/* The nd decimal digits of c into d[0..nd), most significant first. */
static void digits_of(u128 c, char *d, int nd)
{
    int i = nd - 1;
    for (; c > UINT64_MAX; i--) {
        d[i] = (char)('0' + (int)(c % 10));
        c /= 10;
    }
    for (uint64_t s = (uint64_t)c; i >= 0; i--) {   /* 64-bit division is cheaper */
        d[i] = (char)('0' + (int)(s % 10));
        s /= 10;
    }
}

/* Write `count` zero characters at p; returns the end. */
static char *zeros(char *p, long count)
{
    while (count-- > 0)
        *p++ = '0';
    return p;
}

/* The digits are written in place, with the point moved in after: no
 * intermediate copies (this runs for every number of every response). */
size_t ddb_num_format(const ddb_num *a, char *buf)
{
    if (a->ndigits == 0) {
        buf[0] = '0';
        buf[1] = 0;
        return 1;
    }
    int nd = a->ndigits, k = a->exp < 0 ? -a->exp : 0;
    char *p = buf;
    if (a->neg)
        *p++ = '-';
    if (k >= nd) {   /* 0.000ddd */
        *p++ = '0';
        *p++ = '.';
        p = zeros(p, k - nd);
    }
    digits_of(a->coef, p, nd);
    p += nd;
    if (a->exp >= 0) {
        p = zeros(p, a->exp);
    } else if (k < nd) {   /* ddd.ddd: open the point k digits from the end */
        for (int i = 0; i < k; i++)
            p[-i] = p[-i - 1];
        p[-k] = '.';
        p++;
    }
    *p = 0;
    return (size_t)(p - buf);
}

/* p past the digits at p (up to end). */
static const char *digit_run(const char *p, const char *end)
{
    while (p < end && is_digit(*p))
        p++;
    return p;
}

bool ddb_num_text_is_normal(const char *s, size_t n)
{
    const char *p = s, *end = s + n;
    if (p < end && *p == '-')
        p++;
    const char *ints = p;
    p = digit_run(p, end);
    if (p == ints || (*ints == '0' && p - ints > 1))
        return false;                                     /* no digit, or a leading zero */
    if (p == end)
        return !(*ints == '0' && ints > s);               /* not "-0" */
    if (*p != '.')
        return false;
    const char *frac = ++p;
    p = digit_run(p, end);
    return p == end && p > frac && p[-1] != '0';          /* no trailing zero */
}

size_t ddb_num_size(const ddb_num *a)
{
    if (a->ndigits == 0)
        return 1;
    long nd = a->ndigits, adj = (long)a->exp + nd - 1;
    size_t size = 1 + (size_t)((nd + 1) / 2);
    if (nd % 2 == 0 && adj % 2 == 0)
        size++;
    if (a->neg)
        size++;
    return size;
}

uint64_t ddb_num_hash(const ddb_num *a)
{
    uint64_t h = (uint64_t)a->coef ^ (uint64_t)(a->coef >> 64) * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(uint32_t)a->exp * 0xC2B2AE3D27D4EB4Full;
    return h ^ (a->neg ? 0x5bd1e995u : 0);
}
