# Rich comparisons: __lt__ drives sorted(), min() and max(); reflected comparisons; NotImplemented gives TypeError.
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __lt__(self, other):
        return self.parts < other.parts

    def __le__(self, other):
        return self.parts <= other.parts

    def __eq__(self, other):
        return self.parts == other.parts

    def __repr__(self):
        return ".".join(str(p) for p in self.parts)


vs = [Version(t) for t in ["1.10", "1.2", "1.2.1", "0.9", "1.2"]]
print(sorted(vs))
print(min(vs), max(vs))
print(Version("2.0") > Version("1.9"), Version("1.0") >= Version("1.0"))


class Unordered:
    pass


try:
    Unordered() < Unordered()
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([Version("1"), 3])
except TypeError as e:
    print("TypeError:", e)
