# Calling a function with a missing argument: TypeError naming the function and the parameter.
def move(x, y, speed):
    return x + speed, y + speed


print(move(1, 2, 3))
print(move(1, 2))
