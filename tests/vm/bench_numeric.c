/*
 * tests/vm/bench_numeric.c - what the int, float and str objects will pay per operation in
 * vm/bigint.h, vm/dtoa.h and vm/format_spec.h: small-int arithmetic, conversions, repr.
 *
 * Each benchmark runs its operation over a fixed table of operands (so the loop cannot be
 * folded away; results go to a volatile sink) and prints ns per operation from the cycle
 * counter. Instruction counts, which do not depend on the machine's load, come from running
 * the same functions under callgrind (docs/numeric.md says how).
 */
#include "mm/malloc.h"
#include "tests/kbench.h"
#include "vm/bigint.h"
#include "vm/dtoa.h"
#include "vm/format_spec.h"

#define OPERANDS 256
#define ROUNDS   2000

static volatile uint64_t sink;

static uint64_t rng_state = 0x853c49e6748fea9bull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void report(const char *what, uint64_t cycles, uint64_t ops)
{
    uint64_t hz = platform_tsc_hz();
    kbench_row(what, cycles * 1000000000ull / hz / ops, "ns/op", NULL);
}

/* Operands of `digits` digits each (1: below 2^30, 2: below 2^60), random signs. */
struct operands {
    bigint_digit d[OPERANDS][2];
    struct bigint v[OPERANDS];
};

static void make_operands(struct operands *ops, int digits)
{
    for (int i = 0; i < OPERANDS; i++) {
        ops->d[i][0] = (bigint_digit)(rnd() & BIGINT_MASK) | 1;
        ops->d[i][1] = (bigint_digit)(rnd() & BIGINT_MASK) | 1;
        ops->v[i] = (struct bigint){ops->d[i], rnd() & 1 ? -digits : digits};
    }
}

static struct operands small_ops, medium_ops;

/* add, mul, divmod (by one-digit divisors), hash and str() over operands of `digits` digits. */
static void int_ops(int digits)
{
    bigint_digit out[8], rem[8];
    ptrdiff_t size, rsize;
    make_operands(&small_ops, 1);
    make_operands(&medium_ops, 2);
    const struct bigint *v = (digits == 1 ? &small_ops : &medium_ops)->v;
    uint64_t acc = 0, t0 = platform_cycles(), ops = (uint64_t)ROUNDS * OPERANDS;
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < OPERANDS; i++)
            acc += (uint64_t)bigint_add(out, v[i], v[(i + 1) % OPERANDS]) + out[0];
    report("add", platform_cycles() - t0, ops);
    t0 = platform_cycles();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < OPERANDS; i++) {
            bigint_mul(out, &size, v[i], v[(i + 1) % OPERANDS]);
            acc += (uint64_t)size + out[0];
        }
    report("mul", platform_cycles() - t0, ops);
    t0 = platform_cycles();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < OPERANDS; i++) {
            bigint_divmod(out, &size, rem, &rsize, v[i], small_ops.v[(i + 1) % OPERANDS]);
            acc += (uint64_t)size + out[0];
        }
    report("divmod", platform_cycles() - t0, ops);
    t0 = platform_cycles();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < OPERANDS; i++)
            acc += (uint64_t)bigint_hash(v[i]);
    report("hash", platform_cycles() - t0, ops);
    char text[64];
    size_t len;
    t0 = platform_cycles();
    for (int r = 0; r < ROUNDS; r++)
        for (int i = 0; i < OPERANDS; i++) {
            bigint_to_text(text, sizeof text, &len, v[i], 10, false, false);
            acc += len;
        }
    report("str()", platform_cycles() - t0, ops);
    sink = acc;
}

BENCH(numeric_int1, "bigint, one-digit operands (|v| < 2^30): add, mul, divmod, hash, str()")
{
    int_ops(1);
}

BENCH(numeric_int2, "bigint, two-digit operands (2^30 <= |v| < 2^60): the same")
{
    int_ops(2);
}

static double values[OPERANDS];

/* Random finite doubles (all bit patterns), or two-decimal values below 10^4. */
static void make_doubles(bool short_decimals)
{
    for (int i = 0; i < OPERANDS; i++) {
        uint64_t bits = rnd();
        if (((bits >> 52) & 0x7ff) == 0x7ff)
            bits ^= (uint64_t)1 << 52;
        memcpy(&values[i], &bits, sizeof bits);
        if (short_decimals)
            values[i] = (double)(rnd() % 1000000) / 100.0;
    }
}

BENCH(numeric_repr, "dtoa: repr of random doubles, and of two-decimal values below 10^4")
{
    char buf[DTOA_REPR_SIZE];
    uint64_t acc = 0, ops = (uint64_t)ROUNDS / 4 * OPERANDS;
    make_doubles(false);
    uint64_t t0 = platform_cycles();
    for (int r = 0; r < ROUNDS / 4; r++)
        for (int i = 0; i < OPERANDS; i++)
            acc += dtoa_repr(buf, values[i]);
    report("repr, random bits", platform_cycles() - t0, ops);
    make_doubles(true);
    t0 = platform_cycles();
    for (int r = 0; r < ROUNDS / 4; r++)
        for (int i = 0; i < OPERANDS; i++)
            acc += dtoa_repr(buf, values[i]);
    report("repr, values below 10^4", platform_cycles() - t0, ops);
    sink = acc;
}

BENCH(numeric_parse, "dtoa: float() of the reprs of random doubles")
{
    static char reprs[OPERANDS][DTOA_REPR_SIZE];
    static size_t repr_len[OPERANDS];
    make_doubles(false);
    for (int i = 0; i < OPERANDS; i++)
        repr_len[i] = dtoa_repr(reprs[i], values[i]);
    uint64_t acc = 0, t0 = platform_cycles();
    double x = 0;
    for (int r = 0; r < ROUNDS / 4; r++)
        for (int i = 0; i < OPERANDS; i++) {
            dtoa_parse(reprs[i], repr_len[i], &x);
            acc += (uint64_t)(x != 0);
        }
    report("float(repr), random bits", platform_cycles() - t0, (uint64_t)ROUNDS / 4 * OPERANDS);
    sink = acc;
}

BENCH(numeric_format, "dtoa and format_spec: '%.2f' and format(x, '>12,.2f') of values below 10^4")
{
    uint64_t acc = 0;
    make_doubles(true);
    char fixed[400];
    size_t len;
    uint64_t t0 = platform_cycles();
    for (int r = 0; r < ROUNDS / 16; r++)
        for (int i = 0; i < OPERANDS; i++) {
            dtoa_format(fixed, sizeof fixed, &len, values[i], 'f', 2, 0);
            acc += len;
        }
    report("'%.2f', values below 10^4", platform_cycles() - t0, (uint64_t)ROUNDS / 16 * OPERANDS);
    struct fmt_buf out;
    fmt_buf_init(&out);
    t0 = platform_cycles();
    for (int r = 0; r < ROUNDS / 16; r++)
        for (int i = 0; i < OPERANDS; i++) {
            out.len = 0;
            format_double(&out, values[i], ">12,.2f", 7, "float");
            acc += out.len;
        }
    report("format(x, '>12,.2f')", platform_cycles() - t0, (uint64_t)ROUNDS / 16 * OPERANDS);
    fmt_buf_free(&out);
    sink = acc;
}
