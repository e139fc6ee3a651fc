/* jregex: java.util.regex semantics on top of PCRE2.
 *
 * Java patterns are close to PCRE's; the differences templates hit are in the
 * operations around them: String.matches() anchors at both ends, split()
 * drops trailing empty strings, and replaceAll() expands $1 and \x in the
 * replacement. Compiled patterns are cached per process (templates reuse a few). */
#ifndef VTL_BASE_JREGEX_H
#define VTL_BASE_JREGEX_H
#include "strbuf.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct jregex jregex;

/* Compile (or fetch from the cache) a Java pattern; NULL and a message in err
 * (at least 128 bytes) when it does not compile. The cache owns the result. */
const jregex *jregex_get(const char *pat, size_t plen, char *err, size_t errlen);
/* Whole-string match (String.matches). */
bool jregex_matches(const jregex *re, const char *s, size_t n);
/* First match at or after `from`: true with [*ms, *me). */
bool jregex_find(const jregex *re, const char *s, size_t n, size_t from, size_t *ms, size_t *me);
/* replaceAll / replaceFirst with Java replacement syntax. Returns false (and a
 * message) when the replacement names a group that does not exist. */
bool jregex_replace(const jregex *re, const char *s, size_t n, const char *rep, size_t rlen, bool all,
                    strbuf *out, char *err, size_t errlen);
/* Free the pattern cache (for leak checkers at exit). */
void jregex_cache_clear(void);

#endif
