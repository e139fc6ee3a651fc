/* fileio: reading a whole file into memory, the one place that does it. */
#ifndef VTL_BASE_FILEIO_H
#define VTL_BASE_FILEIO_H
#include <stddef.h>

/* Read all of path into a NUL-terminated heap buffer (the caller frees it)
 * and store its length (NUL bytes inside are kept). Returns NULL on failure
 * with errno set (ENOENT for a missing file, EFBIG past max bytes). */
char *file_read(const char *path, size_t max, size_t *len);

#endif
