# list.sort and sorted: stability with equal keys, key functions, reverse keeping stability, sorting tuples.
people = [("bob", 25), ("ann", 30), ("cy", 25), ("di", 30), ("ed", 20), ("fay", 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people))
words = "the quick brown fox jumps over the lazy dog".split()
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
nums = [5, -3, 2, -8, 0, 7, -1]
nums.sort(key=abs)
print(nums, sorted(nums, reverse=True))
big = [(i * 7919) % 101 for i in range(300)]
s = sorted(big)
print(s[:10], s[-5:], all(s[i] <= s[i + 1] for i in range(len(s) - 1)))
pairs = [(i % 3, i) for i in range(15)]
print(sorted(pairs, key=lambda p: p[0]))
print(sorted([3.5, 1, 2.25, -1, True]), sorted("hello"))
print(sorted([], reverse=True), sorted({3: "a", 1: "b"}))
