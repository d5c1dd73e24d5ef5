# print(file=obj) calls obj.write once per piece (each argument, separator and end) and obj.flush() when flush=True.
class Recorder:
    def __init__(self):
        self.calls = []

    def write(self, text):
        self.calls.append(text)
        return len(text)

    def flush(self):
        self.calls.append("<flush>")


r = Recorder()
print("a", 1, None, file=r)
print(file=r)
print("x", "y", sep="--", end="!", file=r, flush=True)
print(r.calls)


class NoWrite:
    pass


try:
    print("lost", file=NoWrite())
except AttributeError as e:
    print("AttributeError:", e)
print("file=None means stdout", file=None)
try:
    print("x", sep=1)
except TypeError as e:
    print("TypeError:", e)
