# A class is part of cycles (its __mro__ holds it): a class nobody uses any more is freed by the collector.
import gc
import weakref

gc.disable()
gc.collect()


def make_class():
    class Temporary:
        def method(self):
            return "method"
    return Temporary


cls = make_class()
print(cls().method(), cls.__mro__[0] is cls)
r = weakref.ref(cls)
del cls
print("class alive until a collection:", r() is not None)
print("collect found its objects:", gc.collect() > 0)
print("class freed:", r() is None)


class Base:
    pass


sub = type("Sub", (Base,), {})
print([c.__name__ for c in Base.__subclasses__()])
del sub
gc.collect()
print("after the subclass is collected:", [c.__name__ for c in Base.__subclasses__()])
gc.enable()
