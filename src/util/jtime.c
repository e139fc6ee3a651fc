/* jtime: java.time for $util.time, emulated in C (contract in jtime.h).
 *
 * Sections: the proleptic Gregorian calendar; zones (ZoneId.of, TZif files and
 * their POSIX TZ footers); zone names; the DateTimeFormatter pattern compiler
 * (Java 11's DateTimeFormatterBuilder.appendPattern); printing; parsing; SMART
 * and STRICT resolution (java.time.format.Parsed); ISO-8601. */
#include "util/jtime.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EX_DT "java.time.DateTimeException: "
#define EX_IAE "java.lang.IllegalArgumentException: "

static bool fail(jtime_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(jtime_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return false;
}

/* How many of the first n bytes of s to show in a message: at most max, never
 * splitting a UTF-8 sequence. */
static int shown(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return (int)n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

/* ================================================================ calendar */

static int64_t fdiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
static int64_t fmod64(int64_t a, int64_t b)
{
    int64_t r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}
static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_len(int64_t y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Days since 1970-01-01 of a civil date (Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = fdiv(y, 400), yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = fdiv(z, 146097), doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* A local date-time (LocalDateTime), with the derived values printing needs. */
typedef struct ldt {
    int64_t year, epoch_day;
    int month, day, hour, minute, second;
    int32_t nano;
} ldt;

static void ldt_from_local(int64_t local_sec, int32_t nano, ldt *t)
{
    t->epoch_day = fdiv(local_sec, 86400);
    int64_t sod = local_sec - t->epoch_day * 86400;
    civil_from_days(t->epoch_day, &t->year, &t->month, &t->day);
    t->hour = (int)(sod / 3600);
    t->minute = (int)(sod / 60 % 60);
    t->second = (int)(sod % 60);
    t->nano = nano;
}

/* ISO day of week, 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
static int iso_dow(int64_t epoch_day) { return (int)fmod64(epoch_day + 3, 7) + 1; }

/* LocalDate.toString / LocalTime.toString, for messages. */
static void date_str(char *buf, size_t n, int64_t y, int m, int d)
{
    int64_t ay = y < 0 ? -y : y;
    if (ay < 1000)
        snprintf(buf, n, "%s%04lld-%02d-%02d", y < 0 ? "-" : "", (long long)ay, m, d);
    else
        snprintf(buf, n, "%s%lld-%02d-%02d", y > 9999 ? "+" : "", (long long)y, m, d);
}

static void time_str(char *buf, size_t n, int h, int mi, int s, int32_t nano)
{
    int k = snprintf(buf, n, "%02d:%02d", h, mi);
    if (s > 0 || nano > 0)
        k += snprintf(buf + k, n - (size_t)k, ":%02d", s);
    if (nano > 0 && nano % 1000000 == 0)
        snprintf(buf + k, n - (size_t)k, ".%03d", (int)(nano / 1000000));
    else if (nano > 0 && nano % 1000 == 0)
        snprintf(buf + k, n - (size_t)k, ".%06d", (int)(nano / 1000));
    else if (nano > 0)
        snprintf(buf + k, n - (size_t)k, ".%09d", (int)nano);
}

/* ================================================================ zones */

/* One local time type: offset from UTC, daylight flag, abbreviation. */
typedef struct ttype {
    int32_t off;
    bool dst;
    const char *abbr;
} ttype;

/* A POSIX TZ rule date: Jn (kind 'J'), n ('N') or Mm.w.d ('M'), and a time of day. */
typedef struct pdate {
    char kind;
    int m, w, d, n;
    int32_t secs;
} pdate;

typedef struct prule {
    ttype std, dst;
    bool has_dst;
    pdate start, end;
} prule;

enum { ZK_OFFSET, ZK_FIXED, ZK_TZDB };

struct jzone {
    int kind;
    const char *id;
    int32_t fixed;        /* ZK_OFFSET and ZK_FIXED */
    size_t ntrans, ntypes;
    int64_t *trans;       /* transition instants, ascending */
    uint8_t *tidx;        /* type after each transition */
    ttype *types;
    bool has_rule, any_dst;
    prule rule;           /* for instants after the last transition */
};

/* ZoneOffset.getId(): "Z", "+08:00", "-07:00:30". */
static void offset_id(int32_t secs, char *buf, size_t n)
{
    if (secs == 0) {
        snprintf(buf, n, "Z");
        return;
    }
    int32_t a = secs < 0 ? -secs : secs;
    int k = snprintf(buf, n, "%c%02d:%02d", secs < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
    if (a % 60)
        snprintf(buf + k, n - (size_t)k, ":%02d", (int)(a % 60));
}

static jzone *zone_new(arena *ar, int kind, const char *id, int32_t fixed)
{
    jzone *z = arena_calloc(ar, sizeof *z);
    z->kind = kind;
    z->id = id;
    z->fixed = fixed;
    return z;
}

/* ZoneOffset.of's two-digit field at pos (Java's parseNumber). */
static bool offset_num(const char *s, size_t pos, bool colon, int *out, jtime_err *err)
{
    if (colon && s[pos - 1] != ':')
        return fail(err, EX_DT "Invalid ID for ZoneOffset, colon not found when expected: %s", s);
    if (!is_digit(s[pos]) || !is_digit(s[pos + 1]))
        return fail(err, EX_DT "Invalid ID for ZoneOffset, non numeric characters found: %s", s);
    *out = (s[pos] - '0') * 10 + (s[pos + 1] - '0');
    return true;
}

static bool offset_validate(int h, int m, int s, jtime_err *err)
{
    if (h < -18 || h > 18)
        return fail(err, EX_DT "Zone offset hours not in valid range: value %d is not in the range -18 to 18", h);
    if (m < -59 || m > 59)
        return fail(err, EX_DT "Zone offset minutes not in valid range: value %d is not in the range -59 to 59", m);
    if (s < -59 || s > 59)
        return fail(err, EX_DT "Zone offset seconds not in valid range: value %d is not in the range -59 to 59", s);
    if ((h == 18 || h == -18) && (m | s) != 0)
        return fail(err, EX_DT "Zone offset not in valid range: -18:00 to +18:00");
    return true;
}

/* ZoneOffset.of(id): Z, +h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss. */
static bool offset_of(const char *id, size_t n, int32_t *out, jtime_err *err)
{
    char s[16];
    if (n == 1 && id[0] == 'Z') {
        *out = 0;
        return true;
    }
    if (n > 9 || memchr(id, '\0', n))
        return fail(err, EX_DT "Invalid ID for ZoneOffset, invalid format: %.*s", shown(id, n, 64), id);
    memcpy(s, id, n);
    s[n] = '\0';
    if (n == 2) {
        s[3] = '\0', s[2] = s[1], s[1] = '0';
        n = 3;
    }
    int h = 0, m = 0, sec = 0;
    bool ok;
    switch (n) {
    case 3: ok = offset_num(s, 1, false, &h, err); break;
    case 5: ok = offset_num(s, 1, false, &h, err) && offset_num(s, 3, false, &m, err); break;
    case 6: ok = offset_num(s, 1, false, &h, err) && offset_num(s, 4, true, &m, err); break;
    case 7: ok = offset_num(s, 1, false, &h, err) && offset_num(s, 3, false, &m, err) &&
                 offset_num(s, 5, false, &sec, err); break;
    case 9: ok = offset_num(s, 1, false, &h, err) && offset_num(s, 4, true, &m, err) &&
                 offset_num(s, 7, true, &sec, err); break;
    default: return fail(err, EX_DT "Invalid ID for ZoneOffset, invalid format: %s", s);
    }
    if (!ok)
        return false;
    if (s[0] != '+' && s[0] != '-')
        return fail(err, EX_DT "Invalid ID for ZoneOffset, plus/minus not found when expected: %s", s);
    int sign = s[0] == '-' ? -1 : 1;
    if (!offset_validate(sign * h, sign * m, sign * sec, err))
        return false;
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
}

/* ZoneId.ofOffset(prefix, offset): a ZoneOffset, or a fixed region "UTC+08:00". */
static const jzone *zone_fixed(arena *ar, const char *prefix, int32_t off)
{
    char id[32];
    offset_id(off, id, sizeof id);
    if (!*prefix)
        return zone_new(ar, ZK_OFFSET, arena_strndup(ar, id, strlen(id)), off);
    char full[40];
    snprintf(full, sizeof full, "%s%s", prefix, off ? id : "");
    return zone_new(ar, ZK_FIXED, arena_strndup(ar, full, strlen(full)), off);
}

/* ---------------------------------------------------------------- TZif files */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The six counts of a TZif header: isut, isstd, leap, time, type, char. */
typedef struct tzhead {
    size_t isut, isstd, leap, time, type, chars;
} tzhead;

static size_t tz_block_len(const tzhead *h, size_t w)
{
    return h->time * w + h->time + h->type * 6 + h->chars + h->leap * (w + 4) + h->isstd + h->isut;
}

static bool tz_head(const unsigned char *b, size_t len, size_t at, tzhead *h)
{
    if (at + 44 > len || memcmp(b + at, "TZif", 4) != 0)
        return false;
    const unsigned char *c = b + at + 20;
    *h = (tzhead){be32(c), be32(c + 4), be32(c + 8), be32(c + 12), be32(c + 16), be32(c + 20)};
    return h->type >= 1 && h->type <= 256 && h->chars >= 1 && h->time < 100000 && h->leap < 100000 &&
           h->chars < 100000 && h->isut <= h->type && h->isstd <= h->type;
}

/* Read the data block at `at` (w = 4 or 8 byte times) into z. */
static bool tz_block(arena *ar, const unsigned char *b, const tzhead *h, size_t w, jzone *z)
{
    const unsigned char *t = b, *ix = t + h->time * w, *tt = ix + h->time, *ch = tt + h->type * 6;
    z->ntrans = h->time;
    z->ntypes = h->type;
    z->trans = arena_alloc(ar, (h->time + 1) * sizeof *z->trans);
    z->tidx = arena_alloc(ar, h->time + 1);
    z->types = arena_alloc(ar, h->type * sizeof *z->types);
    for (size_t i = 0; i < h->time; i++) {
        z->trans[i] = w == 8 ? be64(t + i * 8) : (int64_t)(int32_t)be32(t + i * 4);
        z->tidx[i] = ix[i];
        if (ix[i] >= h->type)
            return false;
    }
    for (size_t i = 0; i < h->type; i++) {
        const unsigned char *p = tt + i * 6;
        size_t di = p[5];
        if (di >= h->chars)
            return false;
        const char *a = (const char *)ch + di;
        z->types[i] = (ttype){(int32_t)be32(p), p[4] != 0, arena_strndup(ar, a, strnlen(a, h->chars - di))};
        z->any_dst |= p[4] != 0;
    }
    return true;
}

/* ---------------------------------------------------------------- POSIX TZ rules */

static bool tz_rule_name(arena *ar, const char **p, const char *e, const char **out)
{
    const char *s = *p;
    if (s < e && *s == '<') {
        const char *q = memchr(s, '>', (size_t)(e - s));
        if (!q)
            return false;
        *out = arena_strndup(ar, s + 1, (size_t)(q - s - 1));
        *p = q + 1;
        return q - s - 1 >= 1;
    }
    while (s < e && is_alpha(*s))
        s++;
    *out = arena_strndup(ar, *p, (size_t)(s - *p));
    bool ok = s - *p >= 3;
    *p = s;
    return ok;
}

/* [+-]h[h][:mm[:ss]], hours up to 167; seconds as written. */
static bool tz_rule_hms(const char **p, const char *e, int32_t *out)
{
    const char *s = *p;
    int sign = 1;
    if (s < e && (*s == '+' || *s == '-'))
        sign = *s++ == '-' ? -1 : 1;
    int32_t part[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        if (k && (s >= e || *s != ':'))
            break;
        s += k != 0;
        if (s >= e || !is_digit(*s))
            return false;
        int v = 0;
        for (int i = 0; i < 3 && s < e && is_digit(*s); i++)
            v = v * 10 + (*s++ - '0');
        part[k] = v;
    }
    if (part[0] > 167 || part[1] > 59 || part[2] > 59)
        return false;
    *out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    *p = s;
    return true;
}

static bool tz_rule_int(const char **p, const char *e, int *out)
{
    const char *s = *p;
    int v = 0;
    if (s >= e || !is_digit(*s))
        return false;
    while (s < e && is_digit(*s) && v < 1000)
        v = v * 10 + (*s++ - '0');
    *out = v;
    *p = s;
    return true;
}

/* ,date[/time] */
static bool tz_rule_date(const char **p, const char *e, pdate *d)
{
    const char *s = *p;
    if (s >= e || *s++ != ',')
        return false;
    d->secs = 7200;
    if (s < e && *s == 'M') {
        s++;
        d->kind = 'M';
        if (!tz_rule_int(&s, e, &d->m) || s >= e || *s++ != '.' || !tz_rule_int(&s, e, &d->w) || s >= e ||
            *s++ != '.' || !tz_rule_int(&s, e, &d->d))
            return false;
        if (d->m < 1 || d->m > 12 || d->w < 1 || d->w > 5 || d->d > 6)
            return false;
    } else {
        d->kind = s < e && *s == 'J' ? 'J' : 'N';
        s += d->kind == 'J';
        if (!tz_rule_int(&s, e, &d->n) || d->n > 365 || (d->kind == 'J' && d->n < 1))
            return false;
    }
    if (s < e && *s == '/') {
        s++;
        if (!tz_rule_hms(&s, e, &d->secs))
            return false;
    }
    *p = s;
    return true;
}

/* std offset [dst [offset] [,start[/time],end[/time]]] */
static bool tz_rule_parse(arena *ar, const char *s, const char *e, prule *r)
{
    int32_t off;
    if (!tz_rule_name(ar, &s, e, &r->std.abbr) || !tz_rule_hms(&s, e, &off))
        return false;
    r->std.off = -off;
    if (s == e)
        return true;
    r->has_dst = true;
    r->dst.dst = true;
    if (!tz_rule_name(ar, &s, e, &r->dst.abbr))
        return false;
    r->dst.off = r->std.off + 3600;
    if (s < e && *s != ',') {
        if (!tz_rule_hms(&s, e, &off))
            return false;
        r->dst.off = -off;
    }
    if (s == e) {  /* POSIX default: the US rules */
        r->start = (pdate){'M', 3, 2, 0, 0, 7200};
        r->end = (pdate){'M', 11, 1, 0, 0, 7200};
        return true;
    }
    return tz_rule_date(&s, e, &r->start) && tz_rule_date(&s, e, &r->end) && s == e;
}

/* Epoch day of a rule date in year y. */
static int64_t pdate_day(const pdate *d, int64_t y)
{
    int64_t jan1 = days_from_civil(y, 1, 1);
    if (d->kind == 'J')
        return jan1 + d->n - 1 + (is_leap(y) && d->n >= 60);
    if (d->kind == 'N')
        return jan1 + d->n;
    int64_t first = days_from_civil(y, d->m, 1);
    int fd = (int)fmod64(first + 4, 7);  /* 0 = Sunday */
    int day = 1 + (d->d - fd + 7) % 7 + (d->w - 1) * 7;
    while (day > month_len(y, d->m))
        day -= 7;
    return first + day - 1;
}

static ttype rule_at(const prule *r, int64_t t)
{
    if (!r->has_dst)
        return r->std;
    int64_t y;
    int m, d;
    civil_from_days(fdiv(t + r->std.off, 86400), &y, &m, &d);
    int64_t start = pdate_day(&r->start, y) * 86400 + r->start.secs - r->std.off;
    int64_t end = pdate_day(&r->end, y) * 86400 + r->end.secs - r->dst.off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? r->dst : r->std;
}

/* ---------------------------------------------------------------- loading regions */

static bool tzif_parse(arena *ar, const unsigned char *b, size_t len, jzone *z)
{
    tzhead h;
    if (!tz_head(b, len, 0, &h))
        return false;
    size_t at = 44, w = 4;
    if (b[4] >= '2') {
        at += tz_block_len(&h, 4);
        if (!tz_head(b, len, at, &h))
            return false;
        at += 44;
        w = 8;
    }
    size_t blen = tz_block_len(&h, w);
    if (at + blen > len || !tz_block(ar, b + at, &h, w, z))
        return false;
    at += blen;
    if (w == 8 && at < len && b[at] == '\n') {
        const unsigned char *nl = memchr(b + at + 1, '\n', len - at - 1);
        if (nl && nl > b + at + 1)
            z->has_rule = tz_rule_parse(ar, (const char *)b + at + 1, (const char *)nl, &z->rule);
        z->any_dst |= z->has_rule && z->rule.has_dst;
    }
    return true;
}

/* Whether id names a tzdb region that java.time knows: not posix/, right/ or the
 * files that are not zones, and not EST, HST, MST, ROC, which the JDK leaves out. */
static bool region_name_ok(const char *id, size_t n)
{
    static const char *const skip[] = {"Factory", "localtime", "posixrules", "posix", "right", "SECURITY",
                                       "EST", "HST", "MST", "ROC"};
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && id[i] != '/')
            continue;
        size_t len = i - start;
        if (len == 0 || (len == 1 && id[start] == '.') || (len == 2 && !memcmp(id + start, "..", 2)))
            return false;
        for (size_t k = 0; start == 0 && k < sizeof skip / sizeof *skip; k++)
            if (strlen(skip[k]) == len && !memcmp(id, skip[k], len))
                return false;
        start = i + 1;
    }
    return n < 200;
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap && cap < (1u << 22)) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        } else if (n == cap) {
            break;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Load the region id from the system tz database; NULL when it is not there. */
static jzone *region_load(arena *ar, const char *id, size_t n)
{
    if (!region_name_ok(id, n))
        return NULL;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%.*s", dir && *dir ? dir : "/usr/share/zoneinfo", (int)n, id);
    size_t len = 0;
    unsigned char *buf = read_file(path, &len);
    if (!buf)
        return NULL;
    jzone *z = zone_new(ar, ZK_TZDB, arena_strndup(ar, id, n), 0);
    bool ok = tzif_parse(ar, buf, len, z);
    free(buf);
    return ok ? z : NULL;
}

/* ZoneRegion.checkName: [A-Za-z][A-Za-z0-9~/._+-]+ */
static bool region_id_valid(const char *id, size_t n)
{
    if (n < 2)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!is_alpha(c) && (i == 0 || !(is_digit(c) || strchr("/~._+-", c) != NULL)))
            return false;
    }
    return true;
}

static const jzone *region_of(arena *ar, const char *id, size_t n, jtime_err *err)
{
    if (!region_id_valid(id, n)) {
        fail(err, EX_DT "Invalid ID for region-based ZoneId, invalid format: %.*s", shown(id, n, 200), id);
        return NULL;
    }
    const jzone *z = region_load(ar, id, n);
    if (!z)
        fail(err, "java.time.zone.ZoneRulesException: Unknown time-zone ID: %.*s", shown(id, n, 200), id);
    return z;
}

/* ZoneId.of with a UTC/GMT/UT prefix of length plen. */
static const jzone *prefixed_of(arena *ar, const char *id, size_t n, size_t plen, jtime_err *err)
{
    char prefix[4];
    memcpy(prefix, id, plen);
    prefix[plen] = '\0';
    if (n == plen)
        return zone_fixed(ar, prefix, 0);
    if (id[plen] != '+' && id[plen] != '-')
        return region_of(ar, id, n, err);
    int32_t off;
    if (!offset_of(id + plen, n - plen, &off, err)) {
        fail(err, EX_DT "Invalid ID for offset-based ZoneId: %.*s", shown(id, n, 200), id);
        return NULL;
    }
    return zone_fixed(ar, prefix, off);
}

const jzone *jtime_zone_of(arena *ar, const char *id, size_t n, jtime_err *err)
{
    if (n <= 1 || id[0] == '+' || id[0] == '-') {
        int32_t off;
        return offset_of(id, n, &off, err) ? zone_fixed(ar, "", off) : NULL;
    }
    if (n >= 3 && (!memcmp(id, "UTC", 3) || !memcmp(id, "GMT", 3)))
        return prefixed_of(ar, id, n, 3, err);
    if (!memcmp(id, "UT", 2))
        return prefixed_of(ar, id, n, 2, err);
    return region_of(ar, id, n, err);
}

/* The zone's offset, daylight flag and abbreviation at instant t (epoch seconds). */
static ttype zone_at(const jzone *z, int64_t t)
{
    if (z->kind != ZK_TZDB)
        return (ttype){z->fixed, false, NULL};
    if (z->ntrans == 0)
        return z->has_rule ? rule_at(&z->rule, t) : z->types[0];
    if (t < z->trans[0])
        return z->types[0];
    size_t lo = 0, hi = z->ntrans;  /* last transition <= t is in [lo, hi) */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->trans[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    if (lo == z->ntrans - 1 && t > z->trans[lo] && z->has_rule)
        return rule_at(&z->rule, t);
    return z->types[z->tidx[lo]];
}

/* The instant of a local time in z, as ZonedDateTime.of does: in an overlap the
 * earlier offset, in a gap the offset before the gap. Assumes no two transitions
 * within 18 hours of each other. */
static int64_t zone_local_to_instant(const jzone *z, int64_t local)
{
    int32_t early = zone_at(z, local - 64800).off, late = zone_at(z, local + 64800).off;
    bool early_ok = zone_at(z, local - early).off == early, late_ok = zone_at(z, local - late).off == late;
    if (early_ok && late_ok)
        return local - (early > late ? early : late);
    if (late_ok)
        return local - late;
    return local - early;
}

/* ================================================================ zone names */

/* Zone display names as java.time prints them for en_US (CLDR metazones, as
 * observed from the JDK): short standard, short daylight, short generic, then
 * the long forms ("" prints the offset as GMT+hh:mm), and the zone ids that use
 * them. `zone` is where the names parse to. Zones not listed fall back to their
 * TZif abbreviation, or GMT+hh:mm. */
typedef struct metazone {
    const char *zone;
    const char *names[6];
    const char *members;
} metazone;

static const metazone metazones[] = {
    {"America/New_York", {"EST", "EDT", "ET", "Eastern Standard Time", "Eastern Daylight Time", "Eastern Time"},
     "America/Cancun America/Detroit America/Fort_Wayne America/Grand_Turk America/Indiana/Indianapolis "
     "America/Indiana/Marengo America/Indiana/Petersburg America/Indiana/Vevay America/Indiana/Vincennes "
     "America/Indiana/Winamac America/Indianapolis America/Iqaluit America/Jamaica "
     "America/Kentucky/Louisville America/Kentucky/Monticello America/Louisville America/Montreal "
     "America/Nassau America/New_York America/Nipigon America/Pangnirtung America/Port-au-Prince "
     "America/Thunder_Bay America/Toronto Canada/Eastern EST5EDT Jamaica US/East-Indiana US/Eastern "
     "US/Michigan"},
    {"America/Chicago", {"CST", "CDT", "CT", "Central Standard Time", "Central Daylight Time", "Central Time"},
     "America/Bahia_Banderas America/Belize America/Chicago America/Chihuahua America/El_Salvador "
     "America/Guatemala America/Indiana/Knox America/Indiana/Tell_City America/Knox_IN America/Managua "
     "America/Matamoros America/Menominee America/Merida America/Mexico_City America/Monterrey "
     "America/North_Dakota/Beulah America/North_Dakota/Center America/North_Dakota/New_Salem "
     "America/Ojinaga America/Rainy_River America/Rankin_Inlet America/Resolute America/Tegucigalpa "
     "America/Winnipeg CST6CDT Canada/Central Mexico/General US/Central US/Indiana-Starke"},
    {"America/Denver",
     {"MST", "MDT", "MT",
      "Mountain Standard Time", "Mountain Daylight Time", "Mountain Time"},
     "America/Boise America/Cambridge_Bay America/Ciudad_Juarez America/Dawson America/Dawson_Creek "
     "America/Denver America/Edmonton America/Fort_Nelson America/Inuvik America/Shiprock "
     "America/Whitehorse America/Yellowknife Canada/Mountain Canada/Yukon MST7MDT Navajo US/Mountain"},
    {"America/Phoenix",
     {"MST", "MST", "MT",
      "Mountain Standard Time", "Mountain Standard Time", "Mountain Time"},
     "America/Creston America/Phoenix US/Arizona"},
    {"America/Los_Angeles",
     {"PST", "PDT", "PT",
      "Pacific Standard Time", "Pacific Daylight Time", "Pacific Time"},
     "America/Ensenada America/Los_Angeles America/Tijuana America/Vancouver Canada/Pacific "
     "Mexico/BajaNorte PST8PDT US/Pacific"},
    {"America/Juneau", {"AKST", "AKDT", "AKT", "Alaska Standard Time", "Alaska Daylight Time", "Alaska Time"},
     "America/Anchorage America/Juneau America/Metlakatla America/Nome America/Sitka America/Yakutat "
     "US/Alaska"},
    {"Pacific/Honolulu",
     {"HST", "HST", "HST",
      "Hawaii-Aleutian Standard Time", "Hawaii-Aleutian Standard Time", "Hawaii-Aleutian Time"},
     "Pacific/Honolulu US/Hawaii"},
    {"America/Adak",
     {"HAST", "HADT", "HAT",
      "Hawaii-Aleutian Standard Time", "Hawaii-Aleutian Daylight Time", "Hawaii-Aleutian Time"},
     "America/Adak America/Atka US/Aleutian"},
    {"America/Halifax",
     {"AST", "ADT", "AT",
      "Atlantic Standard Time", "Atlantic Daylight Time", "Atlantic Time"},
     "America/Barbados America/Glace_Bay America/Goose_Bay America/Halifax America/Martinique "
     "America/Moncton America/Santo_Domingo America/Thule Atlantic/Bermuda Canada/Atlantic"},
    {"America/St_Johns",
     {"NST", "NDT", "NT",
      "Newfoundland Standard Time", "Newfoundland Daylight Time", "Newfoundland Time"},
     "America/St_Johns Canada/Newfoundland"},
    {"America/Puerto_Rico",
     {"AST", "AST", "AT",
      "Atlantic Standard Time", "Atlantic Standard Time", "Atlantic Time"},
     "America/Anguilla America/Antigua America/Aruba America/Blanc-Sablon America/Curacao "
     "America/Dominica America/Grenada America/Guadeloupe America/Kralendijk America/Lower_Princes "
     "America/Marigot America/Montserrat America/Port_of_Spain America/Puerto_Rico America/St_Barthelemy "
     "America/St_Kitts America/St_Lucia America/St_Thomas America/St_Vincent America/Tortola "
     "America/Virgin"},
    {"Etc/UTC",
     {"UTC", "UTC", "UTC",
      "Coordinated Universal Time", "Coordinated Universal Time", "Coordinated Universal Time"},
     "Etc/UCT Etc/UTC Etc/Universal Etc/Zulu UCT UTC Universal Zulu"},
    {"Africa/Abidjan",
     {"GMT", "GMT", "GMT",
      "Greenwich Mean Time", "Greenwich Mean Time", "Greenwich Mean Time"},
     "Africa/Abidjan Africa/Bamako Africa/Banjul Africa/Bissau Africa/Conakry Africa/Dakar "
     "Africa/Freetown Africa/Lome Africa/Monrovia Africa/Nouakchott Africa/Ouagadougou Africa/Sao_Tome "
     "Africa/Timbuktu America/Danmarkshavn Atlantic/Reykjavik Atlantic/St_Helena Etc/GMT Etc/GMT+0 "
     "Etc/GMT-0 Etc/GMT0 Etc/Greenwich GMT GMT+0 GMT-0 GMT0 Greenwich Iceland"},
    {"Europe/London", {"GMT", "BST", "BT", "Greenwich Mean Time", "British Summer Time", "British Time"},
     "Europe/Belfast Europe/Guernsey Europe/Isle_of_Man Europe/Jersey Europe/London GB GB-Eire"},
    {"Europe/Dublin", {"GMT", "IST", "IT", "Greenwich Mean Time", "Irish Standard Time", "Irish Time"},
     "Eire Europe/Dublin"},
    {"Europe/Paris",
     {"CET", "CEST", "CET",
      "Central European Standard Time", "Central European Summer Time", "Central European Time"},
     "Africa/Algiers Africa/Ceuta Africa/Tunis Arctic/Longyearbyen Atlantic/Jan_Mayen Europe/Amsterdam "
     "Europe/Andorra Europe/Belgrade Europe/Berlin Europe/Bratislava Europe/Brussels Europe/Budapest "
     "Europe/Busingen Europe/Copenhagen Europe/Gibraltar Europe/Ljubljana Europe/Luxembourg Europe/Madrid "
     "Europe/Malta Europe/Monaco Europe/Oslo Europe/Paris Europe/Podgorica Europe/Prague Europe/Rome "
     "Europe/San_Marino Europe/Sarajevo Europe/Skopje Europe/Stockholm Europe/Tirane Europe/Vaduz "
     "Europe/Vatican Europe/Vienna Europe/Warsaw Europe/Zagreb Europe/Zurich Poland"},
    {"Europe/Bucharest",
     {"EET", "EEST", "EET",
      "Eastern European Standard Time", "Eastern European Summer Time", "Eastern European Time"},
     "Africa/Cairo Africa/Tripoli Asia/Amman Asia/Beirut Asia/Damascus Asia/Gaza Asia/Hebron Asia/Nicosia "
     "Egypt Europe/Athens Europe/Bucharest Europe/Chisinau Europe/Helsinki Europe/Kaliningrad Europe/Kiev "
     "Europe/Kyiv Europe/Mariehamn Europe/Nicosia Europe/Riga Europe/Sofia Europe/Tallinn Europe/Tiraspol "
     "Europe/Uzhgorod Europe/Vilnius Europe/Zaporozhye Libya"},
    {"Atlantic/Canary",
     {"WET", "WEST", "WET",
      "Western European Standard Time", "Western European Summer Time", "Western European Time"},
     "Atlantic/Canary Atlantic/Faeroe Atlantic/Faroe Atlantic/Madeira Europe/Lisbon Portugal"},
    {"Europe/Moscow", {"MSK", "MSD", "MT", "Moscow Standard Time", "Moscow Summer Time", "Moscow Time"},
     "Europe/Minsk Europe/Moscow Europe/Simferopol W-SU"},
    {"Asia/Kolkata", {"IST", "IST", "IT", "India Standard Time", "India Standard Time", "India Time"},
     "Asia/Calcutta Asia/Colombo Asia/Kolkata"},
    {"Asia/Shanghai", {"CST", "CDT", "CT", "China Standard Time", "China Daylight Time", "China Time"},
     "Asia/Chongqing Asia/Chungking Asia/Harbin Asia/Macao Asia/Macau Asia/Shanghai PRC"},
    {"Asia/Tokyo", {"JST", "JST", "JT", "Japan Standard Time", "Japan Standard Time", "Japan Time"},
     "Asia/Tokyo Japan"},
    {"Asia/Seoul", {"KST", "KDT", "KT", "Korean Standard Time", "Korean Daylight Time", "Korean Time"},
     "Asia/Seoul ROK"},
    {"Asia/Hong_Kong",
     {"HKT", "HKST", "HKT",
      "Hong Kong Standard Time", "Hong Kong Summer Time", "Hong Kong Time"},
     "Asia/Hong_Kong Hongkong"},
    {"Asia/Singapore",
     {"SGT", "SGT", "SGT",
      "Singapore Standard Time", "Singapore Standard Time", "Singapore Time"},
     "Asia/Singapore Singapore"},
    {"Australia/Sydney",
     {"AEST", "AEDT", "AET",
      "Australian Eastern Standard Time", "Australian Eastern Daylight Time", "Eastern Australia Time"},
     "Antarctica/Macquarie Australia/ACT Australia/Brisbane Australia/Canberra Australia/Currie "
     "Australia/Hobart Australia/Lindeman Australia/Melbourne Australia/NSW Australia/Queensland "
     "Australia/Sydney Australia/Tasmania Australia/Victoria"},
    {"Australia/Adelaide",
     {"ACST", "ACDT", "ACT",
      "Australian Central Standard Time", "Australian Central Daylight Time", "Central Australia Time"},
     "Australia/Adelaide Australia/Broken_Hill Australia/South Australia/Yancowinna"},
    {"Australia/Darwin",
     {"ACST", "ACST", "ACT",
      "Australian Central Standard Time", "Australian Central Standard Time", "Central Australia Time"},
     "Australia/Darwin Australia/North"},
    {"Australia/Perth",
     {"AWST", "AWDT", "AWT",
      "Australian Western Standard Time", "Australian Western Daylight Time", "Western Australia Time"},
     "Australia/Perth Australia/West"},
    {"Pacific/Auckland",
     {"NZST", "NZDT", "NZT",
      "New Zealand Standard Time", "New Zealand Daylight Time", "New Zealand Time"},
     "Antarctica/McMurdo Antarctica/South_Pole NZ Pacific/Auckland"},
    {"Africa/Johannesburg",
     {"SAST", "SAST", "SAT",
      "South Africa Standard Time", "South Africa Standard Time", "South Africa Time"},
     "Africa/Johannesburg Africa/Maseru Africa/Mbabane"},
    {"Africa/Lagos",
     {"WAT", "WAT", "WAT",
      "West Africa Standard Time", "West Africa Standard Time", "West Africa Time"},
     "Africa/Bangui Africa/Brazzaville Africa/Douala Africa/Kinshasa Africa/Lagos Africa/Libreville "
     "Africa/Luanda Africa/Malabo Africa/Niamey Africa/Porto-Novo"},
    {"Africa/Nairobi", {"EAT", "EAT", "EAT", "East Africa Time", "East Africa Time", "Eastern Africa Time"},
     "Africa/Addis_Ababa Africa/Asmara Africa/Asmera Africa/Dar_es_Salaam Africa/Djibouti Africa/Kampala "
     "Africa/Mogadishu Africa/Nairobi Indian/Antananarivo Indian/Comoro Indian/Mayotte"},
    {"Africa/Maputo",
     {"CAT", "CAT", "CAT",
      "Central Africa Time", "Central Africa Time", "Central Africa Time"},
     "Africa/Blantyre Africa/Bujumbura Africa/Gaborone Africa/Harare Africa/Kigali Africa/Lubumbashi "
     "Africa/Lusaka Africa/Maputo"},
    {"America/Sao_Paulo",
     {"BRT", "BRST", "BRT",
      "Brasilia Standard Time", "Brasilia Summer Time", "Brasilia Time"},
     "America/Araguaina America/Bahia America/Belem America/Fortaleza America/Maceio America/Recife "
     "America/Santarem America/Sao_Paulo Brazil/East"},
    {"Africa/Accra", {"GMT", "GMT", "GMT", "Greenwich Mean Time", "Greenwich Mean Time", "Ghana Mean Time"},
     "Africa/Accra"},
    {"Africa/Casablanca",
     {"WEST", "WEST", "WET",
      "Western European Summer Time", "Western European Summer Time", "Western European Time"},
     "Africa/Casablanca Africa/El_Aaiun"},
    {"Africa/Juba",
     {"CAT", "CAST", "CAT",
      "Central Africa Time", "Central African Summer Time", "Central Africa Time"},
     "Africa/Juba Africa/Khartoum"},
    {"Africa/Ndjamena",
     {"WAT", "WAST", "WAT",
      "West Africa Standard Time", "West Africa Summer Time", "West Africa Time"},
     "Africa/Ndjamena"},
    {"Africa/Windhoek",
     {"WAT", "WAT", "CAT",
      "Western African Time", "Western African Time", "Central African Time"},
     "Africa/Windhoek"},
    {"America/Argentina/Buenos_Aires",
     {"ART", "ARST", "ART",
      "Argentina Standard Time", "Argentina Summer Time", "Argentina Time"},
     "America/Argentina/Buenos_Aires America/Argentina/Catamarca America/Argentina/ComodRivadavia "
     "America/Argentina/Cordoba America/Argentina/Jujuy America/Argentina/La_Rioja "
     "America/Argentina/Mendoza America/Argentina/Rio_Gallegos America/Argentina/Salta "
     "America/Argentina/San_Juan America/Argentina/San_Luis America/Argentina/Tucuman "
     "America/Argentina/Ushuaia America/Buenos_Aires America/Catamarca America/Cordoba America/Jujuy "
     "America/Mendoza America/Rosario"},
    {"America/Asuncion",
     {"PYT", "PYST", "PYT",
      "Paraguay Standard Time", "Paraguay Summer Time", "Paraguay Time"},
     "America/Asuncion"},
    {"America/Atikokan", {"EST", "EST", "ET", "Eastern Standard Time", "Eastern Standard Time", "Eastern Time"},
     "America/Atikokan America/Cayman America/Coral_Harbour America/Panama"},
    {"America/Manaus", {"AMT", "AMST", "AMT", "Amazon Standard Time", "Amazon Summer Time", "Amazon Time"},
     "America/Boa_Vista America/Campo_Grande America/Cuiaba America/Manaus America/Porto_Velho "
     "Brazil/West"},
    {"America/Bogota",
     {"COT", "COST", "COT",
      "Colombia Standard Time", "Colombia Summer Time", "Colombia Time"},
     "America/Bogota"},
    {"America/Caracas", {"VET", "VET", "VET", "Venezuela Time", "Venezuela Time", "Venezuela Time"},
     "America/Caracas"},
    {"America/Cayenne", {"GFT", "GFT", "GFT", "French Guiana Time", "French Guiana Time", "French Guiana Time"},
     "America/Cayenne"},
    {"America/Costa_Rica",
     {"CST", "CST", "CT",
      "Central Standard Time", "Central Standard Time", "Central Time"},
     "America/Costa_Rica America/Regina America/Swift_Current Canada/Saskatchewan"},
    {"America/Rio_Branco", {"ACT", "ACST", "ACT", "Acre Standard Time", "Acre Summer Time", "Acre Time"},
     "America/Eirunepe America/Porto_Acre America/Rio_Branco Brazil/Acre"},
    {"America/Nuuk",
     {"WGT", "WGST", "WGT",
      "West Greenland Standard Time", "West Greenland Summer Time", "West Greenland Time"},
     "America/Godthab America/Nuuk"},
    {"America/Guayaquil", {"ECT", "ECST", "ECT", "Ecuador Time", "Ecuador Summer Time", "Ecuador Time"},
     "America/Guayaquil"},
    {"America/Guyana", {"GYT", "GYT", "GYT", "Guyana Time", "Guyana Time", "Guyana Time"},
     "America/Guyana"},
    {"America/Havana", {"CST", "CDT", "CT", "Cuba Standard Time", "Cuba Daylight Time", "Cuba Time"},
     "America/Havana Cuba"},
    {"America/Mazatlan",
     {"MST", "MDT", "MT",
      "Mexican Pacific Standard Time", "Mexican Pacific Daylight Time", "Mexican Pacific Time"},
     "America/Hermosillo America/Mazatlan Mexico/BajaSur"},
    {"America/La_Paz", {"BOT", "BOT", "BOT", "Bolivia Time", "Bolivia Time", "Bolivia Time"},
     "America/La_Paz"},
    {"America/Lima", {"PET", "PEST", "PET", "Peru Standard Time", "Peru Summer Time", "Peru Time"},
     "America/Lima"},
    {"America/Miquelon",
     {"PMST", "PMDT", "PMT",
      "St. Pierre & Miquelon Standard Time", "St. Pierre & Miquelon Daylight Time", "St. Pierre & Miquelon Time"},
     "America/Miquelon"},
    {"America/Montevideo",
     {"UYT", "UYST", "UYT",
      "Uruguay Standard Time", "Uruguay Summer Time", "Uruguay Time"},
     "America/Montevideo"},
    {"America/Noronha",
     {"FNT", "FNST", "FNT",
      "Fernando de Noronha Standard Time", "Fernando de Noronha Summer Time", "Fernando de Noronha Time"},
     "America/Noronha Brazil/DeNoronha"},
    {"America/Paramaribo", {"SRT", "SRT", "SRT", "Suriname Time", "Suriname Time", "Suriname Time"},
     "America/Paramaribo"},
    {"America/Punta_Arenas",
     {"", "", "",
      "Punta Arenas Standard Time", "Punta Arenas Standard Time", "Punta Arenas Time"},
     "America/Punta_Arenas"},
    {"America/Santa_Isabel",
     {"PST", "PDT", "PT",
      "Northwest Mexico Standard Time", "Northwest Mexico Daylight Time", "Northwest Mexico Time"},
     "America/Santa_Isabel"},
    {"America/Santiago", {"CLT", "CLST", "CLT", "Chile Standard Time", "Chile Summer Time", "Chile Time"},
     "America/Santiago Chile/Continental"},
    {"Antarctica/Casey", {"AWST", "AWST", "AWT", "Casey Time", "Casey Time", "Australian Western Time"},
     "Antarctica/Casey"},
    {"Antarctica/Davis", {"DAVT", "DAVT", "DAVT", "Davis Time", "Davis Time", "Davis Time"},
     "Antarctica/Davis"},
    {"Antarctica/DumontDUrville",
     {"DDUT", "DDUT", "DDUT",
      "Dumont-d’Urville Time", "Dumont-d’Urville Time", "Dumont-d'Urville Time"},
     "Antarctica/DumontDUrville"},
    {"Antarctica/Mawson", {"MAWT", "MAWT", "MAWT", "Mawson Time", "Mawson Time", "Mawson Time"},
     "Antarctica/Mawson"},
    {"Antarctica/Palmer", {"CLT", "CLST", "CLT", "Chile Time", "Chile Summer Time", "Chile Time"},
     "Antarctica/Palmer"},
    {"Antarctica/Rothera", {"ROTT", "ROTT", "ROTT", "Rothera Time", "Rothera Time", "Rothera Time"},
     "Antarctica/Rothera"},
    {"Antarctica/Syowa", {"SYOT", "SYOT", "SYOT", "Syowa Time", "Syowa Time", "Syowa Time"},
     "Antarctica/Syowa"},
    {"Antarctica/Troll",
     {"GMT", "CEST", "ATT",
      "Greenwich Mean Time", "Central European Summer Time", "Troll Time"},
     "Antarctica/Troll"},
    {"Antarctica/Vostok", {"VOST", "VOST", "VOST", "Vostok Time", "Vostok Time", "Vostok Time"},
     "Antarctica/Vostok"},
    {"Asia/Riyadh", {"AST", "AST", "AT", "Arabian Standard Time", "Arabian Standard Time", "Arabian Time"},
     "Asia/Aden Asia/Bahrain Asia/Kuwait Asia/Qatar Asia/Riyadh"},
    {"Asia/Almaty", {"ALMT", "ALMST", "ALMT", "East Kazakhstan Time", "Alma-Ata Summer Time", "Alma-Ata Time"},
     "Asia/Almaty"},
    {"Asia/Anadyr", {"ANAT", "ANAST", "ANAT", "Anadyr Standard Time", "Anadyr Summer Time", "Anadyr Time"},
     "Asia/Anadyr"},
    {"Asia/Aqtau", {"AQTT", "AQTST", "AQTT", "West Kazakhstan Time", "Aqtau Summer Time", "Aqtau Time"},
     "Asia/Aqtau"},
    {"Asia/Aqtobe", {"AQTT", "AQTST", "AQTT", "West Kazakhstan Time", "Aqtobe Summer Time", "Aqtobe Time"},
     "Asia/Aqtobe"},
    {"Asia/Ashgabat",
     {"TMT", "TMST", "TMT",
      "Turkmenistan Standard Time", "Turkmenistan Summer Time", "Turkmenistan Time"},
     "Asia/Ashgabat Asia/Ashkhabad"},
    {"Asia/Atyrau", {"", "", "", "West Kazakhstan Time", "Atyrau Daylight Time", "Atyrau Time"},
     "Asia/Atyrau"},
    {"Asia/Baghdad", {"AST", "ADT", "AT", "Arabian Standard Time", "Arabian Daylight Time", "Arabian Time"},
     "Asia/Baghdad"},
    {"Asia/Baku",
     {"AZT", "AZST", "AZT",
      "Azerbaijan Standard Time", "Azerbaijan Summer Time", "Azerbaijan Time"},
     "Asia/Baku"},
    {"Asia/Bangkok", {"ICT", "ICT", "ICT", "Indochina Time", "Indochina Time", "Indochina Time"},
     "Asia/Bangkok Asia/Ho_Chi_Minh Asia/Phnom_Penh Asia/Saigon Asia/Vientiane"},
    {"Asia/Barnaul", {"", "", "", "Barnaul Standard Time", "Barnaul Daylight Time", "Barnaul Time"},
     "Asia/Barnaul"},
    {"Asia/Bishkek", {"KGT", "KGST", "KGT", "Kyrgyzstan Time", "Kirgizstan Summer Time", "Kirgizstan Time"},
     "Asia/Bishkek"},
    {"Asia/Brunei", {"BNT", "BNT", "BNT", "Brunei Darussalam Time", "Brunei Darussalam Time", "Brunei Time"},
     "Asia/Brunei"},
    {"Asia/Yakutsk", {"YAKT", "YAKST", "YAKT", "Yakutsk Standard Time", "Yakutsk Summer Time", "Yakutsk Time"},
     "Asia/Chita Asia/Khandyga Asia/Yakutsk"},
    {"Asia/Choibalsan",
     {"CHOT", "CHOST", "CHOT",
      "Ulaanbaatar Standard Time", "Ulaanbaatar Summer Time", "Ulaanbaatar Time"},
     "Asia/Choibalsan"},
    {"Asia/Dhaka",
     {"BDT", "BDST", "BDT",
      "Bangladesh Standard Time", "Bangladesh Summer Time", "Bangladesh Time"},
     "Asia/Dacca Asia/Dhaka"},
    {"Asia/Dili", {"TLT", "TLT", "TLT", "East Timor Time", "East Timor Time", "Timor-Leste Time"},
     "Asia/Dili"},
    {"Asia/Dubai", {"GST", "GST", "GT", "Gulf Standard Time", "Gulf Standard Time", "Gulf Time"},
     "Asia/Dubai Asia/Muscat"},
    {"Asia/Dushanbe", {"TJT", "TJST", "TJT", "Tajikistan Time", "Tajikistan Summer Time", "Tajikistan Time"},
     "Asia/Dushanbe"},
    {"Asia/Famagusta",
     {"EET", "EEST", "EET",
      "Eastern European Time", "Eastern European Summer Time", "Eastern European Time"},
     "Asia/Famagusta EET"},
    {"Asia/Hovd", {"HOVT", "HOVST", "HOVT", "Hovd Standard Time", "Hovd Summer Time", "Hovd Time"},
     "Asia/Hovd"},
    {"Asia/Irkutsk", {"IRKT", "IRKST", "IRKT", "Irkutsk Standard Time", "Irkutsk Summer Time", "Irkutsk Time"},
     "Asia/Irkutsk"},
    {"Europe/Istanbul", {"TRT", "TRST", "TRT", "Turkey Time", "Turkey Summer Time", "Turkey Time"},
     "Asia/Istanbul Europe/Istanbul Turkey"},
    {"Asia/Jakarta",
     {"WIB", "WIB", "WIB",
      "Western Indonesia Time", "Western Indonesia Time", "West Indonesia Time"},
     "Asia/Jakarta Asia/Pontianak"},
    {"Asia/Jayapura",
     {"WIT", "WIT", "WIT",
      "Eastern Indonesia Time", "Eastern Indonesia Time", "East Indonesia Time"},
     "Asia/Jayapura"},
    {"Asia/Jerusalem", {"IST", "IDT", "IT", "Israel Standard Time", "Israel Daylight Time", "Israel Time"},
     "Asia/Jerusalem Asia/Tel_Aviv Israel"},
    {"Asia/Kabul", {"AFT", "AFT", "AFT", "Afghanistan Time", "Afghanistan Time", "Afghanistan Time"},
     "Asia/Kabul"},
    {"Asia/Kamchatka",
     {"PETT", "PETST", "PETT",
      "Petropavlovsk-Kamchatski Standard Time", "Petropavlovsk-Kamchatski Summer Time", "Petropavlovsk-Kamchatski Time"},
     "Asia/Kamchatka"},
    {"Asia/Karachi", {"PKT", "PKST", "PKT", "Pakistan Standard Time", "Pakistan Summer Time", "Pakistan Time"},
     "Asia/Karachi"},
    {"Asia/Urumqi", {"XJT", "XJT", "XJT", "Xinjiang Standard Time", "Xinjiang Standard Time", "Xinjiang Time"},
     "Asia/Kashgar Asia/Urumqi"},
    {"Asia/Kathmandu", {"NPT", "NPT", "NPT", "Nepal Time", "Nepal Time", "Nepal Time"},
     "Asia/Kathmandu Asia/Katmandu"},
    {"Asia/Krasnoyarsk",
     {"KRAT", "KRAST", "KRAT",
      "Krasnoyarsk Standard Time", "Krasnoyarsk Summer Time", "Krasnoyarsk Time"},
     "Asia/Krasnoyarsk Asia/Novokuznetsk"},
    {"Asia/Kuching", {"MYT", "MYT", "MYT", "Malaysia Time", "Malaysia Time", "Malaysia Time"},
     "Asia/Kuala_Lumpur Asia/Kuching"},
    {"Asia/Magadan", {"MAGT", "MAGST", "MAGT", "Magadan Standard Time", "Magadan Summer Time", "Magadan Time"},
     "Asia/Magadan"},
    {"Asia/Makassar",
     {"WITA", "WITA", "WITA",
      "Central Indonesia Time", "Central Indonesia Time", "Central Indonesia Time"},
     "Asia/Makassar Asia/Ujung_Pandang"},
    {"Asia/Manila",
     {"PST", "PDT", "PT",
      "Philippine Standard Time", "Philippine Summer Time", "Philippine Time"},
     "Asia/Manila"},
    {"Asia/Novosibirsk",
     {"NOVT", "NOVST", "NOVT",
      "Novosibirsk Standard Time", "Novosibirsk Summer Time", "Novosibirsk Time"},
     "Asia/Novosibirsk"},
    {"Asia/Omsk", {"OMST", "OMSST", "OMST", "Omsk Standard Time", "Omsk Summer Time", "Omsk Time"},
     "Asia/Omsk"},
    {"Asia/Oral", {"ORAT", "ORAST", "ORAT", "West Kazakhstan Time", "Oral Summer Time", "Oral Time"},
     "Asia/Oral"},
    {"Asia/Pyongyang", {"KST", "KST", "KT", "Korean Standard Time", "Korean Standard Time", "Korean Time"},
     "Asia/Pyongyang"},
    {"Asia/Qostanay",
     {"QOST", "QOSST", "QOST",
      "East Kazakhstan Time", "Kostanay Summer Time", "Kostanay Time"},
     "Asia/Qostanay"},
    {"Asia/Qyzylorda",
     {"QYZT", "QYZST", "QYZT",
      "West Kazakhstan Time", "Qyzylorda Summer Time", "Qyzylorda Time"},
     "Asia/Qyzylorda"},
    {"Asia/Yangon", {"MMT", "MMT", "MMT", "Myanmar Time", "Myanmar Time", "Myanmar Time"},
     "Asia/Rangoon Asia/Yangon"},
    {"Asia/Sakhalin",
     {"SAKT", "SAKST", "SAKT",
      "Sakhalin Standard Time", "Sakhalin Summer Time", "Sakhalin Time"},
     "Asia/Sakhalin"},
    {"Asia/Tashkent",
     {"UZT", "UZST", "UZT",
      "Uzbekistan Standard Time", "Uzbekistan Summer Time", "Uzbekistan Time"},
     "Asia/Samarkand Asia/Tashkent"},
    {"Asia/Srednekolymsk",
     {"SRET", "SREDT", "SRET",
      "Srednekolymsk Time", "Srednekolymsk Daylight Time", "Srednekolymsk Time"},
     "Asia/Srednekolymsk"},
    {"Asia/Taipei", {"CST", "CDT", "CT", "Taipei Standard Time", "Taipei Daylight Time", "Taipei Time"},
     "Asia/Taipei"},
    {"Asia/Tbilisi", {"GET", "GEST", "GET", "Georgia Standard Time", "Georgia Summer Time", "Georgia Time"},
     "Asia/Tbilisi"},
    {"Asia/Tehran", {"IRST", "IRDT", "IRT", "Iran Standard Time", "Iran Daylight Time", "Iran Time"},
     "Asia/Tehran Iran"},
    {"Asia/Thimphu", {"BTT", "BTT", "BTT", "Bhutan Time", "Bhutan Time", "Bhutan Time"},
     "Asia/Thimbu Asia/Thimphu"},
    {"Asia/Tomsk", {"", "", "", "Tomsk Standard Time", "Tomsk Daylight Time", "Tomsk Time"},
     "Asia/Tomsk"},
    {"Asia/Ulaanbaatar",
     {"ULAT", "ULAST", "ULAT",
      "Ulaanbaatar Standard Time", "Ulaanbaatar Summer Time", "Ulaanbaatar Time"},
     "Asia/Ulaanbaatar Asia/Ulan_Bator"},
    {"Asia/Vladivostok",
     {"VLAT", "VLAST", "VLAT",
      "Vladivostok Standard Time", "Vladivostok Summer Time", "Vladivostok Time"},
     "Asia/Ust-Nera Asia/Vladivostok"},
    {"Asia/Yekaterinburg",
     {"YEKT", "YEKST", "YEKT",
      "Yekaterinburg Standard Time", "Yekaterinburg Summer Time", "Yekaterinburg Time"},
     "Asia/Yekaterinburg"},
    {"Asia/Yerevan", {"AMT", "AMST", "AMT", "Armenia Standard Time", "Armenia Summer Time", "Armenia Time"},
     "Asia/Yerevan"},
    {"Atlantic/Azores", {"AZOT", "AZOST", "AZOT", "Azores Standard Time", "Azores Summer Time", "Azores Time"},
     "Atlantic/Azores"},
    {"Atlantic/Cape_Verde",
     {"CVT", "CVT", "CVT",
      "Cape Verde Standard Time", "Cape Verde Standard Time", "Cape Verde Time"},
     "Atlantic/Cape_Verde"},
    {"Atlantic/South_Georgia",
     {"GST", "GST", "GT",
      "South Georgia Time", "South Georgia Time", "South Georgia Time"},
     "Atlantic/South_Georgia"},
    {"Atlantic/Stanley",
     {"FKT", "FKST", "FKT",
      "Falkland Islands Standard Time", "Falkland Islands Summer Time", "Falkland Islands Time"},
     "Atlantic/Stanley"},
    {"Australia/Eucla",
     {"ACWST", "ACWDT", "ACWT",
      "Australian Central Western Standard Time", "Australian Central Western Daylight Time", "Australian Central Western Time"},
     "Australia/Eucla"},
    {"Australia/Lord_Howe",
     {"LHST", "LHDT", "LHT",
      "Lord Howe Standard Time", "Lord Howe Daylight Time", "Lord Howe Time"},
     "Australia/LHI Australia/Lord_Howe"},
    {"CET",
     {"CET", "CEST", "CET",
      "Central European Time", "Central European Summer Time", "Central European Time"},
     "CET"},
    {"Pacific/Easter",
     {"EAST", "EASST", "EAST",
      "Easter Island Standard Time", "Easter Island Summer Time", "Easter Island Time"},
     "Chile/EasterIsland Pacific/Easter"},
    {"Europe/Astrakhan", {"", "", "", "Astrakhan Standard Time", "Astrakhan Standard Time", "Astrakhan Time"},
     "Europe/Astrakhan"},
    {"Europe/Kirov", {"MSK", "MSD", "MT", "Moscow Standard Time", "Moscow Daylight Time", "Moscow Time"},
     "Europe/Kirov"},
    {"Europe/Samara", {"SAMT", "SAMST", "SAMT", "Samara Standard Time", "Samara Summer Time", "Samara Time"},
     "Europe/Samara"},
    {"Europe/Saratov", {"", "", "", "Saratov Standard Time", "Saratov Standard Time", "Saratov Time"},
     "Europe/Saratov"},
    {"Europe/Ulyanovsk", {"", "", "", "Ulyanovsk Standard Time", "Ulyanovsk Standard Time", "Ulyanovsk Time"},
     "Europe/Ulyanovsk"},
    {"Europe/Volgograd",
     {"MSK", "MSD", "MT",
      "Volgograd Standard Time", "Volgograd Summer Time", "Volgograd Time"},
     "Europe/Volgograd"},
    {"Indian/Chagos",
     {"IOT", "IOT", "IOT",
      "Indian Ocean Time", "Indian Ocean Time", "Indian Ocean Territory Time"},
     "Indian/Chagos"},
    {"Indian/Christmas",
     {"CXT", "CXT", "CIT",
      "Christmas Island Time", "Christmas Island Time", "Christmas Island Time"},
     "Indian/Christmas"},
    {"Indian/Cocos", {"CCT", "CCT", "CCT", "Cocos Islands Time", "Cocos Islands Time", "Cocos Islands Time"},
     "Indian/Cocos"},
    {"Indian/Kerguelen",
     {"TFT", "TFT", "TFT",
      "French Southern & Antarctic Time", "French Southern & Antarctic Time", "French Southern & Antarctic Lands Time"},
     "Indian/Kerguelen"},
    {"Indian/Mahe", {"SCT", "SCT", "SCT", "Seychelles Time", "Seychelles Time", "Seychelles Time"},
     "Indian/Mahe"},
    {"Indian/Maldives", {"MVT", "MVT", "MVT", "Maldives Time", "Maldives Time", "Maldives Time"},
     "Indian/Maldives"},
    {"Indian/Mauritius",
     {"MUT", "MUST", "MUT",
      "Mauritius Standard Time", "Mauritius Summer Time", "Mauritius Time"},
     "Indian/Mauritius"},
    {"Indian/Reunion", {"RET", "RET", "RET", "Réunion Time", "Réunion Time", "Reunion Time"},
     "Indian/Reunion"},
    {"Kwajalein",
     {"MHT", "MHT", "MHT",
      "Marshall Islands Time", "Marshall Islands Time", "Marshall Islands Time"},
     "Kwajalein Pacific/Kwajalein Pacific/Majuro"},
    {"MET", {"MET", "MEST", "MET", "Middle Europe Time", "Middle Europe Summer Time", "Middle Europe Time"},
     "MET"},
    {"Pacific/Chatham",
     {"CHAST", "CHADT", "CHAT",
      "Chatham Standard Time", "Chatham Daylight Time", "Chatham Time"},
     "NZ-CHAT Pacific/Chatham"},
    {"Pacific/Apia", {"WSST", "WSDT", "WST", "Apia Standard Time", "Apia Daylight Time", "Apia Time"},
     "Pacific/Apia"},
    {"Pacific/Bougainville",
     {"BST", "BST", "BT",
      "Bougainville Standard Time", "Bougainville Standard Time", "Bougainville Time"},
     "Pacific/Bougainville"},
    {"Pacific/Chuuk", {"CHUT", "CHUT", "CHUT", "Chuuk Time", "Chuuk Time", "Chuuk Time"},
     "Pacific/Chuuk Pacific/Truk Pacific/Yap"},
    {"Pacific/Efate", {"VUT", "VUST", "VUT", "Vanuatu Standard Time", "Vanuatu Summer Time", "Vanuatu Time"},
     "Pacific/Efate"},
    {"Pacific/Enderbury",
     {"PHOT", "PHOT", "PHOT",
      "Phoenix Islands Time", "Phoenix Islands Time", "Phoenix Is. Time"},
     "Pacific/Enderbury"},
    {"Pacific/Fakaofo", {"TKT", "TKT", "TKT", "Tokelau Time", "Tokelau Time", "Tokelau Time"},
     "Pacific/Fakaofo"},
    {"Pacific/Fiji", {"FJT", "FJST", "FJT", "Fiji Standard Time", "Fiji Summer Time", "Fiji Time"},
     "Pacific/Fiji"},
    {"Pacific/Funafuti", {"TVT", "TVT", "TVT", "Tuvalu Time", "Tuvalu Time", "Tuvalu Time"},
     "Pacific/Funafuti"},
    {"Pacific/Galapagos",
     {"GALT", "GALST", "GALT",
      "Galapagos Time", "Galapagos Summer Time", "Galapagos Time"},
     "Pacific/Galapagos"},
    {"Pacific/Gambier", {"GAMT", "GAMT", "GAMT", "Gambier Time", "Gambier Time", "Gambier Time"},
     "Pacific/Gambier"},
    {"Pacific/Guadalcanal",
     {"SBT", "SBT", "SBT",
      "Solomon Islands Time", "Solomon Islands Time", "Solomon Is. Time"},
     "Pacific/Guadalcanal"},
    {"Pacific/Guam",
     {"ChST", "ChDT", "ChT",
      "Chamorro Standard Time", "Chamorro Daylight Time", "Chamorro Time"},
     "Pacific/Guam Pacific/Saipan"},
    {"Pacific/Johnston",
     {"HAST", "HAST", "HAT",
      "Hawaii-Aleutian Standard Time", "Hawaii-Aleutian Standard Time", "Hawaii-Aleutian Time"},
     "Pacific/Johnston"},
    {"Pacific/Kanton", {"", "", "", "Kanton Standard Time", "Kanton Standard Time", "Kanton Time"},
     "Pacific/Kanton"},
    {"Pacific/Kiritimati", {"LINT", "LINT", "LINT", "Line Islands Time", "Line Islands Time", "Line Is. Time"},
     "Pacific/Kiritimati"},
    {"Pacific/Kosrae", {"KOST", "KOST", "KOST", "Kosrae Time", "Kosrae Time", "Kosrae Time"},
     "Pacific/Kosrae"},
    {"Pacific/Marquesas", {"MART", "MART", "MART", "Marquesas Time", "Marquesas Time", "Marquesas Time"},
     "Pacific/Marquesas"},
    {"Pacific/Pago_Pago", {"SST", "SST", "ST", "Samoa Standard Time", "Samoa Standard Time", "Samoa Time"},
     "Pacific/Midway Pacific/Pago_Pago Pacific/Samoa US/Samoa"},
    {"Pacific/Nauru", {"NRT", "NRT", "NRT", "Nauru Time", "Nauru Time", "Nauru Time"},
     "Pacific/Nauru"},
    {"Pacific/Niue", {"NUT", "NUT", "NUT", "Niue Time", "Niue Time", "Niue Time"},
     "Pacific/Niue"},
    {"Pacific/Norfolk",
     {"NFT", "NFST", "NFT",
      "Norfolk Island Standard Time", "Norfolk Island Daylight Time", "Norfolk Island Time"},
     "Pacific/Norfolk"},
    {"Pacific/Noumea",
     {"NCT", "NCST", "NCT",
      "New Caledonia Standard Time", "New Caledonia Summer Time", "New Caledonia Time"},
     "Pacific/Noumea"},
    {"Pacific/Palau", {"PWT", "PWT", "PWT", "Palau Time", "Palau Time", "Palau Time"},
     "Pacific/Palau"},
    {"Pacific/Pitcairn", {"PST", "PST", "PT", "Pitcairn Time", "Pitcairn Time", "Pitcairn Time"},
     "Pacific/Pitcairn"},
    {"Pacific/Pohnpei", {"PONT", "PONT", "PONT", "Ponape Time", "Ponape Time", "Ponape Time"},
     "Pacific/Pohnpei Pacific/Ponape"},
    {"Pacific/Port_Moresby",
     {"PGT", "PGT", "PGT",
      "Papua New Guinea Time", "Papua New Guinea Time", "Papua New Guinea Time"},
     "Pacific/Port_Moresby"},
    {"Pacific/Rarotonga",
     {"CKT", "CKHST", "CKT",
      "Cook Islands Standard Time", "Cook Islands Half Summer Time", "Cook Islands Time"},
     "Pacific/Rarotonga"},
    {"Pacific/Tahiti", {"TAHT", "TAHT", "TAHT", "Tahiti Time", "Tahiti Time", "Tahiti Time"},
     "Pacific/Tahiti"},
    {"Pacific/Tarawa",
     {"GILT", "GILT", "GILT",
      "Gilbert Islands Time", "Gilbert Islands Time", "Gilbert Is. Time"},
     "Pacific/Tarawa"},
    {"Pacific/Tongatapu", {"TOT", "TOST", "TOT", "Tonga Standard Time", "Tonga Summer Time", "Tonga Time"},
     "Pacific/Tongatapu"},
    {"Pacific/Wake", {"WAKT", "WAKT", "WAKT", "Wake Island Time", "Wake Island Time", "Wake Time"},
     "Pacific/Wake"},
    {"Pacific/Wallis",
     {"WFT", "WFT", "WFT",
      "Wallis & Futuna Time", "Wallis & Futuna Time", "Wallis & Futuna Time"},
     "Pacific/Wallis"},
    {"WET",
     {"WET", "WEST", "WET",
      "Western European Time", "Western European Summer Time", "Western European Time"},
     "WET"},
};
#define NMETAZONES (sizeof metazones / sizeof *metazones)

/* Names that java.time parses to a zone outside their own metazone. */
static const struct {
    const char *name, *zone;
} name_zones[] = {
    {"MT", "Europe/Moscow"}, {"HAST", "Pacific/Honolulu"}, {"HADT", "Pacific/Honolulu"},
    {"HAT", "Pacific/Honolulu"}, {"BST", "Pacific/Bougainville"}, {"BT", "Pacific/Bougainville"},
    {"IST", "Africa/Abidjan"}, {"IT", "Africa/Abidjan"}, {"ACST", "America/Rio_Branco"},
    {"ACT", "America/Rio_Branco"}, {"CLT", "Antarctica/Palmer"}, {"CLST", "Antarctica/Palmer"},
    {"ATT", "Africa/Abidjan"}, {"AQTT", "Asia/Aqtobe"}, {"GST", "Atlantic/South_Georgia"},
    {"GT", "Atlantic/South_Georgia"}, {"IDT", "Asia/Kolkata"}, {"ORAT", "Asia/Aqtobe"}, {"QOST", "Asia/Almaty"},
    {"MHT", "Pacific/Tarawa"}, {"Hawaii-Aleutian Daylight Time", "Pacific/Honolulu"},
    {"British Summer Time", "Africa/Abidjan"}, {"British Time", "Africa/Abidjan"},
    {"Irish Standard Time", "Africa/Abidjan"}, {"Irish Time", "Africa/Abidjan"},
    {"Chile Summer Time", "Antarctica/Palmer"}, {"Chile Time", "Antarctica/Palmer"},
    {"Troll Time", "Africa/Abidjan"}, {"West Kazakhstan Time", "Asia/Aqtobe"}, {"Aqtau Time", "Asia/Aqtobe"},
    {"Atyrau Time", "Asia/Aqtobe"}, {"Oral Time", "Asia/Aqtobe"}, {"Kostanay Time", "Asia/Almaty"},
    {"Marshall Islands Time", "Pacific/Tarawa"},
};

/* The zone a display name parses to: an override, or its metazone's zone. */
static const char *name_zone(const metazone *mz, const char *name)
{
    for (size_t i = 0; i < sizeof name_zones / sizeof *name_zones; i++)
        if (!strcmp(name_zones[i].name, name))
            return name_zones[i].zone;
    return mz->zone;
}

/* The metazone whose member list holds the id, or NULL. */
static const metazone *metazone_of(const char *id)
{
    size_t n = strlen(id);
    for (size_t i = 0; n && i < NMETAZONES; i++) {
        for (const char *m = metazones[i].members; (m = strstr(m, id)) != NULL; m += n)
            if ((m == metazones[i].members || m[-1] == ' ') && (m[n] == ' ' || m[n] == '\0'))
                return &metazones[i];
    }
    return NULL;
}

static bool all_alpha(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!is_alpha(*s))
            return false;
    return true;
}

/* Localized GMT offset, "GMT+08:00" (full) or "GMT+8" (short); "GMT" for zero. */
static void gmt_format(int32_t secs, bool full, strbuf *out)
{
    strbuf_puts(out, "GMT");
    if (secs == 0)
        return;
    int32_t a = secs < 0 ? -secs : secs;
    int h = (int)(a / 3600 % 100), m = (int)(a / 60 % 60), s = (int)(a % 60);
    strbuf_putc(out, secs < 0 ? '-' : '+');
    if (full)
        strbuf_printf(out, "%02d:%02d", h, m);
    else
        strbuf_printf(out, "%d", h);
    if (!full && (m || s))
        strbuf_printf(out, ":%02d", m);
    if (s)
        strbuf_printf(out, ":%02d", s);
}

/* The zone's current standard-time abbreviation (its rule's, else its last one). */
static const char *standard_abbr(const jzone *z)
{
    if (z->has_rule)
        return z->rule.std.abbr;
    for (size_t i = z->ntypes; i-- > 0;)
        if (!z->types[i].dst && strcmp(z->types[i].abbr, "LMT"))
            return z->types[i].abbr;
    return "LMT";
}

/* Whether Java calls the moment daylight time: the TZif flag, except in zones
 * whose rule has negative DST (Dublin's vanguard data), where Java's data has
 * summer as daylight time and winter as standard time. */
static bool is_daylight(const jzone *z, ttype tt)
{
    const prule *r = &z->rule;
    if (!z->has_rule || !r->has_dst || r->dst.off >= r->std.off)
        return tt.dst;
    if (tt.dst)
        return tt.off >= r->std.off;
    return tt.off == r->std.off && tt.abbr && !strcmp(tt.abbr, r->std.abbr);
}

/* The `z`/`zzzz`/`v`/`vvvv` text of zone z at a moment whose type is tt. */
static void zone_text(const jzone *z, ttype tt, bool full, bool generic, strbuf *out)
{
    const char *abbr = z->kind != ZK_TZDB ? NULL : tt.abbr && strcmp(tt.abbr, "LMT") ? tt.abbr : standard_abbr(z);
    const metazone *mz = z->kind == ZK_OFFSET || z->fixed != 0 ? NULL : metazone_of(z->id);
    if (!mz && all_alpha(abbr) && (!strcmp(abbr, "GMT") || !strcmp(abbr, "UTC")))
        mz = metazone_of(abbr);
    if (mz) {
        const char *name = mz->names[(full ? 3 : 0) + (generic ? 2 : is_daylight(z, tt))];
        if (*name)
            strbuf_puts(out, name);
        else
            gmt_format(tt.off, true, out);
    } else if (z->kind != ZK_TZDB) {  /* offsets, UTC+08:00, UT: the id itself */
        strbuf_puts(out, z->id);
    } else if (full || !all_alpha(abbr)) {
        gmt_format(tt.off, true, out);
    } else {
        strbuf_puts(out, abbr);
    }
}

/* ================================================================ fields */

/* The fields patterns print and parse (ChronoField, IsoFields, WeekFields for
 * en_US: weeks start on Sunday, a first week needs one day). */
enum {
    F_ERA, F_YEAR_OF_ERA, F_YEAR, F_QUARTER, F_MONTH, F_DOM, F_DOY, F_ALIGNED_DOW_M, F_DOW,
    F_AMPM, F_HOUR, F_CLOCK_HOUR_AMPM, F_HOUR_AMPM, F_CLOCK_HOUR, F_MINUTE, F_SECOND, F_NANO,
    F_MILLI_OF_DAY, F_NANO_OF_DAY, F_MJD, F_WB_YEAR, F_WB_WEEK, F_WEEK_OF_MONTH, F_LOCAL_DOW,
    F_OFFSET, NFIELDS
};

typedef struct field_info {
    const char *name;
    int64_t min, max;     /* largest valid range */
    const char *range;    /* ValueRange.toString() */
} field_info;

static const field_info fields[NFIELDS] = {
    {"Era", 0, 1, "0 - 1"},
    {"YearOfEra", 1, 1000000000, "1 - 999999999/1000000000"},
    {"Year", -999999999, 999999999, "-999999999 - 999999999"},
    {"QuarterOfYear", 1, 4, "1 - 4"},
    {"MonthOfYear", 1, 12, "1 - 12"},
    {"DayOfMonth", 1, 31, "1 - 28/31"},
    {"DayOfYear", 1, 366, "1 - 365/366"},
    {"AlignedDayOfWeekInMonth", 1, 7, "1 - 7"},
    {"DayOfWeek", 1, 7, "1 - 7"},
    {"AmPmOfDay", 0, 1, "0 - 1"},
    {"HourOfDay", 0, 23, "0 - 23"},
    {"ClockHourOfAmPm", 1, 12, "1 - 12"},
    {"HourOfAmPm", 0, 11, "0 - 11"},
    {"ClockHourOfDay", 1, 24, "1 - 24"},
    {"MinuteOfHour", 0, 59, "0 - 59"},
    {"SecondOfMinute", 0, 59, "0 - 59"},
    {"NanoOfSecond", 0, 999999999, "0 - 999999999"},
    {"MilliOfDay", 0, 86399999, "0 - 86399999"},
    {"NanoOfDay", 0, 86399999999999LL, "0 - 86399999999999"},
    {"ModifiedJulianDay", -365243219162LL + 40587, 365241780471LL + 40587, "-365243178575 - 365241821058"},
    {"WeekBasedYear[WeekFields[SUNDAY,1]]", -999999999, 999999999, "-999999999 - 999999999"},
    {"WeekOfWeekBasedYear[WeekFields[SUNDAY,1]]", 1, 53, "1 - 52/53"},
    {"WeekOfMonth[WeekFields[SUNDAY,1]]", 0, 6, "0/1 - 4/6"},
    {"DayOfWeek[WeekFields[SUNDAY,1]]", 1, 7, "1 - 7"},
    {"OffsetSeconds", -64800, 64800, "-64800 - 64800"},
};

static bool field_is_time(int f) { return f >= F_AMPM && f <= F_NANO_OF_DAY; }

static bool check_value(int f, int64_t v, jtime_err *err)
{
    if (v >= fields[f].min && v <= fields[f].max)
        return true;
    return fail(err, EX_DT "Invalid value for %s (valid values %s): %lld", fields[f].name, fields[f].range,
                (long long)v);
}

/* ---------------------------------------------------------------- week fields (en_US) */

static int local_dow(int64_t epoch_day) { return (int)fmod64(iso_dow(epoch_day) - 7, 7) + 1; }

static int week_start_offset(int64_t day, int dow)
{
    int week_start = (int)fmod64(day - dow, 7);
    return week_start + 1 > 1 ? 7 - week_start : -week_start;
}

static int64_t compute_week(int offset, int64_t day) { return (7 + offset + (day - 1)) / 7; }

static int64_t day_of_year(const ldt *t) { return t->epoch_day - days_from_civil(t->year, 1, 1) + 1; }

/* Week-based year and week of it (WeekFields.localizedWeekBasedYear / ...WeekOfWeekBasedYear). */
static void week_based(int64_t epoch_day, int64_t *wby, int64_t *week)
{
    ldt t;
    ldt_from_local(epoch_day * 86400, 0, &t);
    int64_t doy = day_of_year(&t);
    int offset = week_start_offset(doy, local_dow(epoch_day));
    int64_t w = compute_week(offset, doy), year_len = is_leap(t.year) ? 366 : 365;
    *wby = t.year;
    if (w == 0) {  /* belongs to the last week of the previous year */
        int64_t py, pw;
        week_based(epoch_day - doy, &py, &pw);
        *wby = t.year - 1, *week = pw;
        return;
    }
    int64_t new_year_week = compute_week(offset, year_len + 1);
    if (w >= new_year_week)
        *wby = t.year + 1, w = w - new_year_week + 1;
    *week = w;
}

/* The value of field f in the local date-time t at offset off. */
static int64_t field_value(int f, const ldt *t, int32_t off)
{
    int64_t wby, wk, sod = t->hour * 3600 + t->minute * 60 + t->second;
    switch (f) {
    case F_ERA: return t->year >= 1;
    case F_YEAR_OF_ERA: return t->year >= 1 ? t->year : 1 - t->year;
    case F_YEAR: return t->year;
    case F_QUARTER: return (t->month - 1) / 3 + 1;
    case F_MONTH: return t->month;
    case F_DOM: return t->day;
    case F_DOY: return day_of_year(t);
    case F_ALIGNED_DOW_M: return (t->day - 1) % 7 + 1;
    case F_DOW: return iso_dow(t->epoch_day);
    case F_AMPM: return t->hour / 12;
    case F_HOUR: return t->hour;
    case F_CLOCK_HOUR_AMPM: return t->hour % 12 == 0 ? 12 : t->hour % 12;
    case F_HOUR_AMPM: return t->hour % 12;
    case F_CLOCK_HOUR: return t->hour == 0 ? 24 : t->hour;
    case F_MINUTE: return t->minute;
    case F_SECOND: return t->second;
    case F_NANO: return t->nano;
    case F_MILLI_OF_DAY: return sod * 1000 + t->nano / 1000000;
    case F_NANO_OF_DAY: return sod * 1000000000LL + t->nano;
    case F_MJD: return t->epoch_day + 40587;
    case F_WB_YEAR: week_based(t->epoch_day, &wby, &wk); return wby;
    case F_WB_WEEK: week_based(t->epoch_day, &wby, &wk); return wk;
    case F_WEEK_OF_MONTH:
        return compute_week(week_start_offset(t->day, local_dow(t->epoch_day)), t->day);
    case F_LOCAL_DOW: return local_dow(t->epoch_day);
    default: return off;
    }
}

/* ---------------------------------------------------------------- English text */

enum { ST_FULL, ST_SHORT, ST_NARROW };

static const char *const month_text[3][12] = {
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"},
    {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    {"J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"},
};
static const char *const dow_text[3][7] = {
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
    {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
    {"M", "T", "W", "T", "F", "S", "S"},
};
static const char *const era_text[3][2] = {{"Before Christ", "Anno Domini"}, {"BC", "AD"}, {"B", "A"}};
static const char *const quarter_text[3][4] = {
    {"1st quarter", "2nd quarter", "3rd quarter", "4th quarter"}, {"Q1", "Q2", "Q3", "Q4"}, {"1", "2", "3", "4"},
};
static const char *const ampm_text[2] = {"AM", "PM"};

/* The texts of a text field in a style: *first is the value of texts[0]. */
static const char *const *text_table(int f, int style, int *count, int *first)
{
    *first = 1;
    switch (f) {
    case F_MONTH: *count = 12; return month_text[style];
    case F_DOW: *count = 7; return dow_text[style];
    case F_QUARTER: *count = 4; return quarter_text[style];
    case F_ERA: *count = 2, *first = 0; return era_text[style];
    default: *count = 2, *first = 0; return ampm_text;
    }
}

/* ================================================================ patterns */

enum { E_LIT, E_NUM, E_REDUCED, E_FRAC, E_TEXT, E_OFFSET, E_LOCOFF, E_ZONEID, E_ZONETEXT, E_OPT };
enum { SG_NORMAL, SG_EXCEEDS_PAD, SG_NOT_NEGATIVE };

/* One printer-parser of DateTimeFormatterBuilder. */
typedef struct elem {
    int kind;
    int field;
    int minw, maxw, sign;
    int subseq;            /* adjacent value parsing: digits reserved for later fields; -1 fixed */
    int style;             /* E_TEXT: ST_*; E_LOCOFF/E_ZONETEXT: ST_FULL or ST_SHORT */
    bool generic;          /* E_ZONETEXT: `v` */
    bool decimal;          /* E_FRAC: with a leading '.' */
    int otype;             /* E_OFFSET: index into the offset patterns */
    const char *text;      /* E_LIT: the literal; E_OFFSET: the text for a zero offset */
    size_t tlen;
    int pad;               /* padNext width, 0 for none */
    bool ci;               /* parse case-insensitively */
    bool lenient;          /* E_OFFSET: lenient parsing (ISO) */
    size_t end;            /* E_OPT: index after the optional section */
} elem;

struct jpattern {
    elem *e;
    size_t n, cap;
    bool strict;           /* ResolverStyle.STRICT (the ISO formatters) instead of SMART */
};

typedef struct builder {
    arena *ar;
    jpattern *p;
    long vpi;              /* active value parser (adjacent parsing), -1 for none */
    long open;             /* innermost open optional section, -1 for none */
    int pad_next;
    bool ci;
    jtime_err *err;
} builder;

static elem *append(builder *b, elem e)
{
    jpattern *p = b->p;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        p->e = arena_grow(b->ar, p->e, p->cap * sizeof *p->e, cap * sizeof *p->e);
        p->cap = cap;
    }
    e.pad = b->pad_next;
    e.ci = b->ci;
    b->pad_next = 0;
    b->vpi = -1;
    p->e[p->n] = e;
    return &p->e[p->n++];
}

static void add_lit(builder *b, const char *s, size_t n)
{
    elem e = {.kind = E_LIT, .text = arena_strndup(b->ar, s, n), .tlen = n};
    append(b, e);
}

/* appendValue(NumberPrinterParser): adjacent value parsing lets a variable-width
 * number leave room for the fixed-width numbers that follow it. */
static void add_value(builder *b, elem e)
{
    long active = b->vpi;
    if (active >= 0 && !b->pad_next) {
        elem *base = &b->p->e[active];
        if (e.minw == e.maxw && e.sign == SG_NOT_NEGATIVE) {
            base->subseq += e.maxw;
            e.subseq = -1;
            append(b, e);
            b->vpi = active;
            return;
        }
        base->subseq = -1;
    }
    bool padded = b->pad_next != 0;
    append(b, e);
    b->vpi = padded ? -1 : (long)b->p->n - 1;
}

static bool add_num(builder *b, int f, int minw, int maxw, int sign)
{
    if (minw == maxw && sign == SG_NOT_NEGATIVE && (minw < 1 || minw > 19))
        return fail(b->err, EX_IAE "The width must be from 1 to 19 inclusive but was %d", minw);
    if (minw < 1 || minw > 19)
        return fail(b->err, EX_IAE "The minimum width must be from 1 to 19 inclusive but was %d", minw);
    if (maxw < 1 || maxw > 19)
        return fail(b->err, EX_IAE "The maximum width must be from 1 to 19 inclusive but was %d", maxw);
    add_value(b, (elem){.kind = E_NUM, .field = f, .minw = minw, .maxw = maxw, .sign = sign});
    return true;
}

static void add_text(builder *b, int f, int style) { append(b, (elem){.kind = E_TEXT, .field = f, .style = style}); }

static void add_offset(builder *b, int type, const char *zero)
{
    append(b, (elem){.kind = E_OFFSET, .otype = type, .text = zero, .tlen = strlen(zero)});
}

static bool too_many(builder *b, char c) { return fail(b->err, EX_IAE "Too many pattern letters: %c", c); }

/* y, u, Y: two letters are a reduced two-digit year based on 2000. */
static bool letter_year(builder *b, int f, int count)
{
    if (count == 2) {
        add_value(b, (elem){.kind = E_REDUCED, .field = f, .minw = 2, .maxw = 2, .sign = SG_NOT_NEGATIVE});
        return true;
    }
    return add_num(b, f, count, 19, count < 4 ? SG_NORMAL : SG_EXCEEDS_PAD);
}

/* M L Q q E e c: numbers for one or two letters, then short, full, narrow text. */
static bool letter_text_or_num(builder *b, char c, int f, int count)
{
    if (c == 'c' && count == 2)
        return fail(b->err, EX_IAE "Invalid pattern \"cc\"");
    if (count > 5)
        return too_many(b, c);
    if (count >= 3) {
        add_text(b, f == F_LOCAL_DOW ? F_DOW : f, count == 3 ? ST_SHORT : count == 4 ? ST_FULL : ST_NARROW);
        return true;
    }
    if (c == 'E') {
        add_text(b, F_DOW, ST_SHORT);
        return true;
    }
    if (f == F_LOCAL_DOW)
        return add_num(b, f, count, count, SG_NOT_NEGATIVE);
    return count == 1 ? add_num(b, f, 1, 19, SG_NORMAL) : add_num(b, f, 2, 2, SG_NOT_NEGATIVE);
}

/* d h H k K m s: one letter is variable width, two are two digits. */
static bool letter_small(builder *b, char c, int f, int count)
{
    if (count > 2)
        return too_many(b, c);
    return count == 1 ? add_num(b, f, 1, 19, SG_NORMAL) : add_num(b, f, 2, 2, SG_NOT_NEGATIVE);
}

static bool letter_fraction(builder *b, int count)
{
    if (count > 9)
        return fail(b->err, EX_IAE "Minimum width must be from 0 to 9 inclusive but was %d", count);
    add_value(b, (elem){.kind = E_FRAC, .field = F_NANO, .minw = count, .maxw = count, .sign = SG_NOT_NEGATIVE});
    return true;
}

/* Z X x O: zone offsets. */
static bool letter_offset(builder *b, char c, int count)
{
    if (c == 'O' && count != 1 && count != 4)
        return fail(b->err, EX_IAE "Pattern letter count must be 1 or 4: O");
    if (c == 'O' || (c == 'Z' && count == 4)) {
        append(b, (elem){.kind = E_LOCOFF, .style = count == 4 ? ST_FULL : ST_SHORT});
        return true;
    }
    if (count > 5)
        return too_many(b, c);
    if (c == 'Z')
        add_offset(b, count < 4 ? 3 : 6, count < 4 ? "+0000" : "Z");
    else
        add_offset(b, count + (count == 1 ? 0 : 1),
                   c == 'X' ? "Z" : count == 1 ? "+00" : count % 2 == 0 ? "+0000" : "+00:00");
    return true;
}

/* z V v: zone names and ids. */
static bool letter_zone(builder *b, char c, int count)
{
    if (c == 'V' && count != 2)
        return fail(b->err, EX_IAE "Pattern letter count must be 2: V");
    if (c == 'v' && count != 1 && count != 4)
        return fail(b->err, EX_IAE "Wrong number of  pattern letters: v");
    if (c == 'z' && count > 4)
        return too_many(b, c);
    if (c == 'V')
        append(b, (elem){.kind = E_ZONEID});
    else
        append(b, (elem){.kind = E_ZONETEXT, .style = count == 4 ? ST_FULL : ST_SHORT, .generic = c == 'v'});
    return true;
}

static bool letter_misc(builder *b, char c, int count)
{
    switch (c) {
    case 'G':
        if (count > 5)
            return too_many(b, c);
        add_text(b, F_ERA, count <= 3 ? ST_SHORT : count == 4 ? ST_FULL : ST_NARROW);
        return true;
    case 'a':
        if (count > 1)
            return too_many(b, c);
        add_text(b, F_AMPM, ST_SHORT);
        return true;
    case 'F': return count > 1 ? too_many(b, c) : add_num(b, F_ALIGNED_DOW_M, 1, 19, SG_NORMAL);
    case 'D':
        if (count > 3)
            return too_many(b, c);
        return count == 1 ? add_num(b, F_DOY, 1, 19, SG_NORMAL) : add_num(b, F_DOY, count, 3, SG_NOT_NEGATIVE);
    case 'W': return count > 1 ? too_many(b, c) : add_num(b, F_WEEK_OF_MONTH, 1, 1, SG_NOT_NEGATIVE);
    case 'w': return count > 2 ? too_many(b, c) : add_num(b, F_WB_WEEK, count, 2, SG_NOT_NEGATIVE);
    case 'g': return add_num(b, F_MJD, count, 19, SG_NORMAL);
    case 'A': return add_num(b, F_MILLI_OF_DAY, count, 19, SG_NOT_NEGATIVE);
    case 'n': return add_num(b, F_NANO, count, 19, SG_NOT_NEGATIVE);
    case 'N': return add_num(b, F_NANO_OF_DAY, count, 19, SG_NOT_NEGATIVE);
    default: return fail(b->err, EX_IAE "Unknown pattern letter: %c", c);
    }
}

/* One run of `count` letters `c` (parsePattern's main rules). */
static bool compile_letter(builder *b, char c, int count)
{
    static const char small[] = "dhHkKms";
    static const int small_f[] = {F_DOM, F_CLOCK_HOUR_AMPM, F_HOUR, F_CLOCK_HOUR, F_HOUR_AMPM, F_MINUTE, F_SECOND};
    const char *sp = strchr(small, c);
    switch (c) {
    case 'y': return letter_year(b, F_YEAR_OF_ERA, count);
    case 'u': return letter_year(b, F_YEAR, count);
    case 'Y': return letter_year(b, F_WB_YEAR, count);
    case 'M': case 'L': return letter_text_or_num(b, c, F_MONTH, count);
    case 'Q': case 'q': return letter_text_or_num(b, c, F_QUARTER, count);
    case 'E': return letter_text_or_num(b, c, F_DOW, count);
    case 'e': case 'c': return letter_text_or_num(b, c, F_LOCAL_DOW, count);
    case 'S': return letter_fraction(b, count);
    case 'Z': case 'X': case 'x': case 'O': return letter_offset(b, c, count);
    case 'z': case 'V': case 'v': return letter_zone(b, c, count);
    default: return sp ? letter_small(b, c, small_f[sp - small], count) : letter_misc(b, c, count);
    }
}

/* 'quoted text' starting at p[*i]; '' inside is a quote. */
static bool compile_quote(builder *b, const char *p, size_t n, size_t *i)
{
    size_t start = *i, k = start + 1;
    for (; k < n; k++) {
        if (p[k] != '\'')
            continue;
        if (k + 1 < n && p[k + 1] == '\'')
            k++;
        else
            break;
    }
    if (k >= n)
        return fail(b->err, EX_IAE "Pattern ends with an incomplete string literal: %.*s", shown(p, n, 200), p);
    if (k == start + 1) {
        add_lit(b, "'", 1);
    } else {
        char *s = arena_alloc(b->ar, k - start);
        size_t m = 0;
        for (size_t j = start + 1; j < k; j++) {
            s[m++] = p[j];
            j += p[j] == '\'';
        }
        add_lit(b, s, m);
    }
    *i = k;
    return true;
}

static void optional_start(builder *b)
{
    elem *e = append(b, (elem){.kind = E_OPT});
    e->end = (size_t)b->open;  /* the enclosing section, until this one closes */
    b->open = (long)b->p->n - 1;
}

static void optional_end(builder *b)
{
    elem *e = &b->p->e[b->open];
    long parent = (long)e->end;
    if (b->p->n == (size_t)b->open + 1)
        b->p->n--;  /* an empty section adds nothing */
    else
        e->end = b->p->n;
    b->open = parent;
    b->vpi = -1;
}

/* A run of letters at p[*i], with a `p` pad modifier in front of it. */
static bool compile_run(builder *b, const char *p, size_t n, size_t *i)
{
    size_t start = *i, k = start;
    while (k < n && p[k] == p[start])
        k++;
    int count = (int)(k - start < 1000 ? k - start : 1000);
    char c = p[start];
    if (c == 'p') {
        if (k >= n || !is_alpha(p[k]))
            return fail(b->err, EX_IAE "Pad letter 'p' must be followed by valid pad pattern: %.*s",
                        shown(p, n, 200), p);
        b->pad_next = count;
        start = k;
        c = p[k];
        while (k < n && p[k] == c)
            k++;
        count = (int)(k - start < 1000 ? k - start : 1000);
    }
    *i = k - 1;
    return compile_letter(b, c, count);
}

static bool compile_char(builder *b, const char *p, size_t n, size_t *i)
{
    char c = p[*i];
    if (is_alpha(c))
        return compile_run(b, p, n, i);
    if (c == '\'')
        return compile_quote(b, p, n, i);
    if (c == '[') {
        optional_start(b);
    } else if (c == ']') {
        if (b->open < 0)
            return fail(b->err, EX_IAE "Pattern invalid as it contains ] without previous [");
        optional_end(b);
    } else if (c == '{' || c == '}' || c == '#') {
        return fail(b->err, EX_IAE "Pattern includes reserved character: '%c'", c);
    } else {
        size_t len = 1;  /* keep a UTF-8 sequence together */
        while (*i + len < n && ((unsigned char)p[*i + len] & 0xC0) == 0x80)
            len++;
        add_lit(b, p + *i, len);
        *i += len - 1;
    }
    return true;
}

const jpattern *jtime_pattern(arena *ar, const char *p, size_t n, jtime_err *err)
{
    jpattern *pat = arena_calloc(ar, sizeof *pat);
    builder b = {ar, pat, -1, -1, 0, false, err};
    for (size_t i = 0; i < n; i++)
        if (!compile_char(&b, p, n, &i))
            return NULL;
    while (b.open >= 0)
        optional_end(&b);
    return pat;
}

/* ================================================================ printing */

/* What a pattern prints from: ZonedDateTime's fields. */
typedef struct pmoment {
    ldt t;
    ttype tt;
    const jzone *zone;
} pmoment;

static const int64_t pow10s[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
                                 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
                                 100000000000000LL, 1000000000000000LL, 10000000000000000LL,
                                 100000000000000000LL, 1000000000000000000LL};

static bool print_num(const elem *e, int64_t v, strbuf *out, jtime_err *err)
{
    if (e->kind == E_REDUCED)
        v = (v < 0 ? -v : v) % 100;
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(v < 0 ? -(uint64_t)v : (uint64_t)v));
    if (len > e->maxw)
        return fail(err, EX_DT "Field %s cannot be printed as the value %lld exceeds the maximum print width of %d",
                    fields[e->field].name, (long long)v, e->maxw);
    if (v < 0 && e->sign == SG_NOT_NEGATIVE)
        return fail(err, EX_DT "Field %s cannot be printed as the value %lld cannot be negative according to the "
                    "SignStyle", fields[e->field].name, (long long)v);
    if (v >= 0 && e->sign == SG_EXCEEDS_PAD && e->minw > 10 && e->minw < 19)  /* a JDK bug we keep */
        return fail(err, "java.lang.ArrayIndexOutOfBoundsException: Index %d out of bounds for length 11", e->minw);
    if (v < 0)
        strbuf_putc(out, '-');
    else if (e->sign == SG_EXCEEDS_PAD && e->minw < 19 && v >= pow10s[e->minw])
        strbuf_putc(out, '+');
    for (int i = len; i < e->minw; i++)
        strbuf_putc(out, '0');
    strbuf_append(out, digits, (size_t)len);
    return true;
}

/* FractionPrinterParser: the nano-of-second as a fraction of minw..maxw digits. */
static void print_frac(const elem *e, int32_t nano, strbuf *out)
{
    char d[10];
    snprintf(d, sizeof d, "%09d", (int)nano);
    int scale = 9;
    while (scale > 0 && d[scale - 1] == '0')
        scale--;
    if (scale == 0) {
        if (e->minw > 0 && e->decimal)
            strbuf_putc(out, '.');
        for (int i = 0; i < e->minw; i++)
            strbuf_putc(out, '0');
        return;
    }
    int digits = scale < e->minw ? e->minw : scale;
    if (digits > e->maxw)
        digits = e->maxw;
    if (e->decimal)
        strbuf_putc(out, '.');
    strbuf_append(out, d, (size_t)digits);
}

/* OffsetIdPrinterParser.format; type indexes +HH +HHmm +HH:mm +HHMM +HH:MM
 * +HHMMss +HH:MM:ss +HHMMSS +HH:MM:SS. */
static void print_offset(const elem *e, int32_t secs, strbuf *out)
{
    if (secs == 0) {
        strbuf_puts(out, e->text);
        return;
    }
    int h = abs(secs / 3600 % 100), m = abs(secs / 60 % 60), s = abs(secs % 60), type = e->otype;
    bool colon = type > 0 && type % 2 == 0;
    size_t mark = out->len;
    strbuf_printf(out, "%c%02d", secs < 0 ? '-' : '+', h);
    int shown = h;
    if ((type >= 3 && type <= 8) || (type >= 1 && m > 0)) {
        strbuf_printf(out, "%s%02d", colon ? ":" : "", m);
        shown += m;
        if (type == 7 || type == 8 || (type >= 5 && s > 0)) {
            strbuf_printf(out, "%s%02d", colon ? ":" : "", s);
            shown += s;
        }
    }
    if (shown == 0) {
        out->len = mark;
        out->data[mark] = '\0';
        strbuf_puts(out, e->text);
    }
}

static bool print_elem(const elem *e, const pmoment *pm, strbuf *out, jtime_err *err)
{
    int count, first;
    switch (e->kind) {
    case E_LIT: strbuf_append(out, e->text, e->tlen); return true;
    case E_NUM: case E_REDUCED: return print_num(e, field_value(e->field, &pm->t, pm->tt.off), out, err);
    case E_FRAC: print_frac(e, pm->t.nano, out); return true;
    case E_TEXT: {
        const char *const *tab = text_table(e->field, e->style, &count, &first);
        strbuf_puts(out, tab[field_value(e->field, &pm->t, pm->tt.off) - first]);
        return true;
    }
    case E_OFFSET: print_offset(e, pm->tt.off, out); return true;
    case E_LOCOFF: gmt_format(pm->tt.off, e->style == ST_FULL, out); return true;
    case E_ZONEID: strbuf_puts(out, pm->zone->id); return true;
    case E_ZONETEXT: zone_text(pm->zone, pm->tt, e->style == ST_FULL, e->generic, out); return true;
    default: return true;  /* E_OPT: every field of a ZonedDateTime is available */
    }
}

/* PadPrinterParserDecorator: left-pad with spaces to e->pad characters. */
static bool print_padded(const elem *e, const pmoment *pm, strbuf *out, jtime_err *err)
{
    size_t mark = out->len;
    if (!print_elem(e, pm, out, err))
        return false;
    size_t len = out->len - mark;
    if (!e->pad)
        return true;
    if (len > (size_t)e->pad)
        return fail(err, EX_DT "Cannot print as output of %zu characters exceeds pad width of %d", len, e->pad);
    size_t add = (size_t)e->pad - len;
    for (size_t i = 0; i < add; i++)
        strbuf_putc(out, ' ');
    memmove(out->data + mark + add, out->data + mark, len);
    memset(out->data + mark, ' ', add);
    return true;
}

bool jtime_format(const jpattern *p, int64_t ms, const jzone *zone, strbuf *out, jtime_err *err)
{
    pmoment pm;
    int64_t sec = fdiv(ms, 1000);
    pm.zone = zone;
    pm.tt = zone_at(zone, sec);
    ldt_from_local(sec + pm.tt.off, (int32_t)fmod64(ms, 1000) * 1000000, &pm.t);
    for (size_t i = 0; i < p->n; i++)
        if (!print_padded(&p->e[i], &pm, out, err))
            return false;
    return true;
}

void jtime_iso8601(int64_t ms, strbuf *out)
{
    int64_t sec = fdiv(ms, 1000);
    ldt t;
    ldt_from_local(sec, 0, &t);
    int64_t ay = t.year < 0 ? -t.year : t.year;
    strbuf_printf(out, "%s%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", t.year < 0 ? "-" : t.year > 9999 ? "+" : "",
                  (long long)ay, t.month, t.day, t.hour, t.minute, t.second, (int)fmod64(ms, 1000));
}

/* ================================================================ parsing */

/* DateTimeParseContext: the fields parsed so far and the zone. Positions are byte
 * offsets; a negative result ~p is a failure at p. */
typedef struct pctx {
    int64_t val[NFIELDS];
    uint32_t set;
    const jzone *zone;
    arena *ar;
    jtime_err *err;
    bool thrown;           /* an exception escaped the parse (not a parse failure) */
    bool ci;               /* the current element compares case-insensitively */
} pctx;

static bool has(const pctx *c, int f) { return (c->set >> f) & 1u; }
static void put(pctx *c, int f, int64_t v) { c->val[f] = v; c->set |= 1u << f; }
static int64_t take(pctx *c, int f) { c->set &= ~(1u << f); return c->val[f]; }

/* setParsedField: a second, different value for a field fails at errpos. */
static long set_field(pctx *c, int f, int64_t v, long errpos, long okpos)
{
    if (has(c, f) && c->val[f] != v)
        return ~errpos;
    put(c, f, v);
    return okpos;
}

static bool ceq(const pctx *c, char a, char b) { return a == b || (c->ci && upper(a) == upper(b)); }

static bool match_at(const pctx *c, const char *s, long len, long pos, const char *t, size_t tl)
{
    if (pos + (long)tl > len)
        return false;
    for (size_t i = 0; i < tl; i++)
        if (!ceq(c, s[pos + (long)i], t[i]))
            return false;
    return true;
}

/* Digits of a number field (NumberPrinterParser.parse, strict); *end gets the end. */
static long num_digits(const elem *e, const char *s, long len, long start, __int128 *total, long *end)
{
    long min_end = start + e->minw, eff_max = e->maxw + (e->subseq > 0 ? e->subseq : 0), p = start;
    if (min_end > len)
        return ~start;
    for (int pass = 0; pass < 2; pass++) {
        long max_end = p + eff_max < len ? p + eff_max : len;
        *total = 0;
        while (p < max_end) {
            char ch = s[p++];
            if (!is_digit(ch)) {
                if (--p < min_end)
                    return ~start;
                break;
            }
            if (*total < ((__int128)1 << 100))
                *total = *total * 10 + (ch - '0');
        }
        if (e->subseq <= 0 || pass == 1)
            break;
        long parsed = p - start;  /* leave room for the adjacent fixed-width fields */
        eff_max = parsed - e->subseq > e->minw ? parsed - e->subseq : e->minw;
        p = start;
    }
    *end = p;
    return 0;
}

static long parse_num(const elem *e, pctx *c, const char *s, long len, long pos)
{
    if (pos >= len)
        return ~pos;
    bool neg = s[pos] == '-', plus = s[pos] == '+';
    if ((neg && e->sign == SG_NOT_NEGATIVE) || (plus && e->sign != SG_EXCEEDS_PAD))
        return ~pos;
    long start = pos + (neg || plus), end = start;
    __int128 total = 0;
    long r = num_digits(e, s, len, start, &total, &end);
    if (r < 0)
        return r;
    if (neg && total == 0)
        return ~(start - 1);
    if (!neg && e->sign == SG_EXCEEDS_PAD && (plus ? end - start <= e->minw : end - start > e->minw))
        return plus ? ~(start - 1) : ~start;
    if (total > INT64_MAX + (__int128)neg) {
        total /= 10;  /* too wide for a long: parse one digit less */
        end--;
    }
    int64_t v = (int64_t)(neg ? -total : total);
    if (e->kind == E_REDUCED && end - start == e->minw && v >= 0)
        v += 2000;  /* base year 2000: 00..99 -> 2000..2099 */
    return set_field(c, e->field, v, start, end);
}

static long parse_frac(const elem *e, pctx *c, const char *s, long len, long pos)
{
    if (pos == len || (e->decimal && s[pos] != '.'))
        return e->minw > 0 ? ~pos : pos;
    pos += e->decimal;
    long min_end = pos + e->minw, max_end = pos + e->maxw < len ? pos + e->maxw : len, p = pos;
    if (min_end > len)
        return ~pos;
    int64_t total = 0;
    while (p < max_end) {
        char ch = s[p++];
        if (!is_digit(ch)) {
            if (--p < min_end)
                return ~pos;
            break;
        }
        total = total * 10 + (ch - '0');
    }
    return set_field(c, F_NANO, total * pow10s[9 - (p - pos)], pos, p);
}

/* Text fields: the longest text of the style that matches (for duplicated
 * narrow texts the last value wins, as in Java). */
static long parse_text(const elem *e, pctx *c, const char *s, long len, long pos)
{
    int count, first;
    const char *const *tab = text_table(e->field, e->style, &count, &first);
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < count; i++) {
        bool later = false;
        for (int k = i + 1; k < count; k++)
            later |= !strcmp(tab[i], tab[k]);
        size_t tl = strlen(tab[i]);
        if (!later && tl > best_len && match_at(c, s, len, pos, tab[i], tl))
            best = i, best_len = tl;
    }
    if (best < 0)
        return ~pos;
    return set_field(c, e->field, best + first, pos, pos + (long)best_len);
}

