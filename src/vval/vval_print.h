/* vval_print: Java's String.valueOf() for every value kind.
 * Maps render {k=v, k2=v2}, lists [a, b], Doubles as Double.toString
 * (1.0, 1.23456789E8, 1.0E-5), null as "null" inside containers. */
#ifndef VTL_VVAL_VVAL_PRINT_H
#define VTL_VVAL_VVAL_PRINT_H
#include "vval.h"

/* Append String.valueOf(v) to out. */
void vval_print(strbuf *out, vval v);
/* Java Double.toString(d). */
void vval_print_double(strbuf *out, double d);
/* Decimal text of a 128-bit integer. */
void vval_print_i128(strbuf *out, __int128 x);
/* String.valueOf(v) as a fresh arena string. */
vstr *vval_to_vstr(arena *ar, vval v);
/* Java class name of a value ("java.lang.Integer", "java.util.ArrayList", ...). */
const char *vval_class_name(vval v);

#endif
