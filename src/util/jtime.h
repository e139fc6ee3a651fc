/* jtime: the parts of java.time that $util.time exposes, emulated in C.
 *
 * ZoneId.of (offsets, UTC/GMT/UT prefixes, IANA regions read from the system's
 * TZif files), the proleptic Gregorian calendar, and DateTimeFormatter patterns
 * (Java 11 semantics, English locale, SMART resolver) for printing and parsing.
 * Everything is allocated from the caller's arena; nothing needs freeing. */
#ifndef VTL_UTIL_JTIME_H
#define VTL_UTIL_JTIME_H
#include "base/arena.h"
#include "base/strbuf.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A Java exception: "java.time.DateTimeException: Unknown ...". */
typedef struct jtime_err {
    char msg[480];
} jtime_err;

/* A java.time.ZoneId: a ZoneOffset, a fixed region (UTC, GMT+08:00) or a tzdb region. */
typedef struct jzone jzone;
/* A compiled DateTimeFormatter pattern. */
typedef struct jpattern jpattern;

/* ZoneId.of(id) for the n bytes at id. Regions are read from $TZDIR, else
 * /usr/share/zoneinfo, without touching TZ; EST, HST, MST and ROC are unknown, as
 * in the JDK. NULL with *err set when Java would throw (bad format, offset out of
 * range, unknown region). */
const jzone *jtime_zone_of(arena *ar, const char *id, size_t n, jtime_err *err);

/* DateTimeFormatter.ofPattern(p). NULL with *err set on an invalid pattern
 * (IllegalArgumentException, as Java reports it). */
const jpattern *jtime_pattern(arena *ar, const char *p, size_t n, jtime_err *err);

/* Append the instant `ms` (epoch milliseconds) seen in `zone`, formatted with `p`.
 * False with *err set when Java would throw (a value wider than its field). */
bool jtime_format(const jpattern *p, int64_t ms, const jzone *zone, strbuf *out, jtime_err *err);

/* Parse text with p into epoch milliseconds, as ZonedDateTime.parse(text,
 * p.withZone(zone)) does; zone may be NULL (the text must then carry a zone or
 * offset). False with *err set to the DateTimeParseException otherwise. */
bool jtime_parse(arena *ar, const jpattern *p, const char *text, size_t n, const jzone *zone, int64_t *ms,
                 jtime_err *err);

/* Parse an ISO-8601 date-time with offset (DateTimeFormatter.ISO_ZONED_DATE_TIME)
 * into epoch milliseconds. False with *err set when Java would throw. */
bool jtime_parse_iso(arena *ar, const char *text, size_t n, int64_t *ms, jtime_err *err);

/* Append `ms` as UTC ISO-8601 with milliseconds: 2018-02-06T19:01:35.749Z. */
void jtime_iso8601(int64_t ms, strbuf *out);

#endif
