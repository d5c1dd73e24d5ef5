# str operators: + * in, comparisons by code point, str() of objects, and iteration.
print("ab" + "cd", "ab" * 3, 3 * "x", "" * 5, "ab" * 0, "ab" * -1)
print("b" in "abc", "bc" in "abc", "" in "abc", "d" not in "abc")
print("apple" < "banana", "Zebra" < "apple", "abc" < "abd", "ab" < "abc", "a" == "a", "a" != "b")
print(sorted(["pear", "Apple", "apple", "fig", "Fig"]), max("hello"), min("hello"))
print([c for c in "hey"], list(reversed("abc")), "".join(reversed("stressed")))
print(str(123), str(1.5), str([1, "a"]), str(None), str(b"x"))
try:
    "a" < 1
except TypeError as e:
    print("TypeError:", e)
