/* alloc: malloc wrappers that abort on out-of-memory. */
#include "alloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void alloc_fail(size_t n)
{
    fprintf(stderr, "vtl: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        alloc_fail(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        alloc_fail(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        alloc_fail(n);
    return q;
}

char *xmemdup0(const void *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xmemdup0(s, strlen(s));
}

void xfree(void *p)
{
    free(p);
}
