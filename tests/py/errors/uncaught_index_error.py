# IndexError from a list index one past the end, inside a loop.
values = [10, 20, 30]
for i in range(4):
    print(i, values[i])
