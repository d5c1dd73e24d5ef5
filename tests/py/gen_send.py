# generator.send(): values sent in become the yield expression's value; the first send must be None.
def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            break
        total += value
    yield "done at %d" % total


acc = accumulator()
print(acc.send(None))
print(acc.send(5))
print(acc.send(10))
print(acc.send(None))
try:
    accumulator().send(1)
except TypeError as e:
    print("TypeError:", e)


def echo():
    received = []
    while len(received) < 3:
        received.append((yield len(received)))
    return received


e = echo()
next(e)
e.send("a")
e.send("b")
try:
    e.send("c")
except StopIteration as stop:
    print("returned", stop.value)
