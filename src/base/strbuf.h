/* strbuf: a growable, always NUL-terminated byte buffer on the heap.
 * Used for rendered output and message text; the owner calls strbuf_free(). */
#ifndef VTL_BASE_STRBUF_H
#define VTL_BASE_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_init(strbuf *sb);
/* Make room for n more bytes (a buffer expected to grow large starts large). */
void strbuf_reserve(strbuf *sb, size_t n);
void strbuf_append(strbuf *sb, const char *s, size_t n);
void strbuf_puts(strbuf *sb, const char *s);
/* Append one byte (inline: the JSON writers put a byte per bracket, comma
 * and colon). */
static inline void strbuf_putc(strbuf *sb, char c)
{
    if (sb->len + 1 >= sb->cap)
        strbuf_reserve(sb, 1);
    sb->data[sb->len++] = c;
    sb->data[sb->len] = '\0';
}
/* Append code point cp (at most 0x1FFFFF) as UTF-8. */
void strbuf_put_utf8(strbuf *sb, unsigned cp);
void strbuf_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* The bytes JSON text writes escaped: '"', '\\' and the controls (also where a
 * JSON reader's plain run of string bytes ends). */
extern const unsigned char json_escaped[256];
/* The escape of byte c (json_escaped[c] set) at p, as Jackson writes it
 * (\n, \u001F); returns its end (at most 6 bytes on). */
char *json_escape_byte(char *p, unsigned char c);
/* Append s as a JSON string literal (quotes and escapes included). */
void strbuf_json_string(strbuf *sb, const char *s, size_t n);
void strbuf_reset(strbuf *sb);
/* Return the data (never NULL) and leave the buffer empty; the caller frees it. */
char *strbuf_take(strbuf *sb);
void strbuf_free(strbuf *sb);
/* The contents as a C string; "" when empty. */
const char *strbuf_cstr(const strbuf *sb);

#endif
