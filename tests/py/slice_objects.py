# slice objects: start/stop/step, indices(), used in [] directly, and passed to a custom __getitem__.
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None, 3))
print(s.indices(6), slice(None, None, -1).indices(5), slice(-3, None).indices(10))
data = list(range(12))
print(data[s], data[slice(None, None, -4)], "abcdef"[slice(1, None)])


class Show:
    def __getitem__(self, key):
        return key


print(Show()[1:2], Show()[::3], Show()[1:2, 3], Show()[...])
