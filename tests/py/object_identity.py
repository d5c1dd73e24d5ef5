# Identity: is compares objects, == compares values; id() is stable for an object's life and differs between live objects.
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, id(a) == id(b), id(a) == id(c))
print(None is None, type(a) is list, type(a) is type(c))
x = object()
print(id(x) == id(x), isinstance(id(x), int), x == x, x != object())
items = [object() for _ in range(5)]
print(len({id(o) for o in items}))
