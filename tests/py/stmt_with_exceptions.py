# with and exceptions: an exception in __exit__ replaces the body's, a failing __enter__ skips body and __exit__,
# nested managers unwind in reverse order.
class Manager:
    def __init__(self, name, fail_enter=False, fail_exit=False, suppress=False):
        self.name, self.fail_enter, self.fail_exit, self.suppress = name, fail_enter, fail_exit, suppress

    def __enter__(self):
        if self.fail_enter:
            raise ValueError("enter of " + self.name)
        print("enter", self.name)
        return self

    def __exit__(self, kind, value, tb):
        print("exit", self.name, "with", kind.__name__ if kind else None)
        if self.fail_exit:
            raise KeyError("exit of " + self.name)
        return self.suppress


try:
    with Manager("a", fail_exit=True):
        raise IndexError("body")
except KeyError as e:
    print("caught", repr(e), "context:", repr(e.__context__))
try:
    with Manager("b", fail_enter=True):
        print("body never runs")
except ValueError as e:
    print("caught", repr(e))
with Manager("outer"), Manager("middle", suppress=True), Manager("inner"):
    raise RuntimeError("suppressed by middle")
print("after the nested with")
try:
    with Manager("returns-none"):
        raise TypeError("not suppressed")
except TypeError as e:
    print("caught", repr(e))
