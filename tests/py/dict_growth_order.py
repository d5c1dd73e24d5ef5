# A dict keeps insertion order through growth and deletions; re-inserting a deleted key puts it last.
d = {}
for i in range(1000):
    d[i * 7 % 1009] = i
print(len(d), list(d)[:10], list(d)[-3:])
for i in range(0, 1000, 2):
    del d[i * 7 % 1009]
print(len(d), list(d)[:5])
d[0] = "back"
print(list(d)[-1], d[0])
s = {}
for word in "one two three two one four".split():
    s[word] = s.get(word, 0) + 1
print(s)
