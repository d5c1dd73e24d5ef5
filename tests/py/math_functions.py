# math: the common functions and constants; exact results where IEEE arithmetic makes them exact, 12 digits elsewhere.
import math


def r(x):
    return round(x, 12)


print(math.pi, math.e, math.tau, math.inf, -math.inf, math.isnan(math.nan))
print(math.sqrt(2), math.sqrt(16), math.floor(-2.5), math.ceil(-2.5), math.trunc(2.9), math.fabs(-3))
print(math.copysign(3, -0.0), math.fmod(7.5, 2), math.fmod(-7.5, 2), math.modf(3.25), math.frexp(12.0), math.ldexp(0.75, 4))
print(r(math.exp(1)), r(math.log(10)), r(math.log(8, 2)), math.log2(1024), math.log10(1000), r(math.log1p(1e-5)))
print(r(math.sin(1)), r(math.cos(1)), r(math.tan(0.5)), r(math.asin(0.5)), r(math.acos(0.5)), r(math.atan(1)))
print(r(math.atan2(1, -1)), math.hypot(3, 4), r(math.degrees(1)), r(math.radians(180)), r(math.sinh(1)), r(math.cosh(1)), r(math.tanh(1)))
print(math.pow(2, 10), math.pow(2, -1), math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.isclose(1, 1.05, rel_tol=0.1))
print(math.factorial(20), math.gcd(48, 36), math.gcd(0, 5), math.lcm(4, 6), math.isqrt(10 ** 20 + 1), math.comb(10, 3), math.perm(5, 2))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.prod([1, 2, 3, 4]), math.dist((0, 0), (3, 4)))
print(math.isinf(1e308 * 10), math.isfinite(0.0), math.floor(1e20), math.ceil(2 ** 70 + 0.0))
for bad in (lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.acos(2)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
