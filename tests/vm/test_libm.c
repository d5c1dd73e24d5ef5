/*
 * tests/vm/test_libm.c - vm/libm against glibc's libm (which CPython calls), hosted only.
 *
 * Special values: every function at every combination of a set of special arguments (signed
 * zeros, infinities, NaN, +-1, the extremes of the normal and subnormal ranges, ...) must give
 * glibc's result bit for bit (any NaN matches any NaN); glibc follows C99 Annex F there.
 *
 * Accuracy against glibc: a fixed pseudo-random sample per function (splitmix64, seed fixed,
 * drawn uniformly or by exponent over the ranges that exercise each reduction) must stay within
 * the function's bound in ulps of glibc: 0 for the exact functions; otherwise ours is correctly
 * rounded (next paragraph), so the bound is glibc's own error rounded up: 1, and 2 for log10 and
 * the hyperbolic functions, where glibc is up to 2 ulp off (sinh(-0x1.e2481ff4b6b34p-2) is one).
 * Each test notes the fraction of results bit-identical to glibc; LIBM_SAMPLES=N in the
 * environment changes the sample size (the default keeps the suite quick under ASan).
 *
 * Correct rounding: tests/vm/libm_cases.h (tests/vm/gen_libm_cases.py, mpmath at 1300 bits)
 * holds arguments with their correctly rounded results, which ours must return exactly.
 */
#include "tests/ktest.h"
#include "vm/libm.h"

#ifdef PLATFORM_HOSTED
#include <float.h>
#include <math.h>
#include <stdlib.h>

#define DEFAULT_SAMPLES 20000

static uint64_t rng_state;

static uint64_t splitmix64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform01(void)
{
    return (double)(splitmix64() >> 11) * 0x1p-53;
}

static uint64_t bits_of(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

/* Distance in ulps (doubles in order as integers); NaN only matches NaN. */
static uint64_t ulp_distance(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) ? 0 : UINT64_MAX;
    int64_t ia = (int64_t)bits_of(a), ib = (int64_t)bits_of(b);
    if (ia < 0)
        ia = INT64_MIN - ia;
    if (ib < 0)
        ib = INT64_MIN - ib;
    return ia > ib ? (uint64_t)(ia - ib) : (uint64_t)(ib - ia);
}

static bool same(double a, double b)
{
    return (isnan(a) && isnan(b)) || bits_of(a) == bits_of(b);
}

static long samples(void)
{
    const char *env = getenv("LIBM_SAMPLES");
    long n = env ? atol(env) : DEFAULT_SAMPLES;
    return n > 0 ? n : DEFAULT_SAMPLES;
}

/* A range of arguments: uniform in [lo, hi], or (log) |x| = 2^e with e uniform in [lo, hi]
 * and a random sign when `sign` is set. */
struct range {
    bool log;
    double lo, hi;
    bool sign;
};

static double draw(const struct range *r)
{
    double x;
    if (r->log)
        x = exp2(r->lo + (r->hi - r->lo) * uniform01());
    else
        x = r->lo + (r->hi - r->lo) * uniform01();
    if (r->sign && (splitmix64() & 1))
        x = -x;
    return x;
}

#define MAX_RANGES 4

struct unary {
    const char *name;
    double (*ours)(double), (*glibc)(double);
    unsigned max_ulp;
    struct range ranges[MAX_RANGES];
};

struct binary {
    const char *name;
    double (*ours)(double, double), (*glibc)(double, double);
    unsigned max_ulp;
    struct range x[MAX_RANGES], y[MAX_RANGES];
};

#define U(x) {false, -(x), (x), false}
#define R(a, b) {false, (a), (b), false}
#define L(a, b) {true, (a), (b), true}   /* both signs */
#define LP(a, b) {true, (a), (b), false} /* positive */

