# getattr/setattr/hasattr/delattr with names built at run time, defaults, and on classes and modules.
import math


class Config:
    debug = False


c = Config()
for name, value in [("host", "localhost"), ("port", 8080)]:
    setattr(c, name, value)
print(getattr(c, "host"), getattr(c, "port"), getattr(c, "debug"), getattr(c, "missing", None))
print(hasattr(c, "host"), hasattr(c, "nope"), hasattr(Config, "debug"))
delattr(c, "host")
print(hasattr(c, "host"))
try:
    getattr(c, "host")
except AttributeError as e:
    print("AttributeError:", e)
try:
    delattr(c, "never")
except AttributeError as e:
    print("AttributeError:", e)
setattr(Config, "added", 1)
print(c.added, getattr(math, "floor")(2.5), getattr("abc", "upper")())
