# global: a function reading and rebinding module variables, creating one, and a counter kept at module level.
total = 0


def add(n):
    global total
    total += n


def create():
    global created
    created = "made inside a function"


for i in range(5):
    add(i)
print(total)
create()
print(created)
print(total + 1)
