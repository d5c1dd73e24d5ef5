# Attribute hooks: __getattr__ only for missing attributes, __setattr__ for every assignment, and getattr defaults.
class Record:
    def __init__(self, **fields):
        object.__setattr__(self, "fields", fields)

    def __getattr__(self, name):
        if name in self.fields:
            return self.fields[name]
        raise AttributeError("Record has no field " + repr(name))

    def __setattr__(self, name, value):
        print("set", name, value)
        self.fields[name] = value


r = Record(a=1)
print(r.a)
r.b = 2
print(r.b, r.fields)
print(getattr(r, "c", "missing default"))
try:
    r.c
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(r, "a"), hasattr(r, "zzz"))
