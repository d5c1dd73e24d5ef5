# *args collects extra positional arguments into a tuple; * in a call spreads any iterable.
def total(*numbers):
    print(type(numbers).__name__, numbers)
    return sum(numbers)


print(total())
print(total(1))
print(total(1, 2, 3))
print(total(*[4, 5], 6, *range(2)))


def head_tail(first, *rest):
    return first, rest


print(head_tail(1, 2, 3))
print(head_tail(*"abc"))
print(max(*[3, 9, 2]))
