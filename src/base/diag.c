/* diag: rendering of diagnostics with the source line and a caret. */
#include "diag.h"

#define MAX_SHOWN 120   /* longer source lines are cut around the caret */

static const char *severity_name(diag_severity s)
{
    return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" : "note";
}

/* Print the source line of `off` and a caret under it. */
static void show_line(strbuf *out, const srcmap *map, size_t off)
{
    int line, col;
    srcmap_locate(map, off, &line, &col);
    size_t len;
    const char *text = srcmap_line(map, line, &len);
    /* Work in bytes for cutting, in code points for the caret. */
    size_t caret_byte = off - (size_t)(text - map->src);
    if (caret_byte > len)
        caret_byte = len;
    size_t from = 0;
    if (caret_byte > MAX_SHOWN - 20)
        from = caret_byte - (MAX_SHOWN - 20);
    while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
        from--;
    size_t to = len;
    if (to - from > MAX_SHOWN)
        to = from + MAX_SHOWN;
    while (to < len && to > from && ((unsigned char)text[to] & 0xC0) == 0x80)
        to--;
    strbuf_puts(out, "    ");
    if (from)
        strbuf_puts(out, "...");
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)text[i];
        strbuf_putc(out, c == '\t' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : (char)c);
    }
    if (to < len)
        strbuf_puts(out, "...");
    strbuf_puts(out, "\n    ");
    if (from)
        strbuf_puts(out, "   ");
    for (size_t i = from; i < caret_byte; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            strbuf_putc(out, ' ');
    strbuf_puts(out, "^\n");
}

void diag_render(strbuf *out, const char *file, const srcmap *map, const diag *d)
{
    if (!d->has_span || !map) {
        strbuf_printf(out, "%s: %s: %s\n", file, severity_name(d->severity), d->msg);
        return;
    }
    int line, col;
    srcmap_locate(map, d->span.start, &line, &col);
    strbuf_printf(out, "%s:%d:%d: %s: %s\n", file, line, col, severity_name(d->severity), d->msg);
    show_line(out, map, d->span.start);
    if (d->note[0]) {
        srcmap_locate(map, d->note_span.start, &line, &col);
        strbuf_printf(out, "%s:%d:%d: note: %s\n", file, line, col, d->note);
        show_line(out, map, d->note_span.start);
    }
}
