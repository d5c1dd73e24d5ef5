# The iterator protocol: __iter__ returning self, __next__ raising StopIteration, used by for, list and zip.
class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


print(list(Countdown(5)))
for n in Countdown(3):
    print("tick", n)


class Deck:
    def __init__(self, cards):
        self.cards = cards

    def __iter__(self):                # a fresh iterator each time, here a generator
        for c in self.cards:
            yield c


d = Deck(["a", "b"])
print(list(d), list(d))
print(list(zip(Countdown(3), Deck("xyz"))))
it = iter(Countdown(2))
print(next(it), next(it), next(it, "end"))
