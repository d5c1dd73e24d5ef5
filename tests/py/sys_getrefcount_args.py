# sys.getrefcount of arguments: a fresh object passed in has only the parameter; a global passed in has the global too.
import sys


def count_param(obj):
    return sys.getrefcount(obj)


def count_two(a, b):
    return sys.getrefcount(a), sys.getrefcount(b)


def count_star(*args):
    return sys.getrefcount(args[0])


print("fresh object:", count_param(object()))
shared = object()
print("global object:", count_param(shared))
print("module level:", sys.getrefcount(shared))
print("same object twice:", count_two(shared, shared))
print("through *args:", count_star(object()))
holder = [shared]
print("global also in a list:", count_param(shared))


class Thing:
    def method(self):
        return sys.getrefcount(self)


t = Thing()
print("self of a method:", t.method())
print("self of a fresh instance:", Thing().method())