static const struct unary unaries[] = {
    {"sqrt", libm_sqrt, sqrt, 0, {LP(-1074, 1023), R(0, 4)}},
    {"floor", libm_floor, floor, 0, {L(-3, 60), U(10)}},
    {"ceil", libm_ceil, ceil, 0, {L(-3, 60), U(10)}},
    {"trunc", libm_trunc, trunc, 0, {L(-3, 60), U(10)}},
    {"fabs", libm_fabs, fabs, 0, {L(-1074, 1023)}},
    {"exp", libm_exp, exp, 1, {R(-745.2, 709.8), U(1), L(-60, 0), U(0.01)}},
    {"expm1", libm_expm1, expm1, 1, {R(-50, 709.8), U(1), L(-60, 0), U(0.01)}},
    {"log", libm_log, log, 1, {LP(-1074, 1023), R(0.5, 2), R(0.99, 1.01), LP(-3, 3)}},
    {"log1p", libm_log1p, log1p, 1, {LP(-60, 1023), R(-1, 1), L(-60, -1), R(-0.01, 0.01)}},
    {"log2", libm_log2, log2, 1, {LP(-1074, 1023), R(0.5, 2), R(0.99, 1.01)}},
    {"log10", libm_log10, log10, 2, {LP(-1074, 1023), R(0.5, 2), R(0.99, 1.01)}},
    {"sin", libm_sin, sin, 1, {U(10), L(-30, 1023), U(1e6), L(-30, 0)}},
    {"cos", libm_cos, cos, 1, {U(10), L(-30, 1023), U(1e6), L(-30, 0)}},
    {"tan", libm_tan, tan, 1, {U(10), L(-30, 1023), U(1e6), L(-30, 0)}},
    {"atan", libm_atan, atan, 1, {U(10), L(-60, 70), U(1)}},
    {"asin", libm_asin, asin, 1, {U(1), L(-60, 0), R(0.9, 1)}},
    {"acos", libm_acos, acos, 1, {U(1), L(-60, 0), R(0.9, 1), R(-1, -0.9)}},
    {"sinh", libm_sinh, sinh, 2, {U(1), U(711), L(-30, 3), U(40)}},
    {"cosh", libm_cosh, cosh, 2, {U(1), U(711), L(-30, 3), U(40)}},
    {"tanh", libm_tanh, tanh, 2, {U(1), U(25), L(-30, 3)}},
    {"asinh", libm_asinh, asinh, 2, {U(1), L(-30, 1023), U(100)}},
    {"acosh", libm_acosh, acosh, 2, {R(1, 2), LP(0, 1023), R(1, 100)}},
    {"atanh", libm_atanh, atanh, 2, {U(1), L(-30, 0), R(0.9, 1)}},
};

static const struct binary binaries[] = {
    {"pow", libm_pow, pow, 1,
     {LP(-1074, 1023), R(0, 4), R(0.9, 1.1), U(100)},
     {U(100), U(2), L(-30, 10), R(-1100, 1100)}},
    {"atan2", libm_atan2, atan2, 1, {U(10), L(-1074, 1023)}, {U(10), L(-1074, 1023)}},
    {"hypot", libm_hypot, hypot, 1, {U(10), L(-1074, 1023)}, {U(10), L(-1074, 1023)}},
    {"fmod", libm_fmod, fmod, 0, {U(1e6), L(-1074, 1023)}, {U(10), L(-1074, 1023)}},
};

static int nranges(const struct range *r)
{
    int n = 0;
    while (n < MAX_RANGES && (r[n].lo != 0 || r[n].hi != 0))
        n++;
    return n;
}

static void report(const char *name, long n, long identical, uint64_t worst, double worst_x,
                   double worst_y, unsigned max_ulp)
{
    ktest_note("%s: %ld of %ld bit-identical to glibc (%.6f%%), worst %lu ulp at (%a, %a)", name,
               identical, n, 100.0 * (double)identical / (double)n, (unsigned long)worst, worst_x,
               worst_y);
    if (worst > max_ulp)
        ktest_fail(__FILE__, __LINE__, "%s: %lu ulp from glibc at (%a, %a), bound %u", name,
                   (unsigned long)worst, worst_x, worst_y, max_ulp);
}

static void check_unary(const struct unary *f)
{
    long n = samples(), identical = 0;
    uint64_t worst = 0;
    double worst_x = 0;
    int nr = nranges(f->ranges);

    rng_state = 0x5eed0000 + (uint64_t)f->name[0] * 131 + (uint64_t)f->name[1];
    for (long i = 0; i < n; i++) {
        double x = draw(&f->ranges[i % nr]);
        double a = f->ours(x), b = f->glibc(x);
        uint64_t d = ulp_distance(a, b);
        identical += d == 0;
        if (d > worst)
            worst = d, worst_x = x;
    }
    report(f->name, n, identical, worst, worst_x, 0, f->max_ulp);
}

static void check_binary(const struct binary *f)
{
    long n = samples(), identical = 0;
    uint64_t worst = 0;
    double worst_x = 0, worst_y = 0;
    int nx = nranges(f->x), ny = nranges(f->y);

    rng_state = 0xb1a40000 + (uint64_t)f->name[0] * 131 + (uint64_t)f->name[1];
    for (long i = 0; i < n; i++) {
        double x = draw(&f->x[i % nx]), y = draw(&f->y[(i / nx) % ny]);
        double a = f->ours(x, y), b = f->glibc(x, y);
        uint64_t d = ulp_distance(a, b);
        identical += d == 0;
        if (d > worst)
            worst = d, worst_x = x, worst_y = y;
    }
    report(f->name, n, identical, worst, worst_x, worst_y, f->max_ulp);
}

