# __del__ runs the moment the last reference goes: on del, on rebinding, at the end of a function, when a container drops it.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  __del__", self.name)


print("del of the only name:")
a = Noisy("a")
del a
print("rebinding:")
b = Noisy("b1")
b = Noisy("b2")
print("second name keeps it alive:")
c = Noisy("c")
alias = c
del c
print("  still alive:", alias.name)
del alias
print("function locals at return:")


def scope():
    local = Noisy("local")
    print("  returning")


scope()
print("a list item replaced:")
items = [Noisy("item0"), Noisy("item1")]
items[0] = None
print("a temporary:")
Noisy("temporary").name
print("end of program")
del b, items
