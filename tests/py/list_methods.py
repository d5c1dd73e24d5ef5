# list methods: append, extend, insert, pop, remove, index, count, reverse, copy, clear, and their errors.
a = [3, 1, 2]
a.append(4)
a.extend([5, 6])
a.extend(range(2))
a.insert(0, "first")
a.insert(100, "last")
a.insert(-1, "before last")
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(2), a.count(0), a.index(5, 2))
b = a.copy()
a.reverse()
print(a, b, a is b)
b.clear()
print(b, len(b))
try:
    a.remove("absent")
except ValueError as e:
    print("ValueError:", e)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
print([1, 2] + [3], [0] * 4, [[]] * 2, list("abc"), list(range(3)), list())
