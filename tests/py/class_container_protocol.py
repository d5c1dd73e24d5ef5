# The container protocol: __len__, __getitem__ (with slices), __setitem__, __delitem__ and __contains__.
class Grid:
    def __init__(self, width, height):
        self.width = width
        self.cells = [0] * (width * height)

    def __len__(self):
        return len(self.cells)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.cells[key]
        x, y = key
        return self.cells[y * self.width + x]

    def __setitem__(self, key, value):
        x, y = key
        self.cells[y * self.width + x] = value

    def __delitem__(self, key):
        self[key] = 0

    def __contains__(self, value):
        return value in self.cells


g = Grid(3, 2)
g[1, 1] = 5
g[2, 0] = 7
print(len(g), g[1, 1], g[0, 0], g[:4])
print(5 in g, 9 in g)
del g[1, 1]
print(g.cells, 5 in g)


class Squares:
    def __getitem__(self, i):          # iteration falls back to __getitem__ until IndexError
        if i >= 5:
            raise IndexError(i)
        return i * i


print(list(Squares()), 9 in Squares())
