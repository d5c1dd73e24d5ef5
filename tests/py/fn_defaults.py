# Default argument values: evaluated once at definition, shared mutable defaults, overriding by position and keyword.
def greet(name, greeting="hello", punct="!"):
    return greeting + ", " + name + punct


print(greet("ann"))
print(greet("bob", "hi"))
print(greet("cy", punct="?"))
print(greet(greeting="yo", name="di"))


def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket


print(append_to(1))
print(append_to(2))          # the same list: defaults are evaluated once
print(append_to(3, []))


def fresh(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket


print(fresh(1), fresh(2))

counter = 10


def snapshot(value=counter):
    return value


counter = 20
print(snapshot())            # 10: the default was taken when def ran
print(greet.__defaults__)
print(snapshot.__defaults__)
