# demo: reference counts, the first half of Python's memory management; run it and read along.
# sys.getrefcount(x) is one more than the references the program holds, because passing x to
# getrefcount takes a reference for the duration of the call.
import sys


class Thing:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("    (%s freed: its count reached zero)" % self.name)


def show(label, obj):
    # inside show there are two more references: the parameter and getrefcount's argument
    print("%-40s refcount %d" % (label, sys.getrefcount(obj) - 2))


print("1. Each name, list slot and attribute that refers to an object is one reference.")
a = Thing("a")
show("a = Thing('a')", a)
b = a
show("b = a", a)
items = [a, a]
show("items = [a, a]", a)
holder = Thing("holder")
holder.attr = a
show("holder.attr = a", a)

print("2. Dropping references lowers the count; at zero the object is freed at once.")
del b
show("del b", a)
items.clear()
show("items.clear()", a)
del holder
show("del holder (frees holder, drops .attr)", a)
del a
print("    the last reference went with `del a`")

print("3. A function's locals are references too, dropped when it returns.")


def make_and_drop():
    local = Thing("local")
    show("inside the function", local)
    print("    returning...")


make_and_drop()
print("    ...returned")

print("4. A container's items are freed with it (last item first, for a list).")
group = [Thing("first"), Thing("second"), Thing("third")]
del group
print("Done: reference counting frees everything that is not part of a cycle, immediately.")
