# Infinite recursion ends in an uncaught RecursionError (status 1), not a crash; output before it survives.
def forever(n):
    return forever(n + 1) + 1


print("recursing")
forever(0)