/* OffsetIdPrinterParser's parseDigits: two digits (after ':' if colon) into a[idx]. */
static bool off_digits(const char *s, long len, bool colon, int idx, long a[4])
{
    long p = a[0];
    if (p < 0)
        return true;
    if (colon && idx != 1) {
        if (p + 1 > len || s[p] != ':')
            return false;
        p++;
    }
    if (p + 2 > len || !is_digit(s[p]) || !is_digit(s[p + 1]))
        return false;
    int v = (s[p] - '0') * 10 + (s[p + 1] - '0');
    if (v > 59)
        return false;
    a[idx] = v;
    a[0] = p + 2;
    return true;
}

static void off_part(const char *s, long len, bool colon, int idx, bool mandatory, long a[4])
{
    if (!off_digits(s, len, colon, idx, a) && mandatory)
        a[0] = ~a[0];
}

/* Hours, minutes, seconds of an offset by pattern type (Java 11). */
static void off_fields(const char *s, long len, int type, bool colon, long a[4])
{
    off_part(s, len, false, 1, true, a);
    if (type >= 9) {
        if (off_digits(s, len, colon, 2, a))
            off_digits(s, len, colon, 3, a);
    } else if (type >= 1) {
        off_part(s, len, colon, 2, type >= 3, a);
        if (type >= 5)
            off_part(s, len, colon, 3, type >= 7, a);
    }
}

