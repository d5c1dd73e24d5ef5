# any and all: empty iterables, short-circuiting on generators, truthiness of the items.
print(any([]), all([]), any([0, "", None]), all([1, "a", [0]]), any([0, 1]), all([1, 0]))
seen = []


def note(x):
    seen.append(x)
    return x


print(any(note(x) for x in [0, 3, 5]), seen)
seen.clear()
print(all(note(x) for x in [1, 0, 2]), seen)
print(any(c.isdigit() for c in "ab3"), all(c.isalpha() for c in "abc"))
