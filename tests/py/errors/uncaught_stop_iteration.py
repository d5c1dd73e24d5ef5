# next() of an exhausted iterator at module level: an uncaught StopIteration (its last line is just "StopIteration").
it = iter([1])
print(next(it))
print(next(it))
