# ZeroDivisionError from inside a generator consumed by a list comprehension.
def ratios(values):
    for v in values:
        yield 100 // v


print(list(ratios([1, 2, 5])))
print(list(ratios([4, 0, 1])))
