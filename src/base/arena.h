/* arena: a bump allocator whose memory is released all at once.
 *
 * Each evaluation owns one arena: values, strings, scopes and output records are
 * carved from it and freed together by arena_free(); nothing is freed one at a
 * time. Each parsed template owns another for its AST. Blocks are chained
 * newest-first; a request larger than the block size gets its own block.
 * With --enable-arena-debug (ARENA_DEBUG) every allocation is a separate malloc,
 * so AddressSanitizer and Valgrind see overflows and use-after-free. */
#ifndef VTL_BASE_ARENA_H
#define VTL_BASE_ARENA_H
#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
    unsigned char *cur;  /* free space of the newest block: [cur, end) */
    unsigned char *end;  /* (both NULL under ARENA_DEBUG: every call is slow) */
    arena_block *head;   /* newest block, where allocation happens */
    size_t block_size;   /* size of the next block; doubles up to 256 KiB */
    size_t total;        /* bytes handed out, for limits and statistics */
} arena;

#define ARENA_ALIGN 16

/* Initialise an empty arena whose first block has block_size bytes (no memory
 * is taken until the first allocation). */
void arena_init(arena *a, size_t block_size);
/* The out-of-line path of arena_alloc: a new block, a large request, or
 * ARENA_DEBUG's one malloc per allocation. Never inlined: inlined (as link-time
 * optimisation would) it makes every small allocator save six registers. */
__attribute__((noinline)) void *arena_alloc_slow(arena *a, size_t n);

/* Allocate n bytes aligned for any type. Never returns NULL. Inline: most
 * allocations are a bump of the current block's pointer. */
static inline void *arena_alloc(arena *a, size_t n)
{
    size_t r = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if ((size_t)(a->end - a->cur) >= r && r >= n) {
        void *p = a->cur;
        a->cur += r;
        a->total += n;
        return p;
    }
    return arena_alloc_slow(a, n);
}
/* Allocate n zeroed bytes. */
void *arena_calloc(arena *a, size_t n);
/* Allocate a zeroed object of n bytes that holds its own arena at byte
 * offset `at` (an arena_init'ed arena with block_size): the object and
 * everything later allocated from its arena go in one release, by
 * arena_free_self. Saves a separate malloc for structs that own an arena. */
void *arena_new_self(size_t n, size_t at, size_t block_size);
/* Release an object made by arena_new_self, given its arena. */
void arena_free_self(arena *a);
/* Copy n bytes into the arena and NUL-terminate them. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Grow an arena allocation: returns a block of new_n bytes holding the first
 * old_n bytes of p. The old block is not reclaimed. */
void *arena_grow(arena *a, void *p, size_t old_n, size_t new_n);
/* Release every block. The arena may be reused after arena_init(). */
void arena_free(arena *a);
/* Free the blocks this thread keeps for reuse (released arenas park up to 16
 * blocks of at most 256 KiB, 2 MiB in all, there). Call before a thread or
 * program ends. */
void arena_cache_clear(void);
/* Forget every allocation but keep the newest block for reuse (a scratch
 * arena used per request then costs no malloc/free). With ARENA_DEBUG every
 * block is released, so tools still see use-after-reset. */
void arena_reset(arena *a);

#endif