static long parse_offset(const elem *e, pctx *c, const char *s, long len, long pos)
{
    if (pos == len)
        return ~pos;
    if (match_at(c, s, len, pos, e->text, e->tlen))
        return set_field(c, F_OFFSET, 0, pos, pos + (long)e->tlen);
    if (s[pos] != '+' && s[pos] != '-')
        return ~pos;
    int type = e->otype;
    bool colon = type > 0 && type % 2 == 0;
    if (e->lenient) {
        bool c3 = type == 0 && len > pos + 3 && s[pos + 3] == ':';
        type = colon || c3 ? 10 : 9;
        colon = colon || c3;
    }
    long a[4] = {pos + 1, 0, 0, 0};
    off_fields(s, len, type, colon, a);
    if (a[0] <= 0)
        return ~pos;
    if (a[1] > 23) {
        c->thrown = true;
        fail(c->err, EX_DT "Value out of range: Hour[0-23], Minute[0-59], Second[0-59]");
        return ~pos;
    }
    int64_t secs = (s[pos] == '-' ? -1 : 1) * (a[1] * 3600 + a[2] * 60 + a[3]);
    return set_field(c, F_OFFSET, secs, pos, a[0]);
}

static int digit_at(const char *s, long len, long p) { return p < len && is_digit(s[p]) ? s[p] - '0' : -1; }

