/* srcmap: turns a byte offset in a source text into a 1-based line and column.
 * Tokens and AST nodes carry byte spans; positions are computed only when a
 * message is rendered. Columns count code points (UTF-8 lead bytes), so a caret
 * lines up under non-ASCII text. Lines end at \n; a \r before it is not counted. */
#ifndef VTL_BASE_SRCMAP_H
#define VTL_BASE_SRCMAP_H
#include <stddef.h>

typedef struct vtl_span {
    size_t start, end;   /* byte offsets, end exclusive */
} vtl_span;

typedef struct srcmap {
    const char *src;
    size_t len;
    size_t *line_starts;   /* heap; line_starts[i] = offset of line i+1 */
    size_t nlines;
} srcmap;

/* Index src (borrowed: it must outlive the map). */
void srcmap_init(srcmap *m, const char *src, size_t len);
void srcmap_free(srcmap *m);
/* 1-based line and column of byte offset off (clamped to the text). */
void srcmap_locate(const srcmap *m, size_t off, int *line, int *col);
/* The text of 1-based line `line` without its terminator. */
const char *srcmap_line(const srcmap *m, int line, size_t *len);

#endif
