# weakref callbacks: called with the dead weakref when the object dies, not at all if the weakref died first.
import weakref


class Res:
    pass


events = []


def gone(ref):
    events.append(("gone", ref() is None, ref is kept))


obj = Res()
kept = weakref.ref(obj, gone)
print(events)
del obj
print(events)
obj2 = Res()
dropped = weakref.ref(obj2, lambda ref: events.append("never"))
del dropped
del obj2
print(events)


obj3 = Res()
r3 = weakref.ref(obj3, lambda ref: events.append("after the first"))
print("surviving")
del obj3
print(events[-1])
