# Comprehension scope: a comprehension is a function of its own; its first iterable is evaluated outside it.
class Config:
    names = ["a", "b"]
    upper = [n.upper() for n in names]     # the first iterable sees the class scope


print(Config.upper)


def closures():
    fns = [lambda: k for k in range(3)]
    return [f() for f in fns]


print(closures())
n = 10
print([n + i for i in range(3)])
print([[j for j in range(i)] for i in range(4)])
