# with: __enter__'s result bound by as, __exit__ sees the exception and may suppress it by returning True.
class Tag:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress

    def __enter__(self):
        print("<" + self.name + ">")
        return self.name.upper()

    def __exit__(self, kind, value, tb):
        print("</" + self.name + ">", kind.__name__ if kind else None, value)
        return self.suppress


with Tag("a") as t:
    print("inside", t)
with Tag("outer"), Tag("inner") as inner:
    print("nested", inner)
with Tag("quiet", suppress=True):
    raise ValueError("swallowed")
print("after suppressed")
try:
    with Tag("loud"):
        raise KeyError("escapes")
except KeyError as e:
    print("caught", repr(e))


def early():
    with Tag("fn"):
        return "returned"


print(early())
for i in range(2):
    with Tag("loop%d" % i):
        continue