/* ":dd" at p (only when two more characters follow, as Java checks). */
static bool colon_pair(const char *s, long len, long *p, int *out)
{
    if (!(*p + 2 < len && s[*p] == ':'))
        return false;
    int d1 = digit_at(s, len, *p + 1), d2 = digit_at(s, len, *p + 2);
    if (d1 < 0 || d2 < 0)
        return false;
    *out = d1 * 10 + d2;
    *p += 3;
    return true;
}

/* Java's getDigit(text, p): charAt past the end throws (a JDK bug we keep). */
static bool digit_or_throw(pctx *c, const char *s, long len, long p, int *d)
{
    if (p >= len) {
        c->thrown = true;
        return fail(c->err, "java.lang.StringIndexOutOfBoundsException: String index out of range: %ld", p);
    }
    *d = digit_at(s, len, p);
    return true;
}

/* LocalizedOffsetIdPrinterParser: GMT, GMT+8, GMT+08:00[:ss]. */
static long parse_locoff(const elem *e, pctx *c, const char *s, long len, long pos)
{
    if (!match_at(c, s, len, pos, "GMT", 3))
        return ~pos;
    long p = pos + 3;
    if (p == len || (s[p] != '+' && s[p] != '-'))
        return set_field(c, F_OFFSET, 0, pos, p);
    int sign = s[p++] == '-' ? -1 : 1, h = 0, h2 = 0, m = 0, m2 = 0, sec = 0;
    if (e->style == ST_FULL) {
        if (!digit_or_throw(c, s, len, p, &h) || !digit_or_throw(c, s, len, p + 1, &h2))
            return ~pos;
        if (h < 0 || h2 < 0)
            return ~pos;
        if (!digit_or_throw(c, s, len, p + 2, &m) || s[p + 2] != ':' || !digit_or_throw(c, s, len, p + 3, &m) ||
            !digit_or_throw(c, s, len, p + 4, &m2) || m < 0 || m2 < 0)
            return ~pos;
        h = h * 10 + h2, m = m * 10 + m2, p += 5;
        colon_pair(s, len, &p, &sec);
    } else {
        if (!digit_or_throw(c, s, len, p++, &h) || h < 0)
            return ~pos;
        if (digit_at(s, len, p) >= 0)
            h = h * 10 + (s[p++] - '0');
        if (colon_pair(s, len, &p, &m))
            colon_pair(s, len, &p, &sec);
    }
    return set_field(c, F_OFFSET, sign * (h * 3600 + m * 60 + sec), pos, p);
}

