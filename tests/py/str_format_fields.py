# str.format field names: attributes and items of arguments, auto and manual numbering, format_spec from arguments, and errors.
class P:
    x, y = 3, 4


print("{0.x},{0.y} {1[0]}{1[1]} {2[key]}".format(P(), "ab", {"key": "v"}))
print("{} {}".format("a", "b"), "{1} {0} {1}".format("a", "b"))
print("{:{fill}{align}{width}}|".format("z", fill="-", align=">", width=5))
print("{0:>{1}}|{0:<{1}}|".format("ab", 4))
print("{!r:>8}|{!s:<4}|".format("q", 1))
print("{:+.2e} {:08.3f} {:x}".format(-12345.678, -3.14159, 3054))
for bad in ("{} {1}", "{0", "{z}"):
    try:
        bad.format(1, 2)
    except (ValueError, KeyError, IndexError) as e:
        print(type(e).__name__ + ":", e)
print("%5.1f%% done, %-6s|%3d|" % (99.5, "ok", 7))
print("%s" % (1, ), "%s %s" % ("a", (1, 2)), "%r" % ((1, 2),))
try:
    print("%d" % "x")
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s %s" % ("only one",))
except TypeError as e:
    print("TypeError:", e)
