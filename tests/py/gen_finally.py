# A generator dropped while suspended is closed: its finally block runs when its last reference goes.
def resource(name):
    print("open", name)
    try:
        yield name
        yield name + " again"
    finally:
        print("close", name)


r = resource("a")
print(next(r))
del r
print("after del")
for value in resource("b"):
    print("got", value)
    break
print("after break")
print(list(resource("c")))