static const double specials[] = {
    0.0, -0.0, INFINITY, -INFINITY, NAN, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 0.25,
    DBL_MIN, -DBL_MIN, DBL_MAX, -DBL_MAX, 0x1p-1074, -0x1p-1074, 0x1.8p-1070, 1.5, -1.5, 10.0,
    1e-300, 1e300, 0x1p-30, 0x1p53, -0x1p53, 0x1p53 + 2, 709.0, 710.0, -745.0, -746.0,
    0x1.921fb54442d18p+0, 0x1.921fb54442d18p+1, 1e22, 0x1p1023, 1 + 0x1p-52, 1 - 0x1p-53,
};
#define NSPECIALS (sizeof specials / sizeof specials[0])

static bool is_special(double x)
{
    return x == 0 || !isfinite(x);
}

/*
 * Where Annex F fixes the result (a zero, infinite or NaN argument or result) it must be
 * glibc's bit for bit, sign of zero included; elsewhere among the special arguments within
 * 1 ulp (glibc is not always correctly rounded: expm1(1), sinh(2), log10(pi) are 1 ulp off).
 */
static void check_special(const char *name, double x, double y, bool binary, double ours,
                          double glibc)
{
    bool fixed = is_special(x) || (binary && is_special(y)) || is_special(glibc);
    if (fixed ? !same(ours, glibc) : ulp_distance(ours, glibc) > 1) {
        if (binary)
            ktest_fail(__FILE__, __LINE__, "%s(%a, %a) is %a, glibc %a", name, x, y, ours, glibc);
        else
            ktest_fail(__FILE__, __LINE__, "%s(%a) is %a, glibc %a", name, x, ours, glibc);
    }
}

TEST(libm, special_values_unary)
{
    for (size_t f = 0; f < sizeof unaries / sizeof unaries[0]; f++)
        for (size_t i = 0; i < NSPECIALS; i++) {
            double x = specials[i];
            check_special(unaries[f].name, x, 0, false, unaries[f].ours(x), unaries[f].glibc(x));
        }
}

/* pow's Annex F table, atan2's signed zeros and quadrants, hypot's inf beating NaN, fmod. */
TEST(libm, special_values_binary)
{
    for (size_t f = 0; f < sizeof binaries / sizeof binaries[0]; f++)
        for (size_t i = 0; i < NSPECIALS; i++)
            for (size_t j = 0; j < NSPECIALS; j++) {
                double x = specials[i], y = specials[j];
                check_special(binaries[f].name, x, y, true, binaries[f].ours(x, y),
                              binaries[f].glibc(x, y));
            }
}

/* The splitting functions' second results, which the tables above cannot see. */
TEST(libm, frexp_modf_ldexp)
{
    for (size_t i = 0; i < NSPECIALS; i++) {
        double x = specials[i], ip_ours, ip_glibc;
        int e_ours, e_glibc;
        EXPECT_TRUE(same(libm_frexp(x, &e_ours), frexp(x, &e_glibc)));
        if (isfinite(x))
            EXPECT_EQ(e_ours, e_glibc);
        EXPECT_TRUE(same(libm_modf(x, &ip_ours), modf(x, &ip_glibc)));
        EXPECT_TRUE(same(ip_ours, ip_glibc));
        static const int exps[] = {0, 1, -1, 52, -52, 1023, -1022, -1074, -1075, 2000, -2000,
                                   1 << 30, -(1 << 30), 2098, -2098};
        for (size_t j = 0; j < sizeof exps / sizeof exps[0]; j++)
            if (!same(libm_ldexp(x, exps[j]), ldexp(x, exps[j])))
                ktest_fail(__FILE__, __LINE__, "ldexp(%a, %d) is %a, glibc %a", x, exps[j],
                           libm_ldexp(x, exps[j]), ldexp(x, exps[j]));
    }
    /* Rounding into the subnormals: ties to even, and a tail beyond the tie rounding up. */
    rng_state = 0x1d3;
    for (int i = 0; i < 20000; i++) {
        double x = 1.0 + (double)(splitmix64() >> 12) * 0x1p-52;
        int e = -1022 - (int)(splitmix64() % 60);
        if (!same(libm_ldexp(x, e), ldexp(x, e)))
            ktest_fail(__FILE__, __LINE__, "ldexp(%a, %d) is %a, glibc %a", x, e, libm_ldexp(x, e),
                       ldexp(x, e));
    }
}

