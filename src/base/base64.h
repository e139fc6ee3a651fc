/* base64: the standard alphabet (RFC 4648), padded, for $util.base64Encode,
 * DynamoDB binary values and the resolver's pagination tokens. */
#ifndef VTL_BASE_BASE64_H
#define VTL_BASE_BASE64_H
#include "strbuf.h"
#include <stddef.h>

/* Append the padded base64 of n bytes. */
void base64_encode(strbuf *out, const void *p, size_t n);
/* The value of a character of the standard alphabet, or -1. */
int base64_digit(unsigned char c);
/* Decode leniently, as Node's Buffer and RFC 2045 readers do: characters
 * outside the alphabet (the URL-safe '-' and '_' count as '+' and '/') are
 * skipped, and the first '=' ends the data. out must hold n / 4 * 3 + 3
 * bytes; returns how many were written. */
size_t base64_decode_lenient(const char *s, size_t n, unsigned char *out);

#endif
