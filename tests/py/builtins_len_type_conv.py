# len() of every sized built-in and constructors list/tuple/dict/set/str/int/float/bool from other types.
print(len("abc"), len([1]), len(()), len({"a": 1}), len({1, 2}), len(range(10)), len(b"xy"), len(frozenset()))
print(list((1, 2)), list({"a": 1}), list("hi"), tuple([1]), tuple({3: 0}), set("aa"), dict([(1, 2)]))
print(str(5), str(2.0), int("7"), int(7.9), float("2"), float(3), bool(5), bool(""))
print(list(map(int, "123")), tuple(x for x in range(3)), sorted(set([3, 1, 3])))
try:
    len(iter([]))
except TypeError as e:
    print("TypeError:", e)
