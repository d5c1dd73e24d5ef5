# Recursive functions: factorial with big ints, Fibonacci, mutual recursion, and a deep but legal depth.
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print(fact(10), fact(30))
print([fib(i) for i in range(15)])
print(is_even(10), is_odd(7), is_even(7))


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


print(depth(500))
