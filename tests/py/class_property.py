# @property: computed attributes, setters that validate, deleters, and read-only properties raising AttributeError.
class Temperature:
    def __init__(self, celsius):
        self._celsius = celsius

    @property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._celsius = value

    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._celsius

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32


t = Temperature(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 1
except AttributeError:
    print("AttributeError: fahrenheit is read-only")
del t.celsius
print(hasattr(t, "_celsius"))
print(type(Temperature.celsius).__name__)


class Lazy:
    calls = 0

    @property
    def value(self):
        Lazy.calls += 1
        return 42


z = Lazy()
print(z.value, z.value, Lazy.calls)