/* ZoneIdPrinterParser.parseOffsetBased: UTC/GMT/UT (or nothing) and an offset. */
static long parse_offset_based(pctx *c, const char *s, long len, long prefix_pos, long pos, bool z_parser)
{
    char prefix[4] = "";
    for (long i = prefix_pos; i < pos; i++)
        prefix[i - prefix_pos] = upper(s[i]);
    if (pos >= len || s[pos] == '0' || ceq(c, s[pos], 'Z')) {
        c->zone = zone_fixed(c->ar, prefix, 0);
        return pos;
    }
    pctx sub = *c;
    sub.set &= ~(1u << F_OFFSET);
    elem e = {.kind = E_OFFSET, .otype = 6, .text = z_parser ? "Z" : "0", .tlen = 1};
    long end = parse_offset(&e, &sub, s, len, pos);
    if (sub.thrown) {
        c->thrown = true;
        return end;
    }
    if (end < 0) {
        if (z_parser)
            return ~prefix_pos;
        c->zone = zone_fixed(c->ar, prefix, 0);
        return pos;
    }
    int64_t off = sub.val[F_OFFSET];
    if (off < -64800 || off > 64800)
        return ~prefix_pos;
    c->zone = zone_fixed(c->ar, prefix, (int32_t)off);
    return end;
}

