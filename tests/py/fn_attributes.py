# Function objects: __name__, __qualname__, __doc__, __defaults__, __kwdefaults__, __code__ fields, custom attributes.
def documented(a, b=2, *, c=3):
    """Adds things."""
    return a + b + c


class Holder:
    def method(self):
        def nested():
            pass
        return nested


print(documented.__name__, documented.__qualname__)
print(documented.__doc__)
print(documented.__defaults__, documented.__kwdefaults__)
print(documented.__code__.co_argcount, documented.__code__.co_kwonlyargcount)
print(documented.__code__.co_varnames)
print(Holder.method.__qualname__, Holder().method().__qualname__)
documented.extra = "attribute"
print(documented.extra, documented.__dict__)
print(callable(documented), type(documented).__name__)
print(documented.__module__)
