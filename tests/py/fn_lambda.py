# Lambdas: expressions as functions, as sort keys, with defaults, returning lambdas, and their __name__.
square = lambda x: x * x
print(square(7), square.__name__)
add = lambda a, b=10: a + b
print(add(1), add(1, 2))
pairs = [(3, "c"), (1, "a"), (2, "b")]
print(sorted(pairs, key=lambda p: p[1], reverse=True))
compose = lambda f, g: lambda x: f(g(x))
print(compose(square, lambda x: x + 1)(3))
print((lambda *a, **k: (a, k))(1, 2, z=3))
print(list(map(lambda s: s.upper(), ["x", "y"])))
