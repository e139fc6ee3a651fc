/* strbuf: growable byte buffer. */
#include "strbuf.h"
#include "alloc.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void strbuf_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

static void reserve(strbuf *sb, size_t extra)
{
    if (extra >= SIZE_MAX / 2 - sb->len)
        alloc_fail(SIZE_MAX);   /* no buffer can be that large */
    size_t need = sb->len + extra + 1;
    if (need <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;   /* as cheap to malloc as less */
    while (cap < need)
        cap *= 2;
    sb->data = xrealloc(sb->data, cap);
    sb->data[sb->len] = '\0';   /* a fresh buffer reads as empty until written */
    sb->cap = cap;
}

void strbuf_reserve(strbuf *sb, size_t n)
{
    reserve(sb, n);
}

void strbuf_append(strbuf *sb, const char *s, size_t n)
{
    reserve(sb, n);
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void strbuf_puts(strbuf *sb, const char *s)
{
    strbuf_append(sb, s, strlen(s));
}

void strbuf_put_utf8(strbuf *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    strbuf_append(sb, b, n);
}

void strbuf_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0)
        return;
    reserve(sb, (size_t)n);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(sb, fmt, ap);
    va_end(ap);
}

const unsigned char json_escaped[256] = {[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1};

char *json_escape_byte(char *p, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";   /* Jackson writes \u001F */
    static const char named[256] = {['"'] = '"', ['\\'] = '\\', ['\n'] = 'n', ['\r'] = 'r',
                                    ['\t'] = 't', ['\b'] = 'b', ['\f'] = 'f'};
    *p++ = '\\';
    if (named[c]) {
        *p++ = named[c];
        return p;
    }
    *p++ = 'u';
    *p++ = '0';
    *p++ = '0';
    *p++ = hex[c >> 4];
    *p++ = hex[c & 15];
    return p;
}

void strbuf_json_string(strbuf *sb, const char *s, size_t n)
{
    /* Room for the string unescaped and its quotes; an escape makes more. */
    reserve(sb, n + 2);
    char *d = sb->data + sb->len;
    *d++ = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!json_escaped[c]) {
            *d++ = (char)c;
            continue;
        }
        sb->len = (size_t)(d - sb->data);
        reserve(sb, n - i + 6);   /* this escape (at most 6 bytes), the rest, the quote */
        d = json_escape_byte(sb->data + sb->len, c);
    }
    *d++ = '"';
    *d = '\0';
    sb->len = (size_t)(d - sb->data);
}

void strbuf_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

char *strbuf_take(strbuf *sb)
{
    char *d = sb->data ? sb->data : xstrdup("");
    strbuf_init(sb);
    return d;
}

void strbuf_free(strbuf *sb)
{
    xfree(sb->data);
    strbuf_init(sb);
}

const char *strbuf_cstr(const strbuf *sb)
{
    return sb->data ? sb->data : "";
}
