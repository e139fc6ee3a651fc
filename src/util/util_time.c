/* util_time: the $util.time namespace (reference 4.10): the request clock,
 * epoch conversions, ISO-8601, and java.time DateTimeFormatter patterns in a
 * zone. The java.time emulation itself lives in jtime.c. Epoch arguments are
 * Java `long` (Integer or Long); other types find no method, as in AppSync. */
#include "util/util.h"
#include "util/jtime.h"
#include <stdio.h>
#include <string.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* A Java `long` parameter: Integer or Long widen to it; null and Double do not. */
static bool arg_is_long(vval v) { return v.kind == VVAL_INT || v.kind == VVAL_LONG; }

/* A Java exception from `method`. method_throw keeps 511 bytes: shorten long
 * messages here, on a UTF-8 character boundary. */
static mres thrown(eval_state *ev, const ast_node *site, const char *method, const char *msg)
{
    static const char fmt[] = "Invocation of method '%s' threw exception %.*s";
    size_t room = 511 - (sizeof fmt - 7) - strlen(method), n = strlen(msg);
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)msg[n] & 0xC0) == 0x80)
            n--;
    }
    return method_throw(ev, site, fmt, method, (int)n, msg);
}

/* Objects.requireNonNull(v, what) */
static mres null_arg(eval_state *ev, const ast_node *site, const char *method, const char *what)
{
    char msg[64];
    snprintf(msg, sizeof msg, "java.lang.NullPointerException: %s", what);
    return thrown(ev, site, method, msg);
}

/* DateTimeFormatter.ofPattern(a[at]); NULL after recording the exception. */
static const jpattern *pattern_arg(eval_state *ev, const ast_node *site, const char *method, vval v)
{
    jtime_err err;
    if (vval_is_null(v)) {
        null_arg(ev, site, method, "pattern");
        return NULL;
    }
    const jpattern *p = jtime_pattern(ev->ar, v.u.s->data, v.u.s->len, &err);
    if (!p)
        thrown(ev, site, method, err.msg);
    return p;
}

/* ZoneId.of(a[at]), or UTC when the call has no zone argument. */
static const jzone *zone_arg(eval_state *ev, const ast_node *site, const char *method, const vval *a, size_t na,
                             size_t at)
{
    jtime_err err;
    if (at < na && vval_is_null(a[at])) {
        null_arg(ev, site, method, "zoneId");
        return NULL;
    }
    const jzone *z = at < na ? jtime_zone_of(ev->ar, a[at].u.s->data, a[at].u.s->len, &err)
                             : jtime_zone_of(ev->ar, "UTC", 3, &err);
    if (!z)
        thrown(ev, site, method, err.msg);
    return z;
}

/* ms formatted with the pattern a[pat] in the zone a[pat + 1] (default UTC). */
static mres format_ms(eval_state *ev, const ast_node *site, const char *method, int64_t ms, const vval *a,
                      size_t na, size_t pat, vval *out)
{
    const jpattern *p = pattern_arg(ev, site, method, a[pat]);
    const jzone *z = p ? zone_arg(ev, site, method, a, na, pat + 1) : NULL;
    if (!z)
        return M_ERROR;
    jtime_err err;
    strbuf sb = STRBUF_INIT;
    bool ok = jtime_format(p, ms, z, &sb, &err);
    if (ok)
        *out = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return ok ? M_OK : thrown(ev, site, method, err.msg);
}

static vval iso_string(eval_state *ev, int64_t ms)
{
    strbuf sb = STRBUF_INIT;
    jtime_iso8601(ms, &sb);
    vval v = vval_str(ev->ar, strbuf_cstr(&sb), sb.len);
    strbuf_free(&sb);
    return v;
}

/* Java's floor division of the clock for Instant.getEpochSecond(). */
static int64_t floor_div_1000(int64_t ms) { return ms / 1000 - (ms % 1000 < 0); }

/* ================================================================ the clock */

