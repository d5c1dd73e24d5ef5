# Subclassing built-in types: list, dict, int, str and Exception subclasses keep the base behaviour and add their own.
class Stack(list):
    def push(self, item):
        self.append(item)

    def peek(self):
        return self[-1]


s = Stack([1, 2])
s.push(3)
print(s, s.peek(), len(s), isinstance(s, list), type(s).__name__, s + [4], type(s + [4]).__name__)


class DefaultDict(dict):
    def __missing__(self, key):
        self[key] = value = len(key)
        return value


d = DefaultDict(a=1)
print(d["a"], d["four"], d, d.get("zz"), isinstance(d, dict))


class Meters(int):
    def __repr__(self):
        return "%dm" % int(self)


m = Meters(5)
print(m, repr(m), m + 1, type(m + 1).__name__, m == 5, Meters(2) < m)


class Name(str):
    def shout(self):
        return self.upper() + "!"


n = Name("ada")
print(n, n.shout(), n + "x", type(n + "x").__name__, n == "ada", {n: 1}["ada"], len(n))


class HttpError(Exception):
    def __init__(self, code):
        super().__init__("HTTP %d" % code)
        self.code = code


try:
    raise HttpError(404)
except Exception as e:
    print(type(e).__name__, e, e.code, e.args)
