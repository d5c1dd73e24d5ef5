# range: start/stop/step, negative steps, len, indexing and slicing (a range again), in, equality and reversed.
for r in (range(5), range(2, 8), range(0, 10, 3), range(10, 0, -2), range(5, 5), range(0, -5, -1)):
    print(r, list(r), len(r))
r = range(0, 100, 7)
print(r[3], r[-1], r[2:5], r[::-1], 21 in r, 22 in r, r.index(28), r.count(7))
print(range(0) == range(5, 5), range(3) == range(0, 3, 1), list(reversed(range(4))))
print(range(10 ** 20)[-1], range(0, 10 ** 20, 3)[-1], 10 ** 19 in range(10 ** 20))
try:
    range(1, 2, 0)
except ValueError as e:
    print("ValueError:", e)
print(r.start, r.stop, r.step)
