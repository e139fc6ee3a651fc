/* jregex: PCRE2 with Java's String.matches/replaceAll/split conventions. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "jregex.h"
#include "alloc.h"
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

struct jregex {
    pcre2_code *code;
    pcre2_match_data *md;
    uint32_t ngroups;
};

#define CACHE_SIZE 64
static struct cache_entry {
    char *pat;
    size_t len;
    jregex re;
} cache[CACHE_SIZE];
static size_t cache_next;

const jregex *jregex_get(const char *pat, size_t plen, char *err, size_t errlen)
{
    for (size_t i = 0; i < CACHE_SIZE; i++)
        if (cache[i].pat && cache[i].len == plen && memcmp(cache[i].pat, pat, plen) == 0)
            return &cache[i].re;
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
    if (!code) {
        char msg[120];
        pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, sizeof msg);
        snprintf(err, errlen, "java.util.regex.PatternSyntaxException: %s near index %zu", msg, (size_t)eo);
        return NULL;
    }
    struct cache_entry *e = &cache[cache_next];
    cache_next = (cache_next + 1) % CACHE_SIZE;
    if (e->pat) {
        xfree(e->pat);
        pcre2_match_data_free(e->re.md);
        pcre2_code_free(e->re.code);
    }
    e->pat = xmemdup0(pat, plen);
    e->len = plen;
    e->re.code = code;
    e->re.md = pcre2_match_data_create_from_pattern(code, NULL);
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &e->re.ngroups);
    return &e->re;
}

void jregex_cache_clear(void)
{
    for (size_t i = 0; i < CACHE_SIZE; i++) {
        if (!cache[i].pat)
            continue;
        xfree(cache[i].pat);
        pcre2_match_data_free(cache[i].re.md);
        pcre2_code_free(cache[i].re.code);
        cache[i].pat = NULL;
    }
    cache_next = 0;
}

bool jregex_matches(const jregex *re, const char *s, size_t n)
{
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, re->md, NULL);
    return rc >= 0;
}

bool jregex_find(const jregex *re, const char *s, size_t n, size_t from, size_t *ms, size_t *me)
{
    if (from > n)
        return false;
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, from, 0, re->md, NULL);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    *ms = ov[0];
    *me = ov[1];
    return true;
}

/* Append the Java replacement string with $n groups and \ escapes expanded. */
static bool expand(const jregex *re, const char *s, const char *rep, size_t rlen, strbuf *out, char *err, size_t errlen)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    for (size_t i = 0; i < rlen; i++) {
        char c = rep[i];
        if (c == '\\') {
            if (++i >= rlen) {
                snprintf(err, errlen, "java.lang.IllegalArgumentException: character to be escaped is missing");
                return false;
            }
            strbuf_putc(out, rep[i]);
        } else if (c == '$') {
            if (++i >= rlen || rep[i] < '0' || rep[i] > '9') {
                snprintf(err, errlen, "java.lang.IllegalArgumentException: Illegal group reference");
                return false;
            }
            uint32_t g = (uint32_t)(rep[i] - '0');
            /* Java takes more digits while the group number stays valid. */
            while (i + 1 < rlen && rep[i + 1] >= '0' && rep[i + 1] <= '9' &&
                   g * 10 + (uint32_t)(rep[i + 1] - '0') <= re->ngroups) {
                g = g * 10 + (uint32_t)(rep[++i] - '0');
            }
            if (g > re->ngroups) {
                snprintf(err, errlen, "java.lang.IndexOutOfBoundsException: No group %u", g);
                return false;
            }
            if (ov[2 * g] != PCRE2_UNSET)
                strbuf_append(out, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        } else {
            strbuf_putc(out, c);
        }
    }
    return true;
}

bool jregex_replace(const jregex *re, const char *s, size_t n, const char *rep, size_t rlen, bool all,
                    strbuf *out, char *err, size_t errlen)
{
    size_t pos = 0, copied = 0;
    while (pos <= n) {
        int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, pos, 0, re->md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
        size_t ms = ov[0], me = ov[1];
        strbuf_append(out, s + copied, ms - copied);
        if (!expand(re, s, rep, rlen, out, err, errlen))
            return false;
        copied = me;
        if (!all)
            break;
        if (me == ms) {
            /* empty match: copy one character and move past it */
            if (me >= n)
                break;
            size_t step = 1;
            while (me + step < n && ((unsigned char)s[me + step] & 0xC0) == 0x80)
                step++;
            strbuf_append(out, s + me, step);
            copied = me + step;
            pos = me + step;
        } else {
            pos = me;
        }
    }
    strbuf_append(out, s + copied, n - copied);
    return true;
}
