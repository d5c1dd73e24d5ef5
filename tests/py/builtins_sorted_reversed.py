# sorted() of any iterable with key and reverse, and reversed() of sequences, ranges and classes with __reversed__.
print(sorted((3, 1, 2)), sorted("cab"), sorted({"b": 1, "a": 2}), sorted(range(5), reverse=True))
print(sorted(["Bb", "a", "C"], key=str.lower), sorted([(1, "b"), (1, "a"), (0, "z")]))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(3))), list(reversed((1, 2))))


class Countdown:
    def __reversed__(self):
        return iter([1, 2, 3])


print(list(reversed(Countdown())), type(reversed([])).__name__)
try:
    reversed({1, 2})
except TypeError as e:
    print("TypeError:", e)
print(sorted([1, 2, 3], key=lambda x: -x), sorted([]))
