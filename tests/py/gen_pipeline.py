# A pipeline of generators: lazily chained stages, an infinite source cut short, and state kept per stage.
def naturals():
    n = 1
    while True:
        yield n
        n += 1


def squares(source):
    for n in source:
        yield n * n


def take(n, source):
    for i, value in enumerate(source):
        if i >= n:
            return
        yield value


def running_total(source):
    total = 0
    for v in source:
        total += v
        yield total


print(list(take(6, squares(naturals()))))
print(list(running_total(take(6, naturals()))))
evens = (n for n in naturals() if n % 2 == 0)
print([next(evens) for _ in range(4)])
