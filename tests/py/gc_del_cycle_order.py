# __del__ of objects in an unreachable cycle: every finalizer runs once during gc.collect(), then the cycle is freed.
import gc

gc.disable()
gc.collect()
log = []


class Member:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        log.append(self.name)


a, b, c = Member("a"), Member("b"), Member("c")
a.next, b.next, c.next = b, c, a
del a, b, c
print("before collect:", log)
n = gc.collect()
print("collected:", n)
print("finalizers ran:", sorted(log), len(log))
print("in order:", log)
log.clear()
print("nothing more:", gc.collect(), log)
gc.enable()
