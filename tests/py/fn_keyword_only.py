# Keyword-only parameters (after * or *args) and positional-only parameters (before /).
def connect(host, *, port=80, secure=False):
    return "%s:%d%s" % (host, port, " (tls)" if secure else "")


print(connect("a"))
print(connect("b", port=443, secure=True))
try:
    connect("c", 8080)
except TypeError as e:
    print("TypeError:", e)


def power(base, exp, /, mod=None):
    return pow(base, exp, mod)


print(power(2, 10))
print(power(2, 10, mod=1000))
try:
    power(base=2, exp=3)
except TypeError as e:
    print("TypeError:", e)


def needs_kw(*, required):
    return required


try:
    needs_kw()
except TypeError as e:
    print("TypeError:", e)
print(needs_kw(required="ok"))
