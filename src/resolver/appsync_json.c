/* appsync_json: AppSync's JSON reading of rendered templates. */
#include "resolver/appsync_json.h"
#include "vval/vval_json.h"
#include <string.h>

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

bool appsync_json_read(arena *ar, const char *text, size_t len, bool response, vval *out, strbuf *msg,
                       size_t *at)
{
    *at = 0;
    if (!text || blank(text, len)) {
        strbuf_puts(msg, "Template transformation yielded an empty response.");
        return false;
    }
    vjson_opts o = {.trailing_commas = true, .reject_duplicates = true, .max_depth = 512};
    vjson_error err;
    if (vjson_parse(ar, text, len, &o, out, &err))
        return true;
    *at = err.offset;
    if (strstr(err.msg, "Duplicate field") || strstr(err.msg, "Trailing characters")) {
        strbuf_printf(msg, "%s", err.msg);
        if (!strstr(err.msg, "not allowed."))
            strbuf_putc(msg, '.');
        return false;
    }
    /* Anything else is Jackson's parse failure; its exact text is not reproducible. */
    if (response)
        strbuf_printf(msg, "Unable to convert %.*s to class java.lang.Object.", (int)(len > 200 ? 200 : len), text);
    else
        strbuf_printf(msg, "Unable to parse the JSON document: '%s at line %d, column %d'", err.msg, err.line,
                      err.col);
    return false;
}
