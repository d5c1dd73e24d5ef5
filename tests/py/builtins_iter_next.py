# iter() and next(): iterators of each built-in container, exhaustion, default values, iter(callable, sentinel).
for container in ([1, 2], (3, 4), "ab", {"k": 1, "j": 2}, {7}, range(2), b"hi", {"x": 0}.items()):
    it = iter(container)
    print(type(it).__name__, next(it), list(it), next(it, "exhausted"))
it = iter([1])
print(iter(it) is it)
values = [3, 2, 1, 0, 9]
print(list(iter(lambda: values.pop(0), 0)))
try:
    iter(5)
except TypeError as e:
    print("TypeError:", e)
try:
    next([1])
except TypeError as e:
    print("TypeError:", e)
