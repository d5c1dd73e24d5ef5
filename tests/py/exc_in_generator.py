# Exceptions and generators: one raised in a generator reaches the consumer and finishes the generator; StopIteration inside becomes RuntimeError.
def faulty():
    yield 1
    raise ValueError("inside generator")


g = faulty()
print(next(g))
try:
    next(g)
except ValueError as e:
    print("consumer caught", e)
print(next(g, "finished"))


def leaks_stop():
    yield 1
    raise StopIteration("leaked")


try:
    list(leaks_stop())
except RuntimeError as e:
    print("RuntimeError:", e, "| cause:", type(e.__cause__).__name__)
