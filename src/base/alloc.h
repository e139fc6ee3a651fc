/* alloc: the single allocation entry point of libvtl.
 * Every heap allocation goes through these so there is one place that handles
 * out-of-memory (print and abort) and one place to count or inject failures. */
#ifndef VTL_BASE_ALLOC_H
#define VTL_BASE_ALLOC_H
#include <stddef.h>

/* Allocate n bytes; never returns NULL (aborts with a message on OOM). */
void *xmalloc(size_t n);
/* Allocate n zeroed bytes; never returns NULL. */
void *xcalloc(size_t count, size_t size);
/* Resize p to n bytes; never returns NULL. */
void *xrealloc(void *p, size_t n);
/* Duplicate a NUL-terminated string into fresh heap memory the caller owns. */
char *xstrdup(const char *s);
/* Duplicate n bytes and append a NUL. */
char *xmemdup0(const void *s, size_t n);
void xfree(void *p);
/* The out-of-memory exit: prints how much was asked for and aborts. */
_Noreturn void alloc_fail(size_t n);

#endif
