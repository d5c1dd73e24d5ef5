# yield from: delegation to a subgenerator, its return value, and send() passing through to it.
def inner():
    got = yield "inner first"
    print("inner got", got)
    yield "inner second"
    return "inner result"


def outer():
    result = yield from inner()
    print("outer got", result)
    yield from range(2)
    yield from ["x", "y"]


o = outer()
print(next(o))
print(o.send("hello"))
print(list(o))


def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item


print(list(flatten([1, [2, [3, [4]], 5], [[6]]])))
