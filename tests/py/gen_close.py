# generator.close(): GeneratorExit at the paused yield runs finally blocks; yielding then is a RuntimeError.
def worker():
    try:
        yield 1
        yield 2
    finally:
        print("worker cleanup")


w = worker()
print(next(w))
w.close()
print("closed")
w.close()                      # closing twice is harmless
print(list(w))


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield "refuse"


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)


def never_started():
    print("never printed")
    yield


never_started().close()
print("unstarted close ok")
