# Bound methods: obtained from an instance they carry __self__ and __func__; each access makes a new, equal one.
class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self, other):
        return self.name + " greets " + other


g = Greeter("ann")
m = g.greet
print(m("bob"), type(m).__name__)
print(m.__self__ is g, m.__func__ is Greeter.greet, m.__name__)
print(g.greet == g.greet, g.greet is g.greet)
print(Greeter.greet(g, "cy"))
calls = [Greeter(n).greet for n in "xyz"]
print([c("w") for c in calls])
