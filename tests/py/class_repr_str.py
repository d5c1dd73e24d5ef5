# __repr__ and __str__: which one print, str(), repr(), f-strings and containers use.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __repr__(self):
        return "Money(%d)" % self.cents

    def __str__(self):
        return "$%d.%02d" % (self.cents // 100, self.cents % 100)


class OnlyRepr:
    def __repr__(self):
        return "<OnlyRepr>"


m = Money(1234)
print(m)
print(str(m), repr(m))
print([m, Money(5)])
print(f"{m} {m!r}")
print("%s %r" % (m, m))
print(OnlyRepr(), str(OnlyRepr()), [OnlyRepr()])
print((m,), {"k": m})
