/* srcmap: line-start table and offset -> line:col lookup (binary search). */
#include "srcmap.h"
#include "alloc.h"

void srcmap_init(srcmap *m, const char *src, size_t len)
{
    size_t cap = 64, n = 0;
    size_t *starts = xmalloc(cap * sizeof *starts);
    starts[n++] = 0;
    for (size_t i = 0; i < len; i++) {
        if (src[i] == '\n') {
            if (n == cap) {
                cap *= 2;
                starts = xrealloc(starts, cap * sizeof *starts);
            }
            starts[n++] = i + 1;
        }
    }
    m->src = src;
    m->len = len;
    m->line_starts = starts;
    m->nlines = n;
}

void srcmap_free(srcmap *m)
{
    xfree(m->line_starts);
    m->line_starts = NULL;
    m->nlines = 0;
}

void srcmap_locate(const srcmap *m, size_t off, int *line, int *col)
{
    if (off > m->len)
        off = m->len;
    size_t lo = 0, hi = m->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    int c = 1;
    for (size_t i = m->line_starts[lo]; i < off; i++)
        if (((unsigned char)m->src[i] & 0xC0) != 0x80)
            c++;
    *line = (int)lo + 1;
    *col = c;
}

const char *srcmap_line(const srcmap *m, int line, size_t *len)
{
    if (line < 1 || (size_t)line > m->nlines) {
        *len = 0;
        return "";
    }
    size_t s = m->line_starts[line - 1];
    size_t e = s;
    while (e < m->len && m->src[e] != '\n')
        e++;
    if (e > s && m->src[e - 1] == '\r')
        e--;
    *len = e - s;
    return m->src + s;
}