static bool id_char(char ch) { return is_alpha(ch) || is_digit(ch) || strchr("/~._+-", ch) != NULL; }

/* The longest zone id (and, for zone text, zone name) at pos. */
static long parse_zone_tree(pctx *c, const char *s, long len, long pos, bool names, int style)
{
    long run = 0, best = 0;
    const jzone *z = NULL;
    while (pos + run < len && run < 64 && id_char(s[pos + run]))
        run++;
    for (long l = run; l >= 2 && is_alpha(s[pos]) && !z; l--)
        if (region_id_valid(s + pos, (size_t)l) && (z = region_load(c->ar, s + pos, (size_t)l)))
            best = l;
    for (size_t i = 0; names && i < NMETAZONES; i++) {
        for (int k = 0; k < 3; k++) {  /* short names for z and v, long ones for zzzz and vvvv */
            const char *t = metazones[i].names[k + (style == ST_FULL ? 3 : 0)];
            long tl = (long)strlen(t);
            if (tl <= best || !match_at(c, s, len, pos, t, (size_t)tl))
                continue;
            jtime_err ignored;
            const char *id = name_zone(&metazones[i], t);
            const jzone *nz = jtime_zone_of(c->ar, id, strlen(id), &ignored);
            if (nz)
                z = nz, best = tl;
        }
    }
    if (!z)
        return -1;
    c->zone = z;
    return pos + best;
}

