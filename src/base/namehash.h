/* namehash: a constant-time hash for short names (variables, methods): their
 * first and last eight bytes and their length. Equal hashes are settled by
 * comparing the names, so collisions cost a compare, never a wrong answer. */
#ifndef VTL_BASE_NAMEHASH_H
#define VTL_BASE_NAMEHASH_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t name_hash(const char *name, size_t len)
{
    uint64_t a = 0, b = 0;
    if (len >= 8) {
        memcpy(&a, name, 8);
        memcpy(&b, name + len - 8, 8);
    } else {
        for (size_t i = 0; i < len; i++)
            a = a << 8 | (unsigned char)name[i];
    }
    uint64_t h = a * 0x9E3779B97F4A7C15ull ^ b * 0xC2B2AE3D27D4EB4Full ^ len;
    return (uint32_t)(h >> 29) ^ (uint32_t)h;
}

#endif
