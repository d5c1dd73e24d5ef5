# weakref.finalize: runs its function with the given arguments when the object dies, once; alive; detach; at exit.
import weakref


class Session:
    pass


def close(name, how="normally"):
    print("closing", name, how)
    return name + " closed"


s = Session()
f = weakref.finalize(s, close, "s1", how="by death")
print(f.alive)
del s
print(f.alive)
t = Session()
g = weakref.finalize(t, close, "s2")
print(g(), g(), g.alive)
u = Session()
h = weakref.finalize(u, close, "s3")
print(h.detach()[2:], h.alive)
del u
keep = Session()
weakref.finalize(keep, close, "at exit")
print("end of program")
