/* util_math: the $util.math namespace (reference 4.15): rounding, minimum and
 * maximum with Java's Math semantics, and random numbers. Number parameters
 * behave as Java primitives: Integer, Long and Double arguments all reach a
 * `double` parameter (so minVal(1, 2) is 1.0). Random values come from the
 * evaluation's splitmix64 generator, which --seed makes deterministic. */
#include "util/util.h"
#include <math.h>
#include <stdint.h>

#define FN(name) static mres name(eval_state *ev, vval self, const vval *a, size_t na, vval *out, \
                                  const ast_node *site)
#define UNUSED (void)ev, (void)self, (void)a, (void)na, (void)site

/* A `double` parameter: Integer, Long and Double widen to it (not BigInteger or null). */
static bool arg_double(vval v, double *d)
{
    if (v.kind != VVAL_INT && v.kind != VVAL_LONG && v.kind != VVAL_DOUBLE)
        return false;
    *d = vval_as_double(v);
    return true;
}

/* Math.round(double): floor(d + 1/2) without the rounding error of the sum,
 * NaN -> 0, saturating at the long range. */
static int64_t java_round(double d)
{
    if (isnan(d))
        return 0;
    double f = floor(d);
    if (d - f >= 0.5)
        f += 1.0;
    if (f >= 9223372036854775807.0)
        return INT64_MAX;
    if (f <= -9223372036854775808.0)
        return INT64_MIN;
    return (int64_t)f;
}

/* roundNum(Double): the nearest integer, halves up (2.5 -> 3, -2.5 -> -2); an
 * Integer, or a Long when it does not fit (the range case is open, 10.9). */
FN(m_round_num)
{
    UNUSED;
    double d;
    if (!arg_double(a[0], &d))
        return M_NOTFOUND;
    *out = vval_integral(ev->ar, java_round(d));
    return M_OK;
}

/* Math.min / Math.max: NaN wins, and -0.0 is below 0.0. */
static double java_minmax(double x, double y, bool max)
{
    if (isnan(x) || isnan(y))
        return NAN;
    if (x == y)  /* only the sign of a zero can differ */
        return (signbit(x) != 0) == max ? y : x;
    return (x < y) == max ? y : x;
}

static mres minmax(eval_state *ev, const vval *a, vval *out, bool max)
{
    double x, y;
    if (!arg_double(a[0], &x) || !arg_double(a[1], &y))
        return M_NOTFOUND;
    *out = vval_double(java_minmax(x, y, max));
    return M_OK;
}

FN(m_min_val) { UNUSED; return minmax(ev, a, out, false); }
FN(m_max_val) { UNUSED; return minmax(ev, a, out, true); }


/* randomDouble(): uniform in [0, 1), 53 random bits as Java's nextDouble. */
FN(m_random_double)
{
    UNUSED;
    *out = vval_double((double)(eval_random(ev) >> 11) * 0x1.0p-53);
    return M_OK;
}

/* randomWithinRange(Integer lo, Integer hi): uniform in [lo, hi], both ends
 * included (inclusivity is open, 10.9); lo > hi throws as Java's bounded
 * generators do. */
FN(m_random_within_range)
{
    UNUSED;
    if ((!arg_is_int(a[0]) && !vval_is_null(a[0])) || (!arg_is_int(a[1]) && !vval_is_null(a[1])))
        return M_NOTFOUND;
    if (vval_is_null(a[0]) || vval_is_null(a[1])) {
        *out = vval_null();
        return M_OK;
    }
    int64_t lo = a[0].u.i, hi = a[1].u.i;
    if (lo > hi)
        return method_throw(ev, site, "Invocation of method 'randomWithinRange' threw exception "
                            "java.lang.IllegalArgumentException: bound must be greater than origin");
    uint64_t span = (uint64_t)(hi - lo) + 1;
    uint64_t r = (uint64_t)(((unsigned __int128)eval_random(ev) * span) >> 64);
    *out = vval_int((int32_t)(lo + (int64_t)r));
    return M_OK;
}

static const method_def math_fns[] = {
    {"maxVal", m_max_val, 2, 2},
    {"minVal", m_min_val, 2, 2},
    {"randomDouble", m_random_double, 0, 0},
    {"randomWithinRange", m_random_within_range, 2, 2},
    {"roundNum", m_round_num, 1, 1},
};
const util_ns util_ns_math = {"math", math_fns, sizeof math_fns / sizeof *math_fns};