FN(t_now_iso) { UNUSED; *out = iso_string(ev, ev->opt->now_ms); return M_OK; }
FN(t_now_epoch_seconds) { UNUSED; *out = vval_long(floor_div_1000(ev->opt->now_ms)); return M_OK; }
FN(t_now_epoch_millis) { UNUSED; *out = vval_long(ev->opt->now_ms); return M_OK; }

/* nowFormatted(String pattern [, String zone]) */
FN(t_now_formatted)
{
    UNUSED;
    for (size_t i = 0; i < na; i++)
        if (!arg_is_str(a[i]))
            return M_NOTFOUND;
    return format_ms(ev, site, "nowFormatted", ev->opt->now_ms, a, na, 0, out);
}

/* ================================================================ epoch conversions */

FN(t_epoch_to_seconds)
{
    UNUSED;
    if (!arg_is_long(a[0]))
        return M_NOTFOUND;
    *out = vval_long(a[0].u.i / 1000);
    return M_OK;
}

FN(t_epoch_to_iso)
{
    UNUSED;
    if (!arg_is_long(a[0]))
        return M_NOTFOUND;
    *out = iso_string(ev, a[0].u.i);
    return M_OK;
}

/* epochMilliSecondsToFormatted(long ms, String pattern [, String zone]) */
FN(t_epoch_to_formatted)
{
    UNUSED;
    if (!arg_is_long(a[0]) || !arg_is_str(a[1]) || (na > 2 && !arg_is_str(a[2])))
        return M_NOTFOUND;
    return format_ms(ev, site, "epochMilliSecondsToFormatted", a[0].u.i, a, na, 1, out);
}

/* ================================================================ parsing */

/* parseFormattedToEpochMilliSeconds(String text, String pattern [, String zone]):
 * without a zone argument the pattern itself must supply a zone or offset. */
FN(t_parse_formatted)
{
    UNUSED;
    static const char m[] = "parseFormattedToEpochMilliSeconds";
    for (size_t i = 0; i < na; i++)
        if (!arg_is_str(a[i]))
            return M_NOTFOUND;
    const jpattern *p = pattern_arg(ev, site, m, a[1]);
    const jzone *z = NULL;
    if (!p || (na > 2 && !(z = zone_arg(ev, site, m, a, na, 2))))
        return M_ERROR;
    if (vval_is_null(a[0]))
        return null_arg(ev, site, m, "text");
    jtime_err err;
    int64_t ms;
    if (!jtime_parse(ev->ar, p, a[0].u.s->data, a[0].u.s->len, z, &ms, &err))
        return thrown(ev, site, m, err.msg);
    *out = vval_long(ms);
    return M_OK;
}

FN(t_parse_iso)
{
    UNUSED;
    static const char m[] = "parseISO8601ToEpochMilliSeconds";
    if (!arg_is_str(a[0]))
        return M_NOTFOUND;
    if (vval_is_null(a[0]))
        return null_arg(ev, site, m, "text");
    jtime_err err;
    int64_t ms;
    if (!jtime_parse_iso(ev->ar, a[0].u.s->data, a[0].u.s->len, &ms, &err))
        return thrown(ev, site, m, err.msg);
    *out = vval_long(ms);
    return M_OK;
}

/* ================================================================ table */

static const method_def time_fns[] = {
    {"epochMilliSecondsToFormatted", t_epoch_to_formatted, 2, 3},
    {"epochMilliSecondsToISO8601", t_epoch_to_iso, 1, 1},
    {"epochMilliSecondsToSeconds", t_epoch_to_seconds, 1, 1},
    {"nowEpochMilliSeconds", t_now_epoch_millis, 0, 0},
    {"nowEpochSeconds", t_now_epoch_seconds, 0, 0},
    {"nowFormatted", t_now_formatted, 1, 2},
    {"nowISO8601", t_now_iso, 0, 0},
    {"parseFormattedToEpochMilliSeconds", t_parse_formatted, 2, 3},
    {"parseISO8601ToEpochMilliSeconds", t_parse_iso, 1, 1},
};
const util_ns util_ns_time = {"time", time_fns, sizeof time_fns / sizeof *time_fns};
