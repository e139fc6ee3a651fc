/* arena: chained blocks, bump allocation, release all at once. */
#include "arena.h"
#include "alloc.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define ALIGN ARENA_ALIGN
#define ARENA_MAX_BLOCK (256 * 1024)

struct arena_block {
    arena_block *prev;
    size_t used, cap;
    _Alignas(ALIGN) unsigned char data[];
};

void arena_init(arena *a, size_t block_size)
{
    a->cur = a->end = NULL;
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->total = 0;
}

/* Freed blocks of the common sizes wait here for the next arena of this
 * thread: an evaluation then costs no malloc/free for its first blocks. */
#define CACHE_SLOTS 16
#define CACHE_MAX_BYTES (2 * 1024 * 1024)   /* blocks up to ARENA_MAX_BLOCK, this much in all */
static _Thread_local arena_block *block_cache[CACHE_SLOTS];
static _Thread_local size_t cached, cached_bytes;

static arena_block *cache_take(size_t cap)
{
#ifdef ARENA_DEBUG
    (void)cap;   /* every block fresh, so tools see each allocation */
#else
    for (size_t i = cached; i-- > 0;) {
        arena_block *b = block_cache[i];
        if (b->cap == cap) {
            block_cache[i] = block_cache[--cached];
            cached_bytes -= b->cap;
            return b;
        }
    }
#endif
    return NULL;
}

static void release(arena_block *b)
{
#ifndef ARENA_DEBUG
    bool standard = (b->cap & (b->cap - 1)) == 0;   /* not a large request's own block */
    if (standard && b->cap <= ARENA_MAX_BLOCK && cached < CACHE_SLOTS &&
        cached_bytes + b->cap <= CACHE_MAX_BYTES) {
        block_cache[cached++] = b;
        cached_bytes += b->cap;
        return;
    }
#endif
    xfree(b);
}

void arena_cache_clear(void)
{
    while (cached > 0)
        xfree(block_cache[--cached]);
    cached_bytes = 0;
}

static arena_block *new_block(arena *a, size_t cap)
{
    arena_block *b = cache_take(cap);
    if (!b)
        b = xmalloc(sizeof *b + cap);
    b->prev = a->head;
    b->used = 0;
    b->cap = cap;
    a->head = b;
    return b;
}

#ifndef ARENA_DEBUG
/* The newest block serves the inline fast path through [cur, end). */
static void *bump(arena *a, arena_block *b, size_t n)
{
    void *p = b->data + b->used;
    b->used += n;
    a->cur = b->data + b->used;
    a->end = b->data + b->cap;
    return p;
}
#endif

void *arena_alloc_slow(arena *a, size_t n)
{
    a->total += n;
#ifdef ARENA_DEBUG
    /* One block per allocation, sized exactly, so tools see the bounds. */
    return new_block(a, n)->data;
#else
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    arena_block *b = a->head;
    if (b && a->cur)
        b->used = (size_t)(a->cur - b->data);  /* the fast path bumped cur only */
    if (!b || b->cap - b->used < n) {
        if (n > a->block_size / 4) {
            /* Large request: its own block, linked behind the current one so the
             * current block keeps serving small requests. */
            arena_block *big = xmalloc(sizeof *big + n);
            big->used = big->cap = n;
            if (b) {
                big->prev = b->prev;
                b->prev = big;
            } else {
                big->prev = NULL;
                a->head = big;
            }
            return big->data;
        }
        b = new_block(a, a->block_size);
        if (a->block_size < ARENA_MAX_BLOCK)
            a->block_size *= 2;  /* start small, grow for big evaluations */
    }
    return bump(a, b, n);
#endif
}

void *arena_calloc(arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void *arena_new_self(size_t n, size_t at, size_t block_size)
{
    arena a;
    arena_init(&a, block_size);
    unsigned char *obj = arena_calloc(&a, n);
    memcpy(obj + at, &a, sizeof a);   /* from here on the object's copy is the arena */
    return obj;
}

void arena_free_self(arena *a)
{
    arena copy = *a;   /* a lives inside memory the release frees */
    arena_free(&copy);
}

void *arena_grow(arena *a, void *p, size_t old_n, size_t new_n)
{
    /* The newest allocation grows in place when its block has room. */
    size_t old_r = (old_n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    size_t new_r = (new_n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (p && old_n && new_r >= old_r && (unsigned char *)p + old_r == a->cur &&
        (size_t)(a->end - (unsigned char *)p) >= new_r) {
        a->cur = (unsigned char *)p + new_r;
        a->total += new_n - old_n;
        return p;
    }
    void *q = arena_alloc(a, new_n);
    if (p && old_n)
        memcpy(q, p, old_n < new_n ? old_n : new_n);
    return q;
}

/* Release b and every older block behind it. */
static void release_chain(arena_block *b)
{
    while (b) {
        arena_block *prev = b->prev;
        release(b);
        b = prev;
    }
}

void arena_free(arena *a)
{
    release_chain(a->head);
    a->head = NULL;
    a->cur = a->end = NULL;
    a->total = 0;
}

void arena_reset(arena *a)
{
#ifdef ARENA_DEBUG
    arena_free(a);
#else
    arena_block *keep = a->head;
    if (!keep)
        return;
    release_chain(keep->prev);
    keep->prev = NULL;
    keep->used = 0;
    a->cur = keep->data;
    a->end = keep->data + keep->cap;
    a->total = 0;
#endif
}
