/* appsync_json: how AppSync reads a rendered mapping template as JSON.
 * Trailing commas are tolerated; duplicate keys, trailing text and empty
 * output are errors with AppSync's messages (reference 6.1). */
#ifndef VTL_RESOLVER_APPSYNC_JSON_H
#define VTL_RESOLVER_APPSYNC_JSON_H
#include "base/strbuf.h"
#include "vval/vval.h"

/* Parse rendered text. On failure returns false, writes AppSync's message to
 * msg and the offending output byte offset to *at. `response` selects the
 * wording for response templates. */
bool appsync_json_read(arena *ar, const char *text, size_t len, bool response, vval *out, strbuf *msg,
                       size_t *at);

#endif
