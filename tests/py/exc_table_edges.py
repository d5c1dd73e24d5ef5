# Exception-table edge cases: return/break/continue through nested with and finally, handlers inside loops, and stack depth after them.
class Ctx:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else None)
        return False


def ret_through_everything():
    for i in range(3):
        with Ctx("outer"):
            try:
                with Ctx("inner"):
                    if i == 1:
                        return "returned at %d" % i
            finally:
                print("finally", i)
    return "not reached"


print(ret_through_everything())


def break_in_finally_loop():
    out = []
    for i in range(5):
        try:
            try:
                if i == 3:
                    raise ValueError(i)
                out.append(i)
            finally:
                if i == 4:
                    break
        except ValueError as e:
            out.append("caught %s" % e)
            continue
    return out


print(break_in_finally_loop())


def many_handlers(n):
    total = 0
    for i in range(n):
        try:
            if i % 3 == 0:
                raise KeyError(i)
            if i % 3 == 1:
                raise IndexError(i)
            total += 100
        except KeyError:
            total += 1
        except IndexError:
            total += 10
        else:
            total += 1000
        finally:
            total += 10000
    return total


print(many_handlers(10))


def deep(n):
    try:
        if n == 0:
            raise RuntimeError("bottom")
        return deep(n - 1)
    finally:
        pass


try:
    deep(50)
except RuntimeError as e:
    print("propagated through 50 finally blocks:", e)
print([x for x in range(3)], sum(i for i in range(10)))   # the value stack is intact afterwards
