# Instance creation: __new__ runs before __init__, __init__ must return None, and object() takes no arguments.
class Tracked:
    created = []

    def __new__(cls, *args):
        print("__new__", cls.__name__, args)
        instance = super().__new__(cls)
        Tracked.created.append(cls.__name__)
        return instance

    def __init__(self, value):
        print("__init__", value)
        self.value = value


t = Tracked(5)
print(t.value, Tracked.created)


class Bad:
    def __init__(self):
        return 1


try:
    Bad()
except TypeError as e:
    print("TypeError:", e)
try:
    object(1)
except TypeError as e:
    print("TypeError:", e)
print(type(object()).__name__)
