# Conditional expressions and assignment expressions (:=) in if, while and comprehensions.
for n in range(4):
    print(n, "even" if n % 2 == 0 else "odd", "big" if n > 2 else "small" if n > 0 else "zero")
data = [5, 3, 0, 7]
if (count := len(data)) > 3:
    print("count", count)
it = iter(data)
while (item := next(it, None)) is not None:
    print("item", item)
print([y for x in range(6) if (y := x * x) % 2 == 0], y)
