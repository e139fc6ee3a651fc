/* diag: one diagnostic (error or warning) about a source text.
 *
 * A diag holds a message, a primary byte span and an optional labelled
 * secondary span ("#foreach opened here"). The library never prints: it hands
 * diags to the caller, and diag_render() formats one the way compilers do:
 *
 *   resolver.vtl:3:13: error: unexpected ')' after #if condition
 *       #if($a == 1))
 *                   ^
 */
#ifndef VTL_BASE_DIAG_H
#define VTL_BASE_DIAG_H
#include "srcmap.h"
#include "strbuf.h"
#include <stdbool.h>

#define DIAG_MSG_MAX 512

typedef enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct diag {
    diag_severity severity;
    vtl_span span;                 /* primary location */
    bool has_span;
    vtl_span note_span;            /* secondary location, when note[0] */
    char msg[DIAG_MSG_MAX];
    char note[128];                /* label for note_span, e.g. "#if opened here" */
} diag;

/* Append the rendered diagnostic (message line, source line, caret line, and the
 * secondary location if any) to out. `file` names the source in the message. */
void diag_render(strbuf *out, const char *file, const srcmap *map, const diag *d);

#endif
