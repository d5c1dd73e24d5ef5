# str methods programs use: split/rsplit/join, strip family, replace, find/index/count, case, partition, startswith.
s = "  Hello, World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")))
print("a,b,,c".split(","), "a b  c".split(), "a,b,c".split(",", 1), "a,b,c".rsplit(",", 1))
print("line1\nline2\r\nline3".splitlines(), "".split(","), " ".split())
print("-".join(["x", "y", "z"]), "".join([]), ", ".join("abc"))
print("banana".replace("a", "o"), "banana".replace("a", "o", 2), "banana".count("an"), "banana".count("a"))
print("banana".find("na"), "banana".rfind("na"), "banana".find("x"), "banana".index("n"), "banana".rindex("a"))
print("hello".upper(), "HeLLo".lower(), "hello world".title(), "hello".capitalize(), "HeLLo".swapcase())
print("key=value=x".partition("="), "key=value=x".rpartition("="), "none".partition("="))
print("hello".startswith("he"), "hello".endswith("lo"), "hello".startswith(("x", "h")), "hello".endswith("l", 0, 4))
print("42".zfill(5), "-42".zfill(5), "ab".center(6, "*"), "ab".ljust(4, "."), "ab".rjust(4))
print("a\tb".expandtabs(4), "Hello".casefold(), "x".join("12"))
print("prefix_name".removeprefix("prefix_"), "name.py".removesuffix(".py"))
