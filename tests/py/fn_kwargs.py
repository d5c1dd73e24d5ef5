# **kwargs collects extra keyword arguments into a dict in call order; ** in a call spreads a mapping.
def show(**options):
    print(type(options).__name__, options)


show()
show(a=1, b=2)
show(**{"z": 26, "y": 25}, x=24)


def everything(a, b=2, *args, c, d=4, **kwargs):
    print(a, b, args, c, d, kwargs)


everything(1, c=3)
everything(1, 2, 3, 4, c=5, e=6, f=7)
everything(*(9, 8), **{"c": 7, "zz": 0})
try:
    show(**{"a": 1}, a=2)
except TypeError as e:
    print("TypeError:", e)
