/* fileio: whole-file reads with a size bound. */
#include "fileio.h"
#include "strbuf.h"
#include <errno.h>
#include <stdio.h>

char *file_read(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (sb.len + n > max) {
            fclose(f);
            strbuf_free(&sb);
            errno = EFBIG;
            return NULL;
        }
        strbuf_append(&sb, buf, n);
    }
    int bad = ferror(f);
    int saved = errno;
    fclose(f);
    if (bad) {
        strbuf_free(&sb);
        errno = saved ? saved : EIO;
        return NULL;
    }
    *len = sb.len;
    return strbuf_take(&sb);
}
