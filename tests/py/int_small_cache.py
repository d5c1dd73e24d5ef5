# Small ints -5..256 are shared objects in CPython; larger ones made at run time are new objects each time.
def make(text):
    return int(text)


print(make("256") is make("256"), make("-5") is make("-5"))
print(make("257") is make("257"), make("-6") is make("-6"))
zero, hundred = 0, 100
print(make("0") is zero, make("100") is hundred)
a = 200
b = 100 + 100
print(a is b)
print([make(str(i)) is make(str(i)) for i in (-6, -5, 0, 255, 256, 257)])
