# __call__ makes instances callable; __bool__ and __len__ decide truth; callable() sees __call__.
class Multiplier:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor


class Empty:
    def __len__(self):
        return 0


class Falsy:
    def __bool__(self):
        return False


triple = Multiplier(3)
print(triple(4), list(map(triple, [1, 2])), callable(triple), callable(3))
print(bool(Empty()), bool(Falsy()), bool(Multiplier(1)))
print("yes" if Empty() else "no", not Falsy())