/* ZoneIdPrinterParser (VV) and ZoneTextPrinterParser (z, v). */
static long parse_zone(pctx *c, const char *s, long len, long pos, bool text, int style)
{
    if (pos >= len)
        return ~pos;
    char ch = s[pos];
    if (ch == '+' || ch == '-')
        return parse_offset_based(c, s, len, pos, pos, true);
    if (len >= pos + 2 && ceq(c, ch, 'U') && ceq(c, s[pos + 1], 'T')) {
        bool utc = len >= pos + 3 && ceq(c, s[pos + 2], 'C');
        if (!utc || !text)
            return parse_offset_based(c, s, len, pos, pos + (utc ? 3 : 2), false);
    } else if (len >= pos + 3 && ceq(c, ch, 'G') && ceq(c, s[pos + 1], 'M') && ceq(c, s[pos + 2], 'T')) {
        jtime_err ignored;
        if (len >= pos + 4 && ceq(c, s[pos + 3], '0') && (c->zone = jtime_zone_of(c->ar, "GMT0", 4, &ignored)))
            return pos + 4;
        return parse_offset_based(c, s, len, pos, pos + 3, false);
    }
    long r = parse_zone_tree(c, s, len, pos, text, style);
    if (r >= 0)
        return r;
    if (ceq(c, ch, 'Z')) {
        c->zone = zone_fixed(c->ar, "", 0);
        return pos + 1;
    }
    return ~pos;
}

static long parse_elem(const elem *e, pctx *c, const char *s, long len, long pos)
{
    c->ci = e->ci;
    switch (e->kind) {
    case E_LIT: return match_at(c, s, len, pos, e->text, e->tlen) ? pos + (long)e->tlen : ~pos;
    case E_NUM: case E_REDUCED: return parse_num(e, c, s, len, pos);
    case E_FRAC: return parse_frac(e, c, s, len, pos);
    case E_TEXT: return parse_text(e, c, s, len, pos);
    case E_OFFSET: return parse_offset(e, c, s, len, pos);
    case E_LOCOFF: return parse_locoff(e, c, s, len, pos);
    default: return parse_zone(c, s, len, pos, e->kind == E_ZONETEXT, e->style);
    }
}

/* PadPrinterParserDecorator.parse (strict). */
static long parse_padded(const elem *e, pctx *c, const char *s, long len, long pos)
{
    if (!e->pad)
        return parse_elem(e, c, s, len, pos);
    long end = pos + e->pad, p = pos;
    if (pos == len || end > len)
        return ~pos;
    while (p < end && s[p] == ' ')
        p++;
    long r = parse_elem(e, c, s, end, p);
    return r != end && !c->thrown ? ~(pos + p) : r;
}

/* An open optional section: where it ends and the state to restore on failure. */
typedef struct optframe {
    size_t end;
    long pos;
    pctx save;
} optframe;

/* Parse the whole pattern; optional sections that fail are skipped. */
static long parse_all(const jpattern *p, pctx *c, const char *s, long len)
{
    optframe *st = NULL;
    size_t depth = 0, cap = 0, i = 0;
    long pos = 0;
    while (i < p->n) {
        while (depth && st[depth - 1].end == i)
            depth--;
        const elem *e = &p->e[i];
        if (e->kind == E_OPT) {
            if (depth == cap) {
                st = arena_grow(c->ar, st, cap * sizeof *st, (cap ? cap * 2 : 8) * sizeof *st);
                cap = cap ? cap * 2 : 8;
            }
            st[depth++] = (optframe){e->end, pos, *c};
            i++;
            continue;
        }
        long r = parse_padded(e, c, s, len, pos);
        if (c->thrown || (r < 0 && !depth))
            return r;
        if (r < 0) {
            optframe *f = &st[--depth];
            *c = f->save;
            pos = f->pos;
            i = f->end;
            continue;
        }
        pos = r;
        i++;
    }
    return pos;
}

/* ================================================================ resolving */

/* The date and time the parsed fields resolve to (java.time.format.Parsed). */
typedef struct resolved {
    bool has_date, has_time;
    int64_t epoch_day;
    int hour, minute, second;
    int32_t nano;
    int excess_days;       /* 24:00 in SMART mode is midnight of the next day */
} resolved;

static bool conflict(jtime_err *err, int f, int64_t old, int64_t v, const char *target)
{
    return fail(err, EX_DT "Conflict found: %s %lld differs from %s %lld%s%s", fields[f].name, (long long)old,
                fields[f].name, (long long)v, target ? " while resolving  " : "", target ? target : "");
}

/* Parsed.updateCheckConflict(target, change, value) */
static bool update_check(pctx *c, int target, int change, int64_t v, jtime_err *err)
{
    if (has(c, change) && c->val[change] != v)
        return conflict(err, change, c->val[change], v, fields[target].name);
    put(c, change, v);
    return true;
}

/* AbstractChronology.addFieldValue */
static bool add_field(pctx *c, int f, int64_t v, jtime_err *err)
{
    if (has(c, f) && c->val[f] != v)
        return conflict(err, f, c->val[f], v, NULL);
    put(c, f, v);
    return true;
}

/* IsoChronology.resolveYearOfEra */
static bool resolve_era(pctx *c, bool strict, jtime_err *err)
{
    if (!has(c, F_YEAR_OF_ERA))
        return !has(c, F_ERA) || check_value(F_ERA, c->val[F_ERA], err);
    int64_t yoe = take(c, F_YEAR_OF_ERA);
    if (!check_value(F_YEAR_OF_ERA, yoe, err))
        return false;
    if (has(c, F_ERA)) {
        int64_t era = take(c, F_ERA);
        if (era != 0 && era != 1)
            return fail(err, EX_DT "Invalid value for era: %lld", (long long)era);
        return add_field(c, F_YEAR, era == 1 ? yoe : 1 - yoe, err);
    }
    if (strict && !has(c, F_YEAR)) {
        put(c, F_YEAR_OF_ERA, yoe);  /* STRICT does not invent an era */
        return true;
    }
    return add_field(c, F_YEAR, !has(c, F_YEAR) || c->val[F_YEAR] > 0 ? yoe : 1 - yoe, err);
}

