# KeyError's str is the key's repr; AttributeError names the type and the attribute.
try:
    {}["key"]
except KeyError as e:
    print(str(e), repr(e), e.args)
try:
    {}[(1, 2)]
except KeyError as e:
    print(str(e))


class Thing:
    pass


try:
    Thing().color
except AttributeError as e:
    print(e)
try:
    (5).imag = 1
except AttributeError as e:
    print(type(e).__name__)
try:
    "s".nope
except AttributeError as e:
    print(e)