TEST(libm, accuracy_exact_functions)
{
    for (size_t f = 0; f < sizeof unaries / sizeof unaries[0]; f++)
        if (unaries[f].max_ulp == 0)
            check_unary(&unaries[f]);
    for (size_t f = 0; f < sizeof binaries / sizeof binaries[0]; f++)
        if (binaries[f].max_ulp == 0)
            check_binary(&binaries[f]);
}

#define ACCURACY_TEST(fname)                                                                      \
    TEST(libm, accuracy_##fname)                                                                  \
    {                                                                                             \
        for (size_t f = 0; f < sizeof unaries / sizeof unaries[0]; f++)                           \
            if (strcmp(unaries[f].name, #fname) == 0)                                             \
                { check_unary(&unaries[f]); return; }                                              \
        for (size_t f = 0; f < sizeof binaries / sizeof binaries[0]; f++)                         \
            if (strcmp(binaries[f].name, #fname) == 0)                                            \
                { check_binary(&binaries[f]); return; }                                            \
        ktest_fail(__FILE__, __LINE__, "no table entry for %s", #fname);                          \
    }

ACCURACY_TEST(exp)
ACCURACY_TEST(expm1)
ACCURACY_TEST(log)
ACCURACY_TEST(log1p)
ACCURACY_TEST(log2)
ACCURACY_TEST(log10)
ACCURACY_TEST(pow)
ACCURACY_TEST(sin)
ACCURACY_TEST(cos)
ACCURACY_TEST(tan)
ACCURACY_TEST(atan)
ACCURACY_TEST(atan2)
ACCURACY_TEST(asin)
ACCURACY_TEST(acos)
ACCURACY_TEST(sinh)
ACCURACY_TEST(cosh)
ACCURACY_TEST(tanh)
ACCURACY_TEST(asinh)
ACCURACY_TEST(acosh)
ACCURACY_TEST(atanh)
ACCURACY_TEST(hypot)

#endif /* PLATFORM_HOSTED */

#include "tests/vm/libm_cases.h"

static double from_bits(uint64_t u)
{
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

static const struct {
    const char *name;
    double (*unary)(double);
    double (*binary)(double, double);
} case_functions[] = {
    {"exp", libm_exp, NULL},     {"expm1", libm_expm1, NULL}, {"log", libm_log, NULL},
    {"log1p", libm_log1p, NULL}, {"log2", libm_log2, NULL},   {"log10", libm_log10, NULL},
    {"sin", libm_sin, NULL},     {"cos", libm_cos, NULL},     {"tan", libm_tan, NULL},
    {"atan", libm_atan, NULL},   {"asin", libm_asin, NULL},   {"acos", libm_acos, NULL},
    {"sinh", libm_sinh, NULL},   {"cosh", libm_cosh, NULL},   {"tanh", libm_tanh, NULL},
    {"asinh", libm_asinh, NULL}, {"acosh", libm_acosh, NULL}, {"atanh", libm_atanh, NULL},
    {"pow", NULL, libm_pow},     {"atan2", NULL, libm_atan2}, {"hypot", NULL, libm_hypot},
};

/*
 * Correct rounding: the results mpmath computed to 1300 bits and rounded once
 * (tests/vm/gen_libm_cases.py), for arguments that include the hardest double for trigonometric
 * reduction (6381956970095103 2^797) and the neighbourhood of 1 for the logarithms. Runs in the
 * kernel too (no glibc needed).
 */
TEST(libm, correctly_rounded_cases)
{
    size_t ncases = sizeof libm_cases / sizeof libm_cases[0], nf = 0, wrong = 0;

    for (size_t i = 0; i < ncases; i++) {
        const struct libm_case *c = &libm_cases[i];
        while (nf < sizeof case_functions / sizeof case_functions[0] &&
               strcmp(case_functions[nf].name, c->name) != 0)
            nf++;
        ASSERT_LT(nf, sizeof case_functions / sizeof case_functions[0]);
        double x = from_bits(c->x), y = from_bits(c->y), want = from_bits(c->want);
        double got = case_functions[nf].unary ? case_functions[nf].unary(x)
                                              : case_functions[nf].binary(x, y);
        uint64_t got_bits;
        memcpy(&got_bits, &got, sizeof got_bits);
        if (got_bits != c->want && !(got != got && want != want)) {
            wrong++;
            if (case_functions[nf].unary)
                ktest_fail(__FILE__, __LINE__, "%s(%a) is %a, correctly rounded %a", c->name, x,
                           got, want);
            else
                ktest_fail(__FILE__, __LINE__, "%s(%a, %a) is %a, correctly rounded %a", c->name, x,
                           y, got, want);
        }
    }
    ktest_note("%zu of %zu cases correctly rounded", ncases - wrong, ncases);
}