static const char *const month_upper[] = {"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
                                          "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};

/* resolveYMD: SMART moves an invalid day to the month's last, STRICT throws. */
static bool resolve_ymd(pctx *c, bool strict, resolved *r, jtime_err *err)
{
    int64_t y = take(c, F_YEAR), m, d;
    if (!check_value(F_YEAR, y, err) || !check_value(F_MONTH, m = take(c, F_MONTH), err) ||
        !check_value(F_DOM, d = take(c, F_DOM), err))
        return false;
    int len = month_len(y, (int)m);
    if (d > len && strict && d == 29)
        return fail(err, EX_DT "Invalid date 'February 29' as '%lld' is not a leap year", (long long)y);
    if (d > len && strict)
        return fail(err, EX_DT "Invalid date '%s %d'", month_upper[m - 1], (int)d);
    r->epoch_day = days_from_civil(y, (int)m, (int)(d > len ? len : d));
    r->has_date = true;
    return true;
}

static bool resolve_yd(pctx *c, resolved *r, jtime_err *err)
{
    int64_t y = take(c, F_YEAR), d;
    if (!check_value(F_YEAR, y, err) || !check_value(F_DOY, d = take(c, F_DOY), err))
        return false;
    if (d == 366 && !is_leap(y))
        return fail(err, EX_DT "Invalid date 'DayOfYear 366' as '%lld' is not a leap year", (long long)y);
    r->epoch_day = days_from_civil(y, 1, 1) + d - 1;
    r->has_date = true;
    return true;
}

/* Localized day-of-week and modified Julian day, the non-ChronoFields that resolve. */
static bool resolve_other(pctx *c, resolved *r, jtime_err *err)
{
    if (has(c, F_LOCAL_DOW)) {
        int64_t v = take(c, F_LOCAL_DOW);
        if (!check_value(F_LOCAL_DOW, v, err))
            return false;
        put(c, F_DOW, fmod64(6 + v - 1, 7) + 1);
    }
    if (has(c, F_MJD)) {
        int64_t v = take(c, F_MJD);
        if (!check_value(F_MJD, v, err))
            return false;
        r->epoch_day = v - 40587;
        r->has_date = true;
    }
    return true;
}

/* WeekFields' resolution of week-based-year, week and day of week, or of year,
 * month, week of month and day of week (SMART). */
static bool resolve_weeks(pctx *c, resolved *r, jtime_err *err)
{
    bool wom = has(c, F_YEAR) && has(c, F_MONTH) && has(c, F_WEEK_OF_MONTH);
    bool wby = !has(c, F_YEAR) && has(c, F_WB_YEAR) && has(c, F_WB_WEEK);
    if (!has(c, F_DOW) || (!wom && !wby))
        return true;
    if (!check_value(F_DOW, c->val[F_DOW], err))
        return false;
    int ldow = (int)fmod64(c->val[F_DOW] - 7, 7) + 1;
    int f1 = wom ? F_YEAR : F_WB_YEAR, f2 = wom ? F_MONTH : F_WB_WEEK, f3 = wom ? F_WEEK_OF_MONTH : F_WB_WEEK;
    if (!check_value(f1, c->val[f1], err) || !check_value(f2, c->val[f2], err) || !check_value(f3, c->val[f3], err))
        return false;
    if (wom) {
        int64_t first = days_from_civil(c->val[F_YEAR], (int)c->val[F_MONTH], 1);
        int64_t week1 = compute_week(week_start_offset(1, local_dow(first)), 1);
        r->epoch_day = first + (c->val[F_WEEK_OF_MONTH] - week1) * 7 + ldow - local_dow(first);
        take(c, F_YEAR), take(c, F_MONTH), take(c, F_WEEK_OF_MONTH);
    } else {
        int64_t y = c->val[F_WB_YEAR], jan1 = days_from_civil(y, 1, 1), week = c->val[F_WB_WEEK];
        int offset = week_start_offset(1, local_dow(jan1));
        int64_t last = compute_week(offset, (is_leap(y) ? 366 : 365) + 1) - 1;
        r->epoch_day = jan1 - offset + (ldow - 1) + ((week < last ? week : last) - 1) * 7;
        take(c, F_WB_YEAR), take(c, F_WB_WEEK);
    }
    take(c, F_DOW);
    r->has_date = true;
    return true;
}

static bool resolve_date(pctx *c, bool strict, resolved *r, jtime_err *err)
{
    resolved other = {0};
    if (!resolve_other(c, &other, err) || !resolve_era(c, strict, err))
        return false;
    if (has(c, F_YEAR) && has(c, F_MONTH) && has(c, F_DOM)) {
        if (!resolve_ymd(c, strict, r, err))
            return false;
    } else if (has(c, F_YEAR) && has(c, F_DOY) && !resolve_yd(c, r, err)) {
        return false;
    }
    if (!r->has_date && !resolve_weeks(c, r, err))
        return false;
    if (other.has_date && r->has_date && other.epoch_day != r->epoch_day) {
        char a[32], b[32];
        int64_t y;
        int m, d;
        civil_from_days(r->epoch_day, &y, &m, &d);
        date_str(a, sizeof a, y, m, d);
        civil_from_days(other.epoch_day, &y, &m, &d);
        date_str(b, sizeof b, y, m, d);
        return fail(err, EX_DT "Conflict found: Fields resolved to two different dates: %s %s", a, b);
    }
    if (other.has_date)
        r->epoch_day = other.epoch_day, r->has_date = true;
    return true;
}

/* Parsed.resolveTime: hour 24 with zero minutes is end of day in SMART mode. */
static bool resolve_hmsn(bool strict, int64_t h, int64_t m, int64_t s, int64_t n, resolved *r, jtime_err *err)
{
    if (!check_value(F_MINUTE, m, err) || !check_value(F_NANO, n, err))
        return false;
    if (!strict && h == 24 && m == 0 && s == 0 && n == 0) {
        h = 0;
        r->excess_days = 1;
    } else if (!check_value(F_HOUR, h, err) || !check_value(F_SECOND, s, err)) {
        return false;
    }
    r->hour = (int)h, r->minute = (int)m, r->second = (int)s, r->nano = (int32_t)n;
    r->has_time = true;
    return true;
}

/* Clock hours and AM/PM into hour of day (resolveTimeFields, first part). */
static bool resolve_hours(pctx *c, bool strict, jtime_err *err)
{
    if (has(c, F_CLOCK_HOUR)) {
        int64_t ch = take(c, F_CLOCK_HOUR);
        if ((strict || ch != 0) && !check_value(F_CLOCK_HOUR, ch, err))
            return false;
        if (!update_check(c, F_CLOCK_HOUR, F_HOUR, ch == 24 ? 0 : ch, err))
            return false;
    }
    if (has(c, F_CLOCK_HOUR_AMPM)) {
        int64_t ch = take(c, F_CLOCK_HOUR_AMPM);
        if ((strict || ch != 0) && !check_value(F_CLOCK_HOUR_AMPM, ch, err))
            return false;
        if (!update_check(c, F_CLOCK_HOUR_AMPM, F_HOUR_AMPM, ch == 12 ? 0 : ch, err))
            return false;
    }
    if (has(c, F_AMPM) && has(c, F_HOUR_AMPM)) {
        int64_t ap = take(c, F_AMPM), hap = take(c, F_HOUR_AMPM);
        if (!check_value(F_AMPM, ap, err) || !check_value(F_HOUR_AMPM, hap, err))
            return false;
        return update_check(c, F_AMPM, F_HOUR, ap * 12 + hap, err);
    }
    return true;
}

/* Milli-of-day and nano-of-day into hour, minute, second, nano. */
static bool resolve_of_day(pctx *c, jtime_err *err)
{
    int target = has(c, F_NANO_OF_DAY) ? F_NANO_OF_DAY : F_MILLI_OF_DAY;
    if (!has(c, target))
        return true;
    int64_t v = take(c, target);
    if (!check_value(target, v, err))
        return false;
    int64_t nod = target == F_NANO_OF_DAY ? v : v * 1000000, sec = nod / 1000000000;
    if (target == F_MILLI_OF_DAY && has(c, F_NANO))
        nod += c->val[F_NANO] % 1000000;
    return update_check(c, target, F_HOUR, sec / 3600, err) && update_check(c, target, F_MINUTE, sec / 60 % 60, err) &&
           update_check(c, target, F_SECOND, sec % 60, err) &&
           update_check(c, target, F_NANO, nod % 1000000000, err) && resolve_of_day(c, err);
}

static bool resolve_time(pctx *c, bool strict, resolved *r, jtime_err *err)
{
    if (!resolve_hours(c, strict, err) || !resolve_of_day(c, err))
        return false;
    if (has(c, F_NANO) && !check_value(F_NANO, c->val[F_NANO], err))
        return false;
    bool h = has(c, F_HOUR), m = has(c, F_MINUTE), s = has(c, F_SECOND), n = has(c, F_NANO);
    /* all four fields, or leniently defaulted ones (resolveTimeLenient) */
    if (h && !((!m && (s || n)) || (m && !s && n))) {
        int64_t hv = take(c, F_HOUR), mv = m ? take(c, F_MINUTE) : 0, sv = s ? take(c, F_SECOND) : 0,
                nv = n ? take(c, F_NANO) : 0;
        if (!resolve_hmsn(strict, hv, mv, sv, nv, r, err))
            return false;
    }
    for (int f = F_AMPM; f <= F_NANO_OF_DAY; f++)
        if (has(c, f) && !check_value(f, c->val[f], err))
            return false;
    return true;
}

/* Parsed.crossCheck: every field left over must agree with the date and time. */
static bool cross_check(pctx *c, const resolved *r, jtime_err *err)
{
    ldt t;
    ldt_from_local(r->epoch_day * 86400 + r->hour * 3600 + r->minute * 60 + r->second, r->nano, &t);
    for (int f = 0; f < F_OFFSET; f++) {
        if (!has(c, f) || !(field_is_time(f) ? r->has_time : r->has_date))
            continue;
        int64_t derived = field_value(f, &t, 0);
        if (derived == c->val[f]) {
            take(c, f);
            continue;
        }
        char target[48];
        if (field_is_time(f))
            time_str(target, sizeof target, t.hour, t.minute, t.second, t.nano);
        else
            date_str(target, sizeof target, t.year, t.month, t.day);
        return fail(err, EX_DT "Conflict found: Field %s %lld differs from %s %lld derived from %s", fields[f].name,
                    (long long)derived, fields[f].name, (long long)c->val[f], target);
    }
    return true;
}

static bool resolve(pctx *c, bool strict, resolved *r, jtime_err *err)
{
    if (!resolve_date(c, strict, r, err) || !resolve_time(c, strict, r, err) || !cross_check(c, r, err))
        return false;
    if (r->has_date && r->has_time)
        r->epoch_day += r->excess_days;
    return true;
}

/* ================================================================ parse entry points */

/* UTF-16 length of the first n bytes of UTF-8 text (Java string indexes). */
static long u16_index(const char *s, long n)
{
    long k = 0;
    for (long i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        k += (b & 0xC0) != 0x80;
        k += b >= 0xF0;
    }
    return k;
}

/* The text as DateTimeParseException quotes it: at most 64 chars, then "...". */
static void quote_text(const char *s, long n, char *buf, size_t cap)
{
    long cut = 0;
    while (cut < n && u16_index(s, cut + 1) <= 64)
        cut++;
    while (cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    snprintf(buf, cap, "%.*s%s", (int)cut, s, cut < n ? "..." : "");
}

enum { PE_INDEX, PE_UNPARSED, PE_CAUSE };

/* Report a DateTimeParseException: a failure at a position, text left over, or
 * the exception already in err as its cause. */
static bool parse_error(jtime_err *err, const char *s, long n, int mode, long at)
{
    char text[320];
    quote_text(s, n, text, sizeof text);
    if (mode == PE_CAUSE) {
        const char *msg = strstr(err->msg, ": ");
        char cause[sizeof err->msg];
        snprintf(cause, sizeof cause, "%s", msg ? msg + 2 : err->msg);
        return fail(err, "java.time.format.DateTimeParseException: Text '%s' could not be parsed: %s", text, cause);
    }
    if (mode == PE_INDEX)
        return fail(err, "java.time.format.DateTimeParseException: Text '%s' could not be parsed at index %ld", text,
                    u16_index(s, at));
    return fail(err, "java.time.format.DateTimeParseException: Text '%s' could not be parsed, unparsed text found at "
                "index %ld", text, u16_index(s, at));
}

/* "Unable to obtain ZonedDateTime from TemporalAccessor: {...},ISO,zone resolved to ..." */
static void unable(const pctx *c, const resolved *r, jtime_err *err)
{
    strbuf sb = STRBUF_INIT;
    strbuf_puts(&sb, EX_DT "Unable to obtain ZonedDateTime from TemporalAccessor: {");
    for (int f = 0, k = 0; f < NFIELDS; f++)
        if (has(c, f))
            strbuf_printf(&sb, "%s%s=%lld", k++ ? ", " : "", fields[f].name, (long long)c->val[f]);
    strbuf_printf(&sb, "},ISO%s%s", c->zone ? "," : "", c->zone ? c->zone->id : "");
    char buf[64];
    if (r->has_date || r->has_time)
        strbuf_puts(&sb, " resolved to ");
    if (r->has_date) {
        int64_t y;
        int m, d;
        civil_from_days(r->epoch_day, &y, &m, &d);
        date_str(buf, sizeof buf, y, m, d);
        strbuf_printf(&sb, "%s%s", buf, r->has_time ? "T" : "");
    }
    if (r->has_time) {
        time_str(buf, sizeof buf, r->hour, r->minute, r->second, r->nano);
        strbuf_puts(&sb, buf);
    }
    strbuf_puts(&sb, " of type java.time.format.Parsed");
    fail(err, "%s", strbuf_cstr(&sb));
    strbuf_free(&sb);
}

/* The resolved fields as an instant: the parsed offset wins over the zone. */
static bool to_epoch_ms(const pctx *c, const resolved *r, int64_t *ms, jtime_err *err)
{
    if (!r->has_date || !r->has_time || (!c->zone && !has(c, F_OFFSET))) {
        unable(c, r, err);
        return false;
    }
    if (has(c, F_OFFSET) && (c->val[F_OFFSET] < -64800 || c->val[F_OFFSET] > 64800))
        return fail(err, EX_DT "Zone offset not in valid range: -18:00 to +18:00");
    int64_t local = r->epoch_day * 86400 + r->hour * 3600 + r->minute * 60 + r->second;
    int64_t sec = has(c, F_OFFSET) ? local - c->val[F_OFFSET] : zone_local_to_instant(c->zone, local);
    __int128 v = (__int128)sec * 1000 + r->nano / 1000000;
    if (v > INT64_MAX || v < INT64_MIN) {
        fail(err, "java.lang.ArithmeticException: long overflow");
        return true;  /* not a parse error: thrown by toEpochMilli() */
    }
    *ms = (int64_t)v;
    return true;
}

static bool parse_with(arena *ar, const jpattern *p, const char *s, size_t n, const jzone *zone, int64_t *ms,
                       jtime_err *err)
{
    pctx c;
    memset(&c, 0, sizeof c);
    c.ar = ar;
    c.err = err;
    err->msg[0] = '\0';
    long len = (long)n, r = parse_all(p, &c, s, len);
    if (c.thrown)
        return parse_error(err, s, len, PE_CAUSE, 0);
    if (r < 0)
        return parse_error(err, s, len, PE_INDEX, ~r);
    if (r < len)
        return parse_error(err, s, len, PE_UNPARSED, r);
    if (!c.zone)
        c.zone = zone;  /* withZone(): the override applies when no zone was parsed */
    resolved res = {0};
    if (!resolve(&c, p->strict, &res, err) || !to_epoch_ms(&c, &res, ms, err))
        return parse_error(err, s, len, PE_CAUSE, 0);
    return err->msg[0] == '\0';
}

bool jtime_parse(arena *ar, const jpattern *p, const char *text, size_t n, const jzone *zone, int64_t *ms,
                 jtime_err *err)
{
    return parse_with(ar, p, text, n, zone, ms, err);
}

/* DateTimeFormatter.ISO_ZONED_DATE_TIME, built as its definition builds it. */
static const jpattern *iso_pattern(arena *ar)
{
    jpattern *p = arena_calloc(ar, sizeof *p);
    jtime_err unused;
    builder b = {ar, p, -1, -1, 0, true, &unused};
    p->strict = true;
    add_num(&b, F_YEAR, 4, 10, SG_EXCEEDS_PAD);
    add_lit(&b, "-", 1);
    add_num(&b, F_MONTH, 2, 2, SG_NOT_NEGATIVE);
    add_lit(&b, "-", 1);
    add_num(&b, F_DOM, 2, 2, SG_NOT_NEGATIVE);
    add_lit(&b, "T", 1);
    add_num(&b, F_HOUR, 2, 2, SG_NOT_NEGATIVE);
    add_lit(&b, ":", 1);
    add_num(&b, F_MINUTE, 2, 2, SG_NOT_NEGATIVE);
    optional_start(&b);
    add_lit(&b, ":", 1);
    add_num(&b, F_SECOND, 2, 2, SG_NOT_NEGATIVE);
    optional_start(&b);
    append(&b, (elem){.kind = E_FRAC, .field = F_NANO, .minw = 0, .maxw = 9, .decimal = true});
    optional_end(&b);
    optional_end(&b);
    add_offset(&b, 6, "Z");
    p->e[p->n - 1].lenient = true;
    b.ci = false;
    optional_start(&b);
    add_lit(&b, "[", 1);
    append(&b, (elem){.kind = E_ZONEID});
    add_lit(&b, "]", 1);
    optional_end(&b);
    return p;
}

bool jtime_parse_iso(arena *ar, const char *text, size_t n, int64_t *ms, jtime_err *err)
{
    return parse_with(ar, iso_pattern(ar), text, n, NULL, ms, err);
}
