# Generators: yield suspends, next resumes, StopIteration at the end, and each call makes a new generator.
def count_up(n):
    print("start")
    i = 0
    while i < n:
        yield i
        i += 1
    print("end")


g = count_up(3)
print(type(g).__name__)
print(next(g))
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration:
    print("StopIteration")
print(list(count_up(4)))
print(next(count_up(1)), next(count_up(1)))
print(next(iter([])) if False else next(count_up(0), "default"))
